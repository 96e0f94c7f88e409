"""One real event, many reports: event mentions clustered across articles (and within one).

Two mentions are one event when they have the same PLOVER type, involve the same parties once people and
bodies are replaced by their state (Mirzoyan → ARM, the State Department → USA), and either their dates
overlap (within a few days) or, when a date is missing, their sentences are alike (word-vector cosine).
A cluster as a whole keeps one modality (what happened is not what is announced), at most two parties
(so that "alike" sentences cannot chain Armenia–EU to Armenia–CSTO through a lone "Armenia") and one
window of dates. A mention is compared only with its nearest others in each block (candidates_per_mention,
data/clustering.toml), so that what it is compared with stays bounded as the corpus grows. The cluster id
is the smallest event id in the cluster, so re-running gives the same ids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from dyad.data_files import data_toml

_SETTINGS = data_toml("clustering.toml")
CANDIDATES: int = _SETTINGS["candidates_per_mention"]
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


ClusterState = _Cluster  # what a cluster allows, for callers that know it from the store


class OnlineClusters:
    """Clusters grown batch by batch. The pairs of a batch (a new mention with one clustered before, or with
    another new one) are met in the order a pass over every pair of each sorted (type, party) block meets
    them (block, then the two ids), and merge when both clusters allow it; mentions clustered in earlier
    batches are not compared again with each other, and a cluster keeps its mentions. One batch of every
    mention is the whole-corpus clustering; the same batches in the same order give the same clusters."""

    def __init__(self, candidates: int | None = None) -> None:
        self._candidates = CANDIDATES if candidates is None else candidates or None  # 0: every pair
        self._parent: dict[str, str] = {}
        self._state: dict[str, _Cluster] = {}
        self._blocks: dict[tuple[str, str], list[EventPoint]] = defaultdict(list)

    def know(self, cluster_id: str, state: _Cluster, members: Iterable[EventPoint]) -> None:
        """A cluster formed before (cluster_id is its smallest member's id), with the members a new batch may
        be compared with."""
        self._parent[cluster_id] = cluster_id
        self._state[cluster_id] = state
        for member in members:
            self._parent[member.event_id] = cluster_id
            self._index(member)

    def add(self, batch: list[EventPoint]) -> None:
        """Take in a batch: its pairs with every mention known, in block order."""
        for event in batch:
            self._parent[event.event_id] = event.event_id
            self._state[event.event_id] = _Cluster.of(event)
            self._index(event)
        for a, b in batch_pairs(self._blocks, batch, self._candidates):
            first, second = sorted((self.cluster_of(a.event_id), self.cluster_of(b.event_id)))
            if first != second and self._state[first].accepts(self._state[second]):
                self._parent[second] = first
                self._state[first].absorb(self._state.pop(second))

    def cluster_of(self, event_id: str) -> str:
        root = event_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[event_id] != root:  # path compression
            self._parent[event_id], event_id = root, self._parent[event_id]
        return root

    def _index(self, event: EventPoint) -> None:
        if event.modality in _NEVER_JOINED:
            return  # a negated or hypothetical mention is one event with no other
        for party in event.parties:
            self._blocks[(event.plover_type, party)].append(event)


def cluster_events(events: list[EventPoint], candidates: int | None = None) -> dict[str, str]:
    """event_id → cluster_id (the smallest event id in its cluster) for every event, all in one batch
    (candidates: as OnlineClusters)."""
    clusters = OnlineClusters(candidates)
    clusters.add(events)
    return {e.event_id: clusters.cluster_of(e.event_id) for e in events}


def batch_pairs(blocks: dict[tuple[str, str], list[EventPoint]], batch: list[EventPoint],
                candidates: int | None = None) -> list[tuple[EventPoint, EventPoint]]:
    """Every pair (a, b), a's id the smaller, at least one of them new, that _same_event accepts, in the order
    a pass over every pair of each sorted (type, party) block would meet them: by the first block both are
    in, then by a's id, b's id. candidates: each new mention keeps, in each block, only its pairs with that
    many others that block comes first for, the nearest (nearest_first) — what it is compared with stays
    bounded however many reports a block holds."""
    new = {e.event_id for e in batch}
    found: dict[tuple[str, str], tuple[tuple[str, str], EventPoint, EventPoint]] = {}
    for key in {(e.plover_type, party) for e in batch if e.modality not in _NEVER_JOINED for party in e.parties}:
        for a, b in _block_pairs(blocks[key], new, key, candidates):
            if a.event_id > b.event_id:
                a, b = b, a
            found.setdefault((a.event_id, b.event_id), (key, a, b))
    ordered = sorted(found.items(), key=lambda item: (item[1][0], item[0]))
    return [(a, b) for _, (_, a, b) in ordered]


def nearest_first(event: EventPoint, other: EventPoint) -> tuple:
    """How near other is to event among its accepted pairs, nearest first: fully dated pairs by how far their
    windows are apart in days, then the others by sentence likeness (to four decimals, so that float rounding
    does not reorder equals: the store ranks them in SQL alike, see Store.neighbour_candidates), then by id."""
    if event.start and event.end and other.start and other.end:
        low, high = sorted((event.start, event.end))
        other_low, other_high = sorted((other.start, other.end))
        return 0, abs((low - other_low).days) + abs((high - other_high).days), other.event_id
    return 1, -float(np.round(_similarity(event, other), 4)), other.event_id


@dataclass(frozen=True, slots=True)
class NeighbourPairs:
    """A new mention's possible pairs with clustered mentions, a row per (fresh, block party, other), sorted
    by fresh id and party (Store.neighbour_pairs): dated rows are both fully dated and meet (days: how far
    apart, as nearest_first counts), the others are decided by likeness."""

    fresh: np.ndarray  # str
    party: np.ndarray  # str
    other: np.ndarray  # str
    dated: np.ndarray  # bool
    days: np.ndarray  # int
    both_pairs: np.ndarray  # bool


def nearest_clustered(pairs: NeighbourPairs, fresh_vectors: dict[str, np.ndarray | None], other_ids: list[str],
                      other_matrix: np.ndarray, candidates: int | None = CANDIDATES) -> set[str]:
    """The clustered mentions the new ones must be compared with: in each (new mention, block), every clustered
    one among the nearest `candidates` accepted others (all with None), as OnlineClusters would keep them
    over the whole block. Likeness is scored in numpy over the block's float32 vectors (other_matrix, a row
    per id of other_ids, sorted) and may differ from _similarity's by a float rounding (well under
    VECTOR_SLACK); so those surely accepted (likeness at least VECTOR_SLACK over the threshold) set the
    bound, the r-th nearest of them, and every pair possibly accepted within VECTOR_SLACK of it is kept:
    nearest_first's key (likeness to four decimals) cannot rank a pair further below that bound above it.
    Kept are thus a superset of the exact nearest (OnlineClusters decides exactly), and the set does not
    depend on the order mentions came in."""
    if not len(pairs.fresh):
        return set()
    likeness = _pair_likeness(pairs, fresh_vectors, other_ids, other_matrix)
    threshold = np.where(pairs.both_pairs, PAIR_SIMILARITY, LONE_SIMILARITY)
    possible = ~pairs.dated & (likeness >= threshold - VECTOR_SLACK)
    sure = ~pairs.dated & (likeness >= threshold + VECTOR_SLACK)
    starts = np.flatnonzero(np.r_[True, (pairs.fresh[1:] != pairs.fresh[:-1]) | (pairs.party[1:] != pairs.party[:-1])])
    kept: set[str] = set()
    for start, end in zip(starts, [*starts[1:], len(pairs.fresh)], strict=True):
        rows = np.arange(start, end)
        dated = rows[pairs.dated[rows]]
        undated = rows[possible[rows]]
        if candidates is None:
            kept.update(pairs.other[dated].tolist(), pairs.other[undated].tolist())
            continue
        if len(dated) >= candidates:  # the nearest by days, ties by id: an exact order
            order = np.lexsort((pairs.other[dated], pairs.days[dated]))
            kept.update(pairs.other[dated[order[:candidates]]].tolist())
            continue
        kept.update(pairs.other[dated].tolist())
        wanted = candidates - len(dated)
        surely = np.sort(likeness[rows[sure[rows]]])[::-1]
        if len(surely) >= wanted:
            undated = undated[likeness[undated] >= surely[wanted - 1] - VECTOR_SLACK]
        kept.update(pairs.other[undated].tolist())
    return kept


def _pair_likeness(pairs: NeighbourPairs, fresh_vectors: dict[str, np.ndarray | None], other_ids: list[str],
                   other_matrix: np.ndarray) -> np.ndarray:
    """Cosine of each pair's vectors (float64 over float32 rows); -inf where either has none or a dated pair."""
    likeness = np.full(len(pairs.fresh), -np.inf)
    rows = np.flatnonzero(~pairs.dated)
    if not len(rows) or not len(other_ids):
        return likeness
    known = np.array(other_ids)
    at = np.minimum(np.searchsorted(known, pairs.other[rows]), len(known) - 1)
    has = known[at] == pairs.other[rows]
    others = _unit(other_matrix.astype(np.float64))
    names = sorted({f for f in pairs.fresh[rows].tolist() if fresh_vectors.get(f) is not None})
    if not names:
        return likeness
    place = {name: i for i, name in enumerate(names)}
    mine = _unit(np.stack([fresh_vectors[name] for name in names]).astype(np.float64))
    fresh_at = np.array([place.get(f, -1) for f in pairs.fresh[rows].tolist()])
    has &= fresh_at >= 0
    for chunk in range(0, len(names), _CHUNK):  # a chunk of new mentions × the others at once
        scores = mine[chunk:chunk + _CHUNK] @ others.T
        inside = has & (fresh_at >= chunk) & (fresh_at < chunk + _CHUNK)
        likeness[rows[inside]] = scores[fresh_at[inside] - chunk, at[inside]]
    return likeness


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def _block_pairs(members: list[EventPoint], new: set[str], key: tuple[str, str], candidates: int | None):
    """The pairs of one block, at least one new, that _same_event accepts and that this block comes first
    for; with candidates, only each new mention's nearest that many (nearest_first; a pair kept by either of
    its mentions). Decided for a chunk of new mentions against the whole block at once in numpy: a block of
    many copies of one wire story holds a pair for every two of them, too many to weigh one by one."""
    fresh = np.array([i for i, e in enumerate(members) if e.event_id in new], dtype=int)
    if not len(fresh):
        return
    block = _Block(members, key[1])
    for chunk in range(0, len(fresh), _CHUNK):
        rows = fresh[chunk:chunk + _CHUNK]
        accepted, both_dated, likeness = block.accepted(rows)
        for r, row in enumerate(rows):
            others = np.flatnonzero(accepted[r])
            if candidates is not None and len(others) > candidates:
                others = block.nearest(row, others, both_dated[r], likeness[r])[:candidates]
            for j in others.tolist():
                yield members[row], members[j]


