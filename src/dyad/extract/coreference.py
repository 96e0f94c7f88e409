"""Coreference: pronouns and descriptions resolved to the actor they stand for, by rules over the parse, the
article's mentions and the knowledge base (no model can be installed here), every choice recorded.

Each resolved phrase becomes a mention with how_resolved = "coreference:<rule>" and the span of its
antecedent; a phrase a rule fits but cannot decide becomes an unresolved mention with the reason
("coreference:unresolved:<reason>"). Never a confident guess. The rules, in order:
- apposition: a description right before a person's name ("his Armenian counterpart Ararat Mirzoyan");
- pronoun: he/she to the nearest person of compatible gender in this sentence or the three before (gender
  from titles, gendered role words and pronouns resolved earlier), the subject winning among several;
  it/its to the one state or organisation that is the subject of this or the previous sentence;
- government: "the Moldovan government", "Khartoum's administration", "the Pashinyan administration" → the
  state;
- role: "the Russian minister", "the NATO chief", "Khartoum's top diplomat", "the spokeswoman" → the person
  last named whose role and country fit, unless another who fits as well was named as recently;
- kind: "the Moscow-led customs bloc", "a Russia-based alliance", "the alliance", "the island nation" → the
  one actor of that kind its attribute or the article leaves;
- repeated_head: "the Corridor" after "the Lachin Corridor", "the ministry" after "the Foreign Ministry".
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from dyad.data_files import data_toml
from dyad.extract.people import speech_verbs
from dyad.extract.quote_marks import find_quotations
from dyad.extract.tokens import ArticleTokens
from dyad.knowledge.base import KnowledgeBase
from dyad.records import ActorFact, Mention

COREFERENCE = "coreference:"  # how_resolved of every mention this step makes
_REACH = 3  # sentences back to look for an antecedent
_PHRASE_DEPS = {"det", "poss", "amod", "compound", "nmod", "npadvmod", "case", "punct", "nummod", "quantmod"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_OBJECT_DEPS = {"dobj", "dative", "pobj"}
_BODY_RESOLUTION = "knowledge_base:government_body"
_NAME_DEPS = {"compound", "flat", "appos"}
_BODY_KINDS = {"state", "igo", "institution", "group"}
_SPEAKS_FOR_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "IGO"}  # offices whose holder's "we" is theirs
_SPEAKER_REACH = 4  # tokens after a closing quotation mark where its speaker is named
_EXPLETIVE_HEADS = {"be", "seem", "appear", "remain", "take", "become", "happen", "matter", "mean", "make", "rain"}


@dataclass(frozen=True, slots=True)
class DescriptionRules:
    pronoun_gender: dict[str, str]  # "he" → male, "she" → female, "it" → organisation
    gender_words: dict[str, str]  # "mr" → male, "spokeswoman" → female
    roles: dict[str, tuple[str, ...]]  # description role word → words of the roles it covers
    kinds: dict[str, tuple[str, ...]]  # "customs bloc" → ("EAEU",)
    led_by: dict[str, frozenset[str]]  # organisation → the states that lead or host it
    government: frozenset[str]
    led: frozenset[str]
    definite: frozenset[str]
    possessive: frozenset[str]
    speaker_plural: frozenset[str] = frozenset()  # "we", "our" in a quotation: the speaker's state or body
    leaning: frozenset[str] = frozenset()  # "pro", "anti": "a pro-Russian government" is not Russia's
    place_sides: frozenset[str] = frozenset()  # "side": a government, but "the Serbian side of the border"


@cache
def load_description_rules() -> DescriptionRules:
    raw = data_toml("descriptions.toml")
    words = raw["words"]
    return DescriptionRules(
        {word: gender for gender, pronouns in raw["pronouns"].items() for word in pronouns},
        {word: gender for gender, titles in raw["gender"].items() for word in titles},
        {role: tuple(covered) for role, covered in raw["roles"].items()},
        {kind: tuple(actors) for kind, actors in raw["kinds"].items()},
        {actor: frozenset(states) for actor, states in raw["led_by"].items()},
        frozenset(words["government"]), frozenset(words["led"]), frozenset(words["definite"]),
        frozenset(words["possessive"]), frozenset(words.get("speaker_plural", ())),
        frozenset(words.get("leaning", ())), frozenset(words.get("place_sides", ())),
    )


@dataclass(frozen=True, slots=True)
class _Antecedent:
    actor_id: str
    kind: str
    sentence: int
    start_char: int
    end_char: int
    subject: bool
    quoted: bool  # inside a quotation: a speaker's words, no antecedent for a pronoun outside them
    head_lemma: str | None = None  # of a name of two words or more: 'corridor' of 'the Lachin Corridor'


@dataclass(slots=True)
class _Run:
    doc_id: str
    doc: Doc
    actors: dict[str, ActorFact]
    kb: KnowledgeBase
    rules: DescriptionRules
    quoted_spans: list[tuple[int, int]]
    sentence_starts: list[int] = field(default_factory=list)
    covered: set[int] = field(default_factory=set)  # tokens some mention already resolves
    taken: set[tuple[int, int]] = field(default_factory=set)  # spans already recorded
    antecedents: list[_Antecedent] = field(default_factory=list)  # in text order
    gender: dict[str, str] = field(default_factory=dict)
    found: list[Mention] = field(default_factory=list)
    heads: frozenset[str] = frozenset()  # last words of roles, kinds and government nouns
    named: list[tuple[Mention, Span]] = field(default_factory=list)  # the article's named mentions

    def recent(self, here: int) -> list[_Antecedent]:
        """Antecedents of this sentence and the _REACH before it, in text order."""
        found = []
        for antecedent in reversed(self.antecedents):
            if here - antecedent.sentence > _REACH:
                break
            found.append(antecedent)
        return found[::-1]

    def sentence_of(self, token: Token) -> int:
        return bisect.bisect_right(self.sentence_starts, token.i) - 1

    def quoted(self, char: int) -> bool:
        """Inside a quotation (the spans are in text order and do not overlap)."""
        at = bisect.bisect_right(self.quoted_spans, (char, sys.maxsize)) - 1
        return at >= 0 and self.quoted_spans[at][0] <= char < self.quoted_spans[at][1]

    def kind_of(self, actor_id: str) -> str:
        fact = self.actors.get(actor_id)
        known = self.kb.actors.get(actor_id)
        return fact.kind if fact is not None else known.kind if known is not None else "unknown"

    def record(self, span: Span, actor_id: str | None, how: str, antecedent: _Antecedent | None = None, *,
               learn: bool = True) -> None:
        """A mention for the phrase; learn=False when it lies ahead of the antecedents read so far."""
        key = (span.start_char, span.end_char)
        if key in self.taken:
            return
        self.taken.add(key)
        self.found.append(Mention(self.doc_id, span.start_char, span.end_char, span.text, actor_id, how,
                                  antecedent.start_char if antecedent else None,
                                  antecedent.end_char if antecedent else None))
        if actor_id is not None:
            self.covered.update(range(span.start, span.end))
            if learn:
                self.learn(actor_id, span, subject=_is_subject(span.root))

    def learn(self, actor_id: str, span: Span, *, subject: bool) -> None:
        kind = self.kind_of(actor_id)
        if kind == "person" and _names_a_thing(span, self.heads):
            kind = "unknown"  # "the first company, Lockheed Martin": the recogniser's person is a firm
        self.antecedents.append(_Antecedent(actor_id, kind, self.sentence_of(span[0]),
                                            span.start_char, span.end_char, subject, self.quoted(span.start_char),
                                            span.root.lemma_.lower() if len(span) > 1 else None))


def resolve_coreference(doc_id: str, doc: Doc, mentions: list[Mention], actors: dict[str, ActorFact],
                        kb: KnowledgeBase) -> list[Mention]:
    """Mentions for the pronouns and descriptions of one article that point back to an actor, in text order."""
    run = _Run(doc_id, doc, actors, kb, load_description_rules(),
               [(q.opened_at, q.end) for q in find_quotations(doc.text)])
    run.sentence_starts = [sent.start for sent in doc.sents]
    run.heads = _head_words(run.rules, kb)
    spans = [(m, doc.char_span(m.start_char, m.end_char, alignment_mode="expand")) for m in mentions]
    named = [(m, s) for m, s in spans if s is not None and m.actor_id]
    run.named = named
    run.taken.update((m.start_char, m.end_char) for m in mentions)
    for _mention, span in named:
        run.covered.update(range(span.start, span.end))
    _learn_genders(run, named)
    bodies = {s.root.i for m, s in named if m.how_resolved == _BODY_RESOLUTION}
    people_tokens = {i for m, s in named if run.kind_of(m.actor_id or "") == "person" for i in range(s.start, s.end)}
    for mention, span in named:
        _apposition(run, mention, span, people_tokens)
    pending = iter(sorted(named, key=lambda pair: (pair[1].start, pair[1].end)))
    upcoming = next(pending, None)
    for token in (doc[i] for i in _candidates(run, bodies)):
        while upcoming is not None and upcoming[1].start <= token.i:
            mention, span = upcoming
            run.learn(mention.actor_id or "", span, subject=_is_subject(span.root))
            upcoming = next(pending, None)
        if token.i not in run.covered:
            _resolve_token(run, token)
        elif token.i in bodies:  # "the Moldovan government" (a body) also names its state
            _government(run, token, _phrase(token))
    return sorted(run.found, key=lambda m: (m.start_char, m.end_char))


def _candidates(run: _Run, bodies: set[int]) -> list[int]:
    """The tokens _resolve_token can resolve (a known pronoun; a phrase's head noun that is a rule's head word or
    follows a definite word, as _resolve_token asks) or a body's head, in order: no other does anything in the
    loop (antecedents are still learnt before the next candidate is read). run.heads must be set."""
    tokens, rules, heads = ArticleTokens.of(run.doc), run.rules, run.heads
    lowers = tokens.lowers
    return [i for i, (part, dep, lower) in enumerate(zip(tokens.parts, tokens.deps, lowers, strict=True))
            if (part == "PRON" and (lower in rules.speaker_plural or lower in rules.pronoun_gender))
            or (part in ("NOUN", "PROPN") and dep not in ("compound", "amod")
                and (lower in heads or (i > 0 and lowers[i - 1] in rules.definite)))
            or i in bodies]


def _head_words(rules: DescriptionRules, kb: KnowledgeBase) -> frozenset[str]:
    phrases = [*rules.roles, *kb.roles, *rules.kinds, *rules.government]
    return frozenset(phrase.split()[-1] for phrase in phrases) | {"head"}


def _resolve_token(run: _Run, token: Token) -> None:
    if token.lower_ in run.rules.speaker_plural and token.pos_ == "PRON":
        if run.quoted(token.idx):
            _speaker_plural(run, token)
        return
    if token.lower_ in run.rules.pronoun_gender and token.pos_ == "PRON":
        if not run.quoted(token.idx):
            _pronoun(run, token)
        return
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ in ("compound", "amod"):
        return
    # a possessor only as a definite phrase of its own: "a meeting of the alliance's defence ministers"
    if token.dep_ == "poss" and _phrase(token)[0].lower_ not in run.rules.definite:
        return
    definite_before = token.i > 0 and run.doc[token.i - 1].lower_ in run.rules.definite
    if token.lower_ not in run.heads and not definite_before:
        return  # no rule can fit: spare the phrase
    phrase = _phrase(token)
    for rule in (_government, _role, _kind, _repeated_head):
        if rule(run, token, phrase):
            return


def _phrase(head: Token) -> Span:
    """The noun phrase up to its head: determiners, possessives and modifiers, never a clause."""
    modifiers = {t.i for t in _left_modifiers(head)}
    start = head.i
    while start - 1 in modifiers:
        start -= 1
    end = head.i + 1
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == head.i + 1), None)
    if head.lower_ == "head" and of is not None:  # "the Ukrainian head of state"
        objects = [c for c in of.children if c.dep_ == "pobj"]
        if objects and objects[0].i == head.i + 2:
            end = head.i + 3
    return head.doc[start:end]


def _left_modifiers(head: Token) -> set[Token]:
    found: set[Token] = set()
    frontier = [c for c in head.lefts if c.dep_ in _PHRASE_DEPS]
    while frontier:
        token = frontier.pop()
        found.add(token)
        frontier += [c for c in token.children if c.i < head.i]
    return found


def _names_a_thing(span: Span, role_heads: frozenset[str]) -> bool:
    """A name set in apposition to a common noun that is no role ('the company, X'): not a person."""
    head = span.root.head
    return span.root.dep_ == "appos" and head.pos_ == "NOUN" and head.lower_ not in role_heads \
        and head.lemma_.lower() not in role_heads


def _definite(phrase: Span, rules: DescriptionRules) -> bool:
    first = phrase[0]
    return first.lower_ in rules.definite or first.lower_ in rules.possessive or any(
        t.dep_ == "poss" or t.text in ("'s", "’s") for t in phrase)


def _is_subject(token: Token) -> bool:
    """The subject of a verb, also as a name's part or a coordinated subject ('Vint and Berzins signed')."""
    while token.dep_ in (*_NAME_DEPS, "conj") and token.head is not token:
        token = token.head
    return token.dep_ in _SUBJECT_DEPS or _cut_off_from_its_verb(token)


