"""A new database takes every migration in one transaction; its catalog is the one they give applied one by
one (as a database written by an older Dyad gets them): tables, columns and their types, defaults,
constraints, indexes, views, sequences."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dyad.errors import DyadError
from dyad.store import migrations
from dyad.store.migrations import LATEST_VERSION, available_migrations, current_version, migrate

CATALOG = {
    "tables": "SELECT schema_name, table_name, column_count, has_primary_key, sql FROM duckdb_tables() "
              "WHERE NOT internal",
    "columns": "SELECT table_name, column_index, column_name, data_type, column_default, is_nullable "
               "FROM duckdb_columns() WHERE NOT internal",
    "constraints": "SELECT table_name, constraint_index, constraint_type, constraint_text "
                   "FROM duckdb_constraints() WHERE schema_name = 'main'",
    "indexes": "SELECT table_name, index_name, is_unique, is_primary, expressions, sql FROM duckdb_indexes()",
    "views": "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal",
    "sequences": "SELECT sequence_name, start_value, increment_by FROM duckdb_sequences()",
}


def catalog(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {name: sorted(map(repr, con.execute(query).fetchall())) for name, query in CATALOG.items()}


def one_by_one(path: Path) -> duckdb.DuckDBPyConnection:
    """What migrate does for a database that has some versions already: each migration on its own."""
    con = duckdb.connect(str(path))
    migrate_record = ("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR "
                      "NOT NULL, applied_at TIMESTAMP DEFAULT current_timestamp)")
    con.execute(migrate_record)
    for migration in available_migrations():
        migrations._apply(con, [migration], current_version(con))
    return con


def test_all_at_once_gives_the_catalog_of_one_by_one(tmp_path: Path):
    at_once = duckdb.connect(str(tmp_path / "at_once.duckdb"))
    assert migrate(at_once) == [m.version for m in available_migrations()]
    stepwise = one_by_one(tmp_path / "stepwise.duckdb")
    assert catalog(at_once) == catalog(stepwise)
    assert catalog(at_once)["columns"], "the catalog query sees the tables"
    versions = "SELECT version, name FROM schema_migrations ORDER BY version"
    assert at_once.execute(versions).fetchall() == stepwise.execute(versions).fetchall()
    assert current_version(at_once) == LATEST_VERSION


def test_a_database_with_some_versions_takes_the_rest_one_by_one(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch):
    con = duckdb.connect(str(tmp_path / "older.duckdb"))
    everything = available_migrations()
    monkeypatch.setattr(migrations, "available_migrations", lambda: everything[:3])
    migrate(con)
    monkeypatch.setattr(migrations, "available_migrations", lambda: everything)
    batches: list[list[int]] = []
    apply = migrations._apply
    monkeypatch.setattr(migrations, "_apply",
                        lambda c, batch, v: (batches.append([m.version for m in batch]), apply(c, batch, v)))
    assert migrate(con) == [m.version for m in everything[3:]]
    assert batches == [[m.version] for m in everything[3:]]
    assert catalog(con) == catalog(one_by_one(tmp_path / "stepwise.duckdb"))


def test_a_failing_migration_of_a_new_database_leaves_no_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    broken = migrations.Migration(999, "broken", "CREATE TABLE nonsense (x INTEGER); SELECT * FROM missing_table")
    monkeypatch.setattr(migrations, "available_migrations", lambda: [*available_migrations(), broken])
    con = duckdb.connect(str(tmp_path / "new.duckdb"))
    with pytest.raises(DyadError, match="999"):
        migrate(con)
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == {"schema_migrations"}
    assert current_version(con) == 0
