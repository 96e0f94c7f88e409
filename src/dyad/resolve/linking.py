"""People known in one article only by a surname ("Mr. Nikulin", "Lee") joined to the one person the corpus
names in full with that surname. Two candidates or none: the surname-only person stays as it is."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PersonName:
    actor_id: str
    name: str


@dataclass(frozen=True, slots=True)
class SurnameLink:
    provisional_id: str  # the surname-only person
    person_id: str  # the full-name person it is


def link_surnames(surname_only: list[PersonName], full_names: list[PersonName]) -> list[SurnameLink]:
    """A family name may come last ('Tamberg' for Karl Tamberg) or, when no full name ends with it, first
    ('Lee' for Lee Jae Myung)."""
    by_surname: dict[str, list[str]] = defaultdict(list)
    by_first_word: dict[str, list[str]] = defaultdict(list)
    for person in full_names:
        words = person.name.split()
        if len(words) >= 2:
            by_surname[words[-1].casefold()].append(person.actor_id)
            if len(words[0]) > 1 and not words[0].endswith("."):
                by_first_word[words[0].casefold()].append(person.actor_id)
    links = []
    for provisional in surname_only:
        key = provisional.name.casefold()
        candidates = by_surname.get(key) or by_first_word.get(key, [])
        if len(candidates) == 1:
            links.append(SurnameLink(provisional.actor_id, candidates[0]))
    return links
