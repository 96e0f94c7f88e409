"""Extract: records from one parsed article. Each extractor has one job and one output table."""

from __future__ import annotations

from spacy.tokens import Doc

from dyad.extract.actors import extract_actors
from dyad.extract.commitments import extract_commitments
from dyad.extract.events import MentionIndex, extract_events, reference_date
from dyad.extract.lists import repeated_list_items
from dyad.extract.quotes import extract_quotes
from dyad.extract.relations import extract_relations
from dyad.extract.sentences import extract_sentences
from dyad.extract.stance import extract_stances
from dyad.knowledge.base import load_knowledge
from dyad.records import Article, DocumentRecords


def extract_records(article: Article, doc: Doc) -> DocumentRecords:
    """All records the extractors find in one parsed article, each with its span into article.body."""
    kb = load_knowledge()
    actors = extract_actors(article, doc, kb)
    mentions = sorted(actors.mentions, key=lambda m: (m.start_char, m.end_char))
    people = {fact.actor_id: fact for fact in actors.facts.values() if fact.kind == "person"}
    index = MentionIndex.build(doc, mentions, kb)
    events = extract_events(article, doc, index)
    quotes = extract_quotes(article, doc, mentions, people, kb)
    outlet = next((f.actor_id for f in actors.facts.values() if f.kind == "outlet"), None)
    parties = {f.actor_id: f.country if f.kind in ("person", "institution") else None if f.kind == "place"
               else f.actor_id for f in actors.facts.values()}
    return DocumentRecords(
        article=article,
        parsed=True,
        n_words=sum(1 for token in doc if token.is_alpha),
        sentences=extract_sentences(article.doc_id, doc),
        mentions=mentions,
        actors=list(actors.facts.values()),
        quotes=quotes,
        stances=extract_stances(article, doc, quotes, outlet, index, parties),
        events=events,
        relations=extract_relations(article, doc, index, kb, reference_date(article, doc), parties),
        commitments=extract_commitments(article, doc, events),
        claims=repeated_list_items(article, doc, MentionIndex.build(doc, mentions),
                                   {f.actor_id: f.name for f in actors.facts.values()}),
    )
