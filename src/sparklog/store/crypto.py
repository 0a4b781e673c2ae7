"""Encryption at rest through SQLCipher: recognise, unlock, lock, unlock, rekey.

The cryptography is SQLCipher's (AES-256 pages with an HMAC, PBKDF2 key
derivation), reached through the `sqlcipher3` driver of the optional `encrypt`
extra. Nothing here loads SQLAlchemy, and the driver is imported only once a
journal turns out to be encrypted, so plain journals and `nudge` never pay for it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from sparklog.errors import JournalBusy, StoreError, UsageError
from sparklog.paths import backups_dir
from sparklog.store import files
from sparklog.store.files import looks_encrypted as looks_encrypted

PASSPHRASE_ENV = "SPARKLOG_PASSPHRASE"
KEYRING_SERVICE = "sparklog"
INSTALL_HINT = "pip install 'sparklog[encrypt]' (or uv tool install 'sparklog[encrypt]')"
PARTIAL_MARK = ".sealing-"
"""Temporary copies are named `.<journal>.sealing-<pid>`; see `sweep_partials`."""

Ask = Callable[[str], str]
"""Asks the person for a passphrase without echoing it."""


class WrongPassphrase(StoreError):
    """The passphrase does not open the file (or the file is not a journal at all)."""


# --- recognising an encrypted file -------------------------------------------------


def is_encrypted(path: Path) -> bool:
    """Whether `path` is a file that could be an encrypted journal (folders are not)."""
    return path.is_file() and looks_encrypted(path)


def available() -> bool:
    """Whether the `encrypt` extra is installed."""
    return importlib.util.find_spec("sqlcipher3") is not None


def driver(path: Path) -> ModuleType:
    """The SQLCipher DB-API module, or one line saying how to install it."""
    try:
        import sqlcipher3  # type: ignore[import-untyped]
    except ImportError:
        raise StoreError(
            f"{path} is encrypted; to open it, install the encryption extra: {INSTALL_HINT}"
        ) from None
    _quiet(sqlcipher3)
    module: ModuleType = sqlcipher3
    return module


_QUIETED = False


def _quiet(module: ModuleType) -> None:
    """SQLCipher logs failed decryptions on stderr; sparklog says one line itself."""
    global _QUIETED
    if not _QUIETED:
        conn = module.connect(":memory:")
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
        finally:
            conn.close()
        _QUIETED = True


def _literal(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def check_passphrase(passphrase: str) -> str:
    """An empty key would mean "no encryption" to SQLCipher; refuse it."""
    if not passphrase:
        raise UsageError("the passphrase is empty; nothing was changed")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in passphrase):
        raise UsageError("the passphrase holds control characters; nothing was changed")
    return passphrase


def connect(path: Path, passphrase: str, *, readonly: bool = False) -> Any:
    """A keyed sqlcipher3 connection, proven to decrypt before it is returned.

    Raises WrongPassphrase (one line, the file untouched) when it does not.
    """
    module = driver(path)
    target = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    conn = module.connect(target, uri=True, timeout=_timeout_s(), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = {_literal(passphrase)}")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError as exc:
        conn.close()
        if _busy(exc):
            raise JournalBusy(
                f"the journal {path} is busy: another sparklog is using it; try again"
            ) from None
        raise WrongPassphrase(
            f"the passphrase does not open {path} (or it is not a sparklog journal);"
            " it was left untouched"
        ) from None
    return conn


def _timeout_s() -> float:
    return files.busy_timeout_ms() / 1000


def _busy(exc: BaseException) -> bool:
    """SQLCipher's errors carry SQLite's name, as the standard library's do."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def identify(conn: Any) -> tuple[int, int, int]:
    """application_id, user_version and table count of an open connection (keyed or plain)."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return int(app_id), int(version), int(tables)


# --- where the passphrase comes from -----------------------------------------------


def _keyring_name(path: Path) -> str:
    return str(path.expanduser().resolve())


def remembered_marker(path: Path) -> Path:
    """Beside the journal when `--remember` was used; without it the keyring is never asked.

    Looking a backend up costs time (and on some systems a desktop prompt), so
    only journals whose owner opted in pay for it. It sits beside the file itself,
    so a journal reached through a link finds it too.
    """
    target = journal_file(path)
    return target.with_name(target.name + ".keyring")


def _keyring() -> Any | None:
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def from_keyring(path: Path) -> str | None:
    """The passphrase kept by `--remember`, if any; a broken keyring counts as none."""
    if not remembered_marker(path).exists():
        return None
    module = _keyring()
    if module is None:
        return None
    try:
        value = module.get_password(KEYRING_SERVICE, _keyring_name(path))
    except Exception:  # any backend failure means "not remembered"
        return None
    return value if isinstance(value, str) and value else None


def check_keyring() -> None:
    """Fail before anything changes when `--remember` has no keyring to go to."""
    module = _keyring()
    if module is None:
        raise StoreError(f"--remember needs the keyring package: {INSTALL_HINT}")
    try:
        usable = module.get_keyring().priority > 0
    except Exception:
        usable = False
    if not usable:
        raise StoreError(
            "--remember needs a system keyring, and none is available here;"
            " nothing was changed (leave out --remember to be asked instead)"
        )


def remember(path: Path, passphrase: str) -> None:
    module = _keyring()
    if module is None:
        raise StoreError(f"--remember needs the keyring package: {INSTALL_HINT}")
    try:
        module.set_password(KEYRING_SERVICE, _keyring_name(path), passphrase)
    except Exception as exc:
        raise StoreError(f"the system keyring refused the passphrase ({exc})") from None
    files.write_private_text(
        remembered_marker(path),
        "The passphrase is kept in the system keyring (service sparklog).\n",
    )


def forget(path: Path) -> bool:
    """Drop a remembered passphrase; True when one was there."""
    marker = remembered_marker(path)
    if not marker.exists():
        return False
    marker.unlink()
    module = _keyring()
    if module is None:
        return False
    try:
        module.delete_password(KEYRING_SERVICE, _keyring_name(path))
    except Exception:
        return False
    return True


def unlock(path: Path, ask: Ask | None) -> str:
    """The passphrase that opens `path`: SPARKLOG_PASSPHRASE, the keyring, then `ask`.

    The first source that has one decides; a wrong one is an error naming that
    source, never a silent fall-through to the next.
    """
    return unlock_identified(path, ask)[0]


def unlock_identified(path: Path, ask: Ask | None) -> tuple[str, tuple[int, int, int]]:
    """`unlock`, plus `identify` read on the same connection (one key derivation less)."""
    driver(path)
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        source, passphrase = PASSPHRASE_ENV, env
    elif (kept := from_keyring(path)) is not None:
        source, passphrase = "the keyring", kept
    elif ask is not None:
        source, passphrase = "", ask(f"Passphrase for {path}")
    else:
        raise StoreError(f"{path} is encrypted; set {PASSPHRASE_ENV} or run sparklog in a terminal")
    try:
        conn = connect(path, passphrase, readonly=True)
    except WrongPassphrase as exc:
        if source:
            raise WrongPassphrase(
                f"the passphrase from {source} does not open {path}"
                " (or it is not a sparklog journal); it was left untouched"
            ) from None
        raise exc from None
    try:
        return passphrase, identify(conn)
    finally:
        conn.close()


# --- copies, conversions, rekeying ---------------------------------------------------


def _counts(conn: Any, schema: str = "main") -> dict[str, int]:
    """Rows per table, including the search index's own tables."""
    names = [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND rootpage > 0"
        )
    ]
    counts = {
        name: int(
            conn.execute(
                f'SELECT count(*) FROM {schema}."{name.replace(chr(34), chr(34) * 2)}"'
            ).fetchone()[0]
        )
        for name in names
    }
    for pragma in ("application_id", "user_version"):
        counts[f"PRAGMA {pragma}"] = int(conn.execute(f"PRAGMA {schema}.{pragma}").fetchone()[0])
    return counts


