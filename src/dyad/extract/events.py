"""Events: who did what to whom, when — coded in PLOVER, with modality and a resolved date.

A verb or noun from data/plover.toml is an event when its clause names an actor as source or target:
the subject (shared across "X saluted … and said", coordinated "Mirzoyan and Blinken signed"), the agent
of a passive, the object, or the object of "with/against/from/to …"; for nouns ("Armenia's withdrawal from
the CSTO") the possessive or "by/of" phrase and the same prepositions. Modality: negated, hypothetical,
announced (future), historical (dated well before publication) or past.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from dyad.extract.context import ArticleContext
from dyad.extract.dates import ResolvedDate, date_entities, resolve_date
from dyad.extract.quantities import quantities_of
from dyad.extract.speakers import subject_of
from dyad.knowledge.base import KnowledgeBase
from dyad.records import Article, Event, Mention

_CONJ_DEPTH = 4


@dataclass(frozen=True, slots=True)
class EventRules:
    verbs: dict[str, tuple[str, str | None]]
    nouns: dict[str, tuple[str, str | None]]
    target_prepositions: frozenset[str]
    future_auxiliaries: frozenset[str]
    hypothetical_auxiliaries: frozenset[str]
    future_verbs: frozenset[str]
    hypothetical_markers: frozenset[str]
    historical_days: int
    not_with_object: dict[str, frozenset[str]]
    only_with: dict[str, frozenset[str]]
    located_target_categories: frozenset[str] = frozenset()


def _code(value: str) -> tuple[str, str | None]:
    category, _, mode = value.partition(":")
    return category, mode or None


@cache
def load_event_rules() -> EventRules:
    raw = tomllib.loads(resources.files("dyad").joinpath("data/plover.toml").read_text("utf-8"))
    modality = raw["modality"]
    return EventRules(
        {k: _code(v) for k, v in raw["verbs"].items()}, {k: _code(v) for k, v in raw["nouns"].items()},
        frozenset(raw["roles"]["target_prepositions"]), frozenset(modality["future_auxiliaries"]),
        frozenset(modality["hypothetical_auxiliaries"]), frozenset(modality["future_verbs"]),
        frozenset(modality["hypothetical_markers"]), int(modality["historical_days"]),
        {verb: frozenset(objects) for verb, objects in raw["not_with_object"].items()},
        {verb: frozenset(words) for verb, words in raw["only_with"].items()},
        frozenset(raw["roles"]["located_target_categories"]),
    )


@dataclass(slots=True)
class MentionIndex:
    """The resolved actor at each token, the longest mention winning."""

    actor_at_token: dict[int, str]

    @classmethod
    def build(cls, doc: Doc, mentions: list[Mention], kb: KnowledgeBase | None = None) -> MentionIndex:
        """With a knowledge base, a capital named as a place stands for its state ('will visit Moscow')."""
        mentions = [_as_party(m, kb) for m in mentions] if kb is not None else mentions
        best: dict[int, Mention] = {}
        for mention in mentions:
            if mention.actor_id is None:
                continue
            for token in doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand") or []:
                current = best.get(token.i)
                if current is None or current.end_char - current.start_char < mention.end_char - mention.start_char:
                    best[token.i] = mention
        return cls({i: m.actor_id for i, m in best.items() if m.actor_id})

    def actors_of(self, head: Token) -> list[str]:
        """Actors a noun phrase names: its head (or its apposition or compound) and its coordinated heads."""
        found: list[str] = []
        for token in _conjuncts(head):
            parts = [token, *(c for c in token.children if c.dep_ in ("appos", "compound", "poss", "amod", "nmod"))]
            modifiers = sorted((m for part in parts[1:] for m in _conjuncts(part)), key=lambda m: m.i)
            named = _unique([self.actor_at_token[m.i] for m in modifiers if m.i in self.actor_at_token])
            if len(named) > 1:  # "Thai and Cambodian troops": each state its modifiers name
                found += [a for a in named if a not in found]
                continue
            actor = next((self.actor_at_token[t.i] for t in parts if t.i in self.actor_at_token), None)
            if actor and actor not in found:
                found.append(actor)
        return found


def reference_date(article: Article, doc: Doc) -> date | None:
    """The publication date, or else the latest date the article writes out (an estimate from below)."""
    return article.published or _latest_explicit_date(doc)


def _as_party(mention: Mention, kb: KnowledgeBase) -> Mention:
    if mention.how_resolved != "knowledge_base:location":
        return mention
    entry = kb.lookup(mention.surface)
    return replace(mention, actor_id=entry.actor_id) if entry is not None else mention


def extract_events(context: ArticleContext) -> list[Event]:
    article, doc, index = context.article, context.doc, context.index
    rules = load_event_rules()
    estimate = None if article.published else _latest_explicit_date(doc)
    previous: date | None = None
    events = []
    for sent in doc.sents:
        for token in sent:
            event = _event_at(token, sent, article, index, rules, estimate, previous)
            if event is not None:
                events.append(event)
                previous = event.event_date or previous
    return events


def _event_at(token: Token, sent: Span, article: Article, index: MentionIndex, rules: EventRules,
              estimate: date | None, previous: date | None) -> Event | None:
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma in rules.verbs and not _excluded_object(token, rules):
        code, (sources, targets) = rules.verbs[lemma], _verb_actors(token, index, rules)
        if not targets and code[0] in rules.located_target_categories:
            targets = [a for a in _located_in(token, index) if a not in sources]
    elif token.pos_ in ("NOUN", "PROPN") and (lemma in rules.nouns or token.lower_ in rules.nouns):
        code = rules.nouns.get(token.lower_) or rules.nouns[lemma]
        if _told_by_its_verb(token, code[0], rules):
            return None
        sources, targets = _noun_actors(token, index, rules)
    else:
        return None
    if not sources and not targets:
        return None
    modality = modality_of(token, rules)
    when = _date_of(token, sent, article.published, estimate, previous, future=modality == "announced")
    modality = _with_date(modality, when, article.published, estimate, rules)
    source, target = _pair(sources, targets)
    return Event(
        doc_id=article.doc_id, start_char=sent.start_char, end_char=sent.start_char + len(sent.text.rstrip()),
        plover_type=code[0], mode=code[1], source_id=source, target_id=target,
        event_date=when.start if when else None, date_end=when.end if when else None,
        date_precision=when.precision if when else None, date_text=when.text if when else None,
        modality=modality, summary=_summary(token, sent), confidence=_confidence(token, source, target),
        trigger=token.text, trigger_start=token.idx, trigger_end=token.idx + len(token),
        vector=tuple(float(x) for x in sent.vector) if sent.has_vector else (),
        quantities=quantities_of(token, sent),
    )


def _told_by_its_verb(noun: Token, category: str, rules: EventRules) -> bool:
    """'will send 500 tonnes of food aid': the verb's event already is this one."""
    verb = next((t for t in noun.ancestors if t.pos_ == "VERB"), None)
    coded = rules.verbs.get(verb.lemma_.lower()) if verb is not None else None
    return coded is not None and coded[0] == category


