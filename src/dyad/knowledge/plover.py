"""PLOVER category weights for the dyad score series (read without spaCy, so the store may use them)."""

from __future__ import annotations

from functools import cache

from dyad.data_files import data_toml


@cache
def category_weights() -> dict[str, int]:
    raw = data_toml("plover.toml")
    return {category: int(weight) for category, weight in raw["weights"].items()}
