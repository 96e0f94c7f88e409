"""Dyad's data files (src/dyad/data/): the TOML ones each read and parsed once per process, the others
(TSV and word lists) read by data_text.

Several modules read the same file (plover.toml has six readers, descriptions, speech, relations and claims
two each); parsing them again for every reader cost a run's start-up about 0.08 s. The parsed tables are
shared between readers, so a reader builds its own structures from them and never changes what it is given
(tests/unit/test_data_files.py checks that a whole run leaves every table as parsed).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def data_toml(name: str) -> dict[str, Any]:
    """The parsed data file data/NAME (e.g. "plover.toml"): shared, read-only by convention."""
    return tomllib.loads(data_text(name))


def data_text(name: str) -> str:
    """The text of data/NAME (e.g. "states.tsv"), UTF-8, from the installed package."""
    return resources.files("dyad").joinpath(f"data/{name}").read_text("utf-8")
