"""Analyse inputs into a database: the per-document pipeline, then one store transaction per batch.

A run that is killed loses at most its open batch; the next run skips what was committed and finishes
the rest, so the database ends as an uninterrupted run would leave it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from dyad.errors import InvalidSettingError
from dyad.ingest import DEFAULT_MAX_BYTES, Selection, expand_paths, read_inputs
from dyad.pipeline import DEFAULT_ARTICLE_SECONDS, process_documents, process_in_workers
from dyad.records import DocumentRecords, Quarantine, RawDocument
from dyad.store import DEFAULT_DB, BatchOutcome, Store

if TYPE_CHECKING:
    from dyad.corpus import PassSummary


@dataclass(frozen=True, slots=True)
class AnalyzeSettings:
    workers: int = 1  # processes that clean, parse and extract (this one alone when 1)
    batch_size: int = 32  # documents per store transaction (and per nlp.pipe batch)
    max_bytes: int = DEFAULT_MAX_BYTES
    article_seconds: float = DEFAULT_ARTICLE_SECONDS  # time budget to clean, and then to extract, one article
    selection: Selection = field(default_factory=Selection)  # which folder files are articles (--include/--exclude)

    def __post_init__(self) -> None:
        # Zero or negative values would not fail here but far away: no batch ever fills, or spaCy's pool
        # refuses to start after the model has loaded.
        for name in ("workers", "batch_size", "max_bytes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidSettingError(f"AnalyzeSettings.{name} must be a whole number of at least 1, not {value!r}")
        if isinstance(self.article_seconds, bool) or not self.article_seconds > 0:
            raise InvalidSettingError(f"AnalyzeSettings.article_seconds must be above 0, not {self.article_seconds!r}")


@dataclass(slots=True)
class RunSummary:
    inputs: int = 0
    stored: list[str] = field(default_factory=list)
    already_stored: list[str] = field(default_factory=list)  # sources skipped: same bytes stored earlier
    duplicates: list[str] = field(default_factory=list)  # sources whose cleaned article was already stored
    quarantined: list[Quarantine] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # folder files that are not articles: not read, not stored

    @property
    def processed(self) -> int:
        return len(self.stored) + len(self.already_stored) + len(self.duplicates)


@dataclass(slots=True)
class RunHooks:
    """Callbacks for a front end: progress per input file, a line per quarantine, a note per commit."""

    on_start: Callable[[int], None] = lambda total: None
    on_input: Callable[[str], None] = lambda path: None
    on_quarantine: Callable[[Quarantine], None] = lambda item: None
    on_commit: Callable[[BatchOutcome], None] = lambda outcome: None


PathLike = str | os.PathLike[str]


def analyze(
    paths: PathLike | Iterable[PathLike],
    *,
    db: str | Path = DEFAULT_DB,
    settings: AnalyzeSettings | None = None,
    hooks: RunHooks | None = None,
) -> RunSummary:
    """Read, clean, parse and extract every article under paths and store the records in db.

    paths is one path or a list of them (str or Path; "-" is standard input)."""
    settings = settings or AnalyzeSettings()
    hooks = hooks or RunHooks()
    found = expand_paths(_path_strings(paths), selection=settings.selection)
    inputs, problems = found.inputs, found.problems
    summary = RunSummary(inputs=len(inputs), skipped=found.skipped)
    hooks.on_start(len(inputs))
    with Store(db) as store:
        known = store.known_doc_ids()
        raw = read_inputs(inputs, max_bytes=settings.max_bytes, on_input=hooks.on_input)
        fresh = _skip_known(chain(problems, raw), known, summary)
        first = next(fresh, None)
        if first is None:  # nothing new: do not pay for loading the model
            return summary
        results = _processed(chain([first], fresh), settings)
        for batch in _batches(results, settings.batch_size):
            _commit(store, batch, summary, hooks)
        run_corpus_steps(store)
    return summary


def _processed(
    items: Iterable[RawDocument | Quarantine], settings: AnalyzeSettings
) -> Iterator[DocumentRecords | Quarantine]:
    """The per-document pipeline in this process, or in worker processes that each clean, parse and extract
    their share (this process only reads the inputs and stores the records)."""
    if settings.workers == 1:
        # Imported here: with workers, this process only cleans and writes, and never needs spaCy.
        from dyad.parse import load_nlp

        return process_documents(items, load_nlp(), batch_size=settings.batch_size,
                                 article_seconds=settings.article_seconds)
    return process_in_workers(items, workers=settings.workers, batch_size=settings.batch_size,
                              article_seconds=settings.article_seconds)


def run_corpus_steps(store: Store) -> PassSummary:
    """The corpus-level decisions, after new articles are stored: people, real events, commitments, claims,
    decided again only where the articles not yet taken in touch them (dyad.corpus)."""
    from dyad.corpus import run_corpus_pass  # imported when first needed: after the workers have started

    return run_corpus_pass(store)


def rebuild_corpus(store: Store) -> PassSummary:
    """The corpus steps over every stored document, as if all were new (dyad rebuild)."""
    from dyad.corpus import run_corpus_pass

    return run_corpus_pass(store, full=True)


def _path_strings(paths: PathLike | Iterable[PathLike]) -> list[str]:
    """One path or many as strings: a str is one path, never the characters of one."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    try:
        return [os.fspath(path) for path in paths]
    except TypeError as error:
        raise InvalidSettingError(f"analyze() takes a path or a list of paths (str or Path): {error}") from error


def _skip_known(
    items: Iterable[RawDocument | Quarantine], known: set[str], summary: RunSummary
) -> Iterator[RawDocument | Quarantine]:
    seen_now: set[str] = set()
    for item in items:
        if isinstance(item, RawDocument):
            if item.doc_id in known:
                summary.already_stored.append(item.source)
                continue
            if item.doc_id in seen_now:  # the same bytes twice in this run
                summary.duplicates.append(item.source)
                continue
            seen_now.add(item.doc_id)
        yield item


def _batches(
    results: Iterable[DocumentRecords | Quarantine], size: int
) -> Iterator[tuple[list[DocumentRecords], list[Quarantine]]]:
    documents: list[DocumentRecords] = []
    failures: list[Quarantine] = []
    for item in results:
        (failures if isinstance(item, Quarantine) else documents).append(item)  # type: ignore[arg-type]
        if len(documents) >= size:
            yield documents, failures
            documents, failures = [], []
    if documents or failures:
        yield documents, failures


def _commit(
    store: Store, batch: tuple[list[DocumentRecords], list[Quarantine]], summary: RunSummary, hooks: RunHooks
) -> None:
    documents, failures = batch
    outcome = store.write_batch(documents, failures)
    summary.stored.extend(outcome.stored)
    summary.duplicates.extend(outcome.duplicates)
    stored = set(outcome.stored)
    notes = [note for d in documents if d.article.doc_id in stored for note in d.notes]
    for item in [*failures, *notes]:
        summary.quarantined.append(item)
        hooks.on_quarantine(item)
    hooks.on_commit(outcome)
