"""Event mentions as PLOVER event records, following the PLOVER manual (draft 0.7b1): the required id, date,
source and event; recipient, mode, temporal context, quad code, the text and its offsets, the citation; each
party coded by its state (ISO 3166-1 alpha-3) and sector, or by the manual's non-state codes. Dyad's evidence
goes under `dyad`. What the manual has no record for (a negated event, a CRIME event, an event without any
date or without a codable source) is left out and counted. The mapping is data: data/plover_export.toml."""

from __future__ import annotations

import calendar
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from dyad import __version__
from dyad.data_files import data_toml
from dyad.store.queries import Queries


@dataclass(slots=True)
class PloverExport:
    records: list[dict[str, Any]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # reason → event mentions left out


@cache
def _mapping() -> dict[str, Any]:
    return data_toml("plover_export.toml")


@cache
def plover_schema() -> dict[str, Any]:
    """The JSON Schema of the records, written from the manual (data/plover-0.7.schema.json)."""
    return json.loads(resources.files("dyad").joinpath("data", _mapping()["schema"]).read_text("utf-8"))


def plover_export(db: Queries, *, date_coded: date) -> PloverExport:
    result = PloverExport()
    for row in db.plover_rows():
        record = plover_record(row, date_coded)
        if isinstance(record, str):
            result.skipped[record] += 1
        else:
            result.records.append(record)
    return result


def plover_record(row: dict[str, Any], date_coded: date) -> dict[str, Any] | str:
    """The record of one event mention, or why there is none."""
    mapping = _mapping()
    category = mapping["categories"].get(row["plover_type"], row["plover_type"])
    context = mapping["context"].get(row["modality"])
    if not category:
        return f"{row['plover_type']} has no PLOVER 0.7 category"
    if context == "":
        return f"{row['modality']} (PLOVER codes what happened or is announced)"
    start, end, dated_by = _dates(row)
    if start is None:
        return "no date: neither the event's nor its article's"
    source = _actor(row, "source")
    if source is None:
        return "no source PLOVER can code (a party of no state and no non-state code)"
    record: dict[str, Any] = {"id": f"DYAD-{row['event_id']}", "date": start.isoformat()}
    if end and end != start:
        record["enddate"] = end.isoformat()
    record["source"] = [source]
    recipient = _actor(row, "target")
    if recipient:
        record["recipient"] = [recipient]
    record["event"] = [category]
    record["quad_code"] = mapping["quad"][category]
    if row["trigger"]:
        record["event_text"] = [row["trigger"]]
    if row["mode"]:
        record["mode"] = row["mode"]
    if context:
        record["context"] = [context]
    record["text"] = " ".join(row["text"].split())
    record["text_info"] = {"start": row["start_char"], "end": row["end_char"]}
    record["cite_info"] = {k: v for k, v in {
        "publication": row["source_name"], "url": row["url"], "title": row["title"],
        "language": row["language"] or "en", "coder": f"Dyad {__version__}", "codebook": mapping["codebook"],
    }.items() if v}
    record["coder"] = f"Dyad {__version__}"
    record["coded_date"] = date_coded.isoformat()
    record["dyad"] = {
        "docId": row["doc_id"], "startChar": row["start_char"], "endChar": row["end_char"],
        "clusterId": row["cluster_id"], "modality": row["modality"], "datePrecision": row["date_precision"],
        "dateText": row["date_text"], "dateFrom": dated_by, "confidence": row["confidence"],
    }
    return record


def _dates(row: dict[str, Any]) -> tuple[date | None, date | None, str]:
    """The event's dates as PLOVER's date and enddate: a month or a year is its first and last day (never an
    invented single day); an undated event takes its article's publication date, and says so."""
    start, precision = row["event_date"], row["date_precision"]
    if start is None:
        return row["published"], None, "publication"
    if precision == "year":
        return start.replace(month=1, day=1), date(start.year, 12, 31), "event"
    if precision == "month":
        last = calendar.monthrange(start.year, start.month)[1]
        return start.replace(day=1), start.replace(day=last), "event"
    return start, row["date_end"] or start, "event"


def _actor(row: dict[str, Any], role: str) -> dict[str, str] | None:
    """A party as PLOVER codes it: the state it acts for (a person or body stands for its state) and its sector;
    a party of no state by the manual's non-state code; the named actor as identifier."""
    actor_id = row[f"{role}_id"]
    if not actor_id:
        return None
    mapping = _mapping()
    sector = row[f"{role}_sector"]
    code = (row[f"{role}_state"] or mapping["non_state_by_sector"].get(sector or "")
            or mapping["non_state_by_kind"].get(row[f"{role}_kind"] or ""))
    if not code:
        return None
    actor = {"code": code, "actor_text": row[f"{role}_text"] or actor_id, "identifier_id": actor_id}
    if sector and sector != code:
        actor["sector"] = sector
    if row[f"{role}_name_of_actor"]:
        actor["identifier_text"] = row[f"{role}_name_of_actor"]
    return actor
