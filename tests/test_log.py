"""`sparklog log`: the timeline, its filters and full-text search."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

import pytest

from sparklog.core.timeline import fts_query, search_words
from tests.conftest import Invoke

Rows = Callable[..., list[tuple[Any, ...]]]


def _texts(result: Any) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [item.get("text") or item["ritual"] for item in json.loads(result.stdout)]


def _seed_ritual(db_path: Path, name: str, days: list[str]) -> None:
    """A ritual and its check-offs written straight into the tables (schema v2)."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        ritual_id = str(uuid.uuid4())
        conn.execute(
            "INSERT INTO ritual (id, name, name_key, cadence, created) VALUES (?, ?, ?, ?, ?)",
            (ritual_id, name, name.lower(), "daily", "2026-01-01"),
        )
        for day in days:
            conn.execute(
                "INSERT INTO ritual_check (id, ritual_id, day, written_at) VALUES (?, ?, ?, ?)",
                (str(uuid.uuid4()), ritual_id, day, f"{day}T22:00:00+01:00"),
            )
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def journal(cli: Invoke, db_path: Path, frozen: object) -> Path:
    """Entries spread over years, and a ritual kept on two days."""
    cli("gratitude", "add", "You carried the piano upstairs", "--date", "2017-03-04")
    cli("gratitude", "add", "Soup when I was ill #care", "--date", "2021-02-10")
    cli("three", "coffee", "the walk", "the hug", "--date", "2026-11-19")
    cli("observe", "Asked about my exam", "--date", "2026-11-20", "--tag", "care")
    cli("observe", "Rolled eyes at me", "-n", "--reframe", "Tired after the night shift")
    _seed_ritual(db_path, "Morning coffee", ["2026-11-20", "2026-11-21"])
    return db_path


def test_timeline_is_newest_first_with_check_offs(cli: Invoke, journal: Path) -> None:
    result = cli("log", "--json")
    items = json.loads(result.stdout)
    assert [item["date"] for item in items] == sorted(
        (item["date"] for item in items), reverse=True
    )
    assert {"kind": "check", "date": "2026-11-21", "ritual": "Morning coffee"} in items
    assert len(items) == 9
    assert items[-1]["text"] == "You carried the piano upstairs"


def test_search_finds_a_word_from_years_back(cli: Invoke, journal: Path) -> None:
    assert _texts(cli("log", "--search", "piano", "--json")) == ["You carried the piano upstairs"]
    # Several words must all appear; case and word endings do not matter.
    assert _texts(cli("log", "-s", "CARRIED Piano", "--json")) == ["You carried the piano upstairs"]
    assert _texts(cli("log", "-s", "piano soup", "--json")) == []
    # The reframe is searched too, and a ritual's name finds its check-offs.
    assert _texts(cli("log", "-s", "night shift", "--json")) == ["Rolled eyes at me"]
    assert _texts(cli("log", "-s", "coffee", "--json")) == [
        "Morning coffee",
        "Morning coffee",
        "coffee",
    ]


def test_kind_and_tag_filter(cli: Invoke, journal: Path) -> None:
    assert _texts(cli("log", "--kind", "observation", "--json")) == [
        "Rolled eyes at me",
        "Asked about my exam",
    ]
    assert _texts(cli("log", "--kind", "check", "--json")) == ["Morning coffee"] * 2
    # A day's three things read 1-2-3, however they were written.
    assert _texts(cli("log", "--kind", "three", "--json")) == ["coffee", "the walk", "the hug"]
    assert _texts(cli("log", "--tag", "care", "--json")) == [
        "Asked about my exam",
        "Soup when I was ill #care",
    ]
    assert _texts(cli("log", "--tag", "#CARE", "--kind", "gratitude", "--json")) == [
        "Soup when I was ill #care"
    ]


def test_date_range(cli: Invoke, journal: Path) -> None:
    assert _texts(cli("log", "--since", "2020-01-01", "--until", "2021-12-31", "--json")) == [
        "Soup when I was ill #care"
    ]
    result = cli("log", "--since", "2026-01-01", "--until", "2020-01-01")
    assert result.exit_code == 2
    assert "swap" in result.stderr


PIANO = ["You carried the piano upstairs"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("AND", []),
        ("piano AND", []),
        ('"piano', PIANO),
        ("piano*", PIANO),
        ("^piano", PIANO),
        ("-piano", PIANO),
        ("piano 🎹", PIANO),
        ("NEAR(", []),
        ("NEAR(piano upstairs)", []),
        ("text:piano", []),
        ("a OR b", []),
        ("東京", []),
        ("'; DROP TABLE entry; --", []),
    ],
)
def test_hostile_search_strings_never_crash(
    cli: Invoke, journal: Path, words: str, expected: list[str]
) -> None:
    """FTS5 syntax typed by the user is searched for as words, never run."""
    assert _texts(cli("log", "--search", words, "--json")) == expected
    assert _texts(cli("log", "--kind", "gratitude", "--json"))[-1] == PIANO[0]


