"""Streaks: how many units in a row a habit was kept, and how strong the habit is.

Pure: it takes dates and a cadence and returns numbers; "today" is a parameter.

The rules (PRODUCT.md, Streaks):

- A streak is counted in its cadence's unit. Daily rituals count days; weekday
  and named-day rituals count their due days; N-per-week rituals count calendar
  weeks (starting on `week_start`, 0=Monday, 6=Sunday).
- Days that are not due, and paused days left undone, neither count nor break.
  A skipped day (`ritual skip`) is a one-day pause (`Ritual.excused`).
  A day that was kept counts even if it lies in a pause: a pause excuses a miss,
  it never takes a kept day away (so adding a pause can never lower a streak).
- The unit in progress (today, or this week) does not break the streak while it
  is still open; the streak is then "at risk": `current` counts up to the unit
  before, and `at_risk` is True when there is something to lose (current > 0).
- A week's target is N scaled down by its paused days: ceil(N * unpaused / 7), so
  a week paused for 4 of 7 days needs ceil(3N/7) check-offs (never more than the
  days left). A week with any check-off that meets its target is kept; a fully
  paused week without check-offs is skipped.
- History starts at `start` (the ritual's created day) or at the earliest
  check-off, whichever is first (`history_start`), and never before 1900: a
  journal may hold older dates from an old import, and counting from year 1
  would only add misses. For N-per-week rituals the week holding that first day
  is counted when its target is met and skipped otherwise: a ritual created on
  a Saturday is not broken by the Monday it did not exist on.
- An archived ritual's history ends on the day it was archived, and that day
  is closed, not open: an archived ritual is never "at risk".
- The week grid asks the same questions through `asked_on` and `week_target`,
  so a week's row and the streak never disagree.

Habit strength (0..100) follows the idea of Loop Habit Tracker's habit score: an
exponentially smoothed rate of keeping the habit, stepped once per due unit::

    score = score * m + kept * (1 - m)      (score starts at 0)
    strength = score / (1 - m ** n)         (n: the units judged so far)

`kept` is 1 for a kept unit and 0 for a miss (for a week: the share of its target
reached, capped at 1); skipped units leave the score alone and the open unit
counts only once it is kept. Dividing by 1 - m**n makes the strength a weighted
share of the units judged so far, recent ones weighing most: a young ritual kept
every time reads 100 rather than climbing slowly from 0 (a weekly ritual kept 3
weeks of 3 would otherwise show 35), and a young one mostly missed reads low.

The multiplier comes from a half-life that grows for rarer habits: with f =
weekly_target / 7 occurrences a day, the half-life is H = 13 / sqrt(f) days, one
unit spans L days (7 / weekly_target for day-counted cadences, 7 for a week) and m
= 0.5 ** (L / H). A daily ritual has a half-life of 13 days, a once-a-week ritual
about 4.9 weeks; after months of keeping a ritual one miss costs a few points
(about 5 for a daily one), not the whole score.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date, timedelta
from enum import Enum
from typing import Any, Literal, NamedTuple

from sparklog.core.dates import EARLIEST, week_days, week_start_of
from sparklog.core.rituals import Cadence, Pause, Ritual

Unit = Literal["day", "week"]

HALF_LIFE_DAYS = 13.0
"""Half-life of a daily habit's strength, as in Loop Habit Tracker."""

DAILY = Cadence.daily()
_DAY = timedelta(days=1)


class Streak(NamedTuple):
    current: int
    best: int
    unit: Unit
    at_risk: bool
    noun: str = ""
    """What one unit is called on screen: 'day', 'due day' or 'week' (empty: the unit).
    Only a name: two streaks that differ in it alone are equal."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Streak):
            return NotImplemented
        return self[:4] == other[:4]

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Streak):
            return NotImplemented
        return self[:4] != other[:4]

    def __hash__(self) -> int:
        return hash(self[:4])

    @property
    def counted(self) -> str:
        return self.noun or self.unit

    def closed(self) -> Streak:
        """The streak once its open unit is over: left unkept, it broke the run."""
        if not self.at_risk:
            return self
        return Streak(current=0, best=self.best, unit=self.unit, at_risk=False, noun=self.noun)

    def to_json(self) -> dict[str, Any]:
        return {
            "current": self.current,
            "best": self.best,
            "unit": self.unit,
            "at_risk": self.at_risk,
        }


class _Outcome(Enum):
    KEPT = "kept"
    MISSED = "missed"
    OPEN = "open"


class _Step(NamedTuple):
    outcome: _Outcome
    value: float


_KEPT = _Step(_Outcome.KEPT, 1.0)
_MISSED = _Step(_Outcome.MISSED, 0.0)
_OPEN = _Step(_Outcome.OPEN, 0.0)


def paused_days(pauses: Iterable[Pause], first: date, last: date) -> set[date]:
    """Paused days inside [first, last]; pauses may be long, the window is short."""
    found: set[date] = set()
    for pause_first, pause_last in pauses:
        day = max(pause_first, first)
        end = min(pause_last, last)
        while day <= end:
            found.add(day)
            day += _DAY
    return found


def week_target(cadence: Cadence, unpaused_days: int) -> int:
    """An N-per-week target scaled down by the week's paused days."""
    return math.ceil(cadence.weekly_target * unpaused_days / 7)


