"""`sparklog observe`: note an interaction, positive or negative."""

from __future__ import annotations

import typer

from sparklog.cli import options
from sparklog.cli.context import day_option, now, open_store
from sparklog.cli.entries import LangOption
from sparklog.core.entries import Horseman, Lang
from sparklog.core.text import clean_text, normalize_tag
from sparklog.errors import UsageError

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
    from sparklog.record import add_observation
    from sparklog.render.console import console
    from sparklog.render.entries import day_title, saved_line

    if horseman is not None and not negative:
        raise UsageError("--horseman belongs to a negative observation; add --negative")
    clean_text(text, "observation")
    if reframe is not None:
        clean_text(reframe, "reframe")
    for item in tag:
        normalize_tag(item)
    day = day_option(ctx, date)
    journal = open_store(ctx, write=True)
    with journal.transaction() as session:
        entry = add_observation(
            session,
            text,
            day=day,
            now=now(),
            positive=not negative,
            horseman=horseman,
            reframe=reframe,
            tags=tag,
            lang=lang,
        )
    out = console()
    what = "positive" if entry.positive else "negative"
    out.print(saved_line(f"Saved a {what} observation for {day_title(entry.day)}.", entry.tags))
    if negative and entry.reframe is None:
        out.print(REFRAME_HINT, style="dim")
