"""`dyad analyze --engine spark`: the per-document pipeline in Spark partitions, one import, the corpus steps.

The driver lists the inputs (files, folders, globs) and the article ids the database already holds; each
partition reads its inputs and stages every table's rows as Parquet (`dyad.scale.partition`); the driver then
imports them into DuckDB in one transaction and runs the same corpus steps as a local run. The tables end as
a local run of the same inputs leaves them.
"""

from __future__ import annotations

import contextlib
import glob
import math
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dyad.analyze import AnalyzeSettings, RunHooks, RunSummary, run_corpus_steps
from dyad.ingest import expand_paths
from dyad.ingest.files import Input
from dyad.scale import jvm, warm
from dyad.scale.partition import PartitionJob, PartitionSummary
from dyad.store import Store

if TYPE_CHECKING:
    from pyspark import SparkConf, SparkContext

    from dyad.records import Quarantine

# Partition sizes: each takes this share of the inputs not yet given out, per core ("guided" scheduling), so
# the first partitions are large (few tasks, little overhead per task) and the last ones small, so that the
# cores finish together and one slow article cannot hold a core for long at the end.
GUIDED_SHARE = 0.5
MIN_PARTITION_INPUTS = 2
LOCAL_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
# How long a run that wrote the class-data archive waits for its JVM to write it and exit (seconds of its
# first run only; a JVM still writing after that is left to finish, and its archive to the next writer).
ARCHIVE_WRITE_SECONDS = 300.0


def analyze_on_spark(
    paths: Iterable[str],
    *,
    db: str | Path,
    master: str | None = "local[2]",
    staging: str | Path | None = None,
    settings: AnalyzeSettings | None = None,
    hooks: RunHooks | None = None,
) -> RunSummary:
    """Analyse the inputs with Spark (`master` None: the one spark-submit gives) into the database `db`.

    `staging` (default: `<db>.staging/` beside the database) must be a folder the driver and every executor
    see (a local disk for local[N], a shared filesystem on a cluster); it is emptied first and removed after
    a successful import."""
    settings = settings or AnalyzeSettings()
    hooks = hooks or RunHooks()
    local = master is not None and master.startswith("local")
    # On a local master, the pipeline loads while the JVM starts (dyad.scale.warm), not after it.
    server = warm.start() if local else None
    try:
        return _analyze(paths, db, master, staging, settings, hooks, server)
    finally:
        if server:
            server.close()


def _analyze(paths: Iterable[str], db: str | Path, master: str | None, staging: str | Path | None,
             settings: AnalyzeSettings, hooks: RunHooks, server: warm.WarmServer | None) -> RunSummary:
    found = expand_paths(_globbed(paths), selection=settings.selection)
    inputs, problems = found.inputs, found.problems
    summary = RunSummary(inputs=len(inputs), skipped=found.skipped)
    # The JVM starts now (the run waits for it longest, beside the pipeline's load), while the driver opens
    # the database and reads the ids it holds.
    driver = SparkDriver.start(master) if inputs else None
    folder = Path(staging) if staging else Path(f"{db}.staging")
    try:
        hooks.on_start(len(inputs))
        shutil.rmtree(folder, ignore_errors=True)
        with Store(db) as store:  # fails early, with the usual message, if another process holds the database
            known = frozenset(store.known_doc_ids())
        job = PartitionJob(str(folder.resolve()), known, settings.max_bytes, settings.batch_size,
                           settings.article_seconds)
        parts = _run_partitions(driver.context, list(enumerate(inputs)), job) if driver else []
    except BaseException:
        if driver:
            driver.stop()
        raise
    # The map stage is over: the context stops (and a first run's JVM writes its archive) while the staged
    # rows are imported, which needs nothing of Spark.
    stopping = threading.Thread(target=driver.stop, name="dyad-spark-stop") if driver else None
    if stopping:
        stopping.start()
    try:
        return _import(summary, parts, inputs, problems, folder, db, hooks, server)
    finally:
        if stopping:
            stopping.join()


def _import(summary: RunSummary, parts: list[PartitionSummary], inputs: list[Input], problems: list[Quarantine],
            folder: Path, db: str | Path, hooks: RunHooks, server: warm.WarmServer | None) -> RunSummary:
    for part in parts:
        summary.already_stored.extend(part.already_stored)
        summary.duplicates.extend(part.duplicates)
    if server:
        server.close()  # its memory (a loaded pipeline) back before the import
    for item in inputs:
        hooks.on_input(item.path)
    with Store(db) as store:
        outcome, quarantined = store.import_staged(folder)
        store.write_batch([], problems)
        hooks.on_commit(outcome)
        run_corpus_steps(store)
    summary.stored.extend(outcome.stored)
    summary.duplicates.extend(outcome.duplicates)
    for item in [*problems, *quarantined]:
        summary.quarantined.append(item)
        hooks.on_quarantine(item)
    shutil.rmtree(folder, ignore_errors=True)
    return summary


