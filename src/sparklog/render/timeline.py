"""Entries and check-offs in one block per day, newest first (`log`, `gratitude list`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from rich.console import Console
from rich.text import Text

from sparklog.core.timeline import CHECK, CheckOff, Revision, TimelineItem
from sparklog.render.entries import day_title, print_entry
from sparklog.render.glyphs import glyphs


def check_line(check: CheckOff, mark: str, pad: int = 0) -> Text:
    """A check-off ('✓ Tea  kept'), or a skipped day ('· Tea  skipped')."""
    line = Text("  " + " " * pad)
    line.append(f"{mark} ", style="green" if check.kind == CHECK else "dim")
    line.append(check.ritual)
    line.append("  kept" if check.kind == CHECK else "  skipped", style="dim")
    return line


def revision_line(revision: Revision) -> Text:
    """A kept version under its entry: when it was saved, then its words."""
    try:
        when = datetime.fromisoformat(revision.saved_at).astimezone().strftime("%d %b %H:%M")
    except ValueError:
        when = revision.saved_at
    line = Text("      ")
    line.append(f"also kept ({when}): ", style="dim")
    line.append(revision.text)
    return line


def render_deleted(out: Console, revisions: Sequence[Revision]) -> None:
    """Words written on another device after their entry was deleted here or there."""
    if not revisions:
        return
    out.print()
    out.print(Text("Kept from deleted entries", style="bold"))
    for revision in revisions:
        out.print(revision_line(revision))


def render_timeline(
    out: Console,
    items: Sequence[TimelineItem],
    *,
    empty: str,
    show_kind: bool = True,
    short_ids: Mapping[str, str] | None = None,
    highlight: Sequence[str] = (),
    revisions: Mapping[str, Sequence[Revision]] | None = None,
) -> None:
    """Items grouped under their day; `show_kind` labels each entry with its kind.

    Each entry is led by its short id (from `short_ids`), all of one width, so
    the column lines up and can be typed back to `edit` or `delete`. `highlight`
    holds searched words: each word starting with one is marked (a style, so only
    a colour terminal shows it; piped text stays as written). With `revisions`
    (`log --history`), the versions a merge kept follow their entry.
    """
    marks = glyphs(out)
    if not items:
        out.print(Text(marks.text(empty)))
        return
    shorts = short_ids or {}
    width = max((len(short) for short in shorts.values()), default=0)
    current: date | None = None
    for item in items:
        if item.day != current:
            if current is not None:
                out.print()
            out.print(Text(day_title(item.day), style="bold"))
            current = item.day
        if isinstance(item, CheckOff):
            mark = marks.kept if item.kind == CHECK else marks.idle
            out.print(check_line(item, mark, width + 1 if width else 0))
        else:
            short = shorts.get(item.id, "").ljust(width)
            print_entry(out, item, show_kind=show_kind, short=short, highlight=highlight)
            for revision in (revisions or {}).get(item.id, ()):
                out.print(revision_line(revision))
