"""What a `dyad` process loads: the commands that read the database (the briefing, status, listings) start
without the pipeline (spaCy, trafilatura, dateparser), pandas, Arrow, the server (FastAPI) or Spark, which
would cost them most of their run time; the commands that need those load them when they run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Modules none of these commands needs; each is imported by the commands that do (analyze, serve, export).
HEAVY = ("spacy", "thinc", "pandas", "pyarrow", "numpy", "trafilatura", "dateparser", "fastapi", "uvicorn",
         "pyspark", "warcio", "charset_normalizer", "dyad.analyze", "dyad.pipeline", "dyad.corpus", "dyad.parse")

# Runs the command in a fresh interpreter as the console script does, then writes the names of every module
# loaded to the file given first (also when the command exits with an error, so that a failure shows).
PROBE = """
import json, sys
from dyad.serve.cli import app
try:
    app(sys.argv[2:], prog_name="dyad", standalone_mode=False)
finally:
    with open(sys.argv[1], "w") as modules:
        json.dump(sorted(sys.modules), modules)
"""


def loaded_by(tmp_path: Path, *args: str) -> set[str]:
    modules = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", PROBE, str(modules), *args], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(modules.read_text()))


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(name for name in HEAVY if name in modules)


@pytest.mark.parametrize("args", [
    ("brief", "--since", "2025-01-01"),
    ("brief", "--topic", "Norway", "--format", "html"),
    ("status",),
    ("documents", "--json"),
    ("events", "--since", "2025-01-01"),
    ("actors", "--csv"),
    ("clusters",),
    ("relations",),
    ("quotes", "--nl"),
], ids=lambda args: " ".join(args))
def test_reading_commands_start_without_the_pipeline(nordic_db: Path, tmp_path: Path, args: tuple[str, ...]):
    modules = loaded_by(tmp_path, *args, "--db", str(nordic_db))
    assert "duckdb" in modules, "the probe ran the command against the database"
    assert heavy_in(modules) == []


def test_help_starts_without_the_pipeline(tmp_path: Path):
    assert heavy_in(loaded_by(tmp_path, "--help")) == []
    assert heavy_in(loaded_by(tmp_path, "analyze", "--help")) == []


def test_the_probe_sees_what_a_command_loads(nordic_db: Path, tmp_path: Path):
    """The probe is not blind: the export to Parquet does load Arrow, when it runs."""
    modules = loaded_by(tmp_path, "export", "--format", "parquet", "--table", "events", "--out",
                        str(tmp_path / "events.parquet"), "--db", str(nordic_db))
    assert "pyarrow" in modules
    assert "spacy" not in modules


def test_analysing_plain_text_loads_neither_dateparser_nor_trafilatura(tmp_path: Path):
    """Absolute dates are read with the calendar, HTML's extractors are for HTML: a run of plain-text articles
    with day-month-year dates pays for neither import (a second together)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "talks.txt").write_text(
        "Ministers meet in Geneva\n\nThe foreign minister of France said on 11 June 2024 that Paris would sign "
        "the agreement with Germany on July 2, 2024.\n", encoding="utf-8")
    modules = loaded_by(tmp_path, "analyze", str(folder), "--db", str(tmp_path / "run.duckdb"))
    assert "dyad.extract.dates" in modules, "the probe ran the extraction"
    assert not {"dateparser", "trafilatura", "htmldate"} & modules
