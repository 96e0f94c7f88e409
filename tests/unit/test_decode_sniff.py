"""Bytes to text, and deciding what an input is from its content."""

from __future__ import annotations

import gzip

import pytest

from dyad.errors import RejectedInputError
from dyad.ingest.decode import decode_bytes
from dyad.ingest.sniff import Kind, sniff

TEXT = "Le ministre a signé l’accord à Genève — “un succès”, a-t-il dit."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        ("Le ministre a signé l'accord à Genève, à la fin de l'été.".encode("cp1252") * 3, "cp1252"),
        ("Министр подписал соглашение в Женеве в конце лета.".encode("koi8-r") * 3, "koi8_r"),
    ],
)
def test_decodes_common_encodings(data: bytes, encoding: str):
    decoded = decode_bytes(data)
    assert decoded.text == data.decode(encoding).lstrip("\ufeff")
    assert decoded.encoding == encoding


def test_mixed_utf8_and_windows_1252_is_repaired():
    data = "Genève “talks”. ".encode() + "Zürich — déjà".encode("cp1252")
    decoded = decode_bytes(data)
    assert decoded.text == "Genève “talks”. Zürich — déjà"
    assert decoded.encoding == "utf-8+cp1252"


def test_control_characters_are_dropped_and_text_is_nfc():
    sentence = "Talks in Gene\u0300ve resumed on Monday after a pause of three weeks. "
    decoded = decode_bytes((sentence + "\x07" + sentence).encode())
    assert decoded.text == (sentence * 2).replace("Gene\u0300ve", "Genève")


def test_garbled_bytes_are_rejected():
    with pytest.raises(RejectedInputError) as caught:
        decode_bytes(bytes(range(1, 32)) * 50)
    assert caught.value.reason == "undecodable"


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "x.bin", Kind.WARC),
        (gzip.compress(b"anything"), "x.gz", Kind.GZIP),
        (b'{"text": "hello"}\n{"text": "again"}\n', "a.txt", Kind.JSONL),
        (b'[{"text": "hello"}]', "a.json", Kind.JSON),
        (b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", "a.txt", Kind.HTML),
        (b"<div><p>One</p><p>Two</p></div>", "page", Kind.HTML),
        (b"The talks <b>resumed</b> on Monday.", "a.html", Kind.TEXT),
        (b"Plain news text.", "a.html", Kind.TEXT),
    ],
)
def test_sniff_uses_content_not_extension(data: bytes, name: str, kind: Kind):
    assert sniff(data, name=name) is kind


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\n ", "empty"),
        (b"%PDF-1.7\n%binary", "unsupported_format"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "unsupported_format"),
        (b"PK\x03\x04\x14\x00", "unsupported_format"),
        (b"abc\x00\x01\x02def", "binary"),
    ],
)
def test_sniff_rejects(data: bytes, reason: str):
    with pytest.raises(RejectedInputError) as caught:
        sniff(data)
    assert caught.value.reason == reason
