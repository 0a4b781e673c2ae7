"""The change log's SQL: recording changes, reading them back, settling what they touch.

Plain SQL over a DB-API connection, like `sparklog.store.queries`: the read side
runs the reads on `sqlite3`, the write side runs everything on its session's
own connection, inside the command's one transaction. Settling an item (an
entry, the rituals, one ritual day, the dates, a day's three things) reads every
change about it, asks `sparklog.core.merge` what it must be, and writes only
the difference, so a settled item settles to itself again.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sparklog.core import merge
from sparklog.core.entries import ENTRY_COLUMNS, Entry, Kind
from sparklog.core.important_dates import ImportantDate
from sparklog.store.queries import Conn
from sparklog.sync.changes import Change, JSONValue, new_change
from sparklog.sync.hlc import Clock, Stamp

DEVICE_ID = "device_id"
DEVICE_NAME = "device_name"
FOLDER = "folder"
CLOCK = "clock"

_EXTRA_COLUMNS = tuple(c for c in ("prompt_id", "prompt") if c not in ENTRY_COLUMNS)
"""Entry columns the schema has that no kind's definition names yet."""
_WRITTEN = (
    *ENTRY_COLUMNS,
    *_EXTRA_COLUMNS,
    *(("edited_at",) if "edited_at" not in ENTRY_COLUMNS else ()),
)
_SLOT = _WRITTEN.index("slot")
_CHUNK = 500


def now_ms() -> int:
    """This device's clock reading for a stamp."""
    return time.time_ns() // 1_000_000


# --- sync_state ---------------------------------------------------------------------


def state(conn: Conn) -> dict[str, str]:
    return {
        str(key): str(value) for key, value in conn.execute("SELECT key, value FROM sync_state")
    }


