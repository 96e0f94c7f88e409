"""Shared fixtures. Article text here is written for these tests; the seed corpus is read from ../shared."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dyad.serve.cli import app

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"

# Paragraphs of a made-up news report; article(n) varies them so every test article is distinct.
_PARAGRAPHS = (
    "The foreign ministers of Norland and Vesteria signed a trade agreement in Geneva on {day} March, "
    "ending two years of negotiations over fishing quotas and port access.",
    "Norland's foreign minister, Clara Vint, said the deal would open new markets for farmers in the north. "
    "Her Vesterian counterpart, Piet Olmen, called it a fair compromise for both countries.",
    "Critics in the Vesterian parliament warned that the agreement gives away too much. The opposition "
    "leader said her party would ask the constitutional court to review it before ratification.",
    "Talks on a second agreement, covering energy and transit, are expected to begin in {month}. "
    "Officials said the first round would take place in the capital of Norland.",
)


def article(n: int = 0, *, month: str = "June") -> str:
    """A distinct English news article of four paragraphs (n changes the day, so the bytes differ)."""
    return "\n\n".join(p.format(day=(n % 28) + 1, month=month) for p in _PARAGRAPHS) + f"\n\nReport number {n}.\n"


def query(db: Path, sql: str) -> list[tuple]:
    """Rows of a read-only SQL query against a test database."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture
def cli():
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not beside the repository")
    return SEEDS