def _cut_off_from_its_verb(token: Token) -> bool:
    """'Hezbollah | has put out a statement …': a name the parser made a sentence of its own, its verb
    opening the next one (a split after a name, common in live blogs): still the verb's subject."""
    doc = token.doc
    after = token.i + 1
    return (token.dep_ == "ROOT" and token.pos_ == "PROPN" and token.sent.end == after and after < len(doc)
            and doc[after].tag_ in ("VBZ", "VBD", "MD") and doc[after].sent.start == after)


# Gender ---------------------------------------------------------------------------------------------------

def _learn_genders(run: _Run, named: list[tuple[Mention, Span]]) -> None:
    """From a title before the name ('Mrs Vint', 'Sheikh Mohammed') or a gendered word of a role."""
    for mention, span in named:
        actor_id = mention.actor_id or ""
        if actor_id in run.gender or run.kind_of(actor_id) != "person":
            continue
        before = [run.doc[i].lower_ for i in range(max(span.sent.start, span.start - 2), span.start)]
        words = [*before, *(t.lower_ for t in span)]
        roles = " ".join(run.actors[actor_id].roles).lower() if actor_id in run.actors else ""
        genders = {run.rules.gender_words[w] for w in words if w in run.rules.gender_words}
        genders |= {g for w, g in run.rules.gender_words.items() if " " not in w and w in roles.split()}
        if len(genders) == 1:
            run.gender[actor_id] = genders.pop()


