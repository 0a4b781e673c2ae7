"""The read side (stdlib sqlite3) and the write side (SQLModel) agree on the schema and the data.

The migrations are the one definition of the schema: the SQLModel tables are held
to them column by column, and whatever the write side stores, the read side
gives back unchanged.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

from sparklog.app.entries import new_gratitude, new_observation, new_three
from sparklog.app.journal import write
from sparklog.app.journal_ref import JournalRef
from sparklog.core.entries import Entry, Horseman, Lang
from sparklog.core.rituals import Cadence, Ritual
from sparklog.store import models, queries
from sparklog.store.checks import add_functions
from sparklog.store.migrations import MIGRATIONS
from sparklog.store.reader import open_reader

assert models  # the tables register themselves in SQLModel.metadata on import


def _migrated() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    add_functions(conn)  # the search index's triggers call sparklog_fold
    for migration in MIGRATIONS:
        for statement in migration.statements:
            conn.execute(statement)
    return conn


_SQLITE_TYPES = {bool: "BOOLEAN", int: "INTEGER", float: "REAL", str: "TEXT", date: "TEXT"}
"""The type a migration declares for each Python type of a column (dates are ISO text)."""


def _declared(column: Any) -> str:
    kind = column.type
    python_type = (kind.impl if isinstance(kind, TypeDecorator) else kind).python_type
    assert python_type in _SQLITE_TYPES, f"{column.table.name}.{column.name}: {python_type}"
    return _SQLITE_TYPES[python_type]


def test_the_sqlmodel_tables_are_the_tables_the_migrations_build() -> None:
    conn = _migrated()
    tables = {
        name
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith(("sqlite_", "entry_fts"))
    }
    assert tables == set(SQLModel.metadata.tables)
    for table in SQLModel.metadata.sorted_tables:
        info = conn.execute(f'PRAGMA table_info("{table.name}")').fetchall()
        built = {
            name: (declared.upper(), bool(notnull) or (pk and declared.upper() == "INTEGER"), pk)
            for _cid, name, declared, notnull, _default, pk in info
        }
        keys = [c.name for c in table.primary_key.columns]
        modelled = {
            column.name: (
                _declared(column),
                not column.nullable,
                keys.index(column.name) + 1 if column.name in keys else 0,
            )
            for column in table.columns
        }
        assert modelled == built, table.name


# --- what the write side stores, the read side gives back ---------------------------

_WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="#"),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() != "")
_TEXT = st.one_of(
    _WORDS,
    st.builds(
        lambda a, tag: f"{a} #{tag}",
        _WORDS,
        st.from_regex(r"[a-zß0-9ü_][\w-]{0,10}", fullmatch=True),
    ),
    st.sampled_from(
        ["'; DROP TABLE entry; --", "tab\tand\nnewline", "  spaced  ", "😀 👩‍❤️‍👨", "x" * 2000]
    ),
)
_TAGS = st.lists(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,12}", fullmatch=True), max_size=3)
_DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 11, 21))
_OFFSETS = st.sampled_from([0, 60, -300, 330, 840, -720])


def _when(day: date, minutes: int) -> datetime:
    return datetime(
        day.year, day.month, day.day, 21, 4, 11, tzinfo=timezone(timedelta(minutes=minutes))
    )


_ENTRY = st.one_of(
    st.tuples(st.just("gratitude"), _TEXT, _DAYS, _OFFSETS, _TAGS, st.sampled_from([None, *Lang])),
    st.tuples(st.just("three"), st.lists(_TEXT, min_size=1, max_size=3), _DAYS, _OFFSETS),
    st.tuples(
        st.just("observation"),
        _TEXT,
        _DAYS,
        _OFFSETS,
        _TAGS,
        st.sampled_from([None, *Lang]),
        st.booleans(),
        st.sampled_from([None, *Horseman]),
        st.one_of(st.none(), _TEXT),
    ),
)
_RITUAL = st.tuples(
    st.sampled_from(["daily", "weekdays", "mon,thu", "sat", "2/week"]),
    st.sets(_DAYS, max_size=6),
    st.lists(st.tuples(_DAYS, st.integers(0, 20)), max_size=2),
)


def _write(
    db: Path, items: list[tuple[Any, ...]], rituals: list[tuple[Any, ...]]
) -> tuple[list[Entry], list[Ritual], dict[str, set[date]]]:
    written: list[Entry] = []
    made: list[Ritual] = []
    kept: dict[str, set[date]] = {}
    with write(JournalRef(db)) as changes:
        three_days: set[date] = set()
        for item in items:
            kind, text, day, offset = item[:4]
            now = _when(day, offset)
            if kind == "gratitude":
                new = new_gratitude(text, day=day, now=now, tags=item[4], lang=item[5])
                written.append(changes.add_entry(new))
            elif kind == "three" and day not in three_days:
                three_days.add(day)
                slots = list(enumerate(text, start=1))
                for slot, typed in slots:
                    written.append(changes.add_entry(new_three(slot, typed, day=day, now=now)))
            elif kind == "observation":
                _kind, text, day, offset, tags, lang, positive, horseman, reframe = item
                written.append(
                    changes.add_entry(
                        new_observation(
                            text,
                            day=day,
                            now=now,
                            positive=positive and horseman is None,
                            horseman=horseman if not positive else None,
                            reframe=reframe,
                            tags=tags,
                            lang=lang,
                        )
                    )
                )
        for number, (cadence, days, pauses) in enumerate(rituals):
            ritual = changes.add_ritual(
                f"Ritual {number}", Cadence.parse(cadence), date(1990, 1, 1)
            )
            for first, length in pauses:
                ritual = changes.add_pause(ritual, first, first + timedelta(days=length))
            for day in days:
                changes.add_check(ritual, day, _when(day, 60))
            made.append(ritual)
            kept[ritual.id] = set(days)
    return written, made, kept


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=True,  # a failure prints the example to replay it with @reproduce_failure
)
@given(items=st.lists(_ENTRY, max_size=8), rituals=st.lists(_RITUAL, max_size=3))
def test_what_the_write_side_stores_the_read_side_gives_back(
    tmp_path_factory: Any, items: list[tuple[Any, ...]], rituals: list[tuple[Any, ...]]
) -> None:
    db = tmp_path_factory.mktemp("roundtrip") / "journal.db"
    written, made, kept = _write(db, items, rituals)
    with open_reader(db) as reader, reader.transaction() as conn:
        entries = queries.entries_between(conn)
        read_rituals = queries.list_rituals(conn, include_archived=True)
        checks = queries.all_check_days(conn, [ritual.id for ritual in read_rituals])
    # repr, not ==: 1 == True, but a stored 1 must come back as the True it was.
    assert sorted(map(repr, entries)) == sorted(map(repr, written))
    assert sorted(map(repr, read_rituals)) == sorted(map(repr, made))
    assert checks == kept
