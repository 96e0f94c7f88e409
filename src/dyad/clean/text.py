"""Remove web-page furniture from flattened article text, keeping every removed span and its reason.

A line is the unit because flattened pages keep one paragraph, menu item or comment line per line. Three
kinds of judgement, in this order: the rules kept as data (data/boilerplate.toml, applied here), the page's
own metadata lines (front matter, bylines, stamps: clean/page_facts.py, read into the article's metadata
as they go), and jusText with the line's place in the page for what no rule names (clean/fragments.py).
A line of the article is never removed for looking short: precision matters more than recall.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass, field

from dyad.clean.fragments import (
    Verdict,
    justext_classes,
    mark_caption_echoes,
    mark_footer_fragments,
    mark_header_fragments,
    related_block_end,
)
from dyad.clean.lines import Line, split_lines
from dyad.clean.page_facts import front_matter_author, front_matter_value, read_byline, read_front_matter, read_stamp
from dyad.clean.rules import Rules, load_rules
from dyad.records import RemovedSpan

_PROSE_MIN_WORDS = 12  # the first sentence-ending line this long that no rule takes ends the page header
_TAIL_FRACTION = 0.3  # comment and disclaimer rules only fire after this share of the text
_TITLE_MAX_WORDS = 20
_DATE_LINE_MAX_WORDS = 12
_CAPTION_REASON = "image_caption"
_SITE_NAME_REASON = "site_name"
_NAME_LINE = re.compile(r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}$")
_BIO_VERBS = re.compile(r"^\s*(is|was|has|writes|covers|serves|works|holds|joined)\b")
_SITE_NAME_NOISE = re.compile(r"\([^)]*\)|\b(the|online|news|newspaper|com|net|org|website)\b|[^a-z0-9]")


@dataclass(slots=True)
class CleanedText:
    body: str
    removed: list[RemovedSpan]
    title: str | None = None
    date_text: str | None = None  # front matter, a "Published …" stamp or a dateline; an "Updated" stamp last
    author: str | None = None  # front matter, a byline or an author box
    url: str | None = None  # front matter
    outlet: str | None = None  # front matter
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Found:
    """Metadata read from the page while its lines are judged, strongest source first in each list."""

    titles: list[str] = field(default_factory=list)
    dates: list[tuple[int, str]] = field(default_factory=list)  # (rank, text): lower rank wins
    authors: list[str] = field(default_factory=list)

    def date(self) -> str | None:
        return min(self.dates, default=(0, None), key=lambda d: d[0])[1]


_RANK_FRONT_MATTER, _RANK_PUBLISHED, _RANK_DATELINE, _RANK_UPDATED = range(4)


def clean_text(text: str, *, outlet: str | None = None) -> CleanedText:
    """Strip page furniture from article text; outlet (from a manifest) lets a line naming the site go."""
    rules = load_rules()
    lines = split_lines(text)
    reasons: dict[int, str] = {}
    result = CleanedText(body="", removed=[])
    found = _Found()
    _mark_front_matter(lines, rules, reasons, result, found)
    _mark_page_metadata(lines, rules, reasons, found)
    classes = justext_classes(lines)
    tail_start = next((ln.index for ln in lines if ln.start >= len(text) * _TAIL_FRACTION), len(lines))
    _mark_line_rules(lines, tail_start, rules, classes, reasons)
    head_end = _mark_head(lines, rules, outlet or result.outlet, reasons, found)
    _mark_author_box(lines, tail_start, rules, reasons, found)
    _mark_bio_without_marker(lines[tail_start:], rules.author_reason, reasons)
    mark_caption_echoes(lines, _CAPTION_REASON, reasons)
    if head_end is not None:
        mark_header_fragments(lines[:head_end], classes, rules.fragments, reasons)
    mark_footer_fragments(lines, classes, rules.fragments, reasons)
    result.body, result.removed = _assemble(text, lines, reasons)
    result.title = result.title or _title(result.body)
    result.date_text = found.date()
    result.author = result.author or next(iter(found.authors), None)
    return result


def _mark_front_matter(
    lines: list[Line], rules: Rules, reasons: dict[int, str], result: CleanedText, found: _Found
) -> None:
    front = read_front_matter(lines)
    if front is None:
        return
    keys = rules.front_matter
    for index in range(front.end + 1):
        reasons[index] = keys.reason
    title = front_matter_value(front, keys.title)
    result.title = html.unescape(title) if title else None
    result.author = front_matter_author(front, keys)
    result.outlet = front_matter_value(front, keys.outlet)
    url = front_matter_value(front, keys.url)
    result.url = url if url and url.startswith(("http://", "https://")) else None
    date_text = front_matter_value(front, keys.date)
    if date_text:
        found.dates.append((_RANK_FRONT_MATTER, date_text))


def _mark_page_metadata(lines: list[Line], rules: Rules, reasons: dict[int, str], found: _Found) -> None:
    """Bylines and published/updated stamps, wherever they stand; what they say is kept."""
    for line in lines:
        if line.blank or line.index in reasons:
            continue
        if stamp := read_stamp(line.text, rules):
            reasons[line.index] = rules.stamp_reason
            found.dates.append((_RANK_PUBLISHED if stamp.publishing else _RANK_UPDATED, stamp.date_text))
        elif byline := read_byline(line.text, rules.byline):
            reasons[line.index] = rules.byline.reason
            if byline.is_person:
                found.authors.append(byline.name)
            for segment in line.text.split("|")[1:]:  # "By X | Created at 2024-10-21 … | Updated at …"
                if segment_stamp := read_stamp(segment.strip(), rules):
                    rank = _RANK_PUBLISHED if segment_stamp.publishing else _RANK_UPDATED
                    found.dates.append((rank, segment_stamp.date_text))


def _mark_line_rules(
    lines: list[Line], tail_start: int, rules: Rules, classes: dict[int, Verdict], reasons: dict[int, str]
) -> None:
    regions = {"tail": range(tail_start, len(lines)), "anywhere": range(len(lines))}
    for rule in rules.lines:
        for index in regions.get(rule.where, ()):
            line = lines[index]
            if index in reasons or line.blank or not rule.matches(line.text):
                continue
            if rule.extent == "to_end":
                last = len(lines)
            elif rule.extent == "block":
                last = related_block_end(lines, index, classes, rules.fragments)
            else:
                last = index + 1
            for covered in range(index, last):
                reasons.setdefault(covered, rule.reason)
            if rule.extent == "to_end":
                break


def _mark_head(
    lines: list[Line], rules: Rules, outlet: str | None, reasons: dict[int, str], found: _Found
) -> int | None:
    """Head rules, datelines and the site's name above the first paragraph; returns that paragraph's index."""
    head_rules = [r for r in rules.lines if r.where == "head"]
    site = _site_key(outlet) if outlet else None
    for line in lines:
        if line.blank or line.index in reasons:
            continue
        date_match = rules.date_line.match(line.text) if line.words <= _DATE_LINE_MAX_WORDS else None
        if date_match:
            reasons[line.index] = rules.date_reason
            found.dates.append((_RANK_DATELINE, date_match.group("date")))
        elif rule := next((r for r in head_rules if r.matches(line.text)), None):
            reasons[line.index] = rule.reason
        elif site and line.words <= 6 and _site_key(line.text) == site:
            reasons[line.index] = _SITE_NAME_REASON
        elif line.words >= _PROSE_MIN_WORDS and line.ends_sentence:
            return line.index
    return None


def _site_key(name: str) -> str | None:
    key = _SITE_NAME_NOISE.sub("", name.lower())
    return key if len(key) >= 3 else None


def _mark_author_box(lines: list[Line], tail_start: int, rules: Rules, reasons: dict[int, str], found: _Found) -> None:
    for line in lines[tail_start:]:
        match = next((m for p in rules.author_markers if (m := p.match(line.text))), None)
        if match is None:
            continue
        name = (match.groupdict().get("name") or "").strip()
        reasons[line.index] = rules.author_reason
        if name:
            found.authors.append(name)
            _mark_named_box(lines, line.index, name, rules.author_reason, reasons)
        else:
            _mark_following_paragraph(lines, line.index, rules.author_reason, reasons)


def _mark_named_box(lines: list[Line], marker: int, name: str, reason: str, reasons: dict[int, str]) -> None:
    """Lines just before the marker that give the name or a bio mentioning it belong to the box."""
    parts = {name, *(p for p in name.split() if len(p) >= 3 and p[0].isupper())}
    index = marker - 1
    while index >= 0 and (lines[index].blank or any(p in lines[index].text for p in parts)):
        reasons.setdefault(index, reason)
        index -= 1
    while index + 1 < marker and lines[index + 1].blank:  # the blank line before the box stays with the body
        reasons.pop(index + 1, None)
        index += 1


def _mark_following_paragraph(lines: list[Line], marker: int, reason: str, reasons: dict[int, str]) -> None:
    index = marker + 1
    while index < len(lines) and lines[index].blank:
        index += 1
    if index < len(lines):
        reasons.setdefault(index, reason)


def _mark_bio_without_marker(tail: list[Line], reason: str, reasons: dict[int, str]) -> None:
    """A name alone on a line followed by a paragraph that starts '<that name> is/was/…': an author bio."""
    content = [ln for ln in tail if not ln.blank]
    for name_line, bio in itertools.pairwise(content):
        if not _NAME_LINE.match(name_line.text) or not bio.text.startswith(name_line.text):
            continue
        if _BIO_VERBS.match(bio.text[len(name_line.text) :]):
            reasons.setdefault(name_line.index, reason)
            reasons.setdefault(bio.index, reason)


def _assemble(text: str, lines: list[Line], reasons: dict[int, str]) -> tuple[str, list[RemovedSpan]]:
    kept: list[str] = []
    removed: list[RemovedSpan] = []
    joinable = False  # adjacent removals for one reason become one span: a comment thread, not 80 spans
    for line in lines:
        reason = reasons.get(line.index)
        if reason is None:
            kept.append(text[line.start : line.end])
            joinable = joinable and line.blank
        elif not line.blank:
            if joinable and removed[-1].reason == reason:
                removed[-1] = RemovedSpan(removed[-1].start, line.end, reason, "")
            else:
                removed.append(RemovedSpan(line.start, line.end, reason, ""))
            joinable = True
    spans = [RemovedSpan(s.start, s.end, s.reason, text[s.start : s.end].strip()) for s in removed]
    return normalize_body("".join(kept)), spans


_GLUED_AFTER_QUOTE = re.compile(r"([.!?…][\"”’]{1,2})(?=[A-Za-z])")
# The next word must be 3+ letters: "world.The" is glued, "News.Az" is a domain name.
_GLUED_SENTENCE = re.compile(r"(?<=[a-z]{2})([.!?])(?=[A-Z][a-z]{2,})")
_GLUED_COMMA = re.compile(r"(?<=[a-z]),(?=[a-z]{2})")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_RUNS = re.compile(r"\n{3,}")
# HTML character references left in text by a scraper ("China&#x27;s", "&quot;"): the text meant the characters.
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|quot|amp|apos|lt|gt|nbsp|rsquo|lsquo|rdquo|ldquo|mdash|ndash);", re.I
)


def normalize_body(body: str) -> str:
    """Repair what text extraction glues together ('…expected.”Mammadli', 'Baku,provided'), tidy blanks."""
    if _CHARACTER_REFERENCE.search(body):
        body = html.unescape(body)
    body = _GLUED_AFTER_QUOTE.sub(r"\1 ", body)
    body = _GLUED_SENTENCE.sub(r"\1 ", body)
    body = _GLUED_COMMA.sub(", ", body)
    body = _TRAILING_SPACE.sub("\n", body)
    return _BLANK_RUNS.sub("\n\n", body).strip()


def _title(body: str) -> str | None:
    first, _, rest = body.partition("\n")
    first = first.strip().lstrip("#").strip()
    if rest and first and len(first.split()) <= _TITLE_MAX_WORDS and not first.endswith((".", "!", ":", ",", "”", '"')):
        return first
    return None
