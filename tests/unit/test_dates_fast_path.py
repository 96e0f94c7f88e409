"""The calendar reads a day-month-year date as dateparser does: resolve_date's fast path changes no output.

`_explicit` asks the calendar first and dateparser only when the calendar has no such day, so the output is
unchanged exactly when the two agree on every day the calendar holds, for every month spelling the month
pattern can match (full names and abbreviations, in any case) and every way the day may be written ('7',
'07'). Hypothesis draws the dates; the days dateparser reads oddly ('00 May 2024' is 2 May) never reach the
fast path, and that is checked too.
"""

from __future__ import annotations

import calendar
from datetime import date

import dateparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.extract.dates import _MONTHS, _calendar_day, _explicit, _YearAnchor

MONTH_SPELLINGS = sorted({form for name in _MONTHS for form in (name, name.title(), name.upper())})


def dateparser_day(text: str) -> date | None:
    parsed = dateparser.parse(text, languages=["en"])
    return None if parsed is None else parsed.date()


@st.composite
def calendar_dates(draw: st.DrawFn) -> tuple[str, int, int, int]:
    year = draw(st.integers(1800, 2099))  # what _YEAR matches, and the years a reference date gives
    spelling = draw(st.sampled_from(MONTH_SPELLINGS))
    month = _MONTHS[spelling.lower()]
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    written = draw(st.sampled_from([str(day), f"{day:02}"]))
    return f"{written} {spelling} {year}", day, month, year


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendar_dates())
def test_the_calendar_reads_a_date_as_dateparser_does(case: tuple[str, int, int, int]):
    text, day, month, year = case
    assert _calendar_day(day, month, year) == dateparser_day(text)


def test_every_day_of_a_leap_and_a_common_year():
    """Exhaustive over the days, where month lengths and leap years could go wrong (full month names: the
    spellings are the drawn test's part, as dateparser is slow)."""
    days = [(year, month) for year in (2023, 2024) for month in range(1, 13)] + [(1900, 2), (2000, 2)]
    for year, month in days:
        name = calendar.month_name[month]
        for day in range(1, calendar.monthrange(year, month)[1] + 1):
            assert _calendar_day(day, month, year) == dateparser_day(f"{day} {name} {year}"), (day, name, year)


def test_days_outside_the_calendar_are_left_to_dateparser():
    for day, month, year in ((0, 5, 2024), (31, 6, 2024), (29, 2, 2023), (30, 2, 2024), (35, 5, 2024)):
        assert _calendar_day(day, month, year) is None
    # dateparser's own reading stands for them, odd as it is
    anchor = _YearAnchor(date(2024, 6, 1))
    assert _explicit("00 May 2024", "00 May 2024", anchor).start == dateparser_day("00 May 2024")
    assert _explicit("31 June 2024", "31 June 2024", anchor).note == "not a valid calendar date"
