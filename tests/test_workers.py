"""`--workers N`: worker processes clean, parse and extract; the tables are the ones one process stores."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dyad.analyze import AnalyzeSettings, analyze
from dyad.pipeline import WORKER_CHUNK, _chunks
from dyad.records import Quarantine, RawDocument
from tests.conftest import article
from tests.fault.tables import DYAD, differences, table_contents
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


def _descendants(pid: int) -> set[int]:
    """The processes under pid now (Linux /proc), children first found by their parent's id."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # ended while we looked
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from Linux /proc")
def test_killed_run_leaves_no_worker_behind_and_the_rerun_completes_it(tmp_path: Path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(12):
        (folder / f"story{n:02}.txt").write_text(article(n) * 10)  # long enough that batches take a while
    killed_db = tmp_path / "killed.duckdb"
    command = [*DYAD, "analyze", str(folder), "--db", str(killed_db), "--batch-size", "2", "--workers", "2"]
    process = subprocess.Popen([*command, "-v"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("committed batch"):
            break
    started = _descendants(process.pid)
    assert len(started) >= 3, "a fork server and two workers run under the killed process"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)

    deadline = time.monotonic() + 60  # a generous wait for the orphans to notice, not a timing check
    while any(_alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in started if _alive(pid)], "workers outlived the run that started them"

    assert 0 < len(table_contents(killed_db)["documents"]) < 12, "the kill landed midway"
    subprocess.run(command, capture_output=True, timeout=300, check=True)
    clean_db = tmp_path / "clean.duckdb"
    analyze([str(folder)], db=clean_db, settings=AnalyzeSettings(batch_size=2))
    assert differences(table_contents(clean_db), table_contents(killed_db)) == []


def test_the_parent_of_the_workers_never_imports_spacy(tmp_path: Path):
    """With workers, this process cleans and writes; the pipeline is loaded once, in the fork server."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(3):
        (folder / f"story{n}.txt").write_text(article(n))
    program = ("import sys\nfrom dyad.analyze import AnalyzeSettings, analyze\n"
               f"summary = analyze({str(folder)!r}, db={str(tmp_path / 'two.duckdb')!r}, "
               "settings=AnalyzeSettings(workers=2))\n"
               "assert len(summary.stored) == 3, summary\n"
               "print(sorted(m for m in ('spacy', 'thinc', 'dyad.extract', 'dyad.parse') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300, check=True)
    assert done.stdout.strip() == "[]"
