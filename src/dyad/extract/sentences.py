"""Sentences with their character spans: what every later record and every briefing line cites."""

from __future__ import annotations

from dyad.extract.context import ArticleContext
from dyad.extract.tokens import ArticleTokens
from dyad.records import Sentence


def extract_sentences(context: ArticleContext) -> list[Sentence]:
    tokens = ArticleTokens.of(context.doc)
    texts = ((sent.start_char, tokens.span_text(sent)) for sent in context.doc.sents)
    spans = ((start, text) for start, text in texts if text.strip())
    return [Sentence(context.article.doc_id, index, start, start + len(text.rstrip()))
            for index, (start, text) in enumerate(spans)]
