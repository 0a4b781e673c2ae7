"""`sparklog dates ...`: anniversaries, birthdays, one-off days and their countdowns."""

from __future__ import annotations

from datetime import date

import typer

from sparklog.app import dates
from sparklog.app.remembering import important_dates
from sparklog.cli import options
from sparklog.cli.context import journal_ref, today
from sparklog.core.important_dates import countdown
from sparklog.errors import InvalidDate
from sparklog.render import console as screen, remembering as show

dates_app = typer.Typer(
    help=(
        "Important dates: anniversaries, birthdays, trips, and the day it all began.\n\n"
        'Example: sparklog dates add "First date" 2019-06-14 --together'
    ),
    no_args_is_help=True,
)


def _iso_day(value: str) -> date:
    """A date typed as YYYY-MM-DD, and only that: a birthday is not "yesterday"."""
    try:
        if len(value.strip()) != 10:
            raise ValueError(value)
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidDate(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2019-06-14") from None


@dates_app.command("add")
def dates_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="NAME", help="What the day is, e.g. 'First date'."),
    day: str = typer.Argument(..., metavar="YYYY-MM-DD", help="The date itself."),
    once: bool = typer.Option(False, "--once", help="A one-off (a trip), not every year."),
    together: bool = typer.Option(
        False, "--together", help="The day it began: also marks 100, 500, 1000... days."
    ),
) -> None:
    """Keep a date; it comes round every year unless you add --once.

    Example: sparklog dates add "First date" 2019-06-14 --together
    """
    when = _iso_day(day)
    current = today(ctx)
    made = dates.add(journal_ref(ctx), name, when, today=current, once=once, together=together)
    show.render_added(screen.console(), countdown(made, current))


@dates_app.command("list")
def dates_list(ctx: typer.Context, json: bool = options.JsonOption) -> None:
    """Every date, the soonest first, with how long until it comes round.

    Example: sparklog dates list --json
    """
    found = important_dates(journal_ref(ctx), today(ctx))
    if json:
        screen.print_json(found.to_json())
        return
    show.render_dates(screen.console(), found)


@dates_app.command("remove")
def dates_remove(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="NAME", help="The date's name, or the start of it."),
) -> None:
    """Forget a date.

    Example: sparklog dates remove "Lisbon"
    """
    show.render_removed(screen.console(), dates.remove(journal_ref(ctx), name))
