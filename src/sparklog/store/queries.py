"""Every read of the journal, as plain SQL over a DB-API connection.

The read side runs these on a standard-library `sqlite3` connection (or
`sqlcipher3`'s, for an encrypted journal) without loading SQLAlchemy; the write
side runs the same functions on its session's own connection, so a write and
the reads it depends on see one transaction. The SQL names the tables and
columns the migrations create; dates are stored as ISO text and parsed with
`date.fromisoformat`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from sparklog.core.entries import ENTRY_COLUMNS, Entry, Kind, Lang, day_order, reading_order
from sparklog.core.important_dates import ImportantDate
from sparklog.core.kinds import BuiltinStreak, appreciation_kinds, definition, ratio_kinds
from sparklog.core.memories import BLOCK_EPOCH, NO_REPEAT_DAYS
from sparklog.core.refs import short_id
from sparklog.core.rituals import Cadence, Pause, Ritual
from sparklog.core.timeline import CheckOff, Revision, fts_query


class Cursor(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Any: ...


class Conn(Protocol):
    """What these queries need of a connection: `sqlite3.Connection` and sqlcipher3's."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...


_CHUNK = 500
"""Ids per IN (...) list, well under SQLite's limit on bound parameters."""

# --- entries ----------------------------------------------------------------------

_ENTRY_COLUMNS = ", ".join(ENTRY_COLUMNS)


def _entry(row: Sequence[Any], tags: Sequence[str]) -> Entry:
    return Entry.from_row(row, tags)


def _tags_for(conn: Conn, ids: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT entry_id, tag FROM entry_tag WHERE entry_id IN ({marks})", chunk
        )
        for entry_id, tag in rows:
            found[entry_id].append(tag)
    return found


def _entries(conn: Conn, rows: Sequence[Sequence[Any]]) -> list[Entry]:
    tags = _tags_for(conn, [row[0] for row in rows])
    return [_entry(row, sorted(tags.get(row[0], ()))) for row in rows]


def entries_between(
    conn: Conn,
    first: date | None = None,
    last: date | None = None,
    *,
    kinds: Sequence[Kind] = (),
    tag: str | None = None,
    words: Sequence[str] = (),
    limit: int | None = None,
) -> list[Entry]:
    """Entries in a day range, in reading order; with `words`, only those holding each one.

    Words go through the `entry_fts` index (text and reframe), so a search costs
    what its matches cost, not what the journal's size does.
    """
    where: list[str] = []
    params: list[Any] = []
    if words:
        where.append("seq IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?)")
        params.append(fts_query(words))
    if first is not None:
        where.append("day >= ?")
        params.append(first.isoformat())
    if last is not None:
        where.append("day <= ?")
        params.append(last.isoformat())
    if kinds:
        where.append(f"kind IN ({', '.join('?' * len(kinds))})")
        params.extend(kind.value for kind in kinds)
    if tag is not None:
        where.append("id IN (SELECT entry_id FROM entry_tag WHERE tag = ?)")
        params.append(tag)
    sql = f"SELECT {_ENTRY_COLUMNS} FROM entry"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY day DESC, seq DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return reading_order(_entries(conn, conn.execute(sql, params).fetchall()))


def entries_on(conn: Conn, day: date) -> list[Entry]:
    """A day's entries: its three things 1-2-3, then the rest in the order written."""
    return day_order(entries_between(conn, day, day))


def three_on(conn: Conn, day: date) -> dict[int, Entry]:
    """The day's three-things items by slot."""
    found = entries_between(conn, day, day, kinds=[Kind.THREE])
    return {entry.slot: entry for entry in found if entry.slot is not None}


def count_by_kind(conn: Conn) -> dict[str, int]:
    counts = {kind.value: 0 for kind in Kind}
    for kind, count in conn.execute("SELECT kind, count(*) FROM entry GROUP BY kind"):
        counts[kind] = int(count)
    return counts