def set_state(conn: Conn, values: Mapping[str, str]) -> None:
    for key, value in values.items():
        conn.execute(
            "INSERT INTO sync_state (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def clear_state(conn: Conn) -> None:
    conn.execute("DELETE FROM sync_state")


# --- the log ------------------------------------------------------------------------


def _change(row: Sequence[Any]) -> Change:
    change_id, stamp, op, payload = row
    return Change(change_id, Stamp.parse(stamp), op, json.loads(payload))


def _json(payload: Mapping[str, Any]) -> str:
    return json.dumps(dict(payload), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def store_change(conn: Conn, change: Change, *, origin: str, sent: str | None) -> bool:
    """Add a change to the log; False when it is there already (applying twice is harmless)."""
    payload = _json(change.payload)
    cursor = conn.execute(
        "INSERT INTO change (id, stamp, op, payload, origin, sent, subject)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        (
            change.id,
            change.stamp.text(),
            change.op,
            payload,
            origin,
            sent,
            merge.subject(change.op, change.payload),
        ),
    )
    return bool(getattr(cursor, "rowcount", 1))


def known_ids(conn: Conn, ids: Collection[str]) -> set[str]:
    found: set[str] = set()
    listed = list(ids)
    for start in range(0, len(listed), _CHUNK):
        chunk = listed[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        found.update(
            row[0] for row in conn.execute(f"SELECT id FROM change WHERE id IN ({marks})", chunk)
        )
    return found


def unsent(conn: Conn) -> list[Change]:
    """This device's changes not yet written to the folder, oldest first."""
    rows = conn.execute(
        "SELECT id, stamp, op, payload FROM change"
        " WHERE origin = 'local' AND sent IS NULL ORDER BY seq"
    )
    return [_change(row) for row in rows]


def unsent_count(conn: Conn) -> int:
    row = conn.execute(
        "SELECT count(*) FROM change WHERE origin = 'local' AND sent IS NULL"
    ).fetchone()
    return int(row[0])


def mark_sent(conn: Conn, ids: Collection[str], file_name: str) -> int:
    listed, marked = list(ids), 0
    for start in range(0, len(listed), _CHUNK):
        chunk = listed[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        cursor = conn.execute(
            f"UPDATE change SET sent = ? WHERE origin = 'local' AND sent IS NULL"
            f" AND id IN ({marks})",
            (file_name, *chunk),
        )
        marked += max(int(getattr(cursor, "rowcount", 0)), 0)
    return marked


def seen_files(conn: Conn) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sync_file")}


def record_file(conn: Conn, name: str, device: str, read_at: str, changes: int) -> None:
    conn.execute(
        "INSERT INTO sync_file (name, device, read_at, changes) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (name) DO NOTHING",
        (name, device, read_at, changes),
    )


class DeviceRow(NamedTuple):
    """Another device as the log knows it: files read from it and its latest change."""

    device: str
    files: int
    changes: int
    last_read: str | None
    last_stamp: Stamp | None


def devices_seen(conn: Conn) -> list[DeviceRow]:
    files: dict[str, tuple[int, int, str | None]] = {
        device: (int(count), int(total or 0), last)
        for device, count, total, last in conn.execute(
            "SELECT device, count(*), sum(changes), max(read_at) FROM sync_file GROUP BY device"
        )
    }
    # The device id is the stamp's last 16 characters.
    stamps = {
        device: Stamp.parse(stamp)
        for device, stamp in conn.execute(
            "SELECT substr(stamp, -16), max(stamp) FROM change WHERE origin = 'remote'"
            " GROUP BY substr(stamp, -16)"
        )
    }
    return [
        DeviceRow(
            device,
            files.get(device, (0, 0, None))[0],
            files.get(device, (0, 0, None))[1],
            files.get(device, (0, 0, None))[2],
            stamps.get(device),
        )
        for device in sorted(set(files) | set(stamps))
    ]


def _about(conn: Conn, subjects: Collection[str]) -> list[Change]:
    listed, found = sorted(subjects), []
    for start in range(0, len(listed), _CHUNK):
        chunk = listed[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        found += [
            _change(row)
            for row in conn.execute(
                f"SELECT id, stamp, op, payload FROM change WHERE subject IN ({marks})", chunk
            )
        ]
    return found


def _about_prefix(conn: Conn, prefix: str) -> list[Change]:
    """Changes whose subject starts with `prefix`, found through the subject index."""
    end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    rows = conn.execute(
        "SELECT id, stamp, op, payload FROM change WHERE subject >= ? AND subject < ?",
        (prefix, end),
    )
    return [_change(row) for row in rows]


class ChangeLog:
    """This device's side of the log in one write transaction: it stamps and records."""

    def __init__(self, conn: Conn, device: str, last: Stamp | None) -> None:
        self.conn = conn
        self.clock = Clock(device, last)

    @classmethod
    def of(cls, conn: Conn) -> ChangeLog | None:
        """The log of a journal that syncs; None when sync is not set up (nothing is recorded)."""
        found = state(conn)
        device = found.get(DEVICE_ID)
        if device is None:
            return None
        last = found.get(CLOCK)
        return cls(conn, device, Stamp.parse(last) if last else None)

    def record(self, op: str, payload: Mapping[str, JSONValue]) -> Change:
        change = new_change(self.clock, op, payload, now_ms())
        store_change(self.conn, change, origin="local", sent=None)
        self._save_clock()
        if change.op == "entry.add":
            claim(self.conn, change.payload)
        return change

    def receive(self, stamp: Stamp) -> None:
        self.clock.receive(merge.learned(stamp, now_ms()), now_ms())
        self._save_clock()

    def _save_clock(self) -> None:
        set_state(self.conn, {CLOCK: self.clock.last.text()})


# --- settling -----------------------------------------------------------------------


def settle(conn: Conn, subjects: Iterable[str]) -> None:
    """Bring every item these subjects name to what all changes about it say."""
    entries: set[str] = set()
    marks: set[str] = set()
    rituals = dates = False
    for item in subjects:
        kind, _, rest = item.partition(":")
        if kind == "entry":
            entries.add(rest)
        elif kind == "mark":
            marks.add(item)
        elif kind == "ritual":
            rituals = True
        elif kind == "date":
            dates = True
    days: set[str] = set()
    listed = sorted(entries)
    for start in range(0, len(listed), _CHUNK):
        chunk = listed[start : start + _CHUNK]
        facts = _EntryFacts.read(conn, chunk)
        for entry_id in chunk:
            day = _settle_entry(conn, entry_id, facts)
            if day is not None:
                days.add(day)
    whole: dict[str, set[str]] = {}
    if rituals:
        whole = _settle_rituals(conn)
    some: dict[str, set[str]] = defaultdict(set)
    for item in marks:
        _, ritual_id, day = item.split(":", 2)
        row = conn.execute(
            "SELECT survivor FROM ritual_alias WHERE id = ?", (ritual_id,)
        ).fetchone()
        if row is not None and row[0] not in whole:
            some[row[0]].add(day)
    for survivor, aliases in sorted(whole.items()):
        _clear_days(conn, survivor, aliases)
    for survivor, aliases in sorted(whole.items()):
        _settle_marks(conn, survivor, aliases, None)
    for survivor, marked in sorted(some.items()):
        _settle_marks(conn, survivor, _aliases(conn, survivor), marked)
    if dates:
        _settle_dates(conn)
    for day in sorted(days):
        _settle_day(conn, day)


def settle_all(conn: Conn) -> None:
    """Settle every item the log speaks of (for a check, or after a repair)."""
    settle(conn, [row[0] for row in conn.execute("SELECT DISTINCT subject FROM change")])


def claim(conn: Conn, payload: Mapping[str, Any]) -> None:
    """Keep the slot a three-things item asked for, whatever it holds later."""
    if payload.get("kind") != Kind.THREE.value or payload.get("slot") not in (1, 2, 3):
        return
    try:
        date.fromisoformat(str(payload["date"]))
        datetime.fromisoformat(str(payload["written_at"]))
        str(payload["id"])
    except (KeyError, ValueError):
        return  # not an item this sparklog can place
    conn.execute(
        "INSERT INTO three_claim (entry_id, day, slot, written_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (entry_id) DO NOTHING",
        (payload["id"], payload["date"], payload["slot"], payload["written_at"]),
    )


@dataclass
class _EntryFacts:
    """What settling a run of entries reads, read for all of them at once."""

    changes: dict[str, list[Change]]
    claims: dict[str, str]
    rows: dict[str, tuple[Any, ...]]
    tags: dict[str, list[str]]
    revisions: dict[str, list[tuple[Any, ...]]]

    @classmethod
    def read(cls, conn: Conn, ids: Sequence[str]) -> _EntryFacts:
        marks = ", ".join("?" * len(ids))
        changes: dict[str, list[Change]] = defaultdict(list)
        for change in _about(conn, [f"entry:{entry_id}" for entry_id in ids]):
            changes[str(change.payload.get("id"))].append(change)
        claims = {
            str(entry_id): str(day)
            for entry_id, day in conn.execute(
                f"SELECT entry_id, day FROM three_claim WHERE entry_id IN ({marks})", ids
            )
        }
        names = ", ".join(_WRITTEN)
        rows = {
            row[0]: tuple(row)
            for row in conn.execute(f"SELECT {names} FROM entry WHERE id IN ({marks})", ids)
        }
        tags: dict[str, list[str]] = defaultdict(list)
        for entry_id, tag in conn.execute(
            f"SELECT entry_id, tag FROM entry_tag WHERE entry_id IN ({marks}) ORDER BY tag", ids
        ):
            tags[entry_id].append(tag)
        revisions: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for row in conn.execute(
            "SELECT id, entry_id, stamp, saved_at, text, version FROM entry_revision"
            f" WHERE entry_id IN ({marks})",
            ids,
        ):
            revisions[row[1]].append(tuple(row))
        return cls(changes, claims, rows, tags, revisions)


def _settle_entry(conn: Conn, entry_id: str, facts: _EntryFacts) -> str | None:
    """Settle one entry; the day whose three things must be settled again, if any."""
    about = facts.changes.get(entry_id, [])
    scrubs = merge.scrubbed(about)
    for change_id, payload in scrubs.items():
        conn.execute("UPDATE change SET payload = ? WHERE id = ?", (_json(payload), change_id))
    if scrubs:
        about = [Change(c.id, c.stamp, c.op, scrubs[c.id]) if c.id in scrubs else c for c in about]
    settled = merge.settle_entry(entry_id, about)
    if settled is None:
        return None
    claimed = facts.claims.get(entry_id)
    _write_revisions(conn, settled, facts.revisions.get(entry_id, []))
    if settled.fixed is None:
        conn.execute("DELETE FROM entry WHERE id = ?", (entry_id,))
        conn.execute(
            "INSERT INTO entry_tombstone (id, deleted_at) VALUES (?, ?)"
            " ON CONFLICT (id) DO UPDATE SET deleted_at = excluded.deleted_at",
            (entry_id, settled.deleted_at),
        )
        return claimed
    values, tags = _entry_values(settled)
    if values is None:
        return None  # a kind or field this sparklog cannot read: left as it is
    fixed = settled.fixed
    asked_three = fixed.get("kind") == Kind.THREE.value
    if asked_three:
        claim(conn, {**fixed, "id": entry_id})
    names = ", ".join(_WRITTEN)
    existing = facts.rows.get(entry_id)
    if asked_three:
        # The day's settling decides which item holds which slot.
        held = (existing[1], existing[_SLOT]) if existing else (Kind.GRATITUDE.value, None)
        values["kind"], values["slot"] = held
    row = tuple(values[name] for name in _WRITTEN)
    if existing is None:
        marks = ", ".join("?" * len(_WRITTEN))
        conn.execute(f"INSERT INTO entry ({names}) VALUES ({marks})", row)
    elif tuple(existing) != row:
        assignments = ", ".join(f"{name} = ?" for name in _WRITTEN[1:])
        conn.execute(f"UPDATE entry SET {assignments} WHERE id = ?", (*row[1:], entry_id))
    if facts.tags.get(entry_id, []) != tags:
        conn.execute("DELETE FROM entry_tag WHERE entry_id = ?", (entry_id,))
        for tag in tags:
            conn.execute("INSERT INTO entry_tag (entry_id, tag) VALUES (?, ?)", (entry_id, tag))
    return str(fixed["date"]) if asked_three or claimed else None


def _entry_values(settled: merge.EntryState) -> tuple[dict[str, Any] | None, list[str]]:
    """The entry's columns and tags, or None when they are not an entry this sparklog reads."""
    fixed, content = settled.fixed or {}, settled.content
    values: dict[str, Any] = {
        "id": settled.id,
        "kind": fixed.get("kind"),
        "day": fixed.get("date"),
        "written_at": fixed.get("written_at"),
        "slot": fixed.get("slot"),
        "edited_at": settled.edited_at,
    }
    for name in _WRITTEN:
        values.setdefault(name, content.get(name))
    if not isinstance(values["text"], str):
        return None, []  # its words were never here, or were deleted
    raw_tags = content.get("tags") or []
    if not isinstance(raw_tags, list) or not all(isinstance(tag, str) for tag in raw_tags):
        return None, []
    tags = sorted(set(raw_tags))
    try:
        entry = Entry.from_row([values[name] for name in ENTRY_COLUMNS], tags)
        date.fromisoformat(str(values["day"]))
    except Exception:
        return None, []
    # Stored as the journal stores its own (booleans, enum values).
    stored = dict(zip(ENTRY_COLUMNS, entry.row(), strict=True))
    stored["written_at"] = values["written_at"]
    values.update(stored)
    return values, tags


def winner(conn: Conn, entry_id: str) -> str | None:
    """The change whose version an entry holds now: what an edit of it edits."""
    settled = merge.settle_entry(entry_id, _about(conn, [f"entry:{entry_id}"]))
    return settled.winner if settled is not None else None


def _write_revisions(
    conn: Conn, settled: merge.EntryState, stored: Sequence[tuple[Any, ...]]
) -> None:
    wanted = [
        (
            version.change_id,
            settled.id,
            version.stamp.text(),
            version.saved_at,
            version.text,
            json.dumps(version.content, sort_keys=True, ensure_ascii=False),
        )
        for version in settled.revisions
    ]
    if sorted(stored) == sorted(wanted):
        return
    conn.execute("DELETE FROM entry_revision WHERE entry_id = ?", (settled.id,))
    for row in wanted:
        conn.execute(
            "INSERT INTO entry_revision (id, entry_id, stamp, saved_at, text, version)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            row,
        )


def _settle_day(conn: Conn, day: str) -> None:
    """Give each of a day's three-things slots to the item written first."""
    rows = list(
        conn.execute(
            "SELECT c.entry_id, c.slot, c.written_at FROM three_claim c"
            " JOIN entry e ON e.id = c.entry_id WHERE c.day = ?"
            " UNION SELECT id, slot, written_at FROM entry"
            " WHERE day = ? AND kind = 'three'"
            " AND id NOT IN (SELECT entry_id FROM three_claim)",
            (day, day),
        )
    )
    wanted = merge.settle_slots(
        (entry_id, int(slot), datetime.fromisoformat(written_at))
        for entry_id, slot, written_at in rows
    )
    current = {
        entry_id: (slot if kind == Kind.THREE.value else None)
        for entry_id, kind, slot in conn.execute(
            "SELECT id, kind, slot FROM entry WHERE day = ?", (day,)
        )
        if entry_id in wanted
    }
    moving = [entry_id for entry_id, slot in wanted.items() if current.get(entry_id) != slot]
    for entry_id in moving:
        conn.execute(
            "UPDATE entry SET kind = ?, slot = NULL WHERE id = ?",
            (Kind.GRATITUDE.value, entry_id),
        )
    for entry_id in moving:
        if wanted[entry_id] is not None:
            conn.execute(
                "UPDATE entry SET kind = ?, slot = ? WHERE id = ?",
                (Kind.THREE.value, wanted[entry_id], entry_id),
            )


def _aliases(conn: Conn, survivor: str) -> set[str]:
    return {
        row[0]
        for row in conn.execute("SELECT id FROM ritual_alias WHERE survivor = ?", (survivor,))
    }


def _settle_rituals(conn: Conn) -> dict[str, set[str]]:
    """Settle every ritual; the rituals (with their merged ids) whose days must settle again."""
    groups = merge.settle_rituals(_about_prefix(conn, "ritual:"))
    managed = {alias for group in groups for alias in group.aliases}
    existing = {
        row[0]: tuple(row)
        for row in conn.execute("SELECT id, name, name_key, cadence, created, archived FROM ritual")
    }
    merge.distinct_names(
        groups, taken=[row[2] for ritual_id, row in existing.items() if ritual_id not in managed]
    )
    survivors = {group.id for group in groups}
    for ritual_id in sorted(managed - survivors):
        if ritual_id in existing:
            # Its check-offs, skips and pauses settle again onto the ritual it joined.
            conn.execute("DELETE FROM ritual WHERE id = ?", (ritual_id,))
    wanted = {
        group.id: (group.id, group.name, group.key, group.cadence, group.created, group.archived)
        for group in groups
    }
    changing = [
        ritual_id
        for ritual_id, row in wanted.items()
        if ritual_id in existing and existing[ritual_id] != row
    ]
    for ritual_id in changing:  # out of the way of each other's names first
        conn.execute("UPDATE ritual SET name_key = ? WHERE id = ?", ("\x00" + ritual_id, ritual_id))
    for ritual_id, row in wanted.items():
        if ritual_id not in existing:
            conn.execute(
                "INSERT INTO ritual (id, name, name_key, cadence, created, archived)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                row,
            )
        elif ritual_id in changing:
            conn.execute(
                "UPDATE ritual SET name = ?, name_key = ?, cadence = ?, created = ?, archived = ?"
                " WHERE id = ?",
                (*row[1:], ritual_id),
            )
    for group in groups:
        stored = sorted(
            tuple(row)
            for row in conn.execute(
                "SELECT id, first_day, last_day FROM ritual_pause WHERE ritual_id = ?",
                (group.id,),
            )
        )
        pauses = sorted((pause_id, *span) for pause_id, span in group.pauses.items())
        if stored != pauses:
            conn.execute("DELETE FROM ritual_pause WHERE ritual_id = ?", (group.id,))
            for pause_id, first, last in pauses:
                if first <= last:
                    conn.execute(
                        "INSERT INTO ritual_pause (id, ritual_id, first_day, last_day)"
                        " VALUES (?, ?, ?, ?)",
                        (pause_id, group.id, first, last),
                    )
    stored_alias = dict(conn.execute("SELECT id, survivor FROM ritual_alias"))
    stored_groups: dict[str, set[str]] = defaultdict(set)
    for alias, survivor in stored_alias.items():
        stored_groups[survivor].add(alias)
    # A ritual whose ids changed (one joined it, or one it had taken in left it when
    # an earlier rename arrived) settles all its days again.
    moved = {
        group.id: set(group.aliases)
        for group in groups
        if group.id not in existing or stored_groups.get(group.id) != group.aliases
    }
    if moved:
        conn.execute("DELETE FROM ritual_alias")
        for group in groups:
            for alias in sorted(group.aliases):
                conn.execute(
                    "INSERT INTO ritual_alias (id, survivor) VALUES (?, ?)", (alias, group.id)
                )
    return moved


def _clear_days(conn: Conn, survivor: str, aliases: Collection[str]) -> None:
    """Drop a ritual's days that no change of its ids speaks of (another ritual's, once)."""
    spoken = {
        str(change.payload.get("day"))
        for alias in aliases
        for change in _about_prefix(conn, f"mark:{alias}:")
    }
    for table in ("ritual_check", "ritual_mark"):
        for (day,) in list(
            conn.execute(f"SELECT day FROM {table} WHERE ritual_id = ?", (survivor,))
        ):
            if str(day) not in spoken:
                conn.execute(
                    f"DELETE FROM {table} WHERE ritual_id = ? AND day = ?", (survivor, day)
                )


def _settle_marks(
    conn: Conn, survivor: str, aliases: Collection[str], days: Collection[str] | None
) -> None:
    """Settle a ritual's days (all of them, or `days`) from the check-offs of every id it has."""
    if conn.execute("SELECT 1 FROM ritual WHERE id = ?", (survivor,)).fetchone() is None:
        return
    if days is None:
        found = [change for alias in aliases for change in _about_prefix(conn, f"mark:{alias}:")]
    else:
        found = _about(conn, [f"mark:{alias}:{day}" for alias in aliases for day in days])
    by_day: dict[str, list[Change]] = defaultdict(list)
    for change in found:
        by_day[str(change.payload.get("day"))].append(change)
    for day, changes in sorted(by_day.items()):
        settled = merge.settle_mark(changes)
        if settled is None:
            continue
        try:
            date.fromisoformat(day)
        except ValueError:
            continue
        check = conn.execute(
            "SELECT id, written_at FROM ritual_check WHERE ritual_id = ? AND day = ?",
            (survivor, day),
        ).fetchone()
        mark = conn.execute(
            "SELECT id, mark, written_at FROM ritual_mark WHERE ritual_id = ? AND day = ?",
            (survivor, day),
        ).fetchone()
        want_check = (settled.id, settled.written_at) if settled.mark == "check" else None
        want_mark = (
            (settled.id, settled.mark, settled.written_at)
            if settled.mark in ("skip", "no")
            else None
        )
        if (tuple(check) if check else None) != want_check:
            conn.execute(
                "DELETE FROM ritual_check WHERE ritual_id = ? AND day = ?", (survivor, day)
            )
            if want_check is not None:
                conn.execute(
                    # OR REPLACE: the id may still sit on a ritual this day once merged into.
                    "INSERT OR REPLACE INTO ritual_check (id, ritual_id, day, written_at)"
                    " VALUES (?, ?, ?, ?)",
                    (want_check[0], survivor, day, want_check[1]),
                )
        if (tuple(mark) if mark else None) != want_mark:
            conn.execute("DELETE FROM ritual_mark WHERE ritual_id = ? AND day = ?", (survivor, day))
            if want_mark is not None:
                conn.execute(
                    "INSERT OR REPLACE INTO ritual_mark (id, ritual_id, day, mark, written_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (want_mark[0], survivor, day, want_mark[1], want_mark[2]),
                )


def _settle_dates(conn: Conn) -> None:
    """Settle the important dates that changes speak of; others stay as they are."""
    settled = merge.settle_dates(_about_prefix(conn, "date:"))
    existing = {
        row[2]: tuple(row)
        for row in conn.execute(
            "SELECT id, name, name_key, day, yearly, together FROM important_date"
        )
    }
    other_together = any(row[5] for key, row in existing.items() if key not in settled and row[5])
    wanted: dict[str, tuple[Any, ...] | None] = {}
    for key, item in settled.items():
        if item is None:
            wanted[key] = None
            continue
        together = item.together and not other_together
        wanted[key] = (item.id, item.name, key, item.day, int(item.yearly), int(together))
    changing = [key for key, row in wanted.items() if _normal(existing.get(key)) != row]
    for key in changing:
        conn.execute("DELETE FROM important_date WHERE name_key = ?", (key,))
    for key in changing:
        row = wanted[key]
        if row is not None:
            conn.execute(
                "INSERT INTO important_date (id, name, name_key, day, yearly, together)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                row,
            )


def _normal(row: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
    if row is None:
        return None
    return (*row[:4], int(bool(row[4])), int(bool(row[5])))


# --- publishing a journal's history ---------------------------------------------------


def history(conn: Conn) -> list[tuple[str, dict[str, JSONValue]]]:
    """The whole journal as (op, payload) pairs, in an order that replays it.

    For the first sync of a journal written before it synced: rituals, then
    entries, deletions and kept revisions (an import's), check-offs, skips, pauses and dates.
    """
    found: list[tuple[str, dict[str, JSONValue]]] = []
    for ritual_id, name, cadence, created, archived in conn.execute(
        "SELECT id, name, cadence, created, archived FROM ritual ORDER BY created, name_key, id"
    ):
        found.append(
            (
                "ritual.add",
                {
                    "id": ritual_id,
                    "name": name,
                    "cadence": cadence,
                    "created": str(created),
                    "archived": str(archived) if archived else None,
                },
            )
        )
    names = ", ".join(_WRITTEN)
    tags: dict[str, list[str]] = defaultdict(list)
    for entry_id, tag in conn.execute("SELECT entry_id, tag FROM entry_tag ORDER BY tag"):
        tags[entry_id].append(tag)
    for row in conn.execute(f"SELECT {names} FROM entry ORDER BY day, written_at, id"):
        values = dict(zip(_WRITTEN, row, strict=True))
        entry = Entry.from_row([values[name] for name in ENTRY_COLUMNS], tags.get(row[0], []))
        payload = entry_payload(entry)
        for extra in _EXTRA_COLUMNS:
            if values.get(extra) is not None:
                payload[extra] = values[extra]
        found.append(("entry.add", payload))
    for entry_id, deleted_at in conn.execute(
        "SELECT id, deleted_at FROM entry_tombstone ORDER BY deleted_at, id"
    ):
        found.append(("entry.delete", {"id": entry_id, "deleted_at": deleted_at}))
    for row in conn.execute(
        "SELECT id, entry_id, stamp, saved_at, version FROM entry_revision"
        " ORDER BY entry_id, stamp, id"
    ):
        found.append(("entry.revision", revision_payload(*row)))
    for check_id, ritual_id, day, written_at in conn.execute(
        "SELECT id, ritual_id, day, written_at FROM ritual_check ORDER BY day, ritual_id"
    ):
        found.append(("ritual.check", check_payload(check_id, ritual_id, str(day), written_at)))
    for mark_id, ritual_id, day, mark, written_at in conn.execute(
        "SELECT id, ritual_id, day, mark, written_at FROM ritual_mark ORDER BY day, ritual_id"
    ):
        found.append(
            (
                "ritual.skip",
                {**check_payload(mark_id, ritual_id, str(day), written_at), "mark": mark},
            )
        )
    for pause_id, ritual_id, first, last in conn.execute(
        "SELECT id, ritual_id, first_day, last_day FROM ritual_pause ORDER BY first_day, id"
    ):
        found.append(
            (
                "ritual.pause",
                {"ritual": ritual_id, "id": pause_id, "from": str(first), "to": str(last)},
            )
        )
    for date_id, name, day, yearly, together in conn.execute(
        "SELECT id, name, day, yearly, together FROM important_date ORDER BY name_key"
    ):
        important = ImportantDate(
            name, date.fromisoformat(str(day)), yearly=bool(yearly), together=bool(together)
        )
        found.append(("date.add", date_payload(date_id, important)))
    return found


def entry_payload(entry: Entry) -> dict[str, JSONValue]:
    """An `entry.add` payload: the entry as its export writes it, with its slot."""
    payload: dict[str, JSONValue] = entry.to_json()
    payload["slot"] = entry.slot
    return payload


def revision_payload(
    revision_id: str, entry_id: str, stamp: str, saved_at: str, version: str
) -> dict[str, JSONValue]:
    """An `entry.revision` payload: a kept version no change of this log wrote."""
    content: JSONValue = json.loads(version)
    return {
        "id": entry_id,
        "revision": revision_id,
        "stamp": stamp,
        "saved_at": saved_at,
        "version": content,
    }


def edit_content(entry: Entry) -> dict[str, JSONValue]:
    """What an `entry.edit` carries: the entry's content as it now stands."""
    return {
        key: value for key, value in entry_payload(entry).items() if key not in merge.NOT_CONTENT
    }


def check_payload(check_id: str, ritual_id: str, day: str, written_at: str) -> dict[str, JSONValue]:
    return {"id": check_id, "ritual": ritual_id, "day": day, "written_at": written_at}


def date_payload(date_id: str, important: ImportantDate) -> dict[str, JSONValue]:
    return {
        "id": date_id,
        "name": important.name,
        "day": important.day.isoformat(),
        "yearly": important.yearly,
        "together": important.together,
    }