def _globbed(paths: Iterable[str]) -> list[str]:
    """Paths as given, a glob pattern ("crawl/*.warc.gz") expanded in name order; a pattern that matches
    nothing is kept, so that reading it reports it as not found."""
    out: list[str] = []
    for path in paths:
        matches = sorted(glob.glob(path)) if glob.has_magic(path) else []  # noqa: PTH207 (absolute patterns)
        out.extend(matches or [path])
    return out


def _run_partitions(context: SparkContext, inputs: list[tuple[int, Input]], job: PartitionJob,
                    ) -> list[PartitionSummary]:
    groups = guided_groups(inputs, context.defaultParallelism)
    return context.parallelize(groups, len(groups)).mapPartitionsWithIndex(job).collect()


def guided_groups[T](items: list[T], cores: int) -> list[list[T]]:
    """items cut, in order, into one group per partition, each GUIDED_SHARE of what is left per core."""
    groups: list[list[T]] = []
    start = 0
    while start < len(items):
        size = max(MIN_PARTITION_INPUTS, math.ceil((len(items) - start) * GUIDED_SHARE / max(cores, 1)))
        groups.append(items[start:start + size])
        start += size
    return groups


@dataclass(slots=True)
class SparkDriver:
    """The run's Spark context, and on a local master the class-data archive its JVM uses or writes."""

    context: SparkContext
    archive: jvm.JvmArchive
    launched_jvm: bool  # this run started the JVM (a context before it in this process leaves one running)

    @classmethod
    def start(cls, master: str | None) -> SparkDriver:
        from pyspark import SparkContext

        local = master is not None and master.startswith("local")
        launching = SparkContext._gateway is None
        # The options reach a JVM only when this run starts it; then its start is read from the archive.
        archive = jvm.archive_for(LOCAL_JVM_OPTIONS) if local and launching else jvm.JvmArchive("", None)
        threading.Thread(target=_import_converters, name="dyad-spark-imports", daemon=True).start()
        return cls(spark_context(master, archive.options), archive, launching)

    def stop(self) -> None:
        """Stop the context; after the run that writes the archive, also the JVM, so that it writes it."""
        self.context.stop()
        if self.archive.writing is None or not self.launched_jvm:
            return
        if _exit_jvm():
            self.archive.finish()


def _import_converters() -> None:
    """While the JVM starts: what the driver would otherwise import after it. py4j's argument converters
    import PySpark's testing helpers (and pandas, pyarrow with them) at the first call into the JVM, and the
    staged import's first Arrow table imports pyarrow's pandas shim."""
    with contextlib.suppress(ImportError):
        import pyarrow.pandas_compat  # noqa: F401
        import pyspark.testing.utils  # noqa: F401


def _exit_jvm() -> bool:
    """End the JVM this process launched (it exits when its standard input closes) and wait for it: True
    once it has exited cleanly. The next context of this process launches a new one."""
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    process: subprocess.Popen[bytes] | None = getattr(gateway, "proc", None)
    if gateway is None or process is None or process.stdin is None:
        return False
    with contextlib.suppress(Exception):  # py4j raises whatever the closing connection gives
        gateway.shutdown()
    SparkContext._gateway = None
    SparkContext._jvm = None
    process.stdin.close()
    try:
        return process.wait(timeout=ARCHIVE_WRITE_SECONDS) == 0
    except subprocess.TimeoutExpired:
        return False


def spark_context(master: str | None, jvm_options: str = "") -> SparkContext:
    """A Spark context for Dyad (`spark_conf`)."""
    from pyspark import SparkContext

    context = SparkContext.getOrCreate(spark_conf(master, jvm_options))
    context.setLogLevel("ERROR")
    return context


def spark_conf(master: str | None, jvm_options: str = "") -> SparkConf:
    """Dyad's Spark settings: no web UI; on local[N], executors run this Python and bind to loopback, and the
    JVM runs with LOCAL_JVM_OPTIONS and `jvm_options` (unless the driver's JVM options are set already)."""
    from pyspark import SparkConf

    conf = SparkConf().setAppName("dyad analyze").set("spark.ui.enabled", "false")
    conf.set("spark.python.worker.reuse", "true")  # a worker process runs task after task
    conf.set("spark.python.daemon.module", "dyad.scale.daemon")  # one pipeline load per executor
    if master:
        conf.setMaster(master)
    if master and master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors run the driver's Python
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
        if warm.SOCKET_VARIABLE in os.environ:
            # Through the conf too: a JVM that outlives its context (a second run in one process) launches
            # the next daemon with the environment it started with, and the conf's settings.
            conf.set(f"spark.executorEnv.{warm.SOCKET_VARIABLE}", os.environ[warm.SOCKET_VARIABLE])
        if not conf.contains("spark.driver.extraJavaOptions"):
            # In local mode the JVM only schedules tasks and moves bytes while Python does the work: its
            # optimising compiler and parallel collector would take CPU from the workers (half its start-up).
            conf.set("spark.driver.extraJavaOptions", f"{LOCAL_JVM_OPTIONS} {jvm_options}".strip())
    return conf


def submitted_master() -> str | None:
    """None under spark-submit (its --master applies: PySpark's gateway is already running), else local[2]."""
    return None if "PYSPARK_GATEWAY_PORT" in os.environ else "local[2]"
