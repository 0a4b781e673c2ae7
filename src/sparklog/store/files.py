"""File-level care for the journal: private permissions, backups, the nudge stamp.

Only the standard library is used here, so `nudge` and `backup` can share it
without loading SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import sqlite3
import stat
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sparklog.errors import ConfigError, JournalBusy, StoreError, SyncError
from sparklog.paths import backups_dir, stamp_path, sync_lock_path

SQLITE_HEADER = b"SQLite format 3\x00"
KEEP_AUTOMATIC_BACKUPS = 5
AUTOMATIC_PREFIX = "pre-upgrade-"
BACKUP_SEPARATOR = "--"
"""Between the journal's full file name and the stamp in a backup's name.

It appears nowhere else in the part after the name, so the name is read back
exactly: `us.db` and `us.sqlite` (or `us.db-x`) never claim each other's copies.
"""

BUSY_TIMEOUT_ENV = "SPARKLOG_BUSY_TIMEOUT_MS"
DEFAULT_BUSY_TIMEOUT_MS = 5000
"""How long a command waits for another sparklog process to finish writing."""

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
"""SQLite's own files beside a journal: its log, shared index and rollback journal."""


def busy_timeout_ms() -> int:
    """The busy timeout: SPARKLOG_BUSY_TIMEOUT_MS (for tests and operators), else 5 s."""
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_BUSY_TIMEOUT_MS
    if not raw.isdigit() or not 0 < int(raw) <= 3_600_000:
        raise ConfigError(
            f"{BUSY_TIMEOUT_ENV}={raw!r} is not a number of milliseconds; use 1 to 3600000"
        )
    return int(raw)


@contextlib.contextmanager
def sync_lock(db: Path) -> Iterator[None]:
    """The journal's sync lock: one exchange at a time, with the devices or the partner.

    Held while a batch is written and marked sent, and while the partner's files
    are read and applied, so two processes (`sync` beside an auto send, two
    `partner sync`) never write the same changes twice or apply a file twice.
    A second one waits up to the busy timeout, then gives up in one line.
    """
    path = sync_lock_path(db)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise SyncError(f"cannot use the sync lock {path}: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + busy_timeout_ms() / 1000
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise JournalBusy(
                        "another sparklog is syncing this journal; nothing was sent,"
                        " try again when it is done"
                    ) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)


def check_regular(path: Path) -> None:
    """Refuse a FIFO, a device or a socket before anything opens it (it could block)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot use the journal {path}: {exc.strerror}") from None
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise StoreError(
            f"{path} is not a regular file (a device, pipe or socket);"
            " give --db the path of a journal file"
        )


def is_journal_file(db: Path, candidate: Path) -> bool:
    """Whether writing `candidate` would write the journal or one of SQLite's files beside it.

    Links and `..` are resolved on both sides, and an existing file is also compared
    by identity, so a hard link or a second mount point is caught too.
    """
    target = candidate.expanduser().resolve()
    journal = db.expanduser().resolve()
    protected = [journal, *(journal.with_name(journal.name + s) for s in SIDE_SUFFIXES)]
    if target in protected:
        return True
    with contextlib.suppress(OSError):
        for item in protected:
            if item.exists() and target.exists() and item.samefile(target):
                return True
    return False


def lock_path(db: Path) -> Path:
    """The file whose lock `lock`, `unlock` and `passphrase` hold against writers."""
    return db.with_name(db.name + ".lock")


class SwapGuard:
    """The journal's swap lock: shared by writers, exclusive for a file swap.

    SQLite's own locks live on the file, and `lock`, `unlock` and `passphrase`
    replace the file: a writer still waiting on the old one would commit into a
    file nobody reads again. So a writer holds this lock (shared) from opening
    the journal to its commit, and a swap holds it exclusively from its copy to
    its rename. Either side waits up to the busy timeout, then gives up as busy.
    """

    def __init__(self, db: Path, *, exclusive: bool) -> None:
        target = lock_path(db)
        try:
            fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError as exc:
            if not os.access(db.parent, os.W_OK):
                raise StoreError(
                    f"the folder {db.parent} is read-only, and sparklog needs to write its lock"
                    " files beside the journal; make the folder writable (nothing was saved)"
                ) from None
            raise StoreError(f"cannot use the lock file {target}: {exc.strerror}") from None
        self._fd: int | None = fd
        try:
            _take(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH, db, exclusive=exclusive)
            if exclusive:
                # A rekey keeps the file; the count tells writers it changed all the same.
                following = str(_generation(os.pread(fd, 32, 0)) + 1).encode()
                os.ftruncate(fd, 0)
                os.pwrite(fd, following, 0)
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        """Closing the descriptor releases the lock; a second call does nothing."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    def __enter__(self) -> SwapGuard:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        self.release()


