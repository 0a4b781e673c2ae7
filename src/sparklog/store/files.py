"""File-level care for the journal: private permissions, backups, the nudge stamp.

Only the standard library is used here, so `nudge` and `backup` can share it
without loading SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from sparklog.paths import backups_dir, stamp_path

SQLITE_HEADER = b"SQLite format 3\x00"
KEEP_AUTOMATIC_BACKUPS = 5
AUTOMATIC_PREFIX = "pre-upgrade-"


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
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER))


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
        if key is not None or _encrypted(source):
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


def _encrypted(path: Path) -> bool:
    from sparklog.store.crypto import looks_encrypted

    return looks_encrypted(path)


def automatic_backup(db: Path, from_version: int, now: datetime, *, key: str | None = None) -> Path:
    """Copy the journal before an upgrade changes it; keep the newest few."""
    folder = backups_dir(db)
    make_private_dir(folder)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    name = f"{db.stem}-{AUTOMATIC_PREFIX}v{from_version}-{stamp}"
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
    return _copy_to_new_name(db, folder, f"{db.stem}-{now.strftime('%Y%m%d-%H%M%S')}", key)


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


def is_own_backup(db: Path, candidate: Path) -> bool:
    """Whether a file is named as sparklog names this journal's backups.

    Backups of several journals can share one folder; the journal's name in
    each backup's name keeps pruning and `lock` to the journal's own copies.
    """
    pattern = rf"{re.escape(db.stem)}-(?:{AUTOMATIC_PREFIX}v\d+-)?\d{{8}}-\d{{6}}(?:-\d+)?\.db"
    return re.fullmatch(pattern, candidate.name) is not None


def prune_automatic_backups(db: Path, keep: int = KEEP_AUTOMATIC_BACKUPS) -> None:
    """Only backups sparklog took by itself are pruned; the ones you took are yours."""
    pattern = f"{glob.escape(db.stem)}-{AUTOMATIC_PREFIX}*.db"
    found = sorted(backups_dir(db).glob(pattern), key=lambda p: p.stat().st_mtime)
    for old in found[:-keep] if keep else found:
        with contextlib.suppress(OSError):
            old.unlink()


LAST_LOGGED_DAY_SQL = (
    "SELECT max(d) FROM (SELECT max(day) AS d FROM entry"
    " UNION ALL SELECT max(day) FROM ritual_check)"
)
"""The latest journal day with an entry or a check-off: what the stamp holds."""


def write_stamp(db: Path, last_day: date | None) -> None:
    """Record the last journal day with anything logged, for `nudge` to read."""
    path = stamp_path(db)
    if last_day is None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    write_private_text(path, last_day.isoformat() + "\n")


def read_stamp(db: Path) -> date | None:
    try:
        return date.fromisoformat(stamp_path(db).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
