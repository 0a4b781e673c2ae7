"""Read-side use cases: gather what a view needs from the store into a result object."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sparklog.core.day import DayReport

if TYPE_CHECKING:
    from sqlmodel import Session


def day_report(session: Session, day: date) -> DayReport:
    from sparklog.store.entries import entries_on

    return DayReport(day=day, entries=entries_on(session, day))
