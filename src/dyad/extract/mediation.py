"""Mediation: a third party working for an agreement or talks between two others mediates between them.

"Blinken had previously attempted to achieve a lasting peace agreement between Armenia and Azerbaijan",
"Qatar sought a ceasefire between Israel and Hamas": the agreement (or the talks) is the two sides' event,
as it is coded already; the one who tried, brokered or pushed for it is CAMEO's 045 Mediate, PLOVER's
CONSULT, toward each side. The attempt is itself done, whether or not the agreement came: its modality is
the trying verb's, not the agreement's.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from dyad.extract.context import ArticleContext
from dyad.extract.event_lexicon import load_event_rules
from dyad.extract.event_roles import clause_subject
from dyad.extract.events import modality_of
from dyad.extract.mention_index import unique
from dyad.records import Event

__all__ = ["extract_mediations"]

MEDIATED = frozenset({"AGREE", "CONSULT"})  # what a third party can work for between two others
_MODE = "mediate"


def extract_mediations(context: ArticleContext, events: list[Event]) -> list[Event]:
    """A CONSULT:mediate event from the third party toward each side, for every agreement or talks between
    two parties that a third is the subject of."""
    by_start = {token.idx: token for token in context.doc}
    parties = context.parties
    found: list[Event] = []
    seen: set[tuple[int, str, str]] = set()
    for event in events:
        noun = by_start.get(event.trigger_start)
        if event.plover_type not in MEDIATED or noun is None or noun.pos_ != "NOUN":
            continue
        sides = _between(noun, context)
        verb = noun.head if noun.dep_ in ("dobj", "pobj") else None
        while verb is not None and verb.dep_ == "prep":  # "pushed for a ceasefire between …"
            verb = verb.head
        if len(sides) < 2 or verb is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        side_states = {parties.get(a) or a for a in sides}
        subject = clause_subject(verb)
        third = [a for a in (context.index.actors_of(subject) if subject is not None else [])
                 if (parties.get(a) or a) not in side_states]
        if not third:
            continue
        modality = modality_of(_trying_verb(verb), load_event_rules())
        for side in sides:
            if (verb.i, third[0], side) in seen:
                continue
            seen.add((verb.i, third[0], side))
            found.append(replace(event, plover_type="CONSULT", mode=_MODE, source_id=third[0], target_id=side,
                                 modality=modality, trigger=verb.text, trigger_start=verb.idx,
                                 trigger_end=verb.idx + len(verb), confidence=0.6))
    return found


def _between(noun: Token, context: ArticleContext) -> list[str]:
    return unique([a for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "between"
                   for o in prep.children if o.dep_ == "pobj" for a in context.index.actors_of(o)])


def _trying_verb(verb: Token) -> Token:
    """'attempted to achieve': the attempt is what happened; climb the infinitives to it."""
    while verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb
