"""The per-document pipeline — ingest → clean → parse → extract — as one pure function.

Nothing here touches the store, so the same function runs in-process, in worker processes
(`process_in_workers`: each worker cleans, parses and extracts its share and sends records back) and inside
a Spark partition. Cleaning and extraction each run under a time budget per article, so that one hostile (or
merely huge) input costs a quarantine row and a bounded wait, never the batch.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING

from dyad.errors import RejectedInputError
from dyad.records import Article, DocumentRecords, Quarantine, RawDocument

if TYPE_CHECKING:  # spaCy is imported where documents are parsed, never by a process that only writes
    from spacy.language import Language
    from spacy.tokens import Doc

PARSED_LANGUAGE = "en"
# Normal articles take well under a second to clean and to extract; this is for inputs built to be slow.
DEFAULT_ARTICLE_SECONDS = 60.0
# Documents per task sent to a worker process: small enough that the workers finish together at the end of
# a run, large enough that spaCy still parses in batches and sending a task costs little.
WORKER_CHUNK = 8
# Tasks queued per worker: one being processed and one waiting, so a worker never idles on the parent, and
# the parent never holds more than a few chunks of raw bytes however large the corpus.
TASKS_PER_WORKER = 2
# Chunks the parent may clean ahead while the workers' pipeline is still loading (a few seconds of cleaning
# at most): the core the loading leaves idle does the cleaning instead of the workers doing it later.
CHUNKS_AHEAD_OF_START = 64
# The collector's youngest-generation threshold is raised this many times during a run: parsing and extraction
# make and drop objects by the million, few of them in cycles, and each pass costs the time to walk them.
GC_THRESHOLD_FACTOR = 10


class BudgetExceededError(BaseException):
    """Raised inside a stage when the article's time budget runs out (a BaseException, like
    KeyboardInterrupt, so that no `except Exception` in the stage can swallow it)."""


def process_documents(
    items: Iterable[RawDocument | Article | Quarantine],
    nlp: Language,
    *,
    batch_size: int = 16,
    article_seconds: float | None = DEFAULT_ARTICLE_SECONDS,
) -> Iterator[DocumentRecords | Quarantine]:
    """Records for every raw document, quarantine records for what failed; one streaming nlp.pipe call.

    An item may be an Article already cleaned (by `cleaned`, in the process that hands out the work)."""
    failures: deque[Quarantine] = deque()

    def parse_inputs() -> Iterator[tuple[str, Article]]:
        for item in items:
            article = item if isinstance(item, Article | Quarantine) else cleaned(item, article_seconds)
            if isinstance(article, Quarantine):
                failures.append(article)
                continue
            yield (article.body if _parseable(article) is None else "", article)

    with _fewer_collections():
        pairs = nlp.pipe(parse_inputs(), as_tuples=True, batch_size=batch_size)
        for doc, article in pairs:
            yield from _drain(failures)
            yield _records(article, doc, article_seconds)
        yield from _drain(failures)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The run's garbage collection made cheaper, and put back as it was after: what is loaded by now (the
    model, the lexicons) is frozen out of the collector's passes, which would walk it every time for nothing
    (unless it already is: a worker forked from dyad.worker_preload), and the youngest generation is
    collected less often. Only the collector's timing changes, never what a run computes."""
    thresholds = gc.get_threshold()
    freezing = gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
    gc.set_threshold(thresholds[0] * GC_THRESHOLD_FACTOR, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if freezing:
            gc.unfreeze()


def cleaned(item: RawDocument, article_seconds: float | None) -> Article | Quarantine:
    """The cleaned article, or the quarantine record that says why there is none."""
    try:
        return within_budget(article_seconds, clean, item)
    except RejectedInputError as error:
        return Quarantine(item.source, "clean", error.reason, error.detail)
    except BudgetExceededError:
        return Quarantine(item.source, "clean", "too_slow_to_clean", _over(article_seconds))


def clean(raw: RawDocument) -> Article:
    """dyad.clean.clean, imported on first use: a run's workers start loading before it is imported."""
    from dyad.clean import clean as clean_document

    return clean_document(raw)


def extract_records(article: Article, doc: Doc) -> DocumentRecords:
    """dyad.extract.extract_records, imported on first use: a process that only cleans and writes (the
    parent of the workers) never imports spaCy and the extractors."""
    from dyad.extract import extract_records as extract

    return extract(article, doc)


def process_in_workers(
    items: Iterable[RawDocument | Quarantine],
    *,
    workers: int,
    batch_size: int = 16,
    article_seconds: float | None = DEFAULT_ARTICLE_SECONDS,
) -> Iterator[DocumentRecords | Quarantine]:
    """What `process_documents` yields, in the same order, with the work done by `workers` processes.

    This process cleans the documents (cheap next to parsing: it keeps up with several workers) and hands
    out chunks of cleaned articles; each worker parses and extracts them and sends records back, so the
    caller (the one writer) is left with storing them. The cleaning starts at once, while the workers'
    pipeline is still loading, on the core that the loading leaves idle. Chunks are taken in input order and
    their results yielded in that order, so the records, and the tables built from them, are the ones one
    process gives.
    """
    pool = WorkerPool(workers, batch_size=batch_size, article_seconds=article_seconds)
    try:
        articles = (item if isinstance(item, Quarantine) else cleaned(item, article_seconds) for item in items)
        yield from pool.results(_chunks(articles, WORKER_CHUNK))
    finally:  # also when the caller stops early (an error while storing): queued chunks are dropped
        pool.close()


class WorkerPool:
    """`workers` processes forked from a server that has loaded the pipeline once (dyad.worker_preload).

    Forking the caller, which may run DuckDB's threads, can deadlock a child, and spawning fresh processes
    would make each of them load the model again. The server starts loading at once; the first hand-over
    to a worker waits for it, so that is done by a thread of ours (`_submit`) while the caller goes on
    cleaning and queueing chunks."""

    def __init__(self, workers: int, *, batch_size: int, article_seconds: float | None) -> None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["dyad.worker_preload"])
            from multiprocessing import forkserver

            forkserver.ensure_running()  # the server loads the pipeline from now on; this returns at once
        else:  # Windows: fresh processes, each loading the pipeline in _start_worker
            context = multiprocessing.get_context("spawn")
        self.workers = workers
        self._task = (batch_size, article_seconds)
        self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker)
        self._chunks: queue.SimpleQueue[list[Article | Quarantine] | None] = queue.SimpleQueue()
        self._futures: queue.SimpleQueue[Future[list[DocumentRecords | Quarantine]] | BaseException] = (
            queue.SimpleQueue())
        self._started = threading.Event()  # set once the first chunk is with a worker: the pipeline is loaded
        self._stopping = False
        self._submitter = threading.Thread(target=self._submit, name="dyad-submit", daemon=True)
        self._submitter.start()

    def results(self, chunks: Iterable[list[Article | Quarantine]]) -> Iterator[DocumentRecords | Quarantine]:
        """Every chunk's results, chunk after chunk in the order given."""
        handed = 0  # chunks handed to the submitter whose results are not yet yielded
        for chunk in chunks:
            self._chunks.put(chunk)
            handed += 1
            window = self.workers * TASKS_PER_WORKER if self._started.is_set() else CHUNKS_AHEAD_OF_START
            while handed >= window:
                yield from self._next_result()
                handed -= 1
        while handed:
            yield from self._next_result()
            handed -= 1

    def close(self) -> None:
        self._stopping = True
        self._chunks.put(None)
        self._submitter.join()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _next_result(self) -> list[DocumentRecords | Quarantine]:
        future = self._futures.get()
        if isinstance(future, BaseException):
            raise future
        return future.result()

    def _submit(self) -> None:
        """The submitter thread: chunks to the pool in order, futures back in the same order."""
        while (chunk := self._chunks.get()) is not None:
            if self._stopping:
                continue
            try:
                self._futures.put(self._pool.submit(_process_chunk, chunk, *self._task))
            except BaseException as error:
                self._futures.put(error)
            self._started.set()


