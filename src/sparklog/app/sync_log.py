"""The change log's use cases, for the sync commands: this device, what to send, what came in.

No command lives here and nothing here touches the folder or the keys: the
commands (`sparklog sync ...`) read and write the folder (`sparklog.sync.folder`)
and call these to read the log and apply batches, each in one transaction.
Reads go through the read side (`sqlite3`); writes through `write`.

Recording starts when a device id is set (`start_device`): a journal that never
syncs records nothing and pays nothing for it. Starting publishes the whole
journal as it stands as this device's first changes, so the history written
before sync travels too.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from sparklog.app.journal import write
from sparklog.core.merge import ApplyReport
from sparklog.errors import SyncError, UsageError
from sparklog.store import changes as log
from sparklog.sync.changes import Change
from sparklog.sync.hlc import is_device_id

if TYPE_CHECKING:
    from sparklog.app.journal_ref import JournalRef

__all__ = [
    "ApplyReport",
    "Device",
    "DeviceSeen",
    "SyncStatus",
    "apply_incoming",
    "device",
    "forget_device",
    "mark_sent",
    "seen_files",
    "snapshot_changes",
    "start_device",
    "status",
    "unsent",
]


class Device(NamedTuple):
    """This journal as a syncing device."""

    id: str
    name: str
    folder: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "folder": self.folder}


class DeviceSeen(NamedTuple):
    """Another device, as far as the files read from it tell."""

    id: str
    files: int
    changes: int
    last_change: datetime | None
    """When its latest change was made, by its own clock (UTC)."""
    last_read: str | None
    """When a file of it was last applied here."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "files": self.files,
            "changes": self.changes,
            "last_change": self.last_change.isoformat(timespec="seconds")
            if self.last_change
            else None,
            "last_read": self.last_read,
        }


class SyncStatus(NamedTuple):
    device: Device | None
    unsent: int
    devices: list[DeviceSeen]

    def to_json(self) -> dict[str, Any]:
        return {
            "device": self.device.to_json() if self.device else None,
            "unsent": self.unsent,
            "devices": [seen.to_json() for seen in self.devices],
        }


def _device(found: dict[str, str]) -> Device | None:
    device_id = found.get(log.DEVICE_ID)
    if device_id is None:
        return None
    return Device(device_id, found.get(log.DEVICE_NAME, ""), found.get(log.FOLDER, ""))


def device(journal: JournalRef) -> Device | None:
    """This journal's device, or None when it does not sync."""
    with journal.read() as reader, reader.transaction() as conn:
        return _device(log.state(conn))


def start_device(journal: JournalRef, device_id: str, name: str, folder: str) -> int:
    """Make the journal a syncing device; returns how many changes its history became.

    Run again with the same id, it only updates the name and folder (and
    publishes nothing again); a journal that syncs as another device is refused.
    """
    if not is_device_id(device_id):
        raise UsageError(f"{device_id!r} is not a device id")
    with write(journal) as changes:
        return changes.start_device(device_id, name, folder)


def forget_device(journal: JournalRef) -> None:
    """Stop syncing: nothing more is recorded; the journal keeps everything it holds."""
    with write(journal) as changes:
        changes.forget_device()


def unsent(journal: JournalRef) -> list[Change]:
    """This device's changes not yet written to the folder, oldest first."""
    with journal.read() as reader, reader.transaction() as conn:
        return log.unsent(conn)


def mark_sent(journal: JournalRef, ids: Collection[str], file_name: str) -> int:
    """Note that these changes went out in `file_name` (call once the file is in place)."""
    with write(journal) as changes:
        return changes.mark_sent(ids, file_name)


def seen_files(journal: JournalRef) -> set[str]:
    """Names of other devices' batch files already applied: a sync reads only the rest."""
    with journal.read() as reader, reader.transaction() as conn:
        return log.seen_files(conn)


def apply_incoming(
    journal: JournalRef,
    file_name: str,
    device: str,
    changes: Sequence[Change],
    *,
    now: datetime | None = None,
) -> ApplyReport:
    """Apply one batch file of another device, in one transaction; a file seen before is a no-op.

    Applying is idempotent and does not depend on order: every item a change
    touches is settled from all changes about it (`sparklog.core.merge`).
    """
    if not is_device_id(device):
        raise SyncError(f"{device!r} is not a device id")
    read_at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    with write(journal) as writes:
        return writes.apply_incoming(file_name, device, changes, read_at)


def snapshot_changes(journal: JournalRef) -> list[tuple[str, dict[str, Any]]]:
    """The whole journal as (op, payload) pairs, as `start_device` publishes it."""
    with journal.read() as reader, reader.transaction() as conn:
        return log.history(conn)


def status(journal: JournalRef) -> SyncStatus:
    """This device, how many changes wait to go out, and the devices seen."""
    with journal.read() as reader, reader.transaction() as conn:
        found = log.state(conn)
        seen = [
            DeviceSeen(
                row.device,
                row.files,
                row.changes,
                datetime.fromtimestamp(row.last_stamp.wall_ms / 1000, UTC)
                if row.last_stamp
                else None,
                row.last_read,
            )
            for row in log.devices_seen(conn)
        ]
        return SyncStatus(_device(found), log.unsent_count(conn), seen)
