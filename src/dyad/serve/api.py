"""The read-only HTTP API (and the web UI's files) over one Dyad database.

The database is opened read-only once; each request reads through a cursor of its own. Every query is one of
the store's parameterised queries: no SQL is built from what a client sends. Lists are paginated with a hard
maximum page size."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Annotated, Any, Literal

import pyarrow as pa
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles

from dyad import __version__
from dyad.errors import DyadError, NotFoundError
from dyad.serve.brief import Briefing, BriefOptions, build_brief, to_html, to_markdown
from dyad.serve.graph import alignment_graph
from dyad.serve.security import DEFAULT_ALLOWED_HOSTS, install_security
from dyad.store import DocumentFilter, EventFilter, QuoteFilter, Store
from dyad.store.queries import Reader

MAX_PAGE = 500
ALL = 10_000_000  # a listing's own limit: the page is cut from it in SQL (PagedReader)
WEB = resources.files("dyad") / "serve" / "web"

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Text = Annotated[str | None, Query(min_length=1, max_length=200)]
Sort = Annotated[str | None, Query(alias="_sort", max_length=200, pattern=r"^-?\w+(,-?\w+)*$",
                                   description="Sort by fields, comma-separated; -field for descending.")]
Search = Annotated[str | None, Query(min_length=1, max_length=200,
                                     description="Only rows whose text fields contain this (case-insensitive).")]
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


def create_app(db: str, allowed_hosts: Sequence[str] = DEFAULT_ALLOWED_HOSTS, *, cors: bool = False) -> FastAPI:
    """The API and web UI for the database file `db`, which must exist; it is never written. With `cors`, any
    web page may read the API (GET only): for notebooks and dashboards served from elsewhere."""
    store = Store(db, read_only=True)  # fails here, before serving, when the file is missing

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Iterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="Dyad",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,  # served by install_security from packaged files: nothing fetched from elsewhere
        redoc_url=None,  # ReDoc has no packaged assets; /docs is the API's documentation
        description="Read-only access to a Dyad database: news coverage of international relations as "
        "a source-cited record. Every record carries its document and character span.",
    )
    app.state.store = store
    app.state.briefings = BriefingCache()
    app.add_exception_handler(DyadError, _dyad_error)
    app.include_router(api)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    if cors:
        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"], allow_headers=["*"])
    install_security(app, allowed_hosts, any_origin=cors)  # Host/Origin allow-list, security headers, offline /docs

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(WEB / "index.html"))

    return app


class BriefingCache:
    """Briefings built for this database, by its version (migration 019: every write raises it) and the options
    asked for; the oldest go first when more than MAX are kept. Requests in threads share it."""

    MAX = 64

    def __init__(self) -> None:
        self._built: OrderedDict[tuple[int, BriefOptions], Briefing] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, db: Reader, options: BriefOptions) -> Briefing:
        key = (db.store_version(), options)
        with self._lock:
            if key in self._built:
                self._built.move_to_end(key)
                return self._built[key]
        briefing = build_brief(db, options)
        with self._lock:
            self._built[key] = briefing
            while len(self._built) > self.MAX:
                self._built.popitem(last=False)
        return briefing


def _reader(request: Request) -> Iterator[Reader]:
    with request.app.state.store.reader() as reader:
        yield reader


Db = Annotated[Reader, Depends(_reader)]


@dataclass(frozen=True, slots=True)
class Page:
    """What a client asks of a listing: its page, its order, a text to search for."""

    limit: int
    offset: int
    sort: str | None
    q: str | None


def _page_query(limit: Limit = 50, offset: Offset = 0, sort: Sort = None, q: Search = None) -> Page:
    return Page(limit=limit, offset=offset, sort=sort, q=q)


PageQuery = Annotated[Page, Depends(_page_query)]


@dataclass(frozen=True, slots=True)
class PageRows:
    """One page of a listing's rows, cut in SQL, and how many rows match in all."""

    rows: pa.Table
    total: int


