"""`sparklog trends`: month by month, how the habit and the relationship are going.

Pure: counts per month and the rituals' check-off days within the window come
in, one row per month goes out. The inputs are shaped for two cheap queries
that read only the window (`window_start` to today), so ten years of history
cost no more than one:

- `EntryCount` is one row of a GROUP BY (month, kind, positive, lang) count;
- `RitualDays` is a ritual with its check-off days inside the window.

The rules:

- appreciations are the entries of the kinds defined as appreciations (gratitude
  and three things); those counted in positive versus negative (observations)
  count by sign; the ratio is positive per negative (None with no negatives), as
  in the week summary;
- love languages count every entry that names one where its kind lets it count
  (not a negative observation: love languages are about appreciation), as in
  the week summary;
- rituals kept is the share of due days kept, in percent, over every ritual
  (None when nothing was due that month). A day-counted ritual is due on each
  day `asked_on` says (its cadence's days, inside its history, not paused); a
  day kept counts even in a pause. An N-per-week ritual is due its weekly target
  (`week_target`: scaled down by the week's paused days and the days before the
  ritual began or after it was archived) once per calendar week, counted in the
  month holding the middle of the week's days (of those the ritual existed on,
  up to today); check-offs beyond the target add nothing. Like a
  streak, what is still open is not a miss: today counts only once it is kept,
  and the current week asks only for what was already done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any, NamedTuple

from sparklog.core.dates import week_start_of
from sparklog.core.entries import Kind, Lang
from sparklog.core.kinds import definition
from sparklog.core.rituals import Ritual
from sparklog.core.streaks import asked_on, paused_days, week_target
from sparklog.core.week import Observations

DEFAULT_MONTHS = 12
MAX_MONTHS = 120
"""Ten years: more would not fit a terminal, and the window keeps the queries small."""


def month_key(day: date) -> str:
    """'2026-11', as months are named in JSON and grouped in SQL (`substr(day, 1, 7)`)."""
    return f"{day.year:04d}-{day.month:02d}"


def months_ending(today: date, months: int = DEFAULT_MONTHS) -> list[date]:
    """The first days of the last `months` months, oldest first, ending with today's."""
    year, month = today.year, today.month
    found: list[date] = []
    for _ in range(months):
        found.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found[::-1]


def window_start(today: date, months: int = DEFAULT_MONTHS) -> date:
    """The first day the trend reads: the first of the oldest month shown."""
    return months_ending(today, months)[0]


@dataclass(frozen=True)
class EntryCount:
    """How many entries of one kind, sign and love language were filed in a month."""

    month: str
    kind: Kind
    count: int
    positive: bool | None = None
    lang: Lang | None = None


class RitualDays(NamedTuple):
    """A ritual, where its history starts (`history_start`) and its kept days in the window."""

    ritual: Ritual
    started: date
    kept: frozenset[date] = frozenset()


class MonthTrend(NamedTuple):
    month: str
    appreciations: int = 0
    positive: int = 0
    negative: int = 0
    due: int = 0
    kept: int = 0
    love_languages: Mapping[Lang, int] = MappingProxyType({})

    @property
    def ratio(self) -> float | None:
        return Observations.ratio_of(self.positive, self.negative)

    @property
    def rituals_kept(self) -> int | None:
        """Percent of due days kept, or None when nothing was due."""
        return round(100 * self.kept / self.due) if self.due else None

    def to_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "appreciations": self.appreciations,
            "positive": self.positive,
            "negative": self.negative,
            "ratio": self.ratio,
            "rituals_kept": self.rituals_kept,
            "love_languages": {lang.value: n for lang, n in self.love_languages.items()},
        }


class Trends(NamedTuple):
    today: date
    months: tuple[MonthTrend, ...]

    @property
    def is_empty(self) -> bool:
        return not any(
            m.appreciations or m.positive or m.negative or m.due or m.love_languages
            for m in self.months
        )

    def to_json(self) -> dict[str, Any]:
        return {"months": [month.to_json() for month in self.months]}


def _ritual_month_counts(
    item: RitualDays, first: date, today: date, week_start: int
) -> tuple[Counter[str], Counter[str]]:
    """(due, kept) per month for one ritual over [first, today]."""
    ritual, cadence = item.ritual, item.ritual.cadence
    due: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    end = min(today, ritual.archived) if ritual.archived else today
    start = max(item.started, first)
    if start > end:
        return due, kept
    months: dict[tuple[int, int], str] = {}

    def month_of(day: date) -> str:
        key = (day.year, day.month)
        if key not in months:
            months[key] = month_key(day)
        return months[key]

    if cadence.unit == "day":
        # The excused days of the window, once: `Ritual.paused_on` day by day is the slow way.
        paused = paused_days(ritual.excused, start, end)
        day = start
        while day <= end:
            kept_day = day in item.kept and cadence.due_on(day)
            open_today = day == today and not ritual.archived
            asked = asked_on(cadence, day, start=item.started, end=end, paused=paused)
            if kept_day or (asked and not open_today):
                due[month_of(day)] += 1
                kept[month_of(day)] += kept_day
            day += timedelta(days=1)
        return due, kept
    week = week_start_of(start, week_start)
    paused = paused_days(ritual.excused, week, end)
    while week <= end:
        days = [week + timedelta(days=n) for n in range(7)]
        inside = [d for d in days if item.started <= d <= end]
        middle = inside[(len(inside) - 1) // 2]
        target = week_target(cadence, sum(1 for d in inside if d not in paused))
        done = min(target, sum(1 for d in inside if d in item.kept))
        still_open = days[-1] >= today and not ritual.archived
        asks = done if still_open else target
        if middle >= first:
            due[month_of(middle)] += asks
            kept[month_of(middle)] += done
        week += timedelta(days=7)
    return due, kept


def build_trends(
    today: date,
    counts: Iterable[EntryCount],
    rituals: Iterable[RitualDays] = (),
    *,
    months: int = DEFAULT_MONTHS,
    week_start: int = 0,
) -> Trends:
    """One row per month for the last `months` months, ending with today's.

    Counts for months outside the window are ignored, so a query may be loose.
    """
    firsts = months_ending(today, months)
    keys = [month_key(first) for first in firsts]
    shown = set(keys)
    appreciations: Counter[str] = Counter()
    positive: Counter[str] = Counter()
    negative: Counter[str] = Counter()
    langs: dict[str, Counter[Lang]] = {key: Counter() for key in keys}
    for row in counts:
        if row.month not in shown:
            continue
        spec = definition(row.kind)
        if spec.appreciation:
            appreciations[row.month] += row.count
        if spec.ratio:
            (negative if row.positive is False else positive)[row.month] += row.count
        if row.lang is not None and spec.love_language(row):
            langs[row.month][row.lang] += row.count
    due: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for item in rituals:
        ritual_due, ritual_kept = _ritual_month_counts(item, firsts[0], today, week_start)
        due.update(ritual_due)
        kept.update(ritual_kept)
    return Trends(
        today,
        tuple(
            MonthTrend(
                month=key,
                appreciations=appreciations[key],
                positive=positive[key],
                negative=negative[key],
                due=due[key],
                kept=kept[key],
                love_languages=dict(
                    sorted(langs[key].items(), key=lambda item: (-item[1], item[0].value))
                ),
            )
            for key in keys
        ),
    )
