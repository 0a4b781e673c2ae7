"""`sparklog streaks`: every streak, current and best, with each ritual's strength."""

from __future__ import annotations

import typer

from sparklog.app.views import streaks_report
from sparklog.cli import options
from sparklog.cli.context import journal_ref, risk_shown, state, today
from sparklog.render import console as screen, rituals as show


def streaks(ctx: typer.Context, json: bool = options.JsonOption) -> None:
    """Show every streak: gratitude, three things and each ritual, current and best.

    A streak still open today (or this week) is "at risk", not broken. Strength
    (0-100) is how established a ritual is: a smoothed rate of keeping it.
    """
    report = streaks_report(journal_ref(ctx), today(ctx), state(ctx).config)
    if json:
        screen.print_json(report.to_json())
        return
    show.render_streaks(screen.console(), report, late=risk_shown(ctx))
