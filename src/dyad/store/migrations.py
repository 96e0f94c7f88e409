"""Schema versions: numbered .sql files applied in order, each in its own transaction, recorded in a table.

A new database takes them all in one transaction: the same statements in the same order, so the same
catalog (tests/unit/test_migrations_at_once.py), with one commit, hence one write of the file, instead of
one per migration."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import duckdb

from dyad.errors import DyadError

_FILE_NAME = re.compile(r"^(\d{3})_([\w-]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    folder = resources.files("dyad.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text("utf-8")))
    return sorted(found, key=lambda m: m.version)


LATEST_VERSION = max(m.version for m in available_migrations())


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The versions this Dyad has that the database has not recorded (it was written by an older Dyad)."""
    if not current_version(con):
        return [m.version for m in available_migrations()]
    recorded = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    return [m.version for m in available_migrations() if m.version not in recorded]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Bring the database to the latest schema; returns the versions applied now."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    version = current_version(con)
    if version > LATEST_VERSION:
        raise DyadError(
            f"the database is at schema version {version}, newer than this Dyad knows ({LATEST_VERSION}); "
            "upgrade Dyad to read it"
        )
    if version == 0 and _has_record_tables(con):
        raise DyadError(
            "the database holds Dyad tables but its schema_migrations record is empty, so its schema version is "
            "unknown; restore the record or analyse into a new database file"
        )
    # Every migration not yet recorded, not only those above the highest: numbers are handed out to branches
    # that land in any order (010 may arrive after 012 is applied).
    recorded = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    pending = [m for m in available_migrations() if m.version not in recorded]
    # a new database: nothing to keep apart, as a failure leaves no version behind to go back to
    batches = [pending] if not recorded else [[m] for m in pending]
    applied = []
    for batch in batches:
        _apply(con, batch, version)
        applied.extend(m.version for m in batch)
    return applied


def _apply(con: duckdb.DuckDBPyConnection, migrations: list[Migration], version: int) -> None:
    """The migrations and their records in one transaction: all of them are applied, or none."""
    con.execute("BEGIN TRANSACTION")
    for migration in migrations:
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [migration.version, migration.name]
            )
        except duckdb.Error as error:
            con.execute("ROLLBACK")
            raise DyadError(
                f"schema migration {migration.version:03} ({migration.name}) failed: {error}; the schema_migrations "
                f"record says version {version}, which the tables do not match (was the record edited?)"
            ) from error
    con.execute("COMMIT")


def _has_record_tables(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'documents'"
    ).fetchone()
    return bool(row and row[0])
