"""A class-data-sharing (AppCDS) archive for the driver's JVM on a local master: Spark's start, loaded from a
file instead of parsed and verified class by class.

The JVM of a local run loads some ten thousand classes from Spark's jars before it schedules the first task;
that is most of its start, and the Python workers wait for it. The first run writes the classes it loaded
to an archive (-XX:ArchiveClassesAtExit, some 70 MB) when its JVM exits; every later run maps the archive
(-XX:SharedArchiveFile) and starts in about half the time. The archive lives in the cache folder
($DYAD_CACHE_DIR, else $XDG_CACHE_HOME/dyad, else ~/.cache/dyad), named by a key of what it depends on: the
JVM (its binary, libjvm and version), Spark's jars (names, sizes, times) and the JVM options. Another JDK, an
upgraded Spark or other options make another key, so a stale archive is never offered to a JVM.

The JVM crashes on a truncated archive (it maps the file and faults on the missing pages) and ignores one
that is not an archive at all, so an archive is only used when it starts with the archive's magic number and
has the size its name records (`cached_archive`); otherwise it is removed and the run writes a new one. The
archive is written under a temporary name and renamed into place only once its JVM has exited
(`JvmArchive.finish`): a reader never sees half of one, and two runs that write at once each rename a
complete file.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from dyad.data_cache import cache_root, mark_used, remove_unused

ARCHIVE_FOLDER = "spark-cds"
# The first four bytes of a dynamic CDS archive (HotSpot's CDS_DYNAMIC_ARCHIVE_MAGIC, 0xf00baba8, as stored
# on a little-endian machine); a base archive starts with 0xf00baba2.
DYNAMIC_ARCHIVE_MAGIC = (0xF00BABA8).to_bytes(4, "little")
STALE_TEMPORARY_SECONDS = 3600.0  # a temporary archive this old belongs to a run that died before renaming it
# The JVM's CDS messages off: it prints them on standard output (the run's own output, JSON with --json), a
# hundred lines of classes it leaves out when it writes the archive, one line when it cannot use one.
QUIET = "-Xlog:cds*=off"


@dataclass(frozen=True, slots=True)
class JvmArchive:
    """The options that make the JVM use (or write) the archive, and where a written one goes."""

    options: str  # to add to the driver's JVM options
    path: Path | None  # the archive in use; None while it is being written
    writing: Path | None = None  # the temporary file the JVM writes at exit, when there is no archive yet
    folder: Path | None = None
    key: str = ""

    def finish(self) -> Path | None:
        """After the JVM that wrote the archive has exited: check it and rename it into place (the path), or
        remove what it left (None)."""
        if self.writing is None or self.folder is None:
            return self.path
        try:
            size = self.writing.stat().st_size
            if size > 0 and _starts_with_magic(self.writing):
                final = self.folder / f"{self.key}.{size}.jsa"
                self.writing.replace(final)
                remove_unused(self.folder.glob("*.jsa"), keep=final)  # other keys' archives, unused for weeks
                return final
        except OSError:
            pass
        with contextlib.suppress(OSError):
            self.writing.unlink()
        return None


def archive_for(options: str, *, java: Path | None = None, spark_home: Path | None = None,
                cache: Path | None = None) -> JvmArchive:
    """The archive for a JVM started with `options`: the one in the cache if it is sound, else a temporary
    file for this run's JVM to write. No options at all (an empty JvmArchive) where there is no JVM or Spark
    to key it by, or the cache cannot be written."""
    java = java or _java_binary()
    spark_home = spark_home or _spark_home()
    if java is None or spark_home is None:
        return JvmArchive("", None)
    key = archive_key(options, java, spark_home)
    folder = (cache or cache_root()) / ARCHIVE_FOLDER
    found = cached_archive(folder, key)
    if found:
        mark_used(found)
        return JvmArchive(f"-XX:SharedArchiveFile={found} {QUIET}", found)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_unused(folder.glob("*.tmp"), days=STALE_TEMPORARY_SECONDS / 86_400)
    except OSError:
        return JvmArchive("", None)  # a read-only home: every run starts without the archive
    writing = folder / f"{key}.{os.getpid()}.{time.monotonic_ns()}.tmp"
    return JvmArchive(f"-XX:ArchiveClassesAtExit={writing} {QUIET}", None, writing, folder, key)


def archive_key(options: str, java: Path, spark_home: Path) -> str:
    """What the archive depends on, hashed: the JVM build, Spark's jars, the JVM options."""
    java = java.resolve()
    java_home = java.parent.parent
    jars = spark_home / "jars"
    parts = {
        "java": [_stamp(java), _stamp(java_home / "lib" / "server" / "libjvm.so"),
                 _text(java_home / "release")],
        "jars": str(jars.resolve()),
        "jar_files": sorted(_stamp(entry) for entry in jars.iterdir()) if jars.is_dir() else [],
        "options": options.split(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:20]


def cached_archive(folder: Path, key: str) -> Path | None:
    """The archive of this key if it is whole (the magic number, the size in its name); anything else under
    the key is removed, so that this run writes a new one."""
    found = None
    for candidate in sorted(folder.glob(f"{key}.*.jsa")) if folder.is_dir() else []:
        recorded = candidate.name.removeprefix(f"{key}.").removesuffix(".jsa")
        try:
            sound = recorded.isdigit() and candidate.stat().st_size == int(recorded) and _starts_with_magic(candidate)
        except OSError:
            continue  # removed by another run while we looked
        if sound and found is None:
            found = candidate
        elif not sound:
            with contextlib.suppress(OSError):
                candidate.unlink()
    return found


def _starts_with_magic(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(DYNAMIC_ARCHIVE_MAGIC)) == DYNAMIC_ARCHIVE_MAGIC


def _java_binary() -> Path | None:
    """The java that Spark's launch scripts run: $JAVA_HOME/bin/java, else the one on the PATH."""
    if os.environ.get("JAVA_HOME"):
        candidate = Path(os.environ["JAVA_HOME"]) / "bin" / "java"
        return candidate if candidate.exists() else None
    found = shutil.which("java")
    return Path(found) if found else None


def _spark_home() -> Path | None:
    """$SPARK_HOME, else the pyspark package (a pip install holds the jars), found without importing it."""
    if os.environ.get("SPARK_HOME"):
        return Path(os.environ["SPARK_HOME"])
    spec = importlib.util.find_spec("pyspark")
    locations = spec.submodule_search_locations if spec else None
    return Path(next(iter(locations))) if locations else None


def _stamp(path: Path) -> list[str | int]:
    try:
        status = path.stat()
    except OSError:
        return [path.name, -1, -1]
    return [path.name, status.st_size, status.st_mtime_ns]


def _text(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""
