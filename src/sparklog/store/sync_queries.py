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


def partner_channel(conn: Conn) -> tuple[str, str, str] | None:
    """The couple's folder, the partner's channel id and name, while both are on it.

    The partner joined last, as the partner channel's own reads take it; None
    when there is none, or when either of them has left.
    """
    row = conn.execute(
        "SELECT folder, id, name, left_at IS NULL AND they_left_at IS NULL FROM partner"
        " ORDER BY joined_at DESC, id LIMIT 1"
    ).fetchone()
    if row is None or not row[3]:
        return None
    return str(row[0]), str(row[1]), str(row[2])


def partner_seen_names(conn: Conn) -> set[str]:
    """The partner's files already read."""
    return {name for (name,) in conn.execute("SELECT name FROM partner_file")}


def partner_unsent_count(conn: Conn) -> int:
    """Changes marked to share that are not in the couple's folder yet."""
    row = conn.execute("SELECT count(*) FROM partner_outbox WHERE sent IS NULL").fetchone()
    return int(row[0])
