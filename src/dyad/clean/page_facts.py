"""What a flattened page says about its article: front matter, bylines and published/updated stamps."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dyad.clean.lines import Line
from dyad.clean.rules import BylineRule, FrontMatterKeys, Rules

_FENCES = ("---", "+++")
_FRONT_MATTER_MAX_LINES = 80
_KEY_VALUE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*[:=]\s*(?P<value>.*)$")
_EMAIL_IN_BRACKETS = re.compile(r"\s*[(<]\s*\S+@\S+\s*[)>]")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


@dataclass(slots=True)
class FrontMatter:
    end: int  # index of the closing fence
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Byline:
    name: str
    is_person: bool  # "By The Jerusalem Post" names the outlet, not an author


@dataclass(frozen=True, slots=True)
class Stamp:
    date_text: str
    publishing: bool  # published/posted/created, not updated


def read_front_matter(lines: list[Line]) -> FrontMatter | None:
    """'---' / key: value lines / '---' at the very top; values continued on indented lines are joined."""
    first = next((ln for ln in lines if not ln.blank), None)
    if first is None or first.text not in _FENCES:
        return None
    found = FrontMatter(end=-1)
    key = None
    for line in lines[first.index + 1 : first.index + _FRONT_MATTER_MAX_LINES]:
        if line.text == first.text:
            found.end = line.index
            break
        match = _KEY_VALUE.match(line.text)
        if match:
            key = match["key"].lower()
            found.fields[key] = _unquote(match["value"])
        elif key and line.text:
            found.fields[key] = f"{found.fields[key]} {line.text}".strip()
    return found if found.end > 0 and found.fields else None


def front_matter_value(front: FrontMatter, keys: tuple[str, ...]) -> str | None:
    return next((front.fields[k] for k in keys if front.fields.get(k)), None)


def front_matter_author(front: FrontMatter, keys: FrontMatterKeys) -> str | None:
    author = front_matter_value(front, keys.author)
    return _EMAIL_IN_BRACKETS.sub("", author).strip() or None if author else None


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


def read_stamp(text: str, rules: Rules) -> Stamp | None:
    """'Updated 19 November 2023': a stamp only when what follows the word is a date with its year (the
    shape is enough here; the date is parsed once, when the article's date is chosen)."""
    match = rules.stamp.match(text) if len(text.split()) <= 14 else None
    if match is None or not rules.stamp_date.search(match["date"]):
        return None
    return Stamp(match["date"].strip(), match["kind"].lower() in rules.publishing_stamps)


def read_byline(text: str, rule: BylineRule) -> Byline | None:
    """'By Name[, Outlet | date]' and nothing that reads as prose after the name."""
    opener = rule.opener.match(text)
    if opener is None:
        return None
    words = text.split()
    if len(words) > rule.max_words:
        return None
    rest = text[opener.end() :].lstrip(" :")
    name_words = _name_words(rest, rule)
    if not name_words or (len(name_words) == 1 and not name_words[0].isupper()):
        return None
    after = " ".join(rest.split()[len(name_words) :])
    prose_words = [w for w in _WORD.findall(after) if w.islower() and w not in rule.tail_words]
    if len(prose_words) > 2 or (text.endswith(".") and len(words) > 8):
        return None
    name = " ".join(name_words).strip(",;|")
    if name.isupper():
        name = name.title()
    return Byline(name, is_person=name_words[0] not in {"The", "THE"})


def _name_words(rest: str, rule: BylineRule) -> list[str]:
    """The capitalised words (and particles) at the start of rest, up to a date word or punctuation."""
    taken: list[str] = []
    for word in rest.split():
        bare = word.rstrip(",;|")
        if not bare or bare in rule.not_names or bare.title() in rule.not_names:
            break
        if not (bare[0].isupper() or (taken and bare in rule.name_particles)):
            break
        taken.append(word)
        if bare != word:  # "Paddison," ends the name
            break
    while taken and taken[-1].rstrip(",;|") in rule.name_particles:
        taken.pop()
    return taken
