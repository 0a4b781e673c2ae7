"""The sync folder on disk: each device's immutable batch files, the wrapped key.

Layout, the same for device sync and a couple's channel:

    <folder>/sparklog-key.age          the sync identity wrapped with the passphrase
    <folder>/<device-id>/<name>.age    one batch of changes, written once, never changed

Only the device whose id names a folder writes into it, and only new files, so
the tool that moves the folder (Syncthing, Dropbox, git) never has two versions
of one file to reconcile. A file appears under its final name only once it is
complete: it is written as `~<random>.tmp` beside it, flushed to disk, then
linked into place.

Names are 128 random bits. A counter would say how many batches came before and
whether one is missing; a random name says nothing beyond what a listing of the
folder already shows (how many files, their sizes and times), and two sparklog
processes of one device can never pick the same one.

All of sync's file I/O is here; the formats and the cryptography are pure.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from sparklog.errors import SyncError, SyncFileUnreadable, SyncFolderError
from sparklog.store.files import make_private_dir
from sparklog.sync import crypto
from sparklog.sync.changes import Change, decode_batch, encode_batch
from sparklog.sync.hlc import is_device_id
from sparklog.sync.layout import (
    BATCH_NAME as BATCH_NAME,
    BATCH_SUFFIX as BATCH_SUFFIX,
    KEY_FILE as KEY_FILE,
    Skipped as Skipped,
)

BATCH_SIZE = 2000
"""Changes per file when publishing: a ten-year journal joins in a few dozen files."""
MAX_FILE_BYTES = 64 * 1024 * 1024
"""A larger file is not one sparklog wrote; it is skipped rather than read into memory."""

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_CONFLICT = re.compile(r"\(.*conflicted copy.*\)|\.sync-conflict-", re.IGNORECASE)


class Scan(NamedTuple):
    """Other devices' files not seen before (relative names, sorted), and what was skipped."""

    new: list[str]
    skipped: list[Skipped]


class Incoming(NamedTuple):
    """One file read and opened: its name (to add to the seen set) and its changes."""

    name: str
    device: str
    changes: list[Change]


@dataclass
class Collected:
    incoming: list[Incoming] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


# --- the folder itself -------------------------------------------------------------


def check_folder(root: Path, *, write: bool) -> None:
    """One clear error when the folder cannot be used: missing, not a folder, read-only."""
    try:
        info = root.stat()
    except FileNotFoundError:
        raise SyncFolderError(_missing(root)) from None
    except OSError as exc:
        raise _folder_error(exc, root) from None
    if not stat.S_ISDIR(info.st_mode):
        raise SyncFolderError(f"the sync folder {root} is not a folder; give the folder itself")
    if write and not os.access(root, os.W_OK):
        raise SyncFolderError(_read_only(root))


def write_file(root: Path, device: str, data: bytes) -> str:
    """Add one new file to this device's folder; returns its name relative to `root`.

    Nothing appears under the final name until every byte is on disk; on any
    failure the temporary file is removed and the folder is as it was.
    """
    if not is_device_id(device):
        raise ValueError(f"{device!r} is not a device id")
    check_folder(root, write=True)
    own = root / device
    token = os.urandom(16).hex()
    final = own / f"{token}{BATCH_SUFFIX}"
    tmp = own / f"~{token}.tmp"
    try:
        own.mkdir(mode=0o700, exist_ok=True)
        _write_durably(tmp, data)
        _place(tmp, final)
        _sync_dir(own)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _folder_error(exc, root) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return f"{device}/{final.name}"


