"""`sparklog memories`: on this day, a week, a month and every year ago."""

from __future__ import annotations

import typer

from sparklog.app.remembering import memories as read_memories, random_memory
from sparklog.cli import options
from sparklog.cli.context import day_option, journal_ref
from sparklog.render import console as screen, remembering as show


def memories(
    ctx: typer.Context,
    date: str | None = options.date_option("The day to look back from. "),
    random: bool = typer.Option(
        False, "--random", help="One past appreciation instead: the same all day."
    ),
    json: bool = options.JsonOption,
) -> None:
    """On this day: what you wrote a week, a month and every year before.

    Example: sparklog memories --date 2026-02-28
    """
    day = day_option(ctx, date)
    if random:
        entry = random_memory(journal_ref(ctx), day)
        if json:
            screen.print_json(
                {"date": day.isoformat(), "entry": entry.to_json() if entry else None}
            )
            return
        show.render_random(screen.console(), entry)
        return
    found = read_memories(journal_ref(ctx), day)
    if json:
        screen.print_json(found.to_json())
        return
    show.render_memories(screen.console(), found)
