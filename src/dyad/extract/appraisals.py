"""Appraisals: calling something a success or a mistake is praise or criticism of whose it is.

"Blinken described the agreement as a milestone", "Pashinyan called the Russia-Armenia alliance a strategic
mistake", "over what it termed a failure by Chile", "Lavrov spoke critically about Armenia-Russia
relations": a verb that says what its object is (or a verb of saying with an adverb of praise or blame),
whose predicate is a word of praise or blame, is PLOVER's SUPPORT (CAMEO 051 praise) or DISAPPROVE (CAMEO 111
criticise), from its subject toward the parties of what it appraises other than the subject's own: those
its phrase names, those the predicate names ("a failure by Russia"), or those of the event it refers back
to ("the agreement": the one the article told). The words are data (data/event_references.toml).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from dyad.extract.context import ArticleContext
from dyad.extract.dates import ResolvedDate
from dyad.extract.event_lexicon import load_event_rules
from dyad.extract.event_references import Antecedents, event_reference_data, reference_words
from dyad.extract.event_roles import clause_subject
from dyad.extract.events import dated, modality_of, speech_verbs
from dyad.extract.mention_index import MentionIndex, unique
from dyad.extract.tokens import ArticleTokens
from dyad.records import Event

__all__ = ["AppraisalWords", "appraisal_words", "extract_appraisals"]

PRAISE, BLAME = "SUPPORT", "DISAPPROVE"
_MAX_TARGETS = 2  # "called the Armenia-Azerbaijan-Turkey talks a farce": a list is no appraisal of one party


@dataclass(frozen=True, slots=True)
class AppraisalWords:
    verbs: frozenset[str]
    praise: frozenset[str]
    criticism: frozenset[str]
    praising_adverbs: frozenset[str]
    critical_adverbs: frozenset[str]


@cache
def appraisal_words() -> AppraisalWords:
    raw = event_reference_data()
    return AppraisalWords(**{name: frozenset(raw["appraisals"][name]) for name in AppraisalWords.__dataclass_fields__})


def extract_appraisals(context: ArticleContext, events: list[Event]) -> list[Event]:
    """Praise and criticism the article reports, beside the events already found (a verb coded as an event
    of its own, 'condemned the attack', is not read again)."""
    rules = load_event_rules()
    coded = {e.trigger_start for e in events}
    antecedents = Antecedents(context, events)
    found: list[Event] = []
    doc, parts = context.doc, ArticleTokens.of(context.doc).parts
    for token in (doc[i] for i, part in enumerate(parts) if part == "VERB"):  # only a verb appraises
        if token.idx in coded:
            continue
        category, appraised = _appraisal(token)
        if category is None or rules.verb_code(token) is not None:  # the cheaper test first
            continue
        subject = _subject(token)
        sources = context.index.actors_of(subject) if subject is not None else []
        if not sources:
            continue
        own = {antecedents.state(a) for a in sources}
        targets = [a for a in unique([a for thing in appraised for a in _parties_of(thing, context.index,
                                                                                       antecedents, sources[0])])
                   if antecedents.state(a) not in own]
        if not targets or len({antecedents.state(a) for a in targets}) > _MAX_TARGETS:
            continue
        when, modality = dated(token, context.article, context.reference, modality_of(token, rules))
        found += [_event(token, token.sent, category, sources[0], target, modality, context, when)
                  for target in targets]
    return found


def _appraisal(verb: Token) -> tuple[str | None, list[Token]]:
    """The category of an appraisal and what it appraises (the object, what the predicate names, what it is
    said about), or (None, []) when the verb appraises nothing."""
    words = appraisal_words()
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.tag_ not in ("WP", "WDT")]
    if verb.lemma_.lower() in words.verbs:
        # "called X a mistake" (a predicate), "described X as a milestone" (on the verb or on its object)
        predicates = [c for c in verb.children if c.dep_ in ("oprd", "acomp", "ccomp") and c.pos_ in ("NOUN", "ADJ")]
        predicates += [o for head in (verb, *objects) for p in head.children if p.dep_ == "prep" and p.lower_ == "as"
                       for o in p.children if o.dep_ == "pobj"]
        category = next((c for c in map(_judgement, predicates) if c is not None), None)
        if category is None:
            return None, []
        return category, objects + [o for p in predicates for prep in p.children if prep.dep_ == "prep"
                                    and prep.lower_ in ("by", "of") for o in prep.children if o.dep_ == "pobj"]
    if verb.lemma_.lower() in speech_verbs():  # "spoke critically about the relations"
        adverbs = {c.lower_ for c in verb.children if c.dep_ == "advmod"}
        category = BLAME if adverbs & words.critical_adverbs else PRAISE if adverbs & words.praising_adverbs else None
        about = reference_words().about_prepositions
        told = [o for p in verb.children if p.dep_ == "prep" and p.lower_ in about for o in p.children
                if o.dep_ == "pobj"]
        return (category, objects + told) if category is not None else (None, [])
    return None, []


def _judgement(predicate: Token) -> str | None:
    """Praise or blame in a predicate: its head word, a modifier of it, or the head with the word after it
    ('a landmark achievement', 'a strategic mistake', 'a step forward')."""
    words = appraisal_words()
    said = {predicate.lemma_.lower(), predicate.lower_}
    said |= {c.lemma_.lower() for c in predicate.children if c.dep_ in ("amod", "compound")}
    if predicate.i + 1 < len(predicate.doc):
        said.add(f"{predicate.lower_} {predicate.doc[predicate.i + 1].lower_}")
    if said & words.criticism:
        return BLAME
    return PRAISE if said & words.praise else None


def _subject(verb: Token) -> Token | None:
    """Who appraises: the verb's subject, or that of the clause it depends on ('went so far as to call')."""
    subject = clause_subject(verb)
    if subject is not None:
        return subject
    return next((c for a in verb.ancestors if a.pos_ in ("VERB", "AUX") for c in a.children
                 if c.dep_ == "nsubj"), None)


def _parties_of(thing: Token, index: MentionIndex, antecedents: Antecedents, source: str) -> list[str]:
    """Whose the appraised thing is: the actors its phrase names ('the Russia-Armenia alliance', 'the state
    of Armenia-Russia relations', 'a failure by Russia'), else the parties of the event it refers back to."""
    named = [index.actor_at_token[t.i] for t in thing.subtree if t.i in index.actor_at_token
             and not any(a.dep_ in ("relcl", "acl") and a.i in {x.i for x in thing.subtree} for a in t.ancestors)]
    if named:
        return unique(named)
    referred = antecedents.referred(thing, with_party=source)
    return [a for a in (referred.source_id, referred.target_id) if a] if referred is not None else []


def _event(verb: Token, sent: Span, category: str, source: str, target: str, modality: str,
           context: ArticleContext, when: ResolvedDate | None) -> Event:
    text = " ".join(sent.text.split())
    known = when is not None and when.start is not None
    return Event(
        doc_id=context.article.doc_id, start_char=sent.start_char, end_char=sent.start_char + len(sent.text.rstrip()),
        plover_type=category, mode=None, source_id=source,
        target_id=target, event_date=when.start if known else None, date_end=when.end if known else None,
        date_precision=when.precision if known else None, date_text=when.text if when else None, modality=modality,
        summary=text if len(text) <= 240 else text[:237] + "…", confidence=0.6, trigger=verb.text,
        trigger_start=verb.idx, trigger_end=verb.idx + len(verb),
        vector=tuple(float(x) for x in sent.vector) if sent.has_vector else (),
    )
