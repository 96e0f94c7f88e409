"""Exports of the written corpus: every format read back and checked against the database."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
from jsonschema import Draft202012Validator

from dyad.serve.plover import plover_record, plover_schema
from dyad.store import CONTRACT_TABLES
from tests.conftest import query

PLOVER_07 = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE", "DEMAND", "ACCUSE",
             "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


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


def test_plover_records_follow_the_manual_and_keep_their_evidence(nordic_db: Path, tmp_path: Path, cli):
    out = tmp_path / "events.plover.jsonl"
    result = cli("export", "--db", nordic_db, "--format", "plover", "--out", out)
    assert result.exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    validator = Draft202012Validator(plover_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    for record in records:
        errors = [e.message for e in validator.iter_errors(record)]
        assert not errors, (record["id"], errors)
    [(negated, total)] = query(nordic_db, "SELECT count(*) FILTER (modality = 'negated'), count(*) FROM events")
    left_out = sum(int(n) for n in re.findall(r"left out (\d+) event mentions", result.output))
    assert len(records) + left_out == total and len(records) <= total - negated
    assert not any(r["dyad"]["modality"] == "negated" for r in records)
    bodies = dict(query(nordic_db, "SELECT doc_id, body FROM documents"))
    for record in records:
        evidence = record["dyad"]
        assert " ".join(bodies[evidence["docId"]][evidence["startChar"]:evidence["endChar"]].split()) == record["text"]
        assert set(record["event"]) <= PLOVER_07 and record["quad_code"] in (1, 2, 3, 4)
        if evidence["modality"] == "announced":
            assert record["context"] == ["future"]
    signing = [r for r in records if r["event"] == ["AGREE"] and r["date"] == "2025-01-14"]
    assert len({r["dyad"]["clusterId"] for r in signing}) == 1 and len(signing) >= 3
    parties = {a["code"] for r in signing for a in r["source"] + r.get("recipient", [])}
    assert {"NOR", "SWE"} <= parties


def test_plover_dates_keep_their_precision():
    """A month is its first and last day, a year likewise; an undated event takes its article's date, said so."""
    base = {"event_id": "e1", "plover_type": "DISAPPROVE", "modality": "past", "event_date": date(2024, 2, 1),
            "date_precision": "month", "date_end": date(2024, 2, 29), "published": date(2024, 3, 5),
            "source_id": "person-x", "source_state": "NOR", "source_sector": "GOV", "source_kind": "person",
            "source_name_of_actor": "Person X", "source_text": "X", "target_id": "CSTO", "target_state": None,
            "target_sector": "IGO", "target_kind": "igo", "target_name_of_actor": "CSTO", "target_text": "the CSTO",
            "trigger": "criticised", "mode": None, "text": "X criticised the CSTO.", "start_char": 0,
            "end_char": 22, "source_name": "Outlet", "url": None, "title": None, "language": "en",
            "doc_id": "d1", "cluster_id": "c1", "date_text": "in February 2024", "confidence": 0.9}
    month = plover_record(base, date(2025, 1, 1))
    assert (month["date"], month["enddate"], month["event"]) == ("2024-02-01", "2024-02-29", ["ACCUSE"])
    assert month["source"] == [{"code": "NOR", "sector": "GOV", "actor_text": "X", "identifier_id": "person-x",
                                "identifier_text": "Person X"}]
    assert month["recipient"][0]["code"] == "IGO" and "sector" not in month["recipient"][0]
    year = plover_record({**base, "date_precision": "year", "event_date": date(2023, 1, 1)}, date(2025, 1, 1))
    assert (year["date"], year["enddate"]) == ("2023-01-01", "2023-12-31")
    undated = plover_record({**base, "event_date": None, "date_precision": None}, date(2025, 1, 1))
    assert undated["date"] == "2024-03-05" and undated["dyad"]["dateFrom"] == "publication"
    assert isinstance(plover_record({**base, "event_date": None, "published": None}, date(2025, 1, 1)), str)
    assert isinstance(plover_record({**base, "plover_type": "CRIME"}, date(2025, 1, 1)), str)
    assert isinstance(plover_record({**base, "source_state": None, "source_sector": None}, date(2025, 1, 1)), str)


def test_graphml_loads_in_networkx_with_numbers_and_directions(nordic_db: Path, tmp_path: Path, cli):
    out = tmp_path / "alignment.graphml"
    assert cli("export", "--db", nordic_db, "--format", "graphml", "--out", out).exit_code == 0
    graph = nx.read_graphml(out)
    assert graph.is_directed() and {"SWE", "NATO"} <= set(graph.nodes)
    edges = [(a, b, d) for a, b, d in graph.edges(data=True)]
    [relation] = [d for a, b, d in edges if (a, b) == ("SWE", "NATO") and d["edge_kind"] == "relation"]
    assert relation["type"] == "member" and relation["status"] == "active"
    flows = [d for _, _, d in edges if d["edge_kind"] == "events"]
    assert flows and all(isinstance(d["score"], float) and isinstance(d["events"], int) for d in flows)
    assert any((a, b) == ("NOR", "SWE") for a, b, d in edges if d["edge_kind"] == "events"), "Norway acted on Sweden"
    early = tmp_path / "early.graphml"
    result = cli("export", "--db", nordic_db, "--format", "graphml", "--as-of", "2025-01-15", "--out", early)
    assert result.exit_code == 0
    early_flows = [d for _, _, d in nx.read_graphml(early).edges(data=True) if d["edge_kind"] == "events"]
    assert sum(d["events"] for d in early_flows) < sum(d["events"] for d in flows)


def test_bad_export_requests_fail_clearly(nordic_db: Path, tmp_path: Path, cli):
    unknown = cli("export", "--db", nordic_db, "--format", "xlsx", "--out", tmp_path / "x")
    assert unknown.exit_code == 2 and "unknown export format" in unknown.output
    table = cli("export", "--db", nordic_db, "--format", "csv", "--table", "events; DROP TABLE events",
                "--out", tmp_path / "x.csv")
    assert table.exit_code == 2 and "no table" in table.output
    assert count(nordic_db, "events") > 0
