"""Heat maps: a month calendar and a GitHub-style year grid.

Shading shows how many entries a day holds; rituals kept are marked in green.
The characters alone carry the meaning, so the views read the same without colour.
"""

from __future__ import annotations

from datetime import date

from rich.console import Console
from rich.text import Text

from sparklog.core.calendar import (
    KEPT_STEPS,
    LOGGED_STEPS,
    CalendarSpan,
    level,
    month_starts,
    weekday_labels,
)
from sparklog.render.glyphs import Glyphs, glyphs

LOGGED_STYLE = "magenta"
KEPT_STYLE = "green"
LABEL = 4  # width of the weekday labels in front of the year grid
MONTH_CELL = 10


def _legend(marks: Glyphs, steps: tuple[int, ...], style: str) -> Text:
    bounds = [*steps[1:], None]
    line = Text("  ")
    line.append(marks.shades[0], style="dim")
    line.append(" none  ")
    for shade, low, high in zip(marks.shades[1:], steps, bounds, strict=True):
        line.append(shade, style=style)
        if high is None:
            label = f"{low}+"
        elif high - 1 == low:
            label = f"{low}"
        else:
            label = f"{low}-{high - 1}"
        line.append(f" {label}  ")
    line.rstrip()
    return line


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"


def _summary(span: CalendarSpan, what: str) -> Text:
    line = Text(f"{span.days_logged} of {plural(span.days_so_far, 'day')} logged {what}")
    line.append(f", {plural(span.entries, 'entry', 'entries')}")
    if span.checks:
        line.append(f"; rituals kept on {plural(span.days_kept, 'day')}")
    line.append(".")
    return line


def _start_hint(out: Console, what: str, marks: Glyphs) -> None:
    out.print(Text(f"Nothing logged {what} yet."))
    line = Text("Start tonight with ")
    line.append("sparklog evening", style="bold")
    line.append(", or ")
    line.append(marks.text('sparklog gratitude add "…"'), style="bold")
    line.append(".")
    out.print(line)


def render_month(out: Console, span: CalendarSpan) -> None:
    marks = glyphs(out)
    out.print(Text(span.first.strftime("%B %Y"), style="bold"))
    header = Text()
    for name in weekday_labels(span.week_start):
        header.append(f"{name:>4}".ljust(MONTH_CELL), style="dim")
    header.rstrip()
    out.print(header)
    for week in span.weeks:
        row = Text()
        for day in week:
            row.append_text(_month_cell(day, span, marks))
        row.rstrip()
        out.print(row)
    out.print()
    legend = _legend(marks, LOGGED_STEPS, LOGGED_STYLE)
    legend.append("  ")
    legend.append(marks.kept, style=KEPT_STYLE)
    legend.append(" ritual kept")
    out.print(Text("Entries a day", style="dim"))
    out.print(legend)
    what = "this month" if span.last >= span.today else "that month"
    if span.is_empty:
        _start_hint(out, what, marks)
        return
    out.print(_summary(span, what))


def _month_cell(day: date | None, span: CalendarSpan, marks: Glyphs) -> Text:
    """'  21 ▒ ✓   ': the day, its shade, and a mark when a ritual was kept."""
    cell = Text()
    if day is None:
        cell.append(" " * MONTH_CELL)
        return cell
    if span.is_future(day):
        cell.append(f"{day.day:>4}", style="dim")
        cell.append(" " * (MONTH_CELL - 4))
        return cell
    cell.append(f"{day.day:>4}", style="bold underline" if day == span.today else "")
    shade = level(span.logged.get(day, 0))
    cell.append(" ")
    cell.append(marks.shades[shade], style=LOGGED_STYLE if shade else "dim")
    cell.append(" ")
    if span.kept.get(day, 0):
        cell.append(marks.kept, style=KEPT_STYLE)
    else:
        cell.append(" ")
    cell.append(" " * (MONTH_CELL - 8))
    return cell


def _year_grid(
    span: CalendarSpan, marks: Glyphs, counts: dict[date, int], steps: tuple[int, ...], style: str
) -> list[Text]:
    weeks = span.weeks
    months = Text(" " * LABEL)
    position = 0
    for column, name in month_starts(weeks):
        if column < position:
            continue
        months.append(" " * (column - position))
        months.append(name, style="dim")
        position = column + len(name)
    lines = [months]
    for row, name in enumerate(weekday_labels(span.week_start)):
        line = Text(f"{name} ", style="dim")
        for week in weeks:
            day = week[row]
            if day is None or span.is_future(day):
                line.append(" ")
                continue
            shade = level(counts.get(day, 0), steps)
            line.append(marks.shades[shade], style=style if shade else "dim")
        line.rstrip()
        lines.append(line)
    return lines


def render_year(out: Console, span: CalendarSpan) -> None:
    marks = glyphs(out)
    what = "this year" if span.last >= span.today else f"in {span.first.year}"
    out.print(Text(f"{span.first.year}", style="bold"))
    out.print(Text("Entries a day", style="dim"))
    for line in _year_grid(span, marks, span.logged, LOGGED_STEPS, LOGGED_STYLE):
        out.print(line)
    out.print(_legend(marks, LOGGED_STEPS, LOGGED_STYLE))
    if span.checks:
        out.print()
        out.print(Text("Rituals kept a day", style="dim"))
        for line in _year_grid(span, marks, span.kept, KEPT_STEPS, KEPT_STYLE):
            out.print(line)
        out.print(_legend(marks, KEPT_STEPS, KEPT_STYLE))
    out.print()
    if span.is_empty:
        _start_hint(out, what, marks)
        return
    out.print(_summary(span, what))
