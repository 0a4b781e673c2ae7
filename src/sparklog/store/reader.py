"""The read side: a journal opened through the standard library's `sqlite3`.

Read commands open the journal here and run `sparklog.store.queries` on it; they
never load SQLAlchemy. An encrypted journal is read through `sqlcipher3`'s
DB-API module, which has the same interface. A journal not written yet is read
as an empty one in memory, and nothing is created on disk; only a journal of an
older schema brings in the write side, to upgrade it once.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sparklog.store import crypto, files
from sparklog.store.checks import add_functions, check_file, check_journal, translate
from sparklog.store.migrations import LATEST, MIGRATIONS
from sparklog.store.queries import Conn


class Reader:
    """An open journal for reading. Use `transaction()` once per command."""

    __slots__ = ("conn", "key", "path", "schema_version")

    path: Path
    conn: Any
    key: str | None
    """The passphrase of an encrypted journal (None when plain)."""
    schema_version: int

    def __init__(
        self, path: Path, conn: Any, key: str | None = None, schema_version: int = LATEST
    ) -> None:
        self.path = path
        self.conn = conn
        self.key = key
        self.schema_version = schema_version

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Conn]:
        """One read transaction, so every query of a view sees the same journal."""
        errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
        if self.key is not None:
            errors = (*errors, crypto.driver(self.path).Error)
        try:
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                self.conn.execute("ROLLBACK")
        except errors as exc:
            raise translate(exc, self.path) from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _empty(path: Path) -> Reader:
    """An empty journal in memory, standing in for one not written yet."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    add_functions(conn)  # the migrations' search index calls sparklog_fold
    for migration in MIGRATIONS:
        for statement in migration.statements:
            conn.execute(statement)
    return Reader(path, conn)


def _connect(path: Path, key: str | None) -> Any:
    timeout_ms = files.busy_timeout_ms()
    try:
        if key is not None:
            conn = crypto.connect(path, key)
        else:
            conn = sqlite3.connect(path, timeout=timeout_ms / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    return conn


def _upgrade(path: Path, key: str | None) -> None:
    """An older journal is upgraded by the write side, once, with its backup first."""
    from sparklog.store.db import open_journal

    # The passphrase was found already; the write side is handed it, not asked again.
    open_journal(path, write=False, ask=None if key is None else lambda _question: key).close()


def open_reader(path: Path, *, ask: crypto.Ask | None = None) -> Reader:
    """Open the journal at `path` for reading, after the same checks the write side makes.

    A file that is not sparklog's, or was written by a newer sparklog, is refused
    before anything reads it; a missing or empty one reads as an empty journal.
    """
    files.busy_timeout_ms()  # a bad SPARKLOG_BUSY_TIMEOUT_MS is one line, as for writes
    if not path.exists() and not path.is_symlink():
        return _empty(path)
    if check_file(path):  # empty: a first write was interrupted before it began
        return _empty(path)
    crypto.sweep_partials(path)
    checked = check_journal(path, ask)
    if checked.version < LATEST:
        _upgrade(path, checked.key)
    return Reader(path, _connect(path, checked.key), key=checked.key)
