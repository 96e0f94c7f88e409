"""Bytes to text: UTF-8 first, repair of mixed UTF-8/Windows-1252, then charset detection."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

from dyad.errors import RejectedInputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_VALID_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Control characters other than tab/newline/carriage return: a few are noise, many mean a wrong guess.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_MAX_CONTROL_RATIO = 0.01


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as Windows-1252 (Latin-1 where cp1252 has a hole)."""
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace").replace("\ufffd", bad.decode("latin-1")), error.end


codecs.register_error("dyad_cp1252", _cp1252_fallback)


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str


def decode_bytes(data: bytes) -> DecodedText:
    """Decode article bytes, or raise RejectedInputError('undecodable') when no encoding fits."""
    encoding = _encoding_from_bom(data)
    if encoding:
        text = data.decode(encoding, errors="replace")
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_non_utf8(data)
    _reject_if_garbled(text, encoding)
    return DecodedText(unicodedata.normalize("NFC", _CONTROL.sub("", text)), encoding)


def _encoding_from_bom(data: bytes) -> str | None:
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def _decode_non_utf8(data: bytes) -> tuple[str, str]:
    # Valid multi-byte UTF-8 beside invalid bytes: a UTF-8 page with pasted Windows-1252 text.
    if _VALID_UTF8_MULTIBYTE.search(data):
        return data.decode("utf-8", errors="dyad_cp1252"), "utf-8+cp1252"
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise RejectedInputError("undecodable", "no text encoding matches these bytes")
    # Short Western text fits several single-byte code pages equally well; news is most often cp1252.
    tied = [m for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence]
    chosen = next((m for m in tied if m.encoding == "cp1252"), best)
    return str(chosen), chosen.encoding


def _reject_if_garbled(text: str, encoding: str) -> None:
    if not text:
        return
    ratio = len(_CONTROL.findall(text)) / len(text)
    if ratio > _MAX_CONTROL_RATIO:
        raise RejectedInputError(
            "undecodable", f"decoded as {encoding}, but {ratio:.0%} of characters are control characters"
        )
