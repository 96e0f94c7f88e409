"""Relation cues and the status their sentence gives them: which words of a sentence state a standing tie
(data/relations.toml: lemmas, phrases, the objects and modifiers that complete them) and whether the tie is
active, suspended, ended or planned. "No longer", "former" end a tie; "formally … but … does not consider
itself a member" suspends it; "refuses to join", "replacing Russian border guards" take it away; "talks",
"will join" put it ahead; a hypothetical or negated statement states nothing. Who the tie is between is read
in dyad.extract.relations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from dyad.data_files import data_toml
from dyad.extract.events import load_event_rules, modality_of
from dyad.extract.mention_index import MentionIndex
from dyad.extract.tokens import ArticleTokens
from dyad.knowledge.base import KnowledgeBase

_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)?$")
_FINITE_TAGS = {"VBZ", "VBP", "VBD", "MD"}
_MAX_CHAIN = 6


@dataclass(frozen=True, slots=True)
class RelationCue:
    lemmas: frozenset[str]
    phrases: tuple[str, ...]
    objects: frozenset[str]
    modifiers: frozenset[str]
    numbered: bool
    strict: bool  # both parties from the parse, never the nearest in the sentence ("the format includes …")
    intransitive: bool  # a verb cue with no object of its own: "withdrew from ECOWAS", not "withdraw inspectors"
    singular: bool  # "an observer", "observer status": not "a mission of observers"
    type: str
    status: str
    pairing: str  # bloc | pair | presence


@dataclass(frozen=True, slots=True)
class StatusWords:
    ended_phrases: tuple[str, ...]
    ended_modifiers: frozenset[str]
    formal: frozenset[str]
    contrast: frozenset[str]
    refusal: frozenset[str]
    comparison: frozenset[str]
    removal: frozenset[str]
    planned: frozenset[str]
    host_prepositions: frozenset[str]
    party_prepositions: frozenset[str]
    suspension: frozenset[str]
    unreal: frozenset[str]


@dataclass(frozen=True, slots=True)
class RelationContext:
    index: MentionIndex
    kb: KnowledgeBase
    parties: dict[str, str | None]
    words: StatusWords


@cache
def load_relation_cues() -> tuple[RelationCue, ...]:
    raw = _raw()
    return tuple(
        RelationCue(frozenset(c.get("lemmas", [])), tuple(c.get("phrases", [])), frozenset(c.get("objects", [])),
                    frozenset(c.get("modifiers", [])), bool(c.get("numbered", False)), bool(c.get("strict", False)),
                    bool(c.get("intransitive", False)), bool(c.get("singular", False)), c["type"], c["status"],
                    c["pairing"])
        for c in raw["cue"]
    )


@cache
def load_status_words() -> StatusWords:
    words = _raw()["status_words"]
    return StatusWords(tuple(words["ended_phrases"]), *(frozenset(words[key]) for key in (
        "ended_modifiers", "formal", "contrast", "refusal", "comparison", "removal", "planned", "host_prepositions",
        "party_prepositions", "suspension", "unreal")))


@cache
def symmetric_types() -> frozenset[str]:
    return frozenset(_raw()["symmetric_types"])


@cache
def _raw() -> dict:
    return data_toml("relations.toml")


def cues_in(sent: Span, index: MentionIndex) -> list[tuple[RelationCue, Token]]:
    """Every cue of the sentence, in the order of data/relations.toml; a word is taken by one cue only, and a
    membership cue inside another's phrase is part of it ('applying for membership', 'suspended its
    participation')."""
    found: list[tuple[RelationCue, Token]] = []
    taken: set[int] = set()
    tokens = ArticleTokens.of(sent.doc)
    text = tokens.span_text(sent).lower()
    # The words a cue may be, read once per sentence (not once per cue): not part of a name ("the EU observer
    # mission") nor a preposition ("including").
    lemmas, lowers, deps = tokens.lemmas, tokens.lowers, tokens.deps
    words = [(i, lemmas[i], lowers[i]) for i in range(sent.start, sent.end)
             if i not in index.actor_at_token and deps[i] != "prep"]
    vocabulary = {form for _, lemma, lower in words for form in (lemma, lower)}
    for cue in load_relation_cues():
        for phrase in cue.phrases:
            if phrase not in text:
                continue  # the phrase's pattern needs its words verbatim: no match to look for
            for match in _phrase_pattern(phrase).finditer(text):
                span = sent.doc.char_span(sent.start_char + match.start(), sent.start_char + match.end(),
                                          alignment_mode="expand")
                if span is None or any(t.i in taken for t in span):
                    continue
                taken.update(t.i for t in span)
                found.append((cue, phrase_head(span[-1])))
        if cue.lemmas.isdisjoint(vocabulary):
            continue
        for i, lemma, lower in words:
            if i in taken:
                continue  # a word already read
            if (lemma in cue.lemmas or lower in cue.lemmas) and _object_fits(token := sent.doc[i], cue) \
                    and _modifier_fits(token, cue):
                taken.add(i)
                found.append((cue, token))
    blocs = {token.i for cue, token in found if cue.pairing == "bloc"}
    return [(cue, token) for cue, token in found if cue.pairing != "bloc" or not _completes_cue(token, blocs)]


