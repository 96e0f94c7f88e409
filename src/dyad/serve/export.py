"""Exports of the record to formats other tools read: JSON Lines, CSV, Parquet, PLOVER records, GraphML."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from dyad.errors import DyadError
from dyad.serve.graph import alignment_graph
from dyad.serve.output import json_default
from dyad.serve.plover import plover_export
from dyad.store.queries import VIEWS, Queries
from dyad.store.tables import CONTRACT_TABLES

TABLE_FORMATS = ("jsonl", "csv", "parquet")
FORMATS = (*TABLE_FORMATS, "plover", "graphml")
EXPORTED = (*CONTRACT_TABLES, *VIEWS)  # every table of the record and the clusters view
BULKY = {"events": ("vector",)}  # columns left out unless asked for (300 floats per event mention)


@dataclass(frozen=True, slots=True)
class Written:
    paths: list[Path]
    notes: list[str] = field(default_factory=list)  # what was left out, and why


def export(db: Queries, *, fmt: str, out: Path, table: str | None = None, vectors: bool = False,
           as_of: date | None = None) -> Written:
    """Writes the export. Table formats take one table or, without one, every table of the record contract and
    the clusters view into the folder `out`; the events' sentence vectors only with `vectors`. The graph is
    the relations that held on `as_of` and the event flows up to it (default: the latest of everything)."""
    if fmt not in FORMATS:
        raise DyadError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if as_of and fmt != "graphml":
        raise DyadError("--as-of is for the graph (--format graphml)")
    if fmt == "plover":
        path, notes = _write_plover(db, out)
        return Written([path], notes)
    if fmt == "graphml":
        return Written([_write_graphml(db, out, as_of)])
    if table:
        return Written([_write_table(db, table, fmt, out, vectors)])
    out.mkdir(parents=True, exist_ok=True)
    return Written([_write_table(db, name, fmt, out / f"{name}.{fmt}", vectors) for name in EXPORTED])


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


def _write_plover(db: Queries, out: Path) -> tuple[Path, list[str]]:
    """One PLOVER record per line (JSON Lines); notes say what was left out and why."""
    out.parent.mkdir(parents=True, exist_ok=True)
    result = plover_export(db, date_coded=date.today())
    with out.open("w", encoding="utf-8") as handle:
        for record in result.records:
            handle.write(json.dumps(record, ensure_ascii=False, default=json_default) + "\n")
    notes = [f"left out {n} event mentions: {reason}" for reason, n in sorted(result.skipped.items())]
    return out, notes


# GraphML attributes with their types, so that graph tools read numbers as numbers (name: domain, type).
GRAPHML_KEYS = {"name": ("node", "string"), "kind": ("node", "string"), "edge_kind": ("edge", "string"),
                "type": ("edge", "string"), "status": ("edge", "string"), "as_stated_on": ("edge", "string"),
                "score": ("edge", "double"), "events": ("edge", "int"), "doc_id": ("edge", "string"),
                "start_char": ("edge", "int"), "end_char": ("edge", "int"), "evidence": ("edge", "string")}


def _write_graphml(db: Queries, out: Path, as_of: date | None) -> Path:
    """Actors as nodes; relations (held on `as_of`: the latest statement of each) and event flows (source →
    target, summed up to `as_of`) as directed edges, with their evidence."""
    graph_data = alignment_graph(db, as_of=as_of)
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for key, (domain, kind) in GRAPHML_KEYS.items():
        ET.SubElement(root, "key", {"id": key, "for": domain, "attr.name": key, "attr.type": kind})
    graph = ET.SubElement(root, "graph", id="dyad", edgedefault="directed")
    for node in graph_data["nodes"]:
        element = ET.SubElement(graph, "node", id=node["id"])
        _data(element, name=node["name"], kind=node["kind"])
    for number, edge in enumerate(graph_data["edges"]):
        element = ET.SubElement(graph, "edge", id=f"e{number}", source=edge["source"], target=edge["target"])
        attributes = {key: edge.get(key) for key, (domain, _) in GRAPHML_KEYS.items()
                      if domain == "edge" and key != "edge_kind"}
        _data(element, edge_kind=edge["kind"], **attributes)
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out


def _data(element: ET.Element, **values: Any) -> None:
    for key, value in values.items():
        if value is not None:
            text = value.isoformat() if isinstance(value, date) else str(value)
            ET.SubElement(element, "data", key=key).text = text
