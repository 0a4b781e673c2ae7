"""The journal file: its schema, pragmas, and what the tables hold."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sparklog.store.db import open_journal, schema_columns
from sparklog.store.migrations import APPLICATION_ID, LATEST
from sparklog.store.models import CheckRow, EntryRow, EntryTagRow, PauseRow, RitualRow
from tests.conftest import Invoke


def test_migrated_schema_matches_the_models(db_path: Path) -> None:
    journal = open_journal(db_path, write=True)
    columns = schema_columns(journal.engine)
    for model in (EntryRow, EntryTagRow, RitualRow, CheckRow, PauseRow):
        table = model.__table__  # type: ignore[attr-defined]
        assert sorted(columns[table.name]) == sorted(c.name for c in table.columns)
    journal.close()


def test_new_journal_is_marked_and_in_wal_mode(cli: Invoke, db_path: Path) -> None:
    assert cli("gratitude", "add", "the first words").exit_code == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_foreign_keys_and_busy_timeout_are_on(db_path: Path) -> None:
    journal = open_journal(db_path, write=False)
    with journal.transaction() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    journal.close()


def test_search_index_follows_inserts_and_deletes(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    cli("three", "pancakes", "violin", "garden")
    found = "SELECT count(*) FROM entry_fts WHERE entry_fts MATCH ?"
    assert rows(found, "violin") == [(1,)]
    cli("three", "tea", "rain", "books", "--replace")
    assert rows(found, "violin") == [(0,)]
    assert rows(found, "rain") == [(1,)]


def test_info_names_the_paths_and_counts(cli: Invoke, db_path: Path) -> None:
    cli("gratitude", "add", "words")
    cli("ritual", "add", "Walk")
    cli("ritual", "add", "Swim")
    cli("ritual", "done", "walk")
    cli("ritual", "archive", "swim")
    result = cli("info")
    assert result.exit_code == 0
    flat = result.stdout.replace("\n", "")
    assert str(db_path) in flat
    assert f"version {LATEST}" in result.stdout
    assert "gratitude 1" in result.stdout
    assert "rituals   active 1, archived 1, check-offs 1" in result.stdout


def test_reading_a_journal_not_written_yet_creates_nothing(cli: Invoke, db_path: Path) -> None:
    """The journal and its folder appear with the first write, not with a look."""
    for command in (["today"], ["week"], ["info"], ["ritual", "list"], ["gratitude", "list"]):
        assert cli(*command).exit_code == 0
    assert not db_path.parent.exists()
    assert cli("gratitude", "add", "now it begins").exit_code == 0
    assert db_path.exists()


def test_reading_through_a_mistyped_path_creates_nothing(cli: Invoke, tmp_path: Path) -> None:
    typo = tmp_path / "no-such-folder" / "journal.db"
    for command in (["today"], ["week", "--json"], ["log"], ["info"], ["streaks"]):
        result = cli("--db", str(typo), *command)
        assert result.exit_code == 0, result.stderr
    assert "not created yet" in cli("--db", str(typo), "info").stdout
    assert not typo.parent.exists()
    assert cli("--db", str(typo), "gratitude", "add", "first words").exit_code == 0
    assert typo.exists()
