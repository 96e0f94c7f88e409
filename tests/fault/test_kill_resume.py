"""kill -9 at random points of a 100-file run, then the same command again: the database ends exactly as a
clean run leaves it, table by table, whatever PYTHONHASHSEED the runs had."""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import article
from tests.fault.tables import analyze_command, differences, environment, run_analyze, table_contents

FILES = 100
BATCH = "4"
KILLS_PER_RUN = 2


@pytest.fixture(scope="module")
def hundred_files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hundred")
    for n in range(FILES):
        (folder / f"story{n:03}.txt").write_text(article(n))
    (folder / "broken.jsonl").write_text('{"text": "unterminated\n')  # a quarantine row must survive too
    return folder


@pytest.fixture(scope="module")
def clean_run(hundred_files: Path, tmp_path_factory) -> dict[str, list[tuple]]:
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    run_analyze(hundred_files, db, 1, "--batch-size", BATCH)
    return table_contents(db)


def kill_at_random_point(folder: Path, db: Path, hash_seed: int, rng: random.Random) -> None:
    """Start the run, let it commit a random number of batches (or none) and a random moment more, kill -9."""
    process = subprocess.Popen(
        analyze_command(folder, db, "--batch-size", BATCH, "-v"),
        env=environment(hash_seed),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    batches = rng.randrange(0, FILES // int(BATCH) // KILLS_PER_RUN)
    for line in process.stderr:
        if batches == 0:
            break
        batches -= line.startswith("committed batch")
    time.sleep(rng.uniform(0, 0.3))  # mid-batch, mid-commit, or in the corpus steps after the last batch
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    process.stderr.close()


@pytest.mark.parametrize("hash_seed", [2, 3])
def test_runs_killed_at_random_points_then_finished_match_a_clean_run(
    hash_seed: int, hundred_files: Path, clean_run: dict, tmp_path: Path
):
    rng = random.Random(1600 + hash_seed)  # random points, the same ones on every test run
    db = tmp_path / "killed.duckdb"
    for _ in range(KILLS_PER_RUN):
        kill_at_random_point(hundred_files, db, hash_seed, rng)
    run_analyze(hundred_files, db, hash_seed, "--batch-size", BATCH)
    assert len(clean_run["documents"]) == FILES
    assert differences(clean_run, table_contents(db)) == []