class _Block:
    """One (type, party) block's mentions as arrays, so that _same_event and nearest_first are applied to a
    chunk of rows × every member at once."""

    def __init__(self, members: list[EventPoint], party: str) -> None:
        self.modes = _codes([e.mode for e in members])
        self.pairs = _codes([tuple(sorted(e.parties)) if len(e.parties) == 2 else None for e in members])
        self.two = np.array([len(e.parties) == 2 for e in members])
        self.joinable = np.array([e.modality not in _NEVER_JOINED for e in members])
        self.dated = np.array([bool(e.start and e.end) for e in members])
        self.start = np.array([e.start.toordinal() if e.start and e.end else 0 for e in members])
        self.end = np.array([e.end.toordinal() if e.start and e.end else 0 for e in members])
        self.low, self.high = np.minimum(self.start, self.end), np.maximum(self.start, self.end)
        self.id_rank = np.argsort(np.argsort(np.array([e.event_id for e in members]), kind="stable"))
        dimensions = next((len(e.vector) for e in members if e.vector is not None), 1)
        self.units = _unit(np.stack([_vector(e, dimensions) for e in members]))
        # Parties before the block's own: a pair sharing one of them is compared in that earlier block.
        earlier = sorted({p for e in members for p in e.parties if p < party})
        self.earlier = np.zeros((len(members), len(earlier)), dtype=np.float32)
        for i, event in enumerate(members):
            for p in event.parties:
                if p < party:
                    self.earlier[i, earlier.index(p)] = 1

    def accepted(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """rows × members: which pairs _same_event accepts here; which are both fully dated; their likeness."""
        same = (self.modes[rows][:, None] == self.modes[None, :]) & self.joinable[rows][:, None] & self.joinable
        both_pairs = self.two[rows][:, None] & self.two[None, :]
        same &= ~(both_pairs & (self.pairs[rows][:, None] != self.pairs[None, :]))
        if self.earlier.shape[1]:
            same &= (self.earlier[rows] @ self.earlier.T) == 0
        same[np.arange(len(rows)), rows] = False
        both_dated = self.dated[rows][:, None] & self.dated[None, :]
        meet = (self.start[rows][:, None] - DATE_SLACK.days <= self.end) & (
            self.start - DATE_SLACK.days <= self.end[rows][:, None])
        likeness = self.units[rows] @ self.units.T
        alike = likeness >= np.where(both_pairs, PAIR_SIMILARITY, LONE_SIMILARITY)
        return same & np.where(both_dated, meet, alike), both_dated, likeness

    def nearest(self, row: int, others: np.ndarray, both_dated: np.ndarray, likeness: np.ndarray) -> np.ndarray:
        """others in nearest_first's order."""
        dated = both_dated[others]
        days = np.abs(self.low[others] - self.low[row]) + np.abs(self.high[others] - self.high[row])
        nearness = np.where(dated, days, -np.round(likeness[others], 4))
        return others[np.lexsort((self.id_rank[others], nearness, ~dated))]


def _vector(event: EventPoint, dimensions: int) -> np.ndarray:
    return np.zeros(dimensions) if event.vector is None else np.asarray(event.vector, dtype=np.float64)


def _codes(values: list) -> np.ndarray:
    """Each value as a small integer, equal values equal (None too)."""
    index: dict = {}
    return np.array([index.setdefault(value, len(index)) for value in values], dtype=np.int64)


def _same_event(a: EventPoint, b: EventPoint) -> bool:
    """The rule for one pair, which _Block.accepted applies to a whole block at once (tests compare them)."""
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
    """Cosine of the two sentence vectors in float64, as _Block computes it for a whole block."""
    if a.vector is None or b.vector is None:
        return 0.0
    units = _unit(np.stack([_vector(a, len(a.vector)), _vector(b, len(b.vector))]))
    return float(units[0] @ units[1])
