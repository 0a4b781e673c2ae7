"""Views of what sparklog remembers: on this day, important dates, trends."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from sparklog.core.entries import Entry
from sparklog.core.important_dates import Countdown, DateList, ImportantDate, Upcoming, day_label
from sparklog.core.memories import OnThisDay
from sparklog.render.entries import day_title, print_entry
from sparklog.render.glyphs import glyphs

if TYPE_CHECKING:
    # Only `trends` draws them; the week and today borrow this module's date lines.
    from sparklog.core.trends import MonthTrend, Trends

# --- on this day -------------------------------------------------------------------


def render_memories(out: Console, found: OnThisDay) -> None:
    out.print(Text(f"On this day, {day_title(found.day)}", style="bold"))
    if found.is_empty:
        out.print("Nothing from a week, a month or a year ago yet; today will be one someday.")
        return
    for memory in found.memories:
        out.print()
        out.print(
            Text.assemble(
                (memory.label.capitalize(), "cyan"), ("  " + day_title(memory.day), "dim")
            )
        )
        for entry in memory.entries:
            print_entry(out, entry, show_kind=True)


def render_random(out: Console, entry: Entry | None) -> None:
    if entry is None:
        out.print("No past appreciation to bring back yet; one written today comes back later.")
        return
    out.print(Text(f"From {day_title(entry.day)}", style="bold"))
    print_entry(out, entry)


def memory_line(out: Console, headline: str | None) -> None:
    """The one line of "on this day" at the close of `today` and `evening`."""
    if headline:
        line = Text("Remember: ", style="bold magenta") + Text(headline)
        out.print(line, no_wrap=True, overflow="ellipsis")


# --- important dates ---------------------------------------------------------------


def upcoming_lines(out: Console, items: Sequence[Upcoming]) -> None:
    """Dates and milestones coming up, one line each, under a heading."""
    if not items:
        return
    out.print(Text("Coming up", style="bold"))
    for item in items:
        style = "bold magenta" if item.in_days == 0 else ""
        out.print(Text("  " + item.text, style=style))


def render_added(out: Console, row: Countdown) -> None:
    made = row.important
    out.print(Text.assemble("Added ", (made.name, "bold"), f" ({made.day.isoformat()})."))
    if row.next is not None:
        days = {0: "today", 1: "tomorrow"}.get(row.in_days or 0, f"in {row.in_days} days")
        out.print(f"Next: {row.next.isoformat()}, {days}.", style="dim")


def render_removed(out: Console, gone: ImportantDate) -> None:
    out.print(Text.assemble("Removed ", (gone.name, "bold"), "."))


def render_dates(out: Console, dates: DateList) -> None:
    if not dates.rows:
        out.print("No important dates yet. Add one:")
        out.print(
            Text('  sparklog dates add "First date" 2019-06-14 --together', style="bold"),
            no_wrap=True,
            overflow="ellipsis",
        )
        return
    width = max(len(row.important.name) for row in dates.rows)
    for row in dates.rows:
        line = Text(row.important.name.ljust(width), style="bold")
        line.append(f"  {row.important.day.isoformat()}", style="dim")
        flags = [] if row.important.yearly else ["once"]
        if row.important.together:
            flags.append("together")
        if row.next is None:
            line.append("  passed", style="dim")
        else:
            when = (
                "today"
                if row.in_days == 0
                else "tomorrow"
                if row.in_days == 1
                else f"in {row.in_days} days"
            )
            line.append(f"  {day_label(row.next)} {row.next.year}, {when}")
            if row.years:
                line.append(f" ({row.years} year{'' if row.years == 1 else 's'})", style="cyan")
        if flags:
            line.append(f"  {', '.join(flags)}", style="dim")
        out.print(line)


# --- trends ------------------------------------------------------------------------

BAR = 16
"""Cells of the widest bar; the table stays under 80 columns."""


def _bar(value: int, top: int, full: str, empty: str) -> str:
    cells = round(BAR * value / top) if top else 0
    if value and not cells:
        cells = 1
    return full * cells + empty * (BAR - cells)


def _ratio(month: MonthTrend) -> str:
    if month.ratio is not None:
        return f"{month.ratio:.1f}:1"
    return f"{month.positive}:0" if month.positive else "-"


def render_trends(out: Console, found: Trends) -> None:
    marks = glyphs(out)
    first, last = found.months[0].month, found.months[-1].month
    out.print(Text(f"Trends {first} to {last}", style="bold"))
    if found.is_empty:
        out.print("Nothing logged in these months yet; the bars grow as you write.")
        return
    top = max(month.appreciations for month in found.months)
    out.print(
        Text(
            f"{'month':<8} {'appreciations':<{BAR + 5}}{'+/-':^8}{'ratio':>7} {'rituals':>7}"
            "  languages",
            style="dim",
        ),
        no_wrap=True,
        overflow="ellipsis",
    )
    for month in found.months:
        line = Text(f"{month.month:<8} ")
        line.append(_bar(month.appreciations, top, marks.bar_full, " "), style="green")
        line.append(f" {month.appreciations:>3} ")
        line.append(f"{month.positive:>4}/{month.negative:<3}")
        line.append(f"{_ratio(month):>7}")
        kept = "-" if month.rituals_kept is None else f"{month.rituals_kept}%"
        line.append(f" {kept:>7}")
        if month.love_languages:
            top_langs = list(month.love_languages.items())[:2]
            line.append("  " + " ".join(f"{lang.value} {n}" for lang, n in top_langs), style="dim")
        out.print(line, no_wrap=True, overflow="ellipsis")
