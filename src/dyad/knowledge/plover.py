"""PLOVER category weights for the dyad score series (read without spaCy, so the store may use them)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def category_weights() -> dict[str, int]:
    raw = tomllib.loads(resources.files("dyad").joinpath("data/plover.toml").read_text("utf-8"))
    return {category: int(weight) for category, weight in raw["weights"].items()}