def partial_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{PARTIAL_MARK}{os.getpid()}")


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _remove(path: Path) -> None:
    for item in (path, *_companions(path)):
        with contextlib.suppress(FileNotFoundError):
            item.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_partials(path: Path) -> None:
    """Remove copies left by a `lock`/`unlock`/`backup` that was killed mid-way.

    Only files whose writer process is gone are touched; the journal itself is
    never one of them, since it is swapped in by a single rename.
    """
    prefix = f".{path.name}{PARTIAL_MARK}"
    with contextlib.suppress(OSError):
        for item in path.parent.iterdir():
            name = item.name
            if not name.startswith(prefix):
                continue
            pid_text = name[len(prefix) :].split("-", 1)[0]
            if pid_text.isdigit() and int(pid_text) != os.getpid() and not _alive(int(pid_text)):
                item.unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _open_source(path: Path, passphrase: str | None) -> Any:
    if passphrase is None:
        module = driver(path)
        conn = module.connect(str(path), timeout=_timeout_s(), isolation_level=None)
        conn.execute("PRAGMA temp_store = MEMORY")
        return conn
    return connect(path, passphrase)


@contextlib.contextmanager
def _held(path: Path, passphrase: str | None) -> Iterator[Any]:
    """The journal out of WAL mode and under a read lock, so no writer can commit.

    Leaving WAL first folds the -wal file into the journal and removes it, so no
    page of the old file can outlive the swap beside the new one.
    """
    switch = _open_source(path, passphrase)
    try:
        # Readers still open (writers wait on the swap lock) keep WAL mode; SQLite
        # refuses the switch at once rather than wait, so wait here, briefly.
        deadline = time.monotonic() + _timeout_s()
        while not _left_wal(switch):
            if time.monotonic() > deadline:
                raise JournalBusy(f"the journal {path} is in use by another sparklog; try again")
            time.sleep(0.01)
    finally:
        switch.close()
    guard = _open_source(path, passphrase)
    try:
        guard.execute("BEGIN")
        guard.execute("SELECT count(*) FROM sqlite_master").fetchone()
        yield guard
    finally:
        with contextlib.suppress(Exception):
            guard.execute("ROLLBACK")
        guard.close()


