"""`sparklog nudge`: a line for a new shell on an empty day, silence otherwise, exit 0 always."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine

from sparklog.cli.nudge import NUDGE_LINE
from tests.conftest import Invoke, run_process

pytestmark = pytest.mark.usefixtures("frozen")


def _stamp(db: Path) -> Path:
    return db.with_name(db.name + ".last")


def test_a_day_with_nothing_logged_gets_the_line(cli: Invoke) -> None:
    result = cli("nudge")
    assert result.exit_code == 0
    assert result.stdout == NUDGE_LINE + "\n"
    assert result.stderr == ""


def test_nothing_is_printed_once_something_is_logged(cli: Invoke) -> None:
    assert cli("gratitude", "add", "the soup").exit_code == 0
    result = cli("nudge")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_yesterday_does_not_count_for_today(cli: Invoke) -> None:
    cli("gratitude", "add", "the soup", "--date", "yesterday")
    assert cli("nudge").stdout == NUDGE_LINE + "\n"


def test_after_midnight_the_evening_before_still_counts(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    cli("gratitude", "add", "the soup")  # Saturday 21:00
    frozen.move_to("2026-11-22T01:30:00+01:00")  # before the 04:00 rollover
    assert cli("nudge").stdout == ""
    frozen.move_to("2026-11-22T09:00:00+01:00")
    assert cli("nudge").stdout == NUDGE_LINE + "\n"


def test_the_configured_rollover_hour_is_honoured(
    cli: Invoke, frozen: time_machine.Traveller, config_file: Path
) -> None:
    cli("gratitude", "add", "the soup")
    config_file.write_text("rollover_hour = 0\n")
    frozen.move_to("2026-11-22T01:30:00+01:00")
    assert cli("nudge").stdout == NUDGE_LINE + "\n"


def test_a_journal_without_a_stamp_is_read_directly(cli: Invoke, db_path: Path) -> None:
    cli("gratitude", "add", "the soup")
    _stamp(db_path).unlink()
    assert cli("nudge").stdout == ""
    assert not _stamp(db_path).exists(), "nudge only reads"


def test_an_old_journal_without_a_stamp_or_today_gets_the_line(cli: Invoke, db_path: Path) -> None:
    cli("gratitude", "add", "the soup", "--date", "3d")
    _stamp(db_path).unlink()
    assert cli("nudge").stdout == NUDGE_LINE + "\n"


def test_the_stamp_answers_without_opening_the_journal(cli: Invoke, db_path: Path) -> None:
    """An encrypted (or otherwise unreadable) journal still gets the right answer."""
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(os.urandom(4096))
    _stamp(db_path).write_text("2026-11-21\n")
    assert cli("nudge").stdout == ""
    _stamp(db_path).write_text("2026-11-20\n")
    assert cli("nudge").stdout == NUDGE_LINE + "\n"


@pytest.mark.parametrize(
    "damage",
    ["garbage", "empty_sqlite", "folder", "unreadable"],
)
def test_a_damaged_journal_still_exits_zero_quietly(
    cli: Invoke, db_path: Path, damage: str
) -> None:
    db_path.parent.mkdir(parents=True)
    if damage == "garbage":
        db_path.write_bytes(b"this is not a database at all" * 100)
    elif damage == "empty_sqlite":
        sqlite3.connect(db_path).close()
        conn = sqlite3.connect(db_path)
        conn.execute("CREATE TABLE other (x)")
        conn.close()
    elif damage == "folder":
        db_path.mkdir()
    else:
        db_path.write_bytes(b"x")
        db_path.chmod(0)
    result = cli("nudge")
    assert result.exit_code == 0
    assert result.stderr == ""
    # A journal nudge cannot read gets no reminder: silence, never an error.
    assert result.stdout == ""


def test_a_corrupt_stamp_falls_back_to_the_journal(cli: Invoke, db_path: Path) -> None:
    cli("gratitude", "add", "the soup")
    _stamp(db_path).write_text("not a date\x00")
    result = cli("nudge")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_a_broken_config_does_not_break_the_shell(cli: Invoke, config_file: Path) -> None:
    config_file.write_text("rollover_hour = [not toml")
    result = cli("nudge")
    assert result.exit_code == 0
    assert result.stdout == NUDGE_LINE + "\n"
    assert result.stderr == ""


def test_db_option_is_honoured(cli: Invoke, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    cli("--db", str(other), "gratitude", "add", "the soup")
    assert cli("--db", str(other), "nudge").stdout == ""
    assert cli("nudge").stdout == NUDGE_LINE + "\n"


PROBE = """
import sys
from sparklog.cli import main
sys.argv = ["sparklog", *{args!r}]
try:
    main()
    code = 0
except SystemExit as exit:
    code = exit.code
heavy = sorted(m for m in ("sqlalchemy", "sqlmodel", "rich", "pydantic") if m in sys.modules)
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
sys.exit(code)
"""


@pytest.mark.parametrize("args", [["nudge"], ["--db", "{db}", "nudge"]])
def test_nudge_loads_neither_the_store_nor_rich(
    cli: Invoke, db_path: Path, args: list[str]
) -> None:
    cli("gratitude", "add", "the soup", "--date", "yesterday")
    argv = [arg.format(db=db_path) for arg in args]
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=argv)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout == NUDGE_LINE + "\n"
    assert "HEAVY=\n" in result.stderr


def test_the_probe_sees_heavy_imports_when_they_happen() -> None:
    """`nudge --help` goes through Typer's parsing and draws its help with Rich."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=["nudge", "--help"])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "HEAVY=rich" in result.stderr


def test_the_real_program_with_no_journal(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "journal.db"
    result = run_process("nudge", env={"SPARKLOG_DB": str(missing)})
    assert result.returncode == 0
    assert result.stdout == NUDGE_LINE + "\n"
    assert result.stderr == ""
    assert not missing.parent.exists(), "nudge never creates a journal"
