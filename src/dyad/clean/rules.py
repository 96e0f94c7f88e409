"""The cleaning rules of data/boilerplate.toml, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from dyad.data_files import data_toml


@dataclass(frozen=True, slots=True)
class LineRule:
    reason: str
    where: str  # head | tail | anywhere
    extent: str  # line | to_end | paragraph | block
    pattern: re.Pattern[str]  # the rule's patterns as one alternation: one scan of the line, not one each

    def matches(self, text: str) -> bool:
        return self.pattern.search(text) is not None


@dataclass(frozen=True, slots=True)
class BylineRule:
    reason: str
    opener: re.Pattern[str]  # "By", "Published by" … then a space or a colon
    name_particles: frozenset[str]
    not_names: frozenset[str]
    tail_words: frozenset[str]
    max_words: int


@dataclass(frozen=True, slots=True)
class FrontMatterKeys:
    reason: str
    title: tuple[str, ...]
    date: tuple[str, ...]
    url: tuple[str, ...]
    author: tuple[str, ...]
    outlet: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FragmentLimits:
    header_reason: str
    footer_reason: str
    header_max_words: int
    footer_max_words: int
    headline_max_words: int


@dataclass(frozen=True, slots=True)
class Rules:
    lines: tuple[LineRule, ...]
    author_reason: str
    author_markers: tuple[re.Pattern[str], ...]
    date_reason: str
    date_line: re.Pattern[str]
    stamp_reason: str
    stamp: re.Pattern[str]
    stamp_date: re.Pattern[str]
    publishing_stamps: frozenset[str]
    byline: BylineRule
    front_matter: FrontMatterKeys
    fragments: FragmentLimits


@cache
def load_rules() -> Rules:
    raw = data_toml("boilerplate.toml")
    flags = re.IGNORECASE
    return Rules(
        lines=tuple(_line_rule(r) for r in raw["rule"]),
        author_reason=raw["author_box"]["reason"],
        author_markers=tuple(re.compile(p, flags) for p in raw["author_box"]["markers"]),
        date_reason=raw["date_line"]["reason"],
        date_line=re.compile(raw["date_line"]["pattern"], flags),
        stamp_reason=raw["stamp"]["reason"],
        stamp=re.compile(raw["stamp"]["pattern"], flags),
        stamp_date=re.compile(raw["stamp"]["date_pattern"], flags),
        publishing_stamps=frozenset(raw["stamp"]["publishing_kinds"]),
        byline=_byline_rule(raw["byline"]),
        front_matter=FrontMatterKeys(**{k: v if k == "reason" else tuple(v) for k, v in raw["front_matter"].items()}),
        fragments=FragmentLimits(**raw["fragments"]),
    )


def _line_rule(raw: dict[str, Any]) -> LineRule:
    flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
    alternation = "|".join(f"(?:{p})" for p in raw["patterns"])
    return LineRule(raw["reason"], raw["where"], raw["extent"], re.compile(alternation, flags))


def _byline_rule(raw: dict[str, Any]) -> BylineRule:
    return BylineRule(
        reason=raw["reason"],
        # longest first, so "Published by" wins over "By"
        opener=re.compile("|".join(re.escape(o) for o in sorted(raw["openers"], key=len, reverse=True)) + "(?=[ :])"),
        name_particles=frozenset(raw["name_particles"]),
        not_names=frozenset(raw["not_names"]),
        tail_words=frozenset(raw["tail_words"]),
        max_words=raw["max_words"],
    )
