"""States with their capitals, adjectives and other names, from data/states.tsv and pycountry."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import pycountry

from dyad.data_files import data_text


@dataclass(frozen=True, slots=True)
class State:
    actor_id: str  # ISO 3166-1 alpha-3 (XKX for Kosovo, which has none)
    name: str
    capitals: tuple[str, ...]  # metonyms when the city acts ("Yerevan accused …")
    adjectives: tuple[str, ...]  # "Armenian", "Azeri"
    names: tuple[str, ...]  # the name, short forms, ISO names: each one means the state


@cache
def load_states() -> tuple[State, ...]:
    text = data_text("states.tsv")
    rows = csv.reader((line for line in text.splitlines() if line and not line.startswith("#")), delimiter="\t")
    return tuple(_state(*row) for row in rows)


def _state(iso3: str, name: str, capitals: str, adjectives: str, others: str = "") -> State:
    names = [name, *_split(others), *_iso_names(iso3)]
    return State(iso3, name, _split(capitals), _split(adjectives), tuple(dict.fromkeys(names)))


def _split(field: str) -> tuple[str, ...]:
    return tuple(value.strip() for value in field.split("|") if value.strip())


def _iso_names(iso3: str) -> list[str]:
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return []
    return [n for n in (getattr(country, "common_name", None), country.name, getattr(country, "official_name", None))
            if n]


def ambiguous_adjectives() -> dict[str, tuple[str, ...]]:
    """Adjectives that belong to more than one state ('Congolese'): never resolved from the word alone."""
    owners: dict[str, list[str]] = defaultdict(list)
    for state in load_states():
        for adjective in state.adjectives:
            owners[adjective].append(state.actor_id)
    return {adjective: tuple(ids) for adjective, ids in owners.items() if len(ids) > 1}