def history_start(done: Iterable[date], today: date, start: date | None = None) -> date:
    """The first day a habit is judged on: its start or its first check-off, if earlier.

    With neither, today. Never before EARLIEST, whatever the journal holds.
    """
    first = min((day for day in done if day <= today), default=today)
    if start is not None:
        first = min(first, start)
    return max(first, EARLIEST)


def asked_on(
    cadence: Cadence, day: date, *, start: date, end: date, paused: Collection[date]
) -> bool:
    """Whether a day-counted habit asks to be kept on `day`: a due day of its
    history [start, end] outside any pause. A day not asked for neither counts
    nor breaks, unless it was kept."""
    return start <= day <= end and cadence.due_on(day) and day not in paused


def _steps(
    done: Iterable[date],
    cadence: Cadence,
    today: date,
    pauses: Iterable[Pause],
    week_start: int,
    start: date | None,
) -> Iterator[_Step]:
    """Each counted unit from the start of history to today, oldest first.

    Skipped units (not due, or paused and not done) are left out; only the last
    step can be OPEN.
    """
    if not isinstance(done, set | frozenset):
        done = set(done)  # read twice below: a one-pass iterable would come back empty
    first = history_start(done, today, start)
    kept = {day for day in done if first <= day <= today}
    if cadence.unit == "day":
        paused = paused_days(pauses, first, today)
        day = first
        while day <= today:
            if day in kept and cadence.due_on(day):
                yield _KEPT
            elif asked_on(cadence, day, start=first, end=today, paused=paused):
                yield _OPEN if day == today else _MISSED
            day += _DAY
        return
    first_week = week_start_of(first, week_start)
    this_week = week_start_of(today, week_start)
    paused = paused_days(pauses, first_week, this_week + 6 * _DAY)
    counts = Counter(week_start_of(day, week_start) for day in kept)
    week = first_week
    while week <= this_week:
        unpaused = sum(1 for i in range(7) if week + i * _DAY not in paused)
        target = week_target(cadence, unpaused)
        checks = counts.get(week, 0)
        if checks >= max(target, 1):
            yield _KEPT
        elif week == this_week:
            if target:
                yield _OPEN
        elif target and week != first_week:
            yield _Step(_Outcome.MISSED, checks / target)
        week += 7 * _DAY


def unit_noun(cadence: Cadence) -> str:
    """What a cadence's streak counts, in words: days, due days (weekdays or named
    days), or weeks (N per week)."""
    if cadence.unit == "week":
        return "week"
    return "day" if cadence.kind == "daily" else "due day"


def _streak_of(steps: Iterable[_Step], unit: Unit, noun: str = "") -> Streak:
    run = best = 0
    at_risk = False
    for step in steps:
        if step.outcome is _Outcome.KEPT:
            run += 1
            best = max(best, run)
        elif step.outcome is _Outcome.MISSED:
            run = 0
        else:
            at_risk = run > 0
    return Streak(current=run, best=best, unit=unit, at_risk=at_risk, noun=noun)


def multiplier(cadence: Cadence) -> float:
    """The per-unit smoothing factor m of the habit strength (see the module text)."""
    per_day = cadence.weekly_target / 7
    half_life = HALF_LIFE_DAYS / math.sqrt(per_day)
    span = 7.0 if cadence.unit == "week" else 7 / cadence.weekly_target
    return float(0.5 ** (span / half_life))


def _strength_of(steps: Iterable[_Step], cadence: Cadence) -> int:
    m = multiplier(cadence)
    score = 0.0
    weight = 0.0  # how much of the score the units so far make up: 1 - m**n
    for step in steps:
        if step.outcome is _Outcome.OPEN:
            continue
        score = score * m + min(step.value, 1.0) * (1 - m)
        weight = weight * m + (1 - m)
    return round(score / weight * 100) if weight else 0


