"""The `sparklog` script's own start and end (`sparklog.launch`).

The script leaves without the interpreter's teardown, so these tests hold what
the user must still get: every line of the view, the exit code, a quiet end when
the reader goes away, writes whose words are all stored, and threads and exit
handlers that finish first.
Each run is a new process on a frozen clock, started through `launch.main` as
the installed script starts it.
"""

from __future__ import annotations

import gc
import importlib.metadata
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sparklog import errors, launch

NOW = "2026-11-20T21:00:00"
DAY = "2026-11-20"

LAUNCH = """
import sys, time_machine
time_machine.travel({now!r}, tick=True).start()
sys.argv = ["sparklog", *{args!r}]
from sparklog.launch import main
main()
"""


def _launch(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LAUNCH.format(now=NOW, args=list(args))],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        env=dict(os.environ, SPARKLOG_DB=str(db), NO_COLOR="1", COLUMNS="100"),
    )


def _module(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The same command through `sparklog.cli.main`, which ends the ordinary way."""
    probe = LAUNCH.replace("sparklog.launch", "sparklog.cli")
    return subprocess.run(
        [sys.executable, "-c", probe.format(now=NOW, args=list(args))],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, SPARKLOG_DB=str(db), NO_COLOR="1", COLUMNS="100"),
    )


@pytest.fixture
def filled(cli: Any, db_path: Path) -> Path:
    """A journal of forty gratitude entries on one day, more than one pipe buffer of `log`."""
    for n in range(40):
        words = f"kind word number {n} " + "and a longer thought about it " * 6
        assert cli("gratitude", "add", words, "--date", DAY).exit_code == 0
    return db_path


def test_the_installed_script_starts_through_launch() -> None:
    (script,) = importlib.metadata.entry_points(group="console_scripts", name="sparklog")
    assert script.value == "sparklog.launch:main"
    installed = Path(sys.executable).with_name("sparklog")
    result = subprocess.run([installed, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sparklog ")


def test_a_read_delivers_every_line_before_it_leaves(filled: Path) -> None:
    quick = _launch(filled, "log", "--since", DAY, "--until", DAY)
    ordinary = _module(filled, "log", "--since", DAY, "--until", DAY)
    assert quick.returncode == ordinary.returncode == 0, quick.stderr
    assert "kind word number 0 " in quick.stdout
    assert "kind word number 39 " in quick.stdout
    assert len(quick.stdout.encode()) > 8192  # more than Python's buffer of a pipe
    assert quick.stdout == ordinary.stdout
    assert quick.stderr == ""


def test_a_write_leaves_its_journal_whole_and_closed(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    result = _launch(db, "three", "the note", "the walk", "the soup", "--date", DAY)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = conn.execute("SELECT text FROM entry ORDER BY slot").fetchall()
    finally:
        conn.close()
    assert stored == [("the note",), ("the walk",), ("the soup",)]
    # Every connection was closed before the process left: SQLite folded its log back.
    assert not db.with_name(db.name + "-wal").exists()
    shown = _launch(db, "log", "--since", DAY, "--until", DAY)
    assert shown.returncode == 0, shown.stderr
    assert "the soup" in shown.stdout


def test_a_usage_mistake_keeps_its_line_and_exit_code(filled: Path) -> None:
    result = _launch(filled, "week", "--date", "soon")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("sparklog: ")


def test_an_unknown_entry_exits_1_with_one_line(filled: Path) -> None:
    result = _launch(filled, "delete", "ffffffff", "--yes")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_reader_that_goes_away_is_no_failure(filled: Path) -> None:
    script = LAUNCH.format(now=NOW, args=["log", "--since", DAY, "--until", DAY])
    env = dict(os.environ, SPARKLOG_DB=str(filled), NO_COLOR="1", COLUMNS="100")
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        first = child.stdout.readline()
        child.stdout.close()  # like `sparklog log | head -1`
        errors = child.stderr.read().decode()
        code = child.wait(timeout=60)
    assert first.strip()
    assert code == 0, errors
    assert errors == ""


@pytest.fixture
def collector() -> Any:
    """Put the collector back as it was, whatever a test does to it."""
    was = gc.isenabled()
    yield
    gc.unfreeze()
    if was:
        gc.enable()
    launch._starting = False


@pytest.mark.usefixtures("collector")
def test_the_collector_runs_again_once_the_command_is_loaded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[bool] = []
    codes: list[int] = []

    def leave(code: int) -> None:
        codes.append(code)
        raise SystemExit(code)

    real_settled = launch.settled

    def settled() -> None:
        seen.append(gc.isenabled())  # off while the command's modules load
        real_settled()
        seen.append(gc.isenabled())

    monkeypatch.setattr(launch, "settled", settled)
    monkeypatch.setattr(launch.os, "_exit", leave)
    # This process's own exit handlers are for its own end, not this test's.
    monkeypatch.setattr(launch.atexit, "_run_exitfuncs", lambda: None)
    monkeypatch.setattr(sys, "argv", ["sparklog", "--db", str(tmp_path / "j.db"), "streaks"])
    with pytest.raises(SystemExit):
        launch.main()
    assert codes == [0]
    assert seen == [False, True]
    assert gc.get_freeze_count() > 0


@pytest.mark.parametrize(("code", "expected"), [(None, 0), (0, 0), (2, 2), ("no journal", 1)])
def test_exit_codes_are_those_sys_exit_gives(
    code: object, expected: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert launch._exit_code(code) == expected
    assert capsys.readouterr().err == ("no journal\n" if isinstance(code, str) else "")


@pytest.mark.usefixtures("collector")
def test_ctrl_c_while_loading_is_one_line_and_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sparklog.cli

    def interrupted() -> None:
        raise KeyboardInterrupt

    codes: list[int] = []

    def leave(code: int) -> None:
        codes.append(code)
        raise SystemExit(code)

    monkeypatch.setattr(sparklog.cli, "main", interrupted)
    monkeypatch.setattr(launch.os, "_exit", leave)
    monkeypatch.setattr(launch.atexit, "_run_exitfuncs", lambda: None)
    with pytest.raises(SystemExit):
        launch.main()
    assert codes == [errors.EXIT_INTERRUPTED]
    assert capsys.readouterr().err == "\nsparklog: stopped; nothing was saved\n"


LEAVING = """
import atexit, sys, threading, time
from sparklog import launch
out = open(sys.argv[1], "a")
def slow():
    time.sleep(0.2)
    out.write("thread\\n")
    out.flush()
threading.Thread(target=slow).start()
def handler():
    out.write("exit handler\\n")
    out.flush()
atexit.register(handler)
print("said", flush=False)
launch._leave(3)
"""


def test_threads_and_exit_handlers_finish_before_the_process_leaves(tmp_path: Path) -> None:
    record = tmp_path / "record"
    result = subprocess.run(
        [sys.executable, "-c", LEAVING, str(record)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 3
    assert result.stdout == "said\n"  # what was printed is flushed on the way out
    assert record.read_text() == "thread\nexit handler\n"
