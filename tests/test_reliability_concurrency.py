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
from collections.abc import Callable, Iterator
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

    from sparklog.app.entries import new_gratitude
    from sparklog.store.entries import add_entry
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
                add_entry(session, new_gratitude(f"{name} {number}", day=day, now=now))
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


BURNER = textwrap.dedent(
    """
    import sys, time

    deadline = time.monotonic() + float(sys.argv[1])  # bounded, even if nobody stops it
    print("burning", flush=True)
    while time.monotonic() < deadline:
        pass
    """
)
BURN_AT_MOST_S = 300


@pytest.fixture
def busy_cores() -> Iterator[None]:
    """Every core kept busy by a spinning process, as on a loaded machine; stopped after."""
    burners = [
        subprocess.Popen(
            [sys.executable, "-c", BURNER, str(BURN_AT_MOST_S)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(os.cpu_count() or 2)
    ]
    try:
        for burner in burners:
            assert burner.stdout is not None and burner.stdout.readline().strip() == "burning"
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait(timeout=30)
            if burner.stdout is not None:
                burner.stdout.close()


@pytest.mark.slow
@pytest.mark.alone  # it keeps every core busy itself; a test beside it would add more load
def test_eight_writers_at_once_store_every_entry(db_path: Path, busy_cores: None) -> None:
    """They also race to create the journal: the first open creates and migrates it.

    Every core is busy with another process meanwhile: a writer holds the lock only
    for its statements, so the busy timeout is never reached."""
    assert not db_path.exists()
    _assert_clean(_race(db_path, PER_WORKER))
    _check_all_stored(db_path, PER_WORKER)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()
    assert not (db_path.parent / "backups").exists(), "a new journal needs no backup"


@pytest.mark.slow
@pytest.mark.alone  # eight processes on the default busy timeout: the load is the test's own
def test_eight_processes_upgrading_the_same_old_journal(db_path: Path) -> None:
    """An old journal opened by many processes at once is upgraded once, backed up once."""
    from tests.test_reliability_upgrade import make_v1_journal

    make_v1_journal(db_path, entries=3)
    _assert_clean(_race(db_path, 2))
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("SELECT count(*) FROM entry").fetchone() == (3 + WORKERS * 2,)
    conn.close()
    backups = sorted((db_path.parent / "backups").glob("sparklog.db--pre-upgrade-*.db"))
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


@pytest.mark.parametrize(
    "timeout_ms",
    [
        pytest.param(250, id="short"),
        pytest.param(None, id="real-default", marks=pytest.mark.slow),
    ],
)
def test_a_held_write_lock_makes_the_command_wait_then_fail_cleanly(
    cli: Invoke,
    db_path: Path,
    rows: Rows,
    frozen: object,
    monkeypatch: pytest.MonkeyPatch,
    timeout_ms: int | None,
) -> None:
    """The wait is SPARKLOG_BUSY_TIMEOUT_MS when set (shortened here), else the 5 s default."""
    from sparklog.store.db import BUSY_TIMEOUT_MS

    if timeout_ms is None:
        monkeypatch.delenv("SPARKLOG_BUSY_TIMEOUT_MS", raising=False)
        timeout_ms = BUSY_TIMEOUT_MS
    else:
        monkeypatch.setenv("SPARKLOG_BUSY_TIMEOUT_MS", str(timeout_ms))
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
    assert waited >= timeout_ms / 1000 * 0.9, "it gave up without waiting"
    assert rows("SELECT text FROM entry ORDER BY seq") == [("before the lock",)]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    assert cli("gratitude", "add", "after the lock").exit_code == 0


# --- writers racing a file swap (lock, unlock) or a rekey (passphrase) ---------------

RACE_ENTRIES = 6000
RACERS = 4
PASS = "racing passphrase"
OTHER = "the passphrase after"

CLI_RACER = textwrap.dedent(
    """
    import sys

    import sparklog.cli.entries, sparklog.store.writes
    from sparklog.cli import app

    print("ready", flush=True)
    sys.stdin.read()  # the start gun
    sys.argv = ["sparklog", *sys.argv[1:]]
    app()
    """
)


def _seed_many(db: Path, count: int) -> None:
    """A journal big enough that copying it takes a while, written through the store's
    bulk writer (the one `import` uses: a second, where one add at a time takes ten)."""
    import uuid
    from datetime import date, datetime

    from sparklog.core.entries import Entry, Kind
    from sparklog.core.exchange import Snapshot
    from sparklog.store.db import open_journal
    from sparklog.store.exchange import write_snapshot

    written = datetime(2026, 11, 21, 20, 0).astimezone()
    entries = [
        Entry(str(uuid.uuid4()), Kind.GRATITUDE, date(2026, 11, 21), written, f"seed {number}")
        for number in range(count)
    ]
    journal = open_journal(db, write=True)
    try:
        with journal.transaction() as session:
            write_snapshot(session, Snapshot(entries=entries))
    finally:
        journal.close()


def _entry_texts(db: Path, passphrase: str | None) -> set[str]:
    from sparklog.store import crypto

    if passphrase is None:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    else:
        conn = crypto.connect(db, passphrase, readonly=True)
    try:
        return {row[0] for row in conn.execute("SELECT text FROM entry")}
    finally:
        conn.close()


def _race_a_swap(
    db: Path, command: list[str], given: str, racing: str
) -> tuple[subprocess.CompletedProcess[str], list[subprocess.CompletedProcess[str]]]:
    """Run `command` and, once its work is under way, RACERS `gratitude add` processes.

    Each racer has the passphrase that opens the journal once the command is done,
    and a long busy timeout: it may wait, but it must land.
    """
    env = dict(os.environ, SPARKLOG_DB=str(db), SPARKLOG_BUSY_TIMEOUT_MS="60000")
    env.pop("SPARKLOG_PASSPHRASE", None)
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", CLI_RACER, "gratitude", "add", f"racer {n}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(env, SPARKLOG_PASSPHRASE=racing),
        )
        for n in range(RACERS)
    ]
    for racer in racers:
        assert racer.stdout is not None and racer.stdout.readline().strip() == "ready"
    swap_env = dict(env, SPARKLOG_PASSPHRASE=given)
    swapper = subprocess.Popen(
        [sys.executable, "-m", "sparklog", *command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=swap_env,
    )
    assert swapper.stdin is not None
    swapper.stdin.write(f"{OTHER}\n{OTHER}\n")  # the new passphrase, typed twice
    swapper.stdin.close()
    # The command is under way once it holds the swap lock (it bumps the count
    # there), or once its new copy is on disk.
    from sparklog.store import crypto, files

    start = files.swap_count(db)
    while swapper.poll() is None and files.swap_count(db) == start:
        if any(crypto.PARTIAL_MARK in item.name for item in db.parent.iterdir()):
            break
    assert swapper.poll() is None, "the command ended before the racers could start"
    for racer in racers:
        assert racer.stdin is not None
        racer.stdin.close()
    results = [_finish(racer) for racer in racers]
    return _finish(swapper), results


def _finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    assert process.stdout is not None and process.stderr is not None
    out, err = process.stdout.read(), process.stderr.read()
    process.stdout.close()
    process.stderr.close()
    code = process.wait(timeout=120)
    return subprocess.CompletedProcess(process.args, code, out, err)


def _every_racer_landed(results: list[subprocess.CompletedProcess[str]], stored: set[str]) -> None:
    for number, result in enumerate(results):
        assert result.returncode == 0, result.stderr
        assert "Saved" in result.stdout and result.stderr == "", result.stderr
        assert f"racer {number}" in stored, f"racer {number} was told Saved, and lost"


@pytest.mark.slow
@pytest.mark.parametrize("command", ["lock", "unlock", "passphrase"])
def test_writers_racing_a_swap_land_in_the_journal_that_survives(
    tmp_path: Path, command: str
) -> None:
    """`lock`/`unlock` copy the journal and rename the copy over it; `passphrase`
    rewrites every page. A write that starts meanwhile waits for them, then lands in
    the result: never "Saved" into the old file, never a wrong message."""
    from sparklog.store import crypto

    # The dev environment installs the encrypt extra: without it this fails, never skips.
    assert crypto.available(), "the encrypt extra (sqlcipher3) is not installed; run `uv sync`"
    db = tmp_path / "race" / "sparklog.db"
    _seed_many(db, RACE_ENTRIES)
    if command != "lock":
        locked = run_process_env(["--db", str(db), "lock"], PASS)
        assert locked.returncode == 0, locked.stderr
    # The passphrase the command is given, the racers', and the one that reads the result.
    given, racing, result = {
        "lock": (PASS, PASS, PASS),
        "unlock": (PASS, PASS, None),  # a plain journal ignores SPARKLOG_PASSPHRASE
        "passphrase": (PASS, OTHER, OTHER),
    }[command]
    swapped, results = _race_a_swap(db, ["--db", str(db), command], given, racing)
    assert swapped.returncode == 0, (swapped.stderr, [r.stderr for r in results])
    stored = _entry_texts(db, result)
    _every_racer_landed(results, stored)
    assert len(stored) == RACE_ENTRIES + RACERS


def run_process_env(args: list[str], passphrase: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SPARKLOG_PASSPHRASE=passphrase)
    return subprocess.run(
        [sys.executable, "-m", "sparklog", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


WRITE_PROBE = textwrap.dedent(
    """
    import json, sys
    from datetime import date, datetime
    from pathlib import Path

    from sqlalchemy import event

    from sparklog.app.entries import new_gratitude
    from sparklog.store.entries import add_entry
    from sparklog.store.db import open_journal

    journal = open_journal(Path(sys.argv[1]), write=True)
    seen = []

    @event.listens_for(journal.engine, "connect", insert=True)
    def _trace(dbapi_connection, _record):
        def record(statement):
            seen.append([statement, len(sys.modules)])

        dbapi_connection.set_trace_callback(record)

    with journal.transaction() as session:
        now = datetime.now().astimezone()
        add_entry(session, new_gratitude("probe #x", day=date(2026, 11, 21), now=now))
    journal.close()
    print(json.dumps(seen))
    """
)


def test_a_writer_holds_the_lock_only_for_its_statements(db_path: Path, cli: Invoke) -> None:
    """In a fresh process (nothing warm): the connection is opened, set up and its
    schema read before BEGIN IMMEDIATE, and nothing is imported while the lock is held."""
    import json

    assert cli("gratitude", "add", "the journal exists").exit_code == 0
    done = subprocess.run(
        [sys.executable, "-c", WRITE_PROBE, str(db_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    seen = [(statement, modules) for statement, modules in json.loads(done.stdout)]
    statements = [statement for statement, _ in seen]
    begin = statements.index("BEGIN IMMEDIATE")
    commit = statements.index("COMMIT")
    before = statements[:begin]
    assert any(s.startswith("PRAGMA busy_timeout") for s in before), before
    assert "SELECT count(*) FROM sqlite_master" in before, "the schema is read under the lock"
    held = seen[begin : commit + 1]
    assert {modules for _, modules in held} == {held[0][1]}, "a module was imported under the lock"
    assert any(s.startswith("INSERT INTO entry") for s in statements[begin:commit])