def _chunks[T](items: Iterable[T | Quarantine], size: int) -> Iterator[list[T | Quarantine]]:
    """Lists of items holding up to `size` documents each (read failures ride along, in place)."""
    chunk: list[T | Quarantine] = []
    documents = 0
    for item in items:
        chunk.append(item)
        documents += not isinstance(item, Quarantine)
        if documents >= size:
            yield chunk
            chunk, documents = [], 0
    if chunk:
        yield chunk


def _start_worker() -> None:
    """A worker's set-up: it ends when the process that started it does (even killed with SIGKILL, which
    leaves the pool no time to stop it), and it has the pipeline before its first chunk."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), name="dyad-parent-watch", daemon=True).start()
    from dyad.parse import load_nlp

    load_nlp()  # inherited from the fork server; loaded here only if its preload failed (it is not fatal)


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent's end of the pipe closes: its exit, however it exited
    os._exit(1)  # the chunk in hand has no one to send it to; a killed run is resumed by running it again


def _process_chunk(
    chunk: list[Article | Quarantine], batch_size: int, article_seconds: float | None
) -> list[DocumentRecords | Quarantine]:
    """Runs in a worker process: the chunk through the one-process pipeline."""
    from dyad.parse import load_nlp

    return list(process_documents(chunk, load_nlp(), batch_size=batch_size, article_seconds=article_seconds))


def _drain(failures: deque[Quarantine]) -> Iterator[Quarantine]:
    while failures:
        yield failures.popleft()


def _records(article: Article, doc: Doc, article_seconds: float | None) -> DocumentRecords:
    skipped = _parseable(article)
    if skipped is None:
        try:
            return within_budget(article_seconds, extract_records, article, doc)
        except BudgetExceededError:
            skipped = "too_slow_to_parse", _over(article_seconds) + "; stored unparsed"
    return DocumentRecords(article=article, parsed=False, notes=[Quarantine(article.source, "parse", *skipped)])


def _over(article_seconds: float | None) -> str:
    return f"took longer than the budget of {article_seconds:g} s per article"


def _parseable(article: Article) -> tuple[str, str] | None:
    """None when the article can be parsed, else the (reason, detail) for leaving it unparsed."""
    from dyad.parse import MAX_PARSE_CHARS  # here, not above: the module is imported where nothing is parsed
    if article.language != PARSED_LANGUAGE:
        return "not_english", f"language {article.language} (p={article.language_score}); stored unparsed"
    if len(article.body) > MAX_PARSE_CHARS:
        return "too_long_to_parse", f"{len(article.body):,} characters > {MAX_PARSE_CHARS:,}; stored unparsed"
    return None


def within_budget[T](seconds: float | None, work: Callable[..., T], *args: object) -> T:
    """work(*args), or BudgetExceededError once it has run for `seconds`.

    The timer is SIGALRM, so the budget holds in the main thread of a POSIX process (where `dyad analyze`
    runs); elsewhere (a server thread, Windows) work runs unbounded. None or 0 means no budget.
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return work(*args)
    with _alarm(seconds):
        return work(*args)


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise BudgetExceededError

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:  # someone else's alarm was pending: it goes on with the time it had left
            remaining = max(outer_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, remaining, outer_interval)
