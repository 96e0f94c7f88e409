"""What the commands share: the options they take and how they read the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import typer

from dyad.errors import DyadError
from dyad.serve.output import fail
from dyad.store import Store

EventActorOption = Annotated[str | None, typer.Option(
    "--actor", help="Source or target; a state includes its people, bodies.")]
CounterpartOption = Annotated[str | None, typer.Option(help="With --actor: only events between the two.")]
PloverTypeOption = Annotated[str | None, typer.Option("--type", help="PLOVER category, e.g. AGREE.")]
DbOption = Annotated[str, typer.Option("--db", help="Database file.", envvar="DYAD_DB")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ALL = 10_000_000  # listings fetch every row; --limit cuts after --sort
Since = Annotated[str | None, typer.Option(help="On or after (YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option(help="On or before (YYYY-MM-DD).")]
ModalityOption = Annotated[str | None, typer.Option(help="past, announced, hypothetical, historical or negated.")]


def read[T](db: str, query: Callable[[Store], T]) -> T:
    """Run a read-only query against the database; a DyadError becomes a clean CLI error."""
    try:
        with Store(db, read_only=True) as store:
            return query(store)
    except DyadError as error:
        raise fail(str(error)) from error


def date_option(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise fail(f"{name} takes a date as YYYY-MM-DD, not {value!r}") from error

