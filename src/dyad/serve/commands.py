"""The commands that write or hand on the record: analyze, migrate, rebuild, status, export and serve. The
pipeline, the exports and the server are imported inside the commands that run them, so that the reading
commands start without them (tests/test_startup.py)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from dyad.errors import REASONS, DyadError
from dyad.ingest import DEFAULT_MAX_BYTES
from dyad.serve.options import DbOption, JsonOption, date_option, read
from dyad.serve.output import err, fail, out, print_json, print_table
from dyad.store import DEFAULT_DB, Store

if TYPE_CHECKING:
    from rich.console import Console

    from dyad.analyze import RunSummary
    from dyad.records import Quarantine
    from dyad.store import BatchOutcome


class Engine(StrEnum):
    local = "local"
    spark = "spark"



def analyze_command(
    paths: Annotated[list[str], typer.Argument(help="Article files or folders (text, HTML, JSONL, WARC); - is stdin.")],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int, typer.Option(min=1, help="spaCy processes.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per store transaction.")] = 32,
    max_bytes: Annotated[int, typer.Option(min=1, help="Larger inputs are quarantined.")] = DEFAULT_MAX_BYTES,
    strict: Annotated[bool, typer.Option(help="Exit 1 if anything was quarantined.")] = False,
    include: Annotated[
        list[str] | None,
        typer.Option(help="Glob of folder files to take (repeatable; default: the article file types)."),
    ] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Glob of folder files to pass over (repeatable).")] = None,
    as_json: JsonOption = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each committed batch.")] = False,
    engine: Annotated[Engine, typer.Option(help="local: this process; spark: Apache Spark partitions.")] = Engine.local,
    master: Annotated[str | None, typer.Option(
        help="Spark master (local[N], spark://host:port); default local[2], or spark-submit's.")] = None,
    staging: Annotated[str | None, typer.Option(
        help="Spark: folder every executor can write (default DB.staging beside the database).")] = None,
) -> None:
    """Read, clean, parse and extract every article under PATHS into the database."""
    if engine is Engine.spark:
        from dyad.scale import warm

        warm.start_early(master)  # on a local master the pipeline loads from now on, beside the imports below
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from dyad.analyze import AnalyzeSettings, RunHooks, analyze
    from dyad.ingest import Selection

    selection = Selection(include=tuple(include or ()), exclude=tuple(exclude or ()))
    settings = AnalyzeSettings(workers=workers, batch_size=batch_size, max_bytes=max_bytes, selection=selection)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("inputs"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=as_json,
    )
    task = progress.add_task("analyzing", total=None)
    hooks = RunHooks(
        on_start=lambda total: progress.update(task, total=total),
        on_input=lambda path: progress.advance(task),
        on_quarantine=lambda item: progress.console.print(
            _quarantine_line(item), highlight=False, markup=False, soft_wrap=True
        ),
        on_commit=lambda outcome: _log_commit(progress.console, outcome) if verbose else None,
    )
    try:
        with progress:
            if engine is Engine.spark:
                from dyad.scale.spark import analyze_on_spark, submitted_master

                summary = analyze_on_spark(paths, db=db, master=master or submitted_master(), staging=staging,
                                           settings=settings, hooks=hooks)
            else:
                summary = analyze(paths, db=db, settings=settings, hooks=hooks)
    except DyadError as error:
        raise fail(str(error)) from error
    _report_run(summary, db, as_json)
    if summary.processed == 0 or (strict and summary.quarantined):
        raise typer.Exit(code=1)


def _quarantine_line(item: Quarantine) -> str:
    return f"quarantined {item.source}: {item.stage}/{item.reason}: {item.detail or REASONS[item.reason]}"


def _log_commit(console: Console, outcome: BatchOutcome) -> None:
    console.print(
        f"committed batch: {len(outcome.stored)} stored, {len(outcome.duplicates)} duplicates, "
        f"{outcome.quarantined} quarantined",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


def _report_run(summary: RunSummary, db: str, as_json: bool) -> None:
    reasons: dict[str, int] = {}
    for item in summary.quarantined:
        reasons[f"{item.stage}/{item.reason}"] = reasons.get(f"{item.stage}/{item.reason}", 0) + 1
    if as_json:
        print_json(
            {
                "db": db,
                "inputs": summary.inputs,
                "stored": len(summary.stored),
                "already_stored": len(summary.already_stored),
                "duplicates": len(summary.duplicates),
                "quarantined": len(summary.quarantined),
                "quarantine_reasons": reasons,
                "skipped": summary.skipped,
                "stored_doc_ids": summary.stored,
            }
        )
        return
    table = Table(title=f"dyad analyze → {db}", show_header=False)
    table.add_row("inputs read", str(summary.inputs))
    table.add_row("articles stored", str(len(summary.stored)))
    table.add_row("already in the database", str(len(summary.already_stored)))
    table.add_row("duplicates of stored articles", str(len(summary.duplicates)))
    table.add_row("quarantined", str(len(summary.quarantined)))
    for reason, count in sorted(reasons.items()):
        table.add_row(f"  {reason}", str(count))
    if summary.skipped:
        table.add_row("skipped, not taken as articles", str(len(summary.skipped)))
        for path in summary.skipped:
            table.add_row(f"  {path}", "")
    out.print(table)
    if summary.processed == 0:
        err.print("[bold red]nothing was analysed[/]: every input was quarantined or none was given")



def migrate(db: DbOption = DEFAULT_DB) -> None:
    """Bring a database written by an older Dyad up to this version's schema (nothing else changes)."""
    if not Path(db).exists():
        raise fail(f"no Dyad database at {db}")
    try:
        with Store(db) as store:
            version = store.schema_version()
    except DyadError as error:
        raise fail(str(error)) from error
    out.print(f"{db} is at schema version {version}")


