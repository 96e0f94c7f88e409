"""Ingest: find articles in files, folders, JSONL, WARC and standard input."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dyad.ingest.limits import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from dyad.ingest.files import STDIN, Expansion, Input, Selection, expand_paths, read_inputs

__all__ = ["DEFAULT_MAX_BYTES", "STDIN", "Expansion", "Input", "Selection", "expand_paths", "read_inputs"]


def __getattr__(name: str) -> Any:
    """The readers load on first use (PEP 562): a command that only shows DEFAULT_MAX_BYTES does not pay for
    charset detection and WARC parsing at start."""
    if name in __all__:
        from dyad.ingest import files

        return getattr(files, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
