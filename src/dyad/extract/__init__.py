"""Extract: records from one parsed article. Each extractor has one job and one output table."""

from __future__ import annotations

from spacy.tokens import Doc

from dyad.extract.actors import extract_actors
from dyad.extract.sentences import extract_sentences
from dyad.knowledge.base import load_knowledge
from dyad.records import Article, DocumentRecords


def extract_records(article: Article, doc: Doc) -> DocumentRecords:
    """All records the extractors find in one parsed article, each with its span into article.body."""
    actors = extract_actors(article, doc, load_knowledge())
    return DocumentRecords(
        article=article,
        parsed=True,
        n_words=sum(1 for token in doc if token.is_alpha),
        sentences=extract_sentences(article.doc_id, doc),
        mentions=actors.mentions,
        actors=list(actors.facts.values()),
    )
