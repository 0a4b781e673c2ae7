"""`sparklog delete`: entries removed for good, with a tombstone, asked first in a terminal."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect

from tests.conftest import Invoke, sparklog_command

Rows = Callable[..., list[tuple[Any, ...]]]

SECRET = "quetzalcoatlbanter"
"""A word found nowhere else, to look for in the journal's bytes."""


def _ids(cli: Invoke) -> dict[str, str]:
    return {item["text"]: item["id"] for item in json.loads(cli("log", "--json").stdout)}


def _spawn(*args: str) -> pexpect.spawn:
    argv = sparklog_command(*args)
    return pexpect.spawn(
        argv[0],
        argv[1:],
        env=dict(os.environ, NO_COLOR="1", COLUMNS="80"),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 80),
    )


def _finish(child: pexpect.spawn) -> tuple[str, int]:
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before), int(child.exitstatus or 0)


def test_without_a_terminal_delete_needs_yes(cli: Invoke, rows: Rows) -> None:
    assert cli("gratitude", "add", "stay with me").exit_code == 0
    result = cli("delete", "--last")
    assert result.exit_code == 2
    assert len(result.err_lines) == 1
    assert "pass --yes" in result.stderr and "nothing was deleted" in result.stderr
    assert rows("SELECT text FROM entry") == [("stay with me",)]
    assert rows("SELECT count(*) FROM entry_tombstone") == [(0,)]


def test_delete_yes_removes_the_entry_and_leaves_a_tombstone(cli: Invoke, rows: Rows) -> None:
    assert cli("gratitude", "add", "going #soon", "--tag", "gone").exit_code == 0
    assert cli("gratitude", "add", "staying").exit_code == 0
    going = _ids(cli)["going #soon"]
    result = cli("delete", going[:5], "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Deleted 1 entry")
    assert rows("SELECT text FROM entry") == [("staying",)]
    assert rows("SELECT entry_id FROM entry_tag") == []
    assert rows("SELECT id, deleted_at FROM entry_tombstone") == [
        (going, "2026-11-21T21:00:00+01:00")
    ]
    # It is gone for every reference: the prefix now says it was deleted.
    again = cli("delete", going[:5], "--yes")
    assert again.exit_code == 1
    assert again.err_lines == [
        f"sparklog: the entry {going[:5]!r} was deleted on 2026-11-21; it cannot come back"
    ]


def test_several_at_once_and_last(cli: Invoke, rows: Rows, frozen: Any) -> None:
    for minute, text in enumerate(("one", "two", "three", "four")):
        frozen.move_to(f"2026-11-21T21:0{minute}:00+01:00")
        assert cli("gratitude", "add", text).exit_code == 0
    ids = _ids(cli)
    result = cli("delete", ids["one"][:8], ids["three"], "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Deleted 2 entries" in result.stdout
    assert cli("delete", "--last", "--yes").exit_code == 0
    assert rows("SELECT text FROM entry") == [("two",)]
    assert rows("SELECT count(*) FROM entry_tombstone") == [(3,)]


def test_one_unknown_reference_deletes_none_of_them(cli: Invoke, rows: Rows) -> None:
    assert cli("gratitude", "add", "safe").exit_code == 0
    safe = _ids(cli)["safe"]
    result = cli("delete", safe[:4], "ffff", "--yes")
    assert result.exit_code == 1
    assert rows("SELECT id FROM entry") == [(safe,)]


def test_in_a_terminal_it_shows_the_entry_and_asks(cli: Invoke, rows: Rows) -> None:
    assert cli("gratitude", "add", "the one to think about").exit_code == 0
    short = _ids(cli)["the one to think about"][:4]

    child = _spawn("delete", short)
    child.expect("the one to think about")
    child.expect(r"Delete this entry\? \[y/N\]")
    child.sendline("n")
    output, status = _finish(child)
    assert status == 0
    assert "nothing was deleted" in output
    assert rows("SELECT text FROM entry") == [("the one to think about",)]

    child = _spawn("delete", short)
    child.expect(r"Delete this entry\? \[y/N\]")
    child.sendline("y")
    output, status = _finish(child)
    assert status == 0, output
    assert "Deleted 1 entry" in output
    assert rows("SELECT count(*) FROM entry") == [(0,)]
    assert rows("SELECT count(*) FROM entry_tombstone") == [(1,)]


def _journal_bytes(db_path: Path) -> dict[str, bytes]:
    return {
        item.name: item.read_bytes()
        for item in db_path.parent.iterdir()
        if item.name.startswith(db_path.name) and item.is_file()
    }


def test_deleted_words_leave_the_journal_the_index_and_the_wal(cli: Invoke, db_path: Path) -> None:
    for number in range(30):
        assert cli("gratitude", "add", f"an ordinary day number {number}").exit_code == 0
    assert (
        cli(
            "observe",
            f"you said {SECRET} and I was hurt",
            "-n",
            "--reframe",
            f"{SECRET} was a joke",
        ).exit_code
        == 0
    )
    assert cli("gratitude", "add", "after it").exit_code == 0
    secret = SECRET.encode()
    # Before: the word is there to find, in the row and in the search index.
    assert any(secret in data for data in _journal_bytes(db_path).values())
    assert json.loads(cli("log", "--search", SECRET, "--json").stdout)

    assert cli("delete", _ids(cli)[f"you said {SECRET} and I was hurt"][:8], "--yes").exit_code == 0

    found = {name: secret in data for name, data in _journal_bytes(db_path).items()}
    assert not any(found.values()), found
    assert json.loads(cli("log", "--search", SECRET, "--json").stdout) == []
    # Searching still works for what is left.
    assert len(json.loads(cli("log", "--search", "ordinary", "--json").stdout)) == 30


def test_an_edit_also_takes_the_old_words_out_of_the_files(cli: Invoke, db_path: Path) -> None:
    assert cli("gratitude", "add", f"written in anger: {SECRET}").exit_code == 0
    assert cli("edit", "--last", "--text", "written calmly").exit_code == 0
    found = {name: SECRET.encode() in data for name, data in _journal_bytes(db_path).items()}
    assert not any(found.values()), found


def test_the_wal_is_emptied_even_while_another_connection_keeps_it(
    cli: Invoke, db_path: Path
) -> None:
    """An idle reader keeps the -wal and -shm files in place; the words still leave them."""
    assert cli("gratitude", "add", f"a note about {SECRET}").exit_code == 0
    watcher = sqlite3.connect(db_path)
    try:
        watcher.execute("SELECT count(*) FROM entry").fetchall()
        assert cli("gratitude", "add", "another note").exit_code == 0
        files = _journal_bytes(db_path)
        assert {"sparklog.db-wal", "sparklog.db-shm"} <= set(files)
        assert any(SECRET.encode() in data for data in files.values())
        assert cli("delete", _ids(cli)[f"a note about {SECRET}"][:8], "--yes").exit_code == 0
        files = _journal_bytes(db_path)
        assert "sparklog.db-wal" in files
        found = {name: SECRET.encode() in data for name, data in files.items()}
        assert not any(found.values()), found
    finally:
        watcher.close()


def test_ctrl_c_at_the_question_deletes_nothing(cli: Invoke, rows: Rows) -> None:
    assert cli("gratitude", "add", "still here").exit_code == 0
    child = _spawn("delete", "--last")
    child.expect(r"Delete this entry\? \[y/N\]")
    child.sendcontrol("c")
    output, _status = _finish(child)
    assert child.exitstatus == 130, output
    assert "stopped" in output
    assert rows("SELECT text FROM entry") == [("still here",)]
    assert rows("SELECT count(*) FROM entry_tombstone") == [(0,)]
