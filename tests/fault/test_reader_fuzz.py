"""Property tests of every reader: any bytes in → articles or quarantine rows out, never an exception.

Inputs are random bytes and, more often useful, damaged versions of well-formed inputs of each kind
(truncated, bytes flipped, nested, wrapped in gzip), built here from articles written for the tests.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.clean import clean
from dyad.errors import REASONS, RejectedInputError
from dyad.ingest import Input, read_inputs
from dyad.ingest.decode import decode_bytes
from dyad.ingest.records import read_json_array, read_jsonl, read_warc
from dyad.ingest.sniff import sniff
from dyad.records import Quarantine, RawDocument
from tests.conftest import article
from tests.warc_helpers import html_page, warc_bytes

FUZZ = settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

_JSONL = "".join(json.dumps({"text": article(n), "url": f"https://example.org/{n}"}) + "\n" for n in range(3)).encode()
_JSON = json.dumps([{"html": html_page(article(3)).decode(), "published": "2024-03-04"}, {"text": article(4)}]).encode()
_WARC = warc_bytes([(f"https://example.org/w{n}", "text/html", html_page(article(n))) for n in (5, 6)])
_WARC_GZ = warc_bytes([(f"https://example.org/g{n}", "text/html", html_page(article(n))) for n in (7, 8)], gzip=True)
_HTML = html_page(article(9))
_TEXT = article(10).encode()
WELL_FORMED = [_JSONL, _JSON, _WARC, _WARC_GZ, _HTML, _TEXT, gzip.compress(_TEXT), _TEXT.decode().encode("utf-16")]


@st.composite
def damaged(draw, originals: list[bytes] = WELL_FORMED) -> bytes:
    """A well-formed input cut short, with bytes overwritten or inserted, or nested, or gzipped again."""
    data = bytearray(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(0, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["cut", "flip", "insert", "delete"]))
        if action == "cut":
            del data[at:]
        elif action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[at : at + draw(st.integers(1, 64))]
    wrap = draw(st.sampled_from(["none", "none", "gzip", "nest"]))
    if wrap == "gzip":
        return gzip.compress(bytes(data))
    if wrap == "nest":
        depth = draw(st.integers(1, 50_000))
        return b"[" * depth + bytes(data) + b"]" * depth
    return bytes(data)


ANY_BYTES = st.one_of(st.binary(max_size=2048), damaged())


def _check(items) -> list[RawDocument | Quarantine]:
    items = list(items)
    for item in items:
        assert isinstance(item, RawDocument | Quarantine)
        if isinstance(item, Quarantine):
            assert item.reason in REASONS and item.detail
    return items


@pytest.mark.parametrize(("reader", "name"), [(read_jsonl, "fuzz.jsonl"), (read_json_array, "fuzz.json"),
                                            (read_warc, "fuzz.warc")])
@FUZZ
@given(ANY_BYTES)
def test_record_readers(reader, name: str, data: bytes):
    _check(reader(name, data))


@FUZZ
@given(ANY_BYTES)
def test_sniff_and_decode_refuse_only_with_a_reason(data: bytes):
    for stage in (sniff, decode_bytes):
        try:
            stage(data)
        except RejectedInputError as error:
            assert error.reason in REASONS


@FUZZ
@given(ANY_BYTES, st.sampled_from(["text", "html"]))
def test_cleaning_refuses_only_with_a_reason(data: bytes, content_type: str):
    try:
        article_ = clean(RawDocument("fuzz", data, content_type))
    except RejectedInputError as error:
        assert error.reason in REASONS
    else:
        assert article_.body.strip()


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(ANY_BYTES, st.sampled_from(["in.txt", "in.json", "in.jsonl", "in.html", "in.warc", "in.warc.gz", "in.gz"]))
def test_whole_input_files_give_articles_or_rows(tmp_path: Path, data: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    items = _check(read_inputs([Input(str(path), {})]))
    if data.strip():
        assert items, "a non-empty input yields at least an article or a row saying why not"
