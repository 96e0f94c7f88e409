"""Sentences with their character spans: what every later record and every briefing line cites."""

from __future__ import annotations

from dyad.extract.context import ArticleContext
from dyad.records import Sentence


def extract_sentences(context: ArticleContext) -> list[Sentence]:
    doc_id, spans = context.article.doc_id, (sent for sent in context.doc.sents if sent.text.strip())
    return [
        Sentence(doc_id, index, sent.start_char, sent.start_char + len(sent.text.rstrip()))
        for index, sent in enumerate(spans)
    ]
