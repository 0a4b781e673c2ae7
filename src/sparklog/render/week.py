"""The `week` screen: one page, readable at 80 columns, plain when piped."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

from sparklog.core.kinds import Tally, definition, week_rows
from sparklog.core.streaks import Streak
from sparklog.core.week import DayTally, RitualWeek, WeekSummary
from sparklog.render.glyphs import Glyphs, glyphs
from sparklog.render.remembering import upcoming_lines
from sparklog.render.rituals import BUILT_IN_NAMES, streak_words

LABEL = 20  # width of the row names in the grid
CELL = 5  # width of one day column
BAR = 30
MAX_APPRECIATIONS = 6
KEPT = "green"
NOTE = "yellow"  # a negative moment: noticed, not alarming


def week_title(summary: WeekSummary) -> str:
    first, last = summary.week.start, summary.week.end
    end = last.strftime("%a %d %b %Y")
    start = first.strftime("%a %d %b") if first.year == last.year else first.strftime("%a %d %b %Y")
    number = summary.week.iso.split("-W")[1].lstrip("0")
    return f"Week {number}: {start} to {end}"


def _fit(text: str, width: int, marks: Glyphs) -> str:
    """`text` cut to `width` terminal cells (a wide character takes two), with an ellipsis."""
    if cell_len(text) <= width:
        return text
    cut = marks.ellipsis
    return set_cell_size(text, width - len(cut)) + cut


def _section(out: Console, title: str) -> None:
    out.print()
    out.print(Text(title, style="bold"))


def render_week(out: Console, summary: WeekSummary, *, late: bool = True) -> None:
    """The week; `late` is whether today has reached its evening (`risk_hour`)."""
    marks = glyphs(out)
    out.print(Text(week_title(summary), style="bold"))
    if summary.is_empty:
        _start(out, summary, marks)
        _upcoming(out, summary)
        return
    _grid(out, summary, marks)
    _observations(out, summary, marks)
    _streaks(out, summary, marks, late=late)
    _upcoming(out, summary)
    _languages(out, summary, marks)
    _appreciations(out, summary, marks)
    if summary.is_current:  # a suggestion is for the days still ahead
        out.print()
        out.print(Text("Next: ", style="bold cyan") + Text(marks.text(summary.suggestion)))


def _upcoming(out: Console, summary: WeekSummary) -> None:
    if summary.upcoming:
        out.print()
        upcoming_lines(out, summary.upcoming)


def _start(out: Console, summary: WeekSummary, marks: Glyphs) -> None:
    if summary.is_current:
        out.print("Nothing logged this week yet. A good week starts with one small note:")
    else:
        out.print("Nothing logged that week. Past days can still be added with --date:")
    out.print()
    commands = [
        ("sparklog evening", "the guided end-of-day flow"),
        ("sparklog three", "three things you appreciate today"),
        ('sparklog gratitude add "…"', "one appreciation"),
        ('sparklog observe "…"', "a moment you noticed between you"),
        ('sparklog ritual add "Morning coffee"', "a shared routine to keep"),
    ]
    width = max(len(marks.text(command)) for command, _ in commands)
    for command, what in commands:
        line = Text("  ")
        line.append(marks.text(command).ljust(width), style="bold")
        line.append(f"  {what}", style="dim")
        out.print(line, no_wrap=True, overflow="ellipsis")


def _header(summary: WeekSummary) -> Text:
    line = Text(" " * LABEL)
    for day in summary.week.days:
        style = "bold underline" if day == summary.today else "dim"
        line.append(f"{day:%a}".rjust(CELL - 1), style=style)
        line.append(" ")
    line.append("  week", style="dim")
    return line


def _row(label: str, cells: list[Text], total: Text, marks: Glyphs) -> Text:
    line = Text(set_cell_size(_fit(label, LABEL - 2, marks), LABEL))
    for cell in cells:
        cell.align("right", CELL - 1)
        line.append_text(cell)
        line.append(" ")
    line.append("  ")
    line.append_text(total)
    line.rstrip()
    return line


def _grid(out: Console, summary: WeekSummary, marks: Glyphs) -> None:
    out.print()
    out.print(_header(summary))
    future = [day > summary.today for day in summary.week.days]
    for label, tallies in week_rows().items():
        cells = [
            Text("") if later else _counts(tallies, tally, marks)
            for tally, later in zip(summary.days, future, strict=True)
        ]
        out.print(_row(label, cells, _week_total(tallies, summary, marks), marks))
    for row in summary.rituals:
        out.print(_ritual_row(row, summary, marks))
    if summary.rituals:
        legend = Text(" " * LABEL)
        legend.append(marks.kept, style=KEPT)
        legend.append(" kept  ", style="dim")
        if summary.is_current:
            legend.append(marks.missed, style="dim")
            legend.append(" due  ", style="dim")
        legend.append(marks.lapsed, style="dim")
        legend.append(" missed  ", style="dim")
        legend.append(marks.idle, style="dim")
        legend.append(" not due  - paused", style="dim")
        out.print(legend)
    elif not summary.has_rituals:
        out.print(Text("No rituals yet.", style="dim"))


def _marked(tallies: Sequence[Tally]) -> dict[tuple[str, str], list[str]]:
    """A row's tallies by how they are drawn: counts with the same mark add up."""
    groups: dict[tuple[str, str], list[str]] = {}
    for tally in tallies:
        groups.setdefault((tally.mark, tally.style), []).append(tally.key)
    return groups


