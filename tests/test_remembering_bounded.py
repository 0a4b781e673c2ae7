"""`memories` and `trends` read only what their window holds, however long the history.

Every statement they run is checked with EXPLAIN QUERY PLAN: none may scan the
entries or the check-offs (a scan grows with the journal's age); each must seek
through an index by day or by ritual.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from sparklog.app import remembering, trends, views
from sparklog.config import Config
from sparklog.core.memories import random_pick
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
    found = remembering.memories(journal, date(2026, 11, 21))
    assert [m.label for m in found.memories] == ["a year ago", "5 years ago", "9 years ago"]
    assert scans(db_path, statements) == []


def test_the_check_catches_a_scan(db_path: Path, journal: views.JournalRef) -> None:
    """The old first-check-off query read every check-off; the check sees that."""
    old = "SELECT ritual_id, min(day) FROM ritual_check GROUP BY ritual_id"
    assert scans(db_path, [old]) != []


def test_random_memory_counts_per_block_and_reads_one_entry(
    cli: Invoke, db_path: Path, statements: list[str], rng: random.Random, tmp_path: Path
) -> None:
    """The journal's choice is `random_pick`'s over (seq, day), read without a scan:
    a count per 30-day block, then the one entry at its place."""
    start = date(2024, 1, 1)
    entries = []
    for n in range(400):
        kind = rng.choice(["gratitude", "three", "observation"])
        day = start + timedelta(days=rng.randrange(900))
        entries.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "kind": kind,
                "date": day.isoformat(),
                "written_at": f"{day.isoformat()}T21:00:00+01:00",
                "text": f"{kind} {n}",
                "tags": [],
                "lang": None,
                "slot": None,
                "positive": True if kind == "observation" else None,
                "horseman": None,
                "reframe": None,
            }
        )
    # Three-things items need distinct slots per day: number them in filing order.
    slots: dict[str, int] = {}
    for item in entries:
        if item["kind"] == "three":
            slots[item["date"]] = slots.get(item["date"], 0) + 1
            if slots[item["date"]] > 3:
                item["kind"] = "gratitude"
            else:
                item["slot"] = slots[item["date"]]
    document = tmp_path / "history.json"
    document.write_text(json.dumps({"format": "sparklog", "version": 1, "entries": entries}))
    imported = cli("import", str(document))
    assert imported.exit_code == 0, imported.stderr

    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT seq, id, day FROM entry WHERE kind IN ('gratitude', 'three')"
        ).fetchall()
    finally:
        conn.close()
    by_seq = {seq: entry_id for seq, entry_id, _ in rows}
    filed = [(seq, date.fromisoformat(day)) for seq, _, day in rows]
    assert len({day for _, day in filed}) < len(filed), "some days hold several"
    journal = views.JournalRef(db_path)
    for offset in range(0, 1000, 7):
        day = start + timedelta(days=offset)
        statements.clear()
        shown = remembering.random_memory(journal, day)
        expected = random_pick(day, filed)
        assert (shown.id if shown else None) == (None if expected is None else by_seq[expected])
        assert scans(db_path, statements) == []
        # The counts, then the one entry if any (its tags are read apart, from entry_tag).
        reads = sum(bool(re.search(r"FROM entry\b", sql)) for sql in statements)
        assert reads == (1 if shown is None else 2)
