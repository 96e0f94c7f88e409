"""Dates as news writes them, resolved to a calendar span with a precision, the original text always kept.

Explicit dates ("June 11, 2024", "in May 2018", "2022") are read with the month names and the calendar
(dateparser only for a day the calendar lacks); precision is read from what the text gives (a day, a month,
only a year). Parts of periods ("late 2024", "early December 2024") become ranges. Expressions relative to
the publication date ("next week", "last week", "in the coming weeks", "on Tuesday") need one; expressions
relative to the previous date in the text ("the next day") need that. A date with no year ("on January 9")
takes the year that puts it nearest before the reference date.
What cannot be resolved is returned with no dates and a note saying why.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from dyad.data_files import data_toml
from dyad.extract.entities import entities_in

if TYPE_CHECKING:  # Span only annotates; spaCy is loaded by whoever made the Doc
    from spacy.tokens import Span

_LEADING_PREPOSITION = re.compile(r"^(on|in|since|by|until|till|from|at|during|as of|before|after)\s+", re.I)
_POSSESSIVE = re.compile(r"['’]s?$")  # "this week's talks", "last year’s"
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTH = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?", re.I)
_DAY = re.compile(r"\b([0-3]?\d)(st|nd|rd|th)?\b")
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_PART = re.compile(r"^(early|late|mid|mid-|the end of|the beginning of|the start of|the middle of)\s*-?\s*(.+)$", re.I)


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    text: str
    start: date | None
    end: date | None
    precision: str | None  # day | month | year | range; None when unresolved
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RelativeRules:
    to_previous: dict[str, int]  # phrase → days after the previous date in the text
    to_publication: dict[str, tuple[int, int]]  # phrase → (first, last) day offsets from publication
    calendar: dict[str, tuple[str, int, str]]  # "later this month" → ("month", 0, "after")
    seasons: dict[str, tuple[int, int]]  # "winter" → (12, 2)

    @property
    def one_word(self) -> frozenset[str]:
        """'today', 'yesterday': relative days written as one word, which the NER does not always mark."""
        return frozenset(k for k in self.to_publication if " " not in k)


@cache
def _rules() -> RelativeRules:
    raw = data_toml("dates.toml")
    return RelativeRules(
        {k: int(v) for k, v in raw["relative_to_previous"].items()},
        {k: (int(v[0]), int(v[1])) for k, v in raw["relative_to_publication"].items()},
        {k: (str(v[0]), int(v[1]), str(v[2])) for k, v in raw["calendar"].items()},
        {k: (int(v[0]), int(v[1])) for k, v in raw["seasons"].items()},
    )


# The same expression is resolved for each event it dates and again for the article's latest date: dateparser
# is slow, and the result depends on the arguments alone (ResolvedDate is frozen, so sharing it is safe).
@lru_cache(maxsize=8192)
def resolve_date(text: str, *, published: date | None, previous: date | None = None,
                 future: bool = False, year_hint: date | None = None) -> ResolvedDate:
    """Resolve one date expression; `published` anchors relative ones, `previous` anchors 'the next day';
    `future` (an announced event) places a date without a year after publication rather than before.
    `year_hint`, used only when the publication date is unknown, is a date the article itself gives: a
    date without a year takes the year that puts it nearest to it; relative expressions stay unresolved."""
    phrase = _POSSESSIVE.sub("", _LEADING_PREPOSITION.sub("", text.strip().rstrip(".,")).strip())
    lowered = phrase.lower()
    rules = _rules()
    if lowered in rules.to_previous:
        if previous is None:
            return ResolvedDate(text, None, None, None, "no earlier date in the text to count from")
        day = previous + timedelta(days=rules.to_previous[lowered])
        return ResolvedDate(text, day, day, "day")
    if lowered in rules.to_publication or lowered in rules.calendar or lowered in _WEEKDAYS:
        return _relative_to_publication(text, lowered, published, rules, future=future)
    season = _SEASON.match(lowered)
    if season and season.group(2) in rules.seasons:
        return _season(text, season.group(1), rules.seasons[season.group(2)], season.group(3), published)
    part = _PART.match(phrase)
    anchor = _YearAnchor(published, future) if published else _YearAnchor(year_hint, future, nearest=True)
    if part:
        return _part_of_period(text, part.group(1).lower(), part.group(2), anchor)
    return _explicit(text, phrase, anchor)


def _relative_to_publication(text: str, lowered: str, published: date | None, rules: RelativeRules, *,
                             future: bool = False) -> ResolvedDate:
    if published is None:
        return ResolvedDate(text, None, None, None, "publication date unknown")
    if lowered in rules.calendar:
        return _calendar_period(text, published, *rules.calendar[lowered])
    if lowered in _WEEKDAYS:  # the last such day on or before publication; for what is announced, the next
        if future:
            day = published + timedelta(days=(_WEEKDAYS[lowered] - published.weekday()) % 7)
        else:
            day = published - timedelta(days=(published.weekday() - _WEEKDAYS[lowered]) % 7)
        return ResolvedDate(text, day, day, "day")
    first, last = rules.to_publication[lowered]
    start, end = published + timedelta(days=first), published + timedelta(days=last)
    return ResolvedDate(text, start, end, "day" if start == end else "range")


def _calendar_period(text: str, published: date, unit: str, offset: int, part: str) -> ResolvedDate:
    """'last month', 'later this month', 'earlier this week': a calendar week, month or year, or the part of
    it before or after publication; a whole month or year keeps that precision."""
    if unit == "week":
        start = published - timedelta(days=published.weekday()) + timedelta(weeks=offset)
        end, precision = start + timedelta(days=6), "range"
    elif unit == "month":
        months = published.year * 12 + published.month - 1 + offset
        year, month = divmod(months, 12)
        start = date(year, month + 1, 1)
        end, precision = date(year, month + 1, calendar.monthrange(year, month + 1)[1]), "month"
    else:
        start, end, precision = date(published.year + offset, 1, 1), date(published.year + offset, 12, 31), "year"
    if part == "before":
        start, end, precision = start, min(end, published), "range"
    elif part == "after":
        start, end, precision = max(start, published), end, "range"
    return ResolvedDate(text, start, end, precision)


_SEASON = re.compile(r"^(?:(last|this|next|the)\s+)?([a-z]+)(?:\s+(?:of\s+)?(1[89]\d\d|20\d\d))?$")


def _season(text: str, which: str | None, months: tuple[int, int], year: str | None,
            published: date | None) -> ResolvedDate:
    """'last winter': the latest such season over before publication; 'this summer' the one of the
    publication's year; 'next spring' the first to begin after it; 'the winter of 2022' the one beginning then."""
    first, last = months

    def span(start_year: int) -> tuple[date, date]:
        end_year = start_year + (1 if last < first else 0)
        return date(start_year, first, 1), date(end_year, last, calendar.monthrange(end_year, last)[1])

    if year is not None:
        start, end = span(int(year))
    elif published is None or which not in ("last", "this", "next"):
        return ResolvedDate(text, None, None, None, "publication date unknown" if published is None else
                            "which season is not said")
    else:
        candidates = [span(y) for y in range(published.year - 2, published.year + 2)]
        if which == "last":
            start, end = max(c for c in candidates if c[1] < published)
        elif which == "next":
            start, end = min(c for c in candidates if c[0] > published)
        else:  # the one under way, else the one of this calendar year
            start, end = next((c for c in candidates if c[0] <= published <= c[1]),
                              next(c for c in candidates if c[0].year == published.year))
    return ResolvedDate(text, start, end, "range")


