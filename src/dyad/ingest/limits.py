"""What ingest takes at most: a module of its own so that the command line shows the limit without loading
the readers (charset detection, WARC)."""

from __future__ import annotations

DEFAULT_MAX_BYTES = 20_000_000  # a larger input is quarantined, not read
