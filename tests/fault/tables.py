"""Every table of a Dyad database as sorted rows, to compare two databases table by table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

DYAD = [sys.executable, "-m", "dyad.serve.cli"]


def table_contents(db: Path) -> dict[str, list[tuple]]:
    """table → its rows in sorted order, every column but the clock's (TIMESTAMP columns say when a row was
    written, which no two runs share)."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [
            t
            for (t,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
            ).fetchall()
        ]
        contents = {}
        for table in tables:
            columns = [
                c
                for (c,) in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? "
                    "AND data_type NOT LIKE 'TIMESTAMP%' ORDER BY ordinal_position",
                    [table],
                ).fetchall()
            ]
            quoted = ", ".join(f'"{c}"' for c in columns)
            contents[table] = con.execute(f'SELECT {quoted} FROM "{table}" ORDER BY ALL').fetchall()
    return contents


def differences(expected: dict[str, list[tuple]], actual: dict[str, list[tuple]]) -> list[str]:
    """A readable line per table whose rows differ (empty when the databases hold the same records)."""
    lines = []
    for table in sorted(set(expected) | set(actual)):
        want, got = expected.get(table, []), actual.get(table, [])
        if want != got:
            missing = [row for row in want if row not in got][:2]
            extra = [row for row in got if row not in want][:2]
            lines.append(f"{table}: {len(want)} rows vs {len(got)}; missing {missing!r:.300}; extra {extra!r:.300}")
    return lines


def analyze_command(folder: Path, db: Path, *extra: str) -> list[str]:
    return [*DYAD, "analyze", str(folder), "--db", str(db), *extra]


def environment(hash_seed: int) -> dict[str, str]:
    return {**os.environ, "PYTHONHASHSEED": str(hash_seed), "PYTHONUNBUFFERED": "1"}


def run_analyze(folder: Path, db: Path, hash_seed: int, *extra: str) -> None:
    subprocess.run(
        analyze_command(folder, db, *extra), env=environment(hash_seed), capture_output=True, timeout=600, check=True
    )
