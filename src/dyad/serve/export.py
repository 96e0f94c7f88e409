"""Exports of the record to formats other tools read: JSON Lines, CSV, Parquet, PLOVER records, GraphML."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from dyad import __version__
from dyad.errors import DyadError
from dyad.serve.graph import alignment_graph
from dyad.serve.output import json_default
from dyad.store.queries import VIEWS, Queries
from dyad.store.tables import CONTRACT_TABLES

TABLE_FORMATS = ("jsonl", "csv", "parquet")
FORMATS = (*TABLE_FORMATS, "plover", "graphml")
PLOVER_VERSION = "0.6"  # the PLOVER record layout followed: id, date, source, target, event, mode, context, text, …
EXPORTED = (*CONTRACT_TABLES, *VIEWS)  # every table of the record and the clusters view
BULKY = {"events": ("vector",)}  # columns left out unless asked for (300 floats per event mention)


def export(db: Queries, *, fmt: str, out: Path, table: str | None = None, vectors: bool = False) -> list[Path]:
    """Writes the export and returns the files written. Table formats take one table or, without one,
    every table of the record contract and the clusters view into the folder `out`; the events' sentence
    vectors only with `vectors`."""
    if fmt not in FORMATS:
        raise DyadError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "plover":
        return [_write_plover(db, out)]
    if fmt == "graphml":
        return [_write_graphml(db, out)]
    if table:
        return [_write_table(db, table, fmt, out, vectors)]
    out.mkdir(parents=True, exist_ok=True)
    return [_write_table(db, name, fmt, out / f"{name}.{fmt}", vectors) for name in EXPORTED]


def _write_table(db: Queries, table: str, fmt: str, out: Path, vectors: bool) -> Path:
    arrow = db.table_arrow(table)
    if not vectors:
        arrow = arrow.drop_columns([c for c in BULKY.get(table, ()) if c in arrow.column_names])
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        pq.write_table(arrow, out)
        return out
    rows = arrow.to_pylist()
    writer: Callable[[list[dict[str, Any]], list[str], Path], None] = _write_csv if fmt == "csv" else _write_jsonl
    writer(rows, arrow.column_names, out)
    return out


def _write_jsonl(rows: list[dict[str, Any]], _: list[str], out: Path) -> None:
    with out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, default=json_default) + "\n")


def _write_csv(rows: list[dict[str, Any]], columns: list[str], out: Path) -> None:
    """Lists and structs (roles, removed spans, cues) go into their cells as JSON."""
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: json.dumps(v, ensure_ascii=False, default=json_default)
                             if isinstance(v, list | dict) else v for k, v in row.items()})


def _write_plover(db: Queries, out: Path) -> Path:
    """One PLOVER record per line (JSON Lines), with Dyad's evidence fields added under `dyad`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    coded = date.today().isoformat()
    with out.open("w", encoding="utf-8") as handle:
        for row in db.plover_rows():
            handle.write(json.dumps(plover_record(row, coded), ensure_ascii=False, default=json_default) + "\n")
    return out


def plover_record(row: dict[str, Any], date_coded: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": f"DYAD-{row['event_id']}",
        "date": row["event_date"] or row["published"],
        "event": row["plover_type"],
        "eventText": row["trigger"] or "",
        "mode": row["mode"] or "",
        "context": "",
        "text": " ".join(row["text"].split()),
        "language": row["language"] or "en",
        "publication": row["outlet"] or "",
        "coder": f"Dyad {__version__}",
        "version": PLOVER_VERSION,
        "dateCoded": date_coded,
    }
    for role in ("source", "target"):
        if row[f"{role}_id"]:
            record[role] = [_plover_actor(row, role)]
    record["dyad"] = {
        "docId": row["doc_id"], "startChar": row["start_char"], "endChar": row["end_char"], "url": row["url"],
        "clusterId": row["cluster_id"], "modality": row["modality"], "datePrecision": row["date_precision"],
        "dateText": row["date_text"], "confidence": row["confidence"],
    }
    return record


def _plover_actor(row: dict[str, Any], role: str) -> dict[str, str]:
    """PLOVER codes a party by the state it acts for and its sector (events.source_state/source_sector):
    'Iranian protesters' → IRN, OPP; the named actor stays as dyadId. Parties of no state keep their id."""
    actor_id, state, sector = row[f"{role}_id"], row[f"{role}_state"], row[f"{role}_sector"]
    actor = {"actorText": row[f"{role}_text"] or actor_id, "code": state or actor_id}
    if sector:
        actor["sector"] = sector
    if actor["code"] != actor_id:
        actor["dyadId"] = actor_id
    return actor


def _write_graphml(db: Queries, out: Path) -> Path:
    """Actors as nodes; relations (latest statement of each) and event flows as edges, with their evidence."""
    graph_data = alignment_graph(db)
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", xmlns=ns)
    keys = {"name": "node", "kind": "node", "edge_kind": "edge", "type": "edge", "status": "edge",
            "as_stated_on": "edge", "score": "edge", "events": "edge", "doc_id": "edge", "evidence": "edge"}
    for key, domain in keys.items():
        ET.SubElement(root, "key", {"id": key, "for": domain, "attr.name": key, "attr.type": "string"})
    graph = ET.SubElement(root, "graph", id="dyad", edgedefault="undirected")
    for node in graph_data["nodes"]:
        element = ET.SubElement(graph, "node", id=node["id"])
        _data(element, name=node["name"], kind=node["kind"])
    for number, edge in enumerate(graph_data["edges"]):
        element = ET.SubElement(graph, "edge", id=f"e{number}", source=edge["source"], target=edge["target"])
        attributes = {key: edge.get(key) for key, domain in keys.items() if domain == "edge" and key != "edge_kind"}
        _data(element, edge_kind=edge["kind"], **attributes)
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out


def _data(element: ET.Element, **values: Any) -> None:
    for key, value in values.items():
        if value is not None:
            ET.SubElement(element, "data", key=key).text = str(value)
