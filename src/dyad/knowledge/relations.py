"""Which relation status wins when one article states several on one date (read without spaCy)."""

from __future__ import annotations

from functools import cache

from dyad.data_files import data_toml


@cache
def status_precedence() -> tuple[str, ...]:
    raw = data_toml("relations.toml")
    return tuple(raw["precedence"]["status"])
