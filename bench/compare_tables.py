"""Compare every table of two Dyad databases row for row: the check that an optimisation changed no output.

    .venv/bin/python bench/compare_tables.py BEFORE.duckdb AFTER.duckdb [--show 5]

Each table (and view) present in either file is read whole, ordered by all of its columns, and the two row
lists are diffed; columns that record when a run happened (names ending in _at, or run timestamps) are left
out, since they differ between any two runs. Exits 1 when any table differs, printing up to --show rows that
only one side has.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import duckdb

# Columns whose values depend on when the run happened, not on what it found.
TIME_COLUMN_TYPES = {"TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S"}


def tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        found.setdefault(table, []).append((column, kind))
    return found


def kept_columns(columns: list[tuple[str, str]]) -> list[str]:
    return [name for name, kind in columns if kind.upper() not in TIME_COLUMN_TYPES and not name.endswith("_at")]


def table_rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> list[tuple]:
    quoted = ", ".join(f'"{c}"' for c in columns)
    # Ordered by the text of every column: lists and structs order as text, and so do NULLs, consistently.
    order = ", ".join(f'CAST("{c}" AS VARCHAR) NULLS FIRST' for c in columns)
    return [tuple(map(repr, row)) for row in con.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {order}').fetchall()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args()
    before, after = duckdb.connect(args.before, read_only=True), duckdb.connect(args.after, read_only=True)
    left, right = tables(before), tables(after)
    differing = 0
    for table in sorted(set(left) | set(right)):
        if table not in left or table not in right:
            print(f"{table}: only in {'after' if table not in left else 'before'}")
            differing += 1
            continue
        if left[table] != right[table]:
            print(f"{table}: columns differ: {left[table]} vs {right[table]}")
            differing += 1
            continue
        columns = kept_columns(left[table])
        old, new = Counter(table_rows(before, table, columns)), Counter(table_rows(after, table, columns))
        if old == new:
            print(f"{table}: {sum(old.values())} rows, identical")
            continue
        differing += 1
        gone, added = old - new, new - old
        print(f"{table}: DIFFERS ({sum(old.values())} → {sum(new.values())} rows; "
              f"{sum(gone.values())} only before, {sum(added.values())} only after)")
        for label, rows in (("-", gone), ("+", added)):
            for row in list(rows)[: args.show]:
                print(f"  {label} {dict(zip(columns, row, strict=True))}")
    print("all tables identical" if not differing else f"{differing} tables differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