@cache
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(phrase))


def _completes_cue(token: Token, cue_tokens: set[int]) -> bool:
    """'applying for membership', 'suspended its participation': the cue is the object of another cue."""
    current = token
    for _ in range(_MAX_CHAIN):
        if current.dep_ not in ("pobj", "prep", "dobj", "compound", "xcomp", "pcomp") or current.head.i == current.i:
            return False
        current = current.head
        if current.i in cue_tokens:
            return True
    return False


def phrase_head(token: Token) -> Token:
    """'the Armenia-Azerbaijan border delimitation process': a phrase inside a compound stands for the whole
    noun, whose modifiers name the parties."""
    while token.dep_ == "compound" and token.head.pos_ == "NOUN" and token.head.i != token.i:
        token = token.head
    return token


def _object_fits(token: Token, cue: RelationCue) -> bool:
    if cue.singular and token.tag_ in ("NNS", "NNPS"):
        return False
    objects = [c for c in token.children if c.dep_ in ("dobj", "obj")] if token.pos_ == "VERB" else []
    if cue.intransitive and any(o.lower_ not in ("itself", "themselves") for o in objects):
        return False  # "will withdraw weapons inspectors from Iraq" takes people out, not a member
    if not cue.objects or token.pos_ != "VERB":
        return True
    return any(t.lower_ in cue.objects or t.lemma_.lower() in cue.objects for o in objects for t in o.subtree)


def _modifier_fits(token: Token, cue: RelationCue) -> bool:
    """'largest export and import partner', 'its 102nd base': a word before the cue in its own phrase."""
    if not cue.modifiers and not cue.numbered:
        return True
    before = [t for left in token.lefts for t in left.subtree] + [
        t for t in token.doc[max(token.i - 2, token.sent.start):token.i] if t.head.i == token.head.i != token.i]
    return any(t.lower_ in cue.modifiers for t in before) or (
        cue.numbered and any(_ORDINAL.match(t.lower_) for t in before))


def _chain(token: Token) -> list[Token]:
    """The cue and the words above it up to its clause's finite verb ('responsible for patrolling' → 'was')."""
    chain = [token]
    for ancestor in token.ancestors:
        if _finite(chain[-1]) or len(chain) > _MAX_CHAIN:
            break
        chain.append(ancestor)
    return chain


def _finite(token: Token) -> bool:
    return token.tag_ in _FINITE_TAGS or token.dep_ == "ROOT" or any(
        c.dep_ in ("aux", "auxpass") for c in token.children)


def status_of(cue: RelationCue, token: Token, sent: Span, context: RelationContext) -> str | None:
    """What the sentence says of the tie: the cue's own status, turned by the words around it; None when it
    states no tie (hypothetical, refused, negated). A tie named as the example something is compared with
    ('is unlike the mutual defence pacts of France with its partners') stands as stated."""
    words = context.words
    chain = _chain(token)
    near = [c for t in chain for c in t.children if c.dep_ in ("advmod", "amod", "neg", "npadvmod", "det", "aux")]
    near_text = " ".join(t.lower_ for c in near for t in c.subtree)
    near_words = {t.lower_ for c in near for t in c.subtree} | {t.lower_ for t in chain}
    ended = any(p in near_text for p in words.ended_phrases) or bool(
        (near_words | _said_of_the_same_subject(chain[-1])) & words.ended_modifiers)
    negated = any(c.dep_ == "neg" for t in chain for c in t.children) or any(
        c.dep_ == "det" and c.lower_ == "no" for c in token.children)
    lemmas = {t.lemma_.lower() for t in chain[1:]} | {t.lower_ for t in chain[1:]}
    if lemmas & words.comparison:
        return cue.status
    if ended:
        return "ended"
    if _formally_but(sent, words):
        return "suspended" if cue.type in ("member", "ally") else cue.status
    if negated or lemmas & words.refusal or _governed_by_refusal(chain, words) or _set_aside(token):
        return None
    if _framed_as_unreal(governing_verb(token), words):
        return None
    modality = modality_of(governing_verb(token), load_event_rules())
    if modality == "hypothetical" and not _presupposed(token, cue, context.index):
        return None  # "is willing to withdraw its troops" ends nothing yet
    if any(_removes(t, words) for t in chain[1:]):
        return "ended"
    if lemmas & words.suspension:  # "suspending EU accession talks": the bid is on hold
        return "suspended"
    if cue.status == "active" and (modality == "announced" or _put_ahead(token, words)):
        return "planned"
    return cue.status