def _left_wal(conn: Any) -> bool:
    """One try at leaving WAL mode; False while another connection keeps it."""
    try:
        return str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]) == "delete"
    except Exception as exc:
        if _busy(exc):
            return False
        raise


def _back_to_wal(path: Path, passphrase: str | None) -> None:
    """After a failed conversion, the untouched journal returns to WAL mode."""
    with contextlib.suppress(Exception):
        conn = _open_source(path, passphrase)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()


def _convert(path: Path, old: str | None, new: str | None) -> dict[str, int]:
    """Write `path` re-encrypted (new=None: plain), verify it, then swap it in by rename.

    Until the rename the journal is untouched; after it the new file is complete
    and checked. An interruption in between leaves only a partial copy, which
    `sweep_partials` removes on the next run.
    """
    sweep_partials(path)
    tmp = partial_path(path)
    _remove(tmp)
    swapped = False
    try:
        with _held(path, old) as guard:
            expected = _counts(guard)
            files.create_private_file(tmp)
            source = _open_source(path, old)
            try:
                source.execute(
                    "ATTACH DATABASE ? AS converted KEY ?", (str(tmp), new if new else "")
                )
                source.execute("SELECT sqlcipher_export('converted')")
                for pragma in ("application_id", "user_version"):
                    value = int(source.execute(f"PRAGMA main.{pragma}").fetchone()[0])
                    source.execute(f"PRAGMA converted.{pragma} = {value}")
                source.execute("DETACH DATABASE converted")
            finally:
                source.close()
            check = connect(tmp, new) if new else _open_source(tmp, None)
            try:
                check.execute("PRAGMA journal_mode = WAL")
                ok = check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                got = _counts(check)
            finally:
                check.close()
            if not ok or got != expected:
                raise StoreError(f"the new copy of {path} did not match it; nothing was changed")
            if any(item.exists() for item in _companions(tmp)):
                raise StoreError(f"the new copy of {path} was still in use; nothing was changed")
            _fsync(tmp)
            tmp.chmod(0o600)
            wal = path.with_name(path.name + "-wal")
            if wal.exists() and wal.stat().st_size:
                raise JournalBusy(f"the journal {path} is in use by another sparklog; try again")
            tmp.replace(path)
            swapped = True
            _fsync(path.parent)
        # The old file's shared-memory index (no content, only page numbers) is stale now.
        for stale in _companions(path):
            with contextlib.suppress(FileNotFoundError):
                if stale.stat().st_size == 0 or stale.name.endswith("-shm"):
                    stale.unlink()
    except BaseException:
        _remove(tmp)
        if not swapped:
            _back_to_wal(path, old)
        raise
    return expected