def _counts(tallies: Sequence[Tally], day: DayTally, marks: Glyphs) -> Text:
    """One day's cell of a kind's row: '2', or '+2-1'; the idle mark when nothing."""
    cell = Text()
    for (mark, style), keys in _marked(tallies).items():
        count = sum(day.count(key) for key in keys)
        if count:
            cell.append(f"{mark}{count}", style=style)
    return cell if cell.plain else Text(marks.idle, style="dim")


def _week_total(tallies: Sequence[Tally], summary: WeekSummary, marks: Glyphs) -> Text:
    """A row's week column: its one count, or each marked count ('+9 -2'), idle when none."""
    groups = _marked(tallies)
    totals = [
        (mark, style, sum(day.count(key) for day in summary.days for key in keys))
        for (mark, style), keys in groups.items()
    ]
    if len(totals) == 1:
        return Text(str(totals[0][2]))
    if not any(count for _, _, count in totals):
        return Text(marks.idle, style="dim")
    total = Text()
    for mark, style, count in totals:
        if count:  # '+1', not '+1 -0'
            total.append(f"{' ' if total.plain else ''}{mark}{count}", style=style)
    return total


def _ritual_row(row: RitualWeek, summary: WeekSummary, marks: Glyphs) -> Text:
    cells: list[Text] = []
    for day in summary.week.days:
        if day in row.kept:
            cells.append(Text(marks.kept, style=KEPT))
        elif day > summary.today:
            cells.append(Text(""))
        elif day in row.paused:
            cells.append(Text("-", style="dim"))
        elif day in row.due:
            # Today is still open; an earlier due day left undone was missed.
            mark = marks.missed if day == summary.today else marks.lapsed
            cells.append(Text(mark, style="dim"))
        else:
            cells.append(Text(marks.idle, style="dim"))
    total = Text(f"{row.done}/{row.target}")
    if row.target and row.met:
        total.stylize(KEPT)
        total.append(f" {marks.kept}", style=KEPT)
    elif row.target == 0:
        # Nothing was asked of it this week: all paused, or not begun yet.
        total = Text("paused" if row.paused else "none due", style="dim")
    return _row(row.ritual.name, cells, total, marks)


