"""Reads of the change log that the sync commands need beside the log's own.

`sparklog.store.changes` holds the log's SQL; this adds what only the transport
asks: the names of the files this device knows it wrote.
"""

from __future__ import annotations

from sparklog.store.queries import Conn


def sent_names(conn: Conn) -> set[str]:
    """The own batch files this journal knows it wrote (each local change names its file)."""
    rows = conn.execute(
        "SELECT DISTINCT sent FROM change WHERE origin = 'local' AND sent IS NOT NULL"
    )
    return {name for (name,) in rows}
