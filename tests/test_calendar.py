"""`sparklog month` and `sparklog year`: heat maps that fit 80 columns."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from sparklog.core.calendar import level, month_starts, weekday_labels, weeks_between
from sparklog.store.db import open_journal
from tests.conftest import Invoke

SHADES = "·░▒▓█"


def _ok(result: Any) -> str:
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    text: str = result.stdout
    return text


def _grid_rows(shown: str) -> list[str]:
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return [line for line in shown.splitlines() if line[:3] in names and line[3:4] == " "]


def fill_year(db_path: Path, year: int, last: date) -> None:
    """Entries on every day of a year up to `last` (0..6 a day) and a ritual kept often."""
    from sparklog.store.db import add_functions

    conn = sqlite3.connect(db_path)
    add_functions(conn)  # the search index's triggers call sparklog_fold
    ritual = str(uuid.uuid4())
    conn.execute(
        "INSERT INTO ritual (id, name, name_key, cadence, created) VALUES (?, ?, ?, 'daily', ?)",
        (ritual, "Walk", "walk", f"{year}-01-01"),
    )
    day = date(year, 1, 1)
    while day <= last:
        for n in range(day.toordinal() % 7):
            conn.execute(
                "INSERT INTO entry (id, kind, day, written_at, text) VALUES (?, 'gratitude', ?,"
                " ?, ?)",
                (str(uuid.uuid4()), day.isoformat(), f"{day}T21:00:00+01:00", f"thanks {n}"),
            )
        if day.toordinal() % 3:
            conn.execute(
                "INSERT INTO ritual_check (id, ritual_id, day, written_at) VALUES (?, ?, ?, ?)",
                (str(uuid.uuid4()), ritual, day.isoformat(), f"{day}T21:00:00+01:00"),
            )
        day += timedelta(days=1)
    conn.commit()
    conn.close()


def test_empty_journal_month_and_year(cli: Invoke, frozen: object) -> None:
    month = _ok(cli("month"))
    assert "November 2026" in month
    assert "Nothing logged this month yet" in month
    assert " 30" in month
    year = _ok(cli("year"))
    assert year.startswith("2026")
    assert "Nothing logged this year yet" in year
    assert len(_grid_rows(year)) == 7
    assert "Rituals kept" not in year


def test_full_year_grid(cli: Invoke, db_path: Path, frozen: object) -> None:
    open_journal(db_path, write=True).close()
    fill_year(db_path, 2025, date(2025, 12, 31))
    shown = _ok(cli("year", "2025"))
    rows = _grid_rows(shown)
    assert len(rows) == 14  # seven for entries, seven for rituals
    cells = "".join(row[4:] for row in rows[:7])
    assert cells.replace(" ", "") and set(cells.replace(" ", "")) <= set(SHADES)
    assert sum(1 for char in cells if char in SHADES) == 365
    for shade in SHADES:
        assert shade in cells
    assert "Jan" in shown and "Dec" in shown
    assert "Rituals kept a day" in shown
    assert "in 2025" in shown
    assert "days logged" in shown


def test_current_year_leaves_future_days_blank(cli: Invoke, db_path: Path, frozen: object) -> None:
    open_journal(db_path, write=True).close()
    fill_year(db_path, 2026, date(2026, 11, 21))
    rows = _grid_rows(_ok(cli("year")))
    cells = "".join(row[4:] for row in rows[:7])
    assert sum(1 for char in cells if char in SHADES) == date(2026, 11, 21).timetuple().tm_yday


def test_month_marks_kept_days_and_shading(cli: Invoke, frozen: object) -> None:
    cli("ritual", "add", "Walk")
    cli("ritual", "done", "Walk", "-d", "2026-11-03")
    for text in ("a", "b", "c", "d"):
        cli("gratitude", "add", text, "-d", "2026-11-03")
    cli("gratitude", "add", "one", "-d", "2026-11-04")
    shown = _ok(cli("month"))
    assert "   3 ▓ ✓" in shown
    assert "   4 ░  " in shown
    assert "2 of 21 days logged this month, 5 entries; rituals kept on 1 day." in shown


def test_month_of_another_month_and_year_month_form(cli: Invoke, frozen: object) -> None:
    cli("gratitude", "add", "old", "-d", "2024-02-29")
    for value in ("2024-02-10", "2024-02"):
        shown = _ok(cli("month", "--date", value))
        assert "February 2024" in shown
        assert "  29 ░" in shown
        assert "that month" in shown
    assert cli("month", "--date", "2026-12").exit_code == 2
    assert cli("month", "--date", "2026-13").exit_code == 2


def test_week_start_sunday_turns_the_grids(cli: Invoke, config_file: Path, frozen: object) -> None:
    config_file.write_text('week_start = "sunday"\n')
    month = _ok(cli("month"))
    header = next(line for line in month.splitlines() if "Mon" in line)
    assert header.split() == ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    # 1 November 2026 is a Sunday: first cell of the first row.
    assert month.splitlines()[2].startswith("   1 ")
    assert next(row[:3] for row in _grid_rows(_ok(cli("year")))) == "Sun"


def test_year_refuses_the_future_and_nonsense(cli: Invoke, frozen: object) -> None:
    result = cli("year", "2027")
    assert result.exit_code == 2 and "future" in result.stderr
    assert cli("year", "0").exit_code == 2
    assert cli("year", "next").exit_code == 2


def test_calendar_reads_one_grouped_query_per_table(
    db_path: Path, frozen: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However long the range, the read side answers with two aggregate queries."""
    from sparklog.app.journal_ref import JournalRef
    from sparklog.app.listings import calendar_span
    from sparklog.store import reader

    open_journal(db_path, write=True).close()
    fill_year(db_path, 2025, date(2025, 12, 31))
    seen: list[str] = []
    connect = reader._connect

    def traced(path: Path, key: str | None) -> object:
        conn = connect(path, key)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(reader, "_connect", traced)
    span = calendar_span(
        JournalRef(db_path), date(2025, 1, 1), date(2025, 12, 31), today=date(2026, 11, 21)
    )
    queries = [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 2
    assert all("GROUP BY" in sql for sql in queries)
    assert span.days_logged == sum(1 for d in range(365) if (date(2025, 1, 1).toordinal() + d) % 7)


@pytest.mark.parametrize("year", range(2020, 2032))
def test_year_grid_shape(year: int) -> None:
    for start in (0, 6):
        weeks = weeks_between(date(year, 1, 1), date(year, 12, 31), start)
        assert 53 <= len(weeks) <= 54
        days = [day for week in weeks for day in week if day is not None]
        assert len(days) == (366 if year % 4 == 0 else 365)
        assert days == sorted(days)
        assert next(name for _, name in month_starts(weeks)) == "Jan"
        assert len(month_starts(weeks)) == 12


def test_levels_and_labels() -> None:
    assert [level(n) for n in (0, 1, 2, 3, 4, 5, 6, 40)] == [0, 1, 2, 2, 3, 3, 4, 4]
    assert weekday_labels(6)[:2] == ["Sun", "Mon"]
