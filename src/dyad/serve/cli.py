"""The `dyad` command: a thin layer over dyad.analyze and dyad.store that prints tables or JSON. The commands
are written in serve/commands.py (those that write or hand on the record) and serve/listings.py (those that
read it); this module assembles them, in the order `dyad --help` lists them."""

from __future__ import annotations

from typing import Annotated

import typer

from dyad import __version__
from dyad.serve import commands, listings
from dyad.serve.output import out

app = typer.Typer(
    help="Dyad: news coverage of international relations as a source-cited record.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        out.print(f"dyad {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")] = False,
) -> None:
    """Analyse news articles into a DuckDB database, then list, show and query what was found."""



app.command("analyze")(commands.analyze_command)
app.command()(commands.migrate)
app.command()(commands.rebuild)
app.command()(commands.status)
for command in (listings.documents, listings.show, listings.actors, listings.actor, listings.quotes, listings.events,
                listings.timeline, listings.clusters, listings.relations, listings.commitments, listings.stances,
                listings.claims, listings.compare, listings.brief):
    app.command()(command)
app.command("export")(commands.export_command)
app.command()(commands.serve)


if __name__ == "__main__":
    app()
