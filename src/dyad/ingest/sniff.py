"""Decide what a piece of input is from its content; the file extension is only a tie-breaker."""

from __future__ import annotations

import json
import re
from enum import StrEnum

from dyad.errors import RejectedInputError
from dyad.ingest.decode import unicode_encoding

_SAMPLE = 8192
_UNSUPPORTED_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x7fELF", "executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ", "xz archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
)
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|article|div|p)[\s>/]", re.IGNORECASE | re.DOTALL
)
_HTML_TAG = re.compile(rb"</?(p|div|span|a|br|h[1-6]|article|section|body)\b[^>]*>", re.IGNORECASE)
# Bytes that never occur in text (NUL and the C0 controls other than tab, newlines, form feed, escape):
# a few are damage in a real article (decoding drops them), this share of the sample means binary data.
_NON_TEXT_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_NON_TEXT_SHARE = 0.05
# How a JSON document other than an object can start ("[", a string, a number, true/false/null).
_JSON_VALUE_START = re.compile(rb'[\["\-0-9]|(?:true|false|null)\s*$')


class Kind(StrEnum):
    WARC = "warc"
    GZIP = "gzip"
    JSONL = "jsonl"
    JSON = "json"
    HTML = "html"
    TEXT = "text"


def sniff(data: bytes, *, name: str = "") -> Kind:
    """Classify input bytes; raise RejectedInputError for empty, binary and unsupported content."""
    head = data[:_SAMPLE]
    if not head.strip():
        raise RejectedInputError("empty", "the input has no content" if not data else "the input is only whitespace")
    if head.startswith(b"\x1f\x8b"):
        return Kind.GZIP
    if head.startswith(b"WARC/"):
        return Kind.WARC
    for magic, label in _UNSUPPORTED_MAGIC:
        if head.startswith(magic):
            raise RejectedInputError("unsupported_format", f"looks like a {label}")
    encoding = unicode_encoding(head)
    if encoding:  # sniff UTF-16/32 (and UTF-8 with a BOM) by its characters, not its bytes
        return _sniff_text(head.decode(encoding, errors="ignore").lstrip("\ufeff").encode(), data, name=name)
    shares = len(_NON_TEXT_BYTES.findall(head)) / len(head)
    if b"\x00" in head and shares > _MAX_NON_TEXT_SHARE:
        raise RejectedInputError(
            "binary", f"{shares:.0%} of the first bytes are NUL or control bytes, so it is not text"
        )
    return _sniff_text(head, data, name=name)


def _sniff_text(head: bytes, data: bytes, *, name: str) -> Kind:
    stripped = head.lstrip()
    if stripped.startswith(b"{"):
        return Kind.JSONL
    if _JSON_VALUE_START.match(stripped) and (name.lower().endswith(".json") or _is_json(data)):
        return Kind.JSON
    if _HTML_START.match(head) or len(_HTML_TAG.findall(head)) >= 3:
        return Kind.HTML
    return Kind.TEXT


def _is_json(data: bytes) -> bool:
    """True when the whole input is one JSON value (an array, or a lone string or number: not an article)."""
    try:
        json.loads(data)
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return False
    return True
