"""The ritual use cases: define, check off, skip, take back, rename, pause, archive.

Each runs one write transaction and returns what it changed. A ritual is named
by the rule every name follows (`sparklog.core.names`): any case, any unique
prefix; an archived ritual takes no more changes except a new name and being
brought back (`unarchive`).

A day holds at most one of: a check-off (kept), a 'skip' mark (excused, like a
one-day pause) or a 'no' mark (the evening's "not kept", so it is not asked
again). A check-off wins: checking a day off clears its mark, and a kept day
cannot be skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal, NamedTuple

from sparklog.app import sharing as partner
from sparklog.app.journal import write
from sparklog.core.names import clean_name
from sparklog.core.rituals import (
    Cadence,
    Pause,
    PausePlan,
    Ritual,
    Unpause,
    find_ritual,
    pause_to_cancel,
    plan_pause,
)
from sparklog.core.streaks import RitualStatus, ritual_status
from sparklog.errors import Conflict, NotFound

if TYPE_CHECKING:
    from sparklog.app.journal import Writes
    from sparklog.app.journal_ref import JournalRef

RITUAL_NAME = "ritual name"
SKIP = "skip"
NO = "no"

SkipOutcome = Literal["skipped", "kept", "already", "paused"]
"""What `skip` did: skipped the day, or nothing (it was kept, already skipped, or paused)."""
Taken = Literal["check", "skip", "no"]


class Checked(NamedTuple):
    """One ritual checked off: its state afterwards, and whether this run added the check."""

    status: RitualStatus
    added: bool


class Skipped(NamedTuple):
    ritual: Ritual
    outcome: SkipOutcome
    status: RitualStatus


class Undone(NamedTuple):
    """What `undo` took back: a check-off, a skip or an evening's "no"."""

    ritual: Ritual
    taken: Taken


class Paused(NamedTuple):
    """A pause as stored: the range asked for, merged with the pauses it met."""

    ritual: Ritual
    first: date
    last: date
    merged: tuple[Pause, ...]
    unchanged: bool


class Unpaused(NamedTuple):
    ritual: Ritual
    cancel: Unpause


class Renamed(NamedTuple):
    before: Ritual
    after: Ritual


def add(
    journal: JournalRef, name: str, cadence: Cadence, *, created: date, shared: bool = False
) -> Ritual:
    """`ritual add`: define a ritual; a name already taken (in any case) is refused.

    A `shared` ritual is the couple's: its check-offs go to the partner.
    """
    clean = clean_name(name, RITUAL_NAME)
    with write(journal) as changes:
        ritual = changes.add_ritual(clean, cadence, created)
        if shared:
            partner.share_ritual(changes, ritual.id)
        return ritual


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
            if changes.mark_on(ritual, day) is not None:
                changes.remove_mark(ritual, day)
            if added:
                partner.share_check(changes, ritual.id, ritual.name, day, now)
            status = ritual_status(ritual, changes.check_days(ritual), today, week_start=week_start)
            checked.append(Checked(status=status, added=added))
        return checked


def undo(journal: JournalRef, name: str, *, day: date, now: datetime) -> Undone:
    """`ritual undo`: take back `day`'s check-off, skip or "no"; none of them is an error.

    A check-off of a shared ritual is taken back on the partner's side too.
    """
    with write(journal) as changes:
        ritual = find_ritual(changes.rituals(), name)
        if changes.remove_check(ritual, day):
            partner.take_back_check(changes, ritual.id, day, now)
            return Undone(ritual, "check")
        mark = changes.remove_mark(ritual, day)
        if mark == SKIP:
            return Undone(ritual, "skip")
        if mark == NO:
            return Undone(ritual, "no")
        raise NotFound(
            f"{ritual.name!r} was neither checked off nor skipped for {day:%a %d %b %Y};"
            " there is nothing to undo"
        )


def skip(
    journal: JournalRef, name: str, *, day: date, now: datetime, today: date, week_start: int = 0
) -> Skipped:
    """`ritual skip`: excuse a due day, like a one-day pause.

    A kept, already skipped or paused day changes nothing (the outcome says
    which); a day the cadence does not ask for is refused.
    """
    with write(journal) as changes:
        ritual = find_ritual(changes.rituals(), name)
        checks = changes.check_days(ritual)
        outcome: SkipOutcome
        if day in checks:
            outcome = "kept"
        elif day in ritual.skips:
            outcome = "already"
        elif ritual.paused_on(day):
            outcome = "paused"
        elif not ritual.cadence.due_on(day):
            raise Conflict(
                f"{ritual.name!r} is not due on {day:%a %d %b %Y}"
                f" ({ritual.cadence.describe()}); there is nothing to skip"
            )
        else:
            changes.add_mark(ritual, day, SKIP, now)
            ritual = ritual._replace(skips=ritual.skips | {day})
            outcome = "skipped"
        status = ritual_status(ritual, checks, today, week_start=week_start)
        return Skipped(ritual, outcome, status)


