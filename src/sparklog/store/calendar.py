"""Per-day totals for the calendar views: one grouped query per table, whatever the range."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from sparklog.store.models import CheckRow, EntryRow


def entries_per_day(session: Session, first: date, last: date) -> dict[date, int]:
    statement = (
        select(col(EntryRow.day), func.count())
        .where(EntryRow.day >= first, EntryRow.day <= last)
        .group_by(col(EntryRow.day))
    )
    return dict(session.exec(statement).all())


def checks_per_day(session: Session, first: date, last: date) -> dict[date, int]:
    statement = (
        select(col(CheckRow.day), func.count())
        .where(CheckRow.day >= first, CheckRow.day <= last)
        .group_by(col(CheckRow.day))
    )
    return dict(session.exec(statement).all())
