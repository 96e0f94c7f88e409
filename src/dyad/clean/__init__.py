"""Clean: from raw bytes to an Article — decoded, stripped of page furniture, dated, language known."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dyad.clean.html import extract_html
from dyad.clean.language import detect_language
from dyad.clean.metadata import first_date, first_text
from dyad.clean.text import CleanedText, clean_text
from dyad.errors import RejectedInputError
from dyad.ingest.decode import decode_bytes
from dyad.records import Article, RawDocument, RemovedSpan

# A one-sentence article ("Germany invaded France.") is an article: two words are the least a sentence has.
MIN_BODY_WORDS = 2
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True, slots=True)
class _PageFacts:
    """What the page itself says about the article (HTML metadata or text cues)."""

    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    date_text: str | None = None
    url: str | None = None


def clean(raw: RawDocument) -> Article:
    """Turn one raw document into a clean Article; raises RejectedInputError when nothing usable is left."""
    decoded = decode_bytes(raw.content)
    removed: list[RemovedSpan] = []
    if raw.content_type == "html":
        page = extract_html(decoded.text, url=raw.url)
        removed.append(RemovedSpan(-1, -1, "html_boilerplate", _html_removal_note(page.page_chars, page.text)))
        cleaned = clean_text(page.text, outlet=page.outlet)
        facts = _PageFacts(
            first_text(page.title, cleaned.title),
            first_text(page.author, cleaned.author),
            page.outlet,
            first_text(page.date_text, cleaned.date_text),
            page.url,
        )
    else:
        cleaned = clean_text(decoded.text, outlet=first_text(raw.meta.get("outlet")))
        facts = _PageFacts(cleaned.title, cleaned.author, cleaned.outlet, cleaned.date_text, cleaned.url)
    if len(_WORD.findall(cleaned.body)) < MIN_BODY_WORDS:
        raise RejectedInputError("empty_body", f"{len(cleaned.body)} characters left after cleaning")
    return _article(raw, decoded.encoding, cleaned, facts, removed + cleaned.removed)


def _article(
    raw: RawDocument, encoding: str, cleaned: CleanedText, facts: _PageFacts, removed: list[RemovedSpan]
) -> Article:
    meta = raw.meta
    published, published_source = first_date(
        [("manifest", meta.get("published")), ("record", meta.get("date")), ("page", facts.date_text)]
    )
    language = detect_language(cleaned.body, declared=first_text(meta.get("language"), meta.get("lang")))
    return Article(
        doc_id=raw.doc_id,
        source=raw.source,
        body=cleaned.body,
        content_type=raw.content_type,
        encoding=encoding,
        raw_sha256=raw.doc_id,
        url=first_text(raw.url, facts.url),
        outlet=first_text(meta.get("outlet"), meta.get("site"), facts.outlet),
        title=first_text(meta.get("title"), facts.title),
        author=first_text(meta.get("author"), facts.author),
        published=published,
        published_source=published_source,
        language=language.code,
        language_score=language.probability,
        removed_spans=removed,
        meta=meta,
    )


def _html_removal_note(page_chars: int, text: str) -> str:
    return f"{page_chars - len(text):,} of {page_chars:,} page characters (markup, navigation, comments) dropped"
