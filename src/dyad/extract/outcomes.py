"""Outcomes of a conflict that tell who fought whom: who lost, and the agreement that ended it.

"After the six-week war with Peru in 1995, in which Ecuadorian settlers lost land": a war
told with one side has the other in its clause of loss. "Armenia, which is seeking distance from Russia
following a humiliating loss to Azerbaijan": a defeat to a party is that party's use of force (PLOVER's
ASSAULT) against the loser, whose defeat it is (its owner, or who the clause it is set in is about). "In the
ceasefire agreement that ended the war": an agreement ending a war told before is between that war's sides.
The words are data (data/event_references.toml [outcomes]).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Token

from dyad.extract.context import ArticleContext
from dyad.extract.event_lexicon import load_event_rules
from dyad.extract.event_references import Antecedents, event_reference_data, reference_words
from dyad.extract.events import dated, modality_of
from dyad.extract.mention_index import unique
from dyad.extract.speakers import subject_of
from dyad.extract.tokens import ArticleTokens
from dyad.records import Event

__all__ = ["OutcomeWords", "outcome_words", "with_outcomes"]

_CONFIDENCE = 0.55


@dataclass(frozen=True, slots=True)
class OutcomeWords:
    suffering_verbs: frozenset[str]
    defeat_nouns: frozenset[str]
    defeat_prepositions: frozenset[str]
    contests: frozenset[str]
    ending_verbs: frozenset[str]


@cache
def outcome_words() -> OutcomeWords:
    raw = event_reference_data()
    return OutcomeWords(**{name: frozenset(raw["outcomes"][name]) for name in OutcomeWords.__dataclass_fields__})


def with_outcomes(context: ArticleContext, events: list[Event]) -> list[Event]:
    """The events with a war's missing side read from its clause of loss, defeats as uses of force, and
    agreements ending a war told before as agreements between its sides."""
    doc, tokens = context.doc, ArticleTokens.of(context.doc)
    at_char = tokens.at_char
    completed = [_with_loser(e, doc[at_char[e.trigger_start]] if e.trigger_start in at_char else None, context)
                 for e in events]
    # only the tokens whose word can be a defeat or an agreement are read as Tokens (the tests repeat there)
    defeat_nouns, agreements = outcome_words().defeat_nouns, reference_words().nouns
    defeats = [d for i, (part, lemma) in enumerate(zip(tokens.parts, tokens.lemmas, strict=True))
               if part == "NOUN" and lemma in defeat_nouns and (d := _defeat(doc[i], context)) is not None]
    antecedents = Antecedents(context, completed + defeats)
    endings = [e for i, (part, lower) in enumerate(zip(tokens.parts, tokens.lowers, strict=True))
               if part in ("NOUN", "PROPN") and lower in agreements for e in _ending(doc[i], context, antecedents)]
    return completed + defeats + endings


def _state(actor: str | None, context: ArticleContext) -> str | None:
    return None if actor is None else context.parties.get(actor) or actor


def _with_loser(event: Event, trigger: Token | None, context: ArticleContext) -> Event:
    """'the war with Azerbaijan, in which Karabakh Armenians lost territory': the side that lost."""
    if event.plover_type != "ASSAULT" or trigger is None or trigger.pos_ not in ("NOUN", "PROPN") \
            or bool(event.source_id) == bool(event.target_id):
        return event
    known = event.source_id or event.target_id
    losers = [a for clause in trigger.children if clause.dep_ == "relcl"
              and clause.lemma_.lower() in outcome_words().suffering_verbs
              for s in clause.children if s.dep_ in ("nsubj", "nsubjpass") for a in context.index.actors_of(s)
              if _state(a, context) not in (None, _state(known, context))]
    return replace(event, source_id=known, target_id=losers[0], confidence=_CONFIDENCE) if losers else event


def _defeat(noun: Token, context: ArticleContext) -> Event | None:
    """'a humiliating loss to Azerbaijan': ASSAULT from the winner toward the loser."""
    words = outcome_words()
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in words.defeat_nouns \
            or any(p.dep_ == "prep" and p.lower_ == "of" for p in noun.children):
        return None  # "a loss of revenue to Hungary" is a loss of something, no defeat
    winners = unique([a for p in noun.children if p.dep_ == "prep" and p.lower_ in words.defeat_prepositions
                      for o in p.children if o.dep_ == "pobj" for a in context.index.actors_of(o)])
    if not winners or _in_a_contest(noun, words):
        return None
    losers = [a for a in _loser(noun, context) if _state(a, context) != _state(winners[0], context)]
    if not losers:
        return None
    rules = load_event_rules()
    when, modality = dated(noun, context.article, context.reference, modality_of(noun, rules))
    sent = noun.sent
    known = when is not None and when.start is not None
    return Event(
        doc_id=context.article.doc_id, start_char=sent.start_char, end_char=sent.start_char + len(sent.text.rstrip()),
        plover_type="ASSAULT", mode=None, source_id=winners[0], target_id=losers[0],
        event_date=when.start if known else None, date_end=when.end if known else None,
        date_precision=when.precision if known else None, date_text=when.text if when else None,
        modality=modality, summary=_summary(sent.text), confidence=_CONFIDENCE,
        trigger=noun.text, trigger_start=noun.idx, trigger_end=noun.idx + len(noun),
        vector=tuple(float(x) for x in sent.vector) if sent.has_vector else (),
    )


def _in_a_contest(noun: Token, words: OutcomeWords) -> bool:
    """'a loss to Germany in the World Cup final', 'suffered a defeat to the opposition in the vote': what the
    defeat (or the verb it is the object of) is 'in' is a match or a ballot, not a war (a noun of its phrase:
    'the Asian Cup final', not 'in the final days of the war')."""
    heads = [noun] + ([noun.head] if noun.dep_ in ("dobj", "pobj", "nsubj") else [])
    return any(p.dep_ == "prep" and p.lower_ in ("in", "at", "during") and o.dep_ == "pobj"
               and any(t.lemma_.lower() in words.contests and t.pos_ in ("NOUN", "PROPN") for t in o.subtree)
               for h in heads for p in h.children for o in p.children)


def _loser(noun: Token, context: ArticleContext) -> list[str]:
    """Whose defeat it is: its owner ('Armenia's defeat'), else who the clause it is set in is about
    ('Armenia, which is seeking … following a humiliating loss to Azerbaijan')."""
    owners = [a for c in noun.children if c.dep_ == "poss" for a in context.index.actors_of(c)]
    if owners:
        return owners
    verb = next((t for t in noun.ancestors if t.pos_ in ("VERB", "AUX") and t.dep_ != "prep"), None)
    if verb is None:
        return []
    subject = subject_of(verb)
    if subject is not None and subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        subject = verb.head  # "Armenia, which …": who the clause is about
    return context.index.actors_of(subject) if subject is not None else []


def _ending(noun: Token, context: ArticleContext, antecedents: Antecedents) -> list[Event]:
    """'the truce deal that ended the fighting': the agreement between the sides of the war told."""
    kinds = {"AGREE"}
    if noun.pos_ not in ("NOUN", "PROPN") or not reference_words().nouns.get(noun.lower_, frozenset()) & kinds:
        return []
    for clause in (c for c in noun.children if c.dep_ == "relcl"
                   and c.lemma_.lower() in outcome_words().ending_verbs):
        for war in (o for o in clause.children if o.dep_ == "dobj"):
            fought = antecedents.referred(war)
            if fought is not None and fought.plover_type == "ASSAULT":
                sent = noun.sent
                return [replace(fought, plover_type="AGREE", mode="ceasefire", start_char=sent.start_char,
                                end_char=sent.start_char + len(sent.text.rstrip()), trigger=noun.text,
                                trigger_start=noun.idx, trigger_end=noun.idx + len(noun),
                                modality=_own_or(modality_of(noun, load_event_rules()), fought.modality),
                                confidence=_CONFIDENCE,
                                summary=_summary(sent.text), quantities=(),
                                vector=tuple(float(x) for x in sent.vector) if sent.has_vector else ())]
    return []


def _summary(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 240 else text[:237] + "…"


def _own_or(own: str, told: str) -> str:
    """An ending told plainly is as far back as the war it ended ('historical'); its own modality otherwise."""
    return told if own == "past" and told == "historical" else own
