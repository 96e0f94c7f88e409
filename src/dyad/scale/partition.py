"""What one Spark partition does: read its inputs, run the per-document pipeline, stage the rows as Parquet.

This module runs on the executors. It loads the spaCy pipeline once per Python worker process (Spark reuses
its workers between tasks) and never ships it in a closure; the rows it writes are the ones a local run's
`Store.write_batch` stores, tagged so the driver's import keeps what a local run keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from dyad.ingest import Input, read_inputs
from dyad.pipeline import process_documents
from dyad.records import DocumentRecords, Quarantine, RawDocument
from dyad.store.repository import TABLE_WRITES, batch_rows
from dyad.store.tables import staged_schema

if TYPE_CHECKING:  # the driver imports this module too, and parses nothing
    from spacy.language import Language

_NLP: Language | None = None


def _pipeline() -> Language:
    global _NLP  # one model per worker process, loaded on first use
    if _NLP is None:
        from dyad.parse import load_nlp

        _NLP = load_nlp()
    return _NLP


@dataclass(slots=True)
class PartitionSummary:
    """What a partition did, sent back to the driver (no records: those are in the staged files)."""

    inputs: int = 0
    documents: int = 0
    already_stored: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PartitionJob:
    """The settings every partition shares (small and picklable: the model is loaded on the executor)."""

    staging: str
    known_doc_ids: frozenset[str]
    max_bytes: int
    batch_size: int
    article_seconds: float

    def __call__(self, index: int, groups: Iterable[list[tuple[int, Input]]]) -> Iterator[PartitionSummary]:
        """A partition holds one group of inputs (dyad.scale.spark.guided_groups)."""
        yield stage_partition(index, (pair for group in groups for pair in group), self)


def stage_partition(index: int, inputs: Iterable[tuple[int, Input]], job: PartitionJob) -> PartitionSummary:
    """Analyse the partition's (input order, input) pairs and write one Parquet file per table."""
    summary = PartitionSummary()
    origin: dict[str, tuple[int, int]] = {}  # doc_id → (input, record): the first copy in this partition
    input_of: dict[str, int] = {}
    already: list[str] = []
    duplicates: list[str] = []

    def raw_items() -> Iterator[RawDocument | Quarantine]:
        for position, item in inputs:
            summary.inputs += 1
            input_of.setdefault(item.path, position)
            for record, raw in enumerate(read_inputs([item], max_bytes=job.max_bytes)):
                if isinstance(raw, RawDocument):
                    if raw.doc_id in job.known_doc_ids:
                        already.append(raw.source)
                        continue
                    if raw.doc_id in origin:  # the same bytes twice in this partition
                        duplicates.append(raw.source)
                        continue
                    origin[raw.doc_id] = (position, record)
                yield raw

    tables: dict[str, list[dict[str, Any]]] = {w.table: [] for w in TABLE_WRITES}
    results = process_documents(raw_items(), _pipeline(), batch_size=job.batch_size,
                                article_seconds=job.article_seconds)
    for result in results:
        if isinstance(result, DocumentRecords):
            summary.documents += 1
            doc, (position, record) = result.article.doc_id, origin[result.article.doc_id]
            rows = batch_rows([result])
        else:
            doc, position, record = None, input_of.get(result.source, -1), -1
            rows = batch_rows([], [result])
        for table, table_rows in rows.items():
            tables[table].extend({**row, "_doc": doc, "_input": position, "_record": record, "_seq": seq}
                                 for seq, row in enumerate(table_rows))
    _write(Path(job.staging), index, tables)
    summary.already_stored, summary.duplicates = tuple(already), tuple(duplicates)
    return summary


def _write(staging: Path, index: int, tables: dict[str, list[dict[str, Any]]]) -> None:
    """part-NNNNN.parquet per table; a retried task overwrites its own file, so a retry never duplicates."""
    for write in TABLE_WRITES:
        rows = tables[write.table]
        if not rows:
            continue
        folder = staging / write.table
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(rows, schema=staged_schema(write.schema))
        part = folder / f"part-{index:05d}.parquet"
        pq.write_table(table, part.with_suffix(".tmp"))
        part.with_suffix(".tmp").replace(part)  # atomic: the import never reads half a file
