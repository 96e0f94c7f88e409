"""Dyad's error catalogue: stable reason codes, what each means and what to do about it."""

from __future__ import annotations

REASONS: dict[str, str] = {
    "not_found": "the path does not exist; check the spelling or mount",
    "unreadable": "the file could not be read (permissions or I/O error)",
    "not_a_file": "the path is neither a regular file nor a folder (a pipe, socket or device)",
    "empty": "the input has no content",
    "too_large": "the input is larger than --max-bytes; split it or raise the limit",
    "binary": "the input is binary, not text, HTML, JSONL or WARC",
    "unsupported_format": "a known format Dyad does not read (PDF, image, archive); convert it to text or HTML",
    "undecodable": "the bytes are not text in any encoding Dyad could identify",
    "invalid_json": "a JSONL line or JSON file is not valid JSON (or is nested too deeply to read); fix the export",
    "invalid_record": "a JSONL/JSON record is not an object with a non-empty 'text' or 'html' field (a JSON "
    "input must be a list of such objects, not a lone string or number)",
    "no_articles": "a container (JSON array, JSONL file, WARC archive) holds no article: an empty list, or a WARC "
    "with no HTML responses; check the export or crawl that made it",
    "invalid_manifest": "manifest.json could not be read; files in its folder get no manifest metadata",
    "corrupt_warc": "the WARC archive is damaged or truncated; records before the damage were kept, fetch it again",
    "corrupt_gzip": "the gzip stream is damaged or truncated",
    "no_article_text": "no article text could be extracted from the HTML",
    "empty_body": "nothing is left of the article after cleaning",
    "not_english": "stored unparsed: Dyad's parser is English-only",
    "too_long_to_parse": "the cleaned body is longer than the parser's limit; it was stored unparsed",
    "too_slow_to_clean": "cleaning the input took longer than its time budget (AnalyzeSettings.article_seconds); "
    "nothing was stored: check the file (HTML built to be slow?) or raise the budget",
    "too_slow_to_parse": "extracting records from the parsed article took longer than its time budget "
    "(AnalyzeSettings.article_seconds); it was stored unparsed: split it, or raise the budget",
}


class RejectedInputError(Exception):
    """A per-document stage refused an input; becomes a quarantine row, never stops the batch."""

    def __init__(self, reason: str, detail: str = "") -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown quarantine reason {reason!r}")
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail or REASONS[self.reason]}"


class DyadError(Exception):
    """A run-level error (bad arguments, unusable database) that the CLI reports and exits on."""


class NotFoundError(DyadError):
    """A document or actor the caller named is not in the database (the HTTP API answers 404)."""


class InvalidSettingError(DyadError, ValueError):
    """A setting or argument of the Python API that cannot work (batch_size=0, a path that is not a path)."""
