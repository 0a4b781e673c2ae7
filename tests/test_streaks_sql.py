"""The built-in streaks as SQLite works them out agree with the pure engine.

`store.streaks` reduces the kept days to runs in SQL; `core.streaks.daily_streak`
is the rule. Random histories (gaps, whole weeks off, days before 1900 from an
old import, days after "today") must give the same current, best and at-risk.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from sparklog.core.entries import Kind
from sparklog.core.kinds import STREAKS
from sparklog.core.streaks import daily_streak
from sparklog.store import queries, streaks
from sparklog.store.checks import add_functions
from sparklog.store.migrations import MIGRATIONS

TODAY = date(2026, 11, 21)


def _journal() -> sqlite3.Connection:
    """A journal in memory with the schema the migrations build."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    add_functions(db)
    for migration in MIGRATIONS:
        for statement in migration.statements:
            db.execute(statement)
    return db


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    db = _journal()
    yield db
    db.close()


def _add(db: sqlite3.Connection, kind: Kind, day: date, slot: int | None = None) -> None:
    db.execute(
        "INSERT INTO entry (id, kind, day, written_at, text, slot) VALUES (?, ?, ?, ?, ?, ?)",
        (str(uuid.uuid4()), kind.value, day.isoformat(), f"{day}T21:00:00+01:00", "x", slot),
    )


def _fill(db: sqlite3.Connection, days: list[tuple[int, int, bool]]) -> None:
    """The days of a drawn history (`_DAY`), each day once: its three-things slots and
    whether it holds a gratitude entry."""
    seen: set[date] = set()
    for offset, slots, gratitude in days:
        day = TODAY + timedelta(days=offset)
        if day in seen:
            continue
        seen.add(day)
        for slot in range(1, slots + 1):
            _add(db, Kind.THREE, day, slot)
        if gratitude:
            _add(db, Kind.GRATITUDE, day)


def _check(db: sqlite3.Connection, today: date) -> None:
    gratitude = {
        d for (d,) in db.execute("SELECT day FROM entry WHERE kind IN ('gratitude', 'three')")
    }
    three = {
        d
        for (d,) in db.execute(
            "SELECT day FROM entry WHERE kind = 'three' GROUP BY day HAVING count(*) >= 3"
        )
    }
    gratitude_streak, three_streak = STREAKS
    expected = daily_streak(map(date.fromisoformat, gratitude), today)
    assert streaks.streak_runs(db, gratitude_streak, today).streak() == expected
    assert streaks.streak_runs(db, three_streak, today).streak() == daily_streak(
        map(date.fromisoformat, three), today
    )
    for streak in STREAKS:  # the days the engine is given by the store itself
        engine = daily_streak(queries.streak_days(db, streak), today)
        assert streaks.streak_runs(db, streak, today).streak() == engine


# A day: an offset from today (mostly the last months, sometimes years back, a few
# after today), and how many three-things slots it holds and whether a gratitude.
_DAY = st.tuples(
    st.one_of(st.integers(-120, 3), st.integers(-4000, -120)),
    st.integers(0, 3),
    st.booleans(),
)


@settings(max_examples=60, deadline=None, print_blob=True)
@given(days=st.lists(_DAY, max_size=60), today_shift=st.integers(-3, 3), old=st.booleans())
def test_sql_runs_match_the_engine(
    days: list[tuple[int, int, bool]], today_shift: int, old: bool
) -> None:
    db = _journal()
    today = TODAY + timedelta(days=today_shift)
    _fill(db, days)
    if old:  # an old import's typo: kept days the engine never judges
        for slot in (1, 2, 3):
            _add(db, Kind.THREE, date(1899, 12, 31), slot)
    _check(db, today)
    db.close()


