"""Shared fixtures. Article text here is written for these tests; the seed corpus is read from ../shared."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from dyad.serve.cli import app

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
DEV = REPO.parent / "shared" / "corpus" / "dev"

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


def write_corpus(folder: Path, stories: dict[str, tuple[str, str]]) -> Path:
    """Files named as the keys, each (text, published date), with a manifest naming outlet "Outlet X" for x.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (text, _) in stories.items():
        (folder / name).write_text(text + "\n")
    manifest = [{"file": n, "outlet": f"Outlet {n[0].upper()}", "published": p} for n, (_, p) in stories.items()]
    (folder / "manifest.json").write_text(json.dumps({"articles": manifest}))
    return folder


@contextlib.contextmanager
def serving(db: Path, **options: Any) -> Iterator[str]:
    """The database served read-only by uvicorn on a free port of 127.0.0.1, as `dyad serve` serves it;
    yields the base URL and stops the server after."""
    import uvicorn

    from dyad.serve.api import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


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


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not beside the repository")
    return SEEDS


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory, seeds: Path) -> Path:
    """The seed corpus analysed once per test session (corpus, API and browser tests read it; none writes)."""
    from dyad.analyze import analyze

    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    summary = analyze([str(seeds)], db=db)
    assert summary.quarantined == []
    return db


@pytest.fixture(scope="session")
def dev_db(tmp_path_factory) -> Path:
    """The 24 real dev articles of ../shared analysed once per session (read-only for the tests using it)."""
    from dyad.analyze import analyze

    if not DEV.is_dir():
        pytest.skip("../shared/corpus/dev is not beside the repository")
    db = tmp_path_factory.mktemp("dev") / "dev.duckdb"
    analyze([str(DEV)], db=db)
    return db


@pytest.fixture(scope="session")
def nordic_db(tmp_path_factory) -> Path:
    """The written corpus of tests/stories.py analysed once per session (read-only for the tests using it)."""
    from dyad.analyze import analyze
    from tests.stories import NORDIC

    folder = write_corpus(tmp_path_factory.mktemp("nordic") / "articles", NORDIC)
    db = folder.parent / "nordic.duckdb"
    analyze([str(folder)], db=db)
    return db
