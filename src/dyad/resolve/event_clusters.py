"""One real event, many reports: event mentions clustered across articles (and within one).

Two mentions are one event when they have the same PLOVER type, involve the same parties once people and
bodies are replaced by their state (Mirzoyan → ARM, the State Department → USA), and either their dates
overlap (within a few days) or, when a date is missing, their sentences are alike (word-vector cosine).
A cluster as a whole keeps one modality (what happened is not what is announced), at most two parties
(so that "alike" sentences cannot chain Armenia–EU to Armenia–CSTO through a lone "Armenia") and one
window of dates. The cluster id is the smallest event id in the cluster, so re-running gives the same ids.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

import numpy as np

DATE_SLACK = timedelta(days=3)
PAIR_SIMILARITY = 0.7  # undated, same two parties: sentences this alike are one event
LONE_SIMILARITY = 0.9  # undated, one party known: only near-identical sentences
_HAPPENED = {"past", "historical"}


@dataclass(frozen=True, slots=True)
class EventPoint:
    event_id: str
    plover_type: str
    mode: str | None
    parties: frozenset[str]  # state-level actor ids
    start: date | None
    end: date | None
    modality: str
    vector: np.ndarray | None


@dataclass(slots=True)
class _Cluster:
    """What a cluster as a whole allows: its dated members must stay within one window, its parties one set."""

    latest_start: date | None
    earliest_end: date | None
    pair: frozenset[str] | None
    parties: frozenset[str]
    happened: bool  # past or historical, against announced

    @classmethod
    def of(cls, event: EventPoint) -> _Cluster:
        return cls(event.start, event.end, event.parties if len(event.parties) == 2 else None, event.parties,
                   event.modality in _HAPPENED)

    def accepts(self, other: _Cluster) -> bool:
        if self.pair and other.pair and self.pair != other.pair:
            return False
        if self.happened != other.happened or len(self.parties | other.parties) > 2:
            return False
        starts = [d for d in (self.latest_start, other.latest_start) if d]
        ends = [d for d in (self.earliest_end, other.earliest_end) if d]
        return not (starts and ends) or max(starts) - DATE_SLACK <= min(ends)

    def absorb(self, other: _Cluster) -> None:
        starts = [d for d in (self.latest_start, other.latest_start) if d]
        ends = [d for d in (self.earliest_end, other.earliest_end) if d]
        self.latest_start = max(starts) if starts else None
        self.earliest_end = min(ends) if ends else None
        self.pair = self.pair or other.pair
        self.parties = self.parties | other.parties


def cluster_events(events: list[EventPoint]) -> dict[str, str]:
    """event_id → cluster_id for every event."""
    parent = {e.event_id: e.event_id for e in events}
    clusters = {e.event_id: _Cluster.of(e) for e in events}

    def root(event_id: str) -> str:
        while parent[event_id] != event_id:
            parent[event_id] = parent[parent[event_id]]
            event_id = parent[event_id]
        return event_id

    for a, b in _candidate_pairs(events):
        first, second = sorted((root(a.event_id), root(b.event_id)))
        if first != second and _same_event(a, b) and clusters[first].accepts(clusters[second]):
            parent[second] = first
            clusters[first].absorb(clusters[second])
    return {e.event_id: root(e.event_id) for e in events}


def _candidate_pairs(events: list[EventPoint]):
    """Only mentions of one type that share a party can be one event: compare within those blocks."""
    blocks: dict[tuple[str, str], list[EventPoint]] = defaultdict(list)
    for event in events:
        for party in sorted(event.parties):  # a frozenset's order changes with PYTHONHASHSEED; merges must not
            blocks[(event.plover_type, party)].append(event)
    seen: set[tuple[str, str]] = set()
    for key in sorted(blocks):
        for a, b in combinations(sorted(blocks[key], key=lambda e: e.event_id), 2):
            if (a.event_id, b.event_id) not in seen:
                seen.add((a.event_id, b.event_id))
                yield a, b


def _same_event(a: EventPoint, b: EventPoint) -> bool:
    if a.mode != b.mode:
        return False
    if len(a.parties) == 2 and len(b.parties) == 2 and a.parties != b.parties:
        return False
    if "negated" in (a.modality, b.modality) or "hypothetical" in (a.modality, b.modality):
        return False
    if a.start and b.start and a.end and b.end:
        return a.start - DATE_SLACK <= b.end and b.start - DATE_SLACK <= a.end
    both_pairs = len(a.parties) == 2 and len(b.parties) == 2
    return _similarity(a, b) >= (PAIR_SIMILARITY if both_pairs else LONE_SIMILARITY)


def _similarity(a: EventPoint, b: EventPoint) -> float:
    if a.vector is None or b.vector is None:
        return 0.0
    norm = float(np.linalg.norm(a.vector) * np.linalg.norm(b.vector))
    return float(a.vector @ b.vector) / norm if norm else 0.0
