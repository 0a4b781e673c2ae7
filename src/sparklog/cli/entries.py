"""`sparklog gratitude ...` and `sparklog three`: the appreciations."""

from __future__ import annotations

from datetime import date

import typer

from sparklog.app import entries as use
from sparklog.app.journal import refuse_read_only
from sparklog.app.listings import gratitude_list as appreciations
from sparklog.cli import options, prompting
from sparklog.cli.context import day_option, day_range, journal_ref, now, state, today
from sparklog.cli.paging import paged
from sparklog.cli.prompting import ask, confirm
from sparklog.core.entries import Lang
from sparklog.core.text import clean_text, normalize_tag
from sparklog.core.three import SLOTS, open_slots
from sparklog.errors import Conflict, InputClosed, Interrupted, UsageError
from sparklog.render import console as screen, entries as show, glyphs, timeline

gratitude_app = typer.Typer(
    help="Record and list appreciations of your partner.",
    no_args_is_help=True,
)

SHARED_LINE = "Marked for your partner; it goes at the next sparklog partner sync."

LangOption = typer.Option(
    None,
    "--lang",
    "-l",
    metavar="LANG",
    case_sensitive=False,
    help="Love language it speaks: words, acts, gifts, time or touch.",
)


@gratitude_app.command("add")
def gratitude_add(
    ctx: typer.Context,
    text: str | None = typer.Argument(
        None,
        metavar="TEXT",
        help="What you appreciate. Leave out to write it in $EDITOR (or at a prompt).",
    ),
    date: str | None = options.DateOption,
    tag: list[str] = options.TagOption,
    lang: Lang | None = LangOption,
    share: bool = options.ShareOption,
) -> None:
    """Record something you appreciate about your partner.

    Example: sparklog gratitude add "You made coffee before I woke up #mornings" --lang acts
    """

    day = day_option(ctx, date)
    if text is None:
        text = _compose(ctx, day, show.day_title(day))
    entry = use.add_gratitude(
        journal_ref(ctx), text, day=day, now=now(), tags=tag, lang=lang, share=share
    )
    screen.console().print(show.saved_line(f"Saved for {show.day_title(entry.day)}.", entry.tags))
    if share:
        screen.console().print(SHARED_LINE)


def _compose(ctx: typer.Context, day: date, title: str) -> str:
    """Text from the editor, or from one prompt line when there is no editor."""
    if day == today(ctx):
        question = "What do you appreciate about your partner today?"
    else:
        question = f"What did you appreciate about your partner on {title}?"
    return prompting.compose(state(ctx).config.editor, question)


@gratitude_app.command("list")
def gratitude_list(
    ctx: typer.Context,
    since: str | None = options.SinceOption,
    until: str | None = options.UntilOption,
    tag: str | None = options.TagFilterOption,
    json: bool = options.JsonOption,
    no_pager: bool = options.NoPagerOption,
) -> None:
    """List your appreciations, newest first (gratitude and three-things items).

    Example: sparklog gratitude list --since 2026-01-01 --tag mornings
    """

    first, last = day_range(ctx, since, until)
    wanted = normalize_tag(tag) if tag else None
    listing = appreciations(journal_ref(ctx), first, last, tag=wanted)
    found = listing.items
    if json:
        screen.print_json([entry.to_json() for entry in found])
        return
    if first or last or wanted:
        empty = "No appreciations match."
    else:
        empty = 'No appreciations yet. Add one: sparklog gratitude add "…"'
    with paged(not no_pager):
        timeline.render_timeline(
            screen.console(), found, empty=empty, show_kind=False, short_ids=listing.short_ids
        )


def three(
    ctx: typer.Context,
    items: list[str] | None = typer.Argument(
        None,
        metavar="ITEM",
        help="Up to three things you appreciate today; missing ones are asked for.",
    ),
    date: str | None = options.DateOption,
    replace: bool = typer.Option(
        False, "--replace", help="Replace the day's items if it already has them."
    ),
    share: bool = options.ShareOption,
) -> None:
    """Write today's three things you appreciate about your partner.

    Example: sparklog three "the coffee" "your call at lunch" "the walk home" --share
    """

    given = list(items or [])
    if len(given) > 3:
        raise UsageError(f"three takes at most three items, not {len(given)}")
    for number, item in enumerate(given, start=1):
        clean_text(item, f"item {number}")
    day = day_option(ctx, date)
    title = show.day_title(day)
    out = screen.console()
    journal = journal_ref(ctx)
    existing = use.three_written(journal, day)
    refuse_read_only(journal)
    if existing and not replace:
        if len(existing) == 3 or len(given) > 3 - len(existing):
            out.print(f"{title} already has:")
            for slot in sorted(existing):
                show.print_entry(out, existing[slot])
            if prompting.interactive():
                if not confirm("Replace them?"):
                    out.print("Kept them; nothing changed.")
                    return
                replace = True
            else:
                raise Conflict(
                    f"{day.isoformat()} already has {len(existing)} of its three things;"
                    " pass --replace to write new ones (the old ones were kept)"
                )
        else:
            out.print(f"Already written for {title}:")
            for slot in sorted(existing):
                show.print_entry(out, existing[slot])
    slots = open_slots(existing, replace=replace)
    answers = list(zip(slots, given, strict=False))
    asked = slots[len(given) :]
    # When redoing a day, Enter on an item keeps the old one: only what is retyped
    # replaces anything, so a half-finished redo never loses an item.
    keeping = {slot: existing[slot] for slot in asked if replace and slot in existing}
    if asked:
        who = state(ctx).config.partner_name or "your partner"
        hint = "Enter keeps the item in brackets" if keeping else "Enter stops"
        heading = f"Three things you appreciate about {who} ({title}); {hint}."
        out.print(heading)
    marks = glyphs.glyphs(out)
    try:
        for slot in asked:
            old = keeping.get(slot)
            shown = f" [{marks.text(show.preview(old.text))}]" if old is not None else ""
            answer = ask(f"{slot}{shown}")
            if not answer.strip():
                if keeping:
                    continue  # this item stays as it was; ask for the next
                break
            clean_text(answer, f"item {slot}")
            answers.append((slot, answer))
    except KeyboardInterrupt:
        # The items are saved together at the end, so nothing of this run is kept.
        raise Interrupted("stopped; nothing was saved") from None
    except InputClosed:
        # A closed stdin ends the asking as Enter does: what was given is saved.
        if not answers:
            raise InputClosed(
                "standard input closed before an answer was given; nothing was saved"
            ) from None
    if not answers:
        if keeping:
            out.print("Nothing retyped; the day's items were kept as they were.")
        else:
            out.print("Nothing written; nothing saved.")
        return
    saved = use.add_three(journal, answers, day=day, now=now(), replace=replace, share=share)
    kept = sorted(set(existing) - {slot for slot, _ in answers}) if replace else []
    line = f"Saved {saved.filled} of 3 for {title}"
    if kept:
        line += f"; {show.slot_words(kept)} kept as {'it was' if len(kept) == 1 else 'they were'}"
    out.print(line + ".")
    missing = [slot for slot in SLOTS if slot not in {*existing, *(slot for slot, _ in answers)}]
    if saved.filled < 3 and missing:
        flag = "" if day == today(ctx) else f" --date {day.isoformat()}"
        out.print(
            f"Still missing: {show.slot_words(missing)} (add later: sparklog three{flag}).",
            style="dim",
        )
    if share:
        out.print(SHARED_LINE)
