"""On this day: which past days `sparklog memories` looks back at, and `--random`.

Pure: the day asked about and the earliest day the journal holds come in, the
days to look up (with their labels) go out; the store then reads exactly those
days. Nothing here reads the clock.

The days looked at for a day D, newest first:

- a week ago: D - 7 days;
- a month ago: the same day of the month before, or that month's last day when
  it is shorter (Mar 31 looks at Feb 28, or Feb 29 in a leap year);
- every earlier year, back to the earliest entry's year: the same month and day.

Feb 29 exists only in leap years, so each past day is remembered exactly once a
year, on its anniversary, where an anniversary of Feb 29 in a common year is
Feb 28:

- on Feb 28 of a common year: Feb 28 of every earlier year, and Feb 29 of every
  earlier leap year (there is no Feb 29 this year to wait for);
- on Feb 28 of a leap year: Feb 28 of every earlier year only (Feb 29s come the
  next day);
- on Feb 29: Feb 29 of every earlier leap year only (Feb 28s came the day before).

`--random` shows one past appreciation, the same all day, never the same one
twice within 30 days once there are more than 30 to choose from, and something
as soon as one appreciation is older than today; it is derived from the day and
the appreciations alone (see `random_index`).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, NamedTuple, TypeVar

from sparklog.core.dates import EARLIEST
from sparklog.core.entries import Entry, reading_order

WEEK = timedelta(days=7)


class Lookback(NamedTuple):
    """One past day that "on this day" reads, and how to name it."""

    day: date
    label: str

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "label": self.label}


def month_before(day: date) -> date:
    """The same day of the month before, or that month's last day when it is shorter."""
    year, month = (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def years_ago_label(years: int) -> str:
    return "a year ago" if years == 1 else f"{years} years ago"


def _anniversaries(day: date, year: int) -> list[date]:
    """The days of an earlier `year` remembered on `day`, newest first (see module doc)."""
    if day.month == 2 and day.day == 29:
        return [date(year, 2, 29)] if calendar.isleap(year) else []
    if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
        leap = [date(year, 2, 29)] if calendar.isleap(year) else []
        return [*leap, date(year, 2, 28)]
    return [date(year, day.month, day.day)]


def lookbacks(day: date, earliest: date | None) -> list[Lookback]:
    """The past days "on this day" reads for `day`, newest first, with their labels.

    `earliest` is the first day the journal holds (None when it holds nothing):
    no day before it is asked for, so the list is at most a week, a month and
    one or two days per year of the journal's own history.
    """
    if earliest is None:
        return []
    first = max(earliest, EARLIEST)
    found = [Lookback(day - WEEK, "a week ago"), Lookback(month_before(day), "a month ago")]
    for year in range(day.year - 1, first.year - 1, -1):
        label = years_ago_label(day.year - year)
        found.extend(Lookback(past, label) for past in _anniversaries(day, year))
    return [lookback for lookback in found if first <= lookback.day < day]


def lookback_days(day: date, earliest: date | None) -> list[date]:
    """Just the days of `lookbacks`, for the one query that reads their entries."""
    return [lookback.day for lookback in lookbacks(day, earliest)]


class Memory(NamedTuple):
    """The entries of one past day, with its label ("a year ago")."""

    day: date
    label: str
    entries: tuple[Entry, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "label": self.label,
            "entries": [entry.to_json() for entry in self.entries],
        }


class OnThisDay(NamedTuple):
    """`sparklog memories` for one day: its past days that hold something, newest first."""

    day: date
    memories: tuple[Memory, ...]

    @property
    def is_empty(self) -> bool:
        return not self.memories

    @property
    def headline(self) -> str | None:
        """One line for the close of `evening` and `today`: the newest memory's first entry."""
        if not self.memories:
            return None
        newest = self.memories[0]
        first_line = newest.entries[0].text.splitlines()[0]
        return f"{newest.label[0].upper()}{newest.label[1:]}: {first_line}"

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "memories": [m.to_json() for m in self.memories]}


def on_this_day(day: date, earliest: date | None, entries: Iterable[Entry]) -> OnThisDay:
    """Group the entries read for `lookback_days(day, earliest)` under their labels.

    Entries of other days are ignored, so the query may be loose; a past day with
    nothing on it is left out. Within a day, entries are in reading order.
    """
    by_day: dict[date, list[Entry]] = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append(entry)
    found = tuple(
        Memory(lookback.day, lookback.label, tuple(reading_order(by_day[lookback.day])))
        for lookback in lookbacks(day, earliest)
        if by_day.get(lookback.day)
    )
    return OnThisDay(day, found)


# --- --random ----------------------------------------------------------------------

NO_REPEAT_DAYS = 30
"""An appreciation shown by `--random` is not shown again within this many days."""

BLOCK_EPOCH = date(1970, 1, 5)
"""The first day of block 0 (a Monday, so blocks do not depend on the ordinal's origin)."""


def _block(day: date) -> int:
    return (day - BLOCK_EPOCH).days // NO_REPEAT_DAYS


def block_start(day: date) -> date:
    """The first day of the 30-day block `day` lies in."""
    return BLOCK_EPOCH + timedelta(days=_block(day) * NO_REPEAT_DAYS)


def random_candidates_before(day: date) -> date:
    """Appreciations filed before this day are what `--random` goes round on `day`.

    That is the start of the day's 30-day block: what is written during a block
    (today included) joins at the next one, so the choice stays put all day.
    Only a journal with nothing older than its current block falls back to what
    was filed before the day itself (see `random_index`).
    """
    return block_start(day)