def compute_streak(
    done: Iterable[date],
    cadence: Cadence,
    today: date,
    *,
    pauses: Iterable[Pause] = (),
    week_start: int = 0,
    start: date | None = None,
) -> Streak:
    """Current and best streak in the cadence's unit, and whether it is at risk."""
    steps = _steps(done, cadence, today, tuple(pauses), week_start, start)
    return _streak_of(steps, cadence.unit, unit_noun(cadence))


def habit_strength(
    done: Iterable[date],
    cadence: Cadence,
    today: date,
    *,
    pauses: Iterable[Pause] = (),
    week_start: int = 0,
    start: date | None = None,
) -> int:
    """How established the habit is, 0..100 (see the module text for the formula)."""
    steps = _steps(done, cadence, today, tuple(pauses), week_start, start)
    return _strength_of(steps, cadence)


class Runs(NamedTuple):
    """A daily streak's history reduced to three numbers.

    The store works them out in SQL (`sparklog.store.streaks`), so a read does not
    bring years of days into Python; `daily_streak` is the reference they are
    tested against.
    """

    best: int
    current: int
    """Days kept in a row up to today, or up to yesterday while today is open."""
    open: bool
    """Today is not kept yet."""

    def streak(self) -> Streak:
        return Streak(
            current=self.current, best=self.best, unit="day", at_risk=self.open and self.current > 0
        )


def daily_streak(days: Iterable[date], today: date) -> Streak:
    """A built-in streak (gratitude, three things): every day counts."""
    return compute_streak(days, DAILY, today)


class RitualStatus(NamedTuple):
    """One ritual as of a day: its streak, strength and this day's / week's state."""

    ritual: Ritual
    streak: Streak
    strength: int
    done_today: bool
    done_this_week: int
    due_today: bool
    started: date  # where its history begins (`history_start`)
    week_goal: int  # check-offs this week asks for: N scaled by its paused days
    paused_today: bool = False
    skipped_today: bool = False
    said_no_today: bool = False
    """Answered "not kept" in the evening (a 'no' mark): still open, but not asked again."""
    pauses_ahead: tuple[Pause, ...] = ()
    """The pause under way and the planned ones (`Ritual.pauses_ahead`)."""

    def to_json(self) -> dict[str, Any]:
        """The ritual object plus its strength, as `streaks --json` prints it."""
        return {**self.ritual.to_json(self.streak), "strength": self.strength}

    def list_json(self) -> dict[str, Any]:
        """`ritual list --json`: the ritual, its strength and today's state."""
        return {
            **self.to_json(),
            "done_today": self.done_today,
            "done_this_week": self.done_this_week,
            "due_today": self.due_today,
            "skipped_today": self.skipped_today,
            "pauses": [
                {"from": first.isoformat(), "to": last.isoformat()}
                for first, last in self.pauses_ahead
            ],
        }


def _excused_days(pauses: Iterable[Pause], first: int, last: int) -> set[int]:
    """`paused_days` as day numbers (`date.toordinal`)."""
    found: set[int] = set()
    for pause_first, pause_last in pauses:
        found.update(
            range(max(pause_first.toordinal(), first), min(pause_last.toordinal(), last) + 1)
        )
    return found


class Walk(NamedTuple):
    """Where a ritual's walk over its units stands: every unit up to `through` judged.

    The store keeps one per ritual (`sparklog.store.streaks.keep_walks`), so a
    read walks only the units after it. Every number is carried as it is, so
    going on from a kept walk gives the very same streak and strength as
    walking from the start.
    """

    first: int
    """The first day of the history (`history_start`), as `date.toordinal`."""
    through: int
    """The last day walked: a week's last day for a weekly cadence. Before any
    unit, the day before the first one."""
    run: int = 0
    best: int = 0
    score: float = 0.0
    weight: float = 0.0


def _week_of(n: int, week_start: int) -> int:
    """The first day of the week holding day number `n`.

    date.toordinal(0001-01-01) is 1, a Monday: (n + 6) % 7 is date.weekday().
    """
    return n - ((n + 6) % 7 - week_start) % 7


def _begin(first: date, cadence: Cadence, week_start: int) -> Walk:
    """A walk about to judge its first unit."""
    low = first.toordinal()
    start = low if cadence.unit == "day" else _week_of(low, week_start)
    return Walk(first=low, through=start - 1)


