"""Lines of flattened page text: the unit every cleaning rule judges."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Markdown a scraper leaves around a line ("*Crawled at: …*", "**Outlet** | date", "# Headline"): rules
# read the line without it, the body keeps the line as it was.
_MARKDOWN_WRAP = re.compile(r"^(?:#{1,6}\s+|[*_]{1,3})|[*_]{1,3}$")
_MARKDOWN_MARKS = frozenset("#*_")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*$")


@dataclass(frozen=True, slots=True)
class Line:
    index: int
    start: int
    end: int  # including the newline
    text: str  # stripped, markdown wrapping removed

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def ends_sentence(self) -> bool:
        return bool(_SENTENCE_END.search(self.text))


def split_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for index, raw in enumerate(text.splitlines(keepends=True)):
        text = stripped = raw.strip()
        if stripped[:1] in _MARKDOWN_MARKS or stripped[-1:] in _MARKDOWN_MARKS:
            text = _MARKDOWN_WRAP.sub("", stripped).strip() or stripped
        lines.append(Line(index, offset, offset + len(raw), text))
        offset += len(raw)
    return lines
