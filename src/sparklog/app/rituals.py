"""The ritual use cases: define, check off, take back, rename, pause, archive.

Each runs one write transaction and returns what it changed. A ritual is named
by the rule every name follows (`sparklog.core.names`): any case, any unique
prefix; an archived ritual takes no more changes except a new name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sparklog.app.journal import write
from sparklog.core.names import clean_name
from sparklog.core.rituals import Cadence, Ritual, find_ritual
from sparklog.core.streaks import RitualStatus, ritual_status
from sparklog.errors import NotFound

if TYPE_CHECKING:
    from sparklog.app.views import JournalRef

RITUAL_NAME = "ritual name"


@dataclass(frozen=True)
class Checked:
    """One ritual checked off: its state afterwards, and whether this run added the check."""

    status: RitualStatus
    added: bool


@dataclass(frozen=True)
class Renamed:
    before: Ritual
    after: Ritual


def add(journal: JournalRef, name: str, cadence: Cadence, *, created: date) -> Ritual:
    """`ritual add`: define a ritual; a name already taken (in any case) is refused."""
    clean = clean_name(name, RITUAL_NAME)
    with write(journal) as changes:
        return changes.add_ritual(clean, cadence, created)


def done(
    journal: JournalRef,
    names: Sequence[str],
    *,
    day: date,
    now: datetime,
    today: date,
    week_start: int = 0,
) -> list[Checked]:
    """`ritual done`: check rituals off for `day`; one already checked changes nothing.

    Two names for the same ritual check it once; every name is found before
    anything is written, so one unknown name saves none.
    """
    with write(journal) as changes:
        rituals = changes.rituals()
        found = [find_ritual(rituals, name) for name in names]
        checked = []
        for ritual in {ritual.id: ritual for ritual in found}.values():
            added = changes.add_check(ritual, day, now)
            status = ritual_status(ritual, changes.check_days(ritual), today, week_start=week_start)
            checked.append(Checked(status=status, added=added))
        return checked


def undo(journal: JournalRef, name: str, *, day: date) -> Ritual:
    """`ritual undo`: take back the check-off of `day`; none to take back is an error."""
    with write(journal) as changes:
        ritual = find_ritual(changes.rituals(), name)
        if not changes.remove_check(ritual, day):
            raise NotFound(
                f"{ritual.name!r} was not checked off for {day:%a %d %b %Y};"
                " there is nothing to undo"
            )
        return ritual


def rename(journal: JournalRef, old: str, new: str) -> Renamed:
    """`ritual rename`: a new name; check-offs, pauses and streak stay (archived ones too)."""
    clean = clean_name(new, RITUAL_NAME)
    with write(journal) as changes:
        ritual = find_ritual(changes.rituals(), old, include_archived=True)
        return Renamed(before=ritual, after=changes.rename_ritual(ritual, clean))


def pause(journal: JournalRef, name: str, *, first: date, last: date) -> Ritual:
    """`ritual pause`: pause a ritual from `first` to `last` (both included)."""
    with write(journal) as changes:
        ritual = find_ritual(changes.rituals(), name)
        return changes.add_pause(ritual, first, last)


def archive(journal: JournalRef, name: str, *, day: date) -> Ritual:
    """`ritual archive`: stop asking about a ritual; its history is kept."""
    with write(journal) as changes:
        ritual = find_ritual(changes.rituals(), name)
        return changes.archive_ritual(ritual, day)
