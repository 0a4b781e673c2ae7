"""Entries as short, calm lines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Console
from rich.text import Text

from sparklog.core.entries import Entry, Kind


def day_title(day: date) -> str:
    return day.strftime("%a %d %b %Y")


def entry_line(entry: Entry, *, show_kind: bool = False) -> Text:
    line = Text("  ")
    if entry.kind is Kind.THREE:
        line.append(f"{entry.slot}. ", style="cyan")
    elif entry.kind is Kind.OBSERVATION:
        if entry.positive:
            line.append("+ ", style="green")
        else:
            line.append("- ", style="yellow")
    else:
        line.append("* ", style="magenta")
    if show_kind:
        line.append(f"[{entry.kind.value}] ", style="dim")
    line.append(entry.text)
    extras = [f"#{tag}" for tag in entry.tags if f"#{tag}" not in entry.text.lower()]
    if entry.lang:
        extras.append(entry.lang.value)
    if entry.horseman:
        extras.append(entry.horseman.value)
    if extras:
        line.append("  " + " · ".join(extras), style="dim")
    if entry.reframe:
        line.append(f"\n    reframed: {entry.reframe}", style="italic")
    return line


def render_entry_list(out: Console, entries: Sequence[Entry], *, empty: str) -> None:
    """Entries grouped under their day, newest day first."""
    if not entries:
        out.print(empty)
        return
    current: date | None = None
    for entry in entries:
        if entry.day != current:
            if current is not None:
                out.print()
            out.print(Text(day_title(entry.day), style="bold"))
            current = entry.day
        out.print(entry_line(entry))