# Pronouns -------------------------------------------------------------------------------------------------

def _pronoun(run: _Run, pronoun: Token) -> None:
    gender = run.rules.pronoun_gender[pronoun.lower_]
    span = run.doc[pronoun.i : pronoun.i + 1]
    if gender == "organisation":
        _organisation_pronoun(run, pronoun, span)
        return
    here = run.sentence_of(pronoun)
    people = [a for a in run.recent(here) if a.kind == "person" and not a.quoted
              and run.gender.get(a.actor_id, gender) == gender and a.start_char < pronoun.idx]
    if pronoun.dep_ in _OBJECT_DEPS:  # "Putin called Erdogan and told him": not the clause's own subject
        people = [a for a in people if not (a.subject and a.sentence == here)]
    if not people:
        run.record(span, None, "coreference:unresolved:no_antecedent")
        return
    nearest = max(a.sentence for a in people)
    chosen = _one_actor([a for a in people if a.sentence == nearest])
    if chosen is None:
        run.record(span, None, "coreference:unresolved:ambiguous_antecedent")
        return
    run.gender.setdefault(chosen.actor_id, gender)
    run.record(span, chosen.actor_id, "coreference:pronoun", chosen)


def _speaker_plural(run: _Run, pronoun: Token) -> None:
    """'"We call on the Danish side to halt the drills," Wen said': a spokesperson's or official's 'we' is the
    state or organisation they speak for; a state's or body's own 'we' is itself. Only the speaker named
    right after the quotation, as the subject of a verb of saying, counts; a person with no office is no one's."""
    at = bisect.bisect_right(run.quoted_spans, (pronoun.idx, sys.maxsize)) - 1
    closes = run.quoted_spans[at][1]
    after_token = next((t for t in run.doc[pronoun.i :] if t.idx >= closes), None)
    if after_token is None:
        return
    sentence_end = after_token.sent.end
    for mention, span in run.named:
        if span.start < after_token.i or span.start >= min(sentence_end, after_token.i + _SPEAKER_REACH):
            continue
        if not (span.root.head.lemma_.lower() in speech_verbs() and span.root.dep_ in _SUBJECT_DEPS):
            return
        party = _speaks_for(run, mention.actor_id or "")
        if party is not None:
            run.record(run.doc[pronoun.i : pronoun.i + 1], party, "coreference:speaker_plural", learn=False)
        return


