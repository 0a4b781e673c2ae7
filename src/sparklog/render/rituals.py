"""Rituals and streaks, drawn calmly: green for kept, dim for not due, never red."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from sparklog.core.kinds import STREAKS
from sparklog.core.rituals import Ritual
from sparklog.core.streaks import RitualStatus, Streak, StreaksReport
from sparklog.render.entries import day_title
from sparklog.render.glyphs import glyphs

BUILT_IN_NAMES = {streak.name: streak.label for streak in STREAKS}
STRENGTH_CELLS = 5


def count_words(count: int, unit: str) -> str:
    """'5 days', '1 week'."""
    return f"{count} {unit if count == 1 else unit + 's'}"


def streak_words(streak: Streak) -> str:
    return count_words(streak.current, streak.unit)


def streak_text(streak: Streak) -> Text:
    """The current streak, green while it runs; "at risk" is its own column (risk_text)."""
    return Text(streak_words(streak), style="green" if streak.current else "dim")


def strength_text(out: Console, strength: int) -> Text:
    """A five-cell bar and the number, e.g. '████░ 82'."""
    marks = glyphs(out)
    full = round(strength / 100 * STRENGTH_CELLS)
    text = Text(marks.bar_full * full, style="green")
    text.append(marks.bar_empty * (STRENGTH_CELLS - full), style="dim")
    text.append(f" {strength:>3}")
    return text


def state_text(out: Console, status: RitualStatus) -> Text:
    """Where the ritual stands today (or this week, for an N-per-week one)."""
    marks = glyphs(out)
    ritual = status.ritual
    if ritual.archived is not None:
        return Text(f"archived {ritual.archived.isoformat()}", style="dim")
    if ritual.cadence.unit == "week":
        met = status.done_this_week >= status.week_goal
        mark = marks.kept if met else marks.missed
        return Text(
            f"{mark} {status.done_this_week} of {status.week_goal} this week",
            style="green" if met else "",
        )
    if status.done_today:
        return Text(f"{marks.kept} done today", style="green")
    if status.due_today:
        return Text(f"{marks.missed} due today")
    if status.paused_today:
        return Text(f"{marks.idle} paused", style="dim")
    return Text(f"{marks.idle} not due today", style="dim")


def risk_text(streak: Streak) -> Text:
    """'at risk' beside a streak whose day (or week) is still open, else nothing."""
    return Text("at risk", style="yellow") if streak.at_risk else Text("")


def _ritual_table(out: Console, statuses: Sequence[RitualStatus], *, risk: bool) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("Ritual", overflow="fold", ratio=1)
    table.add_column("Cadence", no_wrap=True)
    table.add_column("Streak", no_wrap=True)
    if risk:
        table.add_column("", no_wrap=True)
    table.add_column("Best", no_wrap=True, justify="right")
    table.add_column("Strength", no_wrap=True)
    table.add_column("Now", no_wrap=True)
    for status in statuses:
        streak = status.streak
        cells = [
            Text(status.ritual.name),
            Text(status.ritual.cadence.describe(), style="dim"),
            streak_text(streak),
            *([risk_text(streak)] if risk else []),
            Text(count_words(streak.best, streak.unit)),
            strength_text(out, status.strength),
            state_text(out, status),
        ]
        table.add_row(*cells)
    return table


def render_ritual_list(out: Console, statuses: Sequence[RitualStatus]) -> None:
    if not statuses:
        out.print('No rituals yet. Add one: sparklog ritual add "Morning coffee" --daily')
        return
    table = _ritual_table(out, statuses, risk=any(s.streak.at_risk for s in statuses))
    unbounded = out.options.update_width(10_000)
    if Measurement.get(out, unbounded, table).maximum > out.width:
        # Too narrow for the "at risk" column: the Now column ("○ due today")
        # already says what is still open, so names stay on one line instead.
        table = _ritual_table(out, statuses, risk=False)
    out.print(table)


def streak_rows(
    report: StreaksReport, rituals: Collection[RitualStatus] | None = None
) -> list[tuple[str, Streak]]:
    """Each streak under the name a person reads: the built-in ones, then the rituals'."""
    shown = report.rituals if rituals is None else rituals
    return [
        *((BUILT_IN_NAMES.get(key, key), streak) for key, streak in report.streaks.items()),
        *((status.ritual.name, status.streak) for status in shown),
    ]


