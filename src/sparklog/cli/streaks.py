"""`sparklog streaks`: every streak, current and best, with each ritual's strength."""

from __future__ import annotations

import typer

from sparklog.cli import options
from sparklog.cli.context import journal_ref, state, today


def streaks(ctx: typer.Context, json: bool = options.JsonOption) -> None:
    """Show every streak: gratitude, three things and each ritual, current and best.

    A streak still open today (or this week) is "at risk", not broken. Strength
    (0-100) is how established a ritual is: a smoothed rate of keeping it.
    """
    from sparklog.app.views import streaks_report

    report = streaks_report(journal_ref(ctx), today(ctx), state(ctx).config)
    if json:
        from sparklog.render.console import print_json

        print_json(report.to_json())
        return
    from sparklog.render.console import console
    from sparklog.render.rituals import render_streaks

    render_streaks(console(), report)
