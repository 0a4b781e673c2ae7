"""`sparklog today`: what is done and what is still open today."""

from __future__ import annotations

import typer

from sparklog.cli import options
from sparklog.cli.context import open_store, state
from sparklog.cli.context import today as current_day


def today(ctx: typer.Context, json: bool = options.JsonOption) -> None:
    """Show what you have logged today and what is still open."""
    from sparklog.reports import day_report

    day = current_day(ctx)
    journal = open_store(ctx, write=False)
    with journal.transaction() as session:
        report = day_report(session, day, state(ctx).config)
    if json:
        from sparklog.render.console import print_json

        print_json(report.to_json())
        return
    from sparklog.render.console import console
    from sparklog.render.today import render_today

    render_today(console(), report)
