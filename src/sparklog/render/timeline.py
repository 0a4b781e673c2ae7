"""Entries and check-offs in one block per day, newest first (`log`, `gratitude list`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Console
from rich.text import Text

from sparklog.core.timeline import CheckOff, TimelineItem
from sparklog.render.entries import day_title, print_entry
from sparklog.render.glyphs import glyphs


def check_line(check: CheckOff, mark: str) -> Text:
    line = Text("  ")
    line.append(f"{mark} ", style="green")
    line.append(check.ritual)
    line.append("  kept", style="dim")
    return line


def render_timeline(
    out: Console, items: Sequence[TimelineItem], *, empty: str, show_kind: bool = True
) -> None:
    """Items grouped under their day; `show_kind` labels each entry with its kind."""
    marks = glyphs(out)
    if not items:
        out.print(Text(marks.text(empty)))
        return
    current: date | None = None
    for item in items:
        if item.day != current:
            if current is not None:
                out.print()
            out.print(Text(day_title(item.day), style="bold"))
            current = item.day
        if isinstance(item, CheckOff):
            out.print(check_line(item, marks.kept))
        else:
            print_entry(out, item, show_kind=show_kind)