class PagedReader(Reader):
    """The store's listings with the page a client asks for cut in SQL: the listing's query is wrapped in a
    search over its text columns, an order and a LIMIT, so that only the page leaves DuckDB. A listing's own
    order holds (row_number over it breaks ties of a sort, as a stable sort would)."""

    def __init__(self, con: Any, page: Page) -> None:
        super().__init__(con)
        self.page = page

    def _dicts(self, sql: str, params: Any = None) -> Any:
        params = dict(params or {})
        listing = f"SELECT *, row_number() OVER () AS _listing_row FROM ({sql}) AS listing"
        schema = self.con.sql(f"SELECT * FROM ({sql}) AS listing LIMIT 0", params=params).to_arrow_table().schema
        where = "TRUE"
        if self.page.q:
            texts = [f'coalesce(contains(lower("{f.name}"), lower($_listing_q)), false)' for f in schema
                     if pa.types.is_string(f.type)]  # the names are the query's own columns, never client input
            where = " OR ".join(texts) or "FALSE"
            params["_listing_q"] = self.page.q
        order = ", ".join(f'"{name}" {direction} NULLS LAST' for name, direction in _sort_keys(schema, self.page.sort))
        order = f"{order + ', ' if order else ''}_listing_row"
        page = {"_listing_limit": self.page.limit, "_listing_offset": self.page.offset}
        rows = self.con.sql(
            f"SELECT * EXCLUDE (_listing_row), count(*) OVER () AS _listing_total FROM ({listing}) AS numbered "
            f"WHERE {where} ORDER BY {order} LIMIT $_listing_limit OFFSET $_listing_offset",
            params=params | page).to_arrow_table()
        if rows.num_rows:
            total = rows.column("_listing_total")[0].as_py()
        else:  # past the last page: count what matches
            total = self.con.execute(f"SELECT count(*) FROM ({listing}) AS numbered WHERE {where}",
                                     params).fetchall()[0][0]
        return PageRows(rows.drop_columns(["_listing_total"]), total)


def _paged_reader(db: Db, page: PageQuery) -> PagedReader:
    return PagedReader(db.con, page)


Rows = Annotated[PagedReader, Depends(_paged_reader)]


async def _dyad_error(_: Request, error: Exception) -> JSONResponse:
    status = 404 if isinstance(error, NotFoundError) else 400
    return JSONResponse({"detail": str(error)}, status_code=status)


api = APIRouter(prefix="/api")


def _page(request: Request, listing: PageRows, page: Page) -> dict[str, Any]:
    """One page of a listing: `total` rows match, `count` are here, `next` is the URL of the next page."""
    items, total = listing.rows.to_pylist(), listing.total
    following = page.offset + page.limit
    next_url = str(request.url.include_query_params(offset=following)) if following < total else None
    return {"items": items, "count": len(items), "total": total, "limit": page.limit, "offset": page.offset,
            "next": next_url}


def _bad_parameter(name: str, message: str) -> HTTPException:
    """A 422 shaped as FastAPI's own validation errors, naming the query parameter."""
    return HTTPException(422, [{"loc": ["query", name], "msg": message, "type": "value_error"}])


def _sort_keys(schema: pa.Schema, sort: str | None) -> list[tuple[str, str]]:
    """(field, ASC|DESC) of a `_sort` parameter, checked against the listing's fields (a search is a substring
    search over the text fields: DuckDB's full-text index is an extension it would download)."""
    if not sort:
        return []
    keys = [(k.removeprefix("-"), "DESC" if k.startswith("-") else "ASC") for k in sort.split(",")]
    unknown = [name for name, _ in keys if name not in schema.names]
    if unknown:
        raise _bad_parameter("_sort", f"no field {', '.join(unknown)}; the fields are {', '.join(schema.names)}")
    sortable = [(n, o) for n, o in keys if not pa.types.is_nested(schema.field(n).type)]
    if len(sortable) < len(keys):
        raise _bad_parameter("_sort", "lists and records cannot be sorted by")
    return sortable


@api.get("/health")
def health(db: Db) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "schema_version": db.schema_version()}


@api.get("/status")
def status(db: Db) -> dict[str, Any]:
    """Rows per table and what was quarantined, by stage and reason."""
    return {"counts": db.counts(), "quarantine": db.quarantine_summary()}


@api.get("/documents")
def documents(
    request: Request, rows: Rows, page: PageQuery, outlet: Text = None, since: date | None = None,
    until: date | None = None,
) -> dict[str, Any]:
    where = DocumentFilter(outlet=outlet, since=since, until=until, limit=ALL)
    return _page(request, rows.documents(where), page)


@api.get("/documents/{doc_id}")
def document(db: Db, doc_id: DocId) -> dict[str, Any]:
    """One document: the cleaned body, what cleaning removed and why, its metadata."""
    return db.document(doc_id)