def _excluded_object(verb: Token, rules: EventRules) -> bool:
    lemma = verb.lemma_.lower()
    excluded = rules.not_with_object.get(lemma, frozenset())
    if any(c.dep_ == "dobj" and c.lemma_.lower() in excluded for c in verb.children):
        return True
    required = rules.only_with.get(lemma)
    complements = {c.lemma_.lower() for c in verb.children if c.dep_ in ("dobj", "xcomp", "prt", "ccomp", "prep")}
    return required is not None and not complements & required


def _verb_actors(verb: Token, index: MentionIndex, rules: EventRules) -> tuple[list[str], list[str]]:
    sources: list[str] = []
    named_objects: list[str] = []  # "accused Russia": the object is the actor
    recipients: list[str] = []  # "send a team to Armenia", "signed an agreement with Armenia"
    modified_objects: list[str] = []  # "send a Customs and Border Patrol team": the actor only qualifies it
    subject = subject_of(verb)
    if subject is not None:
        (named_objects if subject.dep_ == "nsubjpass" else sources).extend(index.actors_of(subject))
    for child in verb.children:
        if child.dep_ == "agent":
            sources += [a for o in child.children if o.dep_ == "pobj" for a in index.actors_of(o)]
        elif child.dep_ == "dobj":
            head_actor = index.actor_at_token.get(child.i)
            (named_objects if head_actor else modified_objects).extend(index.actors_of(child))
            taking_part = child.lemma_.lower() in ("participation", "membership", "involvement")
            recipients += _prepositional(child, index, rules, also=("in",) if taking_part else ())
        elif child.dep_ == "dative":  # "gave Armenia aid", "send a team to Armenia"
            recipients += index.actors_of(child)
            recipients += [a for o in child.children if o.dep_ == "pobj" for a in index.actors_of(o)]
        elif child.dep_ in ("prep", "prt") and child.lower_ == "out":  # "out of the JCPOA"
            recipients += _prepositional(child, index, rules, also=("of",))
        elif child.dep_ == "prep" and child.lower_ in rules.target_prepositions:
            recipients += [a for o in child.children if o.dep_ == "pobj" for a in index.actors_of(o)]
        elif child.dep_ == "xcomp":  # "stopped participating in CSTO meetings"
            recipients += _prepositional(child, index, rules, also=("in",))
    if _out_of(verb, None):  # "pulled the United States out of the JCPOA": the object is who withdraws
        sources, named_objects = _unique(sources + named_objects), []
    targets = _unique(named_objects + recipients + modified_objects)
    return _unique(sources), [t for t in targets if t not in sources]


