"""Writing entries through SQLModel; reads are in `sparklog.store.queries`."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date

from sqlalchemy import delete
from sqlmodel import Session, col, select

from sparklog.core.entries import ENTRY_COLUMNS, Entry, Kind, NewEntry
from sparklog.store.models import EntryRow, EntryTagRow


def add_entry(session: Session, new: NewEntry) -> Entry:
    entry = new.stored_as(new.id or str(uuid.uuid4()))
    values = dict(zip(ENTRY_COLUMNS, entry.row(), strict=True))
    session.add(EntryRow(**{**values, "day": entry.day}))
    session.flush()
    for tag in dict.fromkeys(new.tags):
        session.add(EntryTagRow(entry_id=entry.id, tag=tag))
    session.flush()
    return entry


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
