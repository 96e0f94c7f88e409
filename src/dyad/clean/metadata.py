"""Article metadata from every place it can come from, in order of trust."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import dateparser

_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
# Free text must write its year out: "yesterday" or "3 hours ago" would date the article by the day of the run.
_WRITTEN_YEAR = re.compile(r"(?<!\d)(1[89]|2\d)\d{2}(?!\d)")


def parse_date(value: Any) -> date | None:
    """A calendar date from an ISO string, a datetime or free text ('27 February 2025'); None if unsure or
    relative ('yesterday', '3 hours ago')."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        if not _WRITTEN_YEAR.search(text):
            return None
        parsed = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
        return parsed.date() if parsed else None


def first_text(*values: Any) -> str | None:
    """The first value that is a non-blank string, stripped."""
    return next((v.strip() for v in values if isinstance(v, str) and v.strip()), None)


def first_date(candidates: list[tuple[str, Any]]) -> tuple[date | None, str | None]:
    """The first (source name, value) pair that parses as a date, as (date, source name)."""
    for source, value in candidates:
        parsed = parse_date(value)
        if parsed:
            return parsed, source
    return None, None
