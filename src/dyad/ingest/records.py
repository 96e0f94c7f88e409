"""Readers for container formats that hold many articles: JSONL, JSON arrays and WARC archives.

Every reader yields articles or quarantine records and never raises for anything in the bytes: a container
that holds no article says so with a row, and a damaged one keeps what came before the damage.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from dyad.ingest.decode import unicode_encoding
from dyad.records import Quarantine, RawDocument

# Fields a JSONL/JSON article may carry besides its text; everything else is kept in meta too.
_BODY_FIELDS = ("html", "text")
# What json.loads raises for bytes it cannot take: bad syntax, bad UTF-8, or nesting deeper than the
# interpreter's recursion limit (a hostile "[[[[…" must cost one row, not the run).
_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_CHUNK = 1 << 16
_JSON_ERRORS = (json.JSONDecodeError, UnicodeDecodeError, RecursionError)


def read_jsonl(source: str, data: bytes) -> Iterator[RawDocument | Quarantine]:
    """One article per line; a broken line is quarantined and the rest are read."""
    found = 0
    for number, line in enumerate(_as_utf8(data).splitlines(), start=1):
        if not line.strip():
            continue
        found += 1
        where = f"{source}#line={number}"
        try:
            record = json.loads(line)
        except _JSON_ERRORS as error:
            yield Quarantine(where, "ingest", "invalid_json", _json_problem(error))
            continue
        yield _from_record(where, record)
    if not found:
        yield Quarantine(source, "ingest", "no_articles", "the JSONL input has no lines")


def read_json_array(source: str, data: bytes) -> Iterator[RawDocument | Quarantine]:
    """A JSON array of article objects; anything else is one invalid_json or invalid_record row."""
    try:
        records = json.loads(_as_utf8(data))
    except _JSON_ERRORS as error:
        yield Quarantine(source, "ingest", "invalid_json", _json_problem(error))
        return
    if not isinstance(records, list):
        found = type(records).__name__
        yield Quarantine(
            source, "ingest", "invalid_record", f"a JSON input must be a list of article objects, not {found}"
        )
        return
    if not records:
        yield Quarantine(source, "ingest", "no_articles", "the JSON array is empty")
    for number, record in enumerate(records):
        yield _from_record(f"{source}#item={number}", record)


def _as_utf8(data: bytes) -> bytes:
    """UTF-16/32 input as UTF-8, so lines split on newline characters rather than on bytes of them."""
    encoding = unicode_encoding(data)
    if encoding is None or encoding.startswith("utf-8"):
        return data
    return data.decode(encoding, errors="replace").lstrip("\ufeff").encode("utf-8")


def _json_problem(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "JSON nested too deeply to read"
    return str(error)


def _from_record(where: str, record: Any) -> RawDocument | Quarantine:
    if not isinstance(record, dict):
        return Quarantine(where, "ingest", "invalid_record", f"expected an object, got {type(record).__name__}")
    field = next((f for f in _BODY_FIELDS if isinstance(record.get(f), str) and record[f].strip()), None)
    if field is None:
        return Quarantine(where, "ingest", "invalid_record", "the record has no non-empty 'text' or 'html' field")
    meta = {k: v for k, v in record.items() if k not in _BODY_FIELDS}
    url = meta.get("url") if isinstance(meta.get("url"), str) else None
    try:
        content = record[field].encode("utf-8")
    except UnicodeEncodeError as error:  # a lone surrogate escaped in the JSON ("\ud800")
        return Quarantine(where, "ingest", "invalid_record", f"the '{field}' field is not valid Unicode: {error}")
    return RawDocument(where, content, field, meta=meta, url=url)


class _WarcDamageError(Exception):
    """The archive is damaged at this point: what was read before is kept, nothing after."""


def read_warc(source: str, data: bytes) -> Iterator[RawDocument | Quarantine]:
    """HTML responses from a WARC or WARC.gz; other records are skipped, damage ends the file with a row.

    Damage is anything that leaves bytes unread: a record shorter than its Content-Length, a header cut off,
    a gzip member truncated or followed by garbage. warcio stops quietly at some of these, so the reader
    checks that its records account for every byte of the input.
    """
    stream = ArchiveIterator(io.BytesIO(data))
    records = articles = 0
    end = 0  # where the last complete record ends
    try:
        for record in stream:
            records += 1
            document = _warc_html_response(source, record, stream.offset)
            stream.read_to_end()
            _check_complete(record)
            end = stream.get_record_offset() + stream.get_record_length()
            if document is not None:
                articles += 1
                yield document
        if data[end:].strip():
            raise _WarcDamageError(f"{len(data) - end:,} bytes after record {records} could not be read as a record")
        if data.startswith(_GZIP_MAGIC):
            _check_gzip_members(data)
    except (_WarcDamageError, ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError, zlib.error) as error:
        # warcio signals damage through several exception types, AttributeError among them (a header
        # block without a target URI); any of them ends this archive, never the run.
        yield Quarantine(
            source, "ingest", "corrupt_warc", f"after {articles} articles: {type(error).__name__}: {error}"
        )
        return
    if not articles:
        yield Quarantine(
            source, "ingest", "no_articles", f"the WARC holds {records} records, none an HTML response with a body"
        )


def _check_complete(record: Any) -> None:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    length = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not length.isdigit():  # the archive ends inside the header block
        raise _WarcDamageError(f"the {record.rec_type} record for {uri} has no Content-Length: its header is cut off")
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:  # the archive ends inside this record
        raise _WarcDamageError(f"the {record.rec_type} record for {uri} lacks {missing:,} bytes")


def _check_gzip_members(data: bytes) -> None:
    """Raise _WarcDamageError unless data is whole gzip members end to end (warcio reads a cut member quietly)."""
    view = memoryview(data)
    position = 0
    while position < len(data):
        member = zlib.decompressobj(wbits=31)
        while not member.eof:
            if position >= len(data):
                raise _WarcDamageError("the last gzip member is truncated")
            chunk = view[position : position + _GZIP_CHUNK]
            position += len(chunk)
            # Output is dropped as it comes, a chunk at a time, so a gzip bomb cannot fill memory here.
            member.decompress(chunk, _GZIP_CHUNK)
            while member.unconsumed_tail and not member.eof:
                member.decompress(member.unconsumed_tail, _GZIP_CHUNK)
        position -= len(member.unused_data)


def _warc_html_response(source: str, record: Any, offset: int) -> RawDocument | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if "html" not in content_type:
        return None
    payload = record.content_stream().read()
    _check_complete(record)
    if not payload.strip():
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    meta: dict[str, Any] = {"url": url, "warc_date": record.rec_headers.get_header("WARC-Date")}
    return RawDocument(f"{source}#offset={offset}", payload, "html", meta=meta, url=url)