def answer_no(journal: JournalRef, name: str, *, day: date, now: datetime) -> Ritual:
    """The evening's "not kept": remembered for the day, so it is not asked again.

    A day already checked off or skipped keeps what it has.
    """
    with write(journal) as changes:
        ritual = find_ritual(changes.rituals(), name)
        if day not in changes.check_days(ritual) and changes.mark_on(ritual, day) is None:
            changes.add_mark(ritual, day, NO, now)
        return ritual


def rename(journal: JournalRef, old: str, new: str) -> Renamed:
    """`ritual rename`: a new name; check-offs, pauses and streak stay (archived ones too)."""
    clean = clean_name(new, RITUAL_NAME)
    with write(journal) as changes:
        ritual = find_ritual(changes.rituals(), old, include_archived=True)
        return Renamed(before=ritual, after=changes.rename_ritual(ritual, clean))


def pause(journal: JournalRef, name: str, *, first: date, last: date) -> Paused:
    """`ritual pause`: pause a ritual from `first` to `last` (both included).

    A pause that overlaps or touches one already stored is merged with it: the
    stored pause is extended, so no day is ever paused twice.
    """
    with write(journal) as changes:
        ritual = find_ritual(changes.rituals(), name)
        ritual, plan = _pause(changes, ritual, first, last)
        return Paused(ritual, plan.first, plan.last, plan.merged, plan.unchanged)


def _pause(changes: Writes, ritual: Ritual, first: date, last: date) -> tuple[Ritual, PausePlan]:
    """Store a pause merged with those it overlaps or touches (`plan_pause`)."""
    plan = plan_pause(ritual.pauses, first, last)
    if not plan.merged:
        ritual = changes.add_pause(ritual, first, last)
    elif not plan.unchanged:
        keep, *others = plan.merged
        for other in others:
            ritual = changes.remove_pause(ritual, other)
        ritual = changes.change_pause(ritual, keep, plan.first, plan.last)
    return ritual, plan


def unpause(journal: JournalRef, name: str, *, today: date) -> Unpaused:
    """`ritual unpause`: cut short the pause under way (it ends yesterday), else cancel the
    next planned one; with neither, NotFound."""
    with write(journal) as changes:
        ritual = find_ritual(changes.rituals(), name)
        cancel = pause_to_cancel(ritual.pauses, today)
        if cancel is None:
            raise NotFound(f"{ritual.name!r} has no pause under way or planned; nothing changed")
        if cancel.ends is None:
            ritual = changes.remove_pause(ritual, cancel.pause)
        else:
            ritual = changes.change_pause(ritual, cancel.pause, cancel.pause[0], cancel.ends)
        return Unpaused(ritual, cancel)


class Unarchived(NamedTuple):
    ritual: Ritual
    paused: Pause | None
    """The days it spent archived, now a pause (None when it comes back the same day)."""


def unarchive(journal: JournalRef, name: str, *, today: date) -> Unarchived:
    """`ritual unarchive`: bring an archived ritual back, with all its history.

    The days it spent archived (from the archiving day to yesterday) become a
    pause, so they neither count nor break: its streak goes on where it stood.
    """
    with write(journal) as changes:
        ritual = find_ritual(changes.rituals(), name, include_archived=True)
        if ritual.archived is None:
            raise Conflict(f"{ritual.name!r} is not archived; nothing changed")
        since = ritual.archived
        ritual = changes.unarchive_ritual(ritual)
        if since >= today:
            return Unarchived(ritual, None)
        last = today - timedelta(days=1)
        ritual, _ = _pause(changes, ritual, since, last)
        return Unarchived(ritual, (since, last))


def archive(journal: JournalRef, name: str, *, day: date) -> Ritual:
    """`ritual archive`: stop asking about a ritual; its history is kept."""
    with write(journal) as changes:
        ritual = find_ritual(changes.rituals(), name)
        return changes.archive_ritual(ritual, day)
