"""Options shared by several commands, declared once."""

from __future__ import annotations

from typing import Any

import typer

from sparklog.core.dates import ACCEPTED

DATE_HELP = f"Journal day: {ACCEPTED}."


def date_option(what: str = "") -> Any:
    """`--date/-d`, its help led by what the date picks in this command."""
    return typer.Option(None, "--date", "-d", metavar="DATE", help=f"{what}{DATE_HELP}")


DateOption = date_option()
SinceOption = typer.Option(None, "--since", metavar="DATE", help="First day to include.")
UntilOption = typer.Option(None, "--until", metavar="DATE", help="Last day to include.")
JsonOption = typer.Option(False, "--json", help="Print JSON to stdout instead of a view.")
TagOption = typer.Option(
    [],
    "--tag",
    "-t",
    metavar="TAG",
    help="A tag to add (repeatable); #words in the text count too.",
)
