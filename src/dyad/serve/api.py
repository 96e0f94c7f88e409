"""The read-only HTTP API (and the web UI's files) over one Dyad database.

The database is opened read-only once; each request reads through a cursor of its own. Every query is one of
the store's parameterised queries: no SQL is built from what a client sends. Lists are paginated with a hard
maximum page size."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import asynccontextmanager
from datetime import date
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles

from dyad import __version__
from dyad.errors import DyadError, NotFoundError
from dyad.serve.brief import BriefOptions, build_brief, to_html, to_markdown
from dyad.serve.graph import alignment_graph
from dyad.serve.security import DEFAULT_ALLOWED_HOSTS, install_security
from dyad.store import DocumentFilter, EventFilter, QuoteFilter, Store
from dyad.store.queries import Reader

MAX_PAGE = 500
WEB = resources.files("dyad") / "serve" / "web"

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Text = Annotated[str | None, Query(min_length=1, max_length=200)]
PloverType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "INVESTIGATE",
    "DEMAND",
    "DISAPPROVE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "CRIME",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
Modality = Literal["past", "announced", "hypothetical", "historical", "negated"]
DocId = Annotated[
    str, PathParam(min_length=4, max_length=64, pattern=r"^[0-9a-f]+$", description="A document id or its prefix.")
]
ActorKey = Annotated[str, PathParam(min_length=1, max_length=200, description="An actor id, name or alias.")]
ActorKind = Literal["state", "igo", "institution", "person", "group", "place", "outlet"]


def create_app(db: str, allowed_hosts: Sequence[str] = DEFAULT_ALLOWED_HOSTS) -> FastAPI:
    """The API and web UI for the database file `db`, which must exist; it is never written."""
    store = Store(db, read_only=True)  # fails here, before serving, when the file is missing

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Iterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="Dyad",
        version=__version__,
        lifespan=lifespan,
        description="Read-only access to a Dyad database: news coverage of international relations as "
        "a source-cited record. Every record carries its document and character span.",
    )
    app.state.store = store
    app.add_exception_handler(DyadError, _dyad_error)
    app.include_router(api)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    install_security(app, allowed_hosts)  # Host/Origin allow-list, security headers, /docs without a CDN

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(WEB / "index.html"))

    return app


def _reader(request: Request) -> Iterator[Reader]:
    with request.app.state.store.reader() as reader:
        yield reader


Db = Annotated[Reader, Depends(_reader)]


async def _dyad_error(_: Request, error: Exception) -> JSONResponse:
    status = 404 if isinstance(error, NotFoundError) else 400
    return JSONResponse({"detail": str(error)}, status_code=status)


api = APIRouter(prefix="/api")


def _page(items: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "count": len(items), "limit": limit, "offset": offset}


@api.get("/health")
def health(db: Db) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "schema_version": db.schema_version()}


@api.get("/status")
def status(db: Db) -> dict[str, Any]:
    """Rows per table and what was quarantined, by stage and reason."""
    return {"counts": db.counts(), "quarantine": db.quarantine_summary()}


@api.get("/documents")
def documents(
    db: Db,
    outlet: Text = None,
    since: date | None = None,
    until: date | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    where = DocumentFilter(outlet=outlet, since=since, until=until, limit=limit, offset=offset)
    return _page(db.documents(where), limit, offset)


@api.get("/documents/{doc_id}")
def document(db: Db, doc_id: DocId) -> dict[str, Any]:
    """One document: the cleaned body, what cleaning removed and why, its metadata."""
    return db.document(doc_id)


@api.get("/documents/{doc_id}/spans")
def document_spans(db: Db, doc_id: DocId, limit: Limit = MAX_PAGE, offset: Offset = 0) -> dict[str, Any]:
    """The extracted spans of the document (mentions, quotes, events, commitments, relations, stances,
    claims) in text order, for highlighting, a page at a time (`total` says how many there are)."""
    document = db.document(doc_id)
    spans = db.document_spans(document["doc_id"])
    page = spans[offset : offset + limit]
    return {"doc_id": document["doc_id"], "spans": page, "total": len(spans), **_page(page, limit, offset)}


@api.get("/actors")
def actors(db: Db, kind: ActorKind | None = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return _page(db.actors(kind=kind, limit=limit, offset=offset), limit, offset)


@api.get("/actors/{key}")
def actor(db: Db, key: ActorKey) -> dict[str, Any]:
    """An actor by id, name or alias: names used, roles, mentions per document, first and last seen."""
    return db.actor(key)


@api.get("/mentions")
def mentions(db: Db, doc: Text = None, actor: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return _page(db.mentions(doc=doc, actor=actor, limit=limit, offset=offset), limit, offset)


@api.get("/quotes")
def quotes(
    db: Db,
    speaker: Text = None,
    about: Text = None,
    doc: Text = None,
    outlet: Text = None,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    where = QuoteFilter(
        speaker=speaker, about=about, doc=doc, outlet=outlet, min_confidence=min_confidence, limit=limit, offset=offset
    )
    return _page(db.quotes(where), limit, offset)


def _event_filter(
    actor: Text = None,
    type: PloverType | None = None,
    modality: Modality | None = None,
    since: date | None = None,
    until: date | None = None,
    doc: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EventFilter:
    return EventFilter(
        actor=actor, plover_type=type, modality=modality, since=since, until=until, doc=doc, limit=limit, offset=offset
    )


EventQuery = Annotated[EventFilter, Depends(_event_filter)]


@api.get("/events")
def events(db: Db, where: EventQuery) -> dict[str, Any]:
    """Event mentions: who did what to whom, when, with the sentence each rests on."""
    return _page(db.events(where), where.limit, where.offset)


@api.get("/clusters")
def clusters(db: Db, where: EventQuery) -> dict[str, Any]:
    """Real events (clusters of mentions) in time order, with how many articles and outlets told each."""
    return _page(db.timeline(where), where.limit, where.offset)


@api.get("/commitments")
def commitments(
    db: Db, actor: Text = None, status: Literal["pending", "kept", "broken", "unknown"] | None = None
) -> dict[str, Any]:
    rows = db.commitments(actor=actor, status=status)
    return _page(rows[:MAX_PAGE], MAX_PAGE, 0)


@api.get("/relations")
def relations(db: Db, as_of: date | None = None, actor: Text = None) -> dict[str, Any]:
    """What held on a date: per pair and relation, the latest statement on or before it, cited."""
    return {"as_of": as_of, "items": db.relations_as_of(as_of, actor)}


@api.get("/scores")
def scores(db: Db, actor: Text = None) -> dict[str, Any]:
    """Cooperation minus conflict per month and pair of states (PLOVER categories weighted)."""
    return {"items": db.dyad_scores(actor)}


@api.get("/graph")
def graph(db: Db, as_of: date | None = None, actor: Text = None) -> dict[str, Any]:
    """Actors as nodes; relations as of the date and event flows up to it as edges."""
    return alignment_graph(db, as_of=as_of, actor=actor)


@api.get("/stances")
def stances(db: Db, holder: Text = None, doc: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return _page(db.stances(holder=holder, doc=doc, limit=limit, offset=offset), limit, offset)


@api.get("/claims")
def claims(
    db: Db, kind: Literal["event", "commitment", "internal_error"] | None = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Claims with the documents that support, contradict or differ on them."""
    return _page(db.claims(kind=kind, limit=limit, offset=offset), limit, offset)


@api.get("/compare")
def compare(db: Db, topic: Text = None) -> dict[str, Any]:
    """Outlets side by side: stances, shared claims, disputed points with evidence."""
    return db.comparison(topic)


@api.get("/brief", response_model=None)
def brief(db: Db, topic: Text = None, since: date | None = None, format: Literal["json", "md", "html"] = "json") -> Any:
    """The briefing; every statement carries citation numbers into `citations`."""
    briefing = build_brief(db, BriefOptions(topic=topic, since=since))
    if format == "md":
        return PlainTextResponse(to_markdown(briefing), media_type="text/markdown")
    if format == "html":
        return HTMLResponse(to_html(briefing))
    return briefing
