"""Important dates: anniversaries, birthdays, one-off days, and the together milestones.

Pure: the dates and "today" come in; next occurrences, countdowns and the lines
`today`, `week`, `evening` and `nudge` show go out.

- A date is yearly unless it was added `--once`. A yearly date falls on the same
  month and day every year; Feb 29 falls on Feb 28 in a common year. A yearly
  date still ahead (a wedding next June) first occurs on the day itself.
- `years` is how many years the next occurrence marks: 7 on the seventh
  anniversary, 0 on a yearly date's own first day, None for a one-off.
- At most one date is `together`: the day the relationship began. It also
  yields milestones on the 100th, 500th, 1000th, 2000th, 5000th and 10000th day
  after it (the together day itself is day 0).
- The upcoming list holds what falls today and in the next 14 days; `nudge`
  speaks on the day itself and the day before.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple

from sparklog.core.dates import EARLIEST
from sparklog.core.names import clean_name, match_name, name_key
from sparklog.errors import Conflict, InvalidDate

MILESTONES = (100, 500, 1000, 2000, 5000, 10000)
"""Days after the together date worth marking."""
UPCOMING_DAYS = 14
"""How far ahead views look: today and the next 14 days."""
NUDGE_DAYS = 1
"""`nudge` speaks on the day itself and the day before."""


class ImportantDate(NamedTuple):
    name: str
    day: date
    yearly: bool = True
    together: bool = False

    def on_year(self, year: int) -> date:
        """The day this date falls on in `year` (Feb 29 on Feb 28 in a common year)."""
        if self.day.month == 2 and self.day.day == 29 and not calendar.isleap(year):
            return date(year, 2, 28)
        return self.day.replace(year=year)

    def next_on_or_after(self, today: date) -> date | None:
        """The next time the date comes round, today included; None for a past one-off."""
        if self.day >= today:
            return self.day
        if not self.yearly:
            return None
        this_year = self.on_year(today.year)
        return this_year if this_year >= today else self.on_year(today.year + 1)

    def years_on(self, occurrence: date) -> int | None:
        return occurrence.year - self.day.year if self.yearly else None

    def milestones(self) -> list[tuple[int, date]]:
        """(days, day) of each milestone; only the together date has any."""
        if not self.together:
            return []
        found: list[tuple[int, date]] = []
        for days in MILESTONES:
            try:
                found.append((days, self.day + timedelta(days=days)))
            except OverflowError:
                break
        return found

    def to_json(self) -> dict[str, Any]:
        """The date as kept (for the nudge's stamp file and exports)."""
        return {
            "name": self.name,
            "date": self.day.isoformat(),
            "yearly": self.yearly,
            "together": self.together,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportantDate:
        return cls(
            name=str(data["name"]),
            day=date.fromisoformat(str(data["date"])),
            yearly=bool(data["yearly"]),
            together=bool(data["together"]),
        )


def clean_date_name(raw: str) -> str:
    """A date's name as stored: the same rules as a ritual's name."""
    return clean_name(raw, "date name")


def new_date(
    existing: Collection[ImportantDate],
    name: str,
    day: date,
    *,
    today: date,
    once: bool = False,
    together: bool = False,
) -> ImportantDate:
    """A date as `dates add` would store it, or one clear error.

    The name is cleaned and must not be taken (in any case); only one date may be
    the together date, and the start of the relationship cannot lie ahead. Other
    dates may (a trip next month, a wedding next year).
    """
    clean = clean_date_name(name)
    if day < EARLIEST:
        raise InvalidDate(f"{day.isoformat()} is before {EARLIEST.year}; check the year")
    for other in existing:
        if name_key(other.name) == name_key(clean):
            raise Conflict(f"there is already a date called {other.name!r}; pick another name")
    if together:
        if day > today:
            raise InvalidDate(
                f"{day.isoformat()} is in the future; the together date is the day it began"
            )
        for other in existing:
            if other.together:
                raise Conflict(
                    f"{other.name!r} is already the together date;"
                    " remove it first (sparklog dates remove NAME)"
                )
    return ImportantDate(clean, day, yearly=not once, together=together)


def match_date(dates: Collection[ImportantDate], name: str) -> ImportantDate:
    """The date `name` means: an exact name or a unique prefix, any case."""
    return match_name(
        dates,
        name,
        name_of=lambda d: d.name,
        noun="date",
        plural="dates",
        add_hint="sparklog dates add NAME YYYY-MM-DD",
    )


# --- dates list ----------------------------------------------------------------------


class Countdown(NamedTuple):
    """One row of `dates list`: a date and when it next comes round."""

    important: ImportantDate
    next: date | None
    in_days: int | None
    years: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.important.name,
            "date": self.important.day.isoformat(),
            "yearly": self.important.yearly,
            "next": self.next.isoformat() if self.next else None,
            "in_days": self.in_days,
            "years": self.years,
        }


def countdown(important: ImportantDate, today: date) -> Countdown:
    upcoming = important.next_on_or_after(today)
    if upcoming is None:
        return Countdown(important, None, None, None)
    return Countdown(important, upcoming, (upcoming - today).days, important.years_on(upcoming))


class DateList(NamedTuple):
    """`dates list`: every date, the soonest first, one-offs already past last."""

    today: date
    rows: tuple[Countdown, ...]

    def to_json(self) -> list[dict[str, Any]]:
        return [row.to_json() for row in self.rows]


def date_list(dates: Iterable[ImportantDate], today: date) -> DateList:
    rows = [countdown(important, today) for important in dates]
    rows.sort(
        key=lambda row: (
            row.in_days is None,
            row.in_days or 0,
            -row.important.day.toordinal() if row.in_days is None else 0,
            name_key(row.important.name),
        )
    )
    return DateList(today, tuple(rows))


# --- what is coming up -----------------------------------------------------------------


def day_label(day: date) -> str:
    """'Sun 14 Jun', as the views print dates."""
    return f"{day:%a} {day.day} {day:%b}"


class Upcoming(NamedTuple):
    """A date or a together milestone within the next days."""

    name: str
    day: date
    in_days: int
    years: int | None = None
    milestone: int | None = None
    """Days since the together date, for a milestone."""

    @property
    def what(self) -> str | None:
        if self.milestone is not None:
            return f"{self.milestone} days"
        if self.years:
            return "1 year" if self.years == 1 else f"{self.years} years"
        return None

    @property
    def text(self) -> str:
        """'First date: 7 years on Sun 14 Jun, in 4 days'; 'Lisbon trip tomorrow, Mon 15 Jun'."""
        head = f"{self.name}: {self.what}" if self.what else self.name
        if self.in_days == 0:
            return f"{head} today"
        if self.in_days == 1:
            return f"{head} tomorrow, {day_label(self.day)}"
        return f"{head} on {day_label(self.day)}, in {self.in_days} days"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "date": self.day.isoformat(),
            "in_days": self.in_days,
            "years": self.years,
            "milestone": self.milestone,
            "text": self.text,
        }


def upcoming(
    dates: Iterable[ImportantDate], today: date, within: int = UPCOMING_DAYS
) -> list[Upcoming]:
    """Dates and milestones from today to `within` days ahead, the soonest first."""
    found: list[Upcoming] = []
    for important in dates:
        next_day = important.next_on_or_after(today)
        if next_day is not None and (next_day - today).days <= within:
            years = important.years_on(next_day)
            found.append(Upcoming(important.name, next_day, (next_day - today).days, years))
        for days, day in important.milestones():
            if 0 <= (day - today).days <= within:
                found.append(Upcoming(important.name, day, (day - today).days, milestone=days))
    found.sort(key=lambda item: (item.in_days, name_key(item.name), item.milestone or 0))
    return found


def nudge_line(dates: Iterable[ImportantDate], today: date) -> str | None:
    """The one line `nudge` adds on a date's day and the day before, or None."""
    close = upcoming(dates, today, within=NUDGE_DAYS)
    return "; ".join(item.text for item in close) + "." if close else None