def _speaks_for(run: _Run, actor_id: str) -> str | None:
    kind = run.kind_of(actor_id)
    if kind in _BODY_KINDS:
        return actor_id
    fact = run.actors.get(actor_id)
    if kind == "person" and fact is not None and fact.country and fact.sector in _SPEAKS_FOR_SECTORS:
        return fact.country
    return None


def _organisation_pronoun(run: _Run, pronoun: Token, span: Span) -> None:
    """'its' always refers; 'it' only as the subject of a verb that can have an actor for subject."""
    if pronoun.lower_ == "it" and (pronoun.dep_ != "nsubj" or pronoun.head.lemma_.lower() in _EXPLETIVE_HEADS):
        return
    here = run.sentence_of(pronoun)
    set_off = _set_off_after(run, pronoun)
    if set_off is not None:
        run.record(span, set_off.actor_id, "coreference:pronoun", set_off)
        return
    bodies = [a for a in run.recent(here) if a.kind in _BODY_KINDS and a.subject and not a.quoted
              and here - a.sentence <= 1 and a.start_char < pronoun.idx]
    if not bodies:
        return
    nearest = max(a.sentence for a in bodies)
    chosen = _one_actor([a for a in bodies if a.sentence == nearest], subjects_first=False)
    if chosen is not None:
        run.record(span, chosen.actor_id, "coreference:pronoun", chosen)


