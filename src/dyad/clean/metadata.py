"""Article metadata from every place it can come from, in order of trust."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
# Two days far apart: a date that parses the same against both does not depend on the day it is read.
_RELATIVE_BASES = (datetime(2001, 3, 15), datetime(2017, 10, 4))


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
        return _absolute_date(text)


def _absolute_date(text: str) -> date | None:
    """The date free text names, or None when it names none or only one relative to today ("yesterday",
    "2 days ago"): taken as the run's day, a stored date would change with the day Dyad ran."""
    import dateparser  # here, not above: ISO dates and articles without a free-text date never need it
    parsed = [
        dateparser.parse(text, languages=["en"], settings={**_DATEPARSER_SETTINGS, "RELATIVE_BASE": base})
        for base in _RELATIVE_BASES
    ]
    if parsed[0] is None or any(other != parsed[0] for other in parsed[1:]):
        return None
    return parsed[0].date()


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
