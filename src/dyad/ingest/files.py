"""Walk paths (files, folders, standard input) and hand every article in them to the pipeline."""

from __future__ import annotations

import fnmatch
import gzip
import io
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from dyad.errors import RejectedInputError
from dyad.ingest.limits import DEFAULT_MAX_BYTES
from dyad.ingest.manifest import MANIFEST_NAME, read_manifest
from dyad.ingest.records import read_json_array, read_jsonl, read_warc
from dyad.ingest.sniff import Kind, sniff
from dyad.records import Quarantine, RawDocument

STDIN = "-"


@dataclass(frozen=True, slots=True)
class Input:
    """One file (or stdin) to read, with the manifest entry that describes it."""

    path: str
    meta: dict[str, Any]


# Files of a folder taken as articles when no --include is given (the type is still decided by content).
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".warc", ".warc.gz", ".gz")


@dataclass(frozen=True, slots=True)
class Selection:
    """Which files of a folder are articles: glob patterns matched against the file's name and its path
    relative to the folder given ("*.txt", "drafts/*"). With include, only matching files are taken;
    without, files ending in ARTICLE_SUFFIXES. A file matching exclude is never taken."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def takes(self, relative: PurePosixPath) -> bool:
        if self._matches(relative, self.exclude):
            return False
        if self.include:
            return self._matches(relative, self.include)
        return relative.name.lower().endswith(ARTICLE_SUFFIXES)

    @staticmethod
    def _matches(relative: PurePosixPath, patterns: tuple[str, ...]) -> bool:
        return any(fnmatch.fnmatch(relative.name, p) or fnmatch.fnmatch(str(relative), p) for p in patterns)


@dataclass(slots=True)
class Expansion:
    """What the paths given hold: inputs to read, entries that could not even be listed, files passed over."""

    inputs: list[Input] = field(default_factory=list)
    problems: list[Quarantine] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # folder files that are not articles: not read, not stored


def expand_paths(paths: Iterable[str], *, selection: Selection | None = None) -> Expansion:
    """Files in the order given, folders recursively in name order. Of a folder's files, hidden files are
    passed over silently, the manifest is read as the manifest, and files the selection does not take are
    listed as skipped; files named directly are always read."""
    selection = selection or Selection()
    found = Expansion()
    for given in paths:
        if given == STDIN:
            found.inputs.append(Input(STDIN, {}))
        elif _is_dir(given):
            _expand_folder(Path(given), Path(given), selection, found, visited=set())
        else:
            found.inputs.append(Input(given, {}))
    return found


def _is_dir(path: str) -> bool:
    """is_dir that answers False for paths the OS rejects (too long, NUL byte); reading them reports why."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def _expand_folder(
    root: Path, folder: Path, selection: Selection, found: Expansion, visited: set[tuple[int, int]]
) -> None:
    """One folder's files, then its sub-folders, each in name order; an entry the OS will not describe
    (permission denied, a link into /proc) is quarantined and the walk goes on."""
    try:
        info = folder.stat()
        if (info.st_dev, info.st_ino) in visited:  # a link back to a folder being walked
            return
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        found.problems.append(_unreadable(str(folder), error))
        return
    visited.add((info.st_dev, info.st_ino))
    try:
        manifest = read_manifest(folder)
    except RejectedInputError as error:
        found.problems.append(Quarantine(str(folder / MANIFEST_NAME), "ingest", error.reason, error.detail))
        manifest = {}
    subfolders = [path for entry in entries if (path := _take_entry(root, entry, manifest, selection, found))]
    for subfolder in subfolders:
        _expand_folder(root, subfolder, selection, found, visited)


def _take_entry(
    root: Path, entry: os.DirEntry[str], manifest: dict[str, dict[str, Any]], selection: Selection, found: Expansion
) -> Path | None:
    """Files go to the inputs or the skipped; a sub-folder is returned for walking."""
    if entry.name.startswith(".") or entry.name == MANIFEST_NAME:
        return None
    try:
        is_folder = entry.is_dir()
    except OSError as error:
        found.problems.append(_unreadable(entry.path, error))
        return None
    if is_folder:
        return Path(entry.path)
    if selection.takes(PurePosixPath(Path(entry.path).relative_to(root).as_posix())):
        found.inputs.append(Input(entry.path, manifest.get(entry.name, {})))
    else:
        found.skipped.append(entry.path)
    return None


def _unreadable(path: str, error: OSError) -> Quarantine:
    return Quarantine(path, "ingest", "unreadable", f"{path}: {error.strerror or error}")


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
