"""Opening the journal: checks, permissions, migrations, one transaction per command."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import NullPool, StaticPool
from sqlmodel import Session, create_engine

from sparklog.errors import StoreError
from sparklog.store import crypto, files, streaks
from sparklog.store.checks import add_functions, check_file, check_journal, error_family, translate
from sparklog.store.migrations import APPLICATION_ID, LATEST, MIGRATIONS
from sparklog.store.queries import important_dates

SCRUB = "sparklog.scrub"
"""Set in a write session's `info` when removed text must leave the -wal after the commit."""

BUSY_TIMEOUT_MS = files.DEFAULT_BUSY_TIMEOUT_MS
"""The default wait for another writer; SPARKLOG_BUSY_TIMEOUT_MS overrides it."""


FileId = tuple[int, int, int]


def _file_id(path: Path) -> FileId | None:
    """Which file, under which key, the path names now.

    A swap (`lock`, `unlock`) gives the file a new inode; a rekey (`passphrase`)
    keeps it, so the swap count beside the journal is part of the identity.
    """
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino, files.swap_count(path)


class Journal:
    """An open journal file. Use `transaction()` once per command."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        write: bool,
        key: str | None = None,
        file_id: FileId | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.write = write
        self.schema_version = LATEST
        self.key = key
        """The passphrase of an encrypted journal (None when plain), for keyed copies."""
        self.file_id = file_id or _file_id(path)
        """The file opened: a later swap or rekey of `path` shows as another one."""
        self._guard: files.SwapGuard | None = None
        self.week_start = 0
        """The week's first day (the configuration's), for the rituals' kept walks."""

    def hold(self, guard: files.SwapGuard) -> None:
        """Keep a writer's swap lock from opening until its first commit."""
        self._guard = guard

    def _hold_swap_lock(self) -> files.SwapGuard:
        """The swap lock for one write, and proof the file is still the one opened."""
        guard = self._guard or files.SwapGuard(self.path, exclusive=False)
        self._guard = None
        if _file_id(self.path) != self.file_id:
            guard.release()
            raise StoreError(
                f"the journal {self.path} was locked, unlocked or rekeyed meanwhile;"
                " nothing was saved, run the command again"
            )
        return guard

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error.

        Writers take the write lock up front (BEGIN IMMEDIATE), so two sparklog
        processes queue behind the busy timeout instead of failing half-way.
        """
        guard = self._hold_swap_lock() if self.write else None
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                with session.begin():
                    yield session
                    if self.write:
                        session.flush()
                        last = _last_logged_day(session)
                        if last is not None:
                            streaks.keep(raw(session), last, self.week_start)
                        dates = _stamp_dates(session) if self.key is None else []
                if self.write:
                    files.write_stamp(self.path, last, dates)
                    if session.info.get(SCRUB):
                        self.checkpoint()
        except (OperationalError, DatabaseError, sqlite3.Error) as exc:
            raise translate(exc, self.path) from exc
        finally:
            if guard is not None:
                guard.release()

    def checkpoint(self) -> bool:
        """Copy the -wal into the journal and empty it, so replaced pages leave both files.

        True when it went through; another process still reading an older state
        of the journal keeps the frames it reads (SQLite then reports it busy),
        and the next write's checkpoint finishes the work.
        """
        connection = self.engine.raw_connection()
        try:
            driver: Any = connection.driver_connection
            busy, _log, _done = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return not busy
        finally:
            connection.close()

    def close(self) -> None:
        if self._guard is not None:
            self._guard.release()
            self._guard = None
        self.engine.dispose()


def raw(session: Session) -> Any:
    """The session's own DB-API connection, for `sparklog.store.queries` in the same transaction."""
    return session.connection().connection.driver_connection


def _last_logged_day(session: Session) -> date | None:
    row = session.connection().exec_driver_sql(files.LAST_LOGGED_DAY_SQL).scalar()
    return date.fromisoformat(row) if row else None


def _stamp_dates(session: Session) -> list[dict[str, Any]]:
    """The important dates as the stamp keeps them, for `nudge`."""
    return [important.to_json() for important in important_dates(raw(session))]


def _make_engine(path: Path, *, write: bool, key: str | None = None) -> Engine:
    timeout_ms = files.busy_timeout_ms()
    if key is None:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"timeout": timeout_ms / 1000},
            poolclass=NullPool,
        )
    else:
        # The dialect sends PRAGMA key (quoted) before any other statement.
        engine = create_engine(
            URL.create("sqlite+pysqlcipher", password=key, database=str(path)),
            connect_args={"timeout": timeout_ms / 1000},
            poolclass=NullPool,
        )
    begin_sql = "BEGIN IMMEDIATE" if write else "BEGIN"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the driver so BEGIN is ours to choose.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        cursor.execute("PRAGMA synchronous = FULL")
        add_functions(dbapi_connection)
        if key is not None:
            # Sorts and temporary tables stay in memory, never in a plain temp file.
            cursor.execute("PRAGMA temp_store = MEMORY")
        if write:
            # Freed pages are zeroed: a deleted or corrected entry's words do not
            # linger in the journal's free space.
            cursor.execute("PRAGMA secure_delete = ON")
            # Read the schema now, so the write lock is held only for the statements.
            cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin_sql)

    return engine