def test_a_long_run_up_to_today_and_one_left_open(conn: sqlite3.Connection) -> None:
    for offset in range(400):
        _add(conn, Kind.GRATITUDE, TODAY - timedelta(days=offset))
    runs = streaks.streak_runs(conn, STREAKS[0], TODAY)
    assert (runs.current, runs.best, runs.open) == (400, 400, False)
    tomorrow = streaks.streak_runs(conn, STREAKS[0], TODAY + timedelta(days=1)).streak()
    assert (tomorrow.current, tomorrow.best, tomorrow.at_risk) == (400, 400, True)
    gone = streaks.streak_runs(conn, STREAKS[0], TODAY + timedelta(days=2)).streak()
    assert (gone.current, gone.best, gone.at_risk) == (0, 400, False)
    _check(conn, TODAY)


def test_an_empty_journal_has_nothing_at_risk(conn: sqlite3.Connection) -> None:
    assert streaks.streak_runs(conn, STREAKS[1], TODAY).streak() == daily_streak((), TODAY)


def _summaries(db: sqlite3.Connection) -> list[tuple[str, str]]:
    return db.execute("SELECT name, through FROM streak_summary ORDER BY name").fetchall()


@settings(max_examples=60, deadline=None, print_blob=True)
@given(
    days=st.lists(_DAY, max_size=60),
    through_shift=st.integers(-400, 5),
    today_shift=st.integers(-3, 3),
    change=st.tuples(st.integers(-500, 3), st.sampled_from(["add", "delete", "move"])),
)
def test_a_kept_summary_gives_the_same_streaks_before_and_after_a_change(
    days: list[tuple[int, int, bool]],
    through_shift: int,
    today_shift: int,
    change: tuple[int, str],
) -> None:
    """Reading through a summary, and after any change to any day, agrees with the engine."""
    db = _journal()
    _fill(db, days)
    today = TODAY + timedelta(days=today_shift)
    through = TODAY + timedelta(days=through_shift)
    streaks.keep_summaries(db, through)
    assert _summaries(db) == [("gratitude", through.isoformat()), ("three", through.isoformat())]
    _check(db, today)
    offset, how = change
    day = (TODAY + timedelta(days=offset)).isoformat()
    if how == "add":
        _add(db, Kind.GRATITUDE, TODAY + timedelta(days=offset))
    elif how == "delete":
        db.execute("DELETE FROM entry WHERE day = ?", (day,))
    else:
        db.execute("UPDATE entry SET day = ? WHERE seq = (SELECT min(seq) FROM entry)", (day,))
    _check(db, today)
    streaks.keep_summaries(db, through)
    _check(db, today)
    db.close()


def test_a_change_to_a_summarised_day_drops_the_summaries(conn: sqlite3.Connection) -> None:
    for offset in range(30):
        _add(conn, Kind.GRATITUDE, TODAY - timedelta(days=offset))
    streaks.keep_summaries(conn, TODAY - timedelta(days=2))
    _add(conn, Kind.GRATITUDE, TODAY + timedelta(days=1))  # after it: kept
    assert len(_summaries(conn)) == 2
    conn.execute("DELETE FROM entry WHERE day = ?", ((TODAY - timedelta(days=10)).isoformat(),))
    assert _summaries(conn) == []
    runs = streaks.streak_runs(conn, STREAKS[0], TODAY)
    assert (runs.current, runs.best) == (10, 19)


def test_a_summary_is_read_for_the_days_before_it(conn: sqlite3.Connection) -> None:
    """The summary is what the read uses: a wrong one shows (so the tests above mean it)."""
    for offset in range(30):
        _add(conn, Kind.GRATITUDE, TODAY - timedelta(days=offset))
    streaks.keep_summaries(conn, TODAY - timedelta(days=2))
    conn.execute("UPDATE streak_summary SET best = 500, run = 400 WHERE name = 'gratitude'")
    runs = streaks.streak_runs(conn, STREAKS[0], TODAY)
    assert (runs.current, runs.best) == (402, 500)
    # A summary that is not before today (the clock moved back) is not used.
    before = streaks.streak_runs(conn, STREAKS[0], TODAY - timedelta(days=2))
    assert (before.current, before.best) == (28, 28)


