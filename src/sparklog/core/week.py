"""The weekly summary: what a week held, as plain numbers `week` draws and `--json` prints.

Pure: the week's entries, check-offs, rituals and streaks come in, already read;
`build_week` only counts. Nothing here reads the clock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from sparklog.core.entries import Entry, Horseman, Lang, reading_order
from sparklog.core.important_dates import Upcoming
from sparklog.core.kinds import STREAKS, definition, tally_keys
from sparklog.core.rituals import Ritual
from sparklog.core.streaks import RitualStatus, Streak, asked_on, week_target


class WeekSpan(NamedTuple):
    start: date
    end: date

    @classmethod
    def of(cls, first: date) -> WeekSpan:
        return cls(first, first + timedelta(days=6))

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(7)]

    @property
    def iso(self) -> str:
        """The ISO week most of its days belong to (also for Sunday-first weeks)."""
        year, week, _ = (self.start + timedelta(days=3)).isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def previous(self) -> WeekSpan:
        return WeekSpan.of(self.start - timedelta(days=7))

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "iso": self.iso}


class DayTally(NamedTuple):
    """One day of the week: each kind's counts (by `Tally` key) and the rituals kept."""

    day: date
    counts: Mapping[str, int]
    appreciations: int = 0
    rituals: tuple[str, ...] = ()

    def count(self, key: str) -> int:
        return self.counts.get(key, 0)

    @property
    def is_empty(self) -> bool:
        return not (any(self.counts.values()) or self.rituals)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            **{key: self.count(key) for key in tally_keys()},
            "rituals": list(self.rituals),
        }


class Observations(NamedTuple):
    positive: int
    negative: int
    target: float
    horsemen: dict[Horseman, int]
    previous_positive: int
    previous_negative: int
    unreframed: int = 0  # negative ones with no kinder reading written yet
    appreciations: int = 0  # positive moments noticed in writing, beside the observations
    previous_appreciations: int = 0

    @staticmethod
    def ratio_of(positive: int, negative: int) -> float | None:
        """Positive per negative, or None when nothing negative was noted."""
        return round(positive / negative, 2) if negative else None

    @property
    def ratio(self) -> float | None:
        return self.ratio_of(self.positive, self.negative)

    @property
    def previous_ratio(self) -> float | None:
        return self.ratio_of(self.previous_positive, self.previous_negative)

    @property
    def total(self) -> int:
        return self.positive + self.negative

    # An appreciation is a positive moment noticed, so the moments weighed against
    # the negative ones are the positive observations and the appreciations.

    @property
    def good(self) -> int:
        return self.positive + self.appreciations

    @property
    def previous_good(self) -> int:
        return self.previous_positive + self.previous_appreciations

    @property
    def moments(self) -> int:
        return self.good + self.negative

    @property
    def moment_ratio(self) -> float | None:
        return self.ratio_of(self.good, self.negative)

    @property
    def previous_moment_ratio(self) -> float | None:
        return self.ratio_of(self.previous_good, self.previous_negative)

    @property
    def under_target(self) -> bool:
        ratio = self.moment_ratio
        return ratio is not None and ratio < self.target

    def to_json(self) -> dict[str, Any]:
        return {
            "positive": self.positive,
            "negative": self.negative,
            "ratio": self.ratio,
            "target": self.target,
            "horsemen": {h.value: n for h, n in self.horsemen.items()},
            "previous_week": {
                "positive": self.previous_positive,
                "negative": self.previous_negative,
            },
        }

    def moments_json(self) -> dict[str, Any]:
        """What the view weighs: positive moments (appreciations included) against negative."""
        return {
            "positive": self.good,
            "appreciations": self.appreciations,
            "negative": self.negative,
            "ratio": self.moment_ratio,
            "target": self.target,
            "previous_week": {"positive": self.previous_good, "negative": self.previous_negative},
        }


class RitualWeek(NamedTuple):
    """One ritual's row in the week's grid."""

    ritual: Ritual
    kept: frozenset[date]
    target: int
    streak: Streak
    due: frozenset[date] = frozenset()  # days it was asked for (day-counted cadences)
    paused: frozenset[date] = frozenset()

    @property
    def done(self) -> int:
        """Check-offs that count toward the target; for day-counted cadences, on due days."""
        cadence = self.ritual.cadence
        if cadence.unit == "week":
            return len(self.kept)
        return sum(1 for day in self.kept if cadence.due_on(day))

    @property
    def met(self) -> bool:
        return self.done >= self.target

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.ritual.name,
            "cadence": self.ritual.cadence.label,
            "done": self.done,
            "target": self.target,
            "met": self.met,
            "streak": self.streak.to_json(),
        }


def ritual_week(status: RitualStatus, kept: Iterable[date], week: WeekSpan) -> RitualWeek:
    """The ritual's target for this week, by the streak engine's own rules.

    Day-counted: the days `asked_on` says it was asked for (due, inside its
    history from `status.started` to its archiving, not paused). N per week: N
    scaled by paused days only; the engine asks the full target of the week a
    ritual begins in (and skips that week when it falls short), so the grid does too.
    """
    ritual = status.ritual
    done = frozenset(day for day in kept if week.start <= day <= week.end)
    paused = frozenset(day for day in week.days if ritual.paused_on(day))
    if ritual.cadence.unit == "week":
        target = week_target(ritual.cadence, 7 - len(paused))
        due: frozenset[date] = frozenset()
    else:
        end = ritual.archived or week.end
        due = frozenset(
            day
            for day in week.days
            if asked_on(ritual.cadence, day, start=status.started, end=end, paused=paused)
        )
        target = len(due)
    return RitualWeek(ritual, done, target, status.streak, due, paused)


class WeekSummary(NamedTuple):
    week: WeekSpan
    today: date
    days: list[DayTally]
    observations: Observations
    rituals: list[RitualWeek]
    streaks: dict[str, Streak]
    love_languages: dict[Lang, int]
    entries: list[Entry]  # the week's appreciations, newest first
    has_rituals: bool = False  # any active ritual at all, even one made after this week
    upcoming: Sequence[Upcoming] = ()  # dates in the two weeks from today
    partner: bool = False  # a partner ever joined: their news is read under the view

    @property
    def is_current(self) -> bool:
        return self.week.start <= self.today <= self.week.end

    @property
    def is_empty(self) -> bool:
        return all(day.is_empty for day in self.days)

    @property
    def suggestion(self) -> str:
        return suggest(self)

    def to_json(self) -> dict[str, Any]:
        """Exactly the shape PRODUCT.md gives for `week --json`."""
        return {
            "week": self.week.to_json(),
            "days": [day.to_json() for day in self.days],
            "observations": self.observations.to_json(),
            "moments": self.observations.moments_json(),
            "rituals": [row.to_json() for row in self.rituals],
            "streaks": {name: streak.to_json() for name, streak in self.streaks.items()},
            "love_languages": {lang.value: n for lang, n in self.love_languages.items()},
            "entries": [entry.to_json() for entry in self.entries],
            "upcoming": [item.to_json() for item in self.upcoming],
        }


def build_week(
    week: WeekSpan,
    today: date,
    entries: Sequence[Entry],
    *,
    checks: Mapping[str, Iterable[date]],
    statuses: Sequence[RitualStatus],
    streaks: Mapping[str, Streak],
    previous: tuple[int, int],
    ratio_target: float,
    previous_appreciations: int = 0,
) -> WeekSummary:
    """Count a week from its rows.

    `entries` are the week's entries, `checks` the week's check-off days by ritual
    id, `statuses` every ritual with its streak (an archived one has a row only
    in the weeks before it was archived), `previous` the previous week's
    (positive, negative) observation counts.

    For a past week the streaks come as they stood on its last day, and that day
    is over: a streak still open then was broken (`Streak.closed`).
    """
    if not week.start <= today <= week.end:
        streaks = {name: streak.closed() for name, streak in streaks.items()}
        statuses = [st._replace(streak=st.streak.closed()) for st in statuses]
    rows = [
        ritual_week(status, checks.get(status.ritual.id, ()), week)
        for status in statuses
        if status.started <= week.end
        and (status.ritual.archived is None or status.ritual.archived >= week.start)
    ]
    days = [_tally(day, entries, rows) for day in week.days]
    observed = [e for e in entries if definition(e.kind).ratio]
    negatives = [e for e in observed if e.positive is False]
    horsemen = Counter(e.horseman for e in negatives if e.horseman is not None)
    langs = Counter(
        e.lang for e in entries if e.lang is not None and definition(e.kind).love_language(e)
    )
    appreciations = reading_order(e for e in entries if definition(e.kind).appreciation)
    return WeekSummary(
        week=week,
        today=today,
        days=days,
        observations=Observations(
            positive=len(observed) - len(negatives),
            negative=len(negatives),
            target=ratio_target,
            horsemen={h: horsemen[h] for h in Horseman if horsemen[h]},
            previous_positive=previous[0],
            previous_negative=previous[1],
            unreframed=sum(1 for e in negatives if not e.reframe),
            appreciations=len(appreciations),
            previous_appreciations=previous_appreciations,
        ),
        rituals=rows,
        streaks=dict(streaks),
        love_languages=dict(sorted(langs.items(), key=lambda item: (-item[1], item[0].value))),
        entries=appreciations,
        has_rituals=any(status.ritual.is_active for status in statuses),
    )


def _tally(day: date, entries: Sequence[Entry], rows: Sequence[RitualWeek]) -> DayTally:
    own = [e for e in entries if e.day == day]
    return DayTally(
        day=day,
        counts=Counter(definition(e.kind).tally(e) for e in own),
        appreciations=sum(1 for e in own if definition(e.kind).appreciation),
        rituals=tuple(row.ritual.name for row in rows if day in row.kept),
    )


STREAK_NAMES = {streak.name: streak.phrase for streak in STREAKS}


def suggestions(summary: WeekSummary) -> list[str]:
    """Every gentle next step the data points to, the most useful first."""
    found: list[str] = []
    obs = summary.observations
    if summary.is_current:
        for name, streak in summary.streaks.items():
            if streak.at_risk:
                days = f"{streak.current} {streak.unit}{'s' if streak.current != 1 else ''}"
                found.append(
                    f"Your {STREAK_NAMES.get(name, name)} streak ({days}) is waiting"
                    " for today: sparklog three"
                )
                break
    if obs.under_target:
        found.append(
            f"Under {obs.target:g}:1 {'this' if summary.is_current else 'that'} week."
            ' Catch the next kind moment: sparklog observe "…"'
        )
    if obs.unreframed:
        found.append(
            f"{_count(obs.unreframed, 'hard moment')} without a reframe yet;"
            " is there a kinder way to see it?"
        )
    # Archived rituals keep their rows, but are no longer asked about.
    tracked = [row for row in summary.rituals if row.target and row.ritual.is_active]
    if tracked and not any(row.kept for row in tracked):
        found.append(
            f"No ritual kept {'yet this' if summary.is_current else 'that'} week."
            f" What about {tracked[0].ritual.name}?"
        )
    if summary.is_current:
        for row in tracked:
            ahead = [
                day
                for day in summary.week.days
                if day >= summary.today
                and day not in row.kept
                and (row.ritual.cadence.unit == "week" or day in row.due)
            ]
            if not row.met and row.target - row.done <= len(ahead):
                found.append(
                    f"Still time for {row.ritual.name} this week"
                    f" ({row.done} of {row.target} so far)."
                )
                break
    if not summary.has_rituals:
        found.append('A small shared routine helps: sparklog ritual add "Morning coffee" --daily')
    if not obs.total:
        found.append('Notice one good moment between you and note it: sparklog observe "…"')
    found.append("Tell your partner one of this week's appreciations out loud.")
    return found


def suggest(summary: WeekSummary) -> str:
    return suggestions(summary)[0]


def _count(n: int, what: str) -> str:
    return f"One {what}" if n == 1 else f"{n} {what}s"
