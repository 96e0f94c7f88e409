"""Later references to an event the article told earlier: 'the agreement', 'the visit', 'the signing'.

News tells an event once with its parties and then refers back to it: "Armenia and the United States signed
a charter … The agreement also creates a commission", "Mirzoyan has been invited to Russia … The visit is
expected soon". A definite event noun that names no parties of its own is a mention of the latest event of
its kind the article has told, with that event's parties, date and mode; one that names a party ("the
Washington agreement") is the latest such event that party took part in. A verb whose object is such a
reference and that names no target of its own ("Pashinyan has welcomed the agreement") acts toward the
referred event's other party; an event that names one side of a war told before ("the Ukraine war") has
the other side of it. Only within one article: what one article calls "the deal" another may not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from dyad.data_files import data_toml
from dyad.extract.context import ArticleContext
from dyad.extract.event_lexicon import load_event_rules
from dyad.extract.event_roles import prepositional
from dyad.extract.events import modality_of
from dyad.extract.mention_index import MentionIndex, unique
from dyad.extract.tokens import ArticleTokens
from dyad.records import Event

__all__ = ["Antecedents", "ReferenceWords", "Referred", "event_reference_data", "is_reference", "reference_words",
           "with_references"]

_CONFIDENCE = 0.55  # a reference carries parties from elsewhere in the article: less sure than a named pair


@dataclass(frozen=True, slots=True)
class ReferenceWords:
    """Which nouns refer back to which events, and how (data/event_references.toml)."""

    nouns: dict[str, frozenset[str]]  # noun → the categories of the events it may refer back to
    determiners: frozenset[str]
    about_prepositions: frozenset[str]


@cache
def event_reference_data() -> dict:
    """data/event_references.toml, read once for the references, appraisals and outcomes that share it."""
    return data_toml("event_references.toml")


@cache
def reference_words() -> ReferenceWords:
    raw = event_reference_data()
    return ReferenceWords({noun: frozenset(kinds) for noun, kinds in raw["nouns"].items()},
                          frozenset(raw["determiners"]), frozenset(raw["about_prepositions"]))


class Antecedents:
    """The events an article has told, in order, that a later reference may be to (a negated event is no
    event to refer back to)."""

    def __init__(self, context: ArticleContext, events: list[Event]) -> None:
        self.parties = context.parties
        self.index = context.index
        self.events = sorted((e for e in events if e.modality != "negated"), key=lambda e: e.trigger_start)
        self._lemmas: dict[int, frozenset[str]] = {}
        starts = {event.trigger_start for event in self.events}
        # a sentence's lemmas are read once however many of its events there are; only trigger tokens are kept
        by_sentence: dict[int, frozenset[str]] = {}
        doc, tokens = context.doc, ArticleTokens.of(context.doc)
        for start in sorted(starts):
            if start not in tokens.at_char:
                continue
            sent = doc[tokens.at_char[start]].sent
            lemmas = by_sentence.get(sent.start)
            if lemmas is None:
                lemmas = by_sentence[sent.start] = frozenset(tokens.lemmas[sent.start : sent.end])
            self._lemmas[start] = lemmas

    def state(self, actor: str | None) -> str | None:
        """Whom an actor stands for: a person or body its state, a state itself (a place: itself)."""
        if actor is None:
            return None
        return self.parties.get(actor) or actor

    def referred(self, noun: Token, *, with_party: str | None = None) -> Event | None:
        """The event a reference noun refers back to: the latest before it of a category the noun may name,
        told in words the reference repeats ('the ceasefire agreement' is no charter signed before; 'the
        Charter' is the one told as a charter, if one was); when the reference names a party of its own (or
        with_party is given), the latest such event that party took part in; else the latest such event,
        none if that one's parties are unknown ('the war' is the war just told, not an older one)."""
        words = reference_words()
        kinds = words.nouns.get(noun.lower_) or words.nouns.get(noun.lemma_.lower())
        if not kinds or not is_reference(noun):
            return None
        kind = {c.lemma_.lower() for c in noun.children
                if c.dep_ == "compound" and c.i not in self.index.actor_at_token}
        before = [e for e in self.events if e.trigger_start < noun.idx and e.plover_type in kinds
                  and kind <= self._lemmas.get(e.trigger_start, frozenset())]
        named = [e for e in before if noun.lemma_.lower() in self._lemmas.get(e.trigger_start, frozenset())]
        before = named or before
        own = {self.state(a) for a in _own_parties(noun, self.index)} | ({self.state(with_party)} - {None})
        if own:
            before = [e for e in before
                      if self._paired(e) and own <= {self.state(e.source_id), self.state(e.target_id)}]
        return before[-1] if before and self._paired(before[-1]) else None

    def _paired(self, event: Event) -> bool:
        return bool(event.source_id and event.target_id) and self.state(event.source_id) != self.state(event.target_id)


def is_reference(noun: Token) -> bool:
    """'the agreement', 'this deal', 'the Washington agreement': definite, so told before."""
    return noun.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "det" and c.lower_ in reference_words().determiners for c in noun.children)


