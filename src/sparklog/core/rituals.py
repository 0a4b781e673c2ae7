"""Rituals of connection and their cadences.

Pure: a ritual is a name, a cadence, the day it was created, the days it was
paused or skipped, and which one a typed name means (by the rule of
`sparklog.core.names`); how a new pause meets the ones already planned.
Storage lives in `sparklog.store.rituals`, streak counting in `sparklog.core.streaks`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from sparklog.core.dates import WEEKDAYS, weekday_index
from sparklog.core.names import MAX_NAME as MAX_NAME, match_name, name_key as name_key
from sparklog.errors import NotFound, UsageError

if TYPE_CHECKING:
    from sparklog.core.streaks import Streak

CadenceKind = Literal["daily", "weekdays", "days", "weekly"]

PAUSE_AHEAD_DAYS = 366
"""How far ahead a pause may be planned: a holiday next summer, not a typo in the year."""
CADENCE_FORMS = "daily, weekdays, named days like mon,thu, or N/week (1 to 7)"
_PER_WEEK = r"^([0-9]+)\s*(?:/|x|per|times)\s*(?:a\s+)?w(?:ee)?k?$"
_WORKDAYS = frozenset(range(5))
_ALL_DAYS = frozenset(range(7))


class Cadence(NamedTuple):
    """How often a ritual is meant to happen.

    `days` holds Monday=0 weekday numbers for the day-counted kinds; `per_week`
    is the weekly target of an N-per-week ritual.
    """

    kind: CadenceKind
    days: frozenset[int] = _ALL_DAYS
    per_week: int = 0

    @classmethod
    def daily(cls) -> Cadence:
        return cls("daily", _ALL_DAYS)

    @classmethod
    def weekdays(cls) -> Cadence:
        return cls("weekdays", _WORKDAYS)

    @classmethod
    def on(cls, days: frozenset[int]) -> Cadence:
        """Named days; all seven is `daily` and Monday to Friday is `weekdays`."""
        if not days or not days <= _ALL_DAYS:
            raise UsageError(f"name at least one day ({', '.join(WEEKDAYS)})")
        if days == _ALL_DAYS:
            return cls.daily()
        if days == _WORKDAYS:
            return cls.weekdays()
        return cls("days", frozenset(days))

    @classmethod
    def weekly(cls, times: int) -> Cadence:
        if not 1 <= times <= 7:
            raise UsageError(f"a weekly target must be from 1 to 7 times, not {times}")
        return cls("weekly", _ALL_DAYS, times)

    @classmethod
    def parse(cls, text: str) -> Cadence:
        """Read a cadence as stored ('daily', 'weekdays', 'mon,thu', '2/week') or typed."""
        word = text.strip().lower()
        if word in ("daily", "day", "every day", "everyday"):
            return cls.daily()
        if word in ("weekdays", "weekday", "workdays"):
            return cls.weekdays()
        if match := re.match(_PER_WEEK, word):
            return cls.weekly(int(match.group(1)))
        names = [part.strip() for part in re.split(r"[,\s]+", word) if part.strip()]
        indexes = [weekday_index(name) for name in names]
        if names and all(index is not None for index in indexes):
            return cls.on(frozenset(index for index in indexes if index is not None))
        raise UsageError(f"cannot read the cadence {text!r}; use {CADENCE_FORMS}")

    @property
    def label(self) -> str:
        """The stored text form."""
        if self.kind == "weekly":
            return f"{self.per_week}/week"
        if self.kind == "days":
            return ",".join(WEEKDAYS[day] for day in sorted(self.days))
        return self.kind

    @property
    def unit(self) -> Literal["day", "week"]:
        return "week" if self.kind == "weekly" else "day"

    @property
    def weekly_target(self) -> int:
        return self.per_week if self.kind == "weekly" else len(self.days)

    def due_on(self, day: date) -> bool:
        """Whether the ritual may be kept that day (every day, for N-per-week)."""
        return self.kind == "weekly" or day.weekday() in self.days

    def describe(self) -> str:
        """A short phrase for people: 'every day', 'Mon Thu', '2x a week'."""
        if self.kind == "daily":
            return "every day"
        if self.kind == "weekdays":
            return "weekdays"
        if self.kind == "weekly":
            return f"{self.per_week}x a week"
        return " ".join(WEEKDAYS[day].title() for day in sorted(self.days))


Pause = tuple[date, date]
_DAY = timedelta(days=1)


class Ritual(NamedTuple):
    id: str
    name: str
    cadence: Cadence
    created: date
    archived: date | None = None
    pauses: tuple[Pause, ...] = ()
    skips: frozenset[date] = frozenset()
    """Due days excused one at a time (`ritual skip`): each is a one-day pause."""

    def paused_on(self, day: date) -> bool:
        """Whether `day` is excused: inside a pause, or skipped."""
        return day in self.skips or any(first <= day <= last for first, last in self.pauses)

    @property
    def excused(self) -> tuple[Pause, ...]:
        """The pauses with every skipped day as a pause of its own, for the streak engine."""
        return tuple(sorted((*self.pauses, *((day, day) for day in self.skips))))

    def pauses_ahead(self, today: date) -> tuple[Pause, ...]:
        """The current pause and the planned ones; those already over are left out."""
        return tuple(pause for pause in self.pauses if pause[1] >= today)

    @property
    def is_active(self) -> bool:
        return self.archived is None

    def to_json(self, streak: Streak) -> dict[str, Any]:
        """The ritual object of PRODUCT.md's JSON shapes."""
        return {
            "id": self.id,
            "name": self.name,
            "cadence": self.cadence.label,
            "created": self.created.isoformat(),
            "archived": self.archived.isoformat() if self.archived else None,
            "streak": streak.to_json(),
        }