@pytest.mark.parametrize("words", ["***", '"', '""', "*", "(", ")", "🎹", "  ", "()", "_"])
def test_search_without_words_is_one_clear_line(cli: Invoke, journal: Path, words: str) -> None:
    result = cli("log", "--search", words)
    assert result.exit_code == 2
    assert len(result.err_lines) == 1
    assert "no words" in result.stderr


def test_fts_query_quotes_every_word() -> None:
    assert search_words('Piano "NEAR( x*  piano') == ["piano", "near", "x"]
    assert fts_query(["piano", "near"]) == '"piano"* "near"*'


def test_plain_view_groups_by_day_and_is_not_coloured(cli: Invoke, journal: Path) -> None:
    result = cli("log")
    assert result.exit_code == 0
    assert "Sat 21 Nov 2026" in result.stdout
    assert "Morning coffee" in result.stdout
    assert "reframed: Tired after the night shift" in result.stdout
    assert "\x1b[" not in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


def test_empty_journal_and_no_match_messages(cli: Invoke) -> None:
    assert "Nothing logged yet" in cli("log").stdout
    cli("gratitude", "add", "one")
    assert "Nothing matches" in cli("log", "--kind", "check").stdout


def test_search_on_a_long_history_uses_the_index(
    cli: Invoke, db_path: Path, frozen: object
) -> None:
    """Ten years of daily entries: the search plan goes through entry_fts."""
    import sqlite3

    from sparklog.store.db import add_functions

    cli("gratitude", "add", "first")
    conn = sqlite3.connect(db_path)
    add_functions(conn)  # the search index's triggers call sparklog_fold
    start = date(2016, 11, 21)
    conn.executemany(
        "INSERT INTO entry (id, kind, day, written_at, text) VALUES (?, 'gratitude', ?, ?, ?)",
        [
            (
                str(uuid.uuid4()),
                (start + timedelta(days=i)).isoformat(),
                "2016-11-21T21:00:00+01:00",
                f"day {i} thanks for the tea" + (" and the zeppelin" if i == 1234 else ""),
            )
            for i in range(3650)
        ],
    )
    conn.commit()
    plan = " ".join(
        str(row[-1])
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM entry WHERE seq IN "
            "(SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?)",
            ('"zeppelin"*',),
        )
    )
    conn.close()
    assert "VIRTUAL TABLE INDEX" in plan
    found = _texts(cli("log", "--search", "zeppelin", "--json"))
    assert found == ["day 1234 thanks for the tea and the zeppelin"]


def test_limit_keeps_the_newest_items(cli: Invoke, journal: Path) -> None:
    everything = json.loads(cli("log", "--json").stdout)
    newest = json.loads(cli("log", "--json", "--limit", "3").stdout)
    assert newest == everything[:3]
    assert json.loads(cli("log", "--json", "--limit", "0").stdout) == everything


def test_view_says_when_items_were_left_out(cli: Invoke, journal: Path) -> None:
    cut = cli("log", "--limit", "2")
    assert cut.exit_code == 0
    assert "Showing the newest 2" in cut.stdout
    assert "piano" not in cut.stdout
    whole = cli("log")
    assert "Showing the newest" not in whole.stdout
    assert "piano" in whole.stdout
    assert cli("log", "--limit", "-1").exit_code == 2


def test_long_entries_wrap_under_their_words(cli: Invoke) -> None:
    long = " ".join(["a kind word"] * 12)
    assert cli("observe", long, "-n", "--reframe", long).exit_code == 0
    assert cli("three", long, "b", "c").exit_code == 0
    for args in (["log"], ["today"], ["gratitude", "list"]):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert all(len(line) <= 80 and line == line.rstrip() for line in lines), lines
        text_lines = [line for line in lines if "kind word" in line]
        assert len(text_lines) >= 2
        # Every line of an entry's words starts inside the list, never at the margin.
        assert all(line.startswith("  ") for line in text_lines), text_lines
    log = cli("log").stdout.splitlines()
    # The reframe sits under the entry's words, past its short id and mark.
    reframed = next(i for i, line in enumerate(log) if line.lstrip().startswith("reframed: "))
    indent = log[reframed].index("reframed: ") + len("reframed: ")
    assert log[reframed + 1][:indent].isspace() and log[reframed + 1][indent] != " "


def test_three_things_read_in_slot_order_whenever_they_were_written() -> None:
    from datetime import datetime

    from sparklog.core.entries import Entry, Kind, reading_order

    def made(slot: int | None, minute: int, day: int = 20) -> Entry:
        kind = Kind.THREE if slot else Kind.GRATITUDE
        at = datetime(2026, 11, day, 21, minute, tzinfo=UTC)
        return Entry(f"id{slot}{minute}{day}", kind, date(2026, 11, day), at, "x", slot=slot)

    # The evening saved slot 3 first and slot 1 last; a gratitude came in between.
    three, other, one, two = made(3, 1), made(None, 2), made(1, 3), made(2, 4)
    older = made(None, 0, day=19)
    assert reading_order([older, three, other, one, two]) == [one, two, three, other, older]
