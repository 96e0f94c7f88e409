"""A run killed with SIGKILL midway: the re-run completes the database to what an uninterrupted run gives."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from tests.conftest import article
from tests.fault.tables import DYAD, differences, table_contents


def run(folder: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*DYAD, "analyze", str(folder), "--db", str(db), "--batch-size", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def test_sigkill_then_rerun_matches_an_uninterrupted_run(tmp_path: Path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(12):
        (folder / f"story{n:02}.txt").write_text(article(n) * 20)  # long enough that batches take a while
    (folder / "empty.txt").write_text("")

    killed_db = tmp_path / "killed.duckdb"
    process = subprocess.Popen(
        [*DYAD, "analyze", str(folder), "--db", str(killed_db), "--batch-size", "2", "-v"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("committed batch"):
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL

    partial = table_contents(killed_db)
    assert 0 < len(partial["documents"]) < 12, "the kill landed midway"
    rerun = run(folder, killed_db)
    assert "articles stored" in rerun.stdout

    clean_db = tmp_path / "clean.duckdb"
    run(folder, clean_db)
    assert differences(table_contents(clean_db), table_contents(killed_db)) == []