def _set_off_after(run: _Run, pronoun: Token) -> _Antecedent | None:
    """'a refusal by Chile, mired in its dispute with Peru, to …': a phrase set off by a comma right
    after a state or body, opening with a participle, an adjective or 'which', describes that actor, so its
    'its' is that actor's (the parser often hangs the phrase on the main verb, whose subject is another)."""
    if pronoun.lower_ != "its":
        return None
    doc, sentence_start = pronoun.doc, pronoun.sent.start
    comma = next((t for t in reversed(doc[sentence_start : pronoun.i]) if t.text in (",", ";", "(")), None)
    if comma is None or comma.text != "," or comma.i + 1 >= pronoun.i:
        return None
    opening = doc[comma.i + 1]
    if not (opening.tag_ in ("VBN", "VBG", "JJ") or opening.lower_ == "which"):
        return None
    before = [a for a in run.antecedents if a.kind in _BODY_KINDS and not a.quoted
              and 0 <= comma.idx - a.end_char <= 1]
    return before[-1] if len({a.actor_id for a in before}) == 1 else None


def _one_actor(candidates: list[_Antecedent], *, subjects_first: bool = True) -> _Antecedent | None:
    """The one actor among candidates of one sentence (the subject, when several are named), else None."""
    if len({a.actor_id for a in candidates}) > 1 and subjects_first:
        candidates = [a for a in candidates if a.subject]
    actors = {a.actor_id for a in candidates}
    return candidates[-1] if len(actors) == 1 else None


# Descriptions ---------------------------------------------------------------------------------------------

def _apposition(run: _Run, mention: Mention, span: Span, people_tokens: set[int]) -> None:
    """'his Armenian counterpart Ararat Mirzoyan', 'the Russian minister, Sergey Lavrov': the description
    before a person's name is that person (recorded before any rule reads the description alone)."""
    if run.kind_of(mention.actor_id or "") != "person":
        return
    head = span.root.head
    if span.root.dep_ == "appos" and head.i < span.start and head.i not in people_tokens:
        described = _phrase(head)  # "the minister for the Arctic, Ola Brenna"
        if _definite(described, run.rules) and _role_of(run, described) is not None:
            run.record(run.doc[described.start : span.end], mention.actor_id, "coreference:apposition",
                       _antecedent_of(run, mention, span), learn=False)
            return
    start = span.start
    if start > 0 and run.doc[start - 1].text == ",":
        start -= 1
    first = start
    while first > span.sent.start and first - 1 not in people_tokens and _description_word(run.doc[first - 1]):
        first -= 1
    phrase = run.doc[first:start]
    if not len(phrase) or _role_of(run, phrase) is None:
        return
    if not (_definite(phrase, run.rules) or _abbreviated_title(run, phrase)):
        return
    run.record(run.doc[first : span.end], mention.actor_id, "coreference:apposition",
               _antecedent_of(run, mention, span), learn=False)