def test_every_write_keeps_the_summary_two_days_before_its_last_day(cli, rows) -> None:  # type: ignore[no-untyped-def]
    for day in ("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-10"):
        assert cli("gratitude", "add", "kind words", "--date", day).exit_code == 0
    assert rows("SELECT name, through, best, run FROM streak_summary ORDER BY name") == [
        ("gratitude", "2026-11-08", 3, 0),
        ("three", "2026-11-08", 0, 0),
    ]
    assert cli("gratitude", "add", "an older day", "--date", "2026-10-31").exit_code == 0
    assert rows("SELECT name, through, best FROM streak_summary ORDER BY name") == [
        ("gratitude", "2026-11-08", 4),
        ("three", "2026-11-08", 0),
    ]


def _streaks_json(cli) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = cli("streaks", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _write(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Change the stored data behind sparklog's back, as a test of what reads use."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            return list(conn.execute(sql, params))
    finally:
        conn.close()


def test_rituals_read_through_their_kept_walks_as_from_every_check_off(  # type: ignore[no-untyped-def]
    cli, rows, db_path: Path
) -> None:
    """`streaks` going on from the kept walks shows what walking every check-off shows,
    before and after a change to an older day and a pause over walked days."""
    assert cli("ritual", "add", "Tea", "--daily").exit_code == 0
    assert cli("ritual", "add", "Date night", "--weekly", "1").exit_code == 0
    first = date(2026, 8, 1)
    for offset in range(100):
        day = (first + timedelta(days=offset)).isoformat()
        if offset % 9 != 4:
            assert cli("ritual", "done", "tea", "--date", day).exit_code == 0
        if offset % 7 == 3 and offset % 4:
            assert cli("ritual", "done", "date", "--date", day).exit_code == 0
    assert len(rows("SELECT 1 FROM ritual_walk")) == 2

    def without_walks() -> dict:  # type: ignore[type-arg]
        saved = rows("SELECT * FROM ritual_walk")
        _write(db_path, "DELETE FROM ritual_walk")
        try:
            return _streaks_json(cli)
        finally:
            for row in saved:
                _write(db_path, "INSERT INTO ritual_walk VALUES (?, ?, ?, ?, ?, ?, ?, ?)", *row)

    with_walks = _streaks_json(cli)
    assert with_walks == without_walks()
    assert max(ritual["streak"]["best"] for ritual in with_walks["rituals"]) > 5
    # A check-off taken back on a walked day drops that ritual's walk as it is
    # written; the write walks it again, and the streaks still agree.
    assert cli("ritual", "undo", "tea", "--date", "2026-08-20").exit_code == 0
    assert len(rows("SELECT 1 FROM ritual_walk")) == 2
    assert _streaks_json(cli) == without_walks()
    _write(db_path, "DELETE FROM ritual_check WHERE day = '2026-08-21'")
    assert len(rows("SELECT 1 FROM ritual_walk")) == 1  # the trigger: Tea's walk is gone
    assert _streaks_json(cli) == without_walks()
    # A pause over walked days changes the walk's rule: it is walked again.
    paused = cli("ritual", "pause", "tea", "--from", "2026-08-01", "--to", "2026-08-10")
    assert paused.exit_code == 0
    assert _streaks_json(cli) == without_walks()


def test_a_kept_walk_is_what_the_read_goes_on_from(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Wrong numbers in a kept walk show, so the agreement above means something."""
    assert cli("ritual", "add", "Tea", "--daily").exit_code == 0
    for offset in range(40):
        day = (date(2026, 10, 1) + timedelta(days=offset)).isoformat()
        assert cli("ritual", "done", "tea", "--date", day).exit_code == 0
    assert _streaks_json(cli)["rituals"][0]["streak"]["best"] == 40
    _write(db_path, "UPDATE ritual_walk SET best = 900, run = 800")
    assert _streaks_json(cli)["rituals"][0]["streak"]["best"] == 900
    # A walk for another week start is not used.
    _write(db_path, "UPDATE ritual_walk SET rule = replace(rule, ' 0', ' 6')")
    assert _streaks_json(cli)["rituals"][0]["streak"]["best"] == 40
