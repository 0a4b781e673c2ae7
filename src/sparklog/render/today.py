"""The `today` view."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from sparklog.core.day import DayReport
from sparklog.core.kinds import SLOTS, definition
from sparklog.render.entries import print_entry
from sparklog.render.remembering import memory_line, upcoming_lines
from sparklog.render.rituals import ritual_lines, streak_summary


def render_today(out: Console, report: DayReport, *, late: bool = True) -> None:
    out.print(Text(report.day.strftime("%A %d %B %Y"), style="bold"))
    if report.is_empty:
        out.print("Nothing logged yet today.")
        out.print(
            Text.assemble(
                "Start with ",
                ("sparklog evening", "bold"),
                " or ",
                ('sparklog three "…"', "bold"),
                ".",
            )
        )
    three = [e for e in report.entries if definition(e.kind).slotted]
    out.print(Text(f"Three things  {len(three)} of {len(SLOTS)}", style="cyan" if three else "dim"))
    for entry in sorted(three, key=lambda e: e.slot or 0):
        print_entry(out, entry)
    others = [e for e in report.entries if not definition(e.kind).slotted]
    if others:
        out.print(Text("Also noted", style="bold"))
        for entry in others:
            # An appreciation needs no label here; anything else says what it is.
            print_entry(out, entry, show_kind=not definition(entry.kind).appreciation)
    ritual_lines(out, report.rituals_due, report.rituals_done, report.rituals_skipped)
    streak_summary(out, report.streaks, late=late)
    upcoming_lines(out, report.upcoming)
    memory_line(out, report.memory)
