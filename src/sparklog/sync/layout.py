"""The names in a sync folder, and a look at it cheap enough for every daily view.

Kept apart from `folder` (which loads age) so that a view with `[sync] auto`
can tell there is nothing new from a listing alone, loading nothing else.
"""

from __future__ import annotations

import os
import re
from collections.abc import Set
from pathlib import Path
from typing import NamedTuple

from sparklog.sync.hlc import is_device_id

KEY_FILE = "sparklog-key.age"
BATCH_SUFFIX = ".age"
BATCH_NAME = re.compile(r"[0-9a-f]{32}\.age")


class Skipped(NamedTuple):
    """A file left unread this time, and why; one line each in `sync` and `sync status`."""

    name: str
    reason: str

    def line(self) -> str:
        return f"skipped {self.name}: {self.reason}"


def unseen(root: Path, own: str, seen: Set[str]) -> list[str]:
    """Other devices' batch names not in `seen`; an unreadable folder has none.

    Only names are compared: nothing is opened, and a folder that is missing
    (an unmounted drive) simply has nothing new for a view to read first.
    """
    found: list[str] = []
    try:
        devices = [d for d in os.scandir(root) if d.name != own and is_device_id(d.name)]
    except OSError:
        return found
    for device in devices:
        try:
            names = [item.name for item in os.scandir(device.path)]
        except OSError:
            continue
        found.extend(
            name
            for item in names
            if BATCH_NAME.fullmatch(item) and (name := f"{device.name}/{item}") not in seen
        )
    return sorted(found)


def own(root: Path, device: str) -> list[str]:
    """This device's own batch names in the folder (none when it cannot be listed)."""
    try:
        names = [item.name for item in os.scandir(root / device)]
    except OSError:
        return []
    return sorted(f"{device}/{name}" for name in names if BATCH_NAME.fullmatch(name))


def unseen_of(root: Path, device: str, seen: Set[str]) -> list[str]:
    """One device's batch names not in `seen` (a partner's, in the couple's folder).

    The same look as `unseen`, narrowed to the one folder that matters: nothing
    is opened, and a folder that cannot be listed has nothing new.
    """
    return sorted(name for name in own(root, device) if name not in seen)