def observation_counts(conn: Conn, first: date, last: date) -> tuple[int, int]:
    """(positive, negative) observations in a day range, in one grouped query.

    Observations are the entries of the kinds whose definition counts them in
    positive versus negative.
    """
    kinds = [kind.value for kind in ratio_kinds()]
    rows = conn.execute(
        f"SELECT positive, count(*) FROM entry WHERE kind IN ({', '.join('?' * len(kinds))})"
        " AND day >= ? AND day <= ? GROUP BY positive",
        (*kinds, first.isoformat(), last.isoformat()),
    )
    counts = {bool(positive): int(count) for positive, count in rows}
    return counts.get(True, 0), counts.get(False, 0)


def appreciation_count(conn: Conn, first: date, last: date) -> int:
    """Appreciations (the kinds whose definition says so) in a day range."""
    kinds = [kind.value for kind in appreciation_kinds()]
    (count,) = conn.execute(
        f"SELECT count(*) FROM entry WHERE kind IN ({', '.join('?' * len(kinds))})"
        " AND day >= ? AND day <= ?",
        (*kinds, first.isoformat(), last.isoformat()),
    ).fetchone()
    return int(count)


# --- the days behind the built-in streaks ------------------------------------------


def streak_days(conn: Conn, streak: BuiltinStreak) -> set[date]:
    """Days holding at least `streak.per_day` entries of the kinds that feed it.

    The kinds come from their definitions; ix_entry_kind_day covers the query.
    """
    kinds = [kind.value for kind in streak.kinds]
    if not kinds:
        return set()
    sql = f"SELECT day FROM entry WHERE kind IN ({', '.join('?' * len(kinds))}) GROUP BY day"
    if streak.per_day > 1:
        sql += f" HAVING count(*) >= {int(streak.per_day)}"
    return {date.fromisoformat(day) for (day,) in conn.execute(sql, kinds)}


# --- per-day totals for the calendar views -----------------------------------------


def _per_day(conn: Conn, table: str, first: date, last: date) -> dict[date, int]:
    rows = conn.execute(
        f"SELECT day, count(*) FROM {table} WHERE day >= ? AND day <= ? GROUP BY day",
        (first.isoformat(), last.isoformat()),
    )
    return {date.fromisoformat(day): int(count) for day, count in rows}


def entries_per_day(conn: Conn, first: date, last: date) -> dict[date, int]:
    return _per_day(conn, "entry", first, last)


def checks_per_day(conn: Conn, first: date, last: date) -> dict[date, int]:
    return _per_day(conn, "ritual_check", first, last)


# --- rituals -----------------------------------------------------------------------
# Rituals are few, so they are read whole (one query for the rituals, one for all
# their pauses, one for their skipped days); check-offs can be years long and are
# read by an indexed query, and so are the evening's "no" answers.

SKIP = "skip"
NO = "no"


def _pauses(conn: Conn) -> dict[str, list[Pause]]:
    found: dict[str, list[Pause]] = defaultdict(list)
    for ritual_id, first, last in conn.execute(
        "SELECT ritual_id, first_day, last_day FROM ritual_pause"
    ):
        found[ritual_id].append((date.fromisoformat(first), date.fromisoformat(last)))
    return found


def _skips(conn: Conn) -> dict[str, set[date]]:
    found: dict[str, set[date]] = defaultdict(set)
    for ritual_id, day in conn.execute(
        "SELECT ritual_id, day FROM ritual_mark WHERE mark = ?", (SKIP,)
    ):
        found[ritual_id].add(date.fromisoformat(day))
    return found


def ritual_from_row(
    row: Sequence[Any], pauses: Collection[Pause], skips: Collection[date] = ()
) -> Ritual:
    """A ritual from (id, name, cadence, created, archived), its pauses and skipped days."""
    ritual_id, name, cadence, created, archived = row
    return Ritual(
        id=ritual_id,
        name=name,
        cadence=Cadence.parse(cadence),
        created=date.fromisoformat(created),
        archived=date.fromisoformat(archived) if archived else None,
        pauses=tuple(sorted(pauses)),
        skips=frozenset(skips),
    )


