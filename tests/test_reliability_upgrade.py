"""Upgrades: every older journal opens, keeps every row, and leaves a backup first.

The fixtures in tests/fixtures are journals as each schema version left them
(schema_v1.db, schema_v2.db, ...). When a migration is added, its fixture must be
added too: `test_there_is_a_fixture_for_every_schema_version` insists.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from sparklog.store.migrations import APPLICATION_ID, LATEST, MIGRATIONS
from tests.conftest import Invoke

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_FILES = sorted(FIXTURES.glob("schema_v*.db"))


def make_v1_journal(path: Path, *, entries: int) -> None:
    """A journal as the first released schema left it, built from its own migration."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    try:
        for statement in MIGRATIONS[0].statements:
            conn.execute(statement)
        for number in range(entries):
            conn.execute(
                "INSERT INTO entry (id, kind, day, written_at, text) VALUES (?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()),
                    "gratitude",
                    "2026-01-0" + str(1 + number % 9),
                    "2026-01-01T20:00:00+01:00",
                    f"old entry {number}",
                ),
            )
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def _version(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def _columns(path: Path) -> dict[str, list[str]]:
    """Each ordinary table's column names."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'entry_fts%'"
            )
        ]
        return {
            table: [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            for table in tables
        }
    finally:
        conn.close()


def _content(
    path: Path, columns: dict[str, list[str]] | None = None
) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every ordinary table, sorted, read without writing.

    With `columns`, only those tables and columns: what an older schema held,
    read back from a newer one whose tables gained columns.
    """
    chosen = columns if columns is not None else _columns(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            table: sorted(conn.execute(f'SELECT {", ".join(names)} FROM "{table}"'), key=repr)
            for table, names in chosen.items()
        }
    finally:
        conn.close()


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(item.relative_to(folder)): hashlib.sha256(item.read_bytes()).hexdigest()
        for item in sorted(folder.rglob("*"))
        if item.is_file()
    }


def test_there_is_a_fixture_for_every_schema_version() -> None:
    versions = sorted(_version(path) for path in FIXTURE_FILES)
    assert versions == list(range(1, LATEST + 1))
    for path in FIXTURE_FILES:
        assert path.name == f"schema_v{_version(path)}.db"


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda path: path.stem)
def test_an_older_journal_upgrades_keeping_every_row_and_a_backup(
    fixture: Path, db_path: Path, cli: Invoke, frozen: object
) -> None:
    db_path.parent.mkdir(parents=True)
    shutil.copyfile(fixture, db_path)
    version = _version(db_path)
    old_columns = _columns(db_path)
    before = _content(db_path)
    assert sum(len(rows) for rows in before.values()) > 0, "a fixture should hold data"

    result = cli("info")
    assert result.exit_code == 0, result.stderr
    assert f"version {LATEST}" in result.stdout

    after = _content(db_path, old_columns)
    for table, rows in before.items():
        assert set(rows) <= set(after[table]), f"rows lost from {table}"
        assert len(after[table]) == len(rows), f"rows appeared in {table}"
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA user_version").fetchone() == (LATEST,)
    assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    # The search index still finds text written under the old schema.
    some_text = conn.execute("SELECT text FROM entry ORDER BY seq LIMIT 1").fetchone()[0]
    word = max(some_text.replace("#", " ").split(), key=len)
    found = conn.execute("SELECT count(*) FROM entry_fts WHERE entry_fts MATCH ?", (f'"{word}"',))
    assert found.fetchone()[0] >= 1
    conn.close()

    backups = sorted((db_path.parent / "backups").glob("sparklog.db--pre-upgrade-*.db"))
    if version == LATEST:
        assert backups == [], "a journal already at the latest schema needs no backup"
    else:
        assert len(backups) == 1
        assert backups[0].name.startswith(f"sparklog.db--pre-upgrade-v{version}-")
        assert _version(backups[0]) == version
        assert _content(backups[0]) == before
        assert backups[0].stat().st_mode & 0o077 == 0, "the backup is private"

    # The upgraded journal takes new writes of every kind.
    assert cli("gratitude", "add", "after the upgrade").exit_code == 0
    assert cli("ritual", "add", "Evening tea").exit_code == 0
    assert cli("ritual", "done", "Evening tea").exit_code == 0
    assert "after the upgrade" in cli("log").stdout


def test_a_failed_backup_stops_the_upgrade_and_changes_nothing(db_path: Path, cli: Invoke) -> None:
    fixture = FIXTURES / "schema_v1.db"
    db_path.parent.mkdir(parents=True)
    shutil.copyfile(fixture, db_path)
    (db_path.parent / "backups").write_text("a file where the backups folder should be")
    before = _digest(db_path.parent)

    result = cli("today")
    assert result.exit_code == 1
    assert len(result.err_lines) == 1
    assert "could not back up" in result.err_lines[0]
    assert "nothing was changed" in result.err_lines[0]
    assert _digest(db_path.parent) == before


@pytest.mark.parametrize("command", [("today",), ("gratitude", "add", "hello"), ("info",)])
def test_a_journal_from_a_newer_sparklog_is_refused_untouched(
    db_path: Path, cli: Invoke, command: tuple[str, ...]
) -> None:
    db_path.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / f"schema_v{LATEST}.db", db_path)
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.commit()
    conn.close()
    before = _digest(db_path.parent)
    mtime = db_path.stat().st_mtime_ns

    result = cli(*command)
    assert result.exit_code == 1
    assert len(result.err_lines) == 1
    line = result.err_lines[0]
    assert "newer sparklog" in line and "upgrade sparklog" in line
    assert result.stdout == ""
    assert _digest(db_path.parent) == before, "not a byte may change"
    assert db_path.stat().st_mtime_ns == mtime
