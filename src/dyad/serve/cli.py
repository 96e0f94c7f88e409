"""The `dyad` command: a thin layer over dyad.analyze and dyad.store that prints tables or JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from dyad import __version__
from dyad.analyze import AnalyzeSettings, RunHooks, RunSummary, analyze
from dyad.errors import REASONS, DyadError
from dyad.ingest import DEFAULT_MAX_BYTES, Selection
from dyad.records import Quarantine
from dyad.serve.brief import BriefOptions, build_brief, to_html, to_markdown
from dyad.serve.export import export
from dyad.store import DEFAULT_DB, BatchOutcome, DocumentFilter, EventFilter, QuoteFilter, Store

app = typer.Typer(
    help="Dyad: news coverage of international relations as a source-cited record.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

class Engine(StrEnum):
    local = "local"
    spark = "spark"


DbOption = Annotated[str, typer.Option("--db", help="Database file.", envvar="DYAD_DB")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _version(value: bool) -> None:
    if value:
        out.print(f"dyad {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")] = False,
) -> None:
    """Analyse news articles into a DuckDB database, then list, show and query what was found."""


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code=2)


def _read[T](db: str, query: Callable[[Store], T]) -> T:
    """Run a read-only query against the database; a DyadError becomes a clean CLI error."""
    try:
        with Store(db, read_only=True) as store:
            return query(store)
    except DyadError as error:
        raise _fail(str(error)) from error


def _print_table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    """A table whose first column (an id) never wraps; None shows as a dash."""
    table = Table(title=title)
    table.add_column(columns[0], no_wrap=True)
    for column in columns[1:]:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("–" if value is None else str(value) for value in row))
    out.print(table)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


@app.command("analyze")
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
        raise _fail(str(error)) from error
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
        _print_json(
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


@app.command()
def status(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Rows per table and what was quarantined, by stage and reason."""
    counts, quarantine, version = _read(db, lambda s: (s.counts(), s.quarantine_summary(), s.schema_version()))
    if as_json:
        _print_json({"db": db, "schema_version": version, "counts": counts, "quarantine": quarantine})
        return
    table = Table(title=f"{db} (schema v{version})")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    out.print(table)
    if quarantine:
        _print_table("quarantine", ["stage", "reason", "n", "example"],
                     [[r["stage"], r["reason"], r["n"], r["example"]] for r in quarantine])


@app.command()
def documents(
    db: DbOption = DEFAULT_DB,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (case-insensitive).")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 100,
    as_json: JsonOption = False,
) -> None:
    """List stored documents."""
    where = DocumentFilter(
        outlet=outlet, since=_date_option(since, "--since"), until=_date_option(until, "--until"), limit=limit
    )
    rows = _read(db, lambda store: store.documents(where))
    if as_json:
        _print_json(rows)
        return
    _print_table(
        f"{len(rows)} documents",
        ["doc_id", "outlet", "published", "title", "lang", "words", "sentences"],
        [[r["doc_id"], r["outlet"], r["published"], (r["title"] or "")[:60], r["language"], r["n_words"],
          r["n_sentences"]] for r in rows],
    )


