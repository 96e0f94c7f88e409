"""`dyad analyze --engine spark` on local[2] gives the tables a local run gives, row for row."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from dyad.analyze import analyze
from dyad.store.tables import CONTRACT_TABLES
from tests.conftest import article

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (scripts/setup installs it)"),
]
TIMES = ("ingested_at", "seen_at")  # when a row was written, the one thing two runs never share


def tables(db: Path) -> dict[str, list[tuple]]:
    """Every contract table's rows (write times left out), in one order."""
    with duckdb.connect(str(db), read_only=True) as con:
        out = {}
        for table in CONTRACT_TABLES:
            columns = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall() if row[0] not in TIMES]
            out[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
        return out


def on_spark(paths: list[str], db: Path):
    from dyad.scale.spark import analyze_on_spark

    return analyze_on_spark(paths, db=db, master="local[2]")


def test_written_corpus_with_duplicates_and_bad_input_matches_a_local_run(tmp_path: Path, cli):
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(5):
        (folder / f"story{n}.txt").write_text(article(n))
    (folder / "story0-again.txt").write_text(article(0) + "\n\n\n")  # other bytes, the same cleaned article
    (folder / "feed.jsonl").write_text(json.dumps({"text": article(7), "outlet": "Feed"}) + "\nnot json\n")
    (folder / "empty.txt").write_text("")
    inputs = [str(folder), str(folder / "story1.txt")]  # one file twice: the same bytes twice in a run

    local, spark = tmp_path / "local.duckdb", tmp_path / "spark.duckdb"
    expected = analyze(inputs, db=local)
    got = on_spark(inputs, spark)

    assert tables(spark) == tables(local)
    assert sorted(got.stored) == sorted(expected.stored) and len(got.stored) == 6
    assert sorted(got.duplicates) == sorted(expected.duplicates)
    assert sorted(q.reason for q in got.quarantined) == sorted(q.reason for q in expected.quarantined)
    assert not (tmp_path / "spark.duckdb.staging").exists(), "the staging folder is removed after the import"

    again = on_spark(inputs, spark)  # re-ingesting is a no-op
    assert again.stored == [] and tables(spark) == tables(local)
    result = cli("analyze", str(folder), "--db", spark, "--engine", "spark", "--master", "local[2]", "--json")
    assert result.exit_code == 0 and '"stored": 0' in result.stdout


def test_seeds_on_spark_match_the_local_run(tmp_path: Path, seeds: Path, seed_db: Path):
    db = tmp_path / "spark.duckdb"
    on_spark([str(seeds)], db)
    assert tables(db) == tables(seed_db)


def test_dev_articles_on_spark_match_the_local_run(tmp_path: Path, dev_db: Path):
    from tests.conftest import DEV

    db = tmp_path / "spark.duckdb"
    on_spark([str(DEV)], db)
    assert tables(db) == tables(dev_db)


def test_a_glob_names_its_files(tmp_path: Path):
    from dyad.scale.spark import _globbed

    for name in ("b.warc.gz", "a.warc.gz", "c.txt"):
        (tmp_path / name).write_text("x")
    assert _globbed([f"{tmp_path}/*.warc.gz", "missing/*.txt"]) == [
        str(tmp_path / "a.warc.gz"), str(tmp_path / "b.warc.gz"), "missing/*.txt"]


def test_guided_groups_keep_the_order_and_shrink_towards_the_end():
    from dyad.scale.spark import MIN_PARTITION_INPUTS, guided_groups

    items = list(range(400))
    groups = guided_groups(items, 2)
    assert [item for group in groups for item in group] == items, "every input once, in input order"
    sizes = [len(group) for group in groups]
    assert sizes == sorted(sizes, reverse=True), "large partitions first, small ones last"
    assert sizes[0] == 100 and sizes[-1] <= MIN_PARTITION_INPUTS
    assert guided_groups([], 2) == [] and guided_groups([1], 2) == [[1]]


def test_a_daemon_without_a_warm_server_serves_by_itself(monkeypatch):
    from dyad.scale import warm

    monkeypatch.delenv(warm.SOCKET_VARIABLE, raising=False)
    assert warm.hand_over() is False
    monkeypatch.setenv(warm.SOCKET_VARIABLE, "/nonexistent/dyad-warm/socket")
    assert warm.hand_over() is False, "a server that is gone is no reason to fail: the daemon loads itself"


def test_the_daemon_spark_launches_is_forked_from_the_warm_server(tmp_path: Path):
    """What the JVM does with `dyad.scale.daemon`, by hand: launch it, read the port it listens on from its
    stdout, close its stdin to stop it. The daemon that answers is a child of the server that loaded the
    pipeline, and the launched process ends with it."""
    import os
    import subprocess
    import sys

    from dyad.scale import warm

    server = warm.start()
    try:
        daemon = subprocess.Popen([sys.executable, "-m", "dyad.scale.daemon"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, env=dict(os.environ), cwd=tmp_path)
        assert daemon.stdout is not None and daemon.stdin is not None
        port = int.from_bytes(daemon.stdout.read(4), "big")  # PySpark's daemon writes its port as an int
        assert 0 < port < 65536
        children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
        forked = children.read_text().split() if children.exists() else ["unknown"]
        assert forked, "the daemon listening on the port was forked by the warm server"
        daemon.stdin.close()  # Spark's way of stopping its daemon
        assert daemon.wait(timeout=60) == 0
    finally:
        server.close()
    assert warm.SOCKET_VARIABLE not in os.environ


def _fake_jvm_and_spark(root: Path) -> tuple[Path, Path]:
    """A java binary and a Spark home with two jars, enough to key an archive (nothing here is run)."""
    java = root / "jdk" / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text("#!/bin/sh\n")
    (root / "jdk" / "release").write_text('JAVA_VERSION="17.0.15"\n')
    jars = root / "spark" / "jars"
    jars.mkdir(parents=True)
    for name in ("spark-core.jar", "py4j.jar"):
        (jars / name).write_bytes(b"PK" + name.encode())
    return java, root / "spark"


def test_the_jvm_archive_key_follows_the_jvm_the_jars_and_the_options(tmp_path: Path):
    from dyad.scale.jvm import archive_key

    java, spark = _fake_jvm_and_spark(tmp_path)
    key = archive_key("-XX:+UseSerialGC", java, spark)
    assert archive_key("-XX:+UseSerialGC", java, spark) == key, "the same JVM, jars and options: the same key"
    assert archive_key("-XX:+UseParallelGC", java, spark) != key
    (tmp_path / "jdk" / "release").write_text('JAVA_VERSION="21.0.1"\n')
    upgraded_java = archive_key("-XX:+UseSerialGC", java, spark)
    assert upgraded_java != key
    (spark / "jars" / "spark-core.jar").write_bytes(b"PK another build")
    assert archive_key("-XX:+UseSerialGC", java, spark) not in (key, upgraded_java)


def test_a_truncated_or_foreign_jvm_archive_is_replaced_not_used(tmp_path: Path):
    from dyad.scale.jvm import ARCHIVE_FOLDER, DYNAMIC_ARCHIVE_MAGIC, archive_for

    java, spark = _fake_jvm_and_spark(tmp_path)
    cache = tmp_path / "cache"
    first = archive_for("-XX:+UseSerialGC", java=java, spark_home=spark, cache=cache)
    assert first.path is None and first.writing is not None, "no archive yet: this run's JVM writes one"
    assert f"-XX:ArchiveClassesAtExit={first.writing}" in first.options
    first.writing.write_bytes(DYNAMIC_ARCHIVE_MAGIC + bytes(1000))  # what the JVM leaves when it exits
    written = first.finish()
    assert written is not None and written.exists() and not first.writing.exists()

    again = archive_for("-XX:+UseSerialGC", java=java, spark_home=spark, cache=cache)
    assert again.path == written and f"-XX:SharedArchiveFile={written}" in again.options

    written.write_bytes(DYNAMIC_ARCHIVE_MAGIC + bytes(10))  # truncated: the JVM would crash mapping it
    truncated = archive_for("-XX:+UseSerialGC", java=java, spark_home=spark, cache=cache)
    assert truncated.path is None and truncated.writing is not None and not written.exists()

    foreign = cache / ARCHIVE_FOLDER / written.name  # the recorded size, but not an archive
    foreign.write_bytes(bytes(len(DYNAMIC_ARCHIVE_MAGIC) + 1000))
    assert archive_for("-XX:+UseSerialGC", java=java, spark_home=spark, cache=cache).path is None
    assert not foreign.exists()

    unfinished = archive_for("-XX:+UseSerialGC", java=java, spark_home=spark, cache=cache)
    assert unfinished.finish() is None, "a JVM that wrote nothing leaves no archive"


def test_a_local_driver_jvm_gets_the_quick_options_and_the_archive(tmp_path: Path, monkeypatch):
    import sys

    from pyspark import SparkContext

    from dyad.scale.jvm import archive_for
    from dyad.scale.spark import LOCAL_JVM_OPTIONS, spark_conf

    # A JVM left by an earlier test would lend the new conf its own settings: the conf a first run builds.
    monkeypatch.setattr(SparkContext, "_jvm", None)
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
    java, spark = _fake_jvm_and_spark(tmp_path)
    archive = archive_for(LOCAL_JVM_OPTIONS, java=java, spark_home=spark, cache=tmp_path / "cache")
    options = spark_conf("local[2]", archive.options).get("spark.driver.extraJavaOptions") or ""
    assert options.split() == [*LOCAL_JVM_OPTIONS.split(), *archive.options.split()]
    assert "-Xlog:cds*=off" in options.split(), "the JVM's CDS messages would land in the run's standard output"
    assert spark_conf("spark://cluster:7077", archive.options).get("spark.driver.extraJavaOptions") is None, (
        "a cluster's driver options are the cluster's")


def test_a_new_jvm_archive_deletes_other_keys_archives_unused_for_weeks(tmp_path: Path):
    import os
    import time

    from dyad.data_cache import STALE_DAYS
    from dyad.scale.jvm import ARCHIVE_FOLDER, DYNAMIC_ARCHIVE_MAGIC, archive_for

    java, spark = _fake_jvm_and_spark(tmp_path)
    cache = tmp_path / "cache"
    folder = cache / ARCHIVE_FOLDER
    folder.mkdir(parents=True)
    stale, recent = folder / "0123456789abcdef0123.1004.jsa", folder / "fedcba98765432100000.1004.jsa"
    for old in (stale, recent):
        old.write_bytes(DYNAMIC_ARCHIVE_MAGIC + bytes(1000))
    weeks_ago = time.time() - (STALE_DAYS + 1) * 86_400
    os.utime(stale, (weeks_ago, weeks_ago))
    first = archive_for("-XX:+UseSerialGC", java=java, spark_home=spark, cache=cache)
    first.writing.write_bytes(DYNAMIC_ARCHIVE_MAGIC + bytes(1000))
    written = first.finish()
    assert written is not None and written.exists()
    assert not stale.exists(), "another key's archive unused for weeks goes when a new one is written"
    assert recent.exists(), "another key's archive used lately (another checkout) stays"
