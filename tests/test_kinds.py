"""Entry kinds, each defined once: every kind makes the whole trip, an unknown one is refused."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from sparklog.core.entries import ENTRY_COLUMNS, Entry, NewEntry
from sparklog.core.exchange import CSV_COLUMNS
from sparklog.core.kinds import FIELDS, KINDS, Horseman, Kind, definition
from sparklog.errors import UsageError
from sparklog.store.db import add_functions
from tests.conftest import Invoke

NOW = datetime(2026, 11, 21, 21, 0, tzinfo=timezone(timedelta(hours=1)))

# How each kind is written from the command line, with every field it can carry.
# A new kind adds its row here; `test_every_kind_can_be_written` holds that.
WRITE: dict[Kind, tuple[str, ...]] = {
    Kind.GRATITUDE: (
        "gratitude",
        "add",
        "You fixed my bike #repairs",
        "--tag",
        "Care",
        "--lang",
        "acts",
        "--date",
        "2026-11-20",
    ),
    Kind.THREE: ("three", "the soup", "the walk #outside", "the hug", "--date", "2026-11-19"),
    Kind.OBSERVATION: (
        "observe",
        "You sighed at the dishes",
        "--negative",
        "--horseman",
        "contempt",
        "--reframe",
        "Tired after a long day, not scornful",
        "--date",
        "2026-11-18",
    ),
    Kind.REFLECTION: ("prompt", "--answer", "More walks after dinner #walks", "--kind", "checkin"),
}


def test_every_kind_can_be_written() -> None:
    assert set(WRITE) == set(KINDS) == set(Kind)


def test_the_entry_record_holds_the_kinds_fields_in_their_order() -> None:
    """`Entry.from_row` passes the kinds' own fields in place, after `lang`; then
    `edited_at`, which every entry has, closes the row."""
    names = list(Entry._fields)
    assert names[names.index("lang") + 1 :] == [*(own.name for own in FIELDS), "edited_at"]
    assert ENTRY_COLUMNS[6:] == (*(own.name for own in FIELDS), "edited_at")


@pytest.mark.parametrize(
    ("kind", "fields", "problem"),
    [
        (Kind.GRATITUDE, {"slot": 2}, "slot is only for three-things items, not gratitude"),
        (Kind.GRATITUDE, {"reframe": "kinder"}, "reframe is only for observations, not gratitude"),
        (Kind.THREE, {}, "three-things item needs its slot"),
        (Kind.THREE, {"slot": 4}, "4 is not 1, 2 or 3"),
        (Kind.OBSERVATION, {}, "observation needs its positive"),
        (
            Kind.OBSERVATION,
            {"positive": True, "horseman": Horseman.CONTEMPT},
            "a horseman belongs to a negative observation",
        ),
        (Kind.OBSERVATION, {"positive": False, "reframe": " "}, "the reframe is empty"),
    ],
)
def test_a_kind_refuses_fields_its_rules_do_not_allow(
    kind: Kind, fields: dict[str, Any], problem: str
) -> None:
    """What every write of an entry passes (in `sparklog.app.entries`), whatever made it."""
    new = NewEntry(kind, date(2026, 11, 21), NOW, "You laughed at my joke", **fields)
    with pytest.raises(UsageError, match=re.escape(problem)):
        definition(kind).checked(new)


def test_a_kind_keeps_what_its_rules_allow() -> None:
    new = NewEntry(
        Kind.OBSERVATION,
        date(2026, 11, 21),
        NOW,
        "  You sighed #dishes ",
        ("Tired",),
        positive=False,
        horseman=Horseman.CONTEMPT,
        reframe="  a long day ",
    )
    kept = definition(Kind.OBSERVATION).checked(new)
    assert (kept.text, kept.tags, kept.reframe) == (
        "You sighed #dishes",
        ("dishes", "tired"),
        "a long day",
    )


def _export(cli: Invoke, db: Path, out: Path, fmt: str = "json") -> str:
    result = cli("--db", str(db), "export", "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(KINDS), ids=str)
def test_each_kind_goes_through_add_log_export_import_export_unchanged(
    kind: Kind, cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    spec = definition(kind)
    assert cli(*WRITE[kind]).exit_code == 0
    logged = json.loads(cli("log", "--kind", kind.value, "--json").stdout)
    assert logged and {item["kind"] for item in logged} == {kind.value}
    for item in logged:
        for own in FIELDS:
            if own.name in spec.carries:
                assert item[own.name] is not None or not spec.carries[own.name], own.name
            elif own.in_every_entry:
                assert item[own.name] is None, own.name
            else:
                assert own.name not in item, own.name

    first = json.loads(_export(cli, db_path, tmp_path / "first.json"))
    assert first["entries"] and all(entry["kind"] == kind.value for entry in first["entries"])
    again = tmp_path / "again" / "sparklog.db"
    imported = cli("--db", str(again), "import", str(tmp_path / "first.json"))
    assert imported.exit_code == 0, imported.stderr
    second = json.loads(_export(cli, again, tmp_path / "second.json"))
    first.pop("exported_at")
    second.pop("exported_at")
    assert second == first
    assert json.loads(cli("--db", str(again), "log", "--json").stdout) == logged

    # The other formats carry every entry of the kind too, with its text.
    table = list(csv.reader(io.StringIO(_export(cli, again, tmp_path / "e.csv", "csv"))))
    assert table[0] == list(CSV_COLUMNS)
    text = table[0].index("text")
    assert sorted(row[text] for row in table[1:]) == sorted(item["text"] for item in logged)
    markdown = _export(cli, again, tmp_path / "e.md", "markdown")
    for item in logged:
        assert item["text"].split(" #")[0] in markdown


def test_the_import_names_the_kinds_it_knows(cli: Invoke, tmp_path: Path) -> None:
    entry = {
        "id": str(uuid.uuid4()),
        "kind": "postcard",
        "date": "2026-11-20",
        "written_at": "2026-11-20T21:00:00+01:00",
        "text": "We should walk more",
    }
    document = tmp_path / "newer.json"
    document.write_text(json.dumps({"format": "sparklog", "version": 1, "entries": [entry]}))
    result = cli("import", str(document))
    known = ", ".join(sorted(kind.value for kind in KINDS))
    assert result.exit_code == 1
    assert result.err_lines == [
        f"sparklog: {document}: entries[0].kind: 'postcard' is not one of {known};"
        " nothing was imported"
    ]


UNKNOWN = "postcard"
"""A kind no sparklog defines yet, standing in for one a newer sparklog would write."""


def _store_unknown_kind(db_path: Path) -> None:
    """An entry as a newer sparklog might leave it: a kind this one has no definition for."""
    assert UNKNOWN not in KINDS
    conn = sqlite3.connect(db_path)
    add_functions(conn)  # the search index's triggers call sparklog_fold
    try:
        # The schema's CHECK holds today's kinds; a newer schema would allow more.
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(
            "INSERT INTO entry (id, kind, day, written_at, text) VALUES (?, ?, ?, ?, ?)",
            (str(uuid.uuid4()), UNKNOWN, "2026-11-21", "2026-11-21T20:00:00+01:00", "hm"),
        )
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize(
    "command",
    [
        ("log",),
        ("log", "--json"),
        ("today",),
        ("today", "--json"),
        ("week",),
        ("share",),
        ("export",),
        ("export", "--format", "csv"),
    ],
    ids=" ".join,
)
def test_an_entry_of_an_unknown_kind_is_one_clear_line(
    command: tuple[str, ...],
    cli: Invoke,
    db_path: Path,
    rows: Callable[..., list[tuple[Any, ...]]],
) -> None:
    assert cli("gratitude", "add", "You listened").exit_code == 0
    _store_unknown_kind(db_path)
    result = cli(*command)
    assert result.exit_code == 1
    assert len(result.err_lines) == 1
    line = result.err_lines[0]
    assert line.startswith(f"sparklog: the journal holds an entry of kind {UNKNOWN!r}")
    assert f"(it knows {', '.join(KINDS)})" in line and "upgrade sparklog" in line
    assert "unexpected" not in line and "Traceback" not in result.stderr
    # Never shown as an appreciation, or as anything else.
    assert "hm" not in result.stdout
    assert rows("SELECT kind FROM entry ORDER BY seq") == [("gratitude",), (UNKNOWN,)]
