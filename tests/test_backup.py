"""`sparklog backup`: a consistent, private copy that never replaces a file."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import time_machine

from sparklog.store import files
from tests.conftest import Invoke

WRITES = 8
"""How many separate `gratitude add` processes the concurrent test runs."""


def entries_in(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [text for (text,) in conn.execute("SELECT text FROM entry ORDER BY seq")]
    finally:
        conn.close()


def test_default_backup_is_timestamped_beside_the_journal(
    cli: Invoke, db_path: Path, frozen: object
) -> None:
    cli("gratitude", "add", "You fixed the bike 🚲")
    cli("three", "one", "two", "three")
    result = cli("backup")
    assert result.exit_code == 0, result.stderr
    expected = db_path.parent / "backups" / "sparklog.db--20261121-210000.db"
    assert f"Backed up the journal to {expected}" in result.stdout.replace("\n", "")
    assert stat.S_IMODE(expected.stat().st_mode) == 0o600
    assert stat.S_IMODE(expected.parent.stat().st_mode) == 0o700
    assert entries_in(expected) == ["You fixed the bike 🚲", "one", "two", "three"]
    second = cli("backup")
    assert second.exit_code == 0
    again = db_path.parent / "backups" / "sparklog.db--20261121-210000-2.db"
    assert again.exists(), "a second backup in the same second gets its own name"
    assert entries_in(expected) == entries_in(again)


def test_a_backup_is_a_journal_sparklog_can_open(
    cli: Invoke, tmp_path: Path, frozen: object
) -> None:
    cli("gratitude", "add", "kept safe")
    target = tmp_path / "copy.db"
    assert cli("backup", "--out", str(target)).exit_code == 0
    listed = cli("--db", str(target), "gratitude", "list")
    assert "kept safe" in listed.stdout
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_backup_never_replaces_a_file(cli: Invoke, tmp_path: Path) -> None:
    cli("gratitude", "add", "something")
    target = tmp_path / "precious.txt"
    target.write_text("do not touch", encoding="utf-8")
    result = cli("backup", "--out", str(target))
    assert result.exit_code == 1
    assert len(result.err_lines) == 1
    assert "already exists" in result.err_lines[0]
    assert target.read_text(encoding="utf-8") == "do not touch"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert not (tmp_path / "data" / "backups").exists()


def test_backup_into_a_folder_uses_the_timestamped_name(
    cli: Invoke, tmp_path: Path, frozen: object
) -> None:
    cli("gratitude", "add", "something")
    folder = tmp_path / "usb"
    folder.mkdir()
    result = cli("backup", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in folder.iterdir()] == ["sparklog.db--20261121-210000.db"]


def test_backup_without_a_journal_creates_nothing(cli: Invoke, db_path: Path) -> None:
    result = cli("backup")
    assert result.exit_code == 1
    assert result.err_lines == [
        f"sparklog: there is no journal at {db_path} yet; nothing to back up"
    ]
    assert not db_path.parent.exists()


def test_backup_refuses_a_file_that_is_not_a_journal(cli: Invoke, tmp_path: Path) -> None:
    foreign = tmp_path / "notes.db"
    foreign.write_text("just some text, not SQLite", encoding="utf-8")
    result = cli("--db", str(foreign), "backup")
    assert result.exit_code == 1
    assert "not a sparklog journal" in result.err_lines[0]
    assert not (tmp_path / "backups").exists()


def test_backup_to_a_missing_folder_is_one_line(cli: Invoke, tmp_path: Path) -> None:
    cli("gratitude", "add", "something")
    result = cli("backup", "--out", str(tmp_path / "nowhere" / "b.db"))
    assert result.exit_code == 2
    assert result.err_lines == [
        f"sparklog: the folder {tmp_path / 'nowhere'} does not exist; create it first"
    ]


def test_automatic_backups_keep_the_newest_five_and_never_touch_manual_ones(
    cli: Invoke, db_path: Path
) -> None:
    cli("gratitude", "add", "something")
    assert files.KEEP_AUTOMATIC_BACKUPS == 5
    with time_machine.travel("2026-11-21T09:00:00+01:00", tick=False):
        assert cli("backup").exit_code == 0
    taken = []
    for hour in range(10, 17):
        taken.append(files.automatic_backup(db_path, 1, datetime(2026, 11, 21, hour)))
    folder = db_path.parent / "backups"
    kept = sorted(p.name for p in folder.glob(f"sparklog.db--{files.AUTOMATIC_PREFIX}*.db"))
    assert kept == sorted(p.name for p in taken[-5:])
    assert (folder / "sparklog.db--20261121-090000.db").exists()


@pytest.mark.slow
def test_backup_while_another_process_writes_is_consistent(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """Each backup holds exactly the first N notes written, for some N, and opens cleanly."""
    assert cli("gratitude", "add", "note 0").exit_code == 0
    # One writer process on the test's day, one transaction per note, as separate
    # `sparklog gratitude add` runs would make (without paying start-up each time).
    script = (
        "import contextlib, io, sys, time_machine\n"
        "time_machine.travel(sys.argv[1], tick=True).start()\n"
        "from sparklog.cli import main\n"
        f"for i in range(1, {WRITES} + 1):\n"
        "    sys.argv = ['sparklog', 'gratitude', 'add', f'note {i}']\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            main()\n"
        "        except SystemExit as stop:\n"
        "            assert not stop.code, stop.code\n"
        "    print(i, flush=True)\n"
    )
    copies: list[tuple[int, Path]] = []
    with subprocess.Popen(
        [sys.executable, "-c", script, datetime.now().astimezone().isoformat()],
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        assert writer.stdout is not None
        for line in writer.stdout:
            written = int(line)
            target = tmp_path / f"copy-{written}.db"
            result = cli("backup", "--out", str(target))
            assert result.exit_code == 0, result.stderr
            copies.append((written, target))
        assert writer.wait(timeout=120) == 0
    assert len(copies) == WRITES
    previous = 0
    for written, target in copies:
        found = entries_in(target)
        count = len(found)
        assert written + 1 <= count <= WRITES + 1
        assert found == [f"note {i}" for i in range(count)], "a prefix, with nothing torn"
        assert count >= previous
        previous = count
        conn = sqlite3.connect(target)
        try:
            indexed = conn.execute("SELECT count(*) FROM entry_fts").fetchone()[0]
            assert indexed == count, "the search index matches the entries"
        finally:
            conn.close()
    assert len(entries_in(db_path)) == WRITES + 1