def _walk(
    walk: Walk,
    days: Collection[date],
    cadence: Cadence,
    end: date,
    pauses: Iterable[Pause],
    week_start: int,
    *,
    last_open: bool,
    closed: bool = False,
) -> tuple[Walk, bool]:
    """`walk` carried on over the units up to the one holding `end`; and whether at risk.

    With `last_open` that unit is the one in progress, as `_streak_of` and
    `_strength_of` treat it: kept, it counts; not kept, it neither counts nor
    breaks, and the streak is at risk unless `closed` (an archived ritual's last
    day). Without it, every unit is judged as over: a kept walk ends that way.
    The same units in the same order and the same arithmetic as `_steps`, so
    the numbers are equal to the last bit; but on day numbers, with no step
    objects, so ten years of history cost a few milliseconds, not tens.
    tests/test_streaks.py holds the two to the same answers on random histories.
    """
    low, high = walk.first, end.toordinal()
    run, best, score, weight = walk.run, walk.best, walk.score, walk.weight
    m = multiplier(cadence)
    at_risk = False
    if cadence.unit == "day":
        start = walk.through + 1
        kept = {n for n in map(date.toordinal, days) if start <= n <= high and low <= n}
        paused = _excused_days(pauses, start, high)
        due = cadence.days
        every_day = len(due) == 7
        for n in range(start, high + 1):
            if not every_day and (n + 6) % 7 not in due:
                continue
            if n in kept:
                run += 1
                if run > best:
                    best = run
                score = score * m + 1.0 * (1 - m)
                weight = weight * m + (1 - m)
            elif n in paused:
                continue
            elif last_open and n == high:
                if not closed:
                    at_risk = run > 0
            else:
                run = 0
                score = score * m + 0.0 * (1 - m)
                weight = weight * m + (1 - m)
        through = max(high, walk.through)
    else:
        first_week = _week_of(low, week_start)
        start = walk.through + 1
        this_week = _week_of(high, week_start)
        paused = _excused_days(pauses, start, this_week + 6)
        counts = Counter(
            _week_of(n, week_start)
            for n in map(date.toordinal, days)
            if start <= n <= high and low <= n
        )
        for week in range(start, this_week + 1, 7):
            unpaused = 7
            if paused:
                unpaused = sum(1 for i in range(7) if week + i not in paused)
            target = week_target(cadence, unpaused)
            checks = counts.get(week, 0)
            if checks >= max(target, 1):
                run += 1
                if run > best:
                    best = run
                score = score * m + 1.0 * (1 - m)
                weight = weight * m + (1 - m)
            elif last_open and week == this_week:
                if target and not closed:
                    at_risk = run > 0
            elif target and week != first_week:
                run = 0
                score = score * m + min(checks / target, 1.0) * (1 - m)
                weight = weight * m + (1 - m)
        through = max(this_week + 6, walk.through)
    return Walk(low, through, run, best, score, weight), at_risk


def walk_rule(ritual: Ritual, through: date, week_start: int) -> str:
    """What a kept walk of `ritual` up to `through` depends on, besides its check-offs.

    Its cadence, its created day, the week's first day, and its pauses and
    skipped days up to `through`. A kept walk is used only while this is still
    what it was; check-offs on walked days drop it in the store itself.
    """
    cadence = ritual.cadence
    parts = [
        cadence.kind,
        "".join(str(day) for day in sorted(cadence.days)),
        str(cadence.per_week),
        ritual.created.isoformat(),
        str(week_start),
        *(f"{first}/{min(last, through)}" for first, last in ritual.excused if first <= through),
    ]
    return " ".join(parts)


def walk_through(last: date, week_start: int) -> date:
    """The day a kept walk goes up to, for a journal last logged on `last`.

    The last day of the week before the one holding `last` - 2 days: this
    week's check-offs, and tonight's and yesterday's after midnight, leave it
    standing, and it is a week's end for weekly cadences.
    """
    n = (last - timedelta(days=2)).toordinal()
    return date.fromordinal(_week_of(n, week_start) - 1)


def kept_walk(
    ritual: Ritual, done: Collection[date], through: date, week_start: int
) -> Walk | None:
    """The walk of `ritual` over every unit up to `through`, to keep; None without
    any history by then (created later and nothing checked off before)."""
    if ritual.created > through and not any(day <= through for day in done):
        return None
    first = history_start(done, through, ritual.created)
    walk, _ = _walk(
        _begin(first, ritual.cadence, week_start),
        done,
        ritual.cadence,
        through,
        ritual.excused,
        week_start,
        last_open=False,
    )
    return walk


