"""The per-document pipeline — ingest → clean → parse → extract — as one pure function.

Nothing here touches the store, so the same function runs in-process and inside a Spark partition.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from dyad.clean import clean
from dyad.errors import RejectedInputError
from dyad.extract import extract_records
from dyad.parse import MAX_PARSE_CHARS
from dyad.records import Article, DocumentRecords, Quarantine, RawDocument

PARSED_LANGUAGE = "en"


def process_documents(
    items: Iterable[RawDocument | Quarantine], nlp: Language, *, workers: int = 1, batch_size: int = 16
) -> Iterator[DocumentRecords | Quarantine]:
    """Records for every raw document, quarantine records for what failed; one streaming nlp.pipe call."""
    failures: deque[Quarantine] = deque()

    def parse_inputs() -> Iterator[tuple[str, Article]]:
        for item in items:
            if isinstance(item, Quarantine):
                failures.append(item)
                continue
            try:
                article = clean(item)
            except RejectedInputError as error:
                failures.append(Quarantine(item.source, "clean", error.reason, error.detail))
                continue
            yield (article.body if _parseable(article) is None else "", article)

    pairs = nlp.pipe(parse_inputs(), as_tuples=True, n_process=workers, batch_size=batch_size)
    for doc, article in pairs:
        yield from _drain(failures)
        yield _records(article, doc)
    yield from _drain(failures)


def _drain(failures: deque[Quarantine]) -> Iterator[Quarantine]:
    while failures:
        yield failures.popleft()


def _records(article: Article, doc: Doc) -> DocumentRecords:
    skipped = _parseable(article)
    if skipped is None:
        return extract_records(article, doc)
    return DocumentRecords(article=article, parsed=False, notes=[Quarantine(article.source, "parse", *skipped)])


def _parseable(article: Article) -> tuple[str, str] | None:
    """None when the article can be parsed, else the (reason, detail) for leaving it unparsed."""
    if article.language != PARSED_LANGUAGE:
        return "not_english", f"language {article.language} (p={article.language_score}); stored unparsed"
    if len(article.body) > MAX_PARSE_CHARS:
        return "too_long_to_parse", f"{len(article.body):,} characters > {MAX_PARSE_CHARS:,}; stored unparsed"
    return None
