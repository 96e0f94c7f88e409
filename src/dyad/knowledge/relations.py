"""Which relation status wins when one article states several on one date (read without spaCy)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def status_precedence() -> tuple[str, ...]:
    raw = tomllib.loads(resources.files("dyad").joinpath("data/relations.toml").read_text("utf-8"))
    return tuple(raw["precedence"]["status"])
