"""A folder gives its article files only; other files are listed as skipped; an entry the OS will not
describe is quarantined and the walk goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.ingest import Selection, expand_paths
from tests.conftest import article


@pytest.fixture
def project_folder(tmp_path: Path) -> Path:
    """A folder as users keep them: articles of several types beside notes, scripts and gold files."""
    for name in ("a.txt", "b.html", "c.jsonl", "d.warc.gz", "e.json", "f.htm", "g.warc", "h.txt.gz"):
        (tmp_path / name).write_text(article(1))
    (tmp_path / "README.md").write_text("# notes\n")
    (tmp_path / "make_gold.py").write_text("print('gold')\n")
    (tmp_path / "manifest.json").write_text('{"articles": [{"file": "a.txt", "outlet": "Geneva Daily"}]}')
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "x.txt").write_text(article(2))
    return tmp_path


def names(paths: list[str], root: Path) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


def test_article_types_are_taken_and_the_rest_skipped(project_folder: Path):
    found = expand_paths([str(project_folder)])
    assert names([i.path for i in found.inputs], project_folder) == [
        "a.txt",
        "b.html",
        "c.jsonl",
        "d.warc.gz",
        "e.json",
        "f.htm",
        "g.warc",
        "h.txt.gz",
        "drafts/x.txt",
    ]
    assert names(found.skipped, project_folder) == ["README.md", "make_gold.py"]
    assert found.inputs[0].meta == {"outlet": "Geneva Daily"}
    assert found.problems == []


def test_include_and_exclude_globs(project_folder: Path):
    found = expand_paths([str(project_folder)], selection=Selection(include=("*.txt", "*.md"), exclude=("drafts/*",)))
    assert names([i.path for i in found.inputs], project_folder) == ["README.md", "a.txt"]
    assert "drafts/x.txt" in names(found.skipped, project_folder)


def test_a_file_named_directly_is_read_whatever_its_type(project_folder: Path):
    found = expand_paths([str(project_folder / "README.md")])
    assert [i.path for i in found.inputs] == [str(project_folder / "README.md")]


def test_an_entry_whose_stat_fails_is_quarantined_and_the_walk_goes_on(project_folder: Path):
    (project_folder / "proc-link").symlink_to("/proc/1/cwd")  # stat fails in containers, even for root
    locked = project_folder / "locked"  # scandir fails for other users
    locked.mkdir()
    locked.chmod(0)
    try:
        found = expand_paths([str(project_folder)])
    finally:
        locked.chmod(0o700)
    if not found.problems:
        pytest.skip("this machine describes every entry (root outside a container)")
    assert {(p.stage, p.reason) for p in found.problems} == {("ingest", "unreadable")}
    assert "a.txt" in names([i.path for i in found.inputs], project_folder)


def test_a_link_back_to_a_parent_folder_is_walked_once(tmp_path: Path):
    (tmp_path / "a.txt").write_text(article(1))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    found = expand_paths([str(tmp_path)])
    assert names([i.path for i in found.inputs], tmp_path) == ["a.txt"]
