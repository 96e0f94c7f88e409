"""dyad analyze on a folder that holds more than articles: only article files are stored, the rest is
listed as skipped, --include/--exclude choose, and a one-sentence article is stored and parsed."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import article, query


def test_only_article_files_are_stored_and_the_rest_listed(tmp_path: Path, db: Path, cli):
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "story.txt").write_text(article(21))
    (folder / "short.txt").write_text("Norland invaded Vesteria.\n")
    (folder / "README.md").write_text("# What this folder holds\n")
    (folder / "gold.py").write_text("print('scores')\n")
    result = cli("analyze", folder, "--db", db, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["stored"], summary["quarantined"]) == (2, 0)
    assert [Path(p).name for p in summary["skipped"]] == ["README.md", "gold.py"]
    assert query(db, "SELECT count(*) FROM quarantine") == [(0,)]
    [(language, parsed)] = query(db, "SELECT language, parsed FROM documents WHERE body LIKE 'Norland invaded%'")
    assert (language, parsed) == ("en", True)

    table = cli("analyze", folder, "--db", tmp_path / "other.duckdb", "--exclude", "short.txt", "--include", "*.md")
    assert "skipped, not taken as articles" in table.stdout
    assert query(tmp_path / "other.duckdb", "SELECT count(*) FROM documents") == [(1,)]
