"""Queries behind `sparklog log`: full-text search over entries, and check-offs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import text
from sqlmodel import Session, col, select

from sparklog.core.entries import Entry, Kind
from sparklog.core.timeline import CheckOff, fts_query
from sparklog.store.entries import to_entries
from sparklog.store.models import CheckRow, EntryRow, EntryTagRow, RitualRow


def find_entries(
    session: Session,
    first: date | None = None,
    last: date | None = None,
    *,
    kinds: Sequence[Kind] = (),
    tag: str | None = None,
    words: Sequence[str] = (),
    limit: int | None = None,
) -> list[Entry]:
    """Entries in a day range holding every word (text or reframe), newest first.

    The words go through the `entry_fts` index, so the cost follows the matches,
    not the size of the journal.
    """
    statement = select(EntryRow)
    if words:
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
    return to_entries(session, list(session.exec(statement)))


def ritual_names(session: Session) -> dict[str, str]:
    """Every ritual's name by id, archived ones included (their history stays)."""
    return dict(session.exec(select(RitualRow.id, RitualRow.name)).all())


def check_offs(
    session: Session,
    first: date | None = None,
    last: date | None = None,
    *,
    ritual_ids: Sequence[str] | None = None,
    limit: int | None = None,
) -> list[CheckOff]:
    """Ritual check-offs in a day range, newest first."""
    names = ritual_names(session)
    statement = select(CheckRow.ritual_id, col(CheckRow.day), CheckRow.written_at)
    if first is not None:
        statement = statement.where(CheckRow.day >= first)
    if last is not None:
        statement = statement.where(CheckRow.day <= last)
    if ritual_ids is not None:
        statement = statement.where(col(CheckRow.ritual_id).in_(list(ritual_ids)))
    statement = statement.order_by(col(CheckRow.day).desc(), col(CheckRow.written_at).desc())
    if limit is not None:
        statement = statement.limit(limit)
    return [
        CheckOff(day=day, ritual=names.get(ritual_id, "?"), written_at=datetime.fromisoformat(at))
        for ritual_id, day, at in session.exec(statement)
    ]
