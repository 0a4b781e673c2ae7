"""`sparklog week`: the weekly summary."""

from __future__ import annotations

from datetime import timedelta

import typer

from sparklog.app.views import week_report
from sparklog.cli import options
from sparklog.cli.autosync import read_new_first
from sparklog.cli.context import journal_ref, risk_shown, state, today as current_day
from sparklog.cli.news import print_news
from sparklog.core.dates import parse_day
from sparklog.errors import UsageError
from sparklog.render import console as screen, week as show


def week(
    ctx: typer.Context,
    date: str | None = options.date_option("A day in the week to show. "),
    last: bool = typer.Option(False, "--last", help="Show last week."),
    json: bool = options.JsonOption,
) -> None:
    """Show the week: days logged, rituals, streaks, positive against negative.

    Example: sparklog week --last
    """
    if date is not None and last:
        raise UsageError("use --date or --last, not both")
    # One reading of the clock for both, so a run at the rollover hour cannot
    # show one journal day's week with another day as "today".
    today = current_day(ctx)
    day = today if date is None else parse_day(date, today)
    if last:
        day = today - timedelta(days=7)
    read_new_first(ctx)
    journal = journal_ref(ctx)  # one for both reads: an encrypted journal asks once
    summary = week_report(journal, day, state(ctx).config, today)
    if json:
        screen.print_json(summary.to_json())
        return
    out = screen.console()
    show.render_week(out, summary, late=risk_shown(ctx))
    span = summary.week
    print_news(out, journal, span.start, span.end, today, partner=summary.partner)