def _own_parties(noun: Token, index: MentionIndex) -> list[str]:
    """The parties a reference names itself: 'the Washington agreement', 'the US-Armenia charter', 'the
    agreement between the US and Armenia'."""
    named = [a for c in noun.children if c.dep_ in ("compound", "poss", "amod", "nmod") for a in index.actors_of(c)]
    return unique(named + prepositional(noun, index, load_event_rules(), also=("between",)))


@dataclass(frozen=True, slots=True)
class Referred:
    """The article's events with the parties references give them, and the later mentions references make
    (kept apart: a later mention tells no new undertaking, only that the event was spoken of again)."""

    told: list[Event]
    mentioned_again: list[Event]


def with_references(context: ArticleContext, events: list[Event]) -> Referred:
    """The events, each missing party a reference gives filled in, and the later mentions references make."""
    doc = context.doc
    antecedents = Antecedents(context, events)
    tokens = ArticleTokens.of(doc)
    at_char, nouns = tokens.at_char, reference_words().nouns
    completed = [_completed(e, doc[at_char[e.trigger_start]] if e.trigger_start in at_char else None, antecedents)
                 for e in events]
    told = {(e.start_char, e.plover_type, frozenset({antecedents.state(e.source_id), antecedents.state(e.target_id)}))
            for e in completed}
    triggers = {e.trigger_start for e in completed}
    mentions: list[Event] = []
    # only a noun whose word (or lemma) is a reference noun can refer back (Antecedents.referred)
    for token in (doc[i] for i, (part, lower, lemma) in enumerate(zip(tokens.parts, tokens.lowers, tokens.lemmas,
                                                                       strict=True))
                  if part in ("NOUN", "PROPN") and (lower in nouns or lemma in nouns)):
        if token.idx in triggers:
            continue
        event = antecedents.referred(token)
        if event is None:
            continue
        sent = token.sent
        key = (sent.start_char, event.plover_type,
               frozenset({antecedents.state(event.source_id), antecedents.state(event.target_id)}))
        if key in told:  # the sentence tells the event with these parties already ("The agreement was signed by …")
            continue
        told.add(key)
        mentions.append(_mention(token, sent, event, context, doc))
    return Referred(completed, mentions)


def _completed(event: Event, trigger: Token | None, antecedents: Antecedents) -> Event:
    """An event missing one party, whose trigger or object refers to an event told before with the party it
    names: the other party is the referred event's."""
    if trigger is None or bool(event.source_id) == bool(event.target_id):
        return event
    if event.source_id and not event.target_id:  # "Pashinyan has welcomed the agreement"
        # only a party to the referred event acts toward its other party: a third state welcoming a deal
        # between two others welcomes neither in particular
        own = antecedents.state(event.source_id)
        for thing in _objects(trigger):
            referred = antecedents.referred(thing, with_party=event.source_id)
            if referred is None:
                continue
            other = [a for a in (referred.source_id, referred.target_id) if antecedents.state(a) != own]
            if other:
                return replace(event, target_id=other[0], confidence=_CONFIDENCE)
        return event
    # "in the wake of the Chaco war": the war told before with the side it names
    referred = antecedents.referred(trigger, with_party=event.target_id)
    if referred is None or referred.plover_type != event.plover_type:
        return event
    known = antecedents.state(event.target_id)
    other = [a for a in (referred.source_id, referred.target_id) if antecedents.state(a) != known]
    return replace(event, source_id=other[0], confidence=_CONFIDENCE) if other else event


def _objects(trigger: Token) -> list[Token]:
    """What a verb acts on: its object, or what it is about ('spoke about the deal')."""
    about = reference_words().about_prepositions
    found = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    found += [o for p in trigger.children if p.dep_ == "prep" and p.lower_ in about
              for o in p.children if o.dep_ == "pobj"]
    # "welcomed the outcome of the talks": what the object is of
    found += [o for head in list(found) for p in head.children if p.dep_ == "prep" and p.lower_ == "of"
              for o in p.children if o.dep_ == "pobj"]
    return found


def _mention(noun: Token, sent: Span, event: Event, context: ArticleContext, doc: Doc) -> Event:
    """A later mention of the referred event, on the reference's sentence: its parties, date and mode; its
    modality the sentence's own when that says more than 'past' ('the trip is expected to happen')."""
    own = modality_of(noun, load_event_rules())
    text = " ".join(sent.text.split())
    return replace(
        event, doc_id=context.article.doc_id, start_char=sent.start_char,
        end_char=sent.start_char + len(sent.text.rstrip()), modality=own if own != "past" else event.modality,
        summary=text if len(text) <= 240 else text[:237] + "…", confidence=_CONFIDENCE, trigger=noun.text,
        trigger_start=noun.idx, trigger_end=noun.idx + len(noun),
        vector=tuple(float(x) for x in sent.vector) if sent.has_vector else (), quantities=(),
    )
