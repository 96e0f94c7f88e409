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

import numpy as np

DATE_SLACK = timedelta(days=3)
PAIR_SIMILARITY = 0.7  # undated, same two parties: sentences this alike are one event
LONE_SIMILARITY = 0.9  # undated, one party known: only near-identical sentences
_HAPPENED = {"past", "historical"}
_NEVER_JOINED = {"negated", "hypothetical"}
VECTOR_SLACK = 1e-3  # the vector prefilter admits pairs this far below a threshold; _same_event decides exactly
_CHUNK = 512  # undated mentions compared at once: a chunk × block matrix of float32


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


@dataclass(frozen=True, slots=True)
class Clustering:
    """Which real event each mention reports, and the component it belongs to: the mentions joined to it by
    a chain of pairs alike enough to be one event, whether or not the cluster rules let them merge. Components
    are what an incremental run reclusters: no pair of mentions in two components is alike, so each clusters
    alone exactly as it would among all events."""

    clusters: dict[str, str]  # event_id → cluster_id (the smallest event id in the cluster)
    components: dict[str, str]  # event_id → component_id (the smallest event id in the component)


def cluster_events(events: list[EventPoint]) -> dict[str, str]:
    """event_id → cluster_id for every event."""
    return cluster_with_components(events).clusters


def cluster_with_components(events: list[EventPoint]) -> Clustering:
    """Clusters and components of these events. The merges are those of comparing every pair of each (type,
    party) block in block order and event-id order, but only the pairs that can be one event are visited:
    dated mentions within a date window of each other, and mentions alike by vector (numpy, in chunks)."""
    parent = {e.event_id: e.event_id for e in events}
    component = dict(parent)
    clusters = {e.event_id: _Cluster.of(e) for e in events}

    def root(links: dict[str, str], event_id: str) -> str:
        while links[event_id] != event_id:
            links[event_id] = links[links[event_id]]
            event_id = links[event_id]
        return event_id

    for a, b in same_event_pairs(events):
        first, second = sorted((root(component, a.event_id), root(component, b.event_id)))
        component[second] = first
        first, second = sorted((root(parent, a.event_id), root(parent, b.event_id)))
        if first != second and clusters[first].accepts(clusters[second]):
            parent[second] = first
            clusters[first].absorb(clusters[second])
    return Clustering({e.event_id: root(parent, e.event_id) for e in events},
                      {e.event_id: root(component, e.event_id) for e in events})


def same_event_pairs(events: list[EventPoint]) -> list[tuple[EventPoint, EventPoint]]:
    """Every pair (a, b), a's id the smaller, that _same_event accepts, in the order a pass over every pair of
    each sorted (type, party) block would meet them: by the first block both are in, then by a's id, b's id."""
    blocks: dict[tuple[str, str], list[EventPoint]] = defaultdict(list)
    for event in events:
        if event.modality in _NEVER_JOINED:
            continue  # a negated or hypothetical mention is one event with no other
        for party in event.parties:
            blocks[(event.plover_type, party)].append(event)
    found: dict[tuple[str, str], tuple[tuple[str, str], EventPoint, EventPoint]] = {}
    for key, members in blocks.items():
        for a, b in _block_candidates(members):
            if a.event_id > b.event_id:
                a, b = b, a
            pair = (a.event_id, b.event_id)
            if pair in found:
                continue
            first_block = (a.plover_type, min(a.parties & b.parties))
            if key == first_block and _same_event(a, b):
                found[pair] = (first_block, a, b)
    ordered = sorted(found.items(), key=lambda item: (item[1][0], item[0]))
    return [(a, b) for _, (_, a, b) in ordered]


def _block_candidates(members: list[EventPoint]):
    """Pairs of one block that might be one event: fully dated pairs whose windows meet, and pairs with a
    mention not fully dated whose vectors are nearly as alike as the lower threshold asks (the exact test
    follows)."""
    dated = [e for e in members if e.start and e.end]
    yield from _overlapping(dated)
    undated = [e for e in members if not (e.start and e.end) and e.vector is not None]
    if not undated:
        return
    others = [e for e in members if e.vector is not None]
    matrix = _unit_rows(others)
    position = {e.event_id: i for i, e in enumerate(others)}
    undated_rows = np.array([position[e.event_id] for e in undated])
    for chunk in range(0, len(undated), _CHUNK):
        rows = undated_rows[chunk:chunk + _CHUNK]
        alike = matrix[rows] @ matrix.T >= min(PAIR_SIMILARITY, LONE_SIMILARITY) - VECTOR_SLACK
        for i, j in zip(*np.nonzero(alike), strict=True):
            a, b = others[rows[i]], others[j]
            # a pair of two undated mentions is met from both sides: keep one
            if a is not b and ((b.start and b.end) or a.event_id < b.event_id):
                yield a, b


def _overlapping(dated: list[EventPoint]):
    """Pairs of dated mentions whose windows, widened by DATE_SLACK, overlap: a sweep in start order."""
    spans = sorted(((min(e.start, e.end) - DATE_SLACK, max(e.start, e.end), e) for e in dated),
                   key=lambda span: (span[0], span[2].event_id))
    open_spans: list[tuple[date, date, EventPoint]] = []
    for low, high, event in spans:
        open_spans = [span for span in open_spans if span[1] >= low]
        for _, _, other in open_spans:
            yield other, event
        open_spans.append((low, high, event))


def _unit_rows(events: list[EventPoint]) -> np.ndarray:
    matrix = np.stack([e.vector for e in events]).astype(np.float32, copy=False)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


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
