"""`sparklog today`: what is done and what is still open today."""

from __future__ import annotations

import typer

from sparklog.app.views import day_report
from sparklog.cli import options
from sparklog.cli.autosync import read_new_first
from sparklog.cli.context import journal_ref, risk_shown, state, today as current_day
from sparklog.cli.news import print_news
from sparklog.render import console as screen, today as show


def today(ctx: typer.Context, json: bool = options.JsonOption) -> None:
    """Show what you have logged today and what is still open."""
    read_new_first(ctx)
    journal = journal_ref(ctx)  # one for both reads: an encrypted journal asks once
    report = day_report(journal, current_day(ctx), state(ctx).config)
    if json:
        screen.print_json(report.to_json())
        return
    out = screen.console()
    show.render_today(out, report, late=risk_shown(ctx))
    print_news(out, journal, report.day, report.day, report.day, partner=report.partner)
