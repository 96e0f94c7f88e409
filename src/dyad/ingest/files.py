"""Walk paths (files, folders, standard input) and hand every article in them to the pipeline."""

from __future__ import annotations

import gzip
import io
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyad.errors import RejectedInputError
from dyad.ingest.manifest import MANIFEST_NAME, read_manifest
from dyad.ingest.records import read_json_array, read_jsonl, read_warc
from dyad.ingest.sniff import Kind, sniff
from dyad.records import Quarantine, RawDocument

STDIN = "-"
DEFAULT_MAX_BYTES = 20_000_000


@dataclass(frozen=True, slots=True)
class Input:
    """One file (or stdin) to read, with the manifest entry that describes it."""

    path: str
    meta: dict[str, Any]


def expand_paths(paths: Iterable[str]) -> tuple[list[Input], list[Quarantine]]:
    """Files in the order given, folders recursively in name order; hidden files and manifests skipped."""
    inputs: list[Input] = []
    problems: list[Quarantine] = []
    for given in paths:
        if given == STDIN:
            inputs.append(Input(STDIN, {}))
        elif _is_dir(given):
            _expand_folder(Path(given), inputs, problems)
        else:
            inputs.append(Input(given, {}))
    return inputs, problems


def _is_dir(path: str) -> bool:
    """is_dir that answers False for paths the OS rejects (too long, NUL byte); reading them reports why."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def _expand_folder(folder: Path, inputs: list[Input], problems: list[Quarantine]) -> None:
    for directory in sorted([folder, *(p for p in folder.rglob("*") if p.is_dir())]):
        if _hidden(directory.relative_to(folder)):
            continue
        try:
            manifest = read_manifest(directory)
        except RejectedInputError as error:
            problems.append(Quarantine(str(directory / MANIFEST_NAME), "ingest", error.reason, error.detail))
            manifest = {}
        for path in sorted(p for p in directory.iterdir() if not p.is_dir()):
            if path.name != MANIFEST_NAME and not path.name.startswith("."):
                inputs.append(Input(str(path), manifest.get(path.name, {})))


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_inputs(
    inputs: Iterable[Input], *, max_bytes: int = DEFAULT_MAX_BYTES, on_input: Callable[[str], None] | None = None
) -> Iterator[RawDocument | Quarantine]:
    """Every article in the inputs, or a quarantine record for what could not be read."""
    for item in inputs:
        if on_input:
            on_input(item.path)
        try:
            data = _read_bytes(item.path, max_bytes)
            yield from _articles_in(item.path, data, item.meta, max_bytes)
        except RejectedInputError as error:
            yield Quarantine(item.path, "ingest", error.reason, error.detail)


def _read_bytes(path: str, max_bytes: int) -> bytes:
    if path == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        _check_size(len(data), max_bytes)
        return data
    try:
        info = Path(path).stat()
    except FileNotFoundError as error:
        raise RejectedInputError("not_found", f"{path} does not exist") from error
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        raise RejectedInputError("unreadable", f"{path!r}: {getattr(error, 'strerror', None) or error}") from error
    if not stat.S_ISREG(info.st_mode):
        raise RejectedInputError("not_a_file", f"{path} is not a regular file")
    _check_size(info.st_size, max_bytes)
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise RejectedInputError("unreadable", f"{path}: {error.strerror}") from error


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise RejectedInputError("too_large", f"{size:,} bytes is over the {max_bytes:,}-byte limit (--max-bytes)")


def _articles_in(source: str, data: bytes, meta: dict[str, Any], max_bytes: int) -> Iterator[RawDocument | Quarantine]:
    kind = sniff(data, name=source)
    if kind is Kind.GZIP:
        if _gunzip_head(data).startswith(b"WARC/"):
            # warcio reads record-wise gzip itself and keeps the records before any damage.
            yield from read_warc(source, data)
            return
        data = _gunzip(data, max_bytes)
        kind = sniff(data, name=source.removesuffix(".gz"))
    match kind:
        case Kind.WARC:
            yield from read_warc(source, data)
        case Kind.JSONL:
            yield from read_jsonl(source, data)
        case Kind.JSON:
            yield from read_json_array(source, data)
        case _:
            yield RawDocument(source, data, kind.value, meta=dict(meta), url=meta.get("url"))


def _gunzip_head(data: bytes) -> bytes:
    try:
        return zlib.decompressobj(wbits=31).decompress(data[:4096], 64)
    except zlib.error as error:
        raise RejectedInputError("corrupt_gzip", str(error)) from error


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise RejectedInputError("corrupt_gzip", str(error)) from error
    _check_size(len(out), max_bytes)
    return out