def list_rituals(conn: Conn, *, include_archived: bool = False) -> list[Ritual]:
    """Rituals in the order they were created (archived ones only when asked)."""
    sql = "SELECT id, name, cadence, created, archived FROM ritual"
    if not include_archived:
        sql += " WHERE archived IS NULL"
    rows = conn.execute(sql + " ORDER BY created, name_key").fetchall()
    pauses = _pauses(conn) if rows else {}
    skips = _skips(conn) if rows else {}
    return [ritual_from_row(row, pauses.get(row[0], ()), skips.get(row[0], ())) for row in rows]


def mark_on(conn: Conn, ritual_id: str, day: date) -> str | None:
    """A ritual's mark on a day ('skip' or 'no'), None when it has none."""
    row = conn.execute(
        "SELECT mark FROM ritual_mark WHERE ritual_id = ? AND day = ?",
        (ritual_id, day.isoformat()),
    ).fetchone()
    return None if row is None else str(row[0])


def has_partner(conn: Conn) -> bool:
    """Whether a partner ever joined (one who left since still has news to show)."""
    return conn.execute("SELECT 1 FROM partner LIMIT 1").fetchone() is not None


def marks_on(conn: Conn, day: date) -> dict[str, str]:
    """Every ritual's mark on one day, by ritual id (through the day index)."""
    rows = conn.execute("SELECT ritual_id, mark FROM ritual_mark WHERE day = ?", (day.isoformat(),))
    return dict(rows)


def check_days(conn: Conn, ritual_id: str) -> list[date]:
    """Every day a ritual was checked off, oldest first (through UNIQUE (ritual_id, day))."""
    rows = conn.execute(
        "SELECT day FROM ritual_check WHERE ritual_id = ? ORDER BY day", (ritual_id,)
    )
    return [date.fromisoformat(day) for (day,) in rows]


def all_check_days(conn: Conn, ritual_ids: Collection[str]) -> dict[str, set[date]]:
    """Check-off days of several rituals in one query (every check-off in the history)."""
    found: dict[str, set[date]] = {ritual_id: set() for ritual_id in ritual_ids}
    if not found:
        return found
    marks = ", ".join("?" * len(found))
    rows = conn.execute(
        f"SELECT ritual_id, day FROM ritual_check WHERE ritual_id IN ({marks})", tuple(found)
    )
    for ritual_id, day in rows:
        found[ritual_id].add(date.fromisoformat(day))
    return found


def check_days_after(conn: Conn, ritual_ids: Collection[str], after: date) -> dict[str, set[date]]:
    """Check-off days after `after` of several rituals (through the day index)."""
    found: dict[str, set[date]] = {ritual_id: set() for ritual_id in ritual_ids}
    if not found:
        return found
    marks = ", ".join("?" * len(found))
    rows = conn.execute(
        f"SELECT ritual_id, day FROM ritual_check WHERE day > ? AND ritual_id IN ({marks})",
        (after.isoformat(), *found),
    )
    for ritual_id, day in rows:
        found[ritual_id].add(date.fromisoformat(day))
    return found


def checks_between(conn: Conn, first: date, last: date) -> dict[str, set[date]]:
    """Check-off days in a range, by ritual id (through the day index)."""
    found: dict[str, set[date]] = defaultdict(set)
    rows = conn.execute(
        "SELECT ritual_id, day FROM ritual_check WHERE day >= ? AND day <= ?",
        (first.isoformat(), last.isoformat()),
    )
    for ritual_id, day in rows:
        found[ritual_id].add(date.fromisoformat(day))
    return dict(found)


def ritual_counts(conn: Conn) -> dict[str, int]:
    """How many rituals (active and archived) and check-offs the journal holds."""
    active, archived = conn.execute(
        "SELECT count(*) FILTER (WHERE archived IS NULL),"
        " count(*) FILTER (WHERE archived IS NOT NULL) FROM ritual"
    ).fetchone()
    (checks,) = conn.execute("SELECT count(*) FROM ritual_check").fetchone()
    return {"active": int(active), "archived": int(archived), "check-offs": int(checks)}