def _located_in(verb: Token, index: MentionIndex) -> list[str]:
    """Where a use of force happened, as its target: 'struck targets in southern Lebanon'."""
    heads = (verb, *(child for child in verb.children if child.dep_ == "dobj"))
    places = [prep for head in heads for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "in"]
    return _unique([a for prep in places for o in prep.children if o.dep_ == "pobj" for a in index.actors_of(o)])


def _governing_verb_of_argument(noun: Token) -> Token | None:
    """The verb a noun is the object of, directly or through 'into/in' ('enter into negotiations');
    not a verb it merely modifies ('accused X after the attack')."""
    if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
        return noun.head
    preposition = noun.head
    if noun.dep_ == "pobj" and preposition.lower_ in ("into", "in") and preposition.head.pos_ in ("VERB", "AUX"):
        return preposition.head
    return None


def _out_of(verb: Token, preposition: Token | None) -> bool:
    """A verb with 'out' ('pulled X out of Y'): X is who withdraws, Y what it withdraws from."""
    return any(c.dep_ in ("prt", "prep") and c.lower_ == "out" for c in verb.children)


def _noun_actors(noun: Token, index: MentionIndex, rules: EventRules) -> tuple[list[str], list[str]]:
    sources: list[str] = []
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            sources += index.actors_of(child)
        elif child.dep_ == "prep" and child.lower_ in ("by", "of"):
            sources += [a for o in child.children if o.dep_ == "pobj" for a in index.actors_of(o)]
    targets = _prepositional(noun, index, rules)
    if not sources:  # "will begin negotiations with Armenia", "will enter into negotiations": the verb's subject
        governor = _governing_verb_of_argument(noun)
        if governor is not None and governor.lemma_.lower() in rules.verbs:
            return [], []  # "concluded negotiations": the object of another event's verb is part of that event
        subject = subject_of(governor) if governor is not None else None
        if subject is not None and subject.dep_ != "nsubjpass":
            sources = index.actors_of(subject)
    return _unique(sources), [t for t in _unique(targets) if t not in sources]


def _prepositional(head: Token, index: MentionIndex, rules: EventRules, also: tuple[str, ...] = ()) -> list[str]:
    found = []
    for child in head.children:
        if child.dep_ == "prep" and (child.lower_ in rules.target_prepositions or child.lower_ in also):
            found += [a for o in child.children if o.dep_ == "pobj" for a in index.actors_of(o)]
    return found


def _pair(sources: list[str], targets: list[str]) -> tuple[str | None, str | None]:
    """'Mirzoyan and Blinken signed': with no object actor, coordinated parties are source and target."""
    if not targets and len(sources) > 1:
        return sources[0], sources[1]
    return (sources[0] if sources else None), (targets[0] if targets else None)


