"""Plural descriptions as parties: "the two sides", "both countries", "the three states", "the leaders".

A definite plural noun of states, parties or their people points back to the actors the article has just
named together, as a coreference rule: the nearest earlier group (this sentence before the phrase, then up
to three sentences back) that has as many parties as the phrase counts. A group is a coordination or a
hyphen pair ("Egypt, Sudan and Ethiopia", "between Yerevan and Baku", "India-Pakistan"), a plural phrase
resolved before it ("the three countries … the three states"), or else, for a counted phrase or a noun of
states, the distinct states one sentence names ("the navy chief of Chile phoned his Peruvian counterpart …
both sides"). No group of the right size: the phrase stays unresolved. The words are data
(data/descriptions.toml [plural]).

Each resolved phrase is one mention (actor_id None, how_resolved "coreference:plural", the antecedent span
that of the group) and a PluralGroup that the mention index reads: the phrase names every member.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from dyad.data_files import data_toml
from dyad.extract.mention_index import MentionIndex, unique
from dyad.extract.quote_marks import find_quotations
from dyad.extract.tokens import ArticleTokens
from dyad.knowledge.base import KnowledgeBase
from dyad.records import ActorFact, Mention

PLURAL = "coreference:plural"
PLURAL_PRONOUN = "coreference:plural_pronoun"
_REACH = 3  # sentences back to look for the group, as for the other coreference rules
_PARTY_KINDS = frozenset({"state", "igo", "group"})  # who can be a party as named (a group the knowledge base
# knows: an organisation the recogniser found, 'Operation Sindoor', 'the Ministry of X', is no side)
_SPEAKING_KINDS = frozenset({"person", "institution"})  # who stands for a country


@dataclass(frozen=True, slots=True)
class PluralWords:
    """data/descriptions.toml [plural]."""

    numbers: dict[str, int]
    determiners: frozenset[str]
    states: frozenset[str]
    parties: frozenset[str]
    people: frozenset[str]
    partitive: frozenset[str]
    places: frozenset[str]
    disputes: frozenset[str]


@cache
def plural_words() -> PluralWords:
    raw = data_toml("descriptions.toml")["plural"]
    return PluralWords(
        {word: int(n) for word, n in raw["numbers"].items()},
        *(frozenset(raw[name]) for name in ("determiners", "states", "parties", "people", "partitive", "places",
                                                 "disputes")),
    )


@dataclass(frozen=True, slots=True)
class PluralGroup:
    """A plural description and the actors it stands for."""

    mention: Mention
    head: int  # the token index of the phrase's head noun
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Phrase:
    span: Span
    head: Token
    count: int | None  # "the two sides": 2; "the countries": None
    noun: str  # "states" | "parties" | "people"


@dataclass(frozen=True, slots=True)
class _Candidate:
    members: tuple[str, ...]
    start_char: int
    end_char: int
    depth: int = 0  # how far below its sentence's root the group is named: the main clause's is the salient one


@dataclass(slots=True)
class _Run:
    doc: Doc
    index: MentionIndex
    actors: dict[str, ActorFact]
    kb: KnowledgeBase
    known_names: frozenset[str]  # names of the article's actors, lower case: "the two DGMOs"
    resolved: list[tuple[int, _Candidate]]  # (sentence number, group) of plural phrases resolved so far

    def kind(self, actor_id: str) -> str | None:
        fact = self.actors.get(actor_id)
        known = self.kb.actors.get(actor_id)
        return fact.kind if fact is not None else known.kind if known is not None else None

    def country(self, actor_id: str) -> str | None:
        fact = self.actors.get(actor_id)
        known = self.kb.actors.get(actor_id)
        return (fact.country if fact is not None else None) or (known.country if known is not None else None)

    def party(self, actor_id: str, noun: str) -> str | None:
        """The party an antecedent is for this noun: a state, organisation or group itself; a person or body
        its country, unless the phrase names people ('the two leaders' are the leaders)."""
        kind = self.kind(actor_id)
        if kind in _PARTY_KINDS and (kind != "group" or actor_id in self.kb.actors):
            return actor_id
        if kind in _SPEAKING_KINDS:
            if noun == "people" and kind == "person":
                return actor_id
            country = self.country(actor_id)
            return country if country and self.kind(country) in _PARTY_KINDS else None
        return None


def resolve_plural_parties(doc_id: str, doc: Doc, mentions: list[Mention], actors: dict[str, ActorFact],
                           kb: KnowledgeBase) -> list[PluralGroup]:
    """The plural descriptions of one article that stand for a group the article named, in text order."""
    taken = {(m.start_char, m.end_char) for m in mentions}
    names = {fact.name.lower() for fact in actors.values() if fact.name}
    names |= {actor_id.lower() for actor_id in actors}
    run = _Run(doc, MentionIndex.build(doc, mentions, kb), actors, kb, frozenset(names), [])
    sentences = list(doc.sents)
    found: list[PluralGroup] = []
    quoted = [(q.opened_at, q.end) for q in find_quotations(doc.text)]
    tokens = ArticleTokens.of(doc)
    # 'they' or a plural noun: no other token can be either (_they, _plural_phrase), so no other is built
    maybe = [i for i, (lower, tag) in enumerate(zip(tokens.lowers, tokens.tags, strict=True))
             if lower == "they" or tag in ("NNS", "NNPS")]
    for number, sentence in enumerate(sentences):
        for token in (doc[i] for i in maybe[bisect_left(maybe, sentence.start) : bisect_left(maybe, sentence.end)]):
            they = _they(run, token, sentences, number, quoted)
            if they is not None:
                found.append(PluralGroup(Mention(doc_id, token.idx, token.idx + len(token), token.text,
                                                 they.members[0] if len(they.members) == 1 else None,
                                                 PLURAL_PRONOUN, they.start_char, they.end_char),
                                         token.i, they.members))
                run.index.add_group(token.i, they.members)  # an antecedent for what follows
                continue
            phrase = _plural_phrase(token, run)
            if phrase is None or (phrase.span.start_char, phrase.span.end_char) in taken:
                continue
            group = _spelled_out(run, phrase) or _antecedent_group(run, phrase, sentences, number)
            if group is None:
                continue
            run.resolved.append((number, replace(group, depth=_depth(token))))
            run.index.add_group(token.i, group.members)
            mention = Mention(doc_id, phrase.span.start_char, phrase.span.end_char, phrase.span.text, None,
                              PLURAL, group.start_char, group.end_char)
            found.append(PluralGroup(mention, token.i, group.members))
    return found


def _they(run: _Run, token: Token, sentences: list[Span], here: int,
          quoted: list[tuple[int, int]]) -> _Candidate | None:
    """'After US officials meet the Ukrainians, they will meet Russian officials': 'they' as a subject outside a
    quotation stands for the nearest plural subject before it (this sentence, else the one before) when that
    subject names actors: a state's officials, a coordination, a plural description. Any other nearest
    plural subject ('the talks') leaves it alone."""
    if token.lower_ != "they" or token.dep_ not in ("nsubj", "nsubjpass") or token.i in run.index.actor_at_token \
            or any(start <= token.idx < end for start, end in quoted):
        return None
    for number in (here, here - 1):
        if number < 0:
            return None
        sentence = sentences[number]
        subjects = [t for t in sentence if t.i < token.i and t.dep_ in ("nsubj", "nsubjpass")
                    and (t.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in t.children)
                         or t.i in run.index.groups)]
        if subjects:
            subject = subjects[-1]
            members = run.index.groups.get(subject.i) or tuple(unique(run.index.actors_of(subject)))
            tokens = list(subject.subtree)
            return _Candidate(tuple(members), tokens[0].idx, tokens[-1].idx + len(tokens[-1])) if members else None
    return None


def _plural_phrase(token: Token, run: _Run) -> _Phrase | None:
    """'the two sides', 'both countries', 'the three Nile states', 'the leaders'; not 'the other countries',
    'both sides of the border', 'the Armenian and Azerbaijani leaders' (their modifiers name them)."""
    words = plural_words()
    if token.tag_ not in ("NNS", "NNPS") or token.dep_ in ("compound", "amod"):
        return None
    lemma = token.lemma_.lower()
    noun = ("states" if lemma in words.states else "parties" if lemma in words.parties
            else "people" if lemma in words.people or lemma in run.kb.roles or lemma in run.known_names else None)
    if noun is None:
        return None
    lefts = [c for c in token.lefts if c.dep_ in ("det", "predet", "nummod", "amod", "compound", "quantmod")]
    if any(c.i in run.index.actor_at_token or c.lower_ in words.partitive for c in lefts):
        return None
    counts = [words.numbers[c.lower_] for c in lefts if c.lower_ in words.numbers]
    definite = any(c.lower_ in words.determiners for c in lefts)
    if not definite:
        return None  # "countries", "three more powerful neighbours": no particular ones told before
    if any(c.dep_ == "prep" and c.lower_ == "of" and any(o.lemma_.lower() in words.places for o in c.children)
           for c in token.rights):
        return None
    if not counts and any(c.dep_ == "prep" and c.lower_ == "of" and not any(
            o.lemma_.lower() in words.disputes for o in c.children) for c in token.rights):
        return None  # "the leaders of the EU": whose leaders they are is said (but "the parties of the conflict")
    start = min([token.i, *(c.i for c in lefts)])
    return _Phrase(token.doc[start : token.i + 1], token, counts[0] if counts else None, noun)


def _antecedent_group(run: _Run, phrase: _Phrase, sentences: list[Span], here: int) -> _Candidate | None:
    """The nearest group, this sentence first, of as many parties as the phrase counts (two or more if it
    counts none), else the distinct states one sentence names when they fit (_named_fits)."""
    for number in range(here, max(-1, here - _REACH - 1), -1):
        sentence = sentences[number]
        limit = phrase.span.start if number == here else sentence.end
        candidates = [group for at, group in run.resolved if at == number and group.end_char <= phrase.span.start_char]
        candidates += _coordinated(run, sentence, limit, phrase.noun)
        fitting = [c for c in candidates if _fits(c, phrase)]
        if fitting:  # the one named highest in its clause, then the nearest: "X met Y to prepare A-B talks"
            return min(reversed(fitting), key=lambda c: c.depth)
        named = _named_in(run, sentence, limit)
        if named is not None and _named_fits(named, phrase, same_sentence=number == here):
            return named
    return None


def _spelled_out(run: _Run, phrase: _Phrase) -> _Candidate | None:
    """'both parties, whether it's with the Israelis or with Hamas', 'the two sides (Israel and Hamas)': the
    parties named right after the phrase, set off by a comma, colon, dash or bracket, up to the next break."""
    doc, after = run.doc, phrase.span.end
    if after >= phrase.span.sent.end - 1 or doc[after].text not in (",", ":", "(", "—", "–"):
        return None
    end = next((t.i for t in doc[after + 1 : phrase.span.sent.end] if t.is_punct and t.text not in ("-", "’", "'")),
               phrase.span.sent.end)
    at = [t for t in doc[after + 1 : end] if t.i in run.index.actor_at_token]
    members = unique([p for t in at if (p := run.party(run.index.actor_at_token[t.i], phrase.noun))])
    candidate = _Candidate(tuple(members), at[0].idx, at[-1].idx + len(at[-1])) if at else None
    return candidate if candidate is not None and _fits(candidate, phrase) else None


def _named_fits(named: _Candidate, phrase: _Phrase, *, same_sentence: bool) -> bool:
    """The distinct states one sentence names: as many as the phrase counts; for 'the countries' two or more
    named in a sentence before; for 'the leaders' in their own sentence the two just named ('Lee and
    Chinese President Xi plan … as the leaders were set to', where the parser may not coordinate them)."""
    if phrase.count is not None:
        return len(named.members) == phrase.count
    if same_sentence:
        return len(named.members) == 2
    return phrase.noun == "states" and len(named.members) >= 2


def _fits(candidate: _Candidate, phrase: _Phrase) -> bool:
    size = len(candidate.members)
    return size == phrase.count if phrase.count is not None else size >= 2


def _coordinated(run: _Run, sentence: Span, limit: int, noun: str) -> list[_Candidate]:
    """Groups a sentence names together before the limit: coordinated heads and hyphen pairs."""
    found: list[_Candidate] = []
    for token in sentence.doc[sentence.start : limit]:
        if token.dep_ == "conj" or token.pos_ not in ("NOUN", "PROPN"):
            continue
        has_conjuncts = any(c.dep_ == "conj" for c in token.children)
        hyphenated = token.i + 2 < limit and token.doc[token.i + 1].tag_ == "HYPH"
        if not (has_conjuncts or hyphenated or any(c.dep_ in ("amod", "compound") for c in token.children)):
            continue
        members = unique([p for a in run.index.actors_of(token) if (p := run.party(a, noun))])
        if len(members) < 2:
            continue
        tokens = [t for t in token.subtree if t.i < limit]
        found.append(_Candidate(tuple(members), tokens[0].idx, tokens[-1].idx + len(tokens[-1]), _depth(token)))
    found += _met_with(run, sentence, limit, noun)
    return sorted(found, key=lambda c: c.start_char)


def _met_with(run: _Run, sentence: Span, limit: int, noun: str) -> list[_Candidate]:
    """'X met in Geneva with Y', 'von der Leyen's meeting with Vance': who acted and whom with are a pair."""
    found: list[_Candidate] = []
    for token in sentence.doc[sentence.start : limit]:
        actor = next((c for c in token.children if c.dep_ in ("nsubj", "poss")), None)
        partners = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "with" and p.i < limit
                    for o in p.children if o.dep_ == "pobj"]
        if actor is None or not partners:
            continue
        named = [*run.index.actors_of(actor), *(a for o in partners for a in run.index.actors_of(o))]
        members = unique([p for a in named if (p := run.party(a, noun))])
        if len(members) < 2:
            continue
        tokens = [t for t in (*actor.subtree, *(t for o in partners for t in o.subtree)) if t.i < limit]
        first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
        found.append(_Candidate(tuple(members), first.idx, last.idx + len(last), _depth(token)))
    return found


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token, depth = token.head, depth + 1
    return depth


def _named_in(run: _Run, sentence: Span, limit: int) -> _Candidate | None:
    """The distinct parties one sentence names before the limit, as states."""
    at = [t for t in sentence.doc[sentence.start : limit] if t.i in run.index.actor_at_token]
    members = unique([p for t in at if (p := run.party(run.index.actor_at_token[t.i], "states"))])
    if len(members) < 2:
        return None
    return _Candidate(tuple(members), at[0].idx, at[-1].idx + len(at[-1]))
