"""`sparklog share`: the day's appreciations as a message to paste into a chat.

The message alone goes to stdout, so `sparklog share | wl-copy` (or pbcopy) copies
exactly what should be sent. A day with nothing to share is an error (exit 1, the
hint on stderr): a pipe then copies nothing rather than the hint.
"""

from __future__ import annotations

import typer

from sparklog.app.views import share_lines
from sparklog.cli import options
from sparklog.cli.context import day_option, journal_ref, state, today as current_day
from sparklog.core.share import share_message
from sparklog.errors import NotFound


def share(ctx: typer.Context, date: str | None = options.DateOption) -> None:
    """The day's appreciations as a plain message for your partner.

    Uses partner_name from the config when set. Example: sparklog share | wl-copy
    """
    today = current_day(ctx)
    day = day_option(ctx, date)
    lines = share_lines(journal_ref(ctx), day)
    if not lines:
        which = "today" if day == today else day.isoformat()
        flag = "" if day == today else f" --date {day.isoformat()}"
        raise NotFound(
            f"no appreciations for {which} yet; add one with"
            f' sparklog gratitude add "…"{flag} (or sparklog three{flag})'
        )
    partner = state(ctx).config.partner_name
    typer.echo(share_message(lines, day=day, today=today, partner=partner), nl=False)