# --- the timeline's check-offs -----------------------------------------------------


def tag_names(conn: Conn, start: str = "", limit: int = 200) -> list[str]:
    """Tags in use that begin with `start`, the most used first (for tab completion).

    Tags are stored lowercased, so the range is read through ix_entry_tag_tag.
    """
    low = start.lower()
    rows = conn.execute(
        "SELECT tag FROM entry_tag WHERE tag >= ? AND tag < ? || char(1114111)"
        " GROUP BY tag ORDER BY count(*) DESC, tag LIMIT ?",
        (low, low, limit),
    )
    return [tag for (tag,) in rows]


def ritual_names(conn: Conn) -> dict[str, str]:
    """Every ritual's name by id, archived ones included (their history stays)."""
    return dict(conn.execute("SELECT id, name FROM ritual").fetchall())


def check_offs(
    conn: Conn,
    first: date | None = None,
    last: date | None = None,
    *,
    ritual_ids: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[CheckOff]:
    """Ritual check-offs and skipped days in a day range, newest first, with the ritual's name."""
    where: list[str] = []
    params: list[Any] = []
    if first is not None:
        where.append("c.day >= ?")
        params.append(first.isoformat())
    if last is not None:
        where.append("c.day <= ?")
        params.append(last.isoformat())
    if ritual_ids is not None:
        ids = list(ritual_ids)
        where.append(f"c.ritual_id IN ({', '.join('?' * len(ids))})")
        params.extend(ids)
    condition = "".join(f" AND {clause}" for clause in where)
    sql = f"""SELECT r.name, c.day, c.written_at, c.kind FROM (
            SELECT ritual_id, day, written_at, 'check' AS kind FROM ritual_check
            UNION ALL
            SELECT ritual_id, day, written_at, mark FROM ritual_mark WHERE mark = '{SKIP}'
        ) AS c LEFT JOIN ritual AS r ON r.id = c.ritual_id WHERE 1{condition}
        ORDER BY c.day DESC, c.written_at DESC"""
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        CheckOff(
            day=date.fromisoformat(day),
            ritual=name or "?",
            written_at=datetime.fromisoformat(at),
            kind="skip" if kind == SKIP else "check",
        )
        for name, day, at, kind in conn.execute(sql, params)
    ]


# --- reflections --------------------------------------------------------------------


def recent_answers(
    conn: Conn, prompt_ids: Collection[str], through: date, *, days: int
) -> dict[date, list[str]]:
    """The question ids among `prompt_ids` answered on each of the last `days` days
    that hold such an answer, up to `through`.

    The newest reflections are read first through the (kind, day) index and the
    walk stops at the `days`-th day found, so a long history costs no more.
    """
    if not prompt_ids or days <= 0:
        return {}
    ids = sorted(prompt_ids)
    marks = ", ".join("?" * len(ids))
    kind = Kind.REFLECTION.value
    rows = conn.execute(
        f"SELECT day, prompt_id FROM entry WHERE kind = ? AND prompt_id IN ({marks}) AND day IN"
        f" (SELECT DISTINCT day FROM entry WHERE kind = ? AND prompt_id IN ({marks})"
        "  AND day <= ? ORDER BY day DESC LIMIT ?)"
        " ORDER BY day DESC, seq",
        (kind, *ids, kind, *ids, through.isoformat(), days),
    )
    found: dict[date, list[str]] = {}
    for day, prompt_id in rows:
        found.setdefault(date.fromisoformat(day), []).append(prompt_id)
    return found


# --- important dates ----------------------------------------------------------------


