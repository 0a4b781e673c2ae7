"""`sparklog today`: what is done and what is still open today."""

from __future__ import annotations

import typer

from sparklog.cli import options
from sparklog.cli.context import journal_ref, state, today as current_day


def today(ctx: typer.Context, json: bool = options.JsonOption) -> None:
    """Show what you have logged today and what is still open."""
    from sparklog.app.views import day_report

    report = day_report(journal_ref(ctx), current_day(ctx), state(ctx).config)
    if json:
        from sparklog.render.console import print_json

        print_json(report.to_json())
        return
    from sparklog.render.console import console
    from sparklog.render.today import render_today

    render_today(console(), report)
