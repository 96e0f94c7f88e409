"""Article text and metadata from an HTML page: trafilatura for the body, htmldate for the date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dyad.clean.nesting import PARSER_DEPTH, flatten_deep_html, nesting_depth
from dyad.errors import RejectedInputError


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    text: str
    title: str | None
    author: str | None
    outlet: str | None
    date_text: str | None
    url: str | None
    page_chars: int  # characters of visible page text before extraction, for the removal record


def extract_html(html: str, *, url: str | None = None) -> HtmlArticle:
    """Main text without navigation, widgets or reader comments; raises RejectedInputError if there is none."""
    if nesting_depth(html) > PARSER_DEPTH:  # libxml2 would drop what lies deeper, text included
        html = flatten_deep_html(html)
    document = _extract(html, url)
    text = (document.text if document else "") or ""
    if not text.strip():
        raise RejectedInputError("no_article_text", "trafilatura found no main text in the page")
    return HtmlArticle(
        text=text,
        title=document.title or None,
        author=document.author or None,
        outlet=document.sitename or None,
        date_text=_publication_date(html, url) or document.date,
        url=document.url or url,
        page_chars=len(html),
    )


def _extract(html: str, url: str | None) -> Any:
    import trafilatura  # here, not above: a run of plain-text articles never needs it (0.8 s to import)

    try:
        return trafilatura.bare_extraction(
            html, url=url, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True
        )
    except (ValueError, TypeError) as error:  # lxml rejects some malformed documents outright
        raise RejectedInputError("no_article_text", f"the HTML could not be parsed: {error}") from error


def _publication_date(html: str, url: str | None) -> str | None:
    import htmldate  # here, not above, as trafilatura

    try:
        return htmldate.find_date(html, url=url, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        return None
