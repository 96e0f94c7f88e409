"""Date expressions resolved against a publication date, on phrases written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from dyad.extract.dates import resolve_date

PUBLISHED = date(2025, 1, 15)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("On January 9", date(2025, 1, 9), date(2025, 1, 9), "day"),
        ("June 11, 2024", date(2024, 6, 11), date(2024, 6, 11), "day"),
        ("14 January 2025", date(2025, 1, 14), date(2025, 1, 14), "day"),
        ("in May 2018", date(2018, 5, 1), date(2018, 5, 31), "month"),
        ("September 2023", date(2023, 9, 1), date(2023, 9, 30), "month"),
        ("2022", date(2022, 1, 1), date(2022, 12, 31), "year"),
        ("late 2024", date(2024, 9, 1), date(2024, 12, 31), "range"),
        ("early December 2024", date(2024, 12, 1), date(2024, 12, 10), "range"),
        ("next week", date(2025, 1, 20), date(2025, 1, 26), "range"),
        ("last week", date(2025, 1, 6), date(2025, 1, 12), "range"),
        ("in the coming weeks", date(2025, 1, 16), date(2025, 2, 26), "range"),
        ("yesterday", date(2025, 1, 14), date(2025, 1, 14), "day"),
        ("on Tuesday", date(2025, 1, 14), date(2025, 1, 14), "day"),
        ("on December 30", date(2024, 12, 30), date(2024, 12, 30), "day"),
        ("last month", date(2024, 12, 1), date(2024, 12, 31), "month"),
        ("this month", date(2025, 1, 1), date(2025, 1, 31), "month"),
        ("next month", date(2025, 2, 1), date(2025, 2, 28), "month"),
        ("later this month", date(2025, 1, 15), date(2025, 1, 31), "range"),
        ("earlier this month", date(2025, 1, 1), date(2025, 1, 15), "range"),
        ("earlier this week", date(2025, 1, 13), date(2025, 1, 15), "range"),
        ("later this week", date(2025, 1, 15), date(2025, 1, 19), "range"),
        ("last year", date(2024, 1, 1), date(2024, 12, 31), "year"),
        ("later this year", date(2025, 1, 15), date(2025, 12, 31), "range"),
        ("later today", date(2025, 1, 15), date(2025, 1, 15), "day"),
    ],
)
def test_resolved_against_the_publication_date(text: str, start: date, end: date, precision: str):
    resolved = resolve_date(text, published=PUBLISHED)
    assert (resolved.start, resolved.end, resolved.precision, resolved.text) == (start, end, precision, text)


def test_the_next_day_counts_from_the_previous_date_in_the_text():
    assert resolve_date("the next day", published=PUBLISHED, previous=date(2025, 1, 9)).start == date(2025, 1, 10)
    missing = resolve_date("the next day", published=PUBLISHED)
    assert (missing.start, missing.note) == (None, "no earlier date in the text to count from")


def test_announced_dates_without_a_year_lie_ahead():
    assert resolve_date("by the end of March", published=PUBLISHED, future=True).start == date(2025, 3, 22)
    assert resolve_date("in March", published=PUBLISHED).start == date(2024, 3, 1)


def test_unknown_publication_date_is_said_and_explicit_dates_still_resolve():
    assert resolve_date("next week", published=None).note == "publication date unknown"
    assert resolve_date("on January 9", published=None).note == "no year, and the publication date is unknown"
    assert resolve_date("June 11, 2024", published=None).start == date(2024, 6, 11)


def test_not_a_date():
    assert resolve_date("the summit", published=PUBLISHED).precision is None


def test_a_month_that_crosses_the_year():
    assert resolve_date("next month", published=date(2024, 12, 20)).start == date(2025, 1, 1)
