"""Sentences with their character spans: what every later record and every briefing line cites."""

from __future__ import annotations

from spacy.tokens import Doc

from dyad.records import Sentence


def extract_sentences(doc_id: str, doc: Doc) -> list[Sentence]:
    spans = (sent for sent in doc.sents if sent.text.strip())
    return [
        Sentence(doc_id, index, sent.start_char, sent.start_char + len(sent.text.rstrip()))
        for index, sent in enumerate(spans)
    ]