@dataclass(frozen=True, slots=True)
class _YearAnchor:
    """What decides the year of a date written without one."""

    reference: date | None
    future: bool = False
    nearest: bool = False

    def year(self, month: int, day: int) -> int | None:
        if self.reference is None:
            return None
        candidate = date(self.reference.year, month, min(day, 28))
        if self.nearest:  # an estimate from the article: whichever year is closer
            years = (self.reference.year - 1, self.reference.year, self.reference.year + 1)
            return min(years, key=lambda y: abs((date(y, month, min(day, 28)) - self.reference).days))
        if self.future:
            return self.reference.year if candidate >= self.reference - timedelta(days=7) else self.reference.year + 1
        # reports often run a few days before or after what they describe: a week's slack
        return self.reference.year if candidate <= self.reference + timedelta(days=7) else self.reference.year - 1


def _part_of_period(text: str, part: str, period: str, anchor: _YearAnchor) -> ResolvedDate:
    whole = _explicit(text, period, anchor)
    if whole.start is None or whole.end is None or whole.precision not in ("month", "year"):
        return ResolvedDate(text, None, None, None, whole.note or "unrecognised period")
    days = (whole.end - whole.start).days + 1
    third = days // 3
    if part in ("early", "the beginning of", "the start of"):
        start, end = whole.start, whole.start + timedelta(days=third - 1)
    elif part in ("late", "the end of"):
        start, end = whole.end - timedelta(days=third - 1), whole.end
    else:
        start, end = whole.start + timedelta(days=third), whole.end - timedelta(days=third)
    return ResolvedDate(text, start, end, "range")