def _abbreviated_title(run: _Run, phrase: Span) -> bool:
    """'FM Mirzoyan', 'PM Modi': an abbreviated title right before the name, which names no one else."""
    word = phrase.text.rstrip(".")
    return len(phrase) == 1 and word.isupper() and word.lower() in run.rules.roles


def _antecedent_of(run: _Run, mention: Mention, span: Span) -> _Antecedent:
    return _Antecedent(mention.actor_id or "", "person", run.sentence_of(span[0]), mention.start_char,
                       mention.end_char, False, False)


def _description_word(token: Token) -> bool:
    return token.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "PRON") or token.text in ("'s", "’s")


def _modifier_states(run: _Run, phrase: Span) -> list[str]:
    """States the phrase's modifiers name: 'Russian', 'Khartoum's', 'Moldova'."""
    found = []
    for token in phrase[:-1]:
        state = run.kb.state_of(token.text)
        if state and _leaning_towards(run, token):
            continue  # "a pro-Russian government": a government that leans towards Russia, not Russia's
        if state and state not in found:
            found.append(state)
    return found


def _leaning_towards(run: _Run, token: Token) -> bool:
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ in run.rules.leaning


def _led_by(run: _Run, phrase: Span) -> str | None:
    """'Moscow-led', 'Russia-based': the state before the hyphen."""
    for token in phrase:
        if token.lower_ in run.rules.led and token.i >= 2 and run.doc[token.i - 1].text == "-":
            return run.kb.state_of(run.doc[token.i - 2].text)
    return None


def _government(run: _Run, head: Token, phrase: Span) -> bool:
    if head.lower_ not in run.rules.government or len(phrase) < 2:
        return False
    if head.lower_ in run.rules.place_sides and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return False  # "the Ukrainian side of the border" is a place
    states = _modifier_states(run, phrase)
    people = [a for a in run.antecedents if a.kind == "person"
              and any(a.start_char <= t.idx < a.end_char for t in phrase[:-1])]
    if not states and people:  # "the Pashinyan administration"
        country = run.actors[people[-1].actor_id].country if people[-1].actor_id in run.actors else None
        states = [country] if country else []
    if len(states) != 1:
        return False
    run.record(phrase, states[0], "coreference:government")
    return True


def _role_of(run: _Run, phrase: Span) -> str | None:
    """The role word a description ends with: 'top diplomat', 'head of state', 'minister', 'spokeswoman'."""
    words = [t for t in phrase if t.lower_ not in run.rules.definite and t.lower_ not in run.rules.possessive
             and t.text not in ("'s", "’s", ",")]
    # the last word is the role even where it also names a state ('FM' is Micronesia's code)
    words = [t.lower_.rstrip(".") for t in words if t.i == phrase.end - 1 or run.kb.state_of(t.text) is None]
    for size in (3, 2, 1):
        role = " ".join(words[-size:])
        if len(words) >= size and (role in run.rules.roles or role in run.kb.roles):
            return role
    return None


def _role(run: _Run, head: Token, phrase: Span) -> bool:
    role = _role_of(run, phrase)
    if role is None or not _definite(phrase, run.rules) or head.tag_ in ("NNS", "NNPS"):
        return False  # "the two leaders" are no one person (extract/plural_parties.py reads them)
    states = _modifier_states(run, phrase)
    bodies = [a.actor_id for a in run.antecedents if a.kind in ("igo", "group")
              and any(a.start_char <= t.idx < a.end_char for t in phrase)]
    covers = run.rules.roles.get(role, (role,))
    gender = run.rules.gender_words.get(role)
    here = run.sentence_of(head)
    fits = [a for a in run.antecedents if a.kind == "person" and a.start_char < phrase.start_char
            and _fits(run.actors.get(a.actor_id), covers, states, bodies, run.kb)
            and (gender is None or run.gender.get(a.actor_id, gender) == gender)]
    if not fits:
        if states or bodies or role in run.rules.roles:
            run.record(phrase, None, "coreference:unresolved:no_matching_person")
            return True
        return False
    chosen = fits[-1]
    rivals = {a.actor_id for a in fits if here - a.sentence <= _REACH} - {chosen.actor_id}
    if rivals:
        run.record(phrase, None, "coreference:unresolved:ambiguous_description")
        return True
    run.record(phrase, chosen.actor_id, "coreference:role", chosen)
    return True


