"""Mediation: a third party working for an agreement or talks between two others mediates between them.

"Kerry had earlier tried to broker a lasting truce between Chad and Sudan",
"Qatar tried to reach a ceasefire agreement between Israel and Hamas": the agreement (or the talks) is the
two sides' event; the one who tried, brokered or pushed for it is CAMEO's 045 Mediate, PLOVER's CONSULT,
toward each side. The attempt is itself done, whether or not the agreement came: its modality is the
trying verb's, not the agreement's.
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

__all__ = ["with_mediations"]

MEDIATED = frozenset({"AGREE", "CONSULT"})  # what a third party can work for between two others
_MODE = "mediate"


def with_mediations(context: ArticleContext, events: list[Event]) -> list[Event]:
    """The events with a CONSULT:mediate event from the third party toward each side, for every agreement or
    talks between two parties that a third is the subject of; the agreement itself is the sides' ('tried to
    reach a ceasefire agreement between Israel and Hamas' is no agreement of Qatar's with either)."""
    by_start = _mediable_triggers(context, events)
    parties = context.parties
    found: list[Event] = []
    dropped: set[int] = set()
    seen: set[tuple[int, str, str]] = set()
    for at, event in enumerate(events):
        trigger = by_start.get(event.trigger_start)
        if event.plover_type not in MEDIATED or trigger is None:
            continue
        # "attempted to achieve a peace agreement between A and B" (the noun is the event), "tried to reach a
        # ceasefire between A and B" (the light verb is)
        noun = trigger if trigger.pos_ == "NOUN" else next(
            (c for c in trigger.children if c.dep_ == "dobj" and trigger.pos_ == "VERB"), None)
        if noun is None:
            continue
        sides = _between(noun, context)
        verb = trigger if trigger.pos_ == "VERB" else noun.head if noun.dep_ == "dobj" else None
        if len(sides) < 2 or verb is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        side_states = {parties.get(a) or a for a in sides}
        subject = clause_subject(verb)
        third = [a for a in (context.index.actors_of(subject) if subject is not None else [])
                 if (parties.get(a) or a) not in side_states]
        if not third:
            continue
        if event.source_id == third[0]:  # the light verb's reading: the subject is no side of its agreement
            dropped.add(at)
            if (verb.i, sides[0], sides[1]) not in seen:
                seen.add((verb.i, sides[0], sides[1]))
                found.append(replace(event, source_id=sides[0], target_id=sides[1]))
        modality = modality_of(_trying_verb(verb), load_event_rules())
        for side in sides:
            if (verb.i, third[0], side) in seen:
                continue
            seen.add((verb.i, third[0], side))
            found.append(replace(event, plover_type="CONSULT", mode=_MODE, source_id=third[0], target_id=side,
                                 modality=modality, trigger=verb.text, trigger_start=verb.idx,
                                 trigger_end=verb.idx + len(verb), confidence=0.6))
    return [e for at, e in enumerate(events) if at not in dropped] + found


def _mediable_triggers(context: ArticleContext, events: list[Event]) -> dict[int, Token]:
    """The tokens at the triggers of the events a third party can mediate, by start character. Only those:
    a dict over every token of the article cost more than the rest of this step (a Token object made per
    token), and most articles have few such events."""
    wanted = {event.trigger_start for event in events if event.plover_type in MEDIATED}
    if not wanted:
        return {}
    doc = context.doc
    return {start: doc[i] for i, start in enumerate(doc.to_array("IDX").tolist()) if start in wanted}


def _between(noun: Token, context: ArticleContext) -> list[str]:
    return unique([a for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "between"
                   for o in prep.children if o.dep_ == "pobj" for a in context.index.actors_of(o)])


def _trying_verb(verb: Token) -> Token:
    """'attempted to achieve': the attempt is what happened; climb the infinitives to it."""
    while verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb
