"""Calendar grids for `month` and `year`: which day sits where, and how full it was.

Pure: the days, their counts and "today" come in; rows, columns and levels go out.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from sparklog.core.dates import week_start_of

# Entries on a day needed to reach shading level 1, 2, 3 and 4 (a full evening is ~5).
LOGGED_STEPS = (1, 2, 4, 6)
# Rituals kept on a day for each level.
KEPT_STEPS = (1, 2, 3, 4)


def level(count: int, steps: tuple[int, ...] = LOGGED_STEPS) -> int:
    """0 for nothing, up to len(steps) for a lot."""
    return sum(1 for step in steps if count >= step)


Week = list[date | None]  # seven cells from the week's first day; None = outside the range


def _week(start: date, first: date, last: date) -> Week:
    days = (start + timedelta(days=i) for i in range(7))
    return [day if first <= day <= last else None for day in days]


def weeks_between(first: date, last: date, week_start: int = 0) -> list[Week]:
    """The calendar weeks covering first..last; days outside the range are None."""
    weeks: list[Week] = []
    start = week_start_of(first, week_start)
    while start <= last:
        weeks.append(_week(start, first, last))
        start += timedelta(days=7)
    return weeks


def month_range(day: date) -> tuple[date, date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def weekday_labels(week_start: int = 0) -> list[str]:
    """'Mon'..'Sun' rotated so the configured first day of the week comes first."""
    names = list(calendar.day_abbr)
    return names[week_start:] + names[:week_start]


def month_starts(weeks: list[Week]) -> list[tuple[int, str]]:
    """(column, 'Jan') for each week column in which a month begins."""
    found: list[tuple[int, str]] = []
    for column, week in enumerate(weeks):
        for day in week:
            if day is not None and day.day == 1:
                found.append((column, calendar.month_abbr[day.month]))
    return found


@dataclass(frozen=True)
class CalendarSpan:
    """How much was logged and kept on each day of a range."""

    first: date
    last: date
    today: date
    week_start: int = 0
    logged: dict[date, int] = field(default_factory=dict)  # entries per day
    kept: dict[date, int] = field(default_factory=dict)  # rituals checked off per day

    @property
    def weeks(self) -> list[Week]:
        return weeks_between(self.first, self.last, self.week_start)

    @property
    def entries(self) -> int:
        return sum(self.logged.values())

    @property
    def days_logged(self) -> int:
        return sum(1 for count in self.logged.values() if count)

    @property
    def days_kept(self) -> int:
        return sum(1 for count in self.kept.values() if count)

    @property
    def checks(self) -> int:
        return sum(self.kept.values())

    @property
    def days_so_far(self) -> int:
        """Days of the range up to today (all of them for a past range)."""
        end = min(self.last, self.today)
        return max(0, (end - self.first).days + 1)

    @property
    def is_empty(self) -> bool:
        return not self.entries and not self.checks

    def is_future(self, day: date) -> bool:
        return day > self.today
