"""`sparklog trends`: month by month, how the habit and the relationship are going."""

from __future__ import annotations

import typer

from sparklog.app.trends import trends as read_trends
from sparklog.cli import options
from sparklog.cli.context import journal_ref, state, today
from sparklog.core.trends import DEFAULT_MONTHS, MAX_MONTHS
from sparklog.errors import UsageError
from sparklog.render import console as screen, remembering as show


def trends(
    ctx: typer.Context,
    months: int = typer.Option(
        DEFAULT_MONTHS, "--months", "-n", metavar="N", help=f"How many months (1 to {MAX_MONTHS})."
    ),
    json: bool = options.JsonOption,
) -> None:
    """Month by month: appreciations, positive against negative, rituals kept, love languages.

    Example: sparklog trends --months 6
    """
    if not 1 <= months <= MAX_MONTHS:
        raise UsageError(f"--months {months} is out of range; use 1 to {MAX_MONTHS}")
    found = read_trends(journal_ref(ctx), today(ctx), state(ctx).config, months)
    if json:
        screen.print_json(found.to_json())
        return
    show.render_trends(screen.console(), found)