def list_new(root: Path, own: str, seen: Set[str]) -> Scan:
    """Other devices' batch files whose names are not in `seen`, and every file skipped.

    Temporaries (Syncthing's `.syncthing.*.tmp`, `~…`), conflict copies
    (`… (conflicted copy) …`, `.sync-conflict-…`) and anything else that is not
    a batch are skipped with their reason; they never stop the others being read.
    """
    check_folder(root, write=False)
    new: list[str] = []
    skipped: list[Skipped] = []
    for device_dir in sorted(_entries(root)):
        if device_dir.name == own or not is_device_id(device_dir.name):
            continue  # our own files, the key file, .stfolder, .git, a README
        if not device_dir.is_dir() or device_dir.is_symlink():
            continue
        for item in sorted(_entries(device_dir)):
            name = f"{device_dir.name}/{item.name}"
            if BATCH_NAME.fullmatch(item.name):
                if name in seen:
                    continue
                reason = _not_regular(item)
                if reason is None:
                    new.append(name)
                else:
                    skipped.append(Skipped(name, reason))
            else:
                skipped.append(Skipped(name, _why_not_batch(item.name)))
    return Scan(new, skipped)


def own_files(root: Path, device: str) -> list[str]:
    """This device's own batch files in the folder (relative names, sorted)."""
    try:
        items = sorted((root / device).iterdir())
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise _folder_error(exc, root) from None
    return [f"{device}/{item.name}" for item in items if BATCH_NAME.fullmatch(item.name)]


def remove_temporaries(root: Path, device: str) -> int:
    """Remove this device's unfinished files (left by a write that was killed).

    Call it only while no other process of this device can be writing: the
    sender holds the journal's sync lock for that.
    """
    removed = 0
    for item in _entries(root / device):
        if item.name.startswith("~") and item.name.endswith(".tmp"):
            with contextlib.suppress(FileNotFoundError):
                item.unlink()
                removed += 1
    return removed


