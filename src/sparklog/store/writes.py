"""The write side inside one transaction: every change a use case may make.

`sparklog.app.journal.write` opens the only instance of `Writes` a command gets,
so every write of the journal passes one place. Once this device syncs (it has a
device id in `sync_state`), each write also appends its change record in the
same transaction, and the item it touched is settled from every change about it
(`sparklog.store.changes`), so this device holds what every other device will.
Before that nothing is recorded; `start_device` publishes the whole journal as
it stands. The SQL of the reads a write depends on is in `sparklog.store.queries`,
run here on the session's own connection.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from sparklog.core.entries import Entry, NewEntry
from sparklog.core.exchange import ImportReport, Snapshot
from sparklog.core.important_dates import ImportantDate
from sparklog.core.merge import OPS, ApplyReport, subject
from sparklog.core.rituals import Cadence, Pause, Ritual
from sparklog.errors import Conflict, SyncError
from sparklog.partner.channel import DEVICE_OPS
from sparklog.store import changes, dates, db, entries, exchange, queries, rituals
from sparklog.store.crypto import Ask
from sparklog.store.db import Journal, raw
from sparklog.store.partner_writes import ANNOUNCED, PartnerWrites
from sparklog.sync.changes import Change, JSONValue

_UNREAD = object()


class Writes:
    """One open write transaction of the journal."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._log: Any = _UNREAD

    @property
    def _conn(self) -> queries.Conn:
        conn: queries.Conn = raw(self.session)
        return conn

    @property
    def reads(self) -> queries.Conn:
        """This transaction's connection, for the reads in `sparklog.store.queries`."""
        return self._conn

    # the change log
    def _change_log(self) -> changes.ChangeLog | None:
        if self._log is _UNREAD:
            self.session.flush()
            self._log = changes.ChangeLog.of(self._conn)
        log: changes.ChangeLog | None = self._log
        return log

    def record(self, op: str, payload: Mapping[str, JSONValue]) -> Change | None:
        """Record one change of this device and settle what it touched (None: not syncing).

        The write itself has been made by then; settling makes it what the
        merge rules say, which for a change made here is what it already is,
        except where a merge (a ritual joined, a slot lost) says otherwise.
        """
        log = self._change_log()
        if log is None:
            return None
        self.session.flush()
        change = log.record(op, payload)
        changes.settle(self._conn, [subject(op, payload)])
        self.session.expire_all()
        return change

    def record_edit(
        self, entry_id: str, fields: Mapping[str, JSONValue], edited_at: datetime
    ) -> Change | None:
        """Record an edit of an entry: its new content, and the version it edited.

        Naming that version keeps an edit made here from leaving the words it
        replaced as a revision, while an edit made meanwhile on another device
        (of the same version) is kept as one.
        """
        if self._change_log() is None:
            return None
        self.session.flush()
        payload = {
            **fields,
            "id": entry_id,
            "edited_at": edited_at.isoformat(timespec="seconds"),
            "base": changes.winner(self._conn, entry_id),
        }
        return self.record("entry.edit", payload)

    def _record_written(self, pairs: Sequence[tuple[str, dict[str, JSONValue]]]) -> int:
        """Record changes that only describe what is already stored (an import, history)."""
        log = self._change_log()
        if log is None:
            return 0
        self.session.flush()
        for op, payload in pairs:
            log.record(op, payload)
        return len(pairs)

    @property
    def partner(self) -> PartnerWrites:
        """The partner channel's writes, in this same transaction."""
        return PartnerWrites(self.session, self.record)

    # entries
    def add_entry(self, new: NewEntry) -> Entry:
        entry = entries.add_entry(self.session, new)
        self.record("entry.add", changes.entry_payload(entry))
        return entry

    def delete_three(self, day: date, slots: Collection[int]) -> int:
        syncing = self._change_log() is not None
        held = queries.three_on(self._conn, day) if syncing else {}
        replaced = [item.id for slot, item in held.items() if slot in slots]
        count = entries.delete_three(self.session, day, slots)
        if syncing:
            deleted_at = datetime.now().astimezone().isoformat(timespec="seconds")
            for entry_id in replaced:
                self.record("entry.delete", {"id": entry_id, "deleted_at": deleted_at})
        return count

    def entry(self, entry_id: str) -> Entry | None:
        return queries.entry_by_id(self._conn, entry_id)

    def edit_entry(self, entry: Entry) -> Entry:
        """Store a corrected entry; its old words leave the search index and the -wal."""
        edited = entries.update_entry(self.session, entry)
        when = entry.edited_at or datetime.now().astimezone()
        self.record_edit(entry.id, changes.edit_content(edited), when)
        self._scrub()
        return edited

    def delete_entries(self, ids: Collection[str], deleted_at: datetime) -> int:
        """Delete entries, each leaving a tombstone; their words leave every file."""
        syncing = self._change_log() is not None
        present = [entry.id for entry in queries.entries_by_ids(self._conn, ids)] if syncing else []
        count = entries.delete_entries(self.session, sorted(ids), deleted_at)
        when = deleted_at.isoformat(timespec="seconds")
        for entry_id in sorted(present):
            self.record("entry.delete", {"id": entry_id, "deleted_at": when})
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
        made = rituals.add_ritual(self.session, name, cadence, created)
        payload = {
            "id": made.id,
            "name": made.name,
            "cadence": made.cadence.label,
            "created": made.created.isoformat(),
            "archived": None,
        }
        self.record("ritual.add", payload)
        return made

    def rename_ritual(self, ritual: Ritual, name: str) -> Ritual:
        renamed = rituals.rename_ritual(self.session, ritual, name)
        self.record("ritual.rename", {"ritual": ritual.id, "name": renamed.name})
        return renamed

    def archive_ritual(self, ritual: Ritual, day: date) -> Ritual:
        archived = rituals.archive_ritual(self.session, ritual, day)
        self.record("ritual.archive", {"ritual": ritual.id, "day": day.isoformat()})
        return archived

    def unarchive_ritual(self, ritual: Ritual) -> Ritual:
        back = rituals.unarchive_ritual(self.session, ritual)
        self.record("ritual.unarchive", {"ritual": ritual.id})
        return back

    def add_pause(self, ritual: Ritual, first: date, last: date) -> Ritual:
        pause_id = str(uuid.uuid4())
        paused = rituals.add_pause(self.session, ritual, first, last, pause_id)
        payload = {
            "ritual": ritual.id,
            "id": pause_id,
            "from": first.isoformat(),
            "to": last.isoformat(),
        }
        self.record("ritual.pause", payload)
        return paused

    def _pause_ids(self, ritual: Ritual, pause: Pause) -> list[str]:
        rows = self._conn.execute(
            "SELECT id FROM ritual_pause WHERE ritual_id = ? AND first_day = ? AND last_day = ?"
            " ORDER BY id",
            (ritual.id, pause[0].isoformat(), pause[1].isoformat()),
        )
        return [row[0] for row in rows]

    def change_pause(self, ritual: Ritual, pause: Pause, first: date, last: date) -> Ritual:
        syncing = self._change_log() is not None
        before = set(self._pause_ids(ritual, pause)) if syncing else set()
        changed = rituals.change_pause(self.session, ritual, pause, first, last)
        if syncing:
            self.session.flush()
            kept = set(self._pause_ids(ritual, (first, last))) & before
            for pause_id in sorted(kept):
                span = {"from": first.isoformat(), "to": last.isoformat()}
                self.record("ritual.pause", {"ritual": ritual.id, "id": pause_id, **span})
            if before - kept:
                self.record(
                    "ritual.unpause", {"ritual": ritual.id, "pauses": sorted(before - kept)}
                )
        return changed

    def remove_pause(self, ritual: Ritual, pause: Pause) -> Ritual:
        ids = self._pause_ids(ritual, pause) if self._change_log() is not None else []
        removed = rituals.remove_pause(self.session, ritual, pause)
        if ids:
            self.record("ritual.unpause", {"ritual": ritual.id, "pauses": ids})
        return removed

    def mark_on(self, ritual: Ritual, day: date) -> str | None:
        return queries.mark_on(self._conn, ritual.id, day)

    def add_mark(self, ritual: Ritual, day: date, mark: str, now: datetime) -> None:
        rituals.add_mark(self.session, ritual, day, mark, now)
        if self._change_log() is not None:
            self.session.flush()
            mark_id, written_at = self._conn.execute(
                "SELECT id, written_at FROM ritual_mark WHERE ritual_id = ? AND day = ?",
                (ritual.id, day.isoformat()),
            ).fetchone()
            payload = changes.check_payload(mark_id, ritual.id, day.isoformat(), written_at)
            self.record("ritual.skip", {**payload, "mark": mark})

    def remove_mark(self, ritual: Ritual, day: date) -> str | None:
        removed = rituals.remove_mark(self.session, ritual, day)
        if removed is not None:
            self.record("ritual.undo", {"ritual": ritual.id, "day": day.isoformat()})
        return removed

    def add_check(self, ritual: Ritual, day: date, now: datetime) -> bool:
        check_id = str(uuid.uuid4())
        added = rituals.add_check(self.session, ritual, day, now, check_id)
        if added:
            written_at = now.isoformat(timespec="seconds")
            payload = changes.check_payload(check_id, ritual.id, day.isoformat(), written_at)
            self.record("ritual.check", payload)
        return added

    def remove_check(self, ritual: Ritual, day: date) -> bool:
        removed = rituals.remove_check(self.session, ritual, day)
        if removed:
            self.record("ritual.undo", {"ritual": ritual.id, "day": day.isoformat()})
        return removed

    # important dates
    def important_dates(self) -> list[ImportantDate]:
        return queries.important_dates(self._conn)

    def add_date(self, made: ImportantDate) -> None:
        date_id = str(uuid.uuid4())
        dates.add_date(self.session, made, date_id)
        self.record("date.add", changes.date_payload(date_id, made))

    def remove_date(self, important: ImportantDate) -> None:
        dates.remove_date(self.session, important)
        self.record("date.remove", {"name": important.name})

    # a whole document
    def import_snapshot(
        self, snapshot: Snapshot, progress: exchange.Progress | None = None
    ) -> ImportReport:
        """Import a document; in a journal that syncs, what it added becomes changes too."""
        syncing = self._change_log() is not None
        before = exchange.stored_ids(self.session) if syncing else None
        report = exchange.write_snapshot(self.session, snapshot, progress=progress)
        if before is not None:
            self.session.flush()
            self._record_written(exchange.added_changes(self.session, snapshot, before))
            self._record_corrections(before)
        if report.updated or report.removed:
            self._scrub()
        return report

    def _record_corrections(self, before: exchange.StoredIds) -> None:
        """An import's newer versions and deletions, as edits and deletes that travel."""
        after = exchange.stored_ids(self.session)
        tombstones = dict(self._conn.execute("SELECT id, deleted_at FROM entry_tombstone"))
        for entry_id in sorted(
            (before["entries"] - after["entries"]) | (after["tombstones"] - before["tombstones"])
        ):
            if entry_id in tombstones:
                payload = {"id": entry_id, "deleted_at": tombstones[entry_id]}
                self.record("entry.delete", payload)
        changed = [
            entry_id
            for entry_id in sorted(before["entries"] & after["entries"])
            if before["versions"].get(entry_id) != after["versions"].get(entry_id)
        ]
        for entry in queries.entries_by_ids(self._conn, changed):
            when = entry.edited_at or entry.written_at
            self.record_edit(entry.id, changes.edit_content(entry), when)

    # device sync
    def sync_state(self) -> dict[str, str]:
        return changes.state(self._conn)

    def start_device(self, device_id: str, name: str, folder: str) -> int:
        """Make this journal a syncing device; its history becomes changes the first time.

        Returns how many changes that published (0 when it was already this device).
        """
        current = changes.state(self._conn).get(changes.DEVICE_ID)
        if current is not None and current != device_id:
            raise Conflict(
                f"this journal already syncs as device {current}; stop that first (sync leave)"
            )
        changes.set_state(
            self._conn,
            {changes.DEVICE_ID: device_id, changes.DEVICE_NAME: name, changes.FOLDER: folder},
        )
        self._log = _UNREAD
        if current is not None:
            return 0
        # A partner channel joined before goes to the other devices at the next exchange.
        self._conn.execute("DELETE FROM partner_self WHERE key = ?", (ANNOUNCED,))
        return self._record_written(changes.history(self._conn))

    def forget_device(self) -> None:
        """Stop recording; the log stays, so what was written and read stays known."""
        changes.clear_state(self._conn)
        self._log = _UNREAD

    def mark_sent(self, ids: Collection[str], file_name: str) -> int:
        return changes.mark_sent(self._conn, ids, file_name)

    def apply_incoming(
        self, file_name: str, device: str, incoming: Sequence[Change], read_at: str
    ) -> ApplyReport:
        """Apply another device's batch file: new changes join the log, what they touch settles."""
        log = self._change_log()
        if log is None:
            raise SyncError("this journal does not sync; run sparklog sync init FOLDER first")
        conn = self._conn
        if file_name in changes.seen_files(conn):
            return ApplyReport(ignored=len(incoming), already_read=True)
        self.session.flush()
        known = changes.known_ids(conn, [change.id for change in incoming])
        fresh = {change.id: change for change in incoming if change.id not in known}
        touched: set[str] = set()
        unknown = 0
        for change in fresh.values():
            changes.store_change(conn, change, origin="remote", sent=file_name)
            if change.op in DEVICE_OPS:
                self.partner.apply_from_device(change.op, change.payload)
                continue
            about = subject(change.op, change.payload)
            if change.op not in OPS or about == "invalid":
                unknown += 1
                continue
            touched.add(about)
            if change.op == "entry.add":
                changes.claim(conn, change.payload)
        if fresh:
            log.receive(max(change.stamp for change in fresh.values()))
        changes.settle(conn, touched)
        if any(change.op in ("entry.edit", "entry.delete") for change in fresh.values()):
            self._scrub()  # replaced or deleted words leave the search index and the -wal
        changes.record_file(conn, file_name, device, read_at, len(incoming))
        self.session.expire_all()
        return ApplyReport(
            applied=len(fresh) - unknown, ignored=len(incoming) - len(fresh), unknown=unknown
        )


def open_for_writing(path: Path, ask: Ask | None) -> Journal:
    """The journal opened for writing (created, checked and upgraded as needed)."""
    return db.open_journal(path, write=True, ask=ask)


@contextlib.contextmanager
def transaction(journal: Journal) -> Iterator[Writes]:
    """One write transaction: committed when the block ends, rolled back on any error."""
    with journal.transaction() as session:
        yield Writes(session)
