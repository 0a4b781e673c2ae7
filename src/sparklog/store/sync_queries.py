"""The few reads of sync's tables that the quick looks need, in plain SQL.

`sparklog.store.changes` holds the change log's SQL; a daily view that only asks
"is there anything new?" reads these instead, so it does not load the log's
merge rules. The keys are the change log's (`sparklog.store.changes`); a test
holds them equal.
"""

from __future__ import annotations

from sparklog.store.queries import Conn

DEVICE_ID = "device_id"
DEVICE_NAME = "device_name"
FOLDER = "folder"


def settings(conn: Conn) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM sync_state"))


def seen_names(conn: Conn) -> set[str]:
    """Other devices' batch files already applied."""
    return {name for (name,) in conn.execute("SELECT name FROM sync_file")}


def sent_names(conn: Conn) -> set[str]:
    """The own batch files this journal knows it wrote (each local change names its file)."""
    rows = conn.execute(
        "SELECT DISTINCT sent FROM change WHERE origin = 'local' AND sent IS NOT NULL"
    )
    return {name for (name,) in rows}


def unsent_count(conn: Conn) -> int:
    row = conn.execute(
        "SELECT count(*) FROM change WHERE origin = 'local' AND sent IS NULL"
    ).fetchone()
    return int(row[0])
