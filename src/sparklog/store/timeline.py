"""Queries behind `sparklog log` for check-offs; entries come from `store.entries`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session, col, select

from sparklog.core.timeline import CheckOff
from sparklog.store.models import CheckRow, RitualRow


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
    """Ritual check-offs in a day range, newest first, each with its ritual's name."""
    statement = select(col(RitualRow.name), col(CheckRow.day), CheckRow.written_at).join(
        RitualRow, col(RitualRow.id) == col(CheckRow.ritual_id), isouter=True
    )
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
        CheckOff(day=day, ritual=name or "?", written_at=datetime.fromisoformat(at))
        for name, day, at in session.exec(statement)
    ]
