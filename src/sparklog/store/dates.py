"""Writing important dates through SQLModel; reading them is in `sparklog.store.queries`."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from sparklog.core.important_dates import ImportantDate
from sparklog.core.names import name_key
from sparklog.store.models import ImportantDateRow


def add_date(session: Session, made: ImportantDate, date_id: str | None = None) -> None:
    session.add(
        ImportantDateRow(
            id=date_id or str(uuid.uuid4()),
            name=made.name,
            name_key=name_key(made.name),
            day=made.day,
            yearly=made.yearly,
            together=made.together,
        )
    )


def remove_date(session: Session, important: ImportantDate) -> None:
    row = session.exec(
        select(ImportantDateRow).where(ImportantDateRow.name_key == name_key(important.name))
    ).one()
    session.delete(row)
