"""The commands that read the record: listings, profiles, timelines, the comparison and the briefing. They
open the database read-only and print tables, JSON or the briefing's Markdown or HTML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from dyad.serve.brief import BriefOptions, build_brief, to_html, to_markdown
from dyad.serve.options import (
    ALL,
    CounterpartOption,
    DbOption,
    EventActorOption,
    JsonOption,
    ModalityOption,
    PloverTypeOption,
    Since,
    Until,
    date_option,
    read,
)
from dyad.serve.output import Listing, err, fail, listing_command, out, print_json, print_table
from dyad.store import DEFAULT_DB, DocumentFilter, EventFilter, QuoteFilter


@listing_command
def documents(
    db: DbOption = DEFAULT_DB,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (case-insensitive).")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
) -> Listing:
    """List stored documents."""
    where = DocumentFilter(outlet=outlet, since=date_option(since, "--since"), until=date_option(until, "--until"),
                           limit=ALL)
    return Listing("documents", read(db, lambda store: store.documents(where)), lambda rows: (
        ["doc_id", "source", "published", "title", "lang", "words", "sentences"],
        [[r["doc_id"][:8], r["source_name"], r["published"], (r["title"] or "")[:60], r["language"], r["n_words"],
          r["n_sentences"]] for r in rows]))



def show(
    doc: Annotated[str, typer.Argument(help="Document id (or a unique prefix).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """A document's metadata, cleaned body, and every span cleaning removed with its reason."""
    row = read(db, lambda store: store.document(doc))
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


@listing_command
def actors(
    db: DbOption = DEFAULT_DB,
    kind: Annotated[str | None, typer.Option(help="state, igo, institution, person, group, place or outlet.")] = None,
) -> Listing:
    """Actors in the database, most mentioned first."""
    return Listing("actors" + (f" of kind {kind}" if kind else ""),
                   read(db, lambda store: store.actors(kind=kind, limit=ALL)), lambda rows: (
        ["actor_id", "kind", "name", "country", "roles", "mentions", "documents"],
        [[r["actor_id"], r["kind"], r["name"], r["country"], "; ".join(r["roles"] or []), r["mentions"],
          r["documents"]] for r in rows]))


