"""`sparklog month` and `sparklog year`: calendar heat maps of days logged and rituals kept."""

from __future__ import annotations

import re
from datetime import date as Day
from typing import Literal

import typer

from sparklog.app.listings import calendar_span
from sparklog.cli import options
from sparklog.cli.context import journal_ref, state, today
from sparklog.core.calendar import month_range, year_range
from sparklog.core.dates import EARLIEST, parse_day, within_journal
from sparklog.errors import InvalidDate
from sparklog.render import calendar as show, console as screen

_YEAR_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def month(
    ctx: typer.Context,
    date: str | None = options.date_option("A day in the month to show, or YEAR-MONTH. "),
) -> None:
    """Show a month as a calendar: how much you logged each day, and rituals kept.

    Example: sparklog month --date 2026-10
    """
    current = today(ctx)
    if date is None:
        day = current
    elif match := _YEAR_MONTH.match(date):
        try:
            day = Day(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            raise InvalidDate(f"{date!r} is not a month; use YEAR-MONTH like 2026-10") from None
        within_journal(day, current)
    else:
        day = parse_day(date, current)
    first, last = month_range(day)
    _show(ctx, first, last, current, "month")


def year(
    ctx: typer.Context,
    year: int | None = typer.Argument(
        None, metavar="YEAR", help="The year to show (default: this year)."
    ),
) -> None:
    """Show a year as a heat map: weeks across, weekdays down.

    Example: sparklog year 2025
    """
    current = today(ctx)
    chosen = current.year if year is None else year
    if chosen > current.year:
        raise InvalidDate(f"{chosen} is in the future; this year is {current.year}")
    if chosen < EARLIEST.year:
        raise InvalidDate(f"{chosen} is before {EARLIEST.year}; give a year like {current.year}")
    first, last = year_range(chosen)
    _show(ctx, first, last, current, "year")


def _show(
    ctx: typer.Context, first: Day, last: Day, current: Day, shape: Literal["month", "year"]
) -> None:
    span = calendar_span(
        journal_ref(ctx), first, last, today=current, week_start=state(ctx).config.week_start
    )
    draw = show.render_month if shape == "month" else show.render_year
    draw(screen.console(), span)
