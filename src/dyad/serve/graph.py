"""The alignment graph: actors as nodes; relations that held on a date and event flows up to it as edges.
Shared by the HTTP API (the web UI draws it) and the GraphML export."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from dyad.store.queries import Queries


def alignment_graph(db: Queries, *, as_of: date | None = None, actor: str | None = None) -> dict[str, Any]:
    relations = [_relation_edge(row) for row in db.relations_as_of(as_of, actor)]
    flows = _event_edges(db.dyad_scores(actor, directed=True), as_of)
    ids = sorted({e["source"] for e in relations + flows} | {e["target"] for e in relations + flows})
    names = db.actor_names(ids)
    nodes = [{"id": i, "name": names.get(i, {}).get("name", i), "kind": names.get(i, {}).get("kind")} for i in ids]
    return {"as_of": as_of, "nodes": nodes, "edges": relations + flows}


def _relation_edge(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "relation", "source": row["a_id"], "target": row["b_id"], "type": row["type"],
        "status": row["status"], "as_stated_on": row["as_stated_on"], "doc_id": row["doc_id"],
        "start_char": row["start_char"], "end_char": row["end_char"], "evidence": " ".join(row["evidence"].split()),
    }


def _event_edges(scores: list[dict[str, Any]], as_of: date | None) -> list[dict[str, Any]]:
    """Real events from one state to another up to the date, summed: cooperation minus conflict, and how many
    (source → target: who acted on whom)."""
    cutoff = as_of.strftime("%Y-%m") if as_of else None
    totals: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: {"score": 0, "events": 0})
    for row in scores:
        if cutoff is None or row["month"] <= cutoff:
            total = totals[(row["a_id"], row["b_id"])]
            total["score"] += row["score"]
            total["events"] += row["events"]
    return [{"kind": "events", "source": a, "target": b, "score": t["score"], "events": t["events"]}
            for (a, b), t in sorted(totals.items())]
