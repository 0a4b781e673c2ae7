"""Reading and writing entries. Every function takes the command's session."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import delete, func, text
from sqlmodel import Session, col, select

from sparklog.core.entries import Entry, Horseman, Kind, Lang, NewEntry, reading_order
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


def _tags_for(session: Session, ids: Iterable[str]) -> dict[str, list[str]]:
    wanted = list(ids)
    found: dict[str, list[str]] = defaultdict(list)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        statement = select(EntryTagRow).where(col(EntryTagRow.entry_id).in_(chunk))
        for tag_row in session.exec(statement):
            found[tag_row.entry_id].append(tag_row.tag)
    return found


def to_entries(session: Session, rows: Sequence[EntryRow]) -> list[Entry]:
    tags = _tags_for(session, (row.id for row in rows))
    return [_to_entry(row, sorted(tags.get(row.id, ()))) for row in rows]


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


def entries_between(
    session: Session,
    first: date | None = None,
    last: date | None = None,
    *,
    kinds: Sequence[Kind] = (),
    tag: str | None = None,
    words: Sequence[str] = (),
    limit: int | None = None,
) -> list[Entry]:
    """Entries in a day range, newest first; with `words`, only those holding each one.

    Words go through the `entry_fts` index (text and reframe), so a search costs
    what its matches cost, not what the journal's size does.
    """
    statement = select(EntryRow)
    if words:
        from sparklog.core.timeline import fts_query

        matching = text("SELECT rowid FROM entry_fts WHERE entry_fts MATCH :query").bindparams(
            query=fts_query(words)
        )
        statement = statement.where(col(EntryRow.seq).in_(matching))
    if first is not None:
        statement = statement.where(EntryRow.day >= first)
    if last is not None:
        statement = statement.where(EntryRow.day <= last)
    if kinds:
        statement = statement.where(col(EntryRow.kind).in_([k.value for k in kinds]))
    if tag is not None:
        tagged = select(EntryTagRow.entry_id).where(EntryTagRow.tag == tag)
        statement = statement.where(col(EntryRow.id).in_(tagged))
    statement = statement.order_by(col(EntryRow.day).desc(), col(EntryRow.seq).desc())
    if limit is not None:
        statement = statement.limit(limit)
    return reading_order(to_entries(session, list(session.exec(statement))))


def entries_on(session: Session, day: date) -> list[Entry]:
    """A day's entries: its three things 1-2-3, then the rest in the order written."""
    found = entries_between(session, day, day)
    three = [entry for entry in found if entry.kind is Kind.THREE]
    return three + [entry for entry in reversed(found) if entry.kind is not Kind.THREE]


def three_on(session: Session, day: date) -> dict[int, Entry]:
    """The day's three-things items by slot."""
    found = entries_between(session, day, day, kinds=[Kind.THREE])
    return {entry.slot: entry for entry in found if entry.slot is not None}


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


def count_by_kind(session: Session) -> dict[str, int]:
    statement = select(EntryRow.kind, func.count()).group_by(EntryRow.kind)
    counts = {kind.value: 0 for kind in Kind}
    for kind, count in session.exec(statement):
        counts[kind] = count
    return counts
