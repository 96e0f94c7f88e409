"""Bad input: each kind gets a quarantine row with its reason, the batch goes on, stored rows survive."""

from __future__ import annotations

import gzip
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from dyad.analyze import analyze
from tests.conftest import article, query
from tests.warc_helpers import html_page, warc_bytes

FRENCH = (
    "Les ministres des affaires étrangères de Norland et de Vesterie ont signé lundi à Genève un accord "
    "commercial qui met fin à deux années de négociations sur les quotas de pêche et l'accès aux ports. "
    "Selon la ministre, l'accord ouvrira de nouveaux marchés aux agriculteurs du nord du pays.\n"
) * 3


def write(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    return make


def sparse_file(folder: Path) -> Path:
    path = folder / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)
    return path


def fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def broken_manifest(folder: Path) -> Path:
    sub = folder / "with_manifest"
    sub.mkdir()
    (sub / "manifest.json").write_text("{not json")
    (sub / "story.txt").write_text(article(40))
    return sub


def corrupt_warc(folder: Path) -> Path:
    good = warc_bytes([("https://example.org/ok", "text/html", html_page(article(41)))])
    path = folder / "damaged.warc"
    path.write_bytes(good + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 9999\r\n\r\ntruncated")
    return path


def truncated_warc_gz(folder: Path) -> Path:
    data = warc_bytes(
        [
            ("https://example.org/a", "text/html", html_page(article(42))),
            ("https://example.org/b", "text/html", html_page(article(43))),
        ],
        gzip=True,
    )
    path = folder / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 200])
    return path