def _observations(out: Console, summary: WeekSummary, marks: Glyphs) -> None:
    """Positive moments (positive observations and appreciations) against negative ones."""
    obs = summary.observations
    _section(out, "Positive and negative")
    if not obs.moments:
        out.print(Text("  No observations this week.", style="dim"))
    else:
        line = Text("  ")
        line.append(f"{obs.good} positive", style=KEPT)
        if obs.appreciations:
            noun = "appreciation" if obs.appreciations == 1 else "appreciations"
            line.append(f" ({obs.appreciations} {noun})", style="dim")
        line.append(", ")
        line.append(f"{obs.negative} negative", style=NOTE if obs.negative else "")
        ratio = obs.moment_ratio
        if ratio is None:
            line.append(f"  ratio: no negatives (target {obs.target:g}:1)")
        else:
            line.append(f"  ratio {ratio:g}:1 (target {obs.target:g}:1)")
        out.print(line)
        positive = round(BAR * obs.good / obs.moments)
        bar = Text("  ")
        bar.append(marks.bar_full * positive, style=KEPT)
        bar.append(marks.shades[2] * (BAR - positive), style=NOTE)
        share = round(100 * obs.good / obs.moments)
        goal = round(100 * obs.target / (obs.target + 1))
        bar.append(f"  {share}% positive (target {goal}%)", style="dim")
        out.print(bar)
        if obs.horsemen:
            seen = ", ".join(f"{h.value} {n}" for h, n in obs.horsemen.items())
            out.print(Text(f"  Horsemen: {seen}"))
    if not obs.previous_good + obs.previous_negative:
        out.print(Text("  Nothing noted the week before.", style="dim"))
        return
    before = Text(
        f"  Week before: {obs.previous_good} positive, {obs.previous_negative} negative",
        style="dim",
    )
    change = _change(
        obs.moment_ratio, obs.previous_moment_ratio, obs.negative, obs.previous_negative
    )
    if change:
        before.append(f"; {change}", style="dim")
    out.print(before)


def _change(now: float | None, before: float | None, negative: int, was: int) -> str:
    if now is not None and before is not None:
        if now > before:
            return f"the ratio rose from {before:g}:1"
        if now < before:
            return f"the ratio fell from {before:g}:1"
        return "the same ratio"
    if negative < was:
        return "fewer negative moments"
    if negative > was:
        return "more negative moments"
    return ""


def _streaks(out: Console, summary: WeekSummary, marks: Glyphs, *, late: bool) -> None:
    rows: list[tuple[str, Streak]] = []
    rows += [(BUILT_IN_NAMES.get(key, key), streak) for key, streak in summary.streaks.items()]
    rows += [(row.ritual.name, row.streak) for row in summary.rituals]
    if not rows:
        return
    _section(out, "Streaks")
    # The counts say what they count ("3 due days"); the column fits the longest.
    wide = max(9, *(len(streak_words(streak)) + 1 for _, streak in rows))
    head = Text(" " * LABEL + "now".rjust(wide) + "best".rjust(7), style="dim")
    out.print(head)
    for name, streak in rows:
        # Names as wide as in the grid above, always a space before the count.
        line = Text(set_cell_size("  " + _fit(name, LABEL - 2, marks), LABEL))
        line.append(streak_words(streak).rjust(wide), style=KEPT if streak.current else "dim")
        line.append(str(streak.best).rjust(7))
        if streak.at_risk:
            still = "today is" if streak.unit == "day" else "this week is"
            if late:
                line.append(f"  at risk: {still} still open", style=NOTE)
            else:
                line.append(f"  {still} still open", style="dim")
        out.print(line)


def _languages(out: Console, summary: WeekSummary, marks: Glyphs) -> None:
    if not summary.love_languages:
        return
    line = Text()
    line.append("Love languages", style="bold")
    parts = [f"{lang.value} {count}" for lang, count in summary.love_languages.items()]
    line.append("  " + f" {marks.dot} ".join(parts))
    out.print()
    out.print(line)


def _appreciations(out: Console, summary: WeekSummary, marks: Glyphs) -> None:
    if not summary.entries:
        return
    _section(out, "Appreciations")
    width = max(20, min(out.width, 100) - 8)
    for entry in summary.entries[:MAX_APPRECIATIONS]:
        line = Text("  ")
        line.append(f"{entry.day:%a}", style="dim")
        line.append("  ")
        brief = definition(entry.kind).mark(entry).brief
        prefix = f"{brief} " if brief else ""
        line.append(_fit(prefix + " ".join(entry.text.split()), width, marks))
        out.print(line, no_wrap=True, overflow="ellipsis")
    hidden = len(summary.entries) - MAX_APPRECIATIONS
    if hidden > 0:
        first, last = summary.week.start, min(summary.week.end, summary.today)
        command = f"sparklog gratitude list --since {first} --until {last}"
        out.print(
            Text(f"  {marks.ellipsis} {hidden} more: {command}", style="dim"),
            no_wrap=True,
            overflow="ellipsis",
        )
