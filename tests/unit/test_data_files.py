"""dyad.data_files: each TOML data file is parsed once per process and its tables shared by every reader, so a
whole run (analysis, briefing, PLOVER export) must leave every shared table exactly as the file parses."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from dyad.data_files import data_toml
from tests.conftest import write_corpus

STORIES = {
    "talks.txt": ("Ministers meet over the border\n\n"
                  "The foreign ministers of Armenia and Azerbaijan held talks in Geneva on Monday.\n\n"
                  "\"We will not accept new demands,\" the Armenian minister said, and he urged Baku to sign "
                  "the peace treaty.\n\nRussia condemned the shelling and accused Ukraine of violating the "
                  "ceasefire.", "2026-03-02"),
}


def _every_data_file() -> list[str]:
    return sorted(p.name for p in resources.files("dyad").joinpath("data").iterdir() if p.name.endswith(".toml"))


def test_one_parse_is_shared_by_every_reader() -> None:
    assert data_toml("plover.toml") is data_toml("plover.toml")


def test_a_whole_run_leaves_every_shared_table_as_parsed(tmp_path: Path, cli) -> None:
    folder = write_corpus(tmp_path / "in", STORIES)
    db = tmp_path / "run.duckdb"
    assert cli("analyze", folder, "--db", db).exit_code == 0
    assert cli("brief", "--db", db).exit_code == 0
    assert cli("export", "--db", db, "--format", "plover", "--out", tmp_path / "out.jsonl").exit_code == 0
    for name in _every_data_file():
        data_toml(name)  # a file no step of the run read is parsed now, so that every file is compared
        fresh = tomllib.loads(resources.files("dyad").joinpath(f"data/{name}").read_text("utf-8"))
        assert data_toml(name) == fresh, f"a reader changed the shared tables of data/{name}"