def _explicit(text: str, phrase: str, anchor: _YearAnchor) -> ResolvedDate:
    year = _YEAR.search(phrase)
    month = _MONTH.search(phrase)
    without_year = _YEAR.sub("", phrase)
    day = _DAY.search(_MONTH.sub("", without_year)) if month else None
    if year and not month:
        value = int(year.group(1))
        return ResolvedDate(text, date(value, 1, 1), date(value, 12, 31), "year")
    if not month:
        return ResolvedDate(text, None, None, None, "not a date Dyad can place")
    month_number = _MONTHS[month.group(1).lower()]
    value = int(year.group(1)) if year else anchor.year(month_number, int(day.group(1)) if day else 1)
    if value is None:
        return ResolvedDate(text, None, None, None, "no year, and the publication date is unknown")
    if day is None:
        last = calendar.monthrange(value, month_number)[1]
        return ResolvedDate(text, date(value, month_number, 1), date(value, month_number, last), "month")
    found = _calendar_day(int(day.group(1)), month_number, value)
    if found is None:
        found = _dateparser_day(f"{day.group(1)} {month.group(1)} {value}")
    if found is None:
        return ResolvedDate(text, None, None, None, "not a valid calendar date")
    return ResolvedDate(text, found, found, "day")


def _calendar_day(day: int, month: int, year: int) -> date | None:
    """The day, when it exists in the calendar: what dateparser reads from '11 June 2024' (tests/
    test_dates_fast_path.py checks that on many generated dates), at a small fraction of its cost, and
    without importing it (half a second) in a process whose dates are all of this common form."""
    if 1 <= day <= calendar.monthrange(year, month)[1]:
        return date(year, month, day)
    return None


def _dateparser_day(text: str) -> date | None:
    """dateparser's reading of what the calendar does not hold ('31 June 2024', '0 May 2024')."""
    import dateparser  # here, not above: most runs never need it

    parsed = dateparser.parse(text, languages=["en"])
    return None if parsed is None else parsed.date()


_YEAR_ALONE = re.compile(r"^(1[89]\d\d|20\d\d)$")
_YEAR_PREPOSITIONS = {"in", "since", "by", "until", "till", "from", "of", "during", "before", "after"}


def date_entities(span: Span) -> list[Span]:
    """The span's DATE entities, bare years the NER calls numbers ('the invasion of Ukraine in 2022'), and
    the one-word relative days it leaves out ('will hold talks later today')."""
    # each event of a sentence asks again: the last answer is kept (with its Doc, so the key cannot be reused)
    last = _LAST_DATES
    if last and last[0] is span.doc and last[1] == (span.start, span.end):
        return list(last[2])
    found = _date_entities(span)
    _LAST_DATES[:] = [span.doc, (span.start, span.end), found]
    return list(found)


_LAST_DATES: list = []


def _date_entities(span: Span) -> list[Span]:
    found = [_with_determiner(ent) for ent in entities_in(span) if _is_date(ent)]
    days = _rules().one_word
    for token in span:
        if token.ent_iob_ == "O" and token.lower_ in days:
            left = token.i - 1 if token.i > span.start and token.nbor(-1).lower_ in ("later", "earlier") else token.i
            found.append(span.doc[left : token.i + 1])
    return sorted(found, key=lambda e: e.start)


# "a four-day visit", "a five-hour siege", "their decades-long dispute": how long, not when
_DURATION = re.compile(r"^((a|an)\s+)?([\w.]+-(day|week|month|year|hour|decade)s?(-long|-old)?|\w+-long)$", re.I)


_DETERMINERS = frozenset({"this", "last", "next", "past", "coming"})


def _with_determiner(ent: Span) -> Span:
    """"this week's talks": the NER may mark only 'week'; the word before it says which week."""
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ in _DETERMINERS and len(ent) == 1:
        return ent.doc[ent.start - 1 : ent.end]
    return ent


def _is_date(ent: Span) -> bool:
    if ent.label_ == "DATE":
        return not _DURATION.match(ent.text)
    if ent.label_ == "TIME":  # "later today", "last night": a day the NER calls a time
        return ent.text.lower() in _rules().to_publication
    return ent.label_ == "CARDINAL" and bool(_YEAR_ALONE.match(ent.text)) and ent.start > 0 \
        and ent.doc[ent.start - 1].lower_ in _YEAR_PREPOSITIONS