def plain_backups(db: Path, application_id: int) -> list[Path]:
    """sparklog's own plain copies of this journal in its backups folder.

    Recognised by name (this journal's backups, not another journal's sharing
    the folder) and by content (SQLite header and sparklog's application id), so
    automatic pre-upgrade copies and `sparklog backup` copies are found alike.
    """
    folder = backups_dir(db)
    found: list[Path] = []
    with contextlib.suppress(OSError):
        for item in sorted(folder.iterdir()):
            if not item.is_file():
                continue
            if not files.is_own_backup(db, item) and not files.is_legacy_backup(db, item):
                continue
            with contextlib.suppress(OSError), item.open("rb") as handle:
                head = handle.read(100)
                if (
                    head.startswith(files.SQLITE_HEADER)
                    and int.from_bytes(head[68:72], "big") == application_id
                ):
                    found.append(item)
    return found


def encrypted_backups(db: Path) -> list[Path]:
    """This journal's encrypted copies in its backups folder (they keep their passphrase)."""
    with contextlib.suppress(OSError):
        return [
            item
            for item in sorted(backups_dir(db).iterdir())
            if (files.is_own_backup(db, item) or files.is_legacy_backup(db, item))
            and is_encrypted(item)
        ]
    return []


@contextlib.contextmanager
def _translated(path: Path) -> Iterator[None]:
    """Driver errors as one sparklog line; the journal was not swapped when they occur."""
    module = driver(path)
    try:
        yield
    except module.Error as exc:
        message = str(exc)
        if _busy(exc):
            raise JournalBusy(
                f"the journal {path} is in use by another sparklog; nothing was changed,"
                " try again when it is done"
            ) from None
        raise StoreError(f"could not convert {path} ({message}); nothing was changed") from None


def journal_file(path: Path) -> Path:
    """The file itself behind any links: a swap replaces it, never the link.

    Replacing a link would leave the file it pointed at (plain, for `lock`)
    beside a new journal, splitting it in two.
    """
    return path.resolve()


def lock(path: Path, passphrase: str) -> dict[str, int]:
    """Encrypt a plain journal in place (by verified copy and rename)."""
    check_passphrase(passphrase)
    target = journal_file(path)
    with files.SwapGuard(target, exclusive=True), _translated(target):
        counts = _convert(target, None, passphrase)
        # The plain stamp beside it keeps the last day, never the dates' names.
        files.write_stamp(target, files.read_stamp(target))
        return counts


def remove_backups(backups: list[Path]) -> None:
    for item in backups:
        with contextlib.suppress(FileNotFoundError):
            item.unlink()


def unlock_file(path: Path, passphrase: str) -> dict[str, int]:
    """Decrypt an encrypted journal in place (by verified copy and rename)."""
    target = journal_file(path)
    with files.SwapGuard(target, exclusive=True), _translated(target):
        return _convert(target, passphrase, None)


def rekey(path: Path, old: str, new: str) -> None:
    """Change the passphrase; SQLCipher rewrites every page in one transaction.

    Writers are held off meanwhile: one that opened with the old key and
    committed after the rekey would write pages nothing can read.
    """
    check_passphrase(new)
    with files.SwapGuard(journal_file(path), exclusive=True):
        conn = connect(path, old)
        try:
            with _translated(path):
                conn.execute(f"PRAGMA rekey = {_literal(new)}")
        finally:
            conn.close()
        connect(path, new, readonly=True).close()


def copy_encrypted(source: Path, dest: Path, passphrase: str) -> None:
    """Copy an encrypted journal into `dest` (an empty file), keyed the same."""
    module = driver(source)
    src = connect(source, passphrase, readonly=True)
    try:
        dst = module.connect(str(dest), isolation_level=None)
        try:
            dst.execute(f"PRAGMA key = {_literal(passphrase)}")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    except module.Error as exc:
        raise StoreError(f"could not copy the encrypted journal {source}: {exc}") from None
    finally:
        src.close()
