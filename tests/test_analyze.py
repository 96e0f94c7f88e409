"""The main job end to end on articles written for the test: stored records, idempotence, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyad.analyze import analyze
from dyad.store import CONTRACT_TABLES, Store
from dyad.store.migrations import LATEST_VERSION
from tests.conftest import article, query
from tests.warc_helpers import html_page


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(3):
        (folder / f"story{n}.txt").write_text(article(n))
    manifest = {
        "articles": [
            {"file": "story0.txt", "outlet": "Geneva Daily", "author": "Jana Pesek", "published": "2024-03-04"}
        ]
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_folder_is_stored_with_manifest_metadata_and_sentences(corpus: Path, db: Path):
    summary = analyze([str(corpus)], db=db)
    assert len(summary.stored) == 3
    [(outlet, author, published, source)] = query(
        db, "SELECT outlet, author, published::VARCHAR, published_source FROM documents WHERE outlet IS NOT NULL"
    )
    assert (outlet, author, published, source) == ("Geneva Daily", "Jana Pesek", "2024-03-04", "manifest")
    sentences = query(db, "SELECT d.body, s.start_char, s.end_char FROM sentences s JOIN documents d USING (doc_id)")
    assert len(sentences) == 3 * 8
    texts = {body[start:end] for body, start, end in sentences}
    assert "Critics in the Vesterian parliament warned that the agreement gives away too much." in texts


def test_every_contract_table_exists_with_its_columns(corpus: Path, db: Path):
    analyze([str(corpus)], db=db)
    columns = dict(query(db, "SELECT table_name, list(column_name) FROM information_schema.columns GROUP BY 1"))
    assert set(CONTRACT_TABLES) <= set(columns)
    assert {"doc_id", "source", "outlet", "title", "author", "published", "language", "body", "removed_spans"} <= set(
        columns["documents"]
    )
    assert {"event_id", "plover_type", "modality", "cluster_id", "event_date", "date_precision"} <= set(
        columns["events"]
    )


def test_doc_ids_are_deterministic(corpus: Path, tmp_path: Path):
    first = analyze([str(corpus)], db=tmp_path / "one.duckdb").stored
    second = analyze([str(corpus)], db=tmp_path / "two.duckdb").stored
    assert sorted(first) == sorted(second)


def test_reanalysing_adds_nothing(corpus: Path, db: Path):
    analyze([str(corpus)], db=db)
    before = {
        t: query(db, f"SELECT * EXCLUDE (ingested_at) FROM {t} ORDER BY ALL")
        if t == "documents"
        else query(db, f"SELECT * FROM {t} ORDER BY ALL")
        for t in ("documents", "sentences")
    }
    again = analyze([str(corpus)], db=db)
    assert (len(again.stored), len(again.already_stored)) == (0, 3)
    assert query(db, "SELECT * EXCLUDE (ingested_at) FROM documents ORDER BY ALL") == before["documents"]
    assert query(db, "SELECT * FROM sentences ORDER BY ALL") == before["sentences"]


def test_two_worker_processes_store_the_same_records(corpus: Path, tmp_path: Path):
    from dyad.analyze import AnalyzeSettings

    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    analyze([str(corpus)], db=one)
    analyze([str(corpus)], db=two, settings=AnalyzeSettings(workers=2, batch_size=2))
    sql = "SELECT doc_id, sent_index, start_char, end_char FROM sentences ORDER BY ALL"
    assert query(one, sql) == query(two, sql)
    assert len(query(two, sql)) == 24


def test_same_article_in_another_format_is_a_duplicate(tmp_path: Path, db: Path):
    (tmp_path / "a.txt").write_text(article(7))
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": article(7), "url": "https://example.org/7"}) + "\n")
    (tmp_path / "c.txt").write_text("Skip to content\n\n" + article(7) + "\n\nShare this:\n")
    summary = analyze([str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl"), str(tmp_path / "c.txt")], db=db)
    assert len(summary.stored) == 1
    assert summary.duplicates == [f"{tmp_path / 'b.jsonl'}#line=1", str(tmp_path / "c.txt")]
    assert query(db, "SELECT count(*) FROM documents") == [(1,)]


def test_html_article_is_cleaned_and_dated(tmp_path: Path, db: Path):
    (tmp_path / "page.html").write_bytes(html_page(article(3)))
    analyze([str(tmp_path / "page.html")], db=db)
    [(body, outlet, title, published, spans)] = query(
        db, "SELECT body, outlet, title, published::VARCHAR, removed_spans FROM documents"
    )
    assert "Report number 3." in body
    assert "betrayal" not in body and "Reader two" not in body, "reader comments are not article text"
    assert "All rights reserved" not in body
    assert (outlet, title, published) == ("Geneva Daily", "Norland and Vesteria sign a trade deal", "2024-03-04")
    assert spans[0]["reason"] == "html_boilerplate"


def test_store_refuses_a_database_from_a_newer_dyad(db: Path):
    with Store(db) as store:
        store.con.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    from dyad.errors import DyadError

    with pytest.raises(DyadError, match="newer than this Dyad knows"):
        Store(db)


class TestCommandLine:
    def test_analyze_status_documents_show(self, corpus: Path, db: Path, cli):
        result = cli("analyze", corpus, "--db", db, "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["stored"] == 3

        status = json.loads(cli("status", "--db", db, "--json").stdout)
        assert status["counts"]["documents"] == 3
        assert status["counts"]["sentences"] == 24
        assert status["schema_version"] == LATEST_VERSION

        listed = json.loads(cli("documents", "--db", db, "--outlet", "geneva daily", "--json").stdout)
        assert [d["outlet"] for d in listed] == ["Geneva Daily"]
        assert json.loads(cli("documents", "--db", db, "--since", "2024-03-05", "--json").stdout) == []

        shown = cli("show", listed[0]["doc_id"][:6], "--db", db)
        assert "Report number 0." in shown.stdout

    def test_quarantine_is_reported_and_strict_fails(self, tmp_path: Path, db: Path, cli):
        (tmp_path / "good.txt").write_text(article(1))
        (tmp_path / "empty.txt").write_text("")
        result = cli("analyze", tmp_path / "good.txt", tmp_path / "empty.txt", "--db", db)
        assert result.exit_code == 0
        assert f"quarantined {tmp_path / 'empty.txt'}: ingest/empty" in result.stderr
        strict = cli("analyze", tmp_path / "empty.txt", tmp_path / "good.txt", "--db", db, "--strict")
        assert strict.exit_code == 1
        status = cli("status", "--db", db)
        assert "empty" in status.stdout

    def test_nothing_processed_exits_1(self, tmp_path: Path, db: Path, cli):
        result = cli("analyze", tmp_path / "missing.txt", "--db", db)
        assert result.exit_code == 1
        assert "nothing was analysed" in result.stderr

    def test_stdin(self, db: Path, cli):
        result = cli("analyze", "-", "--db", db, "--json", input=article(11))
        assert json.loads(result.stdout)["stored"] == 1

    def test_errors_name_the_fix(self, tmp_path: Path, cli):
        result = cli("status", "--db", tmp_path / "none.duckdb")
        assert result.exit_code == 2
        assert "dyad analyze" in result.stderr
        bad_date = cli("documents", "--db", tmp_path / "none.duckdb", "--since", "March")
        assert bad_date.exit_code == 2
        assert "YYYY-MM-DD" in bad_date.stderr


def test_a_database_held_by_another_process_gives_a_clear_error(tmp_path: Path, db: Path, cli):
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text(article(1))
    cli("analyze", tmp_path / "a.txt", "--db", db)
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
                               "print('open', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        (tmp_path / "b.txt").write_text(article(2))
        result = cli("analyze", tmp_path / "b.txt", "--db", db)
        assert result.exit_code == 2
        message = " ".join(result.output.split())
        assert f"is in use by another process (PID {holder.pid}" in message
        assert "stop that process" in message
    finally:
        holder.kill()
        holder.wait()


def test_a_database_of_an_older_schema_is_refused_for_reading_until_migrated(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
):
    from dyad.errors import DyadError
    from dyad.store import Store, migrations, repository

    old = tmp_path / "old.duckdb"
    Store(old).close()  # written by "this" Dyad; the next one brings one more schema update
    newer = [*migrations.available_migrations(),
             migrations.Migration(999, "added_later", "ALTER TABLE relations ADD COLUMN added_later VARCHAR")]
    for module in (migrations, repository):
        monkeypatch.setattr(module, "available_migrations", lambda: newer)
    monkeypatch.setattr(migrations, "LATEST_VERSION", 999)
    with pytest.raises(DyadError, match=r"older Dyad.*999.*dyad migrate"):
        Store(old, read_only=True)
    assert cli("migrate", "--db", old).exit_code == 0
    with Store(old, read_only=True) as store:
        assert store.schema_version() == 999
