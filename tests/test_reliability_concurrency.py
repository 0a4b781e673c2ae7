"""Two terminals at once, or eight: writers queue for the lock and nothing is lost.

Each worker is a separate Python process running sparklog's own library code in
a loop (open the journal, one transaction, add one appreciation), like a user
running the command again and again. The workers load everything first, then
block on their standard input; closing all the pipes at once is the start gun.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke

Rows = Callable[..., list[tuple[Any, ...]]]

WORKERS = 8
PER_WORKER = 50

WORKER = textwrap.dedent(
    """
    import sys
    from datetime import date, datetime
    from pathlib import Path

    from sparklog.record import add_gratitude
    from sparklog.store.db import open_journal

    path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    day = date(2026, 11, 21)
    print("ready", flush=True)
    sys.stdin.read()  # the start gun: the parent closes every pipe at once
    for number in range(count):
        journal = open_journal(path, write=True)
        try:
            with journal.transaction() as session:
                now = datetime.now().astimezone()
                add_gratitude(session, f"{name} {number}", day=day, now=now)
        finally:
            journal.close()
    print("done", flush=True)
    """
)


def _race(db: Path, count: int) -> list[subprocess.CompletedProcess[str]]:
    """Start WORKERS writers together and wait for all of them."""
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db), f"worker{n}", str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for n in range(WORKERS)
    ]
    for worker in workers:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.close()
    results = []
    for worker in workers:
        assert worker.stdout is not None and worker.stderr is not None
        out, err = worker.stdout.read(), worker.stderr.read()
        worker.stdout.close()
        worker.stderr.close()
        code = worker.wait(timeout=120)
        results.append(subprocess.CompletedProcess(worker.args, code, out, err))
    return results


def _check_all_stored(db: Path, count: int) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT count(*) FROM entry").fetchone() == (WORKERS * count,)
        texts = {row[0] for row in conn.execute("SELECT text FROM entry")}
        assert texts == {f"worker{w} {n}" for w in range(WORKERS) for n in range(count)}
        fts = "SELECT count(*) FROM entry_fts WHERE entry_fts MATCH 'worker3'"
        assert conn.execute(fts).fetchone() == (count,)
    finally:
        conn.close()


def _assert_clean(results: list[subprocess.CompletedProcess[str]]) -> None:
    for result in results:
        assert "locked" not in result.stderr and "busy" not in result.stderr, result.stderr
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "done"


@pytest.mark.slow
def test_eight_writers_at_once_store_every_entry(db_path: Path) -> None:
    """They also race to create the journal: the first open creates and migrates it."""
    assert not db_path.exists()
    _assert_clean(_race(db_path, PER_WORKER))
    _check_all_stored(db_path, PER_WORKER)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()
    assert not (db_path.parent / "backups").exists(), "a new journal needs no backup"


@pytest.mark.slow
def test_eight_processes_upgrading_the_same_old_journal(db_path: Path) -> None:
    """An old journal opened by many processes at once is upgraded once, backed up once."""
    from tests.test_reliability_upgrade import make_v1_journal

    make_v1_journal(db_path, entries=3)
    _assert_clean(_race(db_path, 2))
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("SELECT count(*) FROM entry").fetchone() == (3 + WORKERS * 2,)
    conn.close()
    backups = sorted((db_path.parent / "backups").glob("sparklog-pre-upgrade-*.db"))
    assert len(backups) == 1, backups
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone() == (1,)
    assert old.execute("SELECT count(*) FROM entry").fetchone() == (3,)
    old.close()


HOLDER = textwrap.dedent(
    """
    import sqlite3, sys

    from sparklog.store.db import add_functions

    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    add_functions(conn)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO entry (id, kind, day, written_at, text)"
                 " VALUES ('held', 'gratitude', '2026-11-21', '2026-11-21T20:00:00+01:00', 'x')")
    print("held", flush=True)
    sys.stdin.read()  # hold the write lock until the test closes the pipe
    conn.execute("ROLLBACK")
    """
)


@pytest.mark.slow
def test_a_held_write_lock_makes_the_command_wait_then_fail_cleanly(
    cli: Invoke, db_path: Path, rows: Rows, frozen: object
) -> None:
    from sparklog.store.db import BUSY_TIMEOUT_MS

    assert cli("gratitude", "add", "before the lock").exit_code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        # Readers are never blocked by a writer (WAL): today still shows the entry.
        assert "before the lock" in cli("today").stdout
        started = time.monotonic()
        result = cli("gratitude", "add", "while locked")
        waited = time.monotonic() - started
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        assert holder.stdout is not None
        holder.stdout.close()
    assert result.exit_code == 1
    assert len(result.err_lines) == 1
    assert "busy" in result.err_lines[0] and "nothing was saved" in result.err_lines[0]
    assert "Traceback" not in result.stderr
    assert waited >= BUSY_TIMEOUT_MS / 1000 * 0.9, "it gave up without waiting"
    assert rows("SELECT text FROM entry ORDER BY seq") == [("before the lock",)]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    assert cli("gratitude", "add", "after the lock").exit_code == 0
