"""`sparklog memories`: on this day, a week, a month and every year ago."""

from __future__ import annotations

import typer

from sparklog.cli import options
from sparklog.cli.context import day_option, journal_ref


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
    from sparklog.app.views import memories as read_memories, random_memory

    day = day_option(ctx, date)
    if random:
        entry = random_memory(journal_ref(ctx), day)
        if json:
            from sparklog.render.console import print_json

            print_json({"date": day.isoformat(), "entry": entry.to_json() if entry else None})
            return
        from sparklog.render.console import console
        from sparklog.render.remembering import render_random

        render_random(console(), entry)
        return
    found = read_memories(journal_ref(ctx), day)
    if json:
        from sparklog.render.console import print_json

        print_json(found.to_json())
        return
    from sparklog.render.console import console
    from sparklog.render.remembering import render_memories

    render_memories(console(), found)
