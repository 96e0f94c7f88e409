"""The real-text sets of ../shared analysed once per test session, and the shared scorers run on them.

The scorers in ../shared/eval are the measure of record (the aside sets are scored with them too), so the gate
runs them as they are, in a subprocess, and reads the figures they print; nothing of their matching is copied.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EVAL = SHARED / "eval"
GOLD = SHARED / "gold"
CORPUS = SHARED / "corpus"


def _score(*args: str | Path) -> str:
    """What a shared scorer prints (it exits 1 when a figure is below its own bar: that is not an error here)."""
    if not EVAL.is_dir():
        pytest.skip(f"{EVAL} is not beside the repository")
    done = subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, check=False)
    if "Traceback" in done.stderr:
        raise AssertionError(f"scorer {args[0]} failed:\n{done.stderr}")
    return done.stdout


@pytest.fixture(scope="session")
def seeds_report(seed_db: Path) -> str:
    return _score(EVAL / "score_seeds.py", seed_db, "all")


@pytest.fixture(scope="session")
def dev_report(dev_db: Path) -> str:
    return _score(EVAL / "score_articles.py", dev_db, GOLD / "dev.json", "all")


@pytest.fixture(scope="session")
def plover_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    from dyad.analyze import analyze

    sentences = CORPUS / "plover-gsr" / "sentences.jsonl"
    if not sentences.is_file():
        pytest.skip(f"{sentences} is not beside the repository")
    db = tmp_path_factory.mktemp("plover") / "plover.duckdb"
    analyze([str(sentences)], db=db)
    return _score(EVAL / "score_plover_gsr.py", "events", db, "--failures", "0")