def render_streaks(out: Console, report: StreaksReport) -> None:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("Streak", overflow="fold", ratio=1)
    table.add_column("Current", no_wrap=True)
    rows = [
        *(
            (BUILT_IN_NAMES.get(key, key), streak, Text(""))
            for key, streak in report.streaks.items()
        ),
        *(
            (status.ritual.name, status.streak, strength_text(out, status.strength))
            for status in report.rituals
        ),
    ]
    risk = any(streak.at_risk for _, streak, _ in rows)
    if risk:
        table.add_column("", no_wrap=True)
    table.add_column("Best", no_wrap=True, justify="right")
    table.add_column("Strength", no_wrap=True)
    for name, streak, strength in rows:
        table.add_row(
            Text(name),
            streak_text(streak),
            *([risk_text(streak)] if risk else []),
            Text(count_words(streak.best, streak.unit)),
            strength,
        )
    out.print(table)
    if not report.rituals:
        out.print(
            Text('No rituals yet; add one with: sparklog ritual add "Date night" --weekly 1', "dim")
        )
    if risk:
        out.print(Text("At risk: still open today or this week, not broken yet.", style="dim"))


def check_line(status: RitualStatus, day: date, *, added: bool) -> Text:
    """What `ritual done` says about one ritual."""
    ritual = status.ritual
    when = day_title(day)
    if not added:
        return Text(f"{ritual.name} was already checked off for {when}; nothing changed.")
    line = Text("Checked off ", style="green")
    line.append(ritual.name, style="bold green")
    line.append(f" for {when}.", style="green")
    if ritual.cadence.unit == "day" and not ritual.cadence.due_on(day):
        line.append(f"\n  Not a due day ({ritual.cadence.describe()}): kept, outside the streak.")
    elif status.streak.current:
        line.append(f" Streak: {streak_words(status.streak)}.")
    return line


def ritual_lines(out: Console, due: Sequence[str], done: Sequence[str]) -> None:
    """The `today` view's rituals: done ones ticked, open ones as gentle circles."""
    if not due and not done:
        return
    marks = glyphs(out)
    out.print(Text("Rituals", style="bold"))
    for name in done:
        line = Text(f"  {marks.kept} ", style="green")
        line.append(name)
        out.print(line)
    for name in due:
        line = Text(f"  {marks.missed} ")
        line.append(name)
        line.append("  still open", style="dim")
        out.print(line)


def streak_summary(out: Console, report: StreaksReport) -> None:
    """The built-in streaks and each ritual's, for `today`."""
    rows = streak_rows(report)
    if not rows:
        return
    out.print(Text("Streaks", style="bold"))
    table = Table(box=None, show_header=False, pad_edge=False, show_edge=False)
    table.add_column(overflow="fold", ratio=1, min_width=12)
    table.add_column(no_wrap=True)
    risk = any(streak.at_risk for _, streak in rows)
    if risk:
        table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, style="dim")
    for name, streak in rows:
        table.add_row(
            Text("  " + name),
            streak_text(streak),
            *([risk_text(streak)] if risk else []),
            f"best {count_words(streak.best, streak.unit)}",
        )
    out.print(table)


def added_lines(out: Console, ritual: Ritual, check_off: str) -> None:
    """What `ritual add` says: the ritual and its cadence, then how to check it off."""
    out.print(Text.assemble("Added ", (ritual.name, "bold"), f" ({ritual.cadence.describe()})."))
    out.print(f"Check it off with: {check_off}", style="dim")


def renamed_line(out: Console, before: Ritual, after: Ritual) -> None:
    out.print(Text.assemble(f"Renamed {before.name} to ", (after.name, "bold"), "."))


def undone_line(out: Console, ritual: Ritual, day: date) -> None:
    out.print(f"Took back {ritual.name} for {day_title(day)}.")


def paused_lines(out: Console, ritual: Ritual, first: date, last: date) -> None:
    days = (last - first).days + 1
    out.print(
        f"Paused {ritual.name} from {day_title(first)} to {day_title(last)}"
        f" ({count_words(days, 'day')})."
    )
    out.print("Paused days never break its streak.", style="dim")


def archived_line(out: Console, ritual: Ritual) -> None:
    out.print(f"Archived {ritual.name}; its history is kept.")