def read_file(root: Path, name: str) -> bytes:
    """The bytes of one file named by `list_new`, refusing links, devices and giants."""
    path = root / name
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SyncFileUnreadable("it is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise SyncFileUnreadable(f"it is larger than {MAX_FILE_BYTES // 2**20} MiB")
        chunks: list[bytes] = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


# --- batches: encode, encrypt, write; and back -------------------------------------


def publish(
    root: Path,
    device: str,
    changes: Sequence[Change],
    recipients: Sequence[str],
    *,
    batch_size: int = BATCH_SIZE,
) -> list[str]:
    """Write this device's changes as new encrypted batch files; returns their names."""
    if any(change.device != device for change in changes):
        raise ValueError("a device publishes only its own changes")
    names: list[str] = []
    for start in range(0, len(changes), batch_size):
        sealed = crypto.seal(encode_batch(changes[start : start + batch_size]), recipients)
        names.append(write_file(root, device, sealed))
    return names


def collect(root: Path, own: str, seen: Set[str], identities: Sequence[str]) -> Collected:
    """Read, authenticate and decode every new file of the other devices.

    A file that fails (truncated, changed, not encrypted to us, malformed, holding
    another device's changes) is reported in `skipped` with its reason; the rest
    are read all the same. A failed file is not "seen", so it is tried again next
    time (a partial file may yet be completed).
    """
    scan = list_new(root, own, seen)
    result = Collected(skipped=list(scan.skipped))
    for name in scan.new:
        device = name.split("/", 1)[0]
        try:
            changes = decode_batch(crypto.open_sealed(read_file(root, name), identities))
            strangers = {change.device for change in changes} - {device}
            if strangers:
                raise SyncFileUnreadable("it holds changes of another device than its folder's")
        except SyncFileUnreadable as exc:
            result.skipped.append(Skipped(name, exc.message))
            continue
        except OSError as exc:
            result.skipped.append(Skipped(name, f"it cannot be read ({exc.strerror})"))
            continue
        result.incoming.append(Incoming(name, device, changes))
    return result


# --- keys ----------------------------------------------------------------------------


def write_key_file(root: Path, wrapped: bytes) -> None:
    """Put the wrapped sync identity in the folder, never over one already there."""
    check_folder(root, write=True)
    final = root / KEY_FILE
    tmp = root / f"~{os.urandom(16).hex()}.tmp"
    try:
        _write_durably(tmp, wrapped)
        _place(tmp, final)
        _sync_dir(root)
    except FileExistsError:
        raise SyncError(
            f"{root} already holds a sparklog sync key; join it with its passphrase instead"
        ) from None
    except OSError as exc:
        raise _folder_error(exc, root) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def read_key_file(root: Path) -> bytes | None:
    """The wrapped sync identity, or None when the folder has none yet (a first device)."""
    check_folder(root, write=False)
    try:
        return read_file(root, KEY_FILE)
    except FileNotFoundError:
        return None
    except SyncFileUnreadable as exc:
        raise SyncFileUnreadable(f"{root / KEY_FILE} cannot be used: {exc.message}") from None
    except OSError as exc:
        raise SyncError(f"cannot read {root / KEY_FILE}: {exc.strerror}") from None


def save_identity(path: Path, identity: str) -> None:
    """Keep this device's copy of an identity in a file only its owner can read (0600)."""
    crypto.public_key(identity)  # refuse to store something that is not a key
    folder = path.parent
    tmp = folder / f".{path.name}.{os.urandom(8).hex()}.tmp"
    try:
        make_private_dir(folder)
        _write_durably(tmp, f"{identity}\n".encode("ascii"))
        tmp.replace(path)
        _sync_dir(folder)
    except OSError as exc:
        raise SyncError(f"cannot save the sync key to {path}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def load_identity(path: Path) -> str:
    """This device's identity; refused when others could read the file or it is not a key."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise SyncError(
            f"there is no sync key at {path}; set up sync on this device first"
        ) from None
    except OSError as exc:
        raise SyncError(f"cannot read the sync key {path}: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SyncError(f"the sync key {path} is not a regular file")
        if info.st_mode & 0o077:
            raise SyncError(
                f"the sync key {path} can be read by other accounts; chmod 600 it and try again"
            )
        text = os.read(fd, 4096).decode("ascii", "replace").strip()
    finally:
        os.close(fd)
    try:
        crypto.public_key(text)
    except SyncError:
        raise SyncError(f"{path} does not hold a sync key") from None
    return text


# --- helpers -------------------------------------------------------------------------


def _write_durably(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _place(tmp: Path, final: Path) -> None:
    """Move a finished file to its name without ever replacing another.

    A hard link fails when the name is taken; on file systems without links
    (FAT drives, some network folders) an existence check stands in.
    """
    try:
        os.link(tmp, final)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOTSUP):
            raise
        if final.exists():
            raise FileExistsError(final) from None
        tmp.rename(final)
        return
    tmp.unlink()


def _sync_dir(folder: Path) -> None:
    """Make a rename durable; where a folder cannot be opened for that, carry on."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _entries(folder: Path) -> Iterable[Path]:
    try:
        return list(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise SyncError(f"cannot list {folder}: {exc.strerror}") from None


def _not_regular(item: Path) -> str | None:
    try:
        info = item.lstat()
    except OSError as exc:
        return f"it cannot be read ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file"
    return None


def _why_not_batch(name: str) -> str:
    if name.startswith(".syncthing.") and name.endswith(".tmp"):
        return "Syncthing is still bringing it in (a temporary file)"
    if name.startswith("~"):
        return "it is still being written (a temporary file)"
    if _CONFLICT.search(name):
        return "a conflict copy made by the sync tool; the original is read instead"
    return "not a sparklog batch file"


def _missing(root: Path) -> str:
    return (
        f"the sync folder {root} is missing; if it lives on a drive, mount it,"
        " then sync again (nothing was written)"
    )


def _read_only(root: Path) -> str:
    return (
        f"the sync folder {root} is read-only; make it writable and sync again"
        " (nothing was written)"
    )


def _folder_error(exc: OSError, root: Path) -> SyncFolderError:
    if exc.errno in _FULL:
        return SyncFolderError(
            f"the disk holding the sync folder {root} is full; free some space and sync again"
            " (nothing was written)"
        )
    if exc.errno in _READ_ONLY:
        return SyncFolderError(_read_only(root))
    if exc.errno == errno.ENOENT:
        return SyncFolderError(_missing(root))
    return SyncFolderError(
        f"cannot write to the sync folder {root}: {exc.strerror} (nothing was written)"
    )
