"""Furniture no rule names, judged by jusText over the lines together with where each line stands.

jusText (the boilerplate classifier of Pomikálek's thesis) classes each paragraph by length, stopword
density and link density, then revises short and near-good paragraphs by their neighbours. On flattened
text every line is a paragraph. Its verdict alone would drop whole short articles, so a line goes only when
jusText calls it boilerplate and the line also has the shape of furniture where it stands: a few words
above the first paragraph that are not the headline, a short line without a sentence end below the last
paragraph, a headline-like line in a related-links block.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

import justext
from justext.core import classify_paragraphs, revise_paragraph_classification
from justext.paragraph import Paragraph
from justext.utils import normalize_whitespace

from dyad.clean.lines import Line
from dyad.clean.rules import FragmentLimits

_PROSE_WORDS = 12  # a line this long is a paragraph of the article
_SENTENCE_WORDS = 6  # … and so is a shorter one that ends a sentence
_QUOTATION = re.compile(r"[\"“”«»]")
_HEADLINE_END = re.compile(r"[.;,:]$")
_LIST_ITEM = re.compile(r"^(?:[-–—•*·▪●]|\d{1,2}[.)])\s")
BOILERPLATE = "bad"
_NOT_CONTENT_ALONE = frozenset({"short", "bad"})


@cache
def _stoplist() -> frozenset[str]:
    return frozenset(justext.get_stoplist("English"))


@dataclass(frozen=True, slots=True)
class Verdict:
    """jusText's classes of one line: on its own ('good', 'neargood', 'short', 'bad') and after its
    neighbours were weighed ('good' or 'bad')."""

    alone: str
    in_context: str


class _LineParagraph(Paragraph):
    """One line as a jusText paragraph: its text, no markup and no links (flattened text has none)."""

    def __init__(self, text: str) -> None:
        self.dom_path = "html.body.p"
        self.xpath = "/html/body/p"
        self.text_nodes = [text]
        self.chars_count_in_links = 0
        self.tags_count = 0
        self.class_type = ""
        self._text = normalize_whitespace(text)

    @property
    def text(self) -> str:  # jusText recomputes it on every access; a line's text does not change
        return self._text


def justext_classes(lines: list[Line]) -> dict[int, Verdict]:
    """jusText's verdict on every non-blank line, by line index: its own two passes run over the lines
    directly (no HTML to build and parse again)."""
    content = [ln for ln in lines if not ln.blank]
    paragraphs = [_LineParagraph(ln.text) for ln in content]
    classify_paragraphs(paragraphs, _stoplist())
    revise_paragraph_classification(paragraphs)
    return {
        line.index: Verdict(paragraph.cf_class, paragraph.class_type)
        for line, paragraph in zip(content, paragraphs, strict=True)
    }


def is_prose(line: Line) -> bool:
    return line.words >= _PROSE_WORDS or (line.words >= _SENTENCE_WORDS and line.ends_sentence)


def mark_header_fragments(
    head: list[Line], classes: dict[int, Verdict], limits: FragmentLimits, reasons: dict[int, str]
) -> None:
    """A few words above the article that are not its headline: labels, widget words, alt texts."""
    headline_seen = False
    for line in head:
        if line.blank or line.index in reasons:
            continue
        if not headline_seen and line.words >= 2 and any(c.isupper() for c in line.text):
            headline_seen = True  # the first line that can be the headline stays, however short
            continue
        # jusText's verdict on the line alone: its neighbour rule would make a label between the headline
        # and the first paragraph part of the article.
        verdict = classes.get(line.index)
        alone_boilerplate = verdict is not None and verdict.alone in _NOT_CONTENT_ALONE
        if line.words <= limits.header_max_words and alone_boilerplate and _furniture_shaped(line):
            reasons[line.index] = limits.header_reason


def mark_footer_fragments(
    lines: list[Line], classes: dict[int, Verdict], limits: FragmentLimits, reasons: dict[int, str]
) -> None:
    """Short lines without a sentence end below the article's last paragraph: credits, form labels."""
    last_prose = max((ln.index for ln in lines if ln.index not in reasons and is_prose(ln)), default=None)
    if last_prose is None:
        return
    for line in lines[last_prose + 1 :]:
        if line.blank or line.index in reasons:
            continue
        verdict = classes.get(line.index)
        in_context_boilerplate = verdict is not None and verdict.in_context == BOILERPLATE
        # A list closing the article ("What the deal holds:" and its items) is the article's.
        list_shaped = bool(_LIST_ITEM.match(line.text)) or line.text.endswith(":")
        if (
            line.words <= limits.footer_max_words
            and in_context_boilerplate
            and not list_shaped
            and _furniture_shaped(line)
        ):
            reasons[line.index] = limits.footer_reason


def _furniture_shaped(line: Line) -> bool:
    return not line.ends_sentence and not _QUOTATION.search(line.text)


def related_block_end(lines: list[Line], heading: int, classes: dict[int, Verdict], limits: FragmentLimits) -> int:
    """The index after the headline-like lines under a related-links heading (one blank line may separate)."""
    end = heading + 1
    blanks = 0
    for line in lines[heading + 1 :]:
        if line.blank:
            blanks += 1
            if blanks > 1:
                break
            continue
        if not _headline_like(line, classes, limits):
            break
        blanks = 0
        end = line.index + 1
    return end


def _headline_like(line: Line, classes: dict[int, Verdict], limits: FragmentLimits) -> bool:
    return (
        line.words <= limits.headline_max_words
        and not _HEADLINE_END.search(line.text)
        and (verdict := classes.get(line.index)) is not None
        and verdict.in_context == BOILERPLATE
    )


def mark_caption_echoes(lines: list[Line], caption_reason: str, reasons: dict[int, str]) -> None:
    """A caption printed twice, once without its credit: the line the credited caption starts with."""
    content = [ln for ln in lines if not ln.blank]
    for line, following in itertools.pairwise(content):
        if (
            line.index not in reasons
            and reasons.get(following.index) == caption_reason
            and len(line.text) >= 20
            and following.text.startswith(line.text)
        ):
            reasons[line.index] = caption_reason
