"""What the evening flow prints around its questions: a greeting, written items, the close."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.text import Text

from sparklog.core.day import DayReport
from sparklog.core.entries import Entry
from sparklog.core.kinds import KINDS, SLOTS, definition
from sparklog.core.streaks import RitualStatus
from sparklog.render.entries import print_entry
from sparklog.render.remembering import memory_line
from sparklog.render.rituals import streak_rows, streak_words


def written_lines(out: Console, written: tuple[Entry, ...]) -> None:
    """The three-things items already on the day, so the user knows what is left."""
    out.print(Text("Already written:", style="dim"))
    for entry in written:
        print_entry(out, entry)


def closing(out: Console, report: DayReport, *, late: bool = True) -> None:
    """Today's state and the streaks, in a few short lines.

    Before `risk_hour` (`late` False) an open streak is only "open", quietly.
    """
    counts = Counter(entry.kind for entry in report.entries)
    three = sum(n for kind, n in counts.items() if definition(kind).slotted)
    parts = [f"three things {three} of {len(SLOTS)}"]
    rituals = len(report.rituals_due) + len(report.rituals_done)
    if rituals:
        parts.append(f"rituals {len(report.rituals_done)} of {rituals}")
    for kind, spec in KINDS.items():
        count = counts[kind]
        if count and not spec.slotted:
            # The three things are appreciations too, so the others are "more".
            more = "more " if spec.appreciation else ""
            parts.append(f"{count} {more}{spec.noun if count == 1 else spec.plural}")
    _wrapped(
        out, Text(f"{report.day.strftime('%A')}: ", style="bold"), [Text(part) for part in parts]
    )
    statuses = report.streaks.rituals
    still_open = [s.ritual.name for s in statuses if _open(s) and not s.said_no_today]
    not_kept = [s.ritual.name for s in statuses if _open(s) and s.said_no_today]
    skipped = [s.ritual.name for s in statuses if s.skipped_today]
    for label, names in (("Still open", still_open), ("Not kept", not_kept), ("Skipped", skipped)):
        if names:
            out.print(Text(f"{label}: " + ", ".join(names), style="dim"))
    streak_line(out, report, late=late)
    for item in report.upcoming:
        out.print(Text("Coming up: " + item.text, style="magenta"))
    memory_line(out, report.memory)


def _open(status: RitualStatus) -> bool:
    return status.due_today and not status.done_today


def streak_line(out: Console, report: DayReport, *, late: bool = True) -> None:
    """The built-in streaks and those of the rituals that belong to today.

    A ritual that is neither due nor done today is left out: the evening never
    mentions it. Items wrap whole, never in the middle of "4 days".
    """
    today_rituals = [s for s in report.streaks.rituals if s.due_today or s.done_today]
    items: list[Text] = []
    for name, streak in streak_rows(report.streaks, today_rituals):
        item = Text(f"{name} ")
        item.append(streak_words(streak), style="green" if streak.current else "dim")
        if streak.at_risk and late:
            item.append(" (at risk)", style="yellow")
        elif streak.at_risk:
            item.append(" (open)", style="dim")
        items.append(item)
    if items:
        _wrapped(out, Text("Streaks: ", style="bold"), items)


def _wrapped(out: Console, head: Text, items: list[Text]) -> None:
    """`head` then the items joined by " · ", each kept whole, continued under the first."""
    line = Text()
    line.append_text(head)
    indent = line.cell_len
    for index, item in enumerate(items):
        separator = " · " if index else ""
        if index and line.cell_len + len(separator) + item.cell_len > out.width:
            out.print(line)
            line = Text(" " * indent)
            separator = ""
        line.append(separator)
        line.append_text(item)
    out.print(line)