@api.get("/documents/{doc_id}/spans")
def document_spans(
    request: Request, db: Db, doc_id: DocId, limit: Limit = MAX_PAGE, offset: Offset = 0
) -> dict[str, Any]:
    """The extracted spans of the document (mentions, quotes, events, commitments, relations, stances,
    claims) in text order, for highlighting, a page at a time (`total` says how many there are)."""
    document = db.document(doc_id)
    spans = db.document_spans(document["doc_id"])  # one document's: cut in Python
    page = Page(limit=limit, offset=offset, sort=None, q=None)
    listing = _page(request, PageRows(pa.Table.from_pylist(spans[offset:offset + limit]), len(spans)), page)
    return {"doc_id": document["doc_id"], "spans": listing["items"], **listing}


@api.get("/actors")
def actors(request: Request, rows: Rows, page: PageQuery, kind: ActorKind | None = None) -> dict[str, Any]:
    return _page(request, rows.actors(kind=kind, limit=ALL), page)


@api.get("/actors/{key}")
def actor(db: Db, key: ActorKey) -> dict[str, Any]:
    """An actor by id, name or alias: names used, roles, mentions per document, first and last seen."""
    return db.actor(key)


@api.get("/mentions")
def mentions(request: Request, rows: Rows, page: PageQuery, doc: Text = None, actor: Text = None) -> dict[str, Any]:
    return _page(request, rows.mentions(doc=doc, actor=actor, limit=ALL), page)


@api.get("/quotes")
def quotes(
    request: Request,
    rows: Rows,
    page: PageQuery,
    speaker: Text = None,
    about: Text = None,
    doc: Text = None,
    outlet: Text = None,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
) -> dict[str, Any]:
    where = QuoteFilter(speaker=speaker, about=about, doc=doc, outlet=outlet, min_confidence=min_confidence, limit=ALL)
    return _page(request, rows.quotes(where), page)


def _event_filter(
    actor: Text = None,
    type: PloverType | None = None,
    modality: Modality | None = None,
    since: date | None = None,
    until: date | None = None,
    doc: Text = None,
    counterpart: Annotated[str | None, Query(min_length=1, max_length=200,
                                             description="With actor: only events between the two.")] = None,
) -> EventFilter:
    if counterpart and not actor:
        raise _bad_parameter("counterpart", "needs actor: the events between the two")
    return EventFilter(actor=actor, counterpart=counterpart, plover_type=type, modality=modality, since=since,
                       until=until, doc=doc, limit=ALL)


EventQuery = Annotated[EventFilter, Depends(_event_filter)]


@api.get("/events")
def events(request: Request, rows: Rows, where: EventQuery, page: PageQuery) -> dict[str, Any]:
    """Event mentions: who did what to whom, when (`date`: ISO 8601 at its precision), with the sentence."""
    return _page(request, rows.events(where), page)


@api.get("/clusters")
def clusters(request: Request, rows: Rows, where: EventQuery, page: PageQuery) -> dict[str, Any]:
    """Real events (clusters of mentions) in time order, undated last, with how many articles and outlets told
    each."""
    return _page(request, rows.timeline(where), page)


@api.get("/commitments")
def commitments(
    request: Request, rows: Rows, page: PageQuery, actor: Text = None,
    status: Literal["pending", "kept", "broken", "unknown"] | None = None,
) -> dict[str, Any]:
    return _page(request, rows.commitments(actor=actor, status=status), page)


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
def stances(request: Request, rows: Rows, page: PageQuery, holder: Text = None, doc: Text = None) -> dict[str, Any]:
    return _page(request, rows.stances(holder=holder, doc=doc, limit=ALL), page)


@api.get("/claims")
def claims(
    request: Request, rows: Rows, page: PageQuery, kind: Literal["event", "commitment", "internal_error"] | None = None
) -> dict[str, Any]:
    """Claims with the documents that support, contradict or differ on them."""
    return _page(request, rows.claims(kind=kind, limit=ALL), page)


@api.get("/search")
def search(db: Db, q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    """Actors, documents and sentences that contain the text (case-insensitive), for the web UI's search."""
    return {"q": q, **db.search(q, limit=limit)}


@api.get("/compare")
def compare(db: Db, topic: Text = None) -> dict[str, Any]:
    """Outlets side by side: stances, shared claims, disputed points with evidence."""
    return db.comparison(topic)


@api.get("/brief", response_model=None)
def brief(request: Request, db: Db, topic: Text = None, since: date | None = None,
          format: Literal["json", "md", "html"] = "json") -> Any:
    """The briefing; every statement carries citation numbers into `citations`. Built once per database
    version, topic and date."""
    briefing = request.app.state.briefings.get(db, BriefOptions(topic=topic, since=since))
    if format == "md":
        return PlainTextResponse(to_markdown(briefing), media_type="text/markdown")
    if format == "html":
        return HTMLResponse(to_html(briefing))
    return briefing
