"""Article metadata from every place it can come from, in order of trust."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import dateparser

_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}


def parse_date(value: Any) -> date | None:
    """A calendar date from an ISO string, a datetime or free text ('27 February 2025'); None if unsure."""
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
