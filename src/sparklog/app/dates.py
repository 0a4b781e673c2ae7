"""The important-date use cases: add one, remove one.

Each runs one write transaction: the new date is checked against those stored
(`sparklog.core.important_dates`) inside it. The transaction's end refreshes the
nudge's stamp file, which carries the dates `nudge` speaks of.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sparklog.app.journal import write
from sparklog.core.important_dates import ImportantDate, match_date, new_date

if TYPE_CHECKING:
    from sparklog.app.journal_ref import JournalRef


def add(
    journal: JournalRef,
    name: str,
    day: date,
    *,
    today: date,
    once: bool = False,
    together: bool = False,
) -> ImportantDate:
    """`dates add`: store a new date; a taken name or a second together date is refused."""
    with write(journal) as changes:
        made = new_date(
            changes.important_dates(), name, day, today=today, once=once, together=together
        )
        changes.add_date(made)
    return made


def remove(journal: JournalRef, name: str) -> ImportantDate:
    """`dates remove`: the date `name` means (exact or unique prefix) is removed."""
    with write(journal) as changes:
        chosen = match_date(changes.important_dates(), name)
        changes.remove_date(chosen)
    return chosen