def important_dates(conn: Conn) -> list[ImportantDate]:
    """Every important date, by name; they are few, so they are read whole."""
    rows = conn.execute(
        "SELECT name, day, yearly, together FROM important_date ORDER BY name_key"
    ).fetchall()
    return [
        ImportantDate(name, date.fromisoformat(day), yearly=bool(yearly), together=bool(together))
        for name, day, yearly, together in rows
    ]


_BLOCK_SHIFT = 100_000
"""Blocks added before SQL's integer division (which truncates) so it floors as
Python's does for days before the epoch, back to year 1."""


def appreciations_per_block(conn: Conn, before: date) -> dict[int, int]:
    """How many appreciations were filed in each 30-day block before `before`
    (`sparklog.core.memories.random_index`), in one grouped read of the (kind, day) index."""
    kinds = [kind.value for kind in appreciation_kinds()]
    length = NO_REPEAT_DAYS
    rows = conn.execute(
        "SELECT (CAST(julianday(day) - julianday(?) AS INTEGER) + ?) / ? AS block, count(*)"
        f" FROM entry WHERE kind IN ({', '.join('?' * len(kinds))}) AND day < ?"
        " GROUP BY block",
        (BLOCK_EPOCH.isoformat(), _BLOCK_SHIFT * length, length, *kinds, before.isoformat()),
    )
    return {int(block) - _BLOCK_SHIFT: int(count) for block, count in rows if block is not None}


def appreciation_at(conn: Conn, first: date, last: date, index: int) -> Entry | None:
    """The appreciation at `index` among those filed from `first` to before `last`, in
    the order they were filed: by day, then as they were written (`seq`).

    The place is found on the (kind, day) index alone, which holds `seq`, among
    the range's entries only; just the one entry found is read.
    """
    kinds = [kind.value for kind in appreciation_kinds()]
    rows = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE seq = (SELECT seq FROM entry"
        f" WHERE kind IN ({', '.join('?' * len(kinds))}) AND day >= ? AND day < ?"
        " ORDER BY day, seq LIMIT 1 OFFSET ?)",
        (*kinds, first.isoformat(), last.isoformat(), index),
    ).fetchall()
    found = _entries(conn, rows)
    return found[0] if found else None


def entries_on_days(conn: Conn, days: Collection[date]) -> list[Entry]:
    """The entries of a few chosen days (through the day index), in reading order."""
    if not days:
        return []
    marks = ", ".join("?" * len(days))
    rows = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE day IN ({marks}) ORDER BY day DESC, seq DESC",
        [day.isoformat() for day in days],
    ).fetchall()
    return reading_order(_entries(conn, rows))


def entry_by_id(conn: Conn, entry_id: str) -> Entry | None:
    rows = conn.execute(f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE id = ?", (entry_id,)).fetchall()
    found = _entries(conn, rows)
    return found[0] if found else None


def first_day(conn: Conn) -> date | None:
    """The earliest journal day with an entry (through the day index)."""
    (day,) = conn.execute("SELECT min(day) FROM entry").fetchone()
    return date.fromisoformat(day) if day else None


MonthCount = tuple[str, Kind, int, bool | None, Lang | None]
"""(month, kind, count, positive, lang): the fields of `core.trends.EntryCount`, in order.

Plain tuples, so every read command does not import the trends rules for this one query.
"""


def entry_counts_by_month(conn: Conn, first: date, last: date) -> list[MonthCount]:
    """One grouped row per (month, kind, sign, love language) in a day range."""
    rows = conn.execute(
        "SELECT substr(day, 1, 7), kind, positive, lang, count(*) FROM entry"
        " WHERE day >= ? AND day <= ? GROUP BY 1, 2, 3, 4",
        (first.isoformat(), last.isoformat()),
    )
    return [
        (
            month,
            definition(kind).kind,
            int(count),
            None if positive is None else bool(positive),
            Lang(lang) if lang else None,
        )
        for month, kind, positive, lang, count in rows
    ]


def first_check_days(conn: Conn, ritual_ids: Collection[str]) -> dict[str, date]:
    """Each ritual's first check-off day: one index seek per ritual, never a scan.

    Rituals are few; a GROUP BY over all check-offs would read every one of them.
    """
    found: dict[str, date] = {}
    for ritual_id in ritual_ids:
        (day,) = conn.execute(
            "SELECT min(day) FROM ritual_check WHERE ritual_id = ?", (ritual_id,)
        ).fetchone()
        if day:
            found[ritual_id] = date.fromisoformat(day)
    return found


# --- short ids and references to entries --------------------------------------------


def entry_neighbours(conn: Conn, ids: Collection[str]) -> dict[str, tuple[str | None, str | None]]:
    """Each id's neighbours in the sorted id index: (the one before, the one after).

    Two index seeks per id asked for, so a listing's short ids cost what the
    listing costs, however long the history is.
    """
    found: dict[str, tuple[str | None, str | None]] = {}
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT e.id,"
            " (SELECT max(b.id) FROM entry AS b WHERE b.id < e.id),"
            " (SELECT min(a.id) FROM entry AS a WHERE a.id > e.id)"
            f" FROM entry AS e WHERE e.id IN ({marks})",
            chunk,
        )
        for entry_id, before, after in rows:
            found[entry_id] = (before, after)
    return found


