"""Results of Dyad's costly data loaders kept on disk, so that a process reads a pickle instead of parsing
thousands of rows of data/ again (load_cameo and load_event_rules: about 0.7 CPU s together, 0.2 s read back).

    @cache
    @disk_cached
    def load_cameo() -> CameoKnowledge: ...

A result is keyed by everything it is built from: the bytes of every file of data/ (all of them, so that a
loader that starts reading one more file cannot be served a stale result), the source of the loader's module
and of the Dyad modules it uses, Dyad's version and Python's. Any change gives a new key, hence a new file.
A file read is touched; when a loader writes a new file, its other files unread for STALE_DAYS are deleted
(another checkout or version still in use keeps reading, hence touching, its own). The folder is
$DYAD_CACHE_DIR, else $XDG_CACHE_HOME/dyad, else ~/.cache/dyad. A file is written to a temporary name and
renamed into place, so a reader sees a whole file or none; one that does not unpickle (truncated, corrupt)
is built and written again. Without a writable folder every process builds the result, as it did before.
DYAD_DATA_CACHE=0 turns the cache off.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from types import ModuleType

_FORMAT = 1  # bumped when what a cache file holds changes shape
STALE_DAYS = 30  # a cache entry unused this long is deleted once a newer key's entry is written


def cache_root() -> Path:
    """$DYAD_CACHE_DIR, else $XDG_CACHE_HOME/dyad, else ~/.cache/dyad."""
    if os.environ.get("DYAD_CACHE_DIR"):
        return Path(os.environ["DYAD_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dyad"


def disk_cached[T](loader: Callable[[], T]) -> Callable[[], T]:
    """The loader (no arguments), its result read from the cache folder when it was built from the same
    data and code, built and stored there otherwise."""

    @functools.wraps(loader)
    def load() -> T:
        if os.environ.get("DYAD_DATA_CACHE") == "0":
            return loader()
        stem = f"{loader.__module__}.{loader.__qualname__}-"
        path = cache_root() / "data" / f"{stem}{_key(loader)}.pickle"
        found = _read(path)
        if found is not None:
            return found
        result = loader()
        if _write(path, result):  # the loader's files of other keys, unread for weeks, go
            remove_unused(path.parent.glob(f"{stem}*.pickle"), keep=path)
        return result

    return load


def _key(loader: Callable[[], object]) -> str:
    digest = hashlib.sha256(f"{_FORMAT}|{sys.version}|{loader.__qualname__}".encode())
    digest.update(_data_digest())
    # Dyad's version, read from its source: importing the package here would, for the import contracts, import
    # what `dyad.open` loads (the store, the server)
    digest.update(resources.files("dyad").joinpath("__init__.py").read_bytes())
    for source in _code_sources(sys.modules[loader.__module__]):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:24]


@functools.cache
def _data_digest() -> bytes:
    """A digest of every file of data/ (name and bytes), once per process: they are 2 MB, read in a few ms."""
    digest = hashlib.sha256()
    stack = [resources.files("dyad").joinpath("data")]
    files = []
    while stack:
        for entry in stack.pop().iterdir():
            (stack if entry.is_dir() else files).append(entry)
    for entry in sorted(files, key=lambda e: str(e)):
        digest.update(f"{entry.name}\0".encode())
        digest.update(entry.read_bytes())
    return digest.digest()


def _code_sources(module: ModuleType) -> list[Path]:
    """The module's file and those of the Dyad modules its names come from (a helper it calls, a class it
    builds): what the loader's result is built by."""
    names = {module.__name__}
    for value in vars(module).values():
        owner = value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None)
        if isinstance(owner, str) and (owner == "dyad" or owner.startswith("dyad.")):
            names.add(owner)
    paths = {Path(file) for name in names if (file := getattr(sys.modules.get(name), "__file__", None))}
    return sorted(paths)


def _read(path: Path) -> object | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None  # not cached yet
    mark_used(path)
    # unpickling makes hundreds of thousands of objects, none of them garbage: collecting meanwhile would only
    # walk them (it doubles the time)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    except Exception:  # truncated or corrupt (any error unpickling): built again, and the file replaced
        return None
    finally:
        if collecting:
            gc.enable()


def _write(path: Path, result: object) -> bool:
    """Whether the result was written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        staging = Path(name)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
            staging.replace(path)
        finally:
            staging.unlink(missing_ok=True)  # left only when the pickling or the rename failed
    except (OSError, pickle.PicklingError):
        return False  # a read-only home (or a result that does not pickle): built by every process, as before
    return True


def mark_used(entry: Path) -> None:
    """Touch a cache entry (file or folder) on use, so that `remove_unused` keeps it."""
    with contextlib.suppress(OSError):  # read-only cache folders are read as before
        os.utime(entry)


def remove_unused(entries: Iterable[Path], *, keep: Path | None = None, days: float = STALE_DAYS) -> None:
    """Delete the cache entries (files or folders) other than KEEP not used (`mark_used`) for DAYS: the
    entries of keys no longer made (data, code, model or JVM changed), once the new key's entry is written, or
    the temporaries of runs that died. A process still mapping a deleted file keeps its pages (Linux frees
    them when the last map goes)."""
    cutoff = time.time() - days * 86_400
    for entry in entries:
        with contextlib.suppress(OSError):  # gone already (another process pruned it), or not ours to delete
            if entry == keep or entry.stat().st_mtime >= cutoff:
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
