"""Ingest: find articles in files, folders, JSONL, WARC and standard input."""

from dyad.ingest.files import DEFAULT_MAX_BYTES, STDIN, Expansion, Input, Selection, expand_paths, read_inputs

__all__ = ["DEFAULT_MAX_BYTES", "STDIN", "Expansion", "Input", "Selection", "expand_paths", "read_inputs"]