def find_ritual(
    rituals: Collection[Ritual], name: str, *, include_archived: bool = False
) -> Ritual:
    """The ritual `name` means, by the rule for every name (exact, else a unique prefix).

    Without `include_archived`, only active rituals match, and a name that fits
    only an archived one says so rather than "not found".
    """
    if include_archived:
        return _match(rituals, name)
    try:
        return _match([ritual for ritual in rituals if ritual.is_active], name)
    except NotFound as missing:
        try:
            old = _match([ritual for ritual in rituals if not ritual.is_active], name)
        except (NotFound, UsageError):
            raise missing from None
        raise NotFound(
            f"{old.name!r} was archived on {old.archived};"
            " its history is kept, but it takes no more changes"
        ) from None


def _match(rituals: Collection[Ritual], name: str) -> Ritual:
    return match_name(
        rituals,
        name,
        name_of=lambda ritual: ritual.name,
        noun="ritual",
        plural="rituals",
        add_hint="sparklog ritual add NAME",
    )


class PausePlan(NamedTuple):
    """How a new pause fits the ritual's pauses: the one range to keep, and what it absorbs.

    Pauses that overlap or touch the new one are merged into it (extended), so
    a ritual never holds two pauses over the same day.
    """

    first: date
    last: date
    merged: tuple[Pause, ...]
    """Existing pauses taken into the new range (none: a pause of its own)."""

    @property
    def unchanged(self) -> bool:
        """The days asked for were all paused already, by one pause."""
        return len(self.merged) == 1 and self.merged[0] == (self.first, self.last)


def plan_pause(pauses: Collection[Pause], first: date, last: date) -> PausePlan:
    """Merge `first`..`last` with every pause it overlaps or touches (a day apart)."""
    merged = tuple(
        sorted(pause for pause in pauses if pause[0] <= last + _DAY and pause[1] >= first - _DAY)
    )
    return PausePlan(
        first=min((first, *(pause[0] for pause in merged))),
        last=max((last, *(pause[1] for pause in merged))),
        merged=merged,
    )


class Unpause(NamedTuple):
    """The pause `ritual unpause` takes back, and how.

    A pause already under way is cut short to end yesterday, so the days it has
    already excused stay excused (cancelling them would turn them into misses);
    a pause starting today or later is removed whole.
    """

    pause: Pause
    current: bool
    """Under way today (else planned ahead)."""
    ends: date | None = None
    """The new last day of a pause cut short; None when it is removed whole."""


def pause_to_cancel(pauses: Collection[Pause], today: date) -> Unpause | None:
    """The pause under way today, else the next planned one; None when there is neither."""
    for first, last in sorted(pauses):
        if first <= today <= last:
            return Unpause((first, last), True, today - _DAY if first < today else None)
    ahead = sorted(pause for pause in pauses if pause[0] > today)
    return Unpause(ahead[0], False) if ahead else None
