"""The per-document pipeline — ingest → clean → parse → extract — as one pure function.

Nothing here touches the store, so the same function runs in-process and inside a Spark partition.
Cleaning and extraction each run under a time budget per article, so that one hostile (or merely huge)
input costs a quarantine row and a bounded wait, never the batch.
"""

from __future__ import annotations

import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from spacy.language import Language
from spacy.tokens import Doc

from dyad.clean import clean
from dyad.errors import RejectedInputError
from dyad.extract import extract_records
from dyad.parse import MAX_PARSE_CHARS
from dyad.records import Article, DocumentRecords, Quarantine, RawDocument

PARSED_LANGUAGE = "en"
# Normal articles take well under a second to clean and to extract; this is for inputs built to be slow.
DEFAULT_ARTICLE_SECONDS = 60.0


class BudgetExceededError(BaseException):
    """Raised inside a stage when the article's time budget runs out (a BaseException, like
    KeyboardInterrupt, so that no `except Exception` in the stage can swallow it)."""


def process_documents(
    items: Iterable[RawDocument | Quarantine],
    nlp: Language,
    *,
    workers: int = 1,
    batch_size: int = 16,
    article_seconds: float | None = DEFAULT_ARTICLE_SECONDS,
) -> Iterator[DocumentRecords | Quarantine]:
    """Records for every raw document, quarantine records for what failed; one streaming nlp.pipe call."""
    failures: deque[Quarantine] = deque()

    def parse_inputs() -> Iterator[tuple[str, Article]]:
        for item in items:
            if isinstance(item, Quarantine):
                failures.append(item)
                continue
            try:
                article = within_budget(article_seconds, clean, item)
            except RejectedInputError as error:
                failures.append(Quarantine(item.source, "clean", error.reason, error.detail))
                continue
            except BudgetExceededError:
                failures.append(Quarantine(item.source, "clean", "too_slow_to_clean", _over(article_seconds)))
                continue
            yield (article.body if _parseable(article) is None else "", article)

    pairs = nlp.pipe(parse_inputs(), as_tuples=True, n_process=workers, batch_size=batch_size)
    for doc, article in pairs:
        yield from _drain(failures)
        yield _records(article, doc, article_seconds)
    yield from _drain(failures)


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