def _fits(person: ActorFact | None, covers: Iterable[str], states: list[str], bodies: list[str],
          kb: KnowledgeBase) -> bool:
    if person is None:
        return False
    roles = " ".join(person.roles).lower()
    if states and person.country not in states:
        return False
    if bodies and not any(person.country == b or _names_body(roles, kb, b) for b in bodies):
        return False
    covers = tuple(covers)
    return not covers or any(word in roles for word in covers)


def _names_body(roles: str, kb: KnowledgeBase, body: str) -> bool:
    known = kb.actors.get(body)
    names = [body, *(known.aliases if known else ()), *([known.name] if known else [])]
    return any(name.lower() in roles for name in names if name)


def _kind(run: _Run, head: Token, phrase: Span) -> bool:
    words = phrase.text.lower().split()  # "the self-ruled island": a hyphenated word is one
    # "the 27-member bloc", "the 15-member body": a member count is a "member" modifier, and a filter
    counts = [int(w.split("-")[0]) for w in words[:-1] if w.endswith("-member") and w.split("-")[0].isdigit()]
    words = [("member" if w.endswith("-member") else w) for w in words]
    kind = next((" ".join(words[-size:]) for size in (2, 1) if " ".join(words[-size:]) in run.rules.kinds), None)
    if kind is None:
        return False
    candidates = [actor for listed in run.rules.kinds[kind] for actor in _of_kind(run, listed)]
    if counts:  # an organisation whose members the knowledge base lists must have that many
        sizes = {c: len(known.members) if (known := run.kb.actors.get(c)) is not None else 0 for c in candidates}
        candidates = [c for c in candidates if sizes[c] in (0, counts[0])]
    leader = _led_by(run, phrase)
    if leader is None and _modifier_states(run, phrase):
        return False  # "the Russia-Armenia alliance", "the Japanese bloc": the states' own tie, no organisation
    if leader is not None:
        candidates = [c for c in candidates if leader in run.rules.led_by.get(c, frozenset())]
        if len(candidates) == 1:
            run.record(phrase, candidates[0], "coreference:kind")
            return True
    if not _definite(phrase, run.rules):
        return False
    in_play = [c for c in candidates if any(a.actor_id == c for a in run.antecedents)]
    chosen = _last_of_kind(run, in_play, head)
    if chosen is not None:
        run.record(phrase, chosen.actor_id, "coreference:kind", chosen)
    elif in_play:
        run.record(phrase, None, "coreference:unresolved:two_of_that_kind")
    return bool(in_play)


def _last_of_kind(run: _Run, in_play: list[str], head: Token) -> _Antecedent | None:
    """'The UN and the EU sent observers. The EU said …', then 'the organisation said': of several of the kind,
    the one named last within reach (the subject, if that sentence names several); one only: that one."""
    named = [a for a in run.antecedents if a.actor_id in in_play]
    if len(in_play) == 1:
        return named[-1]
    here = run.sentence_of(head)
    recent = [a for a in named if here - a.sentence <= _REACH]
    if not recent:
        return None
    nearest = max(a.sentence for a in recent)
    return _one_actor([a for a in recent if a.sentence == nearest])


def _of_kind(run: _Run, listed: str) -> list[str]:
    """An actor id, or 'kind:igo' for every actor of that kind the knowledge base holds."""
    if not listed.startswith("kind:"):
        return [listed]
    kind = listed.removeprefix("kind:")
    return [actor_id for actor_id, known in run.kb.actors.items() if known.kind == kind]


def _repeated_head(run: _Run, head: Token, phrase: Span) -> bool:
    """'the Corridor' after 'the Lachin Corridor': a definite noun that repeats the head of a name."""
    if phrase[0].lower_ not in run.rules.definite or len(phrase) > 2:
        return False
    lemma = head.lemma_.lower()
    earlier = [a for a in run.antecedents if a.kind != "person" and a.start_char < phrase.start_char
               and a.head_lemma == lemma]
    actors = {a.actor_id for a in earlier}
    if len(actors) == 1:
        run.record(phrase, earlier[-1].actor_id, "coreference:repeated_head", earlier[-1])
    elif len(actors) > 1:
        run.record(phrase, None, "coreference:unresolved:two_names_with_that_head")
    return bool(actors)

