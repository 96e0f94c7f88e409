"""Each event's parties coded the way PLOVER and POLECAT code actors: a state and a sector.

The named actor stays in source_id/target_id; source_state/source_sector and target_state/target_sector say
whom it acts for: a person, body, agent, company or armed group stands for its country (what the text, the
knowledge base or the dated office-holder dictionary gives), with its CAMEO sector (GOV, MIL, COP, OPP, REB,
BUS, ELI for a former office holder …); a state is itself with no sector; an international organisation is
no state, sector IGO, and so is a person or body acting for one (whose country is the organisation's id);
a place acted on ('struck Gaza') is its state's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from dyad.data_files import data_toml
from dyad.knowledge.base import KnowledgeBase
from dyad.records import ActorFact, Event

_SECTOR_OF_KIND = {"igo": "IGO", "outlet": "MED"}


@dataclass(frozen=True, slots=True)
class PartyCode:
    state: str | None
    sector: str | None


NO_PARTY = PartyCode(None, None)


def party_code(actor_id: str | None, actors: dict[str, ActorFact], kb: KnowledgeBase) -> PartyCode:
    """The state and sector of one party, from what the article says of it or else the knowledge base."""
    if actor_id is None:
        return NO_PARTY
    fact = actors.get(actor_id)
    known = kb.actors.get(actor_id)
    kind = fact.kind if fact else known.kind if known else None
    country = (fact.country if fact else None) or (known.country if known else None)
    if kind is None:
        return NO_PARTY
    if kind == "state":
        return PartyCode(actor_id, None)
    if kind == "igo":
        return PartyCode(None, "IGO")
    sector = (fact.sector if fact else None) or (known.sector if known else None) or _SECTOR_OF_KIND.get(kind)
    acting_for = kb.actors.get(country or "")
    if acting_for is not None and acting_for.kind == "igo":  # "NATO Secretary General X", the European Commission
        return PartyCode(None, "IGO")
    return PartyCode(country, sector)


@dataclass(frozen=True, slots=True)
class _ActsBy:
    """plover.toml [by_state_source] or [by_civilian_source]: what an act codes as when those sectors do it."""

    sectors: frozenset[str]
    codes: dict[tuple[str, str | None], tuple[str, str | None]]


@cache
def _acts_by(table: str) -> _ActsBy:
    raw = data_toml("plover.toml")[table]

    def code(value: str) -> tuple[str, str | None]:
        category, _, mode = value.partition(":")
        return category, mode or None

    return _ActsBy(frozenset(raw["sectors"]), {code(k): code(v) for k, v in raw["codes"].items()})


def _as_done_by(event: Event, source: PartyCode) -> tuple[str, str | None]:
    """'Police blocked the highway': obstructing passage is dissent (PROTEST) when civilians do it, a
    restriction of movement (COERCE) when a state, its government, army or police does (CAMEO 144 vs 191);
    'activists blockaded the port' is their protest."""
    code = (event.plover_type, event.mode)
    state, civilian = _acts_by("by_state_source"), _acts_by("by_civilian_source")
    if source.state is not None and (source.state == event.source_id or source.sector in state.sectors):
        return state.codes.get(code, code)
    return civilian.codes.get(code, code) if source.sector in civilian.sectors else code


def code_parties(events: list[Event], actors: dict[str, ActorFact], kb: KnowledgeBase) -> list[Event]:
    """The events with each party's state and sector filled in (and an act recoded by who does it)."""
    coded = []
    for event in events:
        source, target = party_code(event.source_id, actors, kb), party_code(event.target_id, actors, kb)
        category, mode = _as_done_by(event, source)
        coded.append(replace(event, plover_type=category, mode=mode, source_state=source.state,
                             source_sector=source.sector, target_state=target.state, target_sector=target.sector))
    return coded
