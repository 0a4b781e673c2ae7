"""`sparklog share`: the day's (or week's) appreciations as a message to paste into a chat.

The message alone goes to stdout, so `sparklog share | wl-copy` (or pbcopy) copies
exactly what should be sent. A day with nothing to share is an error (exit 1, the
hint on stderr): a pipe then copies nothing rather than the hint.
"""

from __future__ import annotations

from datetime import date, timedelta

import typer

from sparklog.app.listings import share_lines, share_week_lines
from sparklog.cli import options
from sparklog.cli.context import day_option, journal_ref, now, state, today as current_day
from sparklog.core.dates import week_start_of
from sparklog.core.share import share_message, week_when
from sparklog.errors import NotFound


def share(
    ctx: typer.Context,
    date: str | None = options.date_option("The day to share, or a day in the week. "),
    week: bool = typer.Option(
        False, "--week", "-w", help="Share the whole week's appreciations as one message."
    ),
    send: bool = typer.Option(
        False, "--send", help="Send it to your partner too (at the next sparklog partner sync)."
    ),
) -> None:
    """The day's appreciations as a plain message for your partner.

    Uses partner_name from the config when set. Example: sparklog share --week | wl-copy
    (joined with a partner: sparklog share --week --send)
    """
    today = current_day(ctx)
    day = day_option(ctx, date)
    config = state(ctx).config
    partner = config.partner_name
    flag = "" if day == today else f" --date {day.isoformat()}"
    if week:
        first = week_start_of(day, config.week_start)
        lines = share_week_lines(journal_ref(ctx), first, first + timedelta(days=6))
        when = week_when(first, week_start_of(today, config.week_start))
        if not lines:
            raise NotFound(
                f"no appreciations {when} yet; add one with"
                f' sparklog gratitude add "…" (or sparklog three)'
            )
        _send(ctx, send, share_message(lines, today=today, partner=partner, when=when), first)
        return
    lines = share_lines(journal_ref(ctx), day)
    if not lines:
        which = "today" if day == today else day.isoformat()
        raise NotFound(
            f"no appreciations for {which} yet; add one with"
            f' sparklog gratitude add "…"{flag} (or sparklog three{flag})'
        )
    _send(ctx, send, share_message(lines, day=day, today=today, partner=partner), day)


def _send(ctx: typer.Context, send: bool, message: str, day: date) -> None:
    """Print the message; with --send, mark it for the partner first."""
    if send:
        from sparklog.app.partner import send_message

        send_message(journal_ref(ctx), message.rstrip("\n"), day, now=now())
        typer.echo("Marked for your partner; it goes at the next sparklog partner sync.", err=True)
    typer.echo(message, nl=False)
