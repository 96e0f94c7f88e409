"""The whole knowledge base: states, organisations, places, outlets and people, indexed by every name.

Each name in the index says how it names its actor: as the actor's own name, as its capital or seat of
government (a metonym that may also be a mere location), or as its adjective ("Armenian").
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from dyad.data_files import data_text, data_toml
from dyad.knowledge.states import load_states


class NameKind(StrEnum):
    NAME = "name"
    CAPITAL = "capital"
    ADJECTIVE = "adjective"


@dataclass(frozen=True, slots=True)
class KnownActor:
    actor_id: str
    kind: str  # state | igo | institution | group | place | outlet | person
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    members: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    sector: str | None = None  # CAMEO's, for bodies, groups and companies (LEG, REB, BUS)


@dataclass(frozen=True, slots=True)
class NameEntry:
    actor_id: str
    kind: NameKind


@dataclass(frozen=True, slots=True)
class Body:
    """A kind of government body named by a state word plus a noun ("Armenia's parliament")."""

    code: str
    name: str
    sector: str  # CAMEO's: GOV, LEG, MIL


@dataclass(frozen=True, slots=True)
class Metonymy:
    """Words that tell a capital used as a place from a capital that stands for its state."""

    locative_prepositions: frozenset[str]
    agent_nouns: frozenset[str]
    place_nouns: frozenset[str]
    document_nouns: frozenset[str]
    place_verbs: frozenset[str]
    recipient_heads: frozenset[str]
    source_heads: frozenset[str] = frozenset()  # "opposition from Beijing", "according to the Kremlin"
    seat_acting_for: dict[str, str] = field(default_factory=dict)  # "Brussels" acting → "EU"


@dataclass(slots=True)
class KnowledgeBase:
    actors: dict[str, KnownActor] = field(default_factory=dict)
    names: dict[str, NameEntry] = field(default_factory=dict)  # exact surface → entry
    folded: dict[str, NameEntry] = field(default_factory=dict)  # casefolded surface → entry
    ambiguous: set[str] = field(default_factory=set)  # surfaces that name two actors: never resolved alone
    bodies: dict[str, Body] = field(default_factory=dict)  # lower-case noun phrase → body
    roles: frozenset[str] = frozenset()
    metonymy: Metonymy | None = None

    def add(self, actor: KnownActor, names: dict[str, NameKind]) -> None:
        self.actors[actor.actor_id] = actor
        for surface, kind in names.items():
            self._index(surface, NameEntry(actor.actor_id, kind))

    def _index(self, surface: str, entry: NameEntry) -> None:
        surface = strip_article(surface)
        if not surface or surface in self.ambiguous:
            return
        known = self.names.get(surface)
        if known and known.actor_id != entry.actor_id:
            self.ambiguous.add(surface)
            del self.names[surface]
            self.folded.pop(surface.casefold(), None)
            return
        self.names[surface] = entry
        self.folded.setdefault(surface.casefold(), entry)

    def lookup(self, surface: str) -> NameEntry | None:
        surface = strip_article(surface)
        return self.names.get(surface) or self.folded.get(surface.casefold())

    def state_of(self, surface: str) -> str | None:
        """The state a name, capital or adjective points to ('Armenian' → ARM), if it points to one."""
        entry = self.lookup(surface.removesuffix("'s").removesuffix("’s"))
        if entry is None:
            return None
        actor = self.actors[entry.actor_id]
        return actor.actor_id if actor.kind == "state" else None


_LEADING_ARTICLE = re.compile(r"^(the|The)\s+")


def strip_article(surface: str) -> str:
    return _LEADING_ARTICLE.sub("", surface.strip())


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _rows(name: str) -> Iterator[list[str]]:
    text = data_text(name)
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        yield [cell.strip() for cell in row] + [""] * 6


def _split(cell: str) -> tuple[str, ...]:
    return tuple(value.strip() for value in cell.split("|") if value.strip())


def _lexicon(name: str) -> frozenset[str]:
    text = data_text(name)
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def load_knowledge() -> KnowledgeBase:
    rules = data_toml("metonymy.toml")
    keys = ("locative_prepositions", "agent_nouns", "place_nouns", "document_nouns", "place_verbs", "recipient_heads")
    metonymy = Metonymy(*(frozenset(rules[key]) for key in keys), source_heads=frozenset(rules["source_heads"]),
                        seat_acting_for=rules["seat_acting_for"])
    kb = KnowledgeBase(roles=_lexicon("roles.txt"), metonymy=metonymy)
    for state in load_states():
        names = {n: NameKind.NAME for n in state.names}
        names |= {c: NameKind.CAPITAL for c in state.capitals}
        names |= {a: NameKind.ADJECTIVE for a in state.adjectives}
        kb.add(KnownActor(state.actor_id, "state", state.name, state.names), names)
    for actor_id, kind, name, aliases, members, country, sector, *_ in _rows("organisations.tsv"):
        actor = KnownActor(actor_id, kind, name, _split(aliases), country or None, _split(members),
                           sector=sector or None)
        kb.add(actor, dict.fromkeys((name, *actor.aliases), NameKind.NAME))
    for actor_id, name, aliases, country, *_ in _rows("places.tsv"):
        kb.add(KnownActor(actor_id, "place", name, _split(aliases), country or None),
               dict.fromkeys((name, *_split(aliases)), NameKind.NAME))
    for actor_id, name, aliases, country, *_ in _rows("outlets.tsv"):
        kb.add(KnownActor(actor_id, "outlet", name, _split(aliases), country or None),
               dict.fromkeys((name, *_split(aliases)), NameKind.NAME))
    for actor_id, name, aliases, country, roles, *_ in _rows("people.tsv"):
        kb.add(KnownActor(actor_id, "person", name, _split(aliases), country or None, roles=_split(roles)),
               dict.fromkeys((name, *_split(aliases)), NameKind.NAME))
    for code, name, nouns, sector, *_ in _rows("bodies.tsv"):
        for noun in _split(nouns):
            kb.bodies[noun] = Body(code, name, sector)
    return kb
