"""The looks sync takes before any work: is there anything to send or to read?

A daily view with `[sync] auto = true` and a `sparklog sync` with nothing new
answer here, from one read transaction and a listing of the folder. Nothing
here opens a file, loads age, or loads the change log's merge rules, so with
nothing new they cost about what a read costs.
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


def syncing(journal: JournalRef) -> Syncing | None:
    """Where this journal syncs (None when it does not, or is not made yet)."""
    with journal.read() as reader, reader.transaction() as conn:
        return syncing_in(conn)


def new_files(journal: JournalRef) -> bool:
    """Whether the folder holds other devices' files this journal has not read."""
    if not journal.path.exists():
        return False
    with journal.read() as reader, reader.transaction() as conn:
        current = syncing_in(conn)
        if current is None:
            return False
        seen = sync_queries.seen_names(conn)
    return bool(layout.unseen(current.folder, current.device, seen))


def nothing_to_do(journal: JournalRef) -> bool:
    """Whether `sparklog sync` would find nothing to send or read.

    True only when the folder is there and writable, every change is sent, every
    own file is one the journal knows it wrote (none left by a killed sync), and
    no other device has a file not read yet. Anything else, every problem
    included, is left to the full sync to do or to explain.
    """
    if not journal.path.exists():
        return False
    with journal.read() as reader, reader.transaction() as conn:
        current = syncing_in(conn)
        if current is None or sync_queries.unsent_count(conn):
            return False
        seen = sync_queries.seen_names(conn)
        sent = sync_queries.sent_names(conn)
    root = current.folder
    if not root.is_dir() or not os.access(root, os.W_OK):
        return False
    if set(layout.own(root, current.device)) - sent:
        return False
    return not layout.unseen(root, current.device, seen)
