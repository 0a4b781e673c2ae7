"""The journal as a file: what may stand in its place, what may be written over it,
who may read it, and how SQLite's failures are told apart."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from sparklog.errors import JournalBusy
from sparklog.store import db as store_db, files
from tests.conftest import Invoke, run_process

Rows = Callable[..., list[tuple[Any, ...]]]


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("sparklog: ") and "Traceback" not in stderr
    return lines[0]


# --- export and backup never write over the journal ------------------------------------


def _protected(db: Path) -> dict[str, Path]:
    """The journal and its side files, reached directly, through `..` and through a link."""
    link = db.parent.parent / "link-to-journal"
    link.symlink_to(db)
    return {
        "journal": db,
        "wal": db.with_name(db.name + "-wal"),
        "shm": db.with_name(db.name + "-shm"),
        "dotdot": db.parent / ".." / db.parent.name / db.name,
        "symlink": link,
    }


@pytest.mark.parametrize("which", ["journal", "wal", "shm", "dotdot", "symlink"])
def test_export_out_refuses_the_live_journal_even_with_force(
    cli: Invoke, db_path: Path, rows: Rows, which: str
) -> None:
    assert cli("gratitude", "add", "keep me").exit_code == 0
    target = _protected(db_path)[which]
    before = db_path.read_bytes()
    result = cli("export", "--format", "csv", "--out", str(target), "--force")
    assert result.exit_code == 2
    assert "is the journal" in _one_line(result.stderr)
    assert db_path.read_bytes() == before
    assert rows("SELECT text FROM entry") == [("keep me",)]
    assert cli("gratitude", "add", "still a journal").exit_code == 0


@pytest.mark.parametrize("which", ["wal", "symlink"])
def test_backup_out_refuses_the_live_journal_with_the_same_check(
    cli: Invoke, db_path: Path, which: str
) -> None:
    assert cli("gratitude", "add", "keep me").exit_code == 0
    target = _protected(db_path)[which]
    result = cli("backup", "--out", str(target))
    assert result.exit_code == 2
    assert "is the journal" in _one_line(result.stderr)
    # No copy landed there: SQLite would take a database under the -wal name for its log.
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or not wal.read_bytes().startswith(files.SQLITE_HEADER)
    assert not (db_path.parent / "backups").exists()


def test_export_out_to_another_file_in_the_folder_still_works(cli: Invoke, db_path: Path) -> None:
    assert cli("gratitude", "add", "keep me").exit_code == 0
    out = db_path.with_name("sparklog.db-export.csv")
    assert cli("export", "--format", "csv", "--out", str(out)).exit_code == 0
    assert "keep me" in out.read_text(encoding="utf-8")


# --- backups of journals sharing a stem ------------------------------------------------


def test_journals_sharing_a_stem_keep_apart_backups(cli: Invoke, tmp_path: Path) -> None:
    """us.db and us.sqlite share a folder and a stem; their backups never mix."""
    from datetime import datetime

    db = tmp_path / "shared" / "us.db"
    sqlite = tmp_path / "shared" / "us.sqlite"
    for journal in (db, sqlite):
        assert cli("--db", str(journal), "gratitude", "add", journal.suffix).exit_code == 0
    mine = [files.automatic_backup(db, 1, datetime(2026, 11, 21, hour)) for hour in range(8)]
    theirs = files.automatic_backup(sqlite, 1, datetime(2026, 11, 21, 12))
    manual = files.manual_backup(sqlite, datetime(2026, 11, 21, 13))
    assert mine[0].name != theirs.name and theirs.name.startswith("us.sqlite--")
    folder = files.backups_dir(db)
    left = {item.name for item in folder.iterdir()}
    assert {item.name for item in mine[-files.KEEP_AUTOMATIC_BACKUPS :]} <= left
    assert {theirs.name, manual.name} <= left, "pruning us.db took us.sqlite's copies"
    assert len(left) == files.KEEP_AUTOMATIC_BACKUPS + 2
    assert not files.is_own_backup(db, theirs) and not files.is_own_backup(db, manual)
    assert files.is_own_backup(sqlite, manual) and files.is_own_backup(db, mine[-1])


@pytest.mark.parametrize(
    ("journal", "other"),
    [("us.db", "us.db--pre-upgrade-v1"), ("us.db", "us.db-x"), ("a--b.db", "a.db")],
)
def test_no_journal_name_claims_another_journals_backups(journal: str, other: str) -> None:
    """The part after the name never holds the separator, so names cannot overlap."""
    from datetime import datetime

    stamp = datetime(2026, 11, 21, 21).strftime("%Y%m%d-%H%M%S")
    for owner, stranger in ((journal, other), (other, journal)):
        names = [
            f"{owner}{files.BACKUP_SEPARATOR}{stamp}.db",
            f"{owner}{files.BACKUP_SEPARATOR}{files.AUTOMATIC_PREFIX}v1-{stamp}-2.db",
        ]
        for name in names:
            assert files.is_own_backup(Path(owner), Path(name))
            assert not files.is_own_backup(Path(stranger), Path(name)), (stranger, name)


# --- who may read the journal ------------------------------------------------------------


def test_the_first_write_makes_a_users_own_file_private(cli: Invoke, tmp_path: Path) -> None:
    journal = tmp_path / "mine" / "j.db"
    journal.parent.mkdir()
    journal.touch(mode=0o644)
    journal.chmod(0o644)
    assert cli("--db", str(journal), "gratitude", "add", "just for me").exit_code == 0
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    for side in ("-wal", "-shm"):
        beside = journal.with_name(journal.name + side)
        if beside.exists():
            assert stat.S_IMODE(beside.stat().st_mode) == 0o600, side


def test_reading_leaves_the_mode_alone(cli: Invoke, tmp_path: Path) -> None:
    journal = tmp_path / "mine" / "j.db"
    assert cli("--db", str(journal), "gratitude", "add", "x").exit_code == 0
    journal.chmod(0o640)
    assert cli("--db", str(journal), "today").exit_code == 0
    assert stat.S_IMODE(journal.stat().st_mode) == 0o640


# --- what cannot be a journal ------------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe" / "journal.db"
    path.parent.mkdir()
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", [["today"], ["gratitude", "add", "x"], ["backup"]])
def test_a_fifo_as_the_journal_is_refused_without_hanging(fifo: Path, command: list[str]) -> None:
    """Opening a FIFO blocks until a writer appears; the timeout catches a hang."""
    done = run_process("--db", str(fifo), *command, timeout=30)
    assert done.returncode == 1
    assert "not a regular file" in _one_line(done.stderr)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("through", ["option", "environment"])
def test_nudge_with_a_fifo_stays_silent_and_exits_0(fifo: Path, through: str) -> None:
    if through == "option":
        done = run_process("--db", str(fifo), "nudge", timeout=30)
    else:
        done = run_process("nudge", env={"SPARKLOG_DB": str(fifo)}, timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_fifo_as_the_nudge_stamp_does_not_hang(db_path: Path, cli: Invoke) -> None:
    assert cli("gratitude", "add", "x").exit_code == 0
    stamp = db_path.with_name(db_path.name + ".last")
    stamp.unlink()
    os.mkfifo(stamp)
    done = run_process("nudge", timeout=30)
    assert done.returncode == 0 and done.stderr == ""


@pytest.mark.parametrize("command", [["gratitude", "add", "x"], ["today"]])
def test_dev_null_as_the_journal_is_one_clear_line(cli: Invoke, command: list[str]) -> None:
    result = cli("--db", os.devnull, *command)
    assert result.exit_code == 1
    line = _one_line(result.stderr)
    assert "not a regular file" in line and "full" not in line


# --- a reader that goes away ------------------------------------------------------------


def _many_entries(db: Path, count: int) -> None:
    from datetime import date, datetime

    from sparklog.app.entries import new_gratitude
    from sparklog.store.db import open_journal
    from sparklog.store.entries import add_entry

    journal = open_journal(db, write=True)
    try:
        with journal.transaction() as session:
            written = datetime(2026, 11, 20, 20, 0).astimezone()
            for number in range(count):
                add_entry(
                    session, new_gratitude(f"note {number}", day=date(2026, 11, 20), now=written)
                )
    finally:
        journal.close()


@pytest.mark.parametrize(
    "command",
    [["gratitude", "list"], ["log", "--limit", "0"], ["gratitude", "list", "--json"]],
)
def test_a_reader_that_goes_away_is_not_an_error(db_path: Path, command: list[str]) -> None:
    """Like `sparklog gratitude list | head -1`: read one line, close the pipe."""
    _many_entries(db_path, 3000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "sparklog", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0, err
    assert err == b""


# --- --limit --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["99999999999999999999999", "1000001", "-1"])
def test_a_limit_out_of_range_is_a_usage_error_naming_the_range(cli: Invoke, value: str) -> None:
    assert cli("gratitude", "add", "x").exit_code == 0
    result = cli("log", "--limit", value)
    assert result.exit_code == 2
    line = _one_line(result.stderr)
    assert "0 (all) to 1000000" in line and "OverflowError" not in line


def test_the_largest_limit_works(cli: Invoke) -> None:
    assert cli("gratitude", "add", "x").exit_code == 0
    result = cli("log", "--limit", "1000000")
    assert result.exit_code == 0 and "x" in result.stdout


# --- SQLite's failures by name ----------------------------------------------------------


def _named(name: str, message: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorname = name
    return error


@pytest.mark.parametrize(
    ("name", "message", "expected"),
    [
        ("SQLITE_BUSY", "some wording", "busy"),
        ("SQLITE_BUSY_SNAPSHOT", "", "busy"),
        ("SQLITE_FULL", "", "is full"),
        ("SQLITE_READONLY_DBMOVED", "", "read-only"),
        ("SQLITE_NOTADB", "database is locked", "not a readable sparklog journal"),
        ("SQLITE_IOERR_WRITE", "readonly", "disk refused"),
        ("SQLITE_CANTOPEN", "", "cannot open"),
    ],
)
def test_sqlite_errors_are_read_by_name_not_wording(
    tmp_path: Path, name: str, message: str, expected: str
) -> None:
    """The wording is a decoy: the name alone decides, bare or wrapped by SQLAlchemy."""
    for error in (_named(name, message), OperationalError("stmt", {}, _named(name, message))):
        translated = store_db.translate(error, tmp_path / "j.db")
        assert expected in translated.message, (name, translated.message)
        assert isinstance(translated, JournalBusy) == (expected == "busy")


def test_sqlcipher_errors_carry_the_name_too(tmp_path: Path) -> None:
    from sparklog.store import crypto

    # The dev environment installs the encrypt extra: without it this fails, never skips.
    assert crypto.available(), "the encrypt extra (sqlcipher3) is not installed; run `uv sync`"
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(4096))
    module = crypto.driver(garbage)
    conn = module.connect(str(garbage))
    try:
        with pytest.raises(module.DatabaseError) as caught:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()
    assert store_db.error_family(caught.value) == "SQLITE_NOTADB"


# --- the busy timeout, for tests and operators ------------------------------------------


def test_the_busy_timeout_comes_from_the_environment(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPARKLOG_BUSY_TIMEOUT_MS", "1234")
    journal = store_db.open_journal(db_path, write=True)
    try:
        with journal.transaction() as session:
            assert session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() == 1234
    finally:
        journal.close()


@pytest.mark.parametrize("value", ["soon", "0", "-5", "99999999999"])
def test_a_bad_busy_timeout_is_one_line(cli: Invoke, rows: Rows, value: str) -> None:
    result = cli("gratitude", "add", "x", env={"SPARKLOG_BUSY_TIMEOUT_MS": value})
    assert result.exit_code == 1
    assert "SPARKLOG_BUSY_TIMEOUT_MS" in _one_line(result.stderr)
    assert rows("SELECT text FROM entry") == []
