"""Journal days and the date words sparklog understands.

Nothing here reads the clock: callers pass "now" or "today" in, so the rules can
be tested at any instant (a rollover night, a year end, a DST change).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from sparklog.errors import InvalidDate

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_AGO = re.compile(r"^(\d{1,5})\s*(?:d|days?(?:\s+ago)?)$")
EARLIEST = date(1900, 1, 1)
"""The first day a journal can hold: older dates are typos, and the week arithmetic
of a calendar needs room before the first day it shows."""
ACCEPTED = "today, yesterday, YYYY-MM-DD, a weekday (mon..sun), Nd or 'N days ago'"


def journal_day(now: datetime, rollover_hour: int = 4) -> date:
    """The calendar day an instant is filed under.

    Before the rollover hour the day still belongs to the evening before, so an
    end-of-day log at 00:30 counts for the day it closes. `now` is local wall time.
    """
    return (now - timedelta(hours=rollover_hour)).date()


def is_evening(now: datetime, today: date, risk_hour: int = 18) -> bool:
    """Whether the journal day `today` has reached its evening at `now` (local wall time).

    From `risk_hour` on, and after midnight until the rollover (the day is then
    still `today`), an open streak is at risk; earlier, the day is simply open.
    """
    return now.date() > today or now.hour >= risk_hour


def weekday_index(word: str) -> int | None:
    """Monday=0 for 'mon', 'Monday', 'thu'..., or None when it is not a weekday."""
    key = word.strip().lower()
    if key in WEEKDAYS:
        return WEEKDAYS.index(key)
    if key in _FULL_WEEKDAYS:
        return _FULL_WEEKDAYS.index(key)
    return None


def parse_day(text: str, today: date) -> date:
    """Read a date argument relative to `today` (the current journal day).

    A weekday name means the most recent one before today. Future dates are
    refused: a journal records what happened.
    """
    word = text.strip().lower()
    if not word:
        raise InvalidDate(f"an empty date; use {ACCEPTED}")
    result: date | None = None
    if word == "today":
        result = today
    elif word == "yesterday":
        result = today - timedelta(days=1)
    elif (index := weekday_index(word)) is not None:
        back = (today.weekday() - index) % 7 or 7
        result = today - timedelta(days=back)
    elif match := _AGO.match(word):
        days = int(match.group(1))
        try:
            result = today - timedelta(days=days)
        except OverflowError:
            raise InvalidDate(f"{text!r} reaches before year 1") from None
    else:
        try:
            result = date.fromisoformat(word)
        except ValueError:
            raise InvalidDate(f"cannot read the date {text!r}; use {ACCEPTED}") from None
    return within_journal(result, today)


def within_journal(day: date, today: date) -> date:
    """`day` itself, when a journal can hold it: not in the future, not before 1900."""
    if day > today:
        raise InvalidDate(
            f"{day.isoformat()} is in the future; the journal day today is {today.isoformat()}"
        )
    if day < EARLIEST:
        raise InvalidDate(f"{day.isoformat()} is before {EARLIEST.year}; check the year")
    return day


def week_start_of(day: date, week_start: int = 0) -> date:
    """The first day of the calendar week holding `day` (week_start: 0=Mon, 6=Sun).

    The first week of year 1 has no start before it: a journal may hold such a
    date (from an old import), so it is cut at the first day there is.
    """
    back = (day.weekday() - week_start) % 7
    if day.toordinal() <= back:
        return date.min
    return day - timedelta(days=back)


def week_days(day: date, week_start: int = 0) -> list[date]:
    """The seven days of the calendar week holding `day`."""
    start = week_start_of(day, week_start)
    return [start + timedelta(days=i) for i in range(7)]
