"""The import use case: a checked document written in one transaction, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sparklog.app.journal import write
from sparklog.core.exchange import ImportReport, Snapshot

if TYPE_CHECKING:
    from sparklog.app.journal_ref import JournalRef


def import_snapshot(
    journal: JournalRef, snapshot: Snapshot, *, progress: Callable[[int], None] | None = None
) -> ImportReport:
    """`import`: add what the journal lacks; `progress` hears how many items went in."""
    with write(journal) as changes:
        return changes.import_snapshot(snapshot, progress)
