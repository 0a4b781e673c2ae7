"""Writing entries through SQLModel; reads are in `sparklog.store.queries`."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from sparklog.core.entries import ENTRY_COLUMNS, Entry, Kind, NewEntry
from sparklog.store.models import EntryRow, EntryTagRow, RevisionRow, TombstoneRow


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


def update_entry(session: Session, entry: Entry) -> Entry:
    """Store a corrected entry in place: what an edit changes, under the same id and seq.

    Text, tags, love language and `edited_at`; the kind, day, slot and the
    kind's other fields stay as they were stored.
    """
    row = session.exec(select(EntryRow).where(EntryRow.id == entry.id)).one()
    row.text = entry.text
    row.lang = entry.lang.value if entry.lang else None
    row.edited_at = entry.edited_at.isoformat(timespec="seconds") if entry.edited_at else None
    session.add(row)
    session.execute(delete(EntryTagRow).where(col(EntryTagRow.entry_id) == entry.id))
    session.flush()
    for tag in dict.fromkeys(entry.tags):
        session.add(EntryTagRow(entry_id=entry.id, tag=tag))
    session.flush()
    return entry


def delete_entries(session: Session, ids: Sequence[str], deleted_at: datetime) -> int:
    """Remove entries and leave a tombstone for each, in the caller's transaction.

    The versions a merge kept beside them go too: a delete covers every word
    written before it (in a journal that syncs, the merge then keeps those
    written elsewhere after it).
    """
    found = list(session.exec(select(EntryRow.id).where(col(EntryRow.id).in_(ids))))
    if not found:
        return 0
    session.execute(delete(EntryTagRow).where(col(EntryTagRow.entry_id).in_(found)))
    session.execute(delete(RevisionRow).where(col(RevisionRow.entry_id).in_(found)))
    session.execute(delete(EntryRow).where(col(EntryRow.id).in_(found)))
    stamp = deleted_at.isoformat(timespec="seconds")
    for entry_id in found:
        # An entry can outlive an older tombstone (a version newer than it came in).
        kept = session.get(TombstoneRow, entry_id)
        if kept is None:
            session.add(TombstoneRow(id=entry_id, deleted_at=stamp))
        else:
            kept.deleted_at = stamp
            session.add(kept)
    session.flush()
    return len(found)


def rewrite_search_index(session: Session) -> None:
    """Rewrite the search index whole, so the words of deleted or replaced text leave it.

    The index has no content table: a delete only adds a marker that hides the
    old words, and they stay in the older segments until those are merged.
    'optimize' merges every segment into one, dropping them; with secure_delete
    on (`sparklog.store.db`), the freed pages are zeroed.
    """
    session.connection().exec_driver_sql("INSERT INTO entry_fts (entry_fts) VALUES ('optimize')")
