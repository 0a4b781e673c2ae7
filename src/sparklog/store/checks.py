"""The journal file's own checks, shared by the read side and the write side.

Is it a folder, a regular file, readable, a sparklog file, of a schema this
sparklog knows, encrypted? Only the standard library (and `sqlcipher3` for an
encrypted file) is used here, so read commands can open a journal without
SQLAlchemy. SQLite errors are told apart by name (`sqlite_errorname`).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any, NamedTuple

from sparklog.core.text import fold
from sparklog.errors import JournalBusy, StoreError
from sparklog.store import crypto, files
from sparklog.store.migrations import APPLICATION_ID, LATEST


def upgrade_hint() -> str:
    return "upgrade sparklog (uv tool upgrade sparklog, or pip install -U sparklog)"


def error_family(exc: BaseException) -> str:
    """SQLite's name for a failure without its detail: SQLITE_BUSY for SQLITE_BUSY_SNAPSHOT.

    SQLAlchemy wraps the driver's error (`orig`); sqlite3 and sqlcipher3 both
    carry `sqlite_errorname`. An error raised by the driver itself has none ("").
    """
    orig = getattr(exc, "orig", None) or exc
    name = str(getattr(orig, "sqlite_errorname", "") or "")
    return "_".join(name.split("_")[:2])


def translate(exc: BaseException, path: Path) -> StoreError:
    family = error_family(exc)
    if family in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return JournalBusy(
            f"the journal {path} is busy: another sparklog is writing to it;"
            " nothing was saved, try again in a moment"
        )
    if family in ("SQLITE_CANTOPEN", "SQLITE_READONLY") and not os.access(path.parent, os.W_OK):
        # SQLite writes its lock and log files beside the journal, even to read it.
        return StoreError(
            f"the folder {path.parent} is read-only, and sparklog needs to write its lock"
            " files beside the journal; make the folder writable (nothing was saved)"
        )
    if family == "SQLITE_READONLY":
        return StoreError(f"the journal {path} is read-only; nothing was saved")
    if family == "SQLITE_FULL":
        return StoreError(f"the disk holding {path} is full; nothing was saved")
    if family in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
        return StoreError(f"{path} is not a readable sparklog journal; it was left untouched")
    if family == "SQLITE_CANTOPEN":
        return StoreError(f"cannot open the journal {path}; check the folder exists and is yours")
    if family == "SQLITE_IOERR":
        # A write refused by the system: most often a full disk or a file-size quota.
        return StoreError(f"the disk refused a write to {path} (is it full?); nothing was saved")
    message = str(getattr(exc, "orig", exc) or exc)
    return StoreError(f"the journal {path} could not be used: {message}")


def check_file(path: Path) -> bool:
    """Refuse paths that cannot be a journal, create a missing one; True when new."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give --db the path of a journal file")
    files.check_regular(path)
    if not path.exists():
        try:
            files.make_private_dir(path.parent)
            files.create_private_file(path)
        except FileExistsError:
            return False
        except OSError as exc:
            raise StoreError(f"cannot create the journal {path}: {exc.strerror}") from None
        return True
    if not os.access(path, os.R_OK):
        raise StoreError(f"the journal {path} is not readable by you; check its permissions")
    try:
        header = files.read_header(path)
    except OSError as exc:
        raise StoreError(f"cannot read the journal {path}: {exc.strerror}") from None
    if header and header != files.SQLITE_HEADER and not crypto.looks_encrypted(path):
        raise StoreError(f"{path} is not a sparklog journal; it was left untouched")
    return not header


def identify(path: Path) -> tuple[int, int, int]:
    """application_id, user_version and table count, read without writing a byte.

    While other processes create the journal, switch it to WAL or close it
    (removing its `-wal` and `-shm`), a read-only connection, which cannot make
    those files itself, may briefly be told CANTOPEN. That passes, so while the
    folder can hold those files it is tried again within the busy timeout before
    it is reported (a read-only folder is reported at once: it will not pass).
    """
    timeout = files.busy_timeout_ms() / 1000
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout)
            try:
                return crypto.identify(conn)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            passing = error_family(exc) == "SQLITE_CANTOPEN" and os.access(path.parent, os.W_OK)
            if not passing or time.monotonic() > deadline:
                raise translate(exc, path) from None
        time.sleep(0.01)


def add_functions(conn: Any) -> None:
    """The SQL functions the schema's triggers call, on one DB-API connection.

    `sparklog_fold` keeps the search index folded exactly as queries are
    (`sparklog.core.text.fold`); a connection that writes entries needs it.
    """

    def sql_fold(value: str | None) -> str | None:
        return None if value is None else fold(value)

    conn.create_function("sparklog_fold", 1, sql_fold, deterministic=True)


class Checked(NamedTuple):
    """What the checks learnt about an existing journal file."""

    version: int
    key: str | None
    """The passphrase of an encrypted journal (None when plain)."""


def check_journal(path: Path, ask: crypto.Ask | None) -> Checked:
    """Refuse a file that is not sparklog's or was written by a newer sparklog.

    The file exists and is not empty (`check_file` said so); an encrypted one is
    unlocked with the passphrase from SPARKLOG_PASSPHRASE, the keyring, or `ask`.
    Nothing is written.
    """
    key: str | None = None
    identity: tuple[int, int, int] | None = None
    if crypto.looks_encrypted(path):
        key, identity = crypto.unlock_identified(path, ask)
    app_id, version, tables = identity or identify(path)
    if app_id != APPLICATION_ID and (tables or version):
        raise StoreError(f"{path} is a database, but not a sparklog journal; it was left untouched")
    if version > LATEST:
        raise StoreError(
            f"{path} was written by a newer sparklog (schema {version}, this one knows"
            f" {LATEST}); {upgrade_hint()}"
        )
    return Checked(version=version, key=key)
