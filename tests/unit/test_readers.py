"""Every reader: plain text, HTML, JSONL, JSON, WARC, WARC.gz, gzip, folders with a manifest, stdin."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

from dyad.ingest import expand_paths, read_inputs
from dyad.records import Quarantine, RawDocument
from tests.conftest import article
from tests.warc_helpers import html_page, warc_bytes


def read(*paths: Path | str) -> list[RawDocument | Quarantine]:
    found = expand_paths([str(p) for p in paths])
    return [*found.problems, *read_inputs(found.inputs)]


def test_plain_text_file(tmp_path: Path):
    (tmp_path / "a.txt").write_text(article(1))
    [doc] = read(tmp_path / "a.txt")
    assert doc.content_type == "text"
    assert doc.content == article(1).encode()
    assert doc.source == str(tmp_path / "a.txt")


def test_html_file_detected_by_content_whatever_the_extension(tmp_path: Path):
    (tmp_path / "page.txt").write_bytes(html_page(article(1)))
    [doc] = read(tmp_path / "page.txt")
    assert doc.content_type == "html"


def test_jsonl_one_article_per_line_with_metadata(tmp_path: Path):
    lines = [
        {
            "text": article(1),
            "url": "https://example.org/1",
            "title": "One",
            "published": "2024-03-04",
            "outlet": "Geneva Daily",
        },
        {"html": html_page(article(2)).decode(), "url": "https://example.org/2"},
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    first, second = read(tmp_path / "batch.jsonl")
    assert (first.content_type, first.url, first.meta["outlet"]) == ("text", "https://example.org/1", "Geneva Daily")
    assert first.source.endswith("batch.jsonl#line=1")
    assert second.content_type == "html"
    assert second.source.endswith("#line=2")


def test_json_array(tmp_path: Path):
    (tmp_path / "batch.json").write_text(json.dumps([{"text": article(1)}, {"text": article(2)}]))
    docs = read(tmp_path / "batch.json")
    assert [d.content for d in docs] == [article(1).encode(), article(2).encode()]


def test_warc_keeps_html_responses_only(tmp_path: Path):
    data = warc_bytes(
        [
            ("https://example.org/news/1", "text/html; charset=utf-8", html_page(article(1))),
            ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n"),
            ("https://example.org/news/2", "text/html", html_page(article(2))),
        ]
    )
    (tmp_path / "crawl.warc").write_bytes(data)
    docs = read(tmp_path / "crawl.warc")
    assert [d.url for d in docs] == ["https://example.org/news/1", "https://example.org/news/2"]
    assert all(d.content_type == "html" and "#offset=" in d.source for d in docs)


def test_warc_gz(tmp_path: Path):
    data = warc_bytes([("https://example.org/news/1", "text/html", html_page(article(1)))], gzip=True)
    (tmp_path / "crawl.warc.gz").write_bytes(data)
    [doc] = read(tmp_path / "crawl.warc.gz")
    assert doc.url == "https://example.org/news/1"


def test_gzipped_text(tmp_path: Path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(article(1).encode()))
    [doc] = read(tmp_path / "a.txt.gz")
    assert doc.content == article(1).encode()


def test_folder_is_recursive_sorted_and_uses_its_manifest(tmp_path: Path):
    (tmp_path / "b.txt").write_text(article(2))
    (tmp_path / "a.txt").write_text(article(1))
    (tmp_path / ".hidden.txt").write_text(article(3))
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "c.txt").write_text(article(4))
    manifest = {"articles": [{"file": "a.txt", "outlet": "Geneva Daily", "published": "2024-03-04"}]}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    docs = read(tmp_path)
    assert [Path(d.source).name for d in docs] == ["a.txt", "b.txt", "c.txt"]
    assert docs[0].meta == {"outlet": "Geneva Daily", "published": "2024-03-04"}
    assert docs[1].meta == {}


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(article(5).encode())))
    [doc] = read("-")
    assert doc.source == "-"
    assert doc.content == article(5).encode()