def modality_of(trigger: Token, rules: EventRules) -> str:
    # a noun's modality is that of the verb it hangs on: "will enter into negotiations"
    verb = next((t for t in [trigger, *trigger.ancestors] if t.pos_ in ("VERB", "AUX")), trigger.head)
    children = list(trigger.children) + ([] if verb is trigger else list(verb.children))
    if any(c.dep_ == "neg" for c in children) or any(
            c.dep_ == "det" and c.lower_ == "no" for c in trigger.children):
        return "negated"
    auxiliaries = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    modifiers = {c.lower_ for c in trigger.children if c.dep_ in ("amod", "mark")}
    if auxiliaries & rules.hypothetical_auxiliaries or modifiers & rules.hypothetical_markers \
            or any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in _clause(trigger).children):
        return "hypothetical"
    if auxiliaries & rules.future_auxiliaries or modifiers & {"upcoming", "planned", "future", "forthcoming"}:
        return "announced"
    if "would" in auxiliaries:
        return "announced" if _reported(trigger) else "hypothetical"
    if trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in rules.future_verbs:
        return "announced"
    return "past"


def _with_date(modality: str, when: ResolvedDate | None, published: date | None, estimate: date | None,
               rules: EventRules) -> str:
    """A date after publication makes a past-looking event announced; one well before it, historical.
    An estimated reference (the article's own latest date) only ever dates the article from below."""
    reference = published or estimate
    if when is None or when.start is None or reference is None or modality not in ("past", "announced"):
        return modality
    if published is not None and when.start > published:
        return "announced"
    if when.end is not None and when.end < reference - timedelta(days=rules.historical_days):
        return "historical"
    return modality


def _date_of(trigger: Token, sent: Span, published: date | None, estimate: date | None, previous: date | None,
             *, future: bool) -> ResolvedDate | None:
    """The date attached to the trigger; else the nearest in its clause; for the sentence's main verb, the
    nearest in the sentence ('Beginning in December 2022, activists blocked the corridor')."""
    dates = date_entities(sent)
    attached = [e for e in dates if trigger in e.root.ancestors and _hops(e.root, trigger) <= 4]
    same_clause = [e for e in dates if _clause(e.root).i == _clause(trigger).i]
    candidates = attached or same_clause or (dates if trigger.dep_ == "ROOT" else [])
    if not candidates:
        return None
    chosen = min(candidates, key=lambda e: abs(e.root.i - trigger.i))
    resolved = resolve_date(chosen.text, published=published, previous=previous, future=future, year_hint=estimate)
    return resolved if resolved.start is not None else ResolvedDate(chosen.text, None, None, None, resolved.note)


def _latest_explicit_date(doc: Doc) -> date | None:
    """With no publication date, the latest date the article writes out with its year (a day, a month or part
    of one; a bare year is too coarse) anchors the dates it gives without one."""
    dates = [resolve_date(e.text, published=None) for e in date_entities(doc[:])]
    ends = [d.end for d in dates if d.precision in ("day", "month", "range") and d.end is not None]
    return max(ends) if ends else None


def _hops(token: Token, ancestor: Token) -> int:
    """Steps up the tree from token to ancestor (spaCy makes a new Token object per access: compare .i)."""
    hops = 0
    while token.i != ancestor.i and token.head.i != token.i:
        token, hops = token.head, hops + 1
    return hops


def _clause(token: Token) -> Token:
    """The head of the clause a token is in; a verb joined by 'and' heads a clause of its own."""
    while token.head.i != token.i and not (token.dep_ in ("ROOT", "ccomp", "advcl", "relcl", "xcomp")
                                           or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"))):
        token = token.head
    return token


def _reported(token: Token) -> bool:
    """'Blinken said the US would send a team': future in reported speech, not a hypothesis."""
    return any(a.dep_ == "ccomp" or a.lemma_.lower() in ("say", "announce", "tell", "state") for a in token.ancestors)


def _conjuncts(head: Token) -> list[Token]:
    found, frontier = [head], [head]
    for _ in range(_CONJ_DEPTH):
        frontier = [c for t in frontier for c in t.children if c.dep_ == "conj"]
        found += frontier
    return found


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _summary(trigger: Token, sent: Span) -> str:
    text = " ".join(sent.text.split())
    return text if len(text) <= 240 else text[:237] + "…"


def _confidence(trigger: Token, source: str | None, target: str | None) -> float:
    base = 0.85 if source and target else 0.65
    return round(base - (0.1 if trigger.pos_ == "NOUN" else 0.0), 2)
