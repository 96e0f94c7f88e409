"""Event clusters a reader would accept: one modality, at most two parties, no chain of alike sentences."""

from __future__ import annotations

from datetime import date

import numpy as np

from dyad.resolve.event_clusters import EventPoint, cluster_events

ALIKE = np.ones(8, dtype=np.float32)


def point(event_id: str, parties: set[str], modality: str = "past", day: date | None = None) -> EventPoint:
    return EventPoint(event_id, "COOPERATE", None, frozenset(parties), day, day, modality, ALIKE)


def test_a_lone_party_does_not_chain_two_pairs():
    clusters = cluster_events([point("a", {"GEO", "EU"}), point("b", {"GEO"}), point("c", {"GEO", "NATO"})])
    assert clusters["a"] != clusters["c"]
    assert clusters["b"] in (clusters["a"], clusters["c"]), "the lone mention joins one of them"


def test_what_happened_and_what_is_announced_are_two_events():
    clusters = cluster_events([point("a", {"GEO", "EU"}), point("b", {"GEO", "EU"}, "announced"),
                               point("c", {"GEO", "EU"}, "historical")])
    assert clusters["a"] == clusters["c"] != clusters["b"]


def test_dated_reports_of_one_pair_join():
    day = date(2025, 3, 1)
    clusters = cluster_events([point("a", {"GEO", "EU"}, day=day), point("b", {"EU", "GEO"}, day=day)])
    assert clusters["a"] == clusters["b"] == "a"