def random_index(day: date, joins: Mapping[int, int], filed: int) -> int | None:
    """Where, among the appreciations filed before `day` in the order they were filed, the
    one `--random` shows on `day` stands; None when there is none.

    `joins` counts the appreciations filed before `day` in each 30-day block
    (block n starts n x 30 days after `BLOCK_EPOCH`); `filed` is their total.
    Counts are all it takes, so the store hands over one number per block and
    then reads the one entry at the place returned. Any fixed order by filing
    day will do: within a day the journal takes the order they were written in.

    How no appreciation comes back within 30 days, with nothing stored: the
    appreciations stand in a circle, and days are cut into 30-day blocks. Each
    block walks on round the circle, one appreciation a day, starting just after
    the one the block before ended on; a block's circle holds what was filed
    before the block began, so an appreciation written later slips into the
    circle at its own place without moving the walk. With more than 30 in the
    circle, a walk meets the same one again only after going all the way round,
    which takes more than 30 days, on either side of a block's edge. With fewer,
    the walk takes turns (each once before any returns).

    The circle is not in filing order, which would replay the journal day by
    day: each appreciation stands at its filing place with the bits reversed
    (the n-th one filed at `_reversed(n)`), so the walk jumps across the years,
    and a newcomer's place, like every older one's, never changes. Where one
    stands in the circle, and which one stands at a place, are counted bit by
    bit from the circle's size alone (`_rank_after`, `_at`).

    A journal younger than its current block has an empty circle; it then shows
    one of the appreciations filed before the day itself (today's own never),
    taking turns day by day, so a new journal remembers from its second day.

    The work is a step per block in which the circle grew, each a few dozen
    additions. An appreciation filed late under an old day (by `--date` or an
    import), or deleted, moves the ones filed after it, so that once, one may
    come back early.
    """
    if filed <= 0:
        return None
    target = _block(day)
    # What was filed in a block joins the circle when the next block begins.
    steps = sorted(block + 1 for block, count in joins.items() if count and block + 1 <= target)
    if not steps:
        # Everything was written during this block: take turns among what is older than today.
        return _at(filed, (day - BLOCK_EPOCH).days % filed)
    size = 0
    start = 0  # where the current block's walk begins, as a place in the circle
    for n, block in enumerate(steps):
        if n:
            # The walk so far ended on the last day before `block`; go on just after it.
            walked = NO_REPEAT_DAYS * (block - steps[n - 1])
            last = _at(size, (start + walked - 1) % size)
            size += joins[block - 1]
            start = _rank_after(size, last) % size
        else:
            size = joins[block - 1]
    walked = NO_REPEAT_DAYS * (target - steps[-1]) + (day - block_start(day)).days
    return _at(size, (start + walked) % size)


_BITS = 48
"""Filing places up to 2**48, far beyond any journal."""


def _reversed(n: int) -> int:
    """The circle's order key of the n-th appreciation filed: n with its bits reversed."""
    return int(f"{n:0{_BITS}b}"[::-1], 2)


def _sharing(size: int, low: int, bits: int) -> int:
    """How many of the places 0 .. size-1 end in the `bits` low bits of `low`."""
    return 0 if low >= size else (size - 1 - low) // (1 << bits) + 1


def _at(size: int, rank: int) -> int:
    """The filing place at `rank` in the circle of the first `size` appreciations.

    The circle orders places by their reversed bits, so it is a walk down the
    low bits: at each bit, the places ending in 0 there come before those ending in 1.
    """
    low = 0
    for bit in range(_BITS):
        if (1 << bit) >= size:
            break
        zeros = _sharing(size, low, bit + 1)
        if rank >= zeros:
            rank -= zeros
            low |= 1 << bit
    return low


def _rank_after(size: int, place: int) -> int:
    """How many of the circle of the first `size` stand at or before `place`."""
    before = 1 if place < size else 0
    for bit in range(_BITS):
        if place >> bit & 1:
            before += _sharing(size, place & ((1 << bit) - 1), bit + 1)
    return before


def filed_in(joins: Mapping[int, int], place: int) -> tuple[date, date, int]:
    """The 30-day block holding the appreciation at filing `place` (as its first day
    and the day after its last) and where it stands within that block.

    So the store reads the one entry among a block's, not among the whole journal's.
    """
    for block in sorted(joins):
        if place < joins[block]:
            first = BLOCK_EPOCH + timedelta(days=block * NO_REPEAT_DAYS)
            return first, first + timedelta(days=NO_REPEAT_DAYS), place
        place -= joins[block]
    raise ValueError("the place lies beyond the appreciations counted")


Key = TypeVar("Key", str, int)


def random_pick(day: date, candidates: Iterable[tuple[Key, date]]) -> Key | None:
    """The key of the past appreciation `--random` shows on `day`, or None.

    `candidates` are (key, journal day) of appreciations, in any order: the
    choice is `random_index` over those filed before `day`, ordered by (day,
    key). The journal keys them by the order they were written (`seq`) and finds
    the one at that place from counts (`sparklog.app.views.random_memory`),
    without reading every key.
    """
    filed: dict[Key, date] = {}
    for id_, day_filed in candidates:
        if day_filed < day and (id_ not in filed or day_filed < filed[id_]):
            filed[id_] = day_filed
    ordered = sorted(filed, key=lambda id_: (filed[id_], id_))
    joins: dict[int, int] = {}
    for day_filed in filed.values():
        joins[_block(day_filed)] = joins.get(_block(day_filed), 0) + 1
    index = random_index(day, joins, len(ordered))
    return None if index is None else ordered[index]