def rebuild(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Run the corpus steps (people, event clusters, commitments, claims) over every stored article again, as
    if all were new; 'dyad analyze' does them only where new articles touch, with the same result."""
    from dyad.analyze import rebuild_corpus

    if not Path(db).exists():
        raise fail(f"no Dyad database at {db}")
    try:
        with Store(db) as store:
            summary = rebuild_corpus(store)
    except DyadError as error:
        raise fail(str(error)) from error
    if as_json:
        print_json({"db": db, "documents": summary.documents, "links": summary.links,
                    "events": summary.reclustered, "claim_links": summary.claims})
        return
    out.print(f"{db}: corpus steps rebuilt over {summary.documents} articles ({summary.reclustered} event "
              f"mentions clustered, {summary.links} people joined, {summary.claims} claim links)")


def status(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Rows per table and what was quarantined, by stage and reason."""
    counts, quarantine, version = read(db, lambda s: (s.counts(), s.quarantine_summary(), s.schema_version()))
    if as_json:
        print_json({"db": db, "schema_version": version, "counts": counts, "quarantine": quarantine})
        return
    table = Table(title=f"{db} (schema v{version})")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    out.print(table)
    if quarantine:
        print_table("quarantine", ["stage", "reason", "n", "example"],
                     [[r["stage"], r["reason"], r["n"], r["example"]] for r in quarantine])



def export_command(
    format_: Annotated[str, typer.Option("--format", help="jsonl, csv, parquet, plover or graphml.")],
    out: Annotated[Path, typer.Option("--out", help="File to write (a folder for every table at once).")],
    db: DbOption = DEFAULT_DB,
    table: Annotated[str | None, typer.Option(help="One table or the clusters view (jsonl, csv, parquet).")] = None,
    vectors: Annotated[bool, typer.Option("--vectors", help="Keep the events' sentence vectors.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="graphml: relations held on, events up to this "
                                              "date (YYYY-MM-DD).")] = None,
) -> None:
    """Write the record for other tools: tables as JSON Lines, CSV or Parquet; events as PLOVER records;
    the alignment graph as GraphML."""
    from dyad.serve.export import export

    when = date_option(as_of, "--as-of")
    written = read(db, lambda store: export(store, fmt=format_, out=out, table=table, vectors=vectors, as_of=when))
    for path in written.paths:
        err.print(f"wrote {path}")
    for note in written.notes:
        err.print(note, highlight=False, markup=False)


def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Interface to listen on; the default is this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            help="Also answer requests whose Host header is NAME (repeatable; localhost, 127.0.0.1 and ::1 always "
            "are). Needed with --host 0.0.0.0; '*' turns the check off (behind a proxy that checks it).",
            metavar="NAME",
        ),
    ] = None,
    cors: Annotated[bool, typer.Option("--cors", help="Let web pages from any origin read the API (GET).")] = False,
) -> None:
    """The read-only HTTP API (OpenAPI docs at /docs) and the web UI at /, over the database."""
    import uvicorn

    from dyad.serve.api import create_app
    from dyad.serve.security import DEFAULT_ALLOWED_HOSTS, server_options

    try:
        application = create_app(db, allowed_hosts=[*DEFAULT_ALLOWED_HOSTS, *(allow_host or [])], cors=cors)
    except DyadError as error:
        raise fail(str(error)) from error
    err.print(f"Dyad on http://{host}:{port}/ (API docs: /docs), reading {db} read-only; Ctrl-C stops.")
    uvicorn.run(application, host=host, port=port, log_level="warning", **server_options())

