"""`--workers N`: worker processes clean, parse and extract; the tables are the ones one process stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyad.analyze import AnalyzeSettings, analyze
from dyad.pipeline import WORKER_CHUNK, _chunks
from dyad.records import Quarantine, RawDocument
from tests.conftest import article
from tests.test_spark import tables

pytestmark = pytest.mark.model


def test_chunks_hold_the_same_number_of_documents_and_keep_failures_in_place():
    raw = [RawDocument(f"{n}.txt", b"text %d" % n, "text") for n in range(5)]
    failure = Quarantine("bad.jsonl", "ingest", "invalid_json", "line 1")
    items = [raw[0], failure, *raw[1:]]
    assert list(_chunks(items, 2)) == [[raw[0], failure, raw[1]], [raw[2], raw[3]], [raw[4]]]
    assert list(_chunks([], 2)) == []


def test_workers_store_what_one_process_stores(tmp_path: Path):
    folder = tmp_path / "articles"
    folder.mkdir()
    # More documents than two workers take in their first chunks, so results come back out of order.
    for n in range(3 * WORKER_CHUNK + 3):
        (folder / f"story{n:02}.txt").write_text(article(n))
    (folder / "story00-again.txt").write_text(article(0) + "\n\n\n")  # other bytes, the same cleaned article
    (folder / "feed.jsonl").write_text(json.dumps({"text": article(40), "outlet": "Feed"}) + "\nnot json\n")
    (folder / "empty.txt").write_text("")

    one, three = tmp_path / "one.duckdb", tmp_path / "three.duckdb"
    expected = analyze([str(folder)], db=one, settings=AnalyzeSettings(batch_size=4))
    got = analyze([str(folder)], db=three, settings=AnalyzeSettings(workers=3, batch_size=4))

    assert tables(three) == tables(one)
    assert got.stored == expected.stored and len(got.stored) == 3 * WORKER_CHUNK + 4
    assert got.duplicates == expected.duplicates and len(got.duplicates) == 1
    assert sorted(q.reason for q in got.quarantined) == sorted(q.reason for q in expected.quarantined)
    assert got.quarantined, "the bad line and the empty file are quarantined in both runs"


def test_seeds_with_two_workers_match_the_one_process_run(tmp_path: Path, seeds: Path, seed_db: Path):
    db = tmp_path / "two.duckdb"
    analyze([str(seeds)], db=db, settings=AnalyzeSettings(workers=2, batch_size=2))
    assert tables(db) == tables(seed_db)
