"""The `dyad` command: a thin layer over dyad.analyze and dyad.store that prints tables or JSON."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from dyad import __version__
from dyad.errors import REASONS, DyadError
from dyad.ingest import DEFAULT_MAX_BYTES
from dyad.serve.brief import BriefOptions, build_brief, to_html, to_markdown
from dyad.serve.output import Listing, err, fail, listing_command, out, print_json, print_table
from dyad.store import DEFAULT_DB, DocumentFilter, EventFilter, QuoteFilter, Store

# The pipeline (spaCy, trafilatura, dateparser), exports (Parquet) and the server (FastAPI) are imported by
# the commands that use them: a listing or the briefing starts without them (tests/test_startup.py).
if TYPE_CHECKING:
    from rich.console import Console

    from dyad.analyze import RunSummary
    from dyad.records import Quarantine
    from dyad.store import BatchOutcome

app = typer.Typer(
    help="Dyad: news coverage of international relations as a source-cited record.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

class Engine(StrEnum):
    local = "local"
    spark = "spark"


EventActorOption = Annotated[str | None, typer.Option(
    "--actor", help="Source or target; a state includes its people, bodies.")]
CounterpartOption = Annotated[str | None, typer.Option(help="With --actor: only events between the two.")]
PloverTypeOption = Annotated[str | None, typer.Option("--type", help="PLOVER category, e.g. AGREE.")]
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


def _read[T](db: str, query: Callable[[Store], T]) -> T:
    """Run a read-only query against the database; a DyadError becomes a clean CLI error."""
    try:
        with Store(db, read_only=True) as store:
            return query(store)
    except DyadError as error:
        raise fail(str(error)) from error


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


@app.command()
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


@app.command()
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


@app.command()
def status(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Rows per table and what was quarantined, by stage and reason."""
    counts, quarantine, version = _read(db, lambda s: (s.counts(), s.quarantine_summary(), s.schema_version()))
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


