"""Which journal a use case opens, and how it asks for the journal's passphrase.

Every use case takes a `JournalRef`; reading one opens the read side
(`sparklog.store.reader`), and `sparklog.app.journal.write` opens the write side
through it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sparklog.errors import StoreError
from sparklog.store.crypto import PASSPHRASE_ENV, Ask
from sparklog.store.reader import Reader, open_reader

if TYPE_CHECKING:
    from sparklog.store.db import Journal


class JournalRef:
    """Which journal a use case opens, and how to ask for its passphrase if it has one.

    The passphrase of an encrypted journal, once found, is kept for the rest of
    the command, so a flow that reads and then writes asks for it once; the
    journal opened for writing is kept too (by `sparklog.app.journal.write`), so
    a flow that saves answer by answer opens and checks the file once.
    """

    __slots__ = ("_key", "ask", "path", "week_start", "writer")

    def __init__(self, path: Path, ask: Ask | None = None, week_start: int = 0) -> None:
        self.path = path
        self.ask = ask
        self.week_start = week_start
        """The week's first day (0 Monday), as the configuration says: the write side
        keeps the rituals' streak walks by it."""
        self._key: str | None = None
        self.writer: Journal | None = None

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