def ids_starting(conn: Conn, prefix: str, limit: int) -> list[str]:
    """Entry ids that start with `prefix` (lower-case), in order, at most `limit` of them.

    A range on the id index: `prefix` <= id < `prefix` followed by the last character.
    """
    rows = conn.execute(
        "SELECT id FROM entry WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
        (prefix, prefix + "\U0010ffff", limit),
    )
    return [entry_id for (entry_id,) in rows]


def newest_entry_id(conn: Conn) -> str | None:
    """The id of the entry written last (by its time, whatever its UTC offset)."""
    row = conn.execute(
        "SELECT id FROM entry ORDER BY julianday(written_at) DESC, seq DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def tombstones_starting(conn: Conn, prefix: str, limit: int) -> list[tuple[str, str]]:
    """(id, deleted_at) of deleted entries whose id starts with `prefix`."""
    rows = conn.execute(
        "SELECT id, deleted_at FROM entry_tombstone WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
        (prefix, prefix + "\U0010ffff", limit),
    )
    return [(entry_id, at) for entry_id, at in rows]


def entries_by_ids(conn: Conn, ids: Collection[str]) -> list[Entry]:
    """The entries with these ids (those that exist), in reading order."""
    wanted = list(dict.fromkeys(ids))
    rows: list[Any] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows += conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE id IN ({marks})", chunk
        ).fetchall()
    return reading_order(_entries(conn, rows))


def short_ids(conn: Conn, ids: Collection[str]) -> dict[str, str]:
    """Each listed entry's short id (see `sparklog.core.refs.short_id`), by id."""
    return {
        entry_id: short_id(entry_id, before, after)
        for entry_id, (before, after) in entry_neighbours(conn, ids).items()
    }


def revisions(conn: Conn, entry_ids: Collection[str]) -> dict[str, list[Revision]]:
    """The kept versions of these entries, oldest first."""
    found: dict[str, list[Revision]] = defaultdict(list)
    listed = list(entry_ids)
    for start in range(0, len(listed), _CHUNK):
        chunk = listed[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        for entry_id, saved_at, text in conn.execute(
            "SELECT entry_id, saved_at, text FROM entry_revision"
            f" WHERE entry_id IN ({marks}) ORDER BY stamp",
            chunk,
        ):
            found[entry_id].append(Revision(entry_id, saved_at, text))
    return dict(found)


def deleted_revisions(conn: Conn) -> list[Revision]:
    """Versions written on another device after their entry was deleted, newest first."""
    rows = conn.execute(
        "SELECT entry_id, saved_at, text FROM entry_revision"
        " WHERE entry_id NOT IN (SELECT id FROM entry) ORDER BY stamp DESC"
    )
    return [Revision(entry_id, saved_at, text) for entry_id, saved_at, text in rows]
