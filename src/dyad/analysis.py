"""Dyad for analysts in Python: `dyad.open(db)` gives every listing as a pandas DataFrame (or, with
`arrow=True`, an Arrow table), from the store's own queries, with dates as datetimes and every row citing its
document, span and sentence."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Self

import pandas as pd
import pyarrow as pa

from dyad.serve.brief import BriefOptions, build_brief, to_markdown
from dyad.store import DocumentFilter, EventFilter, QuoteFilter, Store
from dyad.store.queries import VIEWS, ArrowReader, Reader
from dyad.store.tables import CONTRACT_TABLES

ALL = 10_000_000  # listings return every row unless a limit is given
Frame = pd.DataFrame | pa.Table


def open(db: str | Path) -> Analysis:  # the name analysts expect (dyad.open), shadowing the builtin here only
    """The database `db`, read-only."""
    return Analysis(db)


class Analysis:
    """A read-only Dyad database. Listings take the filters of the CLI and API; `arrow=True` gives Arrow."""

    def __init__(self, db: str | Path) -> None:
        self.store = Store(db, read_only=True)
        self._rows = Reader(self.store.con)
        self._arrow = ArrowReader(self.store.con)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # --- whole tables and SQL -------------------------------------------------------------------------------

    def table(self, name: str, *, arrow: bool = False) -> Frame:
        """A whole table of the record contract, or the clusters view."""
        return _frame(self._rows.table_arrow(name), arrow)

    @property
    def tables(self) -> tuple[str, ...]:
        return (*CONTRACT_TABLES, *VIEWS)

    def sql(self, query: str, *, params: Any = None, arrow: bool = False) -> Frame:
        """Any read-only SQL over the tables (the connection is read-only)."""
        return _frame(self.store.con.sql(query, params=params).to_arrow_table(), arrow)

    # --- listings -------------------------------------------------------------------------------------------

    def documents(self, *, outlet: str | None = None, since: date | None = None, until: date | None = None,
                  arrow: bool = False) -> Frame:
        return _frame(self._arrow.documents(DocumentFilter(outlet=outlet, since=since, until=until, limit=ALL)),
                      arrow)

    def actors(self, *, kind: str | None = None, arrow: bool = False) -> Frame:
        return _frame(self._arrow.actors(kind=kind, limit=ALL), arrow)

    def actor(self, key: str) -> dict[str, Any]:
        """One actor's profile by id, name or alias: names used, roles, mentions per document."""
        return self._rows.actor(key)

    def mentions(self, *, doc: str | None = None, actor: str | None = None, arrow: bool = False) -> Frame:
        return _frame(self._arrow.mentions(doc=doc, actor=actor, limit=ALL), arrow)

    def quotes(self, *, speaker: str | None = None, about: str | None = None, doc: str | None = None,
               outlet: str | None = None, min_confidence: float = 0.0, arrow: bool = False) -> Frame:
        """Quotes and reported speech with speaker, source and the sentence each stands in."""
        where = QuoteFilter(speaker=speaker, about=about, doc=doc, outlet=outlet, min_confidence=min_confidence,
                            limit=ALL)
        return _frame(self._arrow.quotes(where), arrow)

    def events(self, *, actor: str | None = None, between: tuple[str, str] | None = None, type: str | None = None,
               modality: str | None = None, since: date | None = None, until: date | None = None,
               doc: str | None = None, arrow: bool = False) -> Frame:
        """Event mentions; `between=(A, B)`: only those between A and B either way (a state with its people)."""
        return _frame(self._arrow.events(_event_filter(actor, between, type, modality, since, until, doc)), arrow)

    def clusters(self, *, actor: str | None = None, between: tuple[str, str] | None = None, type: str | None = None,
                 modality: str | None = None, since: date | None = None, until: date | None = None,
                 arrow: bool = False) -> Frame:
        """Real events (clusters of mentions): one row each, with how many articles and which outlets told it."""
        return _frame(self._arrow.timeline(_event_filter(actor, between, type, modality, since, until, None)), arrow)

    def commitments(self, *, actor: str | None = None, status: str | None = None, arrow: bool = False) -> Frame:
        return _frame(self._arrow.commitments(actor=actor, status=status), arrow)

    def relations(self, *, as_of: date | None = None, actor: str | None = None, arrow: bool = False) -> Frame:
        """What held on a date: per pair and relation, the latest statement on or before it."""
        return _frame(self._arrow.relations_as_of(as_of, actor), arrow)

    def scores(self, *, actor: str | None = None, arrow: bool = False) -> Frame:
        """Cooperation minus conflict per month and pair of states, each real event counted once."""
        return _frame(self._arrow.dyad_scores(actor), arrow)

    def stances(self, *, holder: str | None = None, doc: str | None = None, arrow: bool = False) -> Frame:
        return _frame(self._arrow.stances(holder=holder, doc=doc, limit=ALL), arrow)

    def claims(self, *, kind: str | None = None, arrow: bool = False) -> Frame:
        return _frame(self._arrow.claims(kind=kind, limit=ALL), arrow)

    def disputes(self, *, topic: str | None = None, arrow: bool = False) -> Frame:
        """Which outlets disagree on what: every differing or contradicting report of a claim, with its
        sentence and what differs."""
        return _frame(self._arrow.disputes(topic), arrow)

    def brief(self, *, topic: str | None = None, since: date | None = None) -> str:
        """The cited briefing as Markdown."""
        return to_markdown(build_brief(self._rows, BriefOptions(topic=topic, since=since)))


def _event_filter(actor: str | None, between: tuple[str, str] | None, plover_type: str | None,
                  modality: str | None, since: date | None, until: date | None, doc: str | None) -> EventFilter:
    first, second = between if between else (actor, None)
    return EventFilter(actor=first, counterpart=second, plover_type=plover_type, modality=modality, since=since,
                       until=until, doc=doc, limit=ALL)


def _frame(table: pa.Table, arrow: bool) -> Frame:
    return table if arrow else table.to_pandas(date_as_object=False)
