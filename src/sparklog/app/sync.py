"""The sync use cases: join a folder, exchange changes through it, say how it stands, leave.

The journal's own side (which changes are unsent, which files were read, how a
change is applied) is the change log's (`sparklog.app.sync_log`); the folder's
side (files, encryption) is `sparklog.sync`. Here they meet, in the order that
makes a kill at any moment harmless:

- a batch is written to the folder first and only then marked sent, so a kill
  in between leaves a file the journal does not know it wrote; the next sync
  finds it in this device's own folder, reads which changes it holds and marks
  them sent, instead of writing them a second time;
- a file that came in is recorded as read in the same transaction that applies
  it, so it is applied once or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from sparklog.app import sync_log as log
from sparklog.app.journal_ref import JournalRef
from sparklog.app.sync_check import Syncing, syncing
from sparklog.app.sync_views import Exchanged, sent_files
from sparklog.errors import SyncError, SyncFileUnreadable, UsageError
from sparklog.paths import sync_key_path, sync_lock_path
from sparklog.store.files import sync_lock
from sparklog.sync import crypto, folder
from sparklog.sync.changes import Change, decode_batch
from sparklog.sync.folder import Incoming
from sparklog.sync.hlc import new_device_id

PassphraseAsk = Callable[[bool], str]
"""Asks for the sync passphrase: True for a new one (typed twice), False to open one."""

NAME_LIMIT = 60


class Joined(NamedTuple):
    """What `sync init` did: made the folder's key (first) or joined it, and sent the history."""

    folder: Path
    device: str
    name: str
    first: bool
    sent: int


def key_path(journal: JournalRef) -> Path:
    return sync_key_path(journal.path)


def default_name() -> str:
    return (os.uname().nodename.split(".")[0] or "this device")[:NAME_LIMIT]


def _clean_name(name: str | None) -> str:
    if name is None:
        return default_name()
    clean = " ".join(name.split())
    if not clean:
        raise UsageError("the device name is empty; give a name like --device laptop")
    if len(clean) > NAME_LIMIT:
        raise UsageError(f"the device name is longer than {NAME_LIMIT} characters")
    return clean


def init(
    journal: JournalRef,
    root: Path,
    *,
    name: str | None,
    passphrase: PassphraseAsk,
    now: datetime,
) -> Joined:
    """`sync init`: the first device makes the sync key, a later one opens it; then send all.

    Nothing in the journal changes until the key is in hand, so a wrong
    passphrase or an unusable folder leaves everything as it was.
    """
    current = syncing(journal)
    if current is not None:
        raise SyncError(
            f"this journal already syncs through {current.folder} as {current.name!r};"
            " `sparklog sync leave` stops that first"
        )
    device_name = _clean_name(name)
    root = root.expanduser().absolute()
    folder.check_folder(root, write=True)
    wrapped = folder.read_key_file(root)
    if wrapped is None:
        identity = crypto.generate_identity()
        folder.write_key_file(root, crypto.wrap_identity(identity, passphrase(True)))
    else:
        identity = crypto.unwrap_identity(wrapped, passphrase(False))
    folder.save_identity(key_path(journal), identity)
    device = new_device_id()
    log.start_device(journal, device, device_name, str(root))
    sent = _send(journal, root, device, identity)
    return Joined(root, device, device_name, first=wrapped is None, sent=sent)


def exchange(journal: JournalRef, *, now: datetime) -> Exchanged:
    """`sync`: send this device's new changes, then read and apply the others' new files."""
    current = _device(journal)
    root = current.folder
    folder.check_folder(root, write=True)
    identity = folder.load_identity(key_path(journal))
    result = Exchanged(sent=_send(journal, root, current.device, identity))
    _receive(journal, root, current.device, identity, now, result)
    return result


def receive_only(journal: JournalRef, *, now: datetime) -> Exchanged:
    """Read the others' new files without sending (a daily view reading before it shows)."""
    current = _device(journal)
    identity = folder.load_identity(key_path(journal))
    result = Exchanged()
    _receive(journal, current.folder, current.device, identity, now, result)
    return result


def send_only(journal: JournalRef) -> int:
    """Send this device's unsent changes (a write command with `[sync] auto`)."""
    current = _device(journal)
    return _send(journal, current.folder, current.device, folder.load_identity(key_path(journal)))


def syncs(journal: JournalRef) -> bool:
    return syncing(journal) is not None


def leave(journal: JournalRef) -> Path:
    """`sync leave`: this journal stops syncing; the folder and the other devices are untouched."""
    current = _device(journal)
    log.forget_device(journal)
    key_path(journal).unlink(missing_ok=True)
    sync_lock_path(journal.path).unlink(missing_ok=True)
    return current.folder


def _device(journal: JournalRef) -> Syncing:
    current = syncing(journal)
    if current is None:
        raise SyncError("this journal does not sync yet; `sparklog sync init FOLDER` sets it up")
    return current


def _send(journal: JournalRef, root: Path, device: str, identity: str) -> int:
    """Publish every unsent change, batch by batch, marking each batch sent once it is on disk.

    Under the sync lock, so two processes never send the same changes twice,
    and whatever an earlier, killed send left is tidied first.
    """
    with sync_lock(journal.path):
        folder.remove_temporaries(root, device)
        _adopt_orphans(journal, root, device, identity)
        return _publish(journal, root, device, identity)


def _publish(journal: JournalRef, root: Path, device: str, identity: str) -> int:
    changes = log.unsent(journal)
    recipients = [crypto.public_key(identity)]
    for start in range(0, len(changes), folder.BATCH_SIZE):
        batch = changes[start : start + folder.BATCH_SIZE]
        (name,) = folder.publish(root, device, batch, recipients, batch_size=len(batch))
        log.mark_sent(journal, [change.id for change in batch], name)
    return len(changes)


def _adopt_orphans(journal: JournalRef, root: Path, device: str, identity: str) -> None:
    """Mark as sent the changes of own files a killed sync wrote but never recorded."""
    names = folder.own_files(root, device)
    if not names:
        return
    known = sent_files(journal)
    for name in names:
        if name in known:
            continue
        try:
            changes = _read_own(root, name, identity)
        except (SyncFileUnreadable, OSError):
            continue  # not ours to repair; it stays as it is and is never read by us
        log.mark_sent(journal, [change.id for change in changes], name)


def _read_own(root: Path, name: str, identity: str) -> Sequence[Change]:
    return decode_batch(crypto.open_sealed(folder.read_file(root, name), [identity]))


def _receive(
    journal: JournalRef,
    root: Path,
    device: str,
    identity: str,
    now: datetime,
    result: Exchanged,
) -> None:
    collected = folder.collect(root, device, log.seen_files(journal), [identity])
    result.skipped.extend(collected.skipped)
    devices: set[str] = set()
    for item in collected.incoming:
        applied = _apply(journal, item, now)
        if applied:
            result.received += applied
            devices.add(item.device)
    result.devices = len(devices)


def _apply(journal: JournalRef, item: Incoming, now: datetime) -> int:
    """Apply one file in its own transaction, which also records it as read."""
    report = log.apply_incoming(journal, item.name, item.device, item.changes, now=now)
    return report.applied + report.unknown
