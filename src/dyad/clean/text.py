"""Remove web-page furniture from flattened article text, keeping every removed span and its reason.

The rules are data (data/boilerplate.toml); this module applies them line by line. A line is the unit
because flattened pages keep one paragraph, menu item or comment line per line.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from dyad.records import RemovedSpan

_PROSE_MIN_WORDS = 12  # the first line this long ends the page header
_TAIL_FRACTION = 0.3  # comment and disclaimer rules only fire after this share of the text
_TITLE_MAX_WORDS = 20
_NAME_LINE = re.compile(r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}$")
_BIO_VERBS = re.compile(r"^\s*(is|was|has|writes|covers|serves|works|holds|joined)\b")


@dataclass(frozen=True, slots=True)
class Line:
    index: int
    start: int
    end: int  # including the newline
    text: str  # stripped

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class LineRule:
    reason: str
    where: str
    extent: str
    patterns: tuple[re.Pattern[str], ...]

    def matches(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True, slots=True)
class Rules:
    lines: tuple[LineRule, ...]
    author_reason: str
    author_markers: tuple[re.Pattern[str], ...]
    date_reason: str
    date_line: re.Pattern[str]


@dataclass(slots=True)
class CleanedText:
    body: str
    removed: list[RemovedSpan]
    title: str | None = None
    date_text: str | None = None  # from a dateline such as "Commentary | 27 February 2025"
    author: str | None = None  # from an author box
    notes: list[str] = field(default_factory=list)


@cache
def load_rules() -> Rules:
    raw = tomllib.loads(resources.files("dyad").joinpath("data/boilerplate.toml").read_text("utf-8"))
    flags = re.IGNORECASE
    line_rules = tuple(
        LineRule(r["reason"], r["where"], r["extent"], tuple(re.compile(p, flags) for p in r["patterns"]))
        for r in raw["rule"]
    )
    return Rules(
        lines=line_rules,
        author_reason=raw["author_box"]["reason"],
        author_markers=tuple(re.compile(p, flags) for p in raw["author_box"]["markers"]),
        date_reason=raw["date_line"]["reason"],
        date_line=re.compile(raw["date_line"]["pattern"], flags),
    )


def split_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for index, raw in enumerate(text.splitlines(keepends=True)):
        lines.append(Line(index, offset, offset + len(raw), raw.strip()))
        offset += len(raw)
    return lines


def clean_text(text: str) -> CleanedText:
    """Strip navigation, bios, disclaimers, credits, widgets and comment threads from article text."""
    rules = load_rules()
    lines = split_lines(text)
    head_end = next((ln.index for ln in lines if ln.words >= _PROSE_MIN_WORDS), len(lines))
    tail_start = next((ln.index for ln in lines if ln.start >= len(text) * _TAIL_FRACTION), len(lines))
    reasons: dict[int, str] = {}
    result = CleanedText(body="", removed=[])
    _mark_date_line(lines[:head_end], rules, reasons, result)
    _mark_author_box(lines, tail_start, rules, reasons, result)
    _mark_bio_without_marker(lines[tail_start:], rules.author_reason, reasons)
    _mark_line_rules(lines, head_end, tail_start, rules, reasons)
    result.body, result.removed = _assemble(text, lines, reasons)
    result.title = _title(result.body)
    return result


def _mark_line_rules(lines: list[Line], head_end: int, tail_start: int, rules: Rules, reasons: dict[int, str]) -> None:
    regions = {"head": range(head_end), "tail": range(tail_start, len(lines)), "anywhere": range(len(lines))}
    for rule in rules.lines:
        for index in regions[rule.where]:
            line = lines[index]
            if index in reasons or line.blank or not rule.matches(line.text):
                continue
            last = len(lines) if rule.extent == "to_end" else index + 1
            for covered in range(index, last):
                reasons.setdefault(covered, rule.reason)
            if rule.extent == "to_end":
                break


def _mark_date_line(head: list[Line], rules: Rules, reasons: dict[int, str], result: CleanedText) -> None:
    for line in head:
        match = rules.date_line.match(line.text) if line.words <= 10 else None
        if match:
            reasons[line.index] = rules.date_reason
            result.date_text = result.date_text or match.group("date")


def _mark_author_box(
    lines: list[Line], tail_start: int, rules: Rules, reasons: dict[int, str], result: CleanedText
) -> None:
    for line in lines[tail_start:]:
        match = next((m for p in rules.author_markers if (m := p.match(line.text))), None)
        if match is None:
            continue
        name = (match.groupdict().get("name") or "").strip()
        reasons[line.index] = rules.author_reason
        if name:
            result.author = result.author or name
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


def normalize_body(body: str) -> str:
    """Repair what text extraction glues together ('…expected.”Mammadli', 'Baku,provided'), tidy blanks."""
    body = _GLUED_AFTER_QUOTE.sub(r"\1 ", body)
    body = _GLUED_SENTENCE.sub(r"\1 ", body)
    body = _GLUED_COMMA.sub(", ", body)
    body = _TRAILING_SPACE.sub("\n", body)
    return _BLANK_RUNS.sub("\n\n", body).strip()


def _title(body: str) -> str | None:
    first, _, rest = body.partition("\n")
    first = first.strip()
    if rest and first and len(first.split()) <= _TITLE_MAX_WORDS and not first.endswith((".", "!", ":", ",", "”", '"')):
        return first
    return None
