"""The rows a batch writes: each record as the row of its table, in the order TABLE_WRITES writes them, and
the Arrow schemas and columns a write needs (loaded by the first write, never by a reader)."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import fields
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from dyad.records import DocumentRecords, Quarantine
from dyad.store.contract import MERGE_ACTORS

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa


class TableWrite(NamedTuple):
    table: str
    schema_name: str  # its Arrow schema in store/tables.py, looked up when a write needs it
    on_conflict: str = ""
    keyed: bool = True  # keyed tables ignore rows already there (a row is only ever written with its document)

    @property
    def schema(self) -> pa.Schema:
        return getattr(arrow_tables(), self.schema_name)


def arrow_tables() -> ModuleType:
    """The Arrow schemas (store/tables.py), loaded by the first write: reading the store never loads Arrow,
    so that a listing or the briefing starts without it."""
    from dyad.store import tables

    return tables


def vector_table(rows: list[dict[str, Any]], names: list[str]) -> pa.Table:
    """The rows' float vectors in these columns (no row's null) as list<float32> Arrow columns beside each
    row's number (_row), built from numpy buffers: pa.array over Python lists would import pandas."""
    import numpy as np
    import pyarrow as pa

    def buffered(kind: pa.DataType, values: np.ndarray) -> pa.Array:
        return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])

    arrays = [buffered(pa.int64(), np.arange(len(rows), dtype=np.int64))]
    for name in names:
        lengths = np.fromiter((len(row[name]) for row in rows), dtype=np.int32, count=len(rows))
        offsets = np.zeros(len(rows) + 1, dtype=np.int32)
        np.cumsum(lengths, out=offsets[1:])
        # Python floats to float32 by rounding to nearest, as Arrow's conversion from the rows did
        flat = np.fromiter((x for row in rows for x in row[name]), dtype=np.float64,
                           count=int(offsets[-1])).astype(np.float32)
        arrays.append(pa.ListArray.from_arrays(buffered(pa.int32(), offsets), buffered(pa.float32(), flat)))
    return pa.Table.from_arrays(arrays, names=["_row", *names])


def pa_table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=schema)


# Every table a batch writes, in the order it writes them.
TABLE_WRITES = (
    TableWrite("documents", "DOCUMENTS"),
    TableWrite("sentences", "SENTENCES"),
    TableWrite("mentions", "MENTIONS"),
    TableWrite("actors", "ACTORS", MERGE_ACTORS),
    TableWrite("quotes", "QUOTES"),
    TableWrite("events", "EVENTS"),
    TableWrite("relations", "RELATIONS", keyed=False),
    TableWrite("stances", "STANCES", keyed=False),
    TableWrite("claims", "CLAIMS"),
    TableWrite("claim_links", "CLAIM_LINKS", keyed=False),
    TableWrite("commitments", "COMMITMENTS"),
    TableWrite("quarantine", "QUARANTINE"),
)


def batch_rows(results: Sequence[DocumentRecords], quarantines: Iterable[Quarantine] = ()) -> dict[str, list[dict]]:
    """The rows each table of TABLE_WRITES gets for these documents and quarantine records."""
    claims = [(r, c) for r in results for c in r.claims]
    notes = [note for r in results for note in r.notes]
    sentence_at = {r.article.doc_id: SentenceFinder(r) for r in results}
    return {
        "documents": [_document_row(r) for r in results],
        "sentences": [_sentence_row(s) for r in results for s in r.sentences],
        "mentions": [_row(m) for r in results for m in r.mentions],
        "actors": _merged_actor_rows(results),
        "quotes": [{"quote_id": q.quote_id, **_row(q), "sentence": sentence_at[r.article.doc_id](q.start_char)}
                   for r in results for q in r.quotes],
        "events": [{**_event_row(e), "sentence": sentence_at[r.article.doc_id](e.start_char)}
                   for r in results for e in r.events],
        "relations": [_row(x) for r in results for x in r.relations],
        "stances": [{**_row(x), "cues": list(x.cues)} for r in results for x in r.stances],
        "claims": [{"claim_id": c.claim_id, "text": c.text, "kind": c.kind} for _, c in claims],
        "claim_links": [{**claim_link_row(c.claim_id, c), "sentence": sentence_at[r.article.doc_id](c.start_char)}
                        for r, c in claims],
        "commitments": [{"commitment_id": c.commitment_id, **_row(c)} for r in results for c in r.commitments],
        "quarantine": [_quarantine_row(q) for q in [*quarantines, *notes]],
    }


