"""Options shared by several commands, declared once."""

from __future__ import annotations

from typing import Any

import typer

from sparklog.cli import complete
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
    autocompletion=complete.tags,
)
TagFilterOption = typer.Option(
    None, "--tag", "-t", metavar="TAG", help="Only this tag.", autocompletion=complete.tags
)

NoPagerOption = typer.Option(
    False, "--no-pager", help="Print straight to the terminal, not through $PAGER."
)
ShareOption = typer.Option(
    False, "--share", help="Send it to your partner too (at the next sparklog partner sync)."
)

MAX_LIMIT = 1_000_000
"""The most items `--limit` can ask for; far beyond any journal, and safe for SQLite."""


def _in_range(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= MAX_LIMIT:
        raise typer.BadParameter(f"{value} is out of range; use 0 (all) to {MAX_LIMIT}")
    return value


def limit_option(default_help: str) -> Any:
    """`--limit/-n N`: 0 means all; outside 0..MAX_LIMIT is a usage error naming the range."""
    return typer.Option(
        None,
        "--limit",
        "-n",
        callback=_in_range,
        metavar="N",
        help=f"Show at most N items (0 to {MAX_LIMIT:,}; 0: all). {default_help}",
    )