def _put_ahead(token: Token, words: StatusWords) -> bool:
    """'partnership talks', 'on the trajectory of strategic partnership', 'plans to elevate relations to the
    level of a strategic partnership', 'pursuing a peace agreement': a word the cue completes puts the tie
    ahead; 'a greater distance from its traditional ally' does not."""
    current = token
    for _ in range(_MAX_CHAIN):
        head = current.head
        linked = current.dep_ in ("compound", "pobj", "dobj", "xcomp", "attr") or (
            current.dep_ == "prep" and current.lower_ in ("of", "to", "toward", "towards", "into"))
        if head.i == current.i or not linked:
            return False
        if head.lemma_.lower() in words.planned or head.lower_ in words.planned:
            return True
        current = head
    return False


def _set_aside(token: Token) -> bool:
    """'close to Brazil rather than a full member of a Chinese-led bloc': the phrase after
    'instead of' or 'rather than' is what does not hold."""
    start = token.left_edge.i
    before = " ".join(t.lower_ for t in token.doc[max(start - 2, token.sent.start):start])
    return before in ("instead of", "rather than")


def _governed_by_refusal(chain: list[Token], words: StatusWords) -> bool:
    """'Georgia refuses to join': the verb the cue's clause is the complement of."""
    top = chain[-1]
    return top.dep_ == "xcomp" and top.head.lemma_.lower() in words.refusal


def _removes(token: Token, words: StatusWords) -> bool:
    """'replacing Russian border guards', 'cut off ties' (a verb with its particle)."""
    lemma = token.lemma_.lower()
    particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
    return any(entry.split()[0] == lemma and set(entry.split()[1:]) <= particles for entry in words.removal)


def _formally_but(sent: Span, words: StatusWords) -> bool:
    """'formally stays a member …, since 2021, its cabinet does not see itself as a member',
    'formally a member, but it suspended participation', 'is formally an ally of Russia. But it suspended
    participation': a tie kept on paper and emptied in practice, in one sentence or the next."""
    if not {t.lower_ for t in sent} & words.formal:
        return False
    if {t.lower_ for t in sent} & words.contrast and _emptied(sent, words):
        return True
    after = sent.doc[sent.end].sent if sent.end < len(sent.doc) else None
    opening = next((t for t in after if not t.is_punct), None) if after is not None else None
    return opening is not None and opening.lower_ in words.contrast and _emptied(after, words)


def _emptied(sent: Span, words: StatusWords) -> bool:
    return any(t.dep_ == "neg" for t in sent) or any(t.lemma_.lower() in words.suspension for t in sent)


def _said_of_the_same_subject(verb: Token) -> set[str]:
    """'which was jointly led by Norway and was once in charge of …': the adverbs of a verb coordinated with
    the cue's own, which share its subject and its time."""
    return {t.lower_ for conj in verb.children if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX")
            for t in conj.subtree if t.dep_ == "advmod"}


def _framed_as_unreal(verb: Token, words: StatusWords) -> bool:
    """'making it impossible for Chile to belong to both': a tie that an adjective of (im)possibility
    frames states nothing about what holds."""
    return any(head.pos_ == "ADJ" and head.lemma_.lower() in words.unreal for head in list(verb.ancestors)[:2])


def _presupposed(token: Token, cue: RelationCue, index: MentionIndex) -> bool:
    """'would be incompatible with Belarus's membership', 'could provoke a response in light of the
    Armenia-Azerbaijan delimitation process': a standing tie named with its parties is taken as given; a
    change ('we can anticipate Armenia's withdrawal') is not."""
    return cue.status == "active" and token.pos_ == "NOUN" and any(
        c.dep_ in ("poss", "compound", "amod") and any(t.i in index.actor_at_token for t in c.subtree)
        for c in token.children)


def governing_verb(token: Token) -> Token:
    """A noun cue's modality is its clause's: 'could lead to … membership'."""
    return next((t for t in [token, *token.ancestors] if t.pos_ in ("VERB", "AUX")), token)

