"""The looks sync takes before any work: is there anything to send or to read?

A daily view with `[sync] auto = true` and a `sparklog sync` with nothing new
answer here, from one read transaction and a listing of the folders (the
devices' and the couple's). Nothing here opens a file, loads age, or loads the
change log's merge rules, so with nothing new they cost about what a read costs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from sparklog.app.journal_ref import JournalRef
from sparklog.store import sync_queries
from sparklog.store.queries import Conn
from sparklog.sync import layout


class Syncing(NamedTuple):
    """Where this journal syncs, and as which device."""

    folder: Path
    device: str
    name: str


def syncing_in(conn: Conn) -> Syncing | None:
    found = sync_queries.settings(conn)
    device = found.get(sync_queries.DEVICE_ID)
    folder = found.get(sync_queries.FOLDER)
    if device is None or not folder:
        return None
    return Syncing(Path(folder), device, found.get(sync_queries.DEVICE_NAME, ""))


class Partnered(NamedTuple):
    """The partner this journal exchanges with, while neither of them has left."""

    folder: Path
    partner: str
    """The partner's channel id: it names their folder inside the couple's."""
    name: str


class Looked(NamedTuple):
    """What `sparklog sync` would exchange, and whether it would find anything to do."""

    devices: Syncing | None
    partner: Partnered | None
    idle: bool


class NewFiles(NamedTuple):
    """Whether the devices' folder and the couple's folder hold files not read yet."""

    devices: bool
    partner: bool


def partnered_in(conn: Conn) -> Partnered | None:
    found = sync_queries.partner_channel(conn)
    if found is None:
        return None
    folder, partner, name = found
    return Partnered(Path(folder), partner, name)


def syncing(journal: JournalRef) -> Syncing | None:
    """Where this journal syncs (None when it does not, or is not made yet)."""
    with journal.read() as reader, reader.transaction() as conn:
        return syncing_in(conn)


def new_files(journal: JournalRef) -> NewFiles:
    """Whether other devices, or the partner, left files this journal has not read."""
    if not journal.path.exists():
        return NewFiles(devices=False, partner=False)
    with journal.read() as reader, reader.transaction() as conn:
        current = syncing_in(conn)
        seen = sync_queries.seen_names(conn) if current else set()
        partnered = partnered_in(conn)
        partner_seen = sync_queries.partner_seen_names(conn) if partnered else set()
    devices = current is not None and bool(layout.unseen(current.folder, current.device, seen))
    partner = partnered is not None and bool(
        layout.unseen_of(partnered.folder, partnered.partner, partner_seen)
    )
    return NewFiles(devices, partner)


def look(journal: JournalRef) -> Looked:
    """What `sparklog sync` would exchange, and whether it would find nothing to do.

    Idle only when every side there is has nothing: for the devices, the folder
    is there and writable, every change is sent, every own file is one the
    journal knows it wrote (none left by a killed sync), and no other device has
    a file not read yet; for the partner, nothing marked to share is unsent, the
    couple's folder is there and writable, and no file of the partner's is
    unread. Anything else, every problem included, is left to the full
    exchange to do or to explain.
    """
    if not journal.path.exists():
        return Looked(None, None, idle=False)
    with journal.read() as reader, reader.transaction() as conn:
        current = syncing_in(conn)
        partnered = partnered_in(conn)
        if current is None and partnered is None:
            return Looked(None, None, idle=False)
        unsent = current is not None and sync_queries.unsent_count(conn) > 0
        seen = sync_queries.seen_names(conn) if current else set()
        sent = sync_queries.sent_names(conn) if current else set()
        partner_unsent = partnered is not None and sync_queries.partner_unsent_count(conn) > 0
        partner_seen = sync_queries.partner_seen_names(conn) if partnered else set()
    if unsent or partner_unsent:
        return Looked(current, partnered, idle=False)
    if current is not None:
        root = current.folder
        if not _usable(root) or set(layout.own(root, current.device)) - sent:
            return Looked(current, partnered, idle=False)
        if layout.unseen(root, current.device, seen):
            return Looked(current, partnered, idle=False)
    if partnered is not None:
        root = partnered.folder
        if not _usable(root) or layout.unseen_of(root, partnered.partner, partner_seen):
            return Looked(current, partnered, idle=False)
    return Looked(current, partnered, idle=True)


def partner_unsent(journal: JournalRef) -> bool:
    """Whether something marked to share waits for the couple's folder (and a partner is on)."""
    if not journal.path.exists():
        return False
    with journal.read() as reader, reader.transaction() as conn:
        if partnered_in(conn) is None:
            return False
        return sync_queries.partner_unsent_count(conn) > 0


def _usable(root: Path) -> bool:
    return root.is_dir() and os.access(root, os.W_OK)