def usable_walk(walk: Walk | None, ritual: Ritual, today: date, week_start: int) -> Walk | None:
    """`walk` if `ritual_status` can go on from it: it ends before the unit the
    ritual is judged on (today's, or its archived day's), with history in it."""
    if walk is None or walk.first > walk.through:
        return None
    as_of = min(today, ritual.archived) if ritual.archived else today
    n = as_of.toordinal()
    return (
        walk
        if walk.through < (n if ritual.cadence.unit == "day" else _week_of(n, week_start))
        else None
    )


def _tally(
    days: Collection[date],
    cadence: Cadence,
    as_of: date,
    pauses: Iterable[Pause],
    week_start: int,
    start: date | None,
    *,
    closed: bool,
    walked: Walk | None = None,
) -> tuple[Streak, int]:
    """The streak and strength `_streak_of` and `_strength_of` give over `_steps`, in one pass.

    `walked`, a kept walk usable as of `as_of`, is carried on instead of
    walking from the start. `closed` leaves the open unit out, as an archived
    ritual's status does.
    """
    if walked is None:
        walked = _begin(history_start(days, as_of, start), cadence, week_start)
    walk, at_risk = _walk(
        walked, days, cadence, as_of, pauses, week_start, last_open=True, closed=closed
    )
    streak = Streak(
        current=walk.run,
        best=walk.best,
        unit=cadence.unit,
        at_risk=at_risk,
        noun=unit_noun(cadence),
    )
    return streak, round(walk.score / walk.weight * 100) if walk.weight else 0


def ritual_status(
    ritual: Ritual,
    done: Iterable[date],
    today: date,
    *,
    week_start: int = 0,
    walked: Walk | None = None,
) -> RitualStatus:
    """Everything the views show about one ritual, from its check-off days.

    An archived ritual is judged as of the day it was archived, that day closed:
    it is never due and never at risk. `walked` is the ritual's kept walk (for
    its `walk_rule`); when it is usable (`usable_walk`), `done` need hold only the
    days after it, and the walk goes on from there.
    """
    days = set(done)
    as_of = min(today, ritual.archived) if ritual.archived else today
    usable = usable_walk(walked, ritual, today, week_start)
    streak, strength = _tally(
        days,
        ritual.cadence,
        as_of,
        ritual.excused,
        week_start,
        ritual.created,
        closed=ritual.archived is not None,
        walked=usable,
    )
    state = week_state(ritual, days, today, week_start=week_start)
    started = date.fromordinal(usable.first) if usable else _started(days, as_of, ritual.created)
    return RitualStatus(
        ritual=ritual,
        streak=streak,
        strength=strength,
        done_today=state.done_today,
        done_this_week=state.done_this_week,
        due_today=state.due_today,
        paused_today=state.paused_today,
        skipped_today=today in ritual.skips and today not in days,
        pauses_ahead=ritual.pauses_ahead(today),
        started=started,
        week_goal=state.week_goal,
    )


def _started(days: Collection[date], as_of: date, created: date) -> date:
    """Where a ritual's history begins; judged as of a day before it existed (a
    past week), it begins on its created day, still ahead."""
    if created > as_of and not any(day <= as_of for day in days):
        return created
    return history_start(days, as_of, created)


class WeekState(NamedTuple):
    """A ritual's state today and this week: what needs no history before the week."""

    done_today: bool
    done_this_week: int
    due_today: bool
    paused_today: bool
    week_goal: int


def week_state(
    ritual: Ritual, done: Collection[date], today: date, *, week_start: int = 0
) -> WeekState:
    """Today's and this week's state; `done` need hold only this week's check-offs.

    The evening flow asks about a ritual from this alone, without its streak.
    """
    week = week_days(today, week_start)
    done_this_week = sum(1 for day in week if day in done)
    paused = ritual.paused_on(today)
    goal = week_target(ritual.cadence, sum(1 for day in week if not ritual.paused_on(day)))
    due = ritual.is_active and not paused and ritual.cadence.due_on(today)
    if due and ritual.cadence.unit == "week":
        due = done_this_week < goal
    return WeekState(
        done_today=today in done,
        done_this_week=done_this_week,
        due_today=due,
        paused_today=paused,
        week_goal=goal,
    )


class StreaksReport(NamedTuple):
    """Every streak sparklog keeps: the built-in ones and one per ritual."""

    streaks: dict[str, Streak]
    rituals: Sequence[RitualStatus] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "streaks": {name: streak.to_json() for name, streak in self.streaks.items()},
            "rituals": [status.to_json() for status in self.rituals],
        }
