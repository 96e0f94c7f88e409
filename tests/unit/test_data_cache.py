"""dyad.data_cache: a loader's result is read back only when built from the same data and code, and a damaged
cache file is built again, never believed."""

from __future__ import annotations

import os
import pickle
import sys
import time
import types
from pathlib import Path

import pytest

from dyad import data_cache
from dyad.data_cache import disk_cached
from dyad.extract.event_lexicon import load_event_rules
from dyad.knowledge.cameo import load_cameo


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DYAD_DATA_CACHE", raising=False)
    return tmp_path / "cache" / "data"


@pytest.fixture
def counted_loader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A loader in a module of its own (its source is part of the key), counting the times it really builds."""
    source = tmp_path / "dyad_cache_probe.py"
    source.write_text("BUILT = []\n")
    module = types.ModuleType("dyad_cache_probe")
    module.__file__ = str(source)
    module.BUILT = []
    monkeypatch.setitem(sys.modules, module.__name__, module)

    def build() -> dict[str, list[int]]:
        module.BUILT.append(1)
        return {"rows": list(range(1000))}

    build.__module__ = module.__name__
    return disk_cached(build), module.BUILT, source


def test_a_result_is_built_once_and_read_back(cache_dir: Path, counted_loader):
    load, built, _ = counted_loader
    assert load() == load() == {"rows": list(range(1000))}
    assert len(built) == 1
    assert len(list(cache_dir.glob("*.pickle"))) == 1
    assert not list(cache_dir.glob(".*")), "no temporary file is left behind"


def test_a_change_in_the_data_files_builds_it_again(cache_dir: Path, counted_loader,
                                                    monkeypatch: pytest.MonkeyPatch):
    load, built, _ = counted_loader
    load()
    monkeypatch.setattr(data_cache, "_data_digest", lambda: b"the data of another Dyad")
    load()
    assert len(built) == 2
    assert len(list(cache_dir.glob("*.pickle"))) == 2


def test_the_data_digest_covers_every_data_file_byte():
    """What the key is built from: the bytes of every file of data/ (read here independently)."""
    import hashlib
    from importlib import resources

    folder = Path(str(resources.files("dyad").joinpath("data")))
    files = sorted((p for p in folder.rglob("*") if p.is_file()), key=str)
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.name}\0".encode())
        digest.update(path.read_bytes())
    assert data_cache._data_digest() == digest.digest()
    assert len(files) > 20


def test_a_change_in_the_loader_source_builds_it_again(cache_dir: Path, counted_loader):
    load, built, source = counted_loader
    load()
    source.write_text("BUILT = []\n# the loader changed\n")
    load()
    assert len(built) == 2


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # a write cut short (a full disk, a kill before the rename)
    lambda data: b"not a pickle at all",
    lambda data: b"",
])
def test_a_damaged_cache_file_is_built_again_and_replaced(cache_dir: Path, counted_loader, damage):
    load, built, _ = counted_loader
    expected = load()
    [path] = cache_dir.glob("*.pickle")
    path.write_bytes(damage(path.read_bytes()))
    assert load() == expected
    assert len(built) == 2
    assert pickle.loads(path.read_bytes()) == expected, "the damaged file was replaced by a whole one"
    assert load() == expected
    assert len(built) == 2


def test_an_unwritable_cache_folder_only_costs_the_build(tmp_path: Path, counted_loader,
                                                          monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("")
    monkeypatch.setenv("DYAD_CACHE_DIR", str(blocker))
    load, built, _ = counted_loader
    assert load() == load()
    assert len(built) == 2


def test_the_cache_can_be_turned_off(cache_dir: Path, counted_loader, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DYAD_DATA_CACHE", "0")
    load, built, _ = counted_loader
    load()
    load()
    assert len(built) == 2
    assert not cache_dir.exists()


@pytest.mark.parametrize("loader", [load_cameo, load_event_rules], ids=lambda f: f.__name__)
def test_the_knowledge_read_back_equals_the_knowledge_built(cache_dir: Path, loader):
    uncached = loader.__wrapped__.__wrapped__  # under functools.cache and disk_cached: the builder itself
    built = uncached()
    assert loader.__wrapped__() == built  # builds and writes
    assert loader.__wrapped__() == built  # reads the file back
    assert len(list(cache_dir.glob("*.pickle"))) == 1


def _age(path: Path, days: float) -> None:
    then = time.time() - days * 86_400
    os.utime(path, (then, then))


def test_a_new_file_deletes_the_loaders_files_unread_for_weeks(cache_dir: Path, counted_loader,
                                                               monkeypatch: pytest.MonkeyPatch):
    load, built, _ = counted_loader
    load()
    [first] = cache_dir.glob("*.pickle")
    other_loader = cache_dir / "dyad.some_module.other_loader-0123456789abcdef01234567.pickle"
    other_loader.write_bytes(b"another loader's file")
    _age(first, data_cache.STALE_DAYS + 1)
    _age(other_loader, data_cache.STALE_DAYS + 1)
    monkeypatch.setattr(data_cache, "_data_digest", lambda: b"the data of another Dyad")
    load()
    assert len(built) == 2
    assert not first.exists(), "the loader's stale file is deleted when its new one is written"
    assert other_loader.exists(), "another loader's files are its own"
    assert len(list(cache_dir.glob("dyad_cache_probe.*.pickle"))) == 1


def test_a_file_still_read_is_kept_when_another_version_writes_its_own(cache_dir: Path, counted_loader,
                                                                      monkeypatch: pytest.MonkeyPatch):
    load, built, _ = counted_loader
    load()
    [first] = cache_dir.glob("*.pickle")
    _age(first, data_cache.STALE_DAYS + 1)
    load()  # read back: touched, in use again
    assert len(built) == 1
    monkeypatch.setattr(data_cache, "_data_digest", lambda: b"the data of another Dyad")
    load()
    assert len(built) == 2
    assert first.exists(), "a file read recently (another checkout still uses it) is kept"
    assert len(list(cache_dir.glob("*.pickle"))) == 2


def test_unused_cache_folders_go_and_the_kept_one_stays(tmp_path: Path):
    kept, stale, recent = (tmp_path / f"langid-{n}" for n in ("new", "old", "used"))
    for folder in (kept, stale, recent):
        folder.mkdir()
        (folder / "classes.npy").write_bytes(b"arrays")
    for folder in (kept, stale):
        _age(folder, data_cache.STALE_DAYS + 1)
    data_cache.mark_used(recent)
    data_cache.remove_unused(tmp_path.glob("langid-*"), keep=kept)
    assert kept.exists() and recent.exists() and not stale.exists()
