"""Dyad: news coverage of international relations turned into a source-cited record.

`dyad.open(db)` opens a database for analysis in Python (pandas DataFrames, Arrow tables): see dyad.analysis."""

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """dyad.open is imported on first use, so that `import dyad` alone stays light (no pandas, no DuckDB)."""
    if name == "open":
        from dyad.analysis import open as open_database

        return open_database
    raise AttributeError(f"module 'dyad' has no attribute {name!r}")
