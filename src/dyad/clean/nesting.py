"""Flatten HTML nested deeper than libxml2 will parse, keeping all of its text.

libxml2 (under lxml and trafilatura) stops building the tree at 256 levels of nesting and drops what lies
deeper, so a page wrapped in thousands of <div>s yields no text. For a page nested deeper than that, tags
opened beyond MAX_DEPTH are removed (with their closing tags); the text and the markup of the outer levels
stay as they were. Pages of ordinary depth are not touched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

PARSER_DEPTH = 255  # deeper than this, libxml2 stops building the tree
MAX_DEPTH = 200  # what flattening leaves, with room for the paragraph level kept below it
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(/?)>")
# Elements with no closing tag, which never deepen the tree.
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
# Elements whose end tag may be left out (an open <p> closes at the next <p>): counting them would make a
# page of unclosed paragraphs look deep. They never count and are always kept, so paragraphs stay apart.
_OPTIONAL_END = frozenset(
    [
        "p",
        "li",
        "dt",
        "dd",
        "option",
        "optgroup",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "rb",
        "rt",
        "rp",
        "html",
        "head",
        "body",
    ]
)
_KEPT_AT_ANY_DEPTH = _VOID | _OPTIONAL_END
# Other elements that set text apart: one of them is kept below max_depth (one level more), so that a deep
# heading does not run into the paragraph after it.
_TEXT_BLOCKS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"])
# Elements whose content is raw text: a "<div>" inside a script is not a tag.
_RAW_TEXT = re.compile(r"<(script|style|textarea|title)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)


def nesting_depth(html: str) -> int:
    """The deepest level of open elements (void elements, those whose end tag is optional, and raw-text
    content left out)."""
    depth = deepest = 0
    for match in _TAG.finditer(_RAW_TEXT.sub("", html)):
        closing, name, self_closing = match.groups()
        if name.lower() in _KEPT_AT_ANY_DEPTH or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def flatten_deep_html(html: str, max_depth: int = MAX_DEPTH) -> str:
    """html with every tag opened below max_depth (and its closing tag) removed, but for one paragraph level;
    text and comments kept."""
    kept: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag name, kept?) of the open elements
    open_count: Counter[str] = Counter()  # so that a stray closing tag costs no search of the stack
    deep_blocks = 0  # text blocks kept below max_depth, now open
    position = 0
    for match in _tokens(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        kept.append(html[position : match.start()])
        position = match.end()
        if name in _KEPT_AT_ANY_DEPTH or self_closing:
            kept.append(match.group(0))
        elif not closing:
            keep = len(stack) < max_depth or (name in _TEXT_BLOCKS and not deep_blocks)
            deep_blocks += keep and len(stack) >= max_depth
            stack.append((name, keep))
            open_count[name] += 1
            if keep:
                kept.append(match.group(0))
        else:
            # Close the innermost open element of that name (HTML closes what lies inside it too).
            if not open_count[name]:
                continue
            index = next(i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == name)
            was_kept = stack[index][1]
            open_count.subtract(entry[0] for entry in stack[index:])
            deep_blocks -= sum(
                1 for depth, (_, kept_tag) in enumerate(stack[index:], index) if kept_tag and depth >= max_depth
            )
            del stack[index:]
            if was_kept:
                kept.append(match.group(0))
    kept.append(html[position:])
    return "".join(kept)


def _tokens(html: str) -> Iterator[re.Match[str]]:
    """The tags of html outside raw-text elements and comments, in order."""
    position = 0
    for raw in _RAW_TEXT.finditer(html):
        yield from _TAG.finditer(html, position, raw.start())
        position = raw.end()
    yield from _TAG.finditer(html, position)
