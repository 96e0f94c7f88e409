"""Decide what a piece of input is from its content; the file extension is only a tie-breaker."""

from __future__ import annotations

import re
from enum import StrEnum

from dyad.errors import RejectedInputError

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
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")


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
    if b"\x00" in head and not head.startswith(_UTF16_32_BOMS):
        raise RejectedInputError("binary", "contains NUL bytes, so it is not text")
    return _sniff_text(head.lstrip(b"\xef\xbb\xbf"), name=name)


def _sniff_text(head: bytes, *, name: str) -> Kind:
    stripped = head.lstrip()
    if stripped.startswith(b"{"):
        return Kind.JSONL
    if stripped.startswith(b"[") and name.lower().endswith(".json"):
        return Kind.JSON
    if _HTML_START.match(head) or len(_HTML_TAG.findall(head)) >= 3:
        return Kind.HTML
    return Kind.TEXT
