"""Bad input: one clear line, the right exit code, and nothing stored changes."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from sparklog.core.text import MAX_TEXT
from tests.conftest import Invoke


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def seeded(cli: Invoke, db_path: Path) -> str:
    """A journal holding one entry; returns the text of that entry."""
    assert cli("gratitude", "add", "the first kind thing").exit_code == 0
    return "the first kind thing"


def _one_clean_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("x" * (MAX_TEXT + 1), str(MAX_TEXT)),
        ("bell\x07ring", "control character"),
        ("nul\x00byte", "control character"),
        ("escape \x1b[31m red", "control character"),
    ],
)
def test_bad_text_exits_2_and_keeps_the_journal(
    cli: Invoke,
    rows,
    seeded: str,
    text: str,
    expected: str,  # type: ignore[no-untyped-def]
) -> None:
    before = rows("SELECT id, text FROM entry")
    for command in (["gratitude", "add", text], ["three", text, "b", "c"]):
        result = cli(*command)
        assert result.exit_code == 2
        assert expected in _one_clean_line(result.stderr)
    assert rows("SELECT id, text FROM entry") == before


def test_text_at_the_limit_is_accepted(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    assert cli("gratitude", "add", "y" * MAX_TEXT).exit_code == 0
    assert rows("SELECT length(text) FROM entry") == [(MAX_TEXT,)]


def test_multiline_text_keeps_its_newlines(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    assert cli("gratitude", "add", "line one\nline two").exit_code == 0
    assert rows("SELECT text FROM entry") == [("line one\nline two",)]


def test_database_path_that_is_a_folder(cli: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = cli("--db", str(folder), "gratitude", "add", "words")
    assert result.exit_code == 1
    assert "folder" in _one_clean_line(result.stderr)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "content",
    [b"my shopping list\nmilk\n", b"\x00\x01\x02" * 100, b"SQLite format 3"],
)
def test_foreign_file_is_left_byte_for_byte(cli: Invoke, tmp_path: Path, content: bytes) -> None:
    other = tmp_path / "notes.db"
    other.write_bytes(content)
    for command in (["gratitude", "add", "words"], ["today"], ["info"]):
        result = cli("--db", str(other), *command)
        assert result.exit_code == 1
        assert "not a sparklog journal" in _one_clean_line(result.stderr)
    assert other.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_other_sqlite_database_is_left_untouched(cli: Invoke, tmp_path: Path) -> None:
    other = tmp_path / "app.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (x)")
    conn.execute("INSERT INTO things VALUES (1)")
    conn.commit()
    conn.close()
    before = _digest(other)
    result = cli("--db", str(other), "gratitude", "add", "words")
    assert result.exit_code == 1
    assert "not a sparklog journal" in _one_clean_line(result.stderr)
    assert _digest(other) == before


def test_read_only_database(cli: Invoke, rows, seeded: str, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Root can write anything, so make the file immutable to SQLite instead."""
    before = _digest(db_path)
    db_path.chmod(0o400)
    import sparklog.store.db as store_db

    real_access = os.access

    def no_write(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(str(path)) == db_path:
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_db.os, "access", no_write)
        result = cli("gratitude", "add", "more words")
    db_path.chmod(0o600)
    assert result.exit_code == 1
    assert "read-only" in _one_clean_line(result.stderr)
    assert _digest(db_path) == before
    assert rows("SELECT text FROM entry") == [(seeded,)]


def test_closed_stdin_at_a_prompt(cli: Invoke, rows, seeded: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("gratitude", "add", input="")
    assert result.exit_code == 1
    assert "standard input" in _one_clean_line(result.stderr)
    assert rows("SELECT text FROM entry") == [(seeded,)]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("rollover_hour = [", "not valid TOML"),
        ("rollover_hour = 25", "rollover_hour"),
        ('rollover_hour = "four"', "rollover_hour"),
        ('week_start = "friday"', "week_start"),
        ("ratio_target = -1", "ratio_target"),
        ("partner_name = 3", "partner_name"),
        ("checkin_ritual = 7", "checkin_ritual"),
        ("colour = 'blue'", "unknown key 'colour'"),
    ],
)
def test_malformed_config_is_one_line_naming_file_and_key(
    cli: Invoke,
    rows,
    seeded: str,
    config_file: Path,
    config: str,
    expected: str,  # type: ignore[no-untyped-def]
) -> None:
    config_file.write_text(config + "\n")
    result = cli("gratitude", "add", "words")
    assert result.exit_code == 1
    line = _one_clean_line(result.stderr)
    assert expected in line and str(config_file) in line
    assert rows("SELECT text FROM entry") == [(seeded,)]


def test_unknown_option_is_one_usage_line(cli: Invoke) -> None:
    result = cli("gratitude", "add", "words", "--bogus")
    assert result.exit_code == 2
    assert "--bogus" in _one_clean_line(result.stderr)


def test_bad_love_language_is_a_usage_error(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("gratitude", "add", "words", "--lang", "money")
    assert result.exit_code == 2
    assert "words" in _one_clean_line(result.stderr)
    assert rows("SELECT * FROM entry") == []


def test_debug_variable_shows_the_traceback(cli: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    from sparklog.errors import StoreError

    with pytest.raises(StoreError):
        cli("--db", str(folder), "today", env={"SPARKLOG_DEBUG": "1"})


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["shell-init"], "Missing argument 'SHELL'. Choose from: bash, zsh, fish"),
        (["log", "--limit", "lots"], "Invalid value for '--limit' / '-n': use a whole number"),
        (
            ["log", "--limit", "-3"],
            "Invalid value for '--limit' / '-n': -3 is out of range; use 0 (all) to 1000000",
        ),
        (["ritual", "add", "Tea", "--weekly", "two"], "'--weekly': use a whole number"),
        (["year", "last"], "Invalid value for 'YEAR': use a whole number"),
        (["gratitude", "add", "x", "--lang", "hugs"], "'hugs' is not one of 'words', 'acts'"),
        (["observe"], "Missing argument 'TEXT'."),
    ],
)
def test_command_line_mistakes_read_as_one_plain_line(
    cli: Invoke, args: list[str], expected: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    line = _one_clean_line(result.stderr)
    assert line.startswith("sparklog: ") and expected in line, line
    assert "\t" not in result.stderr
    for jargon in ("Value error", "Input should", "unable to parse"):
        assert jargon not in line
