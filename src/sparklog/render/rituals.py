"""Rituals and streaks, drawn calmly: green for kept, dim for not due, never red."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.measure import Measurement
from rich.text import Text

from sparklog.core.kinds import STREAKS
from sparklog.core.rituals import Pause, Ritual
from sparklog.core.streaks import RitualStatus, Streak, StreaksReport
from sparklog.render.entries import day_title
from sparklog.render.glyphs import glyphs

if TYPE_CHECKING:
    from rich.table import Table

BUILT_IN_NAMES = {streak.name: streak.label for streak in STREAKS}
STRENGTH_CELLS = 5


def count_words(count: int, unit: str) -> str:
    """'5 days', '1 week'."""
    return f"{count} {unit if count == 1 else unit + 's'}"


def streak_words(streak: Streak) -> str:
    """'3 due days', '1 week': the current streak in what it counts."""
    return count_words(streak.current, streak.counted)


def best_words(streak: Streak) -> str:
    return count_words(streak.best, streak.counted)


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
    if status.skipped_today:
        return Text(f"{marks.idle} skipped today", style="dim")
    if status.paused_today:
        return Text(f"{marks.idle} paused", style="dim")
    return Text(f"{marks.idle} not due today", style="dim")


def risk_text(streak: Streak, *, late: bool = True) -> Text:
    """'at risk' beside a streak whose day (or week) is still open, else nothing.

    Before the evening (`risk_hour`) the open day is only that: 'open', quietly.
    """
    if not streak.at_risk:
        return Text("")
    return Text("at risk", style="yellow") if late else Text("open", style="dim")


def _table(**options: Any) -> Table:
    """A table without borders. Rich's table module loads only when one is drawn.

    The week and the confirmations borrow this module's wording, not its tables.
    """
    from rich.table import Table

    return Table(box=None, pad_edge=False, show_edge=False, **options)


def _ritual_table(
    out: Console, statuses: Sequence[RitualStatus], *, risk: bool, late: bool = True
) -> Table:
    table = _table(header_style="bold")
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
            *([risk_text(streak, late=late)] if risk else []),
            Text(str(streak.best)),  # in the unit the streak beside it names
            strength_text(out, status.strength),
            state_text(out, status),
        ]
        table.add_row(*cells)
    return table


def render_ritual_list(
    out: Console,
    statuses: Sequence[RitualStatus],
    *,
    today: date | None = None,
    late: bool = True,
) -> None:
    if not statuses:
        out.print('No rituals yet. Add one: sparklog ritual add "Morning coffee" --daily')
        return
    table = _ritual_table(out, statuses, risk=any(s.streak.at_risk for s in statuses), late=late)
    unbounded = out.options.update_width(10_000)
    if Measurement.get(out, unbounded, table).maximum > out.width:
        # Too narrow for the "at risk" column: the Now column ("○ due today")
        # already says what is still open, so names stay on one line instead.
        table = _ritual_table(out, statuses, risk=False)
    out.print(table)
    out.print(
        Text(
            "Strength: how steadily it was kept, recent times weighing most (100: always).",
            style="dim",
        )
    )
    if today is not None:
        pause_lines(out, statuses, today)


def pause_words(pause: Pause, today: date) -> str:
    """'paused until Sun 29 Nov' for the pause under way, 'pause 4-10 Dec' for a planned one."""
    first, last = pause
    if first <= today:
        return f"paused until {_short(last, today)}"
    return f"pause {span_words(first, last, today)}"


def span_words(first: date, last: date, today: date) -> str:
    """'4-10 Dec', '28 Dec - 3 Jan', 'Sat 5 Dec' for one day; the year only when not today's."""
    if first == last:
        return _short(first, today)
    year = "" if last.year == today.year else f" {last.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{last.day} {last:%b}{year}"
    before = f" {first.year}" if first.year != last.year else ""
    return f"{first.day} {first:%b}{before} - {last.day} {last:%b}{year}"


def _short(day: date, today: date) -> str:
    year = "" if day.year == today.year else f" {day.year}"
    return f"{day:%a} {day.day} {day:%b}{year}"


def pause_lines(out: Console, statuses: Sequence[RitualStatus], today: date) -> None:
    """Under the table: each ritual's pause under way and planned ones."""
    for status in statuses:
        if status.pauses_ahead:
            words = "; ".join(pause_words(pause, today) for pause in status.pauses_ahead)
            out.print(Text.assemble((status.ritual.name, "bold"), f": {words}", style="dim"))


def streak_rows(
    report: StreaksReport, rituals: Collection[RitualStatus] | None = None
) -> list[tuple[str, Streak]]:
    """Each streak under the name a person reads: the built-in ones, then the rituals'."""
    shown = report.rituals if rituals is None else rituals
    return [
        *((BUILT_IN_NAMES.get(key, key), streak) for key, streak in report.streaks.items()),
        *((status.ritual.name, status.streak) for status in shown),
    ]


