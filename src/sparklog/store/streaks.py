"""The days behind the built-in streaks, each read by one indexed query.

A streak needs every qualifying day of the journal's history, thousands of
rows after a few years, so these read the day column as text through the
driver and parse it with `date.fromisoformat`: no statement to compile and no
per-row type processing, which costs several times the query itself.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from sparklog.core.entries import Kind


def _days(session: Session, sql: str, *params: str) -> set[date]:
    rows = session.connection().exec_driver_sql(sql, params)
    return {date.fromisoformat(day) for (day,) in rows}


def gratitude_days(session: Session) -> set[date]:
    """Days with at least one appreciation (a gratitude or a three-things item)."""
    return _days(
        session,
        "SELECT DISTINCT day FROM entry WHERE kind IN (?, ?)",  # ix_entry_kind_day covers it
        Kind.GRATITUDE.value,
        Kind.THREE.value,
    )


def three_days(session: Session) -> set[date]:
    """Days whose three things are all written."""
    return _days(
        session,
        "SELECT day FROM entry WHERE kind = ? GROUP BY day HAVING count(*) >= 3",
        Kind.THREE.value,
    )
