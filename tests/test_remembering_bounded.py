"""`memories` and `trends` read only what their window holds, however long the history.

Every statement they run is checked with EXPLAIN QUERY PLAN: none may scan the
entries or the check-offs (a scan grows with the journal's age); each must seek
through an index by day or by ritual.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sparklog.app import trends, views
from sparklog.config import Config
from sparklog.store import reader
from tests.conftest import Invoke

GROWING = ("entry", "ritual_check", "entry_tag")


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SQL the read side runs, with its values bound."""
    seen: list[str] = []
    connect = reader._connect

    def traced(path: Path, key: str | None) -> Any:
        conn = connect(path, key)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(reader, "_connect", traced)
    return seen


def scans(db: Path, sql: list[str]) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        found = []
        for statement in sql:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            for *_, detail in conn.execute("EXPLAIN QUERY PLAN " + statement):
                if any(detail.startswith(f"SCAN {table}") for table in GROWING):
                    found.append((statement, detail))
        return found
    finally:
        conn.close()


@pytest.fixture
def journal(cli: Invoke, db_path: Path) -> views.JournalRef:
    cli("ritual", "add", "Coffee")
    for year in (2017, 2021, 2025):
        cli("gratitude", "add", f"from {year} #old", "--date", f"{year}-11-21", "--lang", "time")
        cli("ritual", "done", "coffee", "--date", f"{year}-11-21")
    cli("observe", "a hard one", "--negative", "--date", "2026-11-02")
    return views.JournalRef(db_path)


def test_trends_seeks_its_months_and_each_ritual(
    journal: views.JournalRef, statements: list[str], db_path: Path
) -> None:
    found = trends.trends(journal, date(2026, 11, 21), Config(), 13)
    assert sum(m.appreciations for m in found.months) == 1
    assert any("ritual_check" in sql for sql in statements)
    assert scans(db_path, statements) == []


def test_memories_seeks_its_days(
    journal: views.JournalRef, statements: list[str], db_path: Path
) -> None:
    found = views.memories(journal, date(2026, 11, 21))
    assert [m.label for m in found.memories] == ["a year ago", "5 years ago", "9 years ago"]
    assert scans(db_path, statements) == []


def test_the_check_catches_a_scan(db_path: Path, journal: views.JournalRef) -> None:
    """The old first-check-off query read every check-off; the check sees that."""
    old = "SELECT ritual_id, min(day) FROM ritual_check GROUP BY ritual_id"
    assert scans(db_path, [old]) != []