def _date_option(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise _fail(f"{name} takes a date as YYYY-MM-DD, not {value!r}") from error


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="Document id (or a unique prefix).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """A document's metadata, cleaned body, and every span cleaning removed with its reason."""
    row = _read(db, lambda store: store.document(doc))
    if as_json:
        _print_json(row)
        return
    meta = Table(show_header=False, title=row["doc_id"])
    for key in (
        "source",
        "outlet",
        "title",
        "author",
        "published",
        "published_source",
        "language",
        "encoding",
        "n_words",
        "n_sentences",
    ):
        meta.add_row(key, str(row[key]) if row[key] is not None else "–")
    out.print(meta)
    out.rule("body")
    out.print(row["body"], highlight=False, markup=False)
    out.rule(f"removed ({len(row['removed_spans'] or [])} spans)")
    for span in row["removed_spans"] or []:
        text = span["text"] if len(span["text"]) <= 300 else span["text"][:300] + f"… [{len(span['text']):,} chars]"
        out.print(f"[bold]{span['reason']}[/]: ", end="")
        out.print(text, highlight=False, markup=False)


@app.command()
def actors(
    db: DbOption = DEFAULT_DB,
    kind: Annotated[str | None, typer.Option(help="state, igo, institution, person, group, place or outlet.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 100,
    as_json: JsonOption = False,
) -> None:
    """Actors in the database, most mentioned first."""
    rows = _read(db, lambda store: store.actors(kind=kind, limit=limit))
    if as_json:
        _print_json(rows)
        return
    _print_table(
        f"{len(rows)} actors" + (f" of kind {kind}" if kind else ""),
        ["actor_id", "kind", "name", "country", "roles", "mentions", "documents"],
        [[r["actor_id"], r["kind"], r["name"], r["country"], "; ".join(r["roles"] or []), r["mentions"],
          r["documents"]] for r in rows],
    )


@app.command()
def actor(
    key: Annotated[str, typer.Argument(help="Actor id, name or alias (Washington, EEU, Lavrov).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """One actor's profile: names used, roles, country, mentions per article, first and last seen."""
    profile = _read(db, lambda store: store.actor(key))
    if as_json:
        _print_json(profile)
        return
    head = Table(show_header=False, title=f"{profile['name']} ({profile['actor_id']})")
    head.add_row("kind", profile["kind"])
    head.add_row("country", profile["country"] or "–")
    head.add_row("roles", "; ".join(profile["roles"] or []) or "–")
    head.add_row("names used", ", ".join(f"{n['surface']} ×{n['n']}" for n in profile["names_used"]) or "–")
    head.add_row("resolved by", ", ".join(f"{n['how_resolved']} ×{n['n']}" for n in profile["resolved_by"]) or "–")
    undated = "– (no article that mentions it has a publication date)"
    head.add_row("first seen", str(profile["first_seen"] or undated))
    head.add_row("last seen", str(profile["last_seen"] or undated))
    out.print(head)
    _print_table(
        "mentions per article",
        ["doc_id", "outlet", "published", "title", "mentions"],
        [[r["doc_id"], r["outlet"], r["published"], (r["title"] or "")[:50], r["mentions"]]
         for r in profile["documents"]],
    )


@app.command()
def quotes(
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[str | None, typer.Option(help="Speaker: actor id, name or alias.")] = None,
    about: Annotated[str | None, typer.Option(help="Only quotes that mention this actor.")] = None,
    doc: Annotated[str | None, typer.Option(help="Only this document (id or prefix).")] = None,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0, help="Attribution confidence.")] = 0.0,
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 1000,
    as_json: JsonOption = False,
) -> None:
    """Who said what: quotes and reported speech grouped by speaker, with outlet and context."""
    where = QuoteFilter(speaker=speaker, about=about, doc=doc, min_confidence=min_confidence, limit=limit)
    rows = _read(db, lambda store: store.quotes(where))
    if as_json:
        _print_json(rows)
        return
    current = object()
    for row in rows:
        if row["speaker_name"] != current:
            current = row["speaker_name"]
            out.rule(f"[bold]{current or 'unattributed'}[/] ({row['speaker_id'] or 'no actor'})")
        source = f"{row['outlet'] or row['doc_id']}, {row['kind']}, {row['attribution']} {row['confidence']:.2f}"
        out.print(f"[dim]{source}[/]")
        out.print(f"  “{row['text']}”", highlight=False, markup=False)
        if row["reason"]:
            out.print(f"  [yellow]no speaker: {row['reason']}[/]")
    if not rows:
        err.print("no quotes match")


ModalityOption = Annotated[str | None, typer.Option(help="past, announced, hypothetical, historical or negated.")]


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option(help="Source or target; a state includes its people, bodies.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER category, e.g. AGREE.")] = None,
    modality: ModalityOption = None,
    since: Annotated[str | None, typer.Option(help="On or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="On or before (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 1000,
    as_json: JsonOption = False,
) -> None:
    """Event mentions: who did what to whom, when, with modality and the sentence it rests on."""
    where = EventFilter(actor=actor, plover_type=type_, modality=modality, since=_date_option(since, "--since"),
                        until=_date_option(until, "--until"), limit=limit)
    rows = _read(db, lambda store: store.events(where))
    if as_json:
        _print_json([{k: v for k, v in r.items()} for r in rows])
        return
    _print_table(f"{len(rows)} event mentions", ["date", "type", "source", "target", "modality", "outlet", "sentence"],
                 [[r["event_date"] or r["date_text"], _type(r), r["source_id"], r["target_id"], r["modality"],
                   r["outlet"], r["summary"][:90]] for r in rows])


@app.command()
def timeline(
    actor: Annotated[str, typer.Argument(help="Actor id, name or alias.")],
    db: DbOption = DEFAULT_DB,
    modality: ModalityOption = None,
    as_json: JsonOption = False,
) -> None:
    """The actor's events in time order, each real event once, with how many reports and outlets."""
    rows = _read(db, lambda store: store.timeline(EventFilter(actor=actor, modality=modality)))
    if as_json:
        _print_json(rows)
        return
    _print_table(f"timeline of {actor}: {len(rows)} events",
                 ["date", "type", "sources → targets", "modality", "reports", "outlets", "best sentence"],
                 [[r["event_date"] or r["date_text"] or "undated", _type(r),
                   f"{', '.join(r['sources'] or ['?'])} → {', '.join(r['targets'] or ['?'])}", r["modality"],
                   f"{r['mentions']} in {r['documents']} docs", ", ".join(r["outlets"] or []), r["summary"][:80]]
                  for r in rows])


@app.command()
def relations(
    db: DbOption = DEFAULT_DB,
    as_of: Annotated[str | None, typer.Option("--as-of", help="What held on this date (YYYY-MM-DD).")] = None,
    actor: Annotated[str | None, typer.Option(help="Only relations of this actor.")] = None,
    scores: Annotated[bool, typer.Option(help="Cooperation minus conflict per month and pair instead.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Membership, alliance, partnership and applicant relations as of a date, each with its evidence."""
    if scores:
        rows = _read(db, lambda store: store.dyad_scores(actor))
        if as_json:
            _print_json(rows)
            return
        _print_table("dyad scores (cooperation − conflict)", ["pair", "month", "score", "events"],
                     [[f"{r['a_id']}–{r['b_id']}", r["month"], r["score"], r["events"]] for r in rows])
        return
    when = _date_option(as_of, "--as-of")
    rows = _read(db, lambda store: store.relations_as_of(when, actor))
    if as_json:
        _print_json(rows)
        return
    title = f"relations as of {when}" if when else "relations (latest statement of each)"
    _print_table(title, ["a", "relation", "b", "status", "stated", "source", "evidence"],
                 [[r["a_id"], r["type"], r["b_id"], r["status"], r["as_stated_on"], r["outlet"] or r["doc_id"],
                   " ".join(r["evidence"].split())[:100]] for r in rows])


@app.command()
def commitments(
    db: DbOption = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option(help="Only commitments made by or to this actor.")] = None,
    status: Annotated[str | None, typer.Option(help="pending, kept or broken.")] = None,
    as_json: JsonOption = False,
) -> None:
    """What the parties to an agreement undertook, and whether later reports show it done."""
    rows = _read(db, lambda store: store.commitments(actor=actor, status=status))
    if as_json:
        _print_json(rows)
        return
    _print_table(f"{len(rows)} commitments", ["agreement", "who", "to whom", "what", "due", "status", "source"],
                 [[r["agreement"], r["who_id"], r["to_whom_id"], r["what"][:90], r["due_date"] or r["due_text"],
                   r["status"], r["outlet"] or r["evidence_doc_id"]] for r in rows])


@app.command()
def compare(
    db: DbOption = DEFAULT_DB,
    topic: Annotated[str | None, typer.Option(help="Only claims whose text mentions this (a name or a word).")] = None,
    few: Annotated[int, typer.Option(min=1, help="'Only reported by' lists claims of at most this many outlets.")] = 2,
    as_json: JsonOption = False,
) -> None:
    """Outlets side by side: claims all share, claims only a few make, and the points they dispute."""
    result = _read(db, lambda store: store.comparison(topic))
    if as_json:
        _print_json(result)
        return
    claims, everyone = result["claims"], result["documents"]
    _print_table("stances (the outlet's own voice first, then the people it quotes)",
                 ["outlet", "holder", "target", "stance", "+ / − / mixed", "strongest evidence"],
                 [[s["outlet"], s["holder_id"], s["target"], s["stance"],
                   f"{s['positive']} / {s['negative']} / {s['mixed']}",
                   " ".join((s["evidence"] or "no evaluative sentence").split())[:90]] for s in result["stances"]])
    _print_table("judged both ways", ["target", "holder", "stance", "outlet", "evidence"],
                 [[s["target"], s["holder_name"], s["polarity"], s["outlet"] or s["doc_id"],
                   " ".join(s["evidence"].split())[:90]] for s in result["stance_disputes"]])
    outlets = sorted({o for c in claims for o in c["outlets"]})
    _print_table("outlets", ["outlet", "claims reported", "claims of others not reported"],
                 [[o, sum(o in c["outlets"] for c in claims), sum(o not in c["outlets"] for c in claims)]
                  for o in outlets])
    shared = [c for c in claims if c["documents"] >= everyone and c["kind"] != "internal_error"]
    _print_table(f"reported by all {everyone} articles", ["kind", "claim"], [[c["kind"], c["text"]] for c in shared])
    rare = [c for c in claims if c["documents"] <= few and c["kind"] != "internal_error"]
    _print_table(f"only reported by {few} or fewer", ["claim", "only in"],
                 [[c["text"][:90], ", ".join(c["outlets"])] for c in rare[:30]])
    _print_table("disputed points and internal errors", ["claim", "outlet", "how", "evidence"],
                 [[d["claim"][:60], d["outlet"], d["detail"] or d["relation"], " ".join(d["evidence"].split())[:90]]
                  for d in result["disputes"]])


@app.command()
def brief(
    db: DbOption = DEFAULT_DB,
    topic: Annotated[str | None, typer.Option(help="An actor (id, name or alias) or any text.")] = None,
    since: Annotated[str | None, typer.Option(help="Only events on or after (YYYY-MM-DD).")] = None,
    format_: Annotated[str, typer.Option("--format", help="md or html.")] = "md",
    output: Annotated[str | None, typer.Option("--out", help="Write to this file instead of printing.")] = None,
) -> None:
    """The briefing: what happened, what was committed, who said what, alignments, where sources differ —
    every sentence citing the article sentence it rests on."""
    if format_ not in ("md", "html"):
        raise _fail(f"--format must be md or html, not {format_!r}")
    options = BriefOptions(topic=topic, since=_date_option(since, "--since"))
    briefing = _read(db, lambda store: build_brief(store, options))
    text = to_markdown(briefing) if format_ == "md" else to_html(briefing)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        err.print(f"briefing written to {output} ({len(briefing.citations)} sources cited)")
    else:
        sys.stdout.write(text)


@app.command("export")
def export_command(
    format_: Annotated[str, typer.Option("--format", help="jsonl, csv, parquet, plover or graphml.")],
    out: Annotated[Path, typer.Option("--out", help="File to write (a folder for every table at once).")],
    db: DbOption = DEFAULT_DB,
    table: Annotated[str | None, typer.Option(help="One record-contract table (jsonl, csv, parquet).")] = None,
) -> None:
    """Write the record for other tools: tables as JSON Lines, CSV or Parquet; events as PLOVER records;
    the alignment graph as GraphML."""
    written = _read(db, lambda store: export(store, fmt=format_, out=out, table=table))
    for path in written:
        err.print(f"wrote {path}")


@app.command()
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
) -> None:
    """The read-only HTTP API (OpenAPI docs at /docs) and the web UI at /, over the database."""
    import uvicorn

    from dyad.serve.api import create_app
    from dyad.serve.security import DEFAULT_ALLOWED_HOSTS, server_options

    try:
        application = create_app(db, allowed_hosts=[*DEFAULT_ALLOWED_HOSTS, *(allow_host or [])])
    except DyadError as error:
        raise _fail(str(error)) from error
    err.print(f"Dyad on http://{host}:{port}/ (API docs: /docs), reading {db} read-only; Ctrl-C stops.")
    uvicorn.run(application, host=host, port=port, log_level="warning", **server_options())


def _type(row: dict[str, Any]) -> str:
    return f"{row['plover_type']}:{row['mode']}" if row["mode"] else row["plover_type"]


if __name__ == "__main__":
    app()
