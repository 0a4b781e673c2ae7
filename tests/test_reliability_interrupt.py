"""Ctrl-C everywhere: an interrupt leaves no partial file, no half-written rows, exit 130.

The interrupt is a real SIGINT. A driver process loads sparklog once and forks a
child per case; the child arranges to send itself SIGINT at a chosen point (the
k-th statement of the import's transaction, while an export's chunks are being
written, just before a finished temporary file is renamed into place, inside
`lock`'s copy) and then runs the real command line. Python turns the signal into
KeyboardInterrupt wherever the command happens to be, as it would for a user.
The evening prompts are driven in a real terminal with pexpect instead.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.conftest import Invoke

Rows = Callable[..., list[tuple[Any, ...]]]

DRIVER = textwrap.dedent(
    """
    import json, os, signal, sys
    from pathlib import Path

    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    import sparklog.cli.data, sparklog.core.exchange, sparklog.store.exchange
    import sparklog.store.files, sparklog.render.console, rich.progress
    from sparklog.cli import main

    cases = json.loads(sys.argv[1])


    def interrupt():
        os.kill(os.getpid(), signal.SIGINT)


    def arrange(point, number):
        if point == "statement":
            seen = 0

            @event.listens_for(Engine, "before_cursor_execute")
            def count(*_args):
                nonlocal seen
                seen += 1
                if seen == number:
                    interrupt()

        elif point == "commit":
            event.listen(Engine, "commit", lambda _conn: interrupt())
        elif point == "chunk":
            exchange = sparklog.core.exchange

            def interrupted(real):
                def chunks(*args, **kwargs):
                    for index, chunk in enumerate(real(*args, **kwargs)):
                        if index == number:
                            interrupt()
                        yield chunk

                return chunks

            for name in ("json_chunks", "csv_chunks", "markdown_chunks"):
                setattr(exchange, name, interrupted(getattr(exchange, name)))
        elif point == "create_private_file":  # just after a temporary file is made
            real_create = sparklog.store.files.create_private_file

            def create(*args, **kwargs):
                real_create(*args, **kwargs)
                interrupt()

            sparklog.store.files.create_private_file = create
        elif point == "place_file":  # a finished temporary file, just before its rename
            real_place = sparklog.store.files.place_file

            def place(*args, **kwargs):
                interrupt()
                real_place(*args, **kwargs)

            sparklog.store.files.place_file = place
        elif point == "lock-fsync":
            from sparklog.store import crypto

            real_fsync = crypto._fsync

            def fsync(path):
                real_fsync(path)
                interrupt()

            crypto._fsync = fsync
        else:
            raise SystemExit(f"unknown point {point}")


    for case in cases:
        pid = os.fork()
        if pid == 0:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            err = os.open(case["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(err, 2)
            arrange(case["point"], case.get("number", 0))
            sys.argv = ["sparklog", *case["args"]]
            code = 70
            try:
                main()
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status)
        print(json.dumps({"code": code}), flush=True)
    """
)


def _interrupt_each(cases: list[dict[str, Any]], folder: Path) -> list[tuple[int, str]]:
    for number, case in enumerate(cases):
        case["stderr"] = str(folder / f"stderr-{number}.txt")
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(cases)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    codes = [json.loads(line)["code"] for line in done.stdout.splitlines()]
    assert len(codes) == len(cases), done.stderr
    return [
        (code, Path(case["stderr"]).read_text("utf-8"))
        for code, case in zip(codes, cases, strict=True)
    ]


def _assert_stopped(code: int, stderr: str, case: object = "") -> None:
    """Exit 130, as a shell expects after Ctrl-C; one calm line, never a traceback."""
    assert code == 130, f"{case}: {stderr}"
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines == ["sparklog: stopped; nothing more was saved"], f"{case}: {stderr}"


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _sound(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("entry", "entry_tag", "ritual", "ritual_check", "ritual_pause")
        }
    finally:
        conn.close()


@pytest.fixture
def journal(cli: Invoke, db_path: Path) -> dict[str, int]:
    """A small journal of one's own: a little of every kind."""
    assert cli("gratitude", "add", "you made coffee #mornings").exit_code == 0
    assert cli("three", "soup", "the call", "the bike").exit_code == 0
    assert cli("ritual", "add", "Walk").exit_code == 0
    assert cli("ritual", "done", "Walk").exit_code == 0
    return _sound(db_path)


def _big_export(cli: Invoke, tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """An export from another journal: enough rows for several write batches."""
    other = tmp_path / "other" / "sparklog.db"
    script = textwrap.dedent(
        f"""
        import uuid
        from datetime import date, datetime, timedelta
        from sparklog.core.entries import Entry, Kind
        from sparklog.core.exchange import CheckRecord, RitualRecord, Snapshot
        from sparklog.store.db import open_journal
        from sparklog.store.exchange import write_snapshot

        start = date(2023, 1, 1)
        ritual = RitualRecord(str(uuid.uuid4()), "Sunday breakfast", "sun", start)
        entries, checks = [], []
        for n in range(1200):
            day = start + timedelta(days=n)
            at = datetime(day.year, day.month, day.day, 21).astimezone()
            entries.append(Entry(str(uuid.uuid4()), Kind.GRATITUDE, day, at,
                                 f"thanks {{n}} #day{{n % 50}}", tags=(f"day{{n % 50}}",)))
            checks.append(CheckRecord(str(uuid.uuid4()), ritual.id, day, at))
        journal = open_journal(__import__("pathlib").Path({str(other)!r}), write=True)
        with journal.transaction() as session:
            write_snapshot(session, Snapshot(entries=entries, rituals=[ritual], checks=checks))
        journal.close()
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    export = tmp_path / "other.json"
    assert cli("--db", str(other), "export", "--out", str(export)).exit_code == 0
    return export, {"entry": 1200, "ritual_check": 1200}


@pytest.mark.slow
def test_ctrl_c_during_file_commands_leaves_nothing_half_done(
    cli: Invoke, db_path: Path, journal: dict[str, int], tmp_path: Path
) -> None:
    export, _ = _big_export(cli, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    data = db_path.parent
    before = _listing(data)
    cases: list[dict[str, Any]] = [
        # import: early in its transaction, in the middle, at its COMMIT
        {"args": ["import", str(export)], "point": "statement", "number": 3},
        {"args": ["import", str(export)], "point": "statement", "number": 8},
        {"args": ["import", str(export)], "point": "commit"},
        # export --out: while the chunks are written, and just before the rename
        {"args": ["export", "--out", str(out / "a.json")], "point": "chunk", "number": 2},
        {"args": ["export", "--out", str(out / "b.json")], "point": "place_file"},
        {
            "args": ["export", "-f", "csv", "--out", str(out / "c.csv")],
            "point": "chunk",
            "number": 0,
        },
        {
            "args": ["export", "-f", "markdown", "-o", str(out / "c.md")],
            "point": "chunk",
            "number": 0,
        },
        # backup: right after its temporary file is made, and just before the rename
        {"args": ["backup", "--out", str(out / "d.db")], "point": "create_private_file"},
        {"args": ["backup", "--out", str(out / "e.db")], "point": "place_file"},
        {"args": ["backup"], "point": "place_file"},
    ]
    for case, (code, stderr) in zip(cases, _interrupt_each(cases, tmp_path), strict=True):
        _assert_stopped(code, stderr, case)
    assert _listing(out) == [], "no partial or finished file may be left"
    assert _listing(data) == before, "no stray file beside the journal"
    assert _sound(db_path) == journal, "the journal holds exactly what it held"
    # Every command works afterwards, and the import then brings in everything.
    assert cli("import", str(export)).exit_code == 0
    after = _sound(db_path)
    assert after["entry"] == journal["entry"] + 1200
    assert after["ritual_check"] == journal["ritual_check"] + 1200


def test_ctrl_c_during_lock_keeps_the_plain_journal(
    cli: Invoke, db_path: Path, journal: dict[str, int], tmp_path: Path
) -> None:
    os.environ["SPARKLOG_PASSPHRASE"] = "correct horse battery staple"
    try:
        before = _listing(db_path.parent)
        cases = [
            {"args": ["lock"], "point": "create_private_file"},
            {"args": ["lock"], "point": "lock-fsync"},
        ]
        results = _interrupt_each(cases, tmp_path)
    finally:
        del os.environ["SPARKLOG_PASSPHRASE"]
    for code, stderr in results:
        _assert_stopped(code, stderr)
    assert db_path.read_bytes().startswith(b"SQLite format 3\x00"), "still plain"
    assert _sound(db_path) == journal
    assert _listing(db_path.parent) == before, "no sealing copy is left behind"


# --- the evening prompts, in a real terminal -----------------------------------------

WRAPPER = """
import sys
import time_machine

time_machine.travel(sys.argv[1], tick=True).start()
sys.argv = ["sparklog", *sys.argv[2:]]
from sparklog.cli import main

main()
"""
EVENING = "2026-11-17T21:30:00+01:00"


@pytest.mark.parametrize(
    ("answers", "stop_at", "stored"),
    [
        ([], "  1: ", []),
        (["coffee in bed", "the note"], "  3: ", ["coffee in bed", "the note"]),
        (["a", "b", "c", "n"], "Noticed: ", ["a", "b", "c"]),
    ],
    ids=["first-item", "third-item", "observation"],
)
def test_ctrl_c_at_an_evening_prompt_keeps_only_whole_answers(
    cli: Invoke,
    rows: Rows,
    tmp_path: Path,
    answers: list[str],
    stop_at: str,
    stored: list[str],
) -> None:
    assert cli("ritual", "add", "Morning coffee").exit_code == 0
    wrapper = tmp_path / "frozen_sparklog.py"
    wrapper.write_text(WRAPPER)
    child = pexpect.spawn(
        sys.executable,
        [str(wrapper), EVENING, "evening"],
        env=dict(os.environ, NO_COLOR="1"),
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 80),
    )
    prompts = ["  1: ", "  2: ", "  3: ", r"\[y/n/s\]: "]
    for prompt, answer in zip(prompts, answers, strict=False):
        child.expect(prompt)
        child.sendline(answer)
    child.expect(stop_at)
    child.send("half a thought that was never sent")  # typed, but no Enter
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    transcript = str(child.before)
    assert child.exitstatus == 130, transcript
    assert "Traceback" not in transcript
    assert "stopped" in transcript
    texts = [text for (text,) in rows("SELECT text FROM entry ORDER BY slot, seq")]
    assert texts == stored
    assert rows("SELECT count(*) FROM ritual_check") == [(0,)]
