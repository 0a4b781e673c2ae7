"""What sync shows without writing: `sync status` and the result of a sync.

Everything here reads through the read side (stdlib sqlite3) and never loads
the write side; the looks taken before any work are `sparklog.app.sync_check`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sparklog.app import sync_log as log
from sparklog.app.journal_ref import JournalRef
from sparklog.app.sync_check import Syncing, syncing
from sparklog.errors import SyncError
from sparklog.store import sync_queries
from sparklog.sync import folder
from sparklog.sync.layout import Skipped


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


def sent_files(journal: JournalRef) -> set[str]:
    """This device's own batch files the journal knows it wrote."""
    with journal.read() as reader, reader.transaction() as conn:
        return sync_queries.sent_names(conn)


def status(journal: JournalRef, key_path: Path) -> SyncStatus:
    """`sync status`; the folder's new files are opened (not applied) to say which would fail."""
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
