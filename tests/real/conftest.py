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


def _analysed(tmp_path_factory: pytest.TempPathFactory, name: str, source: Path) -> Path:
    from dyad.analyze import analyze

    if not source.exists() or not EVAL.is_dir():
        pytest.skip(f"{source} or {EVAL} is not beside the repository")
    db = tmp_path_factory.mktemp(f"real-{name}") / f"{name}.duckdb"
    analyze([str(source)], db=db)
    return db


def _score(*args: str | Path) -> str:
    """What a shared scorer prints (it exits 1 when a figure is below its own bar: that is not an error here)."""
    done = subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, check=False)
    if "Traceback" in done.stderr:
        raise AssertionError(f"scorer {args[0]} failed:\n{done.stderr}")
    return done.stdout


@pytest.fixture(scope="session")
def seeds_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = _analysed(tmp_path_factory, "seeds", CORPUS / "seeds")
    return _score(EVAL / "score_seeds.py", db, "all")


@pytest.fixture(scope="session")
def dev_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = _analysed(tmp_path_factory, "dev", CORPUS / "dev")
    return _score(EVAL / "score_articles.py", db, GOLD / "dev.json", "all")


@pytest.fixture(scope="session")
def plover_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = _analysed(tmp_path_factory, "plover", CORPUS / "plover-gsr" / "sentences.jsonl")
    return _score(EVAL / "score_plover_gsr.py", "events", db, "--failures", "0")
