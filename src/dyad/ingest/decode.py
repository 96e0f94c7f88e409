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
# UTF-16 without a byte-order mark: text in Latin script has a NUL in nearly every high (odd for LE) byte
# and almost none in the low ones. The sample is the start of the input, an even number of bytes.
_UTF16_SAMPLE = 4096
_UTF16_MIN_BYTES = 16
_UTF16_HIGH_NUL_SHARE = 0.7
_UTF16_LOW_NUL_SHARE = 0.1


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
    encoding = unicode_encoding(data)
    if encoding:
        text = data.decode(encoding, errors="replace")
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_non_utf8(data)
    _reject_if_garbled(text, encoding)
    return DecodedText(unicodedata.normalize("NFC", _CONTROL.sub("", text)), encoding)


def unicode_encoding(data: bytes) -> str | None:
    """The UTF-8/16/32 encoding a byte-order mark names, else UTF-16 recognised by its NUL bytes, else None."""
    return next((name for bom, name in _BOMS if data.startswith(bom)), None) or _utf16_without_bom(data)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[: min(len(data), _UTF16_SAMPLE) // 2 * 2]
    if len(sample) < _UTF16_MIN_BYTES:
        return None
    half = len(sample) // 2
    even_nuls, odd_nuls = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    for encoding, high, low in (("utf-16-le", odd_nuls, even_nuls), ("utf-16-be", even_nuls, odd_nuls)):
        if high >= _UTF16_HIGH_NUL_SHARE and low <= _UTF16_LOW_NUL_SHARE and _decodes(sample, encoding):
            return encoding
    return None


def _decodes(sample: bytes, encoding: str) -> bool:
    try:
        sample.decode(encoding)
    except UnicodeDecodeError:  # a surrogate pair cut at the end of the sample is still UTF-16
        return len(sample) > 2 and _decodes(sample[:-2], encoding)
    return True


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
