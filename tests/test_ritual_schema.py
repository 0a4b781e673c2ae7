"""A journal written by the Foundation schema (v1) upgrades to the ritual tables intact.

tests/fixtures/schema_v1.db was made by tests/fixtures/make_schema_v1.py with
migration 1 only, and is committed, so this opens real older bytes.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from sparklog.store.migrations import APPLICATION_ID, LATEST
from tests.conftest import Invoke

FIXTURE = Path(__file__).parent / "fixtures" / "schema_v1.db"

ENTRY_COLUMNS = "id, kind, day, written_at, text, lang, slot, positive, horseman, reframe"


def _read(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def _snapshot(path: Path) -> dict[str, Any]:
    return {
        "entries": _read(path, f"SELECT {ENTRY_COLUMNS} FROM entry ORDER BY seq"),
        "tags": _read(path, "SELECT entry_id, tag FROM entry_tag ORDER BY entry_id, tag"),
    }


def test_the_fixture_is_a_v1_journal_without_ritual_tables() -> None:
    assert _read(FIXTURE, "PRAGMA user_version") == [(1,)]
    assert _read(FIXTURE, "PRAGMA application_id") == [(APPLICATION_ID,)]
    tables = {name for (name,) in _read(FIXTURE, "SELECT name FROM sqlite_master")}
    assert "entry" in tables and "ritual" not in tables
    assert len(_snapshot(FIXTURE)["entries"]) == 7


def test_a_v1_journal_opens_upgrades_and_keeps_every_row(
    cli: Invoke, db_path: Path, frozen: object
) -> None:
    db_path.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURE, db_path)
    before = _snapshot(db_path)

    listed = cli("gratitude", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    texts = {entry["text"] for entry in json.loads(listed.stdout)}
    assert "Dein Lächeln beim Frühstück, and the walk #walk #park" in texts
    assert "the call at lunch" in texts

    assert _read(db_path, "PRAGMA user_version") == [(LATEST,)]
    assert _read(db_path, "PRAGMA application_id") == [(APPLICATION_ID,)]
    assert _snapshot(db_path) == before
    # Full-text search still finds the old rows through the kept index.
    found = _read(db_path, "SELECT rowid FROM entry_fts WHERE entry_fts MATCH 'trash'")
    assert len(found) == 1

    [backup] = sorted((db_path.parent / "backups").glob("sparklog.db--pre-upgrade-v1-*.db"))
    assert _read(backup, "PRAGMA user_version") == [(1,)]
    assert _snapshot(backup) == before

    # The new tables work on the upgraded file.
    assert cli("ritual", "add", "Coffee").exit_code == 0
    assert cli("ritual", "done", "coffee").exit_code == 0
    assert _read(db_path, "SELECT count(*) FROM ritual_check") == [(1,)]
    streaks = json.loads(cli("streaks", "--json").stdout)
    assert streaks["streaks"]["three"]["best"] == 1
    assert streaks["streaks"]["gratitude"]["best"] == 2  # 1 and 2 October
    assert _snapshot(db_path) == before
