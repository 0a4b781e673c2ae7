"""Week-sized reads for `sparklog week`: only the rows of the weeks asked about."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from sparklog.core.entries import Kind
from sparklog.store.models import EntryRow


def observation_counts(session: Session, first: date, last: date) -> tuple[int, int]:
    """(positive, negative) observations in a day range, in one grouped query."""
    statement = (
        select(col(EntryRow.positive), func.count())
        .where(
            EntryRow.kind == Kind.OBSERVATION.value,
            EntryRow.day >= first,
            EntryRow.day <= last,
        )
        .group_by(col(EntryRow.positive))
    )
    counts = {bool(positive): count for positive, count in session.exec(statement)}
    return counts.get(True, 0), counts.get(False, 0)
