"""Reading the partner channel's tables, on `sqlite3` (writes: `partner_writes`).

Each takes a `queries.Conn`: the read side, or a write transaction's own connection.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date

from sparklog.core.entries import Kind
from sparklog.partner.channel import Me, Partner
from sparklog.partner.items import Item, ItemKind
from sparklog.store.queries import Conn
from sparklog.sync.changes import Change
from sparklog.sync.hlc import Stamp

ITEM_COLUMNS = "id, author, kind, day, body, stamp, written_at, edited_at, deleted_at"


# --- reads -----------------------------------------------------------------------


def me(conn: Conn) -> Me:
    values = dict(conn.execute("SELECT key, value FROM partner_self").fetchall())
    return Me(values.get("id"), values.get("name"))


def partner(conn: Conn) -> Partner | None:
    """The partner joined last (whether or not one of them has left since)."""
    row = conn.execute(
        "SELECT id, name, public_key, folder, joined_at, left_at, they_left_at"
        " FROM partner ORDER BY joined_at DESC, id LIMIT 1"
    ).fetchone()
    return None if row is None else Partner(*row)


def items(conn: Conn, first: date | None = None, last: date | None = None) -> list[Item]:
    """Every item, or those of the days from `first` to `last` (through the day index)."""
    if first is None or last is None:
        rows = conn.execute(f"SELECT {ITEM_COLUMNS} FROM partner_item").fetchall()
    else:
        rows = conn.execute(
            f"SELECT {ITEM_COLUMNS} FROM partner_item WHERE day BETWEEN ? AND ?",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
    return [Item.from_row(tuple(row)) for row in rows]


def answered(conn: Conn, found: Collection[Item]) -> set[tuple[str, date]]:
    """Of the partner's answers in `found`, the (question id, day) this person answered too.

    Read from the journal's reflections, so an answer written on another device
    of this person's (and synced here), or written after the fact, counts too.
    """
    days = sorted({item.day.isoformat() for item in found if item.kind is ItemKind.ANSWER})
    if not days:
        return set()
    marks = ", ".join("?" * len(days))
    rows = conn.execute(
        "SELECT prompt_id, day FROM entry WHERE kind = ? AND prompt_id IS NOT NULL"
        f" AND day IN ({marks})",
        (Kind.REFLECTION.value, *days),
    ).fetchall()
    return {(prompt_id, date.fromisoformat(day)) for prompt_id, day in rows}


def shared_from(conn: Conn, sources: Collection[str]) -> dict[str, str]:
    """Source -> item id, for the sources (entry ids, `ritual@day`) that were shared."""
    if not sources:
        return {}
    marks = ", ".join("?" * len(sources))
    rows = conn.execute(
        "SELECT source, id FROM partner_item WHERE author = 'me' AND deleted_at IS NULL"
        f" AND source IN ({marks})",
        list(sources),
    ).fetchall()
    return dict(rows)


def shared_ritual_ids(conn: Conn) -> set[str]:
    return {row[0] for row in conn.execute("SELECT ritual_id FROM partner_ritual")}


def unsent(conn: Conn) -> list[Change]:
    rows = conn.execute(
        "SELECT id, stamp, op, payload FROM partner_outbox WHERE sent IS NULL ORDER BY seq"
    ).fetchall()
    return [
        Change(change_id, Stamp.parse(stamp), op, json.loads(payload))
        for change_id, stamp, op, payload in rows
    ]


def seen_files(conn: Conn) -> set[str]:
    """Files of the couple's folder read here, and the ones this device wrote itself."""
    seen = {row[0] for row in conn.execute("SELECT name FROM partner_file")}
    for (sent,) in conn.execute("SELECT DISTINCT sent FROM partner_outbox WHERE sent != ''"):
        seen.update(name for name in sent.split(",") if name)
    return seen


def received_identity(conn: Conn) -> str | None:
    """The identity another of this person's devices sent through device sync, if one did."""
    row = conn.execute("SELECT value FROM partner_self WHERE key = 'identity'").fetchone()
    return None if row is None else str(row[0])


def announce_pending(conn: Conn, partner_id: str) -> bool:
    """Whether this person's other devices still wait for the channel's setup.

    They do when the journal syncs and has not yet put this partner's channel
    into its device log (`sparklog.app.partner._announce`).
    """
    syncs = conn.execute("SELECT 1 FROM sync_state WHERE key = 'device_id'").fetchone()
    row = conn.execute("SELECT value FROM partner_self WHERE key = 'announced'").fetchone()
    return syncs is not None and (row is None or row[0] != partner_id)


def counts(conn: Conn) -> tuple[int, int]:
    """Items shared and received (deleted ones and reactions not counted)."""
    rows = dict(
        conn.execute(
            "SELECT author, COUNT(*) FROM partner_item"
            " WHERE deleted_at IS NULL AND kind != 'reaction' GROUP BY author"
        ).fetchall()
    )
    return rows.get("me", 0), rows.get("partner", 0)
