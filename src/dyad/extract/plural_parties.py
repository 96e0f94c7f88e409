"""Plural descriptions of parties named just before: 'both countries', 'the two nations', 'the three sides'.

"Sargsyan said the timing sends a message to Russia and Iran, as both countries prepare to sign an agreement
of their own": the description stands for as many parties as its counting word says, the latest the article
named before it in this sentence or the few before (a person or body counting for its state, as elsewhere in
event coding). The event roles then read both as the clause's parties ("both countries prepare to sign": one
reciprocal event between them). The words are data (data/event_references.toml [plural_descriptions]).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token

from dyad.extract.mention_index import conjuncts, hyphen_chain, unique
from dyad.records import ActorFact, Mention

__all__ = ["PluralWords", "plural_parties", "plural_words"]


@dataclass(frozen=True, slots=True)
class PluralWords:
    state_nouns: frozenset[str]
    party_nouns: frozenset[str]
    counts: dict[str, int]
    sentences_back: int
    list_sentences_back: int
    definite: frozenset[str]
    not_anaphoric: frozenset[str]


@cache
def plural_words() -> PluralWords:
    raw = tomllib.loads(resources.files("dyad").joinpath("data/event_references.toml").read_text("utf-8"))
    words = raw["plural_descriptions"]
    return PluralWords(frozenset(words["state_nouns"]), frozenset(words["party_nouns"]), dict(words["counts"]),
                       int(words["sentences_back"]), int(words["list_sentences_back"]), frozenset(words["definite"]),
                       frozenset(words["not_anaphoric"]))


def plural_parties(doc: Doc, mentions: list[Mention], actors: dict[str, ActorFact]) -> dict[int, tuple[str, ...]]:
    """Token index of each plural description's head → the parties it stands for: the nearest list of that
    many parties named together before it ('talks between Egypt, Sudan, and Ethiopia … the three countries'),
    else the latest that many named apart in the sentences just before."""
    words = plural_words()
    sentence_starts = [s.start_char for s in doc.sents]
    at_token = {t.i: m.actor_id for m in mentions if m.actor_id
                for t in doc.char_span(m.start_char, m.end_char, alignment_mode="expand") or []}
    found: dict[int, tuple[str, ...]] = {}
    for token in doc:
        count = _count(token, words)
        if count is None:
            continue
        states_only = token.lemma_.lower() in words.state_nouns
        sent_index = max(i for i, start in enumerate(sentence_starts) if start <= token.idx)
        begin = _phrase_start(token)
        listed = _listed(doc, at_token, actors, states_only, count, begin,
                         sentence_starts[max(0, sent_index - words.list_sentences_back)])
        named = listed or _latest(mentions, actors, states_only, count, begin,
                                  sentence_starts[max(0, sent_index - words.sentences_back)])
        if named:
            found[token.i] = named
    return found


def _listed(doc: Doc, at_token: dict[int, str], actors: dict[str, ActorFact], states_only: bool, count: int,
            before: int, earliest: int) -> tuple[str, ...]:
    """The nearest coordination or hyphen chain of exactly `count` parties between `earliest` and `before`."""
    heads = [t for t in doc if earliest <= t.idx < before and t.i in at_token and t.dep_ != "conj"]
    for head in reversed(heads):
        members = conjuncts(head) if any(c.dep_ == "conj" for c in head.children) else hyphen_chain(head)
        parties = unique([p for t in members if t.idx < before and t.i in at_token
                          and (p := _party(at_token[t.i], actors, states_only)) is not None])
        if len(parties) == count and len(members) >= count:
            return tuple(parties)
    return ()


def _latest(mentions: list[Mention], actors: dict[str, ActorFact], states_only: bool, count: int, before: int,
            earliest: int) -> tuple[str, ...]:
    """The latest `count` distinct parties named between `earliest` and `before`."""
    named: list[str] = []
    for mention in sorted(mentions, key=lambda m: m.start_char, reverse=True):
        if mention.start_char >= before or mention.start_char < earliest:
            continue
        party = _party(mention.actor_id, actors, states_only)
        if party is not None and party not in named:
            named.append(party)
        if len(named) == count:
            return tuple(reversed(named))
    return ()


def _count(noun: Token, words: PluralWords) -> int | None:
    """How many parties a plural description of them says: 'both countries', 'the two sides'."""
    if noun.tag_ != "NNS" or noun.lemma_.lower() not in words.state_nouns | words.party_nouns:
        return None
    # definite ("both countries", "the two nations", "these three states"), so told before; not "three more
    # powerful countries – Turkey, Russia and Azerbaijan", whose list follows
    definite = any(c.dep_ in ("det", "predet", "preconj") and c.lower_ in words.definite for c in noun.children)
    if not definite or any(c.dep_ == "appos" or c.lower_ in words.not_anaphoric for c in noun.children):
        return None
    counted = [words.counts[c.lower_] for c in noun.children
               if c.dep_ in ("det", "predet", "nummod", "preconj") and c.lower_ in words.counts]
    return counted[0] if counted else None


def _phrase_start(noun: Token) -> int:
    return min(t.idx for t in noun.subtree)


def _party(actor_id: str | None, actors: dict[str, ActorFact], states_only: bool) -> str | None:
    """The party an actor counts as: a state itself, a person or body its state; a place none."""
    fact = actors.get(actor_id or "")
    if fact is None or fact.kind == "place":
        return None
    if fact.kind == "state":
        return fact.actor_id
    if fact.kind in ("person", "institution"):
        return fact.country
    return None if states_only else fact.actor_id
