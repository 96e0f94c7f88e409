"""Extract: records from one parsed article. Each extractor has one job and one output table.

The article's context (mentions, actor facts, the actor index, the reference date) is built once here and
every extractor reads it; an extractor that builds on another's records takes them as its second argument.
"""

from __future__ import annotations

from spacy.attrs import IS_ALPHA
from spacy.tokens import Doc

from dyad.extract.actors import extract_actors
from dyad.extract.appraisals import extract_appraisals
from dyad.extract.commitments import extract_commitments
from dyad.extract.context import ArticleContext
from dyad.extract.coreference import resolve_coreference
from dyad.extract.event_references import with_references
from dyad.extract.events import extract_events, reference_date
from dyad.extract.lists import repeated_list_items
from dyad.extract.mediation import with_mediations
from dyad.extract.mention_index import MentionIndex
from dyad.extract.outcomes import with_outcomes
from dyad.extract.parties import code_parties
from dyad.extract.plural_parties import resolve_plural_parties
from dyad.extract.quotes import extract_quotes
from dyad.extract.relations import extract_relations
from dyad.extract.sentences import extract_sentences
from dyad.extract.stance import extract_stances
from dyad.knowledge.base import KnowledgeBase, load_knowledge
from dyad.records import Article, DocumentRecords

__all__ = ["ArticleContext", "build_context", "extract_records"]


def build_context(article: Article, doc: Doc, kb: KnowledgeBase | None = None) -> ArticleContext:
    """The shared context of one parsed article: its actors found once, pronouns and descriptions resolved to
    them, all indexed once."""
    kb = kb or load_knowledge()
    actors = extract_actors(article, doc, kb)
    named = sorted(actors.mentions, key=lambda m: (m.start_char, m.end_char))
    coreferent = resolve_coreference(article.doc_id, doc, named, actors.facts, kb)
    mentions = sorted([*named, *coreferent], key=lambda m: (m.start_char, m.end_char))
    plural = resolve_plural_parties(article.doc_id, doc, mentions, actors.facts, kb)  # "the two sides"
    groups = {group.head: group.members for group in plural}
    mentions = sorted([*mentions, *(group.mention for group in plural)], key=lambda m: (m.start_char, m.end_char))
    return ArticleContext(
        article=article, doc=doc, kb=kb, mentions=mentions, actors=actors.facts,
        index=MentionIndex.build(doc, mentions, kb, groups),
        named_index=MentionIndex.build(doc, mentions, groups=groups),
        reference=reference_date(article, doc),
    )


def extract_records(article: Article, doc: Doc) -> DocumentRecords:
    """All records the extractors find in one parsed article, each with its span into article.body."""
    context = build_context(article, doc)
    found = extract_events(context)
    found = with_outcomes(context, with_mediations(context, found + extract_appraisals(context, found)))
    # later references ('the agreement', 'the visit') are mentions of the events the article told before
    referred = with_references(context, found)
    told = code_parties(referred.told, context.actors, context.kb)
    events = told + code_parties(referred.mentioned_again, context.actors, context.kb)
    quotes = extract_quotes(context)
    return DocumentRecords(
        article=article,
        parsed=True,
        n_words=int(doc.to_array(IS_ALPHA).sum()),  # one array read, not a Token per word
        sentences=extract_sentences(context),
        mentions=context.mentions,
        actors=list(context.actors.values()),
        quotes=quotes,
        stances=extract_stances(context, quotes),
        events=events,
        relations=extract_relations(context),
        commitments=extract_commitments(context, told),  # a later mention undertakes nothing new
        claims=repeated_list_items(context),
    )