def _migrate(path: Path, from_version: int, now: datetime, key: str | None = None) -> None:
    """Apply every missing migration in one write transaction, after a backup.

    The version is read again under the write lock, so when several processes
    open the same old journal at once, one backs it up and upgrades it and the
    others find the work done. The swap lock is taken once the backup is made,
    so a backup that fails leaves the folder as it was.
    """
    engine = _make_engine(path, write=True, key=key)
    guard: files.SwapGuard | None = None
    try:
        with engine.connect() as conn:
            conn.begin()
            current = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
            if 0 < current < LATEST:
                try:
                    files.automatic_backup(path, current, now, key=key)
                except (OSError, sqlite3.Error) as exc:
                    raise StoreError(
                        f"could not back up {path} before upgrading it ({exc}); nothing was changed"
                    ) from None
            guard = files.SwapGuard(path, exclusive=False)
            if current < LATEST:  # else another process finished it meanwhile
                for migration in MIGRATIONS:
                    if migration.version > current:
                        for statement in migration.statements:
                            conn.exec_driver_sql(statement)
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.exec_driver_sql(f"PRAGMA user_version = {LATEST}")
            conn.commit()
            if from_version == 0:
                # WAL is a property of the file; it cannot be set inside a transaction.
                raw = conn.connection.driver_connection
                assert raw is not None
                _use_wal(raw)
    except (OperationalError, DatabaseError, sqlite3.Error) as exc:
        raise translate(exc, path) from exc
    finally:
        if guard is not None:
            guard.release()
        engine.dispose()


def _use_wal(raw: Any) -> None:
    """Switch a new journal to WAL, waiting out the locks of other processes.

    When several processes create the same journal at once, another one may
    still hold a lock just after this one commits; SQLite then refuses the
    switch at once rather than wait (waiting there could deadlock), so wait here.
    """
    deadline = time.monotonic() + files.busy_timeout_ms() / 1000
    while True:
        try:
            raw.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = error_family(exc) in ("SQLITE_BUSY", "SQLITE_LOCKED")
            if not busy or time.monotonic() > deadline:
                raise
        time.sleep(0.01)


def _empty_journal(path: Path) -> Journal:
    """An empty journal in memory, standing in for one not written yet."""
    engine = create_engine("sqlite://", poolclass=StaticPool)
    event.listen(engine, "connect", lambda conn, _record: add_functions(conn))
    with engine.begin() as conn:
        for migration in MIGRATIONS:
            for statement in migration.statements:
                conn.exec_driver_sql(statement)
    return Journal(path, engine, write=False)


def open_journal(
    path: Path,
    *,
    write: bool,
    now: datetime | None = None,
    ask: crypto.Ask | None = None,
    make_folder: bool = True,
) -> Journal:
    """Open (creating or upgrading when needed) the journal at `path`.

    A file that is not sparklog's, or was written by a newer sparklog, is
    refused before a single byte of it changes. An encrypted journal is opened
    with the passphrase from SPARKLOG_PASSPHRASE, the keyring, or `ask`.
    Without `make_folder` (a read through a typed path), a journal whose folder
    does not exist yet is read as empty, and nothing is created on disk.
    """
    files.busy_timeout_ms()  # a bad SPARKLOG_BUSY_TIMEOUT_MS fails before anything is created
    if not make_folder and not path.parent.is_dir():
        return _empty_journal(path)
    if not write:
        return _open(path, write=write, now=now, ask=ask)
    # Checked and opened first, locked second: a refused file gains no lock file, and
    # the lock is held only from here to the commit. A file swapped meanwhile (by
    # `lock`, `unlock`) is opened again under the lock, so the write lands in it.
    before = _file_id(path)
    journal: Journal | None
    try:
        journal = _open(path, write=write, now=now, ask=ask)
    except StoreError:
        if _file_id(path) == before and not files.swap_in_progress(path):
            raise
        journal = None  # the checks read a swap half-way: wait for it, then check again
    guard = files.SwapGuard(path, exclusive=False)
    if journal is not None and _file_id(path) == journal.file_id:
        journal.hold(guard)
        return journal
    if journal is not None:
        journal.close()
    try:
        journal = _open(path, write=write, now=now, ask=ask)
    except BaseException:
        guard.release()
        raise
    journal.hold(guard)
    return journal


def _open(path: Path, *, write: bool, now: datetime | None, ask: crypto.Ask | None) -> Journal:
    """Check, unlock, upgrade and open the journal that `path` names right now."""
    new = check_file(path)
    file_id = _file_id(path)
    crypto.sweep_partials(path)
    version, key = 0, None
    if not new:
        checked = check_journal(path, ask)
        version, key = checked.version, checked.key
    if write and not os.access(path, os.W_OK):
        raise StoreError(f"the journal {path} is read-only; nothing was saved")
    if write:
        _make_private(path)
    if version < LATEST:
        if not os.access(path, os.W_OK):
            raise StoreError(f"the journal {path} needs an upgrade but is read-only")
        _migrate(path, version, now or datetime.now().astimezone(), key)
    engine = _make_engine(path, write=write, key=key)
    return Journal(path, engine, write=write, key=key, file_id=file_id)


def _make_private(path: Path) -> None:
    """A journal written to is readable by its owner only, even one the user created.

    SQLite gives its -wal and -shm files the journal's own mode, so they follow.
    """
    for item in (path, *(path.with_name(path.name + s) for s in files.SIDE_SUFFIXES)):
        with contextlib.suppress(FileNotFoundError):
            if item.stat().st_mode & 0o077:
                try:
                    item.chmod(0o600)
                except OSError as exc:
                    raise StoreError(
                        f"the journal {item} is readable by others and cannot be made private"
                        f" ({exc.strerror}); nothing was saved"
                    ) from None


def schema_columns(engine: Engine) -> dict[str, list[str]]:
    """Column names per table, as the file holds them (for tests and `info`)."""
    with engine.connect() as conn:
        names = [
            row[0]
            for row in conn.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%fts5%'"
                )
            )
            if not str(row[0]).startswith(("sqlite_", "entry_fts"))
        ]
        return {
            name: [row[1] for row in conn.exec_driver_sql(f'PRAGMA table_info("{name}")')]
            for name in names
        }