def render_streaks(out: Console, report: StreaksReport, *, late: bool = True) -> None:
    table = _table(header_style="bold")
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
            *([risk_text(streak, late=late)] if risk else []),
            Text(str(streak.best)),  # in the unit the streak beside it names
            strength,
        )
    out.print(table)
    if not report.rituals:
        out.print(
            Text('No rituals yet; add one with: sparklog ritual add "Date night" --weekly 1', "dim")
        )
    if risk and late:
        out.print(Text("At risk: still open today or this week, not broken yet.", style="dim"))
    elif risk:
        out.print(Text("Open: not done yet today or this week; nothing is lost.", style="dim"))


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


def ritual_lines(
    out: Console, due: Sequence[str], done: Sequence[str], skipped: Sequence[str] = ()
) -> None:
    """The `today` view's rituals: done ones ticked, open ones as gentle circles,
    skipped ones (excused for the day) quietly."""
    if not due and not done and not skipped:
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
    for name in skipped:
        line = Text(f"  {marks.idle} ", style="dim")
        line.append(name)
        line.append("  skipped today", style="dim")
        out.print(line)


def streak_summary(out: Console, report: StreaksReport, *, late: bool = True) -> None:
    """The built-in streaks and each ritual's, for `today`."""
    rows = streak_rows(report)
    if not rows:
        return
    out.print(Text("Streaks", style="bold"))
    table = _table(show_header=False)
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
            *([risk_text(streak, late=late)] if risk else []),
            f"best {best_words(streak)}",
        )
    out.print(table)


def added_lines(out: Console, ritual: Ritual, check_off: str) -> None:
    """What `ritual add` says: the ritual and its cadence, then how to check it off."""
    out.print(Text.assemble("Added ", (ritual.name, "bold"), f" ({ritual.cadence.describe()})."))
    out.print(f"Check it off with: {check_off}", style="dim")


def renamed_line(out: Console, before: Ritual, after: Ritual) -> None:
    out.print(Text.assemble(f"Renamed {before.name} to ", (after.name, "bold"), "."))


def undone_line(out: Console, ritual: Ritual, day: date, taken: str) -> None:
    """What `ritual undo` took back: the check-off, the skip, or the evening's "no"."""
    what = {"check": "the check-off", "skip": "the skip", "no": 'the "not kept" answer'}[taken]
    out.print(f"Took back {what} of {ritual.name} for {day_title(day)}.")


def skipped_line(out: Console, status: RitualStatus, day: date, outcome: str) -> None:
    """What `ritual skip` did, in one line."""
    name = status.ritual.name
    when = day_title(day)
    if outcome == "kept":
        out.print(
            f"{name} was kept on {when}; a kept day stays kept, nothing changed"
            " (ritual undo takes the check-off back)."
        )
    elif outcome == "already":
        out.print(f"{name} was already skipped for {when}; nothing changed.")
    elif outcome == "paused":
        out.print(f"{name} is paused on {when}; nothing to skip, nothing changed.")
    else:
        streak = f" Streak: {streak_words(status.streak)}." if status.streak.current else ""
        out.print(f"Skipped {name} for {when} (neither counts nor breaks).{streak}")


def paused_lines(
    out: Console, ritual: Ritual, first: date, last: date, *, merged: Sequence[Pause] = ()
) -> None:
    """What `ritual pause` did: a new pause, one extended by it, or nothing new."""
    days = (last - first).days + 1
    span = f"from {day_title(first)} to {day_title(last)} ({count_words(days, 'day')})"
    if not merged:
        out.print(f"Paused {ritual.name} {span}.")
    elif len(merged) == 1 and merged[0] == (first, last):
        out.print(
            f"{ritual.name} is already paused from {day_title(first)} to {day_title(last)};"
            " nothing changed."
        )
        return
    else:
        joined = " and ".join(f"{day_title(a)} to {day_title(b)}" for a, b in merged)
        out.print(
            f"Merged with the pause{'s' if len(merged) > 1 else ''} {joined}:"
            f" {ritual.name} is now paused {span}."
        )
    out.print("Paused days never break its streak.", style="dim")


def unpaused_line(
    out: Console, ritual: Ritual, pause: Pause, ends: date | None, current: bool
) -> None:
    """What `ritual unpause` did, with the dates."""
    first, last = pause
    span = f"{day_title(first)} to {day_title(last)}"
    if ends is not None:
        out.print(
            f"Ended the pause of {ritual.name} ({span}) early: it now ends {day_title(ends)},"
            f" and {ritual.name} is due again from today."
        )
    elif current:
        out.print(f"Cancelled the pause of {ritual.name} ({span}); it is due again from today.")
    else:
        out.print(f"Cancelled the planned pause of {ritual.name} ({span}).")


def archived_line(out: Console, ritual: Ritual) -> None:
    out.print(f"Archived {ritual.name}; its history is kept.")


def unarchived_line(out: Console, ritual: Ritual, paused: Pause | None) -> None:
    """What `ritual unarchive` did; the days it was archived are a pause now."""
    line = f"Brought back {ritual.name}, with its history."
    if paused is not None:
        line += (
            f" The days it was archived ({day_title(paused[0])} to {day_title(paused[1])})"
            " count as paused, so its streak goes on."
        )
    out.print(line)