class SentenceFinder:
    """The text of a document's sentence that a span starting at a character lies in (the last sentence to
    start at or before it), as the quotes, events and claim links that cite it store it."""

    def __init__(self, result: DocumentRecords) -> None:
        self.body = result.article.body
        self.sentences = result.sentences
        self.starts = [s.start_char for s in result.sentences]

    def __call__(self, start_char: int | None) -> str | None:
        index = -1 if start_char is None else bisect_right(self.starts, start_char) - 1
        if index < 0:
            return None
        return self.body[self.sentences[index].start_char:self.sentences[index].end_char]



def _document_row(result: DocumentRecords) -> dict[str, Any]:
    article = result.article
    return {
        "doc_id": article.doc_id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "published_source": article.published_source,
        "language": article.language,
        "language_score": article.language_score,
        "body": article.body,
        "removed_spans": [
            {"start": s.start, "end": s.end, "reason": s.reason, "text": s.text} for s in article.removed_spans
        ],
        "content_type": article.content_type,
        "encoding": article.encoding,
        "body_sha256": article.body_sha256,
        "parsed": result.parsed,
        "n_words": result.n_words,
        "n_sentences": len(result.sentences),
        "meta": json.dumps(article.meta, ensure_ascii=False, default=str),
    }


# The settling report: same type, mode and party as the commitment's event, in a document dated after the
# commitment's; told as done (past) keeps it, told as not done (negated) breaks it. An incremental pass settles

def claim_link_row(claim_id: str, link: Any) -> dict[str, Any]:
    return {"claim_id": claim_id, "doc_id": link.doc_id, "relation": link.relation, "start_char": link.start_char,
            "end_char": link.end_char, "detail": link.detail}



def _row(record: Any) -> dict[str, Any]:
    """A record's fields as a row: what dataclasses.asdict gives for these flat records (no field holds a
    dataclass), without its deep copy of every element (an event's vector is 300 floats)."""
    return {name: getattr(record, name) for name in _field_names(type(record))}


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def _event_row(event: Any) -> dict[str, Any]:
    row = _row(event)
    row["event_id"] = event.event_id
    row["vector"] = list(event.vector) or None
    row["quantities"] = list(event.quantities) or None
    return row


def _merged_actor_rows(results: Sequence[DocumentRecords]) -> list[dict[str, Any]]:
    return merge_actor_rows(
        {"actor_id": f.actor_id, "kind": f.kind, "name": f.name, "roles": f.roles, "aliases": f.aliases,
         "country": f.country}
        for r in results for f in r.actors)


def merge_actor_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per actor, in order of first appearance (DuckDB cannot upsert one key twice in a statement):
    the first kind and name, every role and alias, the first country known."""
    merged: dict[str, dict[str, Any]] = {}
    for fact in rows:
        row = merged.setdefault(fact["actor_id"], {**fact, "roles": [], "aliases": []})
        row["roles"] = sorted({*row["roles"], *fact["roles"]})
        row["aliases"] = sorted({*row["aliases"], *fact["aliases"]})
        row["country"] = row["country"] or fact["country"]
    return list(merged.values())


def _sentence_row(sentence: Any) -> dict[str, Any]:
    return {
        "doc_id": sentence.doc_id,
        "sent_index": sentence.index,
        "start_char": sentence.start_char,
        "end_char": sentence.end_char,
    }


def _quarantine_row(item: Quarantine) -> dict[str, Any]:
    return {
        "quarantine_id": item.quarantine_id,
        "source": item.source,
        "stage": item.stage,
        "reason": item.reason,
        "detail": item.detail,
    }


def unnest_columns(columns: dict[str, tuple[str | None, list[Any]]]) -> tuple[str, dict[str, list[Any]]]:
    """A SELECT list that makes rows of Python lists, each handed to DuckDB as a parameter ($c0, $c1, …) and
    unnested side by side as the column of that name, cast to its type when one is given (an INSERT casts to
    the table's types itself), and those parameters. No Arrow table is built: pyarrow's first conversion of
    Python lists imports pandas, a third of a second per process. The names are the caller's own constants."""
    select = ", ".join(f'unnest($c{i}){f"::{kind}" if kind else ""} AS "{name}"'
                       for i, (name, (kind, _)) in enumerate(columns.items()))
    return select, {f"c{i}": values for i, (_, values) in enumerate(columns.values())}
