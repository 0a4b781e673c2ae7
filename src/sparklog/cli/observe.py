"""`sparklog observe`: note an interaction, positive or negative."""

from __future__ import annotations

import typer

from sparklog.app.entries import add_observation
from sparklog.cli import options
from sparklog.cli.context import day_option, journal_ref, now
from sparklog.cli.entries import LangOption
from sparklog.core.entries import Horseman, Lang
from sparklog.errors import UsageError
from sparklog.render import console as screen, entries as show

REFRAME_HINT = 'Is there a kinder way to see it? Next time --reframe "…" keeps it alongside.'


def observe(
    ctx: typer.Context,
    text: str = typer.Argument(
        ..., metavar="TEXT", help="What happened between you, in a few words."
    ),
    negative: bool = typer.Option(
        False, "--negative", "-n", help="It was a negative interaction (default: positive)."
    ),
    horseman: Horseman | None = typer.Option(
        None,
        "--horseman",
        metavar="NAME",
        case_sensitive=False,
        help="For a negative one: criticism, contempt, defensiveness or stonewalling.",
    ),
    reframe: str | None = typer.Option(
        None, "--reframe", "-r", metavar="TEXT", help="A kinder or more specific way to see it."
    ),
    date: str | None = options.DateOption,
    tag: list[str] = options.TagOption,
    lang: Lang | None = LangOption,
) -> None:
    """Record an interaction you noticed, positive unless you say --negative.

    Example: sparklog observe "You really listened tonight" --lang time

    Example: sparklog observe "Snapped about the dishes" -n --horseman criticism
    """

    if horseman is not None and not negative:
        raise UsageError("--horseman belongs to a negative observation; add --negative")
    entry = add_observation(
        journal_ref(ctx),
        text,
        day=day_option(ctx, date),
        now=now(),
        positive=not negative,
        horseman=horseman,
        reframe=reframe,
        tags=tag,
        lang=lang,
    )
    out = screen.console()
    what = "positive" if entry.positive else "negative"
    title = show.day_title(entry.day)
    out.print(show.saved_line(f"Saved a {what} observation for {title}.", entry.tags))
    if negative and entry.reframe is None:
        out.print(REFRAME_HINT, style="dim")