ALL = 10_000_000  # listings fetch every row; --limit cuts after --sort
Since = Annotated[str | None, typer.Option(help="On or after (YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option(help="On or before (YYYY-MM-DD).")]
ModalityOption = Annotated[str | None, typer.Option(help="past, announced, hypothetical, historical or negated.")]


@app.command()
@listing_command
def documents(
    db: DbOption = DEFAULT_DB,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (case-insensitive).")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
) -> Listing:
    """List stored documents."""
    where = DocumentFilter(outlet=outlet, since=_date_option(since, "--since"), until=_date_option(until, "--until"),
                           limit=ALL)
    return Listing("documents", _read(db, lambda store: store.documents(where)), lambda rows: (
        ["doc_id", "source", "published", "title", "lang", "words", "sentences"],
        [[r["doc_id"][:8], r["source_name"], r["published"], (r["title"] or "")[:60], r["language"], r["n_words"],
          r["n_sentences"]] for r in rows]))


def _date_option(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise fail(f"{name} takes a date as YYYY-MM-DD, not {value!r}") from error


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="Document id (or a unique prefix).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """A document's metadata, cleaned body, and every span cleaning removed with its reason."""
    row = _read(db, lambda store: store.document(doc))
    if as_json:
        print_json(row)
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
@listing_command
def actors(
    db: DbOption = DEFAULT_DB,
    kind: Annotated[str | None, typer.Option(help="state, igo, institution, person, group, place or outlet.")] = None,
) -> Listing:
    """Actors in the database, most mentioned first."""
    return Listing("actors" + (f" of kind {kind}" if kind else ""),
                   _read(db, lambda store: store.actors(kind=kind, limit=ALL)), lambda rows: (
        ["actor_id", "kind", "name", "country", "roles", "mentions", "documents"],
        [[r["actor_id"], r["kind"], r["name"], r["country"], "; ".join(r["roles"] or []), r["mentions"],
          r["documents"]] for r in rows]))


@app.command()
def actor(
    key: Annotated[str, typer.Argument(help="Actor id, name or alias (Washington, EEU, Lavrov).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """One actor's profile: names used, roles, country, mentions per article, first and last seen."""
    profile = _read(db, lambda store: store.actor(key))
    if as_json:
        print_json(profile)
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
    print_table(
        "mentions per article",
        ["doc_id", "outlet", "published", "title", "mentions"],
        [[r["doc_id"], r["outlet"], r["published"], (r["title"] or "")[:50], r["mentions"]]
         for r in profile["documents"]],
    )


@app.command()
@listing_command
def quotes(
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[str | None, typer.Option(help="Speaker: actor id, name or alias.")] = None,
    about: Annotated[str | None, typer.Option(help="Only quotes that mention this actor.")] = None,
    doc: Annotated[str | None, typer.Option(help="Only this document (id or prefix).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (case-insensitive).")] = None,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0, help="Attribution confidence.")] = 0.0,
) -> Listing:
    """Who said what: quotes and reported speech grouped by speaker, with source and sentence."""
    where = QuoteFilter(speaker=speaker, about=about, doc=doc, outlet=outlet, min_confidence=min_confidence,
                        limit=ALL)
    return Listing("quotes", _read(db, lambda store: store.quotes(where)), printer=_print_quotes)


def _print_quotes(rows: list[dict[str, Any]]) -> None:
    current = object()
    for row in rows:
        if row["speaker_name"] != current:
            current = row["speaker_name"]
            out.rule(f"[bold]{current or 'unattributed'}[/] ({row['speaker_id'] or 'no actor'})")
        source = f"{row['source_name']}, {row['kind']}, {row['attribution']} {row['confidence']:.2f}"
        out.print(f"[dim]{source}[/]")
        out.print(f"  “{row['text']}”", highlight=False, markup=False)
        if row["reason"]:
            out.print(f"  [yellow]no speaker: {row['reason']}[/]")


@app.command()
@listing_command
def events(
    db: DbOption = DEFAULT_DB,
    actor: EventActorOption = None,
    counterpart: CounterpartOption = None,
    type_: PloverTypeOption = None,
    modality: ModalityOption = None,
    since: Since = None,
    until: Until = None,
) -> Listing:
    """Event mentions: who did what to whom, when, with modality and the sentence it rests on."""
    where = _event_filter(actor, counterpart, type_, modality, since, until)
    return Listing("event mentions", _read(db, lambda store: store.events(where)), lambda rows: (
        ["date", "type", "source", "target", "modality", "source", "sentence"],
        [[shown_date(r), _type(r), r["source_id"], r["target_id"], r["modality"], r["source_name"],
          r["summary"][:90]] for r in rows]))


def _event_filter(actor: str | None, counterpart: str | None, type_: str | None, modality: str | None,
                  since: str | None, until: str | None) -> EventFilter:
    if counterpart and not actor:
        raise fail("--counterpart needs --actor: the events between the two")
    return EventFilter(actor=actor, counterpart=counterpart, plover_type=type_, modality=modality,
                       since=_date_option(since, "--since"), until=_date_option(until, "--until"), limit=ALL)


def _cluster_columns(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    return (["date", "type", "sources → targets", "modality", "reports", "outlets", "best sentence"],
            [[shown_date(r), _type(r),
              f"{', '.join(r['sources'] or ['?'])} → {', '.join(r['targets'] or ['?'])}", r["modality"],
              f"{r['mentions']} in {r['documents']} docs", ", ".join(r["outlets"] or []), r["summary"][:80]]
             for r in rows])


@app.command()
@listing_command
def timeline(
    actor: Annotated[str, typer.Argument(help="Actor id, name or alias.")],
    db: DbOption = DEFAULT_DB,
    modality: ModalityOption = None,
) -> Listing:
    """The actor's events in time order, each real event once, with how many reports and outlets; undated
    events come last, apart."""
    rows = _read(db, lambda store: store.timeline(EventFilter(actor=actor, modality=modality, limit=ALL)))
    return Listing(f"events in the timeline of {actor}", rows, printer=_print_timeline)


def _print_timeline(rows: list[dict[str, Any]]) -> None:
    """Dated events in time order; undated ones apart, since their place in time is not known."""
    dated = [r for r in rows if r["event_date"]]
    undated = [r for r in rows if not r["event_date"]]
    if dated:
        print_table(f"{len(dated)} dated events, in time order", *_cluster_columns(dated))
    if undated:
        print_table(f"{len(undated)} undated events (no article gives or implies their date), most reported first",
                    *_cluster_columns(sorted(undated, key=lambda r: -r["documents"])))


@app.command()
@listing_command
def clusters(
    db: DbOption = DEFAULT_DB,
    actor: EventActorOption = None,
    counterpart: CounterpartOption = None,
    type_: PloverTypeOption = None,
    modality: ModalityOption = None,
    since: Since = None,
    until: Until = None,
) -> Listing:
    """Real events: one row per event however many articles told it, with its mentions and outlets."""
    where = _event_filter(actor, counterpart, type_, modality, since, until)
    return Listing("real events", _read(db, lambda store: store.timeline(where)), _cluster_columns)


@app.command()
@listing_command
def relations(
    db: DbOption = DEFAULT_DB,
    as_of: Annotated[str | None, typer.Option("--as-of", help="What held on this date (YYYY-MM-DD).")] = None,
    actor: Annotated[str | None, typer.Option(help="Only relations of this actor.")] = None,
    scores: Annotated[bool, typer.Option(help="Cooperation minus conflict per month and pair instead.")] = False,
) -> Listing:
    """Membership, alliance, partnership and applicant relations as of a date, each with its evidence."""
    if scores:
        return Listing("dyad scores (cooperation − conflict)", _read(db, lambda store: store.dyad_scores(actor)),
                       lambda rows: (["pair", "month", "score", "events"],
                                     [[f"{r['a_id']}–{r['b_id']}", r["month"], r["score"], r["events"]]
                                      for r in rows]))
    when = _date_option(as_of, "--as-of")
    title = f"relations as of {when}" if when else "relations (latest statement of each)"
    return Listing(title, _read(db, lambda store: store.relations_as_of(when, actor)), lambda rows: (
        ["a", "relation", "b", "status", "stated", "source", "evidence"],
        [[r["a_id"], r["type"], r["b_id"], r["status"], _stated(r), r["source_name"],
          " ".join(r["evidence"].split())[:100]] for r in rows]))


def _stated(relation: dict) -> str:
    """When a status is stated for and how it is dated: '2025-01-14 (article)', 'undated'."""
    when = relation["as_stated_on"]
    return f"{when} ({relation['dated_by']})" if when else relation["dated_by"]


@app.command()
@listing_command
def commitments(
    db: DbOption = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option(help="Only commitments made by or to this actor.")] = None,
    status: Annotated[str | None, typer.Option(help="pending, kept or broken.")] = None,
) -> Listing:
    """What the parties to an agreement undertook, and whether later reports show it done."""
    return Listing("commitments", _read(db, lambda store: store.commitments(actor=actor, status=status)), lambda rows: (
        ["agreement", "who", "to whom", "what", "due", "status", "source"],
        [[r["agreement"], r["who_id"], r["to_whom_id"], r["what"][:90], shown_due(r), r["status"], r["source_name"]]
         for r in rows]))


@app.command()
@listing_command
def stances(
    db: DbOption = DEFAULT_DB,
    holder: Annotated[str | None, typer.Option(help="Only this holder (actor id, name or alias).")] = None,
    doc: Annotated[str | None, typer.Option(help="Only this document (id or prefix).")] = None,
) -> Listing:
    """Who judges what, positively or negatively, with the evaluative words and the sentence."""
    return Listing("stances", _read(db, lambda store: store.stances(holder=holder, doc=doc, limit=ALL)), lambda rows: (
        ["holder", "target", "polarity", "words", "source", "evidence"],
        [[r["holder_name"], r["target"], r["polarity"], ", ".join(r["cues"] or []), r["source_name"],
          " ".join(r["evidence"].split())[:90]] for r in rows]))


@app.command()
@listing_command
def claims(
    db: DbOption = DEFAULT_DB,
    kind: Annotated[str | None, typer.Option(help="event, commitment or internal_error.")] = None,
) -> Listing:
    """Claims, the most widely reported first, with the sources that support, contradict or differ."""
    return Listing("claims", _read(db, lambda store: store.claims(kind=kind, limit=ALL)), lambda rows: (
        ["kind", "claim", "documents", "sources"],
        [[r["kind"], r["text"][:90], r["documents"],
          "; ".join(f"{link['source_name']} {link['relation']}" for link in r["links"])] for r in rows]))


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
        print_json(result)
        return
    claims, everyone = result["claims"], result["documents"]
    print_table("stances (the outlet's own voice first, then the people it quotes)",
                 ["outlet", "holder", "target", "stance", "+ / − / mixed", "strongest evidence"],
                 [[s["outlet"], s["holder_id"], s["target"], s["stance"],
                   f"{s['positive']} / {s['negative']} / {s['mixed']}",
                   " ".join((s["evidence"] or "no evaluative sentence").split())[:90]] for s in result["stances"]])
    print_table("judged both ways", ["target", "holder", "stance", "outlet", "evidence"],
                 [[s["target"], s["holder_name"], s["polarity"], s["outlet"],
                   " ".join(s["evidence"].split())[:90]] for s in result["stance_disputes"]])
    outlets = sorted({o for c in claims for o in c["outlets"]})
    print_table("outlets", ["outlet", "claims reported", "claims of others not reported"],
                 [[o, sum(o in c["outlets"] for c in claims), sum(o not in c["outlets"] for c in claims)]
                  for o in outlets])
    shared = [c for c in claims if c["documents"] >= everyone and c["kind"] != "internal_error"]
    print_table(f"reported by all {everyone} articles", ["kind", "claim"], [[c["kind"], c["text"]] for c in shared])
    rare = [c for c in claims if c["documents"] <= few and c["kind"] != "internal_error"]
    print_table(f"only reported by {few} or fewer", ["claim", "only in"],
                 [[c["text"][:90], ", ".join(c["outlets"])] for c in rare[:30]])
    print_table("disputed points and internal errors", ["claim", "outlet", "how", "evidence"],
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
        raise fail(f"--format must be md or html, not {format_!r}")
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
    table: Annotated[str | None, typer.Option(help="One table or the clusters view (jsonl, csv, parquet).")] = None,
    vectors: Annotated[bool, typer.Option("--vectors", help="Keep the events' sentence vectors.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="graphml: relations held on, events up to this "
                                              "date (YYYY-MM-DD).")] = None,
) -> None:
    """Write the record for other tools: tables as JSON Lines, CSV or Parquet; events as PLOVER records;
    the alignment graph as GraphML."""
    from dyad.serve.export import export

    when = _date_option(as_of, "--as-of")
    written = _read(db, lambda store: export(store, fmt=format_, out=out, table=table, vectors=vectors, as_of=when))
    for path in written.paths:
        err.print(f"wrote {path}")
    for note in written.notes:
        err.print(note, highlight=False, markup=False)


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


def shown_date(row: dict[str, Any]) -> str:
    """An event's date in ISO 8601 at its precision (2025, 2025-01, 2025-01-14, a range a/b), else undated with
    the words the article used."""
    if row["date"]:
        return row["date"]
    return f"undated (“{row['date_text']}”)" if row["date_text"] else "undated"


def shown_due(row: dict[str, Any]) -> str | None:
    return row["due_date"].isoformat() if row["due_date"] else row["due_text"]


def _type(row: dict[str, Any]) -> str:
    return f"{row['plover_type']}:{row['mode']}" if row["mode"] else row["plover_type"]


if __name__ == "__main__":
    app()
