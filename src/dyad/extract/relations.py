"""Relations: standing ties between states and blocs stated in the text — member, ally, partner, observer,
applicant — with their status (active, suspended, ended, planned) and the sentence that states them.

A sentence states a relation when it names a state and an organisation (or, for allies and partners, two
states) and has a cue from data/relations.toml. Hypothetical and negated statements state nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from spacy.tokens import Span, Token

from dyad.extract.context import ArticleContext
from dyad.extract.dates import date_entities, resolve_date
from dyad.extract.events import MentionIndex, load_event_rules, modality_of
from dyad.extract.speakers import subject_of
from dyad.knowledge.base import KnowledgeBase
from dyad.records import Relation

_ORGANISATION_KINDS = {"igo"}
_PAIRWISE_TYPES = {"ally", "partner"}


@dataclass(frozen=True, slots=True)
class RelationCue:
    lemmas: frozenset[str]
    phrases: tuple[str, ...]
    objects: frozenset[str]
    type: str
    status: str


@cache
def load_relation_cues() -> tuple[RelationCue, ...]:
    raw = tomllib.loads(resources.files("dyad").joinpath("data/relations.toml").read_text("utf-8"))
    return tuple(
        RelationCue(frozenset(c.get("lemmas", [])), tuple(c.get("phrases", [])), frozenset(c.get("objects", [])),
                    c["type"], c["status"])
        for c in raw["cue"]
    )


def extract_relations(context: ArticleContext) -> list[Relation]:
    article, doc, index, kb, reference = context.article, context.doc, context.index, context.kb, context.reference
    relations = []
    for sent in doc.sents:
        found = _cue_in(sent, index)
        if found is None:
            continue
        cue, token = found
        if not _presupposed(token, cue) and modality_of(_governing_verb(token), load_event_rules()) in (
                "hypothetical", "negated"):
            continue
        pair = _pair(sent, token, cue, index, kb)
        if pair is None:
            continue
        since = _since(sent, article.published, reference)
        relations.append(Relation(pair[0], pair[1], cue.type, cue.status, since, None, article.doc_id,
                                  sent.start_char, sent.start_char + len(sent.text.rstrip()), reference,
                                  token.text))
    return relations


def _presupposed(token: Token, cue: RelationCue) -> bool:
    """'would be incompatible with Belarus's membership': a standing tie named by a possessive is taken as
    given; a change ('we can anticipate Armenia's withdrawal') is not."""
    return cue.status == "active" and token.pos_ == "NOUN" and any(c.dep_ == "poss" for c in token.children)


def _governing_verb(token: Token) -> Token:
    """A noun cue's modality is its clause's: 'could lead to … membership'."""
    return next((t for t in [token, *token.ancestors] if t.pos_ in ("VERB", "AUX")), token)


def _cue_in(sent: Span, index: MentionIndex) -> tuple[RelationCue, Token] | None:
    text = sent.text.lower()
    for cue in load_relation_cues():
        for phrase in cue.phrases:
            at = text.find(phrase)
            if at >= 0:
                return cue, sent.doc.char_span(sent.start_char + at, sent.end_char, alignment_mode="expand")[0]
        for token in sent:
            if token.i in index.actor_at_token:
                continue  # part of a name: "the EU observer mission"
            if token.lemma_.lower() in cue.lemmas and _object_fits(token, cue):
                return cue, token
    return None


def _object_fits(token: Token, cue: RelationCue) -> bool:
    if not cue.objects or token.pos_ != "VERB":
        return True
    return any(c.dep_ == "dobj" and c.lemma_.lower() in cue.objects for c in token.children)


def _pair(sent: Span, cue_token: Token, cue: RelationCue, index: MentionIndex,
          kb: KnowledgeBase) -> tuple[str, str] | None:
    """The state that holds the relation and the organisation (or state) it holds it with."""
    present = [(t.i, _as_state(a, kb) or a) for t in sent if (a := index.actor_at_token.get(t.i))]
    kinds = {actor: _kind(actor, kb) for _, actor in present}
    states = _by_distance([(i, a) for i, a in present if kinds[a] == "state"], cue_token)
    organisations = _by_distance([(i, a) for i, a in present if kinds[a] in _ORGANISATION_KINDS], cue_token)
    holder = _holder(cue_token, index, kb)
    strict = cue_token.pos_ in ("VERB", "AUX") or cue.type in _PAIRWISE_TYPES
    if holder is None and not strict and states:  # "Armenia's membership", "of which Armenia is a member"
        holder = states[0]
    if holder is None:
        return None
    if organisations and cue.type not in _PAIRWISE_TYPES:
        return holder, organisations[0]
    others = [s for s in states if s != holder]
    if cue.type in _PAIRWISE_TYPES and others:
        return holder, others[0]
    if organisations:
        return holder, organisations[0]
    return None


def _holder(cue_token: Token, index: MentionIndex, kb: KnowledgeBase) -> str | None:
    """The subject of the cue's verb or the possessor of the cue noun, as a state."""
    verb = cue_token if cue_token.pos_ in ("VERB", "AUX") else cue_token.head
    candidates = [c for c in cue_token.children if c.dep_ == "poss"]
    subject = subject_of(verb)
    if subject is not None:
        candidates.append(subject)
    for token in candidates:
        for actor in index.actors_of(token):
            state = _as_state(actor, kb)
            if state:
                return state
    return None


def _kind(actor_id: str, kb: KnowledgeBase) -> str | None:
    known = kb.actors.get(actor_id)
    if known is not None:
        return known.kind
    return "state" if _as_state(actor_id, kb) else None


def _as_state(actor_id: str, kb: KnowledgeBase) -> str | None:
    """A state, or a government body standing for it ('ARM-GOV' → ARM)."""
    known = kb.actors.get(actor_id)
    if known is not None and known.kind == "state":
        return actor_id
    prefix = actor_id.split("-")[0]
    body = kb.actors.get(prefix)
    return prefix if body is not None and body.kind == "state" and "-" in actor_id else None


def _by_distance(found: list[tuple[int, str]], cue: Token) -> list[str]:
    ordered = sorted(found, key=lambda pair: abs(pair[0] - cue.i))
    return list(dict.fromkeys(actor for _, actor in ordered))


def _since(sent: Span, published: date | None, reference: date | None) -> date | None:
    for ent in date_entities(sent):
        if ent.label_ in ("DATE", "CARDINAL"):
            resolved = resolve_date(ent.text, published=published, year_hint=reference)
            if resolved.start is not None:
                return resolved.start
    return None
