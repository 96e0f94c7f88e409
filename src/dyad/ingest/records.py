"""Readers for container formats that hold many articles: JSONL, JSON arrays and WARC archives."""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from dyad.errors import RejectedInputError
from dyad.records import Quarantine, RawDocument

# Fields a JSONL/JSON article may carry besides its text; everything else is kept in meta too.
_BODY_FIELDS = ("html", "text")


def read_jsonl(source: str, data: bytes) -> Iterator[RawDocument | Quarantine]:
    """One article per line; a broken line is quarantined and the rest are read."""
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}#line={number}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            yield Quarantine(where, "ingest", "invalid_json", str(error))
            continue
        yield _from_record(where, record)


def read_json_array(source: str, data: bytes) -> Iterator[RawDocument | Quarantine]:
    try:
        records = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        yield Quarantine(source, "ingest", "invalid_json", str(error))
        return
    if not isinstance(records, list):
        yield Quarantine(source, "ingest", "invalid_record", "a .json input must be a list of article objects")
        return
    for number, record in enumerate(records):
        yield _from_record(f"{source}#item={number}", record)


def _from_record(where: str, record: Any) -> RawDocument | Quarantine:
    if not isinstance(record, dict):
        return Quarantine(where, "ingest", "invalid_record", f"expected an object, got {type(record).__name__}")
    field = next((f for f in _BODY_FIELDS if isinstance(record.get(f), str) and record[f].strip()), None)
    if field is None:
        return Quarantine(where, "ingest", "invalid_record", "the record has no non-empty 'text' or 'html' field")
    meta = {k: v for k, v in record.items() if k not in _BODY_FIELDS}
    url = meta.get("url") if isinstance(meta.get("url"), str) else None
    return RawDocument(where, record[field].encode("utf-8"), field, meta=meta, url=url)


def read_warc(source: str, data: bytes) -> Iterator[RawDocument | Quarantine]:
    """HTML responses from a WARC or WARC.gz; other records are skipped, damage ends the file."""
    stream = ArchiveIterator(io.BytesIO(data))
    try:
        for record in stream:
            document = _warc_html_response(source, record, stream.offset)
            if document is not None:
                yield document
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError, zlib.error) as error:
        # warcio signals damage through several exception types, AttributeError among them (a header
        # block without a target URI); any of them ends this archive, never the run.
        yield Quarantine(source, "ingest", "corrupt_warc", f"{type(error).__name__}: {error}")


def _warc_html_response(source: str, record: Any, offset: int) -> RawDocument | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if "html" not in content_type:
        return None
    payload = record.content_stream().read()
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:  # the archive ends inside this record
        raise EOFError(f"the record for {record.rec_headers.get_header('WARC-Target-URI')} lacks {missing} bytes")
    if not payload.strip():
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    meta: dict[str, Any] = {"url": url, "warc_date": record.rec_headers.get_header("WARC-Date")}
    return RawDocument(f"{source}#offset={offset}", payload, "html", meta=meta, url=url)


def check_body_size(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise RejectedInputError("too_large", f"{len(data):,} bytes > limit {max_bytes:,}")