def warc_gz_cut_in_second_member(folder: Path) -> Path:
    """Two responses, one gzip member each (no request records): the cut falls inside the second member."""
    members = [
        warc_bytes([(f"https://example.org/{n}", "text/html", html_page(article(n)))], gzip=True, requests=False)
        for n in (46, 47)
    ]
    path = folder / "second.warc.gz"
    path.write_bytes(members[0] + members[1][: len(members[1]) // 2])
    return path


def warc_without_html(folder: Path) -> Path:
    path = folder / "images.warc"
    path.write_bytes(warc_bytes([("https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(40))]))
    return path


CASES = {
    "empty file": (write("empty.txt", b""), "ingest", "empty"),
    "whitespace only": (write("blank.txt", " \n\t\n"), "ingest", "empty"),
    "binary with NUL bytes": (write("blob.txt", bytes(range(256)) * 8), "ingest", "binary"),
    "PDF": (write("report.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"), "ingest", "unsupported_format"),
    "PNG image": (write("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(64)), "ingest", "unsupported_format"),
    "ZIP archive": (write("bundle.zip", b"PK\x03\x04" + bytes(64)), "ingest", "unsupported_format"),
    "50 MB file": (sparse_file, "ingest", "too_large"),
    "control-character garbage": (write("noise.txt", bytes(range(1, 9)) * 500), "clean", "undecodable"),
    "truncated HTML": (write("cut.html", b"<!DOCTYPE html><html><head><title>Norland"), "clean", "no_article_text"),
    "HTML with only navigation": (
        write("nav.html", b"<html><body><nav><a href='/'>Home</a><a href='/w'>World</a></nav></body></html>"),
        "clean",
        "empty_body",
    ),
    "only boilerplate text": (
        write("junk.txt", "Skip to content\nMenu\n\n3 Comments\n\nGreat!\n"),
        "clean",
        "empty_body",
    ),
    "broken JSONL line": (
        write("mixed.jsonl", json.dumps({"text": article(44)}) + "\n{broken\n"),
        "ingest",
        "invalid_json",
    ),
    "JSONL line with invalid UTF-8": (write("bad.jsonl", b'{"text": "caf\xff\xfe"}\n'), "ingest", "invalid_json"),
    "JSONL record without text": (
        write("notext.jsonl", '{"url": "https://example.org/x"}\n'),
        "ingest",
        "invalid_record",
    ),
    "JSONL record that is a list": (write("list.jsonl", '{"text": "x"}\n[1, 2]\n'), "ingest", "invalid_record"),
    "invalid JSON array": (write("batch.json", '[{"text": "unterminated'), "ingest", "invalid_json"),
    "JSON nested 100,000 deep": (write("deep.json", "[" * 100_000 + "]" * 100_000), "ingest", "invalid_json"),
    "JSONL line nested 100,000 deep": (
        write("deep.jsonl", json.dumps({"text": article(48)}) + "\n" + '{"a":' * 100_000 + "1" + "}" * 100_000),
        "ingest",
        "invalid_json",
    ),
    "empty JSON array": (write("nothing.json", "[]"), "ingest", "no_articles"),
    "JSON number": (write("count.txt", "1234"), "ingest", "invalid_record"),
    "JSON string": (write("quoted.txt", '"Norland and Vesteria signed a deal."'), "ingest", "invalid_record"),
    "WARC without HTML responses": (warc_without_html, "ingest", "no_articles"),
    "WARC.gz cut inside its second member": (warc_gz_cut_in_second_member, "ingest", "corrupt_warc"),
    "corrupt WARC record": (corrupt_warc, "ingest", "corrupt_warc"),
    "truncated WARC.gz": (truncated_warc_gz, "ingest", "corrupt_warc"),
    "corrupt gzip": (write("story.txt.gz", b"\x1f\x8b\x08\x00" + b"garbage" * 10), "ingest", "corrupt_gzip"),
    "missing path": (lambda folder: folder / "does-not-exist.txt", "ingest", "not_found"),
    "dangling symlink": (lambda folder: _symlink(folder), "ingest", "not_found"),
    "named pipe": (fifo, "ingest", "not_a_file"),
    "path too long": (lambda folder: folder / ("x" * 300 + ".txt"), "ingest", "unreadable"),
    "NUL byte in the path": (lambda folder: Path(f"{folder}/bad\0name.txt"), "ingest", "unreadable"),
    "broken manifest.json": (broken_manifest, "ingest", "invalid_manifest"),
    "non-English article": (write("french.txt", FRENCH), "parse", "not_english"),
    "body too long to parse": (write("long.txt", article(45) * 1400), "parse", "too_long_to_parse"),
}


def _symlink(folder: Path) -> Path:
    link = folder / "gone.txt"
    link.symlink_to(folder / "nowhere.txt")
    return link


@pytest.fixture
def seeded_db(tmp_path: Path) -> Path:
    """A database that already holds one good article, to prove bad input never harms stored rows."""
    db = tmp_path / "seeded.duckdb"
    (tmp_path / "first.txt").write_text(article(0))
    summary = analyze([str(tmp_path / "first.txt")], db=db)
    assert len(summary.stored) == 1
    return db


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_is_quarantined_and_the_batch_goes_on(case: str, seeded_db: Path, tmp_path: Path):
    make, stage, reason = CASES[case]
    bad_folder = tmp_path / "bad"
    bad_folder.mkdir()
    bad = make(bad_folder)
    (tmp_path / "after.txt").write_text(article(99))
    before = query(seeded_db, "SELECT doc_id, body FROM documents")

    summary = analyze([str(bad), str(tmp_path / "after.txt")], db=seeded_db)

    reasons = {(q.stage, q.reason) for q in summary.quarantined}
    assert (stage, reason) in reasons
    stored = query(seeded_db, "SELECT stage, reason, detail FROM quarantine")
    assert any((s, r) == (stage, reason) and d for s, r, d in stored), "quarantine row with a detail"
    after = query(seeded_db, "SELECT doc_id, body FROM documents")
    assert set(before) <= set(after), "earlier rows survive"
    assert any("Report number 99." in body for _, body in after), "the good input after the bad one is stored"


def test_parts_of_damaged_containers_are_kept(seeded_db: Path, tmp_path: Path):
    analyze([str(corrupt_warc(tmp_path)), str(broken_manifest(tmp_path))], db=seeded_db)
    urls = {row[0] for row in query(seeded_db, "SELECT url FROM documents")}
    assert "https://example.org/ok" in urls
    bodies = [row[0] for row in query(seeded_db, "SELECT body FROM documents")]
    assert any("Report number 40." in b for b in bodies), "files beside a broken manifest are still read"


def test_non_english_article_is_stored_unparsed(seeded_db: Path, tmp_path: Path):
    path = write("french.txt", FRENCH)(tmp_path)
    analyze([str(path)], db=seeded_db)
    [(language, parsed, sentences)] = query(
        seeded_db, "SELECT language, parsed, n_sentences FROM documents WHERE language <> 'en'"
    )
    assert (language, parsed, sentences) == ("fr", False, 0)


def test_rerunning_bad_input_adds_no_duplicate_quarantine_rows(seeded_db: Path, tmp_path: Path):
    path = write("empty.txt", b"")(tmp_path)
    analyze([str(path)], db=seeded_db)
    analyze([str(path)], db=seeded_db)
    assert query(seeded_db, "SELECT count(*) FROM quarantine") == [(1,)]


def test_gzipped_text_too_large_when_unpacked(seeded_db: Path, tmp_path: Path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 2_000_000))
    summary = analyze([str(path)], db=seeded_db, settings=_small_limit())
    assert [(q.stage, q.reason) for q in summary.quarantined] == [("ingest", "too_large")]


def _small_limit():
    from dyad.analyze import AnalyzeSettings

    return AnalyzeSettings(max_bytes=1_000_000)


def test_a_warc_gz_cut_inside_its_second_member_keeps_the_first(seeded_db: Path, tmp_path: Path):
    summary = analyze([str(warc_gz_cut_in_second_member(tmp_path))], db=seeded_db)
    assert [q.reason for q in summary.quarantined] == ["corrupt_warc"]
    assert "https://example.org/46" in {row[0] for row in query(seeded_db, "SELECT url FROM documents")}


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-16-le"),
        lambda text: text.encode("utf-16-be"),
        lambda text: text[:200].encode() + b"\x00\x00\x00" + text[200:].encode(),
    ],
    ids=["UTF-16LE without BOM", "UTF-16BE without BOM", "a few NUL bytes"],
)
def test_small_flaws_in_the_bytes_do_not_lose_the_article(encode, seeded_db: Path, tmp_path: Path):
    path = tmp_path / "flawed.txt"
    path.write_bytes(encode(article(49)))
    summary = analyze([str(path)], db=seeded_db)
    assert summary.quarantined == [] and len(summary.stored) == 1
    [(body,)] = query(seeded_db, f"SELECT body FROM documents WHERE doc_id = '{summary_doc_id(path)}'")
    assert "Report number 49." in body and "\x00" not in body


def summary_doc_id(path: Path) -> str:
    from dyad.records import content_hash

    return content_hash(path.read_bytes())


# --- the Python API: settings and paths that cannot work are refused up front ----------------------------


@pytest.mark.parametrize("setting", [{"batch_size": 0}, {"workers": 0}, {"max_bytes": -1}, {"article_seconds": 0}])
def test_settings_that_cannot_work_are_refused(setting: dict):
    from dyad.analyze import AnalyzeSettings
    from dyad.errors import InvalidSettingError

    with pytest.raises(InvalidSettingError, match=next(iter(setting))):
        AnalyzeSettings(**setting)


@pytest.mark.parametrize(
    "as_given", [str, Path, lambda p: [Path(p)], lambda p: (str(p),)], ids=["str", "Path", "[Path]", "(str,)"]
)
def test_one_path_or_a_list_of_paths(as_given, tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text(article(51))
    summary = analyze(as_given(path), db=tmp_path / "api.duckdb")
    assert summary.inputs == 1 and len(summary.stored) == 1
    assert query(tmp_path / "api.duckdb", "SELECT source FROM documents") == [(str(path),)]


def test_a_database_whose_migration_record_was_deleted_is_a_clear_error(tmp_path: Path):
    from dyad.errors import DyadError
    from dyad.store import Store

    db = tmp_path / "edited.duckdb"
    Store(db).close()
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM schema_migrations")
    with pytest.raises(DyadError, match="schema_migrations record is empty"):
        Store(db)


# --- a per-article time budget: one slow article costs a row, not the batch ------------------------------

SLOW_MARK = "Report number 52."


def _slow_on_mark(work):
    def run(first, *rest):
        text = first.body if hasattr(first, "body") else first.content.decode("utf-8", "replace")
        if SLOW_MARK in text:
            time.sleep(60)  # interrupted by the budget's alarm long before it ends
        return work(first, *rest)

    return run


@pytest.mark.parametrize(
    ("stage_function", "stage", "reason", "stored"),
    [
        ("extract_records", "parse", "too_slow_to_parse", True),
        ("clean", "clean", "too_slow_to_clean", False),
    ],
)
def test_an_article_over_its_time_budget_is_quarantined_and_the_rest_go_on(
    stage_function: str, stage: str, reason: str, stored: bool, tmp_path: Path, monkeypatch
):
    import dyad.pipeline
    from dyad.analyze import AnalyzeSettings

    db = tmp_path / "budget.duckdb"
    (tmp_path / "warm-up.txt").write_text(article(57))
    analyze(tmp_path / "warm-up.txt", db=db)  # loads what the stages load once, outside the short budget
    monkeypatch.setattr(dyad.pipeline, stage_function, _slow_on_mark(getattr(dyad.pipeline, stage_function)))
    folder = tmp_path / "stories"
    folder.mkdir()
    for n in (52, 53):
        (folder / f"story{n}.txt").write_text(article(n))
    summary = analyze(folder, db=db, settings=AnalyzeSettings(article_seconds=3))
    assert [(q.stage, q.reason) for q in summary.quarantined] == [(stage, reason)]
    rows = query(db, "SELECT parsed, n_sentences > 0 FROM documents WHERE source LIKE '%story%' ORDER BY source")
    assert rows == ([(False, False)] if stored else []) + [(True, True)]


def test_html_nested_ten_thousand_levels_still_gives_its_text(tmp_path: Path):
    paragraphs = "".join(f"<p>{p}</p>" for p in article(54).split("\n\n"))
    path = tmp_path / "deep.html"
    path.write_text(f"<html><body>{'<div>' * 10_000}{paragraphs}{'</div>' * 10_000}</body></html>")
    summary = analyze(path, db=tmp_path / "deep.duckdb")
    assert summary.quarantined == []
    [(body,)] = query(tmp_path / "deep.duckdb", "SELECT body FROM documents")
    assert body.count("\n") >= 3 and "Report number 54." in body, "every paragraph, each on its own"


@pytest.mark.parametrize("relative", ["yesterday", "3 days ago", "last Friday", "today"])
def test_a_relative_publication_date_in_metadata_is_refused_not_taken_as_the_run_day(relative: str, tmp_path: Path):
    path = tmp_path / "dated.jsonl"
    records = [{"text": article(55), "published": relative}, {"text": article(56), "published": "4 March 2024"}]
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    analyze(path, db=tmp_path / "dated.duckdb")
    rows = query(tmp_path / "dated.duckdb", "SELECT published::VARCHAR FROM documents ORDER BY source")
    assert rows == [(None,), ("2024-03-04",)]


def test_the_budget_leaves_an_alarm_set_by_the_caller_running():
    import signal

    from dyad.pipeline import within_budget

    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        assert within_budget(5, sum, [1, 2]) == 3
        time.sleep(1)  # the caller's alarm, still pending, fires during this sleep
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == [signal.SIGALRM]