def swap_in_progress(db: Path) -> bool:
    """Whether `lock`, `unlock` or `passphrase` holds the journal right now."""
    try:
        fd = os.open(lock_path(db), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def swap_count(db: Path) -> int:
    """How many swaps and rekeys the journal has seen (its lock file's content)."""
    try:
        return _generation(_read_regular(lock_path(db), 32))
    except OSError:
        return 0


def _generation(data: bytes) -> int:
    text = data.decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else 0


def _take(fd: int, kind: int, db: Path, *, exclusive: bool) -> None:
    deadline = time.monotonic() + busy_timeout_ms() / 1000
    while True:
        try:
            fcntl.flock(fd, kind | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                if exclusive:
                    raise JournalBusy(
                        f"the journal {db} is in use by another sparklog; nothing was changed,"
                        " try again when it is done"
                    ) from None
                raise JournalBusy(
                    f"the journal {db} is busy: it is being locked, unlocked or rekeyed;"
                    " nothing was saved, try again in a moment"
                ) from None
        time.sleep(0.01)


def make_private_dir(folder: Path) -> None:
    """Create a folder (and missing parents) readable by its owner only."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for item in reversed(missing):
        item.mkdir(mode=0o700)
        item.chmod(0o700)


def create_private_file(path: Path) -> None:
    """Create an empty file with mode 0600, failing if it already exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    path.chmod(0o600)


def write_private_text(path: Path, text: str) -> None:
    """Replace a small file atomically, keeping it 0600."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_private_chunks(dest: Path, chunks: Iterable[str], *, replace: bool = False) -> None:
    """Write text piece by piece to a 0600 file that appears only when complete.

    An interrupted write (Ctrl-C, a full disk) removes the temporary file, so
    no partial export is ever left under `dest`.
    """
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        place_file(tmp, dest, replace=replace)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def read_header(path: Path) -> bytes:
    """The first bytes of a regular file; a pipe or a device reads as empty, never blocks."""
    return _read_regular(path, len(SQLITE_HEADER))


def _read_regular(path: Path, size: int) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, size)
    finally:
        os.close(fd)


def place_file(tmp: Path, dest: Path, *, replace: bool) -> None:
    """Move a finished temporary file to its name; without `replace`, never clobber.

    A hard link is the no-clobber rename: it fails if `dest` appeared meanwhile.
    Where links are not supported, an existence check stands in.
    """
    if replace:
        tmp.replace(dest)
        return
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise
    except OSError:
        if dest.exists():
            raise FileExistsError(dest) from None
        tmp.replace(dest)
        return
    tmp.unlink()


def copy_database(
    source: Path, dest: Path, *, replace: bool = True, key: str | None = None
) -> None:
    """A consistent copy through SQLite's online backup API, written 0600.

    The copy is built under a temporary name and renamed into place, so an
    interrupted backup never leaves a half-written file behind. With
    `replace=False` an existing `dest` is left alone (FileExistsError).
    An encrypted journal gives an encrypted copy under the same passphrase
    (`key`, else SPARKLOG_PASSPHRASE or the keyring); it is never written out plain.
    """
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    try:
        # Made inside the `try`, so a Ctrl-C right after it still removes it.
        create_private_file(tmp)
        if key is not None or looks_encrypted(source):
            from sparklog.store import crypto

            crypto.copy_encrypted(
                source, tmp, key if key is not None else crypto.unlock(source, None)
            )
        else:
            _copy_plain(source, tmp)
        place_file(tmp, dest, replace=replace)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _copy_plain(source: Path, dest: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def looks_encrypted(path: Path) -> bool:
    """Whether `path` could be an encrypted journal.

    SQLCipher leaves no marker: the file starts with a random salt. What it does
    keep is whole pages, so a non-empty file of whole 512-byte blocks whose header
    is not SQLite's is treated as encrypted; anything else stays "not a journal".
    """
    try:
        size = path.stat().st_size
        header = read_header(path)
    except OSError:
        return False
    return size > 0 and size % 512 == 0 and header != SQLITE_HEADER


def automatic_backup(db: Path, from_version: int, now: datetime, *, key: str | None = None) -> Path:
    """Copy the journal before an upgrade changes it; keep the newest few."""
    folder = backups_dir(db)
    make_private_dir(folder)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    name = f"{db.name}{BACKUP_SEPARATOR}{AUTOMATIC_PREFIX}v{from_version}-{stamp}"
    dest = _copy_to_new_name(db, folder, name, key)
    prune_automatic_backups(db)
    return dest


def manual_backup(
    db: Path, now: datetime, dest: Path | None = None, *, key: str | None = None
) -> Path:
    """A backup the user asked for: never pruned, never written over.

    Without `dest` (or when it is a folder) the copy is named by the time, in
    `backups/` beside the journal (or in that folder). An encrypted journal's
    copy is encrypted with the same passphrase (`key`).
    """
    if dest is not None and not dest.is_dir():
        copy_database(db, dest, replace=False, key=key)
        return dest
    folder = dest if dest is not None else backups_dir(db)
    make_private_dir(folder)
    stem = f"{db.name}{BACKUP_SEPARATOR}{now.strftime('%Y%m%d-%H%M%S')}"
    return _copy_to_new_name(db, folder, stem, key)


def _copy_to_new_name(db: Path, folder: Path, stem: str, key: str | None) -> Path:
    """Copy to `folder/stem.db`, or `stem-2.db` and on when taken; never over a file."""
    target = folder / f"{stem}.db"
    counter = 1
    while True:
        try:
            copy_database(db, target, replace=False, key=key)
        except FileExistsError:
            counter += 1
            target = folder / f"{stem}-{counter}.db"
            continue
        return target


_STAMP = r"\d{8}-\d{6}(?:-\d+)?\.db"


def is_own_backup(db: Path, candidate: Path, *, automatic: bool = False) -> bool:
    """Whether a file is named as sparklog names this journal's backups.

    Backups of several journals can share one folder; the journal's full file
    name, then BACKUP_SEPARATOR, keeps pruning and `lock` to its own copies.
    """
    marker = f"{AUTOMATIC_PREFIX}v\\d+-"
    kind = marker if automatic else f"(?:{marker})?"
    pattern = f"{re.escape(db.name + BACKUP_SEPARATOR)}{kind}{_STAMP}"
    return re.fullmatch(pattern, candidate.name) is not None


def is_legacy_backup(db: Path, candidate: Path) -> bool:
    """A copy named the old way, `<stem>-<stamp>.db`, before the full name was used.

    That name cannot say whether `us.db` or `us.sqlite` made it, so it counts as
    this journal's only while no other file in the journal's folder shares its stem.
    """
    pattern = f"{re.escape(db.stem)}-(?:{AUTOMATIC_PREFIX}v\\d+-)?{_STAMP}"
    if re.fullmatch(pattern, candidate.name) is None:
        return False
    with contextlib.suppress(OSError):
        for item in db.parent.iterdir():
            if item.stem == db.stem and not item.name.startswith(db.name) and item.is_file():
                return False
    return True


def prune_automatic_backups(db: Path, keep: int = KEEP_AUTOMATIC_BACKUPS) -> None:
    """Only backups sparklog took by itself are pruned; the ones you took are yours."""
    found = sorted(
        (item for item in backups_dir(db).iterdir() if is_own_backup(db, item, automatic=True)),
        key=lambda p: p.stat().st_mtime,
    )
    for old in found[:-keep] if keep else found:
        with contextlib.suppress(OSError):
            old.unlink()


LAST_LOGGED_DAY_SQL = (
    "SELECT max(d) FROM (SELECT max(day) AS d FROM entry"
    " UNION ALL SELECT max(day) FROM ritual_check)"
)
"""The latest journal day with an entry or a check-off: what the stamp holds."""

_LAST_ENTRY_SQL = "SELECT max(day) FROM entry"


def query_last_day(db: Path) -> date | None:
    """The last logged day, read straight from the file without writing a byte.

    For a journal without a stamp. Raises ValueError (or OSError) when the file
    cannot answer: not a journal, damaged, or locked beyond a short wait.
    """
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
        try:
            try:
                row = conn.execute(LAST_LOGGED_DAY_SQL).fetchone()
            except sqlite3.OperationalError:
                # A journal from before rituals existed has no ritual_check table.
                row = conn.execute(_LAST_ENTRY_SQL).fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ValueError(f"{db} cannot tell its last day: {exc}") from None
    value = row[0] if row else None
    return date.fromisoformat(value) if value else None


STAMP_LIMIT = 64 * 1024
"""The most of the stamp file `nudge` reads: a day and a few dozen dates fit easily."""


@dataclass(frozen=True)
class Stamp:
    """What `nudge` needs, kept beside the journal by every write.

    The file's first line is the last journal day with anything logged (empty
    when nothing is); a second line, when there are important dates and the
    journal is not encrypted, holds them as JSON (an encrypted journal's date
    names never sit in a plain file beside it).
    """

    last_day: date | None
    dates: list[dict[str, Any]] = field(default_factory=list)


def write_stamp(db: Path, last_day: date | None, dates: Sequence[dict[str, Any]] = ()) -> None:
    """Record the last journal day with anything logged, and the dates, for `nudge`."""
    path = stamp_path(db)
    if last_day is None and not dates:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    text = (last_day.isoformat() if last_day else "") + "\n"
    if dates:
        text += json.dumps(list(dates), ensure_ascii=False, separators=(",", ":")) + "\n"
    write_private_text(path, text)


def read_stamp_file(db: Path) -> Stamp | None:
    """The stamp, or None when there is none or it cannot be read (ask the journal then)."""
    try:
        text = _read_regular(stamp_path(db), STAMP_LIMIT).decode("utf-8")
        first, _, rest = text.partition("\n")
        last = date.fromisoformat(first.strip()) if first.strip() else None
        dates = json.loads(rest) if rest.strip() else []
        if not isinstance(dates, list) or (last is None and not dates):
            return None
        return Stamp(last, [item for item in dates if isinstance(item, dict)])
    except (OSError, ValueError):
        return None


def read_stamp(db: Path) -> date | None:
    stamp = read_stamp_file(db)
    return stamp.last_day if stamp else None
