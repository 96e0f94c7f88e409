"""Where quotations are in a text: pairs of quotation marks, across sentences and paragraphs.

Handles curly and straight double quotes (also as the HTML entity &quot;), guillemets, doubled single
quotes used as double quotes (‘‘ … ’’ and '' … ''), a quotation continued in the next paragraph (which
reopens with a mark and has no closing mark before the break), and an unclosed quotation (ended at its
paragraph's end).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "&quot;": a page whose text kept its HTML entity for the straight quote mark.
_MARK = re.compile(r"&quot;|’’|‘‘|''|[“”\"«»„]")
_OPENING = {"“", "«", "„", "‘‘"}
_CLOSING = {"”", "»", "’’"}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Quotation:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    opened_at: int  # offset of the opening mark
    closed: bool  # False when the paragraph ended first

    @property
    def closes_at(self) -> int:
        return self.end


def find_quotations(text: str) -> list[Quotation]:
    quotations: list[Quotation] = []
    opened: tuple[int, int] | None = None  # (mark offset, content start)
    paragraph_from = 0  # where the open quotation's current paragraph starts
    for match in _MARK.finditer(text):
        mark, at = match.group(), match.start()
        if opened is not None and _paragraph_break_between(text, paragraph_from, at):
            if _reopens_paragraph(text, at, mark):
                paragraph_from = at  # the quotation goes on in this paragraph
                continue
            quotations.append(_unclosed(text, opened, paragraph_from))
            opened = None
        if opened is None:
            if mark not in _CLOSING:
                opened, paragraph_from = (at, match.end()), at
        elif mark in _OPENING:
            quotations.append(_unclosed(text, opened, paragraph_from))
            opened, paragraph_from = (at, match.end()), at
        else:
            quotations.append(_make(text, opened, at, closed=True))
            opened = None
    if opened is not None:
        quotations.append(_unclosed(text, opened, paragraph_from))
    return [q for q in quotations if q.end > q.start]


def _paragraph_break_between(text: str, start: int, end: int) -> bool:
    return _PARAGRAPH_BREAK.search(text, start, end) is not None


def _reopens_paragraph(text: str, at: int, mark: str) -> bool:
    """An opening mark that starts a paragraph while a quotation is still open continues it."""
    line_start = text.rfind("\n", 0, at) + 1
    return mark not in _CLOSING and not text[line_start:at].strip()


def _unclosed(text: str, opened: tuple[int, int], paragraph_from: int) -> Quotation:
    paragraph_end = _PARAGRAPH_BREAK.search(text, max(opened[1], paragraph_from))
    return _make(text, opened, paragraph_end.start() if paragraph_end else len(text), closed=False)


def _make(text: str, opened: tuple[int, int], end: int, *, closed: bool) -> Quotation:
    start = opened[1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quotation(start, end, opened[0], closed)
