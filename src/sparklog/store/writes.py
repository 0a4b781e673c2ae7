"""The write side inside one transaction: every change a use case may make.

`sparklog.app.journal.write` opens the only instance of `Writes` a command gets,
so every write of the journal passes one place (where a change record will be
added in the same transaction). The SQL of the reads a write depends on is in
`sparklog.store.queries`, run here on the session's own connection.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterator
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session

from sparklog.core.entries import Entry, NewEntry
from sparklog.core.exchange import ImportReport, Snapshot
from sparklog.core.important_dates import ImportantDate
from sparklog.core.rituals import Cadence, Pause, Ritual
from sparklog.store import dates, db, entries, exchange, queries, rituals
from sparklog.store.crypto import Ask
from sparklog.store.db import Journal, raw


class Writes:
    """One open write transaction of the journal."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def _conn(self) -> queries.Conn:
        conn: queries.Conn = raw(self.session)
        return conn

    @property
    def reads(self) -> queries.Conn:
        """This transaction's connection, for the reads in `sparklog.store.queries`."""
        return self._conn

    # entries
    def add_entry(self, new: NewEntry) -> Entry:
        return entries.add_entry(self.session, new)

    def delete_three(self, day: date, slots: Collection[int]) -> int:
        return entries.delete_three(self.session, day, slots)

    def entry(self, entry_id: str) -> Entry | None:
        return queries.entry_by_id(self._conn, entry_id)

    def edit_entry(self, entry: Entry) -> Entry:
        """Store a corrected entry; its old words leave the search index and the -wal."""
        edited = entries.update_entry(self.session, entry)
        self._scrub()
        return edited

    def delete_entries(self, ids: Collection[str], deleted_at: datetime) -> int:
        """Delete entries, each leaving a tombstone; their words leave every file."""
        count = entries.delete_entries(self.session, sorted(ids), deleted_at)
        if count:
            self._scrub()
        return count

    def _scrub(self) -> None:
        entries.rewrite_search_index(self.session)
        self.session.info[db.SCRUB] = True

    def three_on(self, day: date) -> dict[int, Entry]:
        return queries.three_on(self._conn, day)

    # rituals
    def rituals(self) -> list[Ritual]:
        """Every ritual, archived ones too, as this transaction sees them."""
        return queries.list_rituals(self._conn, include_archived=True)

    def check_days(self, ritual: Ritual) -> list[date]:
        return queries.check_days(self._conn, ritual.id)

    def add_ritual(self, name: str, cadence: Cadence, created: date) -> Ritual:
        return rituals.add_ritual(self.session, name, cadence, created)

    def rename_ritual(self, ritual: Ritual, name: str) -> Ritual:
        return rituals.rename_ritual(self.session, ritual, name)

    def archive_ritual(self, ritual: Ritual, day: date) -> Ritual:
        return rituals.archive_ritual(self.session, ritual, day)

    def unarchive_ritual(self, ritual: Ritual) -> Ritual:
        return rituals.unarchive_ritual(self.session, ritual)

    def add_pause(self, ritual: Ritual, first: date, last: date) -> Ritual:
        return rituals.add_pause(self.session, ritual, first, last)

    def change_pause(self, ritual: Ritual, pause: Pause, first: date, last: date) -> Ritual:
        return rituals.change_pause(self.session, ritual, pause, first, last)

    def remove_pause(self, ritual: Ritual, pause: Pause) -> Ritual:
        return rituals.remove_pause(self.session, ritual, pause)

    def mark_on(self, ritual: Ritual, day: date) -> str | None:
        return queries.mark_on(self._conn, ritual.id, day)

    def add_mark(self, ritual: Ritual, day: date, mark: str, now: datetime) -> None:
        rituals.add_mark(self.session, ritual, day, mark, now)

    def remove_mark(self, ritual: Ritual, day: date) -> str | None:
        return rituals.remove_mark(self.session, ritual, day)

    def add_check(self, ritual: Ritual, day: date, now: datetime) -> bool:
        return rituals.add_check(self.session, ritual, day, now)

    def remove_check(self, ritual: Ritual, day: date) -> bool:
        return rituals.remove_check(self.session, ritual, day)

    # important dates
    def important_dates(self) -> list[ImportantDate]:
        return queries.important_dates(self._conn)

    def add_date(self, made: ImportantDate) -> None:
        dates.add_date(self.session, made)

    def remove_date(self, important: ImportantDate) -> None:
        dates.remove_date(self.session, important)

    # a whole document
    def import_snapshot(
        self, snapshot: Snapshot, progress: exchange.Progress | None = None
    ) -> ImportReport:
        report = exchange.write_snapshot(self.session, snapshot, progress=progress)
        if report.updated or report.removed:
            self._scrub()
        return report


def open_for_writing(path: Path, ask: Ask | None) -> Journal:
    """The journal opened for writing (created, checked and upgraded as needed)."""
    return db.open_journal(path, write=True, ask=ask)


@contextlib.contextmanager
def transaction(journal: Journal) -> Iterator[Writes]:
    """One write transaction: committed when the block ends, rolled back on any error."""
    with journal.transaction() as session:
        yield Writes(session)
