"""Exports of the written corpus: every format read back and checked against the database."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyarrow.parquet as pq

from dyad.store import CONTRACT_TABLES
from tests.conftest import query

PLOVER_CATEGORIES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE", "DEMAND",
                     "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "CRIME", "SANCTION", "MOBILIZE", "COERCE",
                     "ASSAULT"}


def count(db: Path, table: str) -> int:
    return query(db, f"SELECT count(*) FROM {table}")[0][0]


def test_every_table_as_jsonl_csv_and_parquet(nordic_db: Path, tmp_path: Path, cli):
    for fmt in ("jsonl", "csv", "parquet"):
        result = cli("export", "--db", nordic_db, "--format", fmt, "--out", tmp_path / fmt)
        assert result.exit_code == 0, result.output
        assert sorted(p.stem for p in (tmp_path / fmt).iterdir()) == sorted([*CONTRACT_TABLES, "clusters"])
    for table in [*CONTRACT_TABLES, "clusters"]:
        expected = count(nordic_db, table)
        lines = (tmp_path / "jsonl" / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == expected
        with (tmp_path / "csv" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            assert len(list(csv.DictReader(handle))) == expected
        assert pq.read_table(tmp_path / "parquet" / f"{table}.parquet").num_rows == expected


def test_clusters_are_real_events_and_vectors_only_when_asked(nordic_db: Path, tmp_path: Path, cli):
    cli("export", "--db", nordic_db, "--format", "parquet", "--table", "events", "--out", tmp_path / "lean.parquet")
    cli("export", "--db", nordic_db, "--format", "parquet", "--table", "events", "--vectors",
        "--out", tmp_path / "full.parquet")
    assert "vector" not in pq.read_table(tmp_path / "lean.parquet").column_names
    assert "vector" in pq.read_table(tmp_path / "full.parquet").column_names
    assert "sentence" in pq.read_table(tmp_path / "lean.parquet").column_names
    cli("export", "--db", nordic_db, "--format", "jsonl", "--table", "clusters", "--out", tmp_path / "c.jsonl")
    clusters = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    [(real_events, mentions)] = query(nordic_db, "SELECT count(DISTINCT cluster_id), count(*) FROM events")
    assert len(clusters) == real_events and sum(c["mentions"] for c in clusters) == mentions
    widest = max(clusters, key=lambda c: c["documents"])
    assert widest["documents"] >= 2 and len(widest["outlets"]) == widest["documents"]
    assert sorted(widest["event_ids"]) == widest["event_ids"] and len(widest["event_ids"]) == widest["mentions"]


def test_values_survive_the_round_trip(nordic_db: Path, tmp_path: Path, cli):
    cli("export", "--db", nordic_db, "--format", "jsonl", "--table", "actors", "--out", tmp_path / "actors.jsonl")
    actors = {row["actor_id"]: row for row in map(json.loads, (tmp_path / "actors.jsonl").open(encoding="utf-8"))}
    [(aliases,)] = query(nordic_db, "SELECT aliases FROM actors WHERE actor_id = 'NOR'")
    assert actors["NOR"]["aliases"] == aliases and "Norwegian" in aliases
    cli("export", "--db", nordic_db, "--format", "csv", "--table", "documents", "--out", tmp_path / "docs.csv")
    with (tmp_path / "docs.csv").open(encoding="utf-8", newline="") as handle:
        documents = {row["outlet"]: row for row in csv.DictReader(handle)}
    [(body,)] = query(nordic_db, "SELECT body FROM documents WHERE outlet = 'Outlet B'")
    assert documents["Outlet B"]["body"] == body
    assert documents["Outlet B"]["published"] == "2025-01-15"
    assert isinstance(json.loads(documents["Outlet B"]["removed_spans"]), list)


def test_plover_records_follow_the_layout_and_keep_their_evidence(nordic_db: Path, tmp_path: Path, cli):
    out = tmp_path / "events.plover.jsonl"
    assert cli("export", "--db", nordic_db, "--format", "plover", "--out", out).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == count(nordic_db, "events")
    bodies = dict(query(nordic_db, "SELECT doc_id, body FROM documents"))
    for record in records:
        assert {"id", "date", "event", "eventText", "mode", "context", "text", "language", "publication", "coder",
                "version", "dateCoded"} <= set(record)
        assert record["event"] in PLOVER_CATEGORIES
        evidence = record["dyad"]
        assert " ".join(bodies[evidence["docId"]][evidence["startChar"]:evidence["endChar"]].split()) == record["text"]
    signing = [r for r in records if r["event"] == "AGREE" and r["date"] == "2025-01-14"]
    assert len({r["dyad"]["clusterId"] for r in signing}) == 1 and len(signing) >= 3
    parties = {a["code"] for r in signing for a in r.get("source", []) + r.get("target", [])}
    assert {"NOR", "SWE"} <= parties


def test_graphml_is_a_graph_of_actors_and_relations(nordic_db: Path, tmp_path: Path, cli):
    out = tmp_path / "alignment.graphml"
    assert cli("export", "--db", nordic_db, "--format", "graphml", "--out", out).exit_code == 0
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = ET.parse(out).getroot().find("g:graph", ns)
    nodes = {n.get("id") for n in graph.findall("g:node", ns)}
    assert {"SWE", "NATO"} <= nodes
    edges = graph.findall("g:edge", ns)
    membership = [e for e in edges if (e.get("source"), e.get("target")) == ("SWE", "NATO")]
    values = {d.get("key"): d.text for d in membership[0].findall("g:data", ns)}
    assert values["type"] == "member" and values["status"] == "active" and values["edge_kind"] == "relation"
    assert all(e.get("source") in nodes and e.get("target") in nodes for e in edges)


def test_bad_export_requests_fail_clearly(nordic_db: Path, tmp_path: Path, cli):
    unknown = cli("export", "--db", nordic_db, "--format", "xlsx", "--out", tmp_path / "x")
    assert unknown.exit_code == 2 and "unknown export format" in unknown.output
    table = cli("export", "--db", nordic_db, "--format", "csv", "--table", "events; DROP TABLE events",
                "--out", tmp_path / "x.csv")
    assert table.exit_code == 2 and "no table" in table.output
    assert count(nordic_db, "events") > 0