def actor(
    key: Annotated[str, typer.Argument(help="Actor id, name or alias (Washington, EEU, Lavrov).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """One actor's profile: names used, roles, country, mentions per article, first and last seen."""
    profile = read(db, lambda store: store.actor(key))
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
    return Listing("quotes", read(db, lambda store: store.quotes(where)), printer=_print_quotes)


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
    return Listing("event mentions", read(db, lambda store: store.events(where)), lambda rows: (
        ["date", "type", "source", "target", "modality", "source", "sentence"],
        [[shown_date(r), _type(r), r["source_id"], r["target_id"], r["modality"], r["source_name"],
          r["summary"][:90]] for r in rows]))


def _event_filter(actor: str | None, counterpart: str | None, type_: str | None, modality: str | None,
                  since: str | None, until: str | None) -> EventFilter:
    if counterpart and not actor:
        raise fail("--counterpart needs --actor: the events between the two")
    return EventFilter(actor=actor, counterpart=counterpart, plover_type=type_, modality=modality,
                       since=date_option(since, "--since"), until=date_option(until, "--until"), limit=ALL)


def _cluster_columns(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    return (["date", "type", "sources → targets", "modality", "reports", "outlets", "best sentence"],
            [[shown_date(r), _type(r),
              f"{', '.join(r['sources'] or ['?'])} → {', '.join(r['targets'] or ['?'])}", r["modality"],
              f"{r['mentions']} in {r['documents']} docs", ", ".join(r["outlets"] or []), r["summary"][:80]]
             for r in rows])


@listing_command
def timeline(
    actor: Annotated[str, typer.Argument(help="Actor id, name or alias.")],
    db: DbOption = DEFAULT_DB,
    modality: ModalityOption = None,
) -> Listing:
    """The actor's events in time order, each real event once, with how many reports and outlets; undated
    events come last, apart."""
    rows = read(db, lambda store: store.timeline(EventFilter(actor=actor, modality=modality, limit=ALL)))
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
    return Listing("real events", read(db, lambda store: store.timeline(where)), _cluster_columns)


@listing_command
def relations(
    db: DbOption = DEFAULT_DB,
    as_of: Annotated[str | None, typer.Option("--as-of", help="What held on this date (YYYY-MM-DD).")] = None,
    actor: Annotated[str | None, typer.Option(help="Only relations of this actor.")] = None,
    scores: Annotated[bool, typer.Option(help="Cooperation minus conflict per month and pair instead.")] = False,
) -> Listing:
    """Membership, alliance, partnership and applicant relations as of a date, each with its evidence."""
    if scores:
        return Listing("dyad scores (cooperation − conflict)", read(db, lambda store: store.dyad_scores(actor)),
                       lambda rows: (["pair", "month", "score", "events"],
                                     [[f"{r['a_id']}–{r['b_id']}", r["month"], r["score"], r["events"]]
                                      for r in rows]))
    when = date_option(as_of, "--as-of")
    title = f"relations as of {when}" if when else "relations (latest statement of each)"
    return Listing(title, read(db, lambda store: store.relations_as_of(when, actor)), lambda rows: (
        ["a", "relation", "b", "status", "stated", "source", "evidence"],
        [[r["a_id"], r["type"], r["b_id"], r["status"], _stated(r), r["source_name"],
          " ".join(r["evidence"].split())[:100]] for r in rows]))


def _stated(relation: dict) -> str:
    """When a status is stated for and how it is dated: '2025-01-14 (article)', 'undated'."""
    when = relation["as_stated_on"]
    return f"{when} ({relation['dated_by']})" if when else relation["dated_by"]


@listing_command
def commitments(
    db: DbOption = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option(help="Only commitments made by or to this actor.")] = None,
    status: Annotated[str | None, typer.Option(help="pending, kept or broken.")] = None,
) -> Listing:
    """What the parties to an agreement undertook, and whether later reports show it done."""
    return Listing("commitments", read(db, lambda store: store.commitments(actor=actor, status=status)), lambda rows: (
        ["agreement", "who", "to whom", "what", "due", "status", "source"],
        [[r["agreement"], r["who_id"], r["to_whom_id"], r["what"][:90], shown_due(r), r["status"], r["source_name"]]
         for r in rows]))


@listing_command
def stances(
    db: DbOption = DEFAULT_DB,
    holder: Annotated[str | None, typer.Option(help="Only this holder (actor id, name or alias).")] = None,
    doc: Annotated[str | None, typer.Option(help="Only this document (id or prefix).")] = None,
) -> Listing:
    """Who judges what, positively or negatively, with the evaluative words and the sentence."""
    return Listing("stances", read(db, lambda store: store.stances(holder=holder, doc=doc, limit=ALL)), lambda rows: (
        ["holder", "target", "polarity", "words", "source", "evidence"],
        [[r["holder_name"], r["target"], r["polarity"], ", ".join(r["cues"] or []), r["source_name"],
          " ".join(r["evidence"].split())[:90]] for r in rows]))


@listing_command
def claims(
    db: DbOption = DEFAULT_DB,
    kind: Annotated[str | None, typer.Option(help="event, commitment or internal_error.")] = None,
) -> Listing:
    """Claims, the most widely reported first, with the sources that support, contradict or differ."""
    return Listing("claims", read(db, lambda store: store.claims(kind=kind, limit=ALL)), lambda rows: (
        ["kind", "claim", "documents", "sources"],
        [[r["kind"], r["text"][:90], r["documents"],
          "; ".join(f"{link['source_name']} {link['relation']}" for link in r["links"])] for r in rows]))


def compare(
    db: DbOption = DEFAULT_DB,
    topic: Annotated[str | None, typer.Option(help="Only claims whose text mentions this (a name or a word).")] = None,
    few: Annotated[int, typer.Option(min=1, help="'Only reported by' lists claims of at most this many outlets.")] = 2,
    as_json: JsonOption = False,
) -> None:
    """Outlets side by side: claims all share, claims only a few make, and the points they dispute."""
    result = read(db, lambda store: store.comparison(topic))
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
    options = BriefOptions(topic=topic, since=date_option(since, "--since"))
    briefing = read(db, lambda store: build_brief(store, options))
    text = to_markdown(briefing) if format_ == "md" else to_html(briefing)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        err.print(f"briefing written to {output} ({len(briefing.citations)} sources cited)")
    else:
        sys.stdout.write(text)



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

