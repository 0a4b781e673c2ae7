"""Writing entries through SQLModel; reads are in `sparklog.store.queries`."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from sparklog.core.entries import Entry, Horseman, Kind, Lang, NewEntry
from sparklog.store.models import EntryRow, EntryTagRow


def _to_entry(row: EntryRow, tags: Sequence[str]) -> Entry:
    return Entry(
        id=row.id,
        kind=Kind(row.kind),
        day=row.day,
        written_at=datetime.fromisoformat(row.written_at),
        text=row.text,
        tags=tuple(tags),
        lang=Lang(row.lang) if row.lang else None,
        slot=row.slot,
        positive=row.positive,
        horseman=Horseman(row.horseman) if row.horseman else None,
        reframe=row.reframe,
    )


def add_entry(session: Session, new: NewEntry) -> Entry:
    row = EntryRow(
        id=new.id or str(uuid.uuid4()),
        kind=new.kind.value,
        day=new.day,
        written_at=new.written_at.isoformat(timespec="seconds"),
        text=new.text,
        lang=new.lang.value if new.lang else None,
        slot=new.slot,
        positive=new.positive,
        horseman=new.horseman.value if new.horseman else None,
        reframe=new.reframe,
    )
    session.add(row)
    session.flush()
    for tag in dict.fromkeys(new.tags):
        session.add(EntryTagRow(entry_id=row.id, tag=tag))
    session.flush()
    return _to_entry(row, sorted(set(new.tags)))


def delete_three(session: Session, day: date, slots: Collection[int]) -> int:
    """Remove a day's items in `slots` (only when the user retyped them to replace them)."""
    ids = select(EntryRow.id).where(
        EntryRow.kind == Kind.THREE.value, EntryRow.day == day, col(EntryRow.slot).in_(slots)
    )
    found = list(session.exec(ids))
    if found:
        session.execute(delete(EntryTagRow).where(col(EntryTagRow.entry_id).in_(found)))
        session.execute(delete(EntryRow).where(col(EntryRow.id).in_(found)))
    return len(found)
