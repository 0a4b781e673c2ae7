"""Writing rituals, their check-offs, pauses and day marks through SQLModel.

Every function takes the write transaction's session and names already cleaned
by `sparklog.core.names`; the use cases in `sparklog.app.rituals` call them.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date, datetime

from sqlmodel import Session, select

from sparklog.core.rituals import Cadence, Pause, Ritual, name_key
from sparklog.errors import Conflict, NotFound, UsageError
from sparklog.store.models import CheckRow, MarkRow, PauseRow, RitualRow


def _to_ritual(
    row: RitualRow, pauses: Collection[tuple[date, date]], skips: frozenset[date] = frozenset()
) -> Ritual:
    return Ritual(
        id=row.id,
        name=row.name,
        cadence=Cadence.parse(row.cadence),
        created=row.created,
        archived=row.archived,
        pauses=tuple(sorted(pauses)),
        skips=skips,
    )


def _refuse_duplicate(session: Session, name: str, *, keep_id: str | None = None) -> None:
    existing = session.exec(select(RitualRow).where(RitualRow.name_key == name_key(name))).first()
    if existing is not None and existing.id != keep_id:
        where = " (archived)" if existing.archived else ""
        raise Conflict(
            f"there is already a ritual called {existing.name!r}{where}; pick another name"
        )


def add_ritual(session: Session, name: str, cadence: Cadence, created: date) -> Ritual:
    """Define a ritual; a name already taken (in any case) is refused."""
    _refuse_duplicate(session, name)
    row = RitualRow(
        id=str(uuid.uuid4()),
        name=name,
        name_key=name_key(name),
        cadence=cadence.label,
        created=created,
    )
    session.add(row)
    session.flush()
    return _to_ritual(row, ())


def _row(session: Session, ritual: Ritual) -> RitualRow:
    row = session.get(RitualRow, ritual.id)
    if row is None:
        raise NotFound(f"the ritual {ritual.name!r} was removed meanwhile; nothing was changed")
    return row


def rename_ritual(session: Session, ritual: Ritual, new_name: str) -> Ritual:
    """Give a ritual a new name; its check-offs and pauses stay with it."""
    _refuse_duplicate(session, new_name, keep_id=ritual.id)
    row = _row(session, ritual)
    row.name = new_name
    row.name_key = name_key(new_name)
    session.add(row)
    session.flush()
    return _to_ritual(row, ritual.pauses, ritual.skips)


def archive_ritual(session: Session, ritual: Ritual, day: date) -> Ritual:
    """Stop asking about a ritual; its history is kept."""
    row = _row(session, ritual)
    row.archived = day
    session.add(row)
    session.flush()
    return _to_ritual(row, ritual.pauses, ritual.skips)


def unarchive_ritual(session: Session, ritual: Ritual) -> Ritual:
    """Make an archived ritual active again, with its history."""
    row = _row(session, ritual)
    row.archived = None
    session.add(row)
    session.flush()
    return _to_ritual(row, ritual.pauses, ritual.skips)


def add_pause(
    session: Session, ritual: Ritual, first: date, last: date, pause_id: str | None = None
) -> Ritual:
    """Pause a ritual for a range of days (both included)."""
    if last < first:
        raise UsageError(f"the pause ends ({last}) before it starts ({first})")
    session.add(
        PauseRow(
            id=pause_id or str(uuid.uuid4()), ritual_id=ritual.id, first_day=first, last_day=last
        )
    )
    session.flush()
    return ritual._replace(pauses=tuple(sorted((*ritual.pauses, (first, last)))))


def add_check(
    session: Session, ritual: Ritual, day: date, now: datetime, check_id: str | None = None
) -> bool:
    """Check a ritual off for a day; False when it already was (nothing changes)."""
    exists = session.exec(
        select(CheckRow.id).where(CheckRow.ritual_id == ritual.id, CheckRow.day == day)
    ).first()
    if exists is not None:
        return False
    session.add(
        CheckRow(
            id=check_id or str(uuid.uuid4()),
            ritual_id=ritual.id,
            day=day,
            written_at=now.isoformat(timespec="seconds"),
        )
    )
    session.flush()
    return True


def remove_check(session: Session, ritual: Ritual, day: date) -> bool:
    """Take a check-off back; False when there was none."""
    row = session.exec(
        select(CheckRow).where(CheckRow.ritual_id == ritual.id, CheckRow.day == day)
    ).first()
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def _pause_rows(session: Session, ritual: Ritual, pause: Pause) -> list[PauseRow]:
    first, last = pause
    rows = session.exec(
        select(PauseRow).where(
            PauseRow.ritual_id == ritual.id, PauseRow.first_day == first, PauseRow.last_day == last
        )
    ).all()
    if not rows:
        raise NotFound(f"the pause of {ritual.name!r} was changed meanwhile; nothing was changed")
    return list(rows)


def remove_pause(session: Session, ritual: Ritual, pause: Pause) -> Ritual:
    """Remove one pause (every row of that exact range)."""
    for row in _pause_rows(session, ritual, pause):
        session.delete(row)
    session.flush()
    return ritual._replace(pauses=tuple(p for p in ritual.pauses if p != pause))


def change_pause(session: Session, ritual: Ritual, pause: Pause, first: date, last: date) -> Ritual:
    """Give one pause new first and last days."""
    if last < first:
        raise UsageError(f"the pause ends ({last}) before it starts ({first})")
    keep, *extra = _pause_rows(session, ritual, pause)
    keep.first_day, keep.last_day = first, last
    session.add(keep)
    for row in extra:
        session.delete(row)
    session.flush()
    others = [p for p in ritual.pauses if p != pause]
    return ritual._replace(pauses=tuple(sorted((*others, (first, last)))))


def add_mark(session: Session, ritual: Ritual, day: date, mark: str, now: datetime) -> None:
    """Mark a day 'skip' or 'no'; a day holds one mark, so this replaces any other."""
    row = session.exec(
        select(MarkRow).where(MarkRow.ritual_id == ritual.id, MarkRow.day == day)
    ).first()
    if row is None:
        row = MarkRow(id=str(uuid.uuid4()), ritual_id=ritual.id, day=day, mark=mark, written_at="")
    row.mark = mark
    row.written_at = now.isoformat(timespec="seconds")
    session.add(row)
    session.flush()


def remove_mark(session: Session, ritual: Ritual, day: date) -> str | None:
    """Take a day's mark back; the mark it was, or None when there was none."""
    row = session.exec(
        select(MarkRow).where(MarkRow.ritual_id == ritual.id, MarkRow.day == day)
    ).first()
    if row is None:
        return None
    mark = row.mark
    session.delete(row)
    session.flush()
    return mark
