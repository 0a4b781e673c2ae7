"""The one way into the journal for writing.

Every write use case (in `sparklog.app.entries`, `.rituals`, `.exchange`) runs
its one transaction inside `write`, and nothing else in sparklog opens the
journal for writing (a test walks the sources to hold that). A change record
written in the same transaction as every write is one line here.

The write side (SQLModel) is imported here, when a command first writes, so
the modules above it stay as light as the read side.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sparklog.errors import StoreError

if TYPE_CHECKING:
    from sparklog.app.journal_ref import JournalRef
    from sparklog.store.writes import Writes as Writes

WRITE_SIDE = "sparklog.store.writes"
"""The module `write` loads; `evening` imports it early, while the person types."""


@contextlib.contextmanager
def write(journal: JournalRef) -> Iterator[Writes]:
    """One write transaction of `journal`: committed at the end of the block, else rolled back.

    The journal is opened (created, checked, upgraded) on the first write of a
    command and kept on `journal` for the next one.
    """
    from sparklog.store import writes

    if journal.writer is None:
        journal.writer = writes.open_for_writing(journal.path, journal.asker)
        journal.writer.week_start = journal.week_start
    with writes.transaction(journal.writer) as changes:
        yield changes


def refuse_read_only(journal: JournalRef) -> None:
    """Say a journal cannot take writes before a flow asks its first question.

    Interactive flows (`evening`, `three`) read first and write at the end; this
    keeps an answer from being typed in vain.
    """
    path = journal.path
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(f"the journal {path} is read-only; nothing was saved")
