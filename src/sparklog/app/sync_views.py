"""What sync shows without writing: `sync status`, and the looks taken before any work.

All of it runs on the read side (stdlib sqlite3) and never loads the write
side; `new_files` and `nothing_to_do` load nothing beyond a folder listing, so a
daily view with `[sync] auto = true`, or a `sync` with nothing new, costs about
what a read costs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sparklog.app import sync_log as log
from sparklog.app.views import JournalRef
from sparklog.store import changes as change_log, sync_queries
from sparklog.sync import layout
from sparklog.sync.layout import Skipped


@dataclass(frozen=True)
class Syncing:
    """Where this journal syncs, and as which device."""

    folder: Path
    device: str
    name: str


@dataclass
class Exchanged:
    """One sync: changes that came in (from how many devices), went out, files skipped."""

    received: int = 0
    devices: int = 0
    sent: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def line(self) -> str:
        if not self.received and not self.sent:
            return "sync: nothing new"
        parts = []
        if self.received:
            devices = "device" if self.devices == 1 else "devices"
            parts.append(f"{self.received} in from {self.devices} {devices}")
        if self.sent:
            parts.append(f"{self.sent} out")
        return "sync: " + ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "devices": self.devices,
            "sent": self.sent,
            "skipped": [{"file": s.name, "reason": s.reason} for s in self.skipped],
        }


@dataclass
class SyncStatus:
    """`sync status`: the log's view (this device, the others, unsent) and the folder's."""

    syncing: Syncing | None
    log: log.SyncStatus | None = None
    waiting: int = 0
    """Other devices' files that open and are not applied yet."""
    skipped: list[Skipped] = field(default_factory=list)
    problem: str | None = None
    """Why the folder or the key could not be used, if they could not."""

    def to_json(self) -> dict[str, Any]:
        if self.syncing is None or self.log is None:
            return {"syncing": False}
        return {
            "syncing": True,
            "folder": str(self.syncing.folder),
            "device": {"id": self.syncing.device, "name": self.syncing.name},
            "devices": [seen.to_json() for seen in self.log.devices],
            "unsent": self.log.unsent,
            "waiting": self.waiting,
            "skipped": [{"file": s.name, "reason": s.reason} for s in self.skipped],
            "problem": self.problem,
        }


def _syncing(found: dict[str, str]) -> Syncing | None:
    device = found.get(change_log.DEVICE_ID)
    folder = found.get(change_log.FOLDER)
    if device is None or not folder:
        return None
    return Syncing(Path(folder), device, found.get(change_log.DEVICE_NAME, ""))


def syncing(journal: JournalRef) -> Syncing | None:
    """Where this journal syncs (None when it does not, or is not made yet)."""
    with journal.read() as reader, reader.transaction() as conn:
        return _syncing(change_log.state(conn))


def sent_files(journal: JournalRef) -> set[str]:
    """This device's own batch files the journal knows it wrote."""
    with journal.read() as reader, reader.transaction() as conn:
        return sync_queries.sent_names(conn)


def new_files(journal: JournalRef) -> bool:
    """Whether the folder holds other devices' files this journal has not read.

    One query and a listing: no file is opened and age is not loaded.
    """
    if not journal.path.exists():
        return False
    with journal.read() as reader, reader.transaction() as conn:
        current = _syncing(change_log.state(conn))
        if current is None:
            return False
        seen = change_log.seen_files(conn)
    return bool(layout.unseen(current.folder, current.device, seen))


def nothing_to_do(journal: JournalRef) -> bool:
    """Whether `sparklog sync` would find nothing to send or read, from the read side alone.

    True only when the folder is there and writable, every change is sent, every
    own file is one the journal knows it wrote (none left by a killed sync), and
    no other device has a file not read yet. Anything else, every problem
    included, is left to the full sync to do or to explain.
    """
    if not journal.path.exists():
        return False
    with journal.read() as reader, reader.transaction() as conn:
        current = _syncing(change_log.state(conn))
        if current is None or change_log.unsent_count(conn):
            return False
        seen = change_log.seen_files(conn)
        sent = sync_queries.sent_names(conn)
    root = current.folder
    if not root.is_dir() or not os.access(root, os.W_OK):
        return False
    if set(layout.own(root, current.device)) - sent:
        return False
    return not layout.unseen(root, current.device, seen)


def status(journal: JournalRef, key_path: Path) -> SyncStatus:
    """`sync status`; the folder's new files are opened (not applied) to say which would fail."""
    from sparklog.errors import SyncError
    from sparklog.sync import folder

    current = syncing(journal)
    if current is None:
        return SyncStatus(None)
    report = SyncStatus(current, log.status(journal))
    try:
        identity = folder.load_identity(key_path)
        collected = folder.collect(
            current.folder, current.device, log.seen_files(journal), [identity]
        )
    except SyncError as exc:
        report.problem = exc.message
        return report
    report.waiting = sum(1 for item in collected.incoming if item.changes)
    report.skipped = list(collected.skipped)
    return report
