"""Which journal a command opens (`JournalRef`), and the one way into it for writing.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sparklog.errors import StoreError
from sparklog.store.crypto import PASSPHRASE_ENV, Ask
from sparklog.store.reader import Reader, open_reader

if TYPE_CHECKING:
    from sparklog.store.db import Journal
    from sparklog.store.writes import Writes as Writes

WRITE_SIDE = "sparklog.store.writes"
"""The module `write` loads; `evening` imports it early, while the person types."""


@dataclass
class JournalRef:
    """Which journal a use case opens, and how to ask for its passphrase if it has one.

    The passphrase of an encrypted journal, once found, is kept for the rest of
    the command, so a flow that reads and then writes asks for it once; the
    journal opened for writing is kept too (by `sparklog.app.journal.write`), so
    a flow that saves answer by answer opens and checks the file once.
    """

    path: Path
    ask: Ask | None = None
    _key: str | None = field(default=None, repr=False)
    writer: Journal | None = field(default=None, repr=False, compare=False)

    def passphrase(self, question: str) -> str:
        """The kept passphrase, else what `ask` answers (an `Ask` for the write side)."""
        if self._key is not None:
            return self._key
        if self.ask is None:
            raise StoreError(
                f"{self.path} is encrypted; set {PASSPHRASE_ENV} or run sparklog in a terminal"
            )
        self._key = self.ask(question)
        return self._key

    @property
    def asker(self) -> Ask | None:
        """What to hand a store that may need the passphrase (None: there is no one to ask)."""
        return self.passphrase if self._key is not None or self.ask is not None else None

    def read(self) -> Reader:
        reader = open_reader(self.path, ask=self.asker)
        if reader.key is not None:
            self._key = reader.key
        return reader


@contextlib.contextmanager
def write(journal: JournalRef) -> Iterator[Writes]:
    """One write transaction of `journal`: committed at the end of the block, else rolled back.

    The journal is opened (created, checked, upgraded) on the first write of a
    command and kept on `journal` for the next one.
    """
    from sparklog.store import writes

    if journal.writer is None:
        journal.writer = writes.open_for_writing(journal.path, journal.asker)
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
