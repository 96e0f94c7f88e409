"""How the CLI's listings print, the same for every listing (the conventions of sqlite-utils and Datasette):
a table by default, or every field as --json (an array), --nl (one JSON object a line), --csv or --tsv;
--fields picks and orders the fields, --sort orders the rows (a leading - for descending), --limit cuts.
An empty result is not an error: it prints an empty array, a header, or a note on stderr, and exits 0."""

from __future__ import annotations

import csv
import functools
import inspect
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, get_type_hints

import typer
from rich.console import Console
from rich.table import Table

out = Console()
err = Console(stderr=True)

Row = dict[str, Any]
Columns = Callable[[list[Row]], tuple[list[str], list[list[Any]]]]  # rows → headers and cells of the table view


@dataclass(frozen=True, slots=True)
class Listing:
    title: str  # what the rows are; the count is added
    rows: list[Row]
    columns: Columns | None = None  # the table view's own columns; None shows every field
    printer: Callable[[list[Row]], None] | None = None  # a view of its own instead of a table (quotes)


@dataclass(frozen=True, slots=True)
class OutputOptions:
    as_json: bool = False
    as_nl: bool = False
    as_csv: bool = False
    as_tsv: bool = False
    fields: str | None = None
    sort: str | None = None
    limit: int | None = None


_OPTIONS = [
    inspect.Parameter("as_json", inspect.Parameter.KEYWORD_ONLY, default=False,
                      annotation=Annotated[bool, typer.Option("--json", help="Print a JSON array of every field.")]),
    inspect.Parameter("as_nl", inspect.Parameter.KEYWORD_ONLY, default=False,
                      annotation=Annotated[bool, typer.Option("--nl", help="Print one JSON object a line.")]),
    inspect.Parameter("as_csv", inspect.Parameter.KEYWORD_ONLY, default=False,
                      annotation=Annotated[bool, typer.Option("--csv", help="Print CSV with a header.")]),
    inspect.Parameter("as_tsv", inspect.Parameter.KEYWORD_ONLY, default=False,
                      annotation=Annotated[bool, typer.Option("--tsv", help="Print tab-separated values.")]),
    inspect.Parameter("fields", inspect.Parameter.KEYWORD_ONLY, default=None,
                      annotation=Annotated[str | None, typer.Option(help="Comma-separated fields to show, in order.")]),
    inspect.Parameter("sort", inspect.Parameter.KEYWORD_ONLY, default=None,
                      annotation=Annotated[str | None, typer.Option(help="Sort by fields (-field: descending).")]),
    inspect.Parameter("limit", inspect.Parameter.KEYWORD_ONLY, default=None,
                      annotation=Annotated[int | None, typer.Option(min=0, help="At most this many rows.")]),
]


def fail(message: str) -> typer.Exit:
    """A usage error: said on stderr, exit status 2."""
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code=2)


def listing_command(func: Callable[..., Listing]) -> Callable[..., None]:
    """Gives a command that returns a Listing the output options every listing shares, and prints it."""
    hints = get_type_hints(func, include_extras=True)  # resolved where func was written, not here
    signature = inspect.signature(func)
    parameters = [p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()]

    @functools.wraps(func)
    def command(**kwargs: Any) -> None:
        options = OutputOptions(**{p.name: kwargs.pop(p.name) for p in _OPTIONS})
        emit(func(**kwargs), options)

    command.__signature__ = signature.replace(parameters=[*parameters, *_OPTIONS])  # type: ignore[attr-defined]
    command.__annotations__ = {**hints, **{p.name: p.annotation for p in _OPTIONS}}
    return command


def emit(listing: Listing, options: OutputOptions) -> None:
    formats = [options.as_json, options.as_nl, options.as_csv, options.as_tsv]
    if sum(formats) > 1:
        raise fail("choose one of --json, --nl, --csv and --tsv")
    rows = _sorted(listing.rows, options.sort)[: options.limit]
    fields = _fields(listing.rows, options.fields)
    if fields is not None:
        rows = [{f: row.get(f) for f in fields} for row in rows]
    if options.as_json:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False, default=json_default) + "\n")
    elif options.as_nl:
        sys.stdout.writelines(json.dumps(row, ensure_ascii=False, default=json_default) + "\n" for row in rows)
    elif options.as_csv or options.as_tsv:
        _write_delimited(rows, fields or _all_fields(listing.rows), "," if options.as_csv else "\t")
    elif not rows:
        err.print(f"no {listing.title} match")
    elif fields is None and listing.printer:
        listing.printer(rows)
    elif fields is None and listing.columns:
        print_table(f"{len(rows)} {listing.title}", *listing.columns(rows))
    else:
        columns = fields or _all_fields(rows)
        print_table(f"{len(rows)} {listing.title}", columns, [[_cell(row.get(c)) for c in columns] for row in rows])


def print_table(title: str, columns: Sequence[str], rows: list[list[Any]]) -> None:
    """A table whose first column (an id) never wraps; None shows as a dash."""
    table = Table(title=title)
    table.add_column(columns[0], no_wrap=True)
    for column in columns[1:]:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("–" if value is None else str(value) for value in row))
    out.print(table)


def _all_fields(rows: list[Row]) -> list[str]:
    return list(rows[0]) if rows else []


def _fields(rows: list[Row], fields: str | None) -> list[str] | None:
    if fields is None:
        return None
    chosen = [f.strip() for f in fields.split(",") if f.strip()]
    known = _all_fields(rows)
    unknown = [f for f in chosen if rows and f not in known]
    if unknown or not chosen:
        raise fail(f"no field {', '.join(unknown) or repr(fields)}; the fields are {', '.join(known)}")
    return chosen


def _sorted(rows: list[Row], sort: str | None) -> list[Row]:
    """Stable sorts from the last key to the first; None sorts last in either direction."""
    if not sort:
        return rows
    keys = [k.strip() for k in sort.split(",") if k.strip()]
    known = _all_fields(rows)
    for key in reversed(keys):
        name, descending = key.removeprefix("-"), key.startswith("-")
        if rows and name not in known:
            raise fail(f"cannot sort by {name!r}; the fields are {', '.join(known)}")
        present = sorted((r for r in rows if r[name] is not None), key=lambda r: _sort_key(r[name]),
                         reverse=descending)
        rows = present + [r for r in rows if r[name] is None]
    return rows


def _sort_key(value: Any) -> Any:
    return json.dumps(value, default=json_default, ensure_ascii=False) if isinstance(value, list | dict) else value


def _write_delimited(rows: list[Row], fields: list[str], delimiter: str) -> None:
    """Lists and structs go into their cells as JSON; dates as ISO 8601."""
    writer = csv.writer(sys.stdout, delimiter=delimiter, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_delimited_cell(row.get(f)) for f in fields])


def _delimited_cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=json_default)
    return json_default(value) if isinstance(value, date | datetime) else value


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=json_default) + "\n")
