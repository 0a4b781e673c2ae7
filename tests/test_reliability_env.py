"""Environments a journal meets over the years: odd locales, dumb terminals, no HOME,
read-only folders, travel across time zones, and the two daylight-saving nights."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests.conftest import Invoke, run_process, sparklog_command

Rows = Callable[..., list[tuple[Any, ...]]]
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")

# Runs several commands in one process, each exactly as `python -m sparklog ARGS`
# would (sys.argv, then main()), to keep the locale checks quick.
DRIVER = textwrap.dedent(
    """
    import json, sys
    import time_machine

    time_machine.travel(sys.argv[2], tick=True).start()  # the test's own frozen day
    from sparklog.cli import main

    for args in json.loads(sys.argv[1]):
        sys.argv = ["sparklog", *args]
        try:
            main()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        sys.stdout.flush()
        sys.stdout.buffer.write(b"\\x1e")
        sys.stdout.buffer.flush()
        sys.stderr.write(f"\\x1e{code}\\n")
        sys.stderr.flush()
    """
)


def _frozen_instant() -> str:
    return datetime.now().astimezone().isoformat()


def _drive(
    commands: list[list[str]], env: dict[str, str], *, inherit: bool = True
) -> list[tuple[int, bytes, str]]:
    full = dict(os.environ) if inherit else {}
    full.update(env)
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(commands), _frozen_instant()],
        capture_output=True,
        env=full,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    outs = done.stdout.split(b"\x1e")[:-1]
    # stderr reads: messages of 1, RS, code of 1, NL, messages of 2, RS, code of 2, ...
    parts = done.stderr.decode("utf-8", "replace").split("\x1e")
    messages = [parts[0]] + [part.partition("\n")[2] for part in parts[1:-1]]
    codes = [int(part.partition("\n")[0]) for part in parts[1:]]
    assert len(outs) == len(codes) == len(messages) == len(commands), done.stderr
    return list(zip(codes, outs, messages, strict=True))


EMOJI_TEXT = "you brought me 🌻 and a café crème #flowers"


@pytest.fixture
def emoji_journal(cli: Invoke) -> None:
    assert cli("gratitude", "add", EMOJI_TEXT, "--lang", "gifts").exit_code == 0
    assert cli("three", "💛 one", "zwei über", "three ✓").exit_code == 0
    assert cli("observe", "Zoë 😀 laughed at my joke").exit_code == 0
    assert cli("ritual", "add", "Café ☕ time").exit_code == 0
    assert cli("ritual", "done", "café").exit_code == 0


ASCII_ENV = {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
VIEWS = [
    ["today"],
    ["gratitude", "list"],
    ["log"],
    ["week"],
    ["month"],
    ["year"],
    ["streaks"],
    ["ritual", "list"],
    ["info"],
    ["prompt"],
    ["gratitude", "add", "written in C too ✓ 💛"],
    ["ritual", "done", "Café ☕ time", "--date", "yesterday"],
    ["observe", "un café, s'il te plaît ☕"],
]
JSON_VIEWS = [["today", "--json"], ["gratitude", "list", "--json"], ["log", "--json"]]
DATA_OUT = [["share"], ["export"], ["export", "--format", "csv"]]


@pytest.mark.usefixtures("emoji_journal")
def test_an_ascii_locale_degrades_output_and_never_crashes(rows: Rows) -> None:
    results = _drive(VIEWS + JSON_VIEWS + DATA_OUT, ASCII_ENV)
    for command, (code, _, err) in zip(VIEWS + JSON_VIEWS + DATA_OUT, results, strict=True):
        assert code == 0, (command, err)
        assert "Traceback" not in err and "unexpected error" not in err, (command, err)
    for command, (_, out, _) in zip(VIEWS, results[: len(VIEWS)], strict=True):
        out.decode("ascii")  # what the terminal cannot show becomes '?', nothing worse
        assert out.strip(), command
    # JSON stays exact: non-ASCII is escaped, not replaced.
    json_results = results[len(VIEWS) : len(VIEWS) + len(JSON_VIEWS)]
    for command, (_, out, _) in zip(JSON_VIEWS, json_results, strict=True):
        out.decode("ascii")
        assert EMOJI_TEXT in json.dumps(json.loads(out), ensure_ascii=False), command
    # Data meant to be kept or sent on (share, export) stays UTF-8 whatever the locale.
    for command, (_, out, _) in zip(DATA_OUT, results[len(VIEWS) + len(JSON_VIEWS) :], strict=True):
        assert "café" in out.decode("utf-8"), command
    stored = {text for (text,) in rows("SELECT text FROM entry")}
    assert {"written in C too ✓ 💛", "un café, s'il te plaît ☕"} <= stored


def test_typing_non_ascii_at_an_ascii_prompt_is_refused_cleanly(rows: Rows) -> None:
    full = dict(os.environ, **ASCII_ENV)
    result = subprocess.run(
        sparklog_command("three"),
        input="caf\u00e9 \U0001f33b\n\n".encode(),
        capture_output=True,
        env=full,
        timeout=60,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "UTF-8 locale" in lines[0], stderr
    assert rows("SELECT text FROM entry") == []  # nothing stored (no journal made, even)


def _on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    """Run sparklog with a pseudo-terminal as stdout, as a person would see it."""
    import fcntl
    import struct
    import termios

    full = dict(os.environ)
    full.pop("NO_COLOR", None)
    full.update(env)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 80, 0, 0))
    process = subprocess.Popen(
        sparklog_command(*args),
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env=full,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return process.wait(timeout=60), b"".join(chunks)


@pytest.mark.usefixtures("emoji_journal")
@pytest.mark.parametrize(
    ("env", "styled"),
    [
        ({"TERM": "xterm-256color"}, True),  # the control: a real terminal gets colour
        ({"TERM": "dumb"}, False),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, False),
    ],
    ids=["xterm", "dumb", "no-color"],
)
def test_dumb_terminals_and_no_color_get_plain_text(env: dict[str, str], styled: bool) -> None:
    code, out = _on_a_terminal(["week"], env)
    assert code == 0, out
    assert b"Traceback" not in out
    assert bool(ANSI.search(out)) is styled, sorted(set(ANSI.findall(out)))
    # The ritual name reaches the terminal whole, accent included, styled or not.
    assert "Café ☕ time".encode() in out, out


def test_no_home_but_a_journal_path_works(db_path: Path, rows: Rows) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_DATA_HOME")}
    env["SPARKLOG_DB"] = str(db_path)
    commands = [["gratitude", "add", "no home needed"], ["today"], ["info"]]
    for command, (code, _, err) in zip(commands, _drive(commands, env, inherit=False), strict=True):
        assert code == 0, (command, err)
        assert err == "", (command, err)
    assert rows("SELECT text FROM entry") == [("no home needed",)]


def _mount_read_only() -> bool:
    return os.geteuid() == 0 and shutil.which("unshare") is not None


READ_ONLY_RUN = """
set -e
mount --bind "$DIR" "$DIR"
mount -o remount,bind,ro "$DIR"
if touch "$DIR"/probe 2>/dev/null; then echo "still writable"; exit 3; fi
set +e
"$PYTHON" -c "$DRIVER" '[["gratitude", "add", "hello"], ["today"], ["backup"]]' "$AT"
"""


def test_a_read_only_data_folder_gives_one_clear_line(cli: Invoke, db_path: Path) -> None:
    """As root, permission bits do not stop a write, so a read-only bind mount (in a
    private mount namespace) makes the folder truly read-only; other users get chmod."""
    assert cli("gratitude", "add", "before").exit_code == 0
    folder = db_path.parent
    before = sorted(p.name for p in folder.iterdir())
    if _mount_read_only():
        env = dict(
            os.environ, DIR=str(folder), PYTHON=sys.executable, DRIVER=DRIVER, AT=_frozen_instant()
        )
        done = subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c", READ_ONLY_RUN],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        stdout, stderr = done.stdout, done.stderr
    else:
        folder.chmod(0o500)
        try:
            parts = [run_process(*args.split()) for args in ("gratitude add hello", "today")]
        finally:
            folder.chmod(0o700)
        stdout = "".join(f"exit={p.returncode}\n" for p in parts)
        stderr = "".join(p.stderr for p in parts)
    codes = re.findall(r"exit=(\d+)", stdout) or re.findall(r"\x1e(\d+)", stderr)
    assert codes and set(codes) == {"1"}, stdout + stderr
    lines = [line for line in re.sub(r"\x1e\d+", "", stderr).splitlines() if line.strip()]
    assert len(lines) == len(codes), stderr
    for line in lines:
        assert line.startswith("sparklog: ") and "read-only" in line and str(folder) in line
    assert sorted(p.name for p in folder.iterdir()) == before
    assert [t for (t,) in _texts(db_path)] == ["before"]


def _texts(db: Path) -> list[tuple[str]]:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.execute("SELECT text FROM entry ORDER BY seq"))
    finally:
        conn.close()


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    def move(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield move
    time.tzset()


def test_changing_time_zone_keeps_entries_on_their_day(
    cli: Invoke, zone: Callable[[str], None]
) -> None:
    zone("Europe/Berlin")
    with time_machine.travel("2026-11-21T23:30:00+01:00", tick=False):
        assert cli("gratitude", "add", "late in Berlin").exit_code == 0
        assert cli("ritual", "add", "Walk").exit_code == 0
        assert cli("ritual", "done", "Walk").exit_code == 0
    # The same instant is already the next afternoon in Kiribati, and still the
    # same afternoon in California: the entry stays on the 21st either way.
    for name, today in (
        ("Pacific/Kiritimati", "2026-11-22"),
        ("America/Los_Angeles", "2026-11-21"),
    ):
        zone(name)
        with time_machine.travel("2026-11-21T23:45:00+01:00", tick=False):
            logged = json.loads(cli("log", "--json").stdout)
            now = json.loads(cli("today", "--json").stdout)
        entry = next(item for item in logged if item["kind"] == "gratitude")
        assert entry["date"] == "2026-11-21"
        assert entry["written_at"] == "2026-11-21T23:30:00+01:00"
        check = next(item for item in logged if item["kind"] == "check")
        assert check["date"] == "2026-11-21"
        assert now["date"] == today
        texts = [item["text"] for item in now["entries"]]
        assert texts == (["late in Berlin"] if today == "2026-11-21" else [])


def _logged_on(cli: Invoke, at: str, text: str) -> tuple[str, str]:
    with time_machine.travel(at, tick=False):
        assert cli("gratitude", "add", text).exit_code == 0
        shown = json.loads(cli("today", "--json").stdout)["date"]
    entry = next(e for e in json.loads(cli("log", "--json").stdout) if e["text"] == text)
    assert entry["date"] == shown, "today and the entry agree on the journal day"
    return entry["date"], entry["written_at"]


@pytest.mark.parametrize(
    ("rollover", "at", "day", "offset"),
    [
        # Spring forward, Sunday 29 March 2026: 02:00 CET jumps to 03:00 CEST.
        (4, "2026-03-29T00:30:00+01:00", "2026-03-28", "+01:00"),
        (4, "2026-03-29T01:59:00+01:00", "2026-03-28", "+01:00"),
        (4, "2026-03-29T03:30:00+02:00", "2026-03-28", "+02:00"),  # 03:30 on the clock
        (4, "2026-03-29T04:00:00+02:00", "2026-03-29", "+02:00"),
        (2, "2026-03-29T01:59:00+01:00", "2026-03-28", "+01:00"),
        (2, "2026-03-29T03:00:00+02:00", "2026-03-29", "+02:00"),  # 02:xx never happens
        # Fall back, Sunday 25 October 2026: 03:00 CEST returns to 02:00 CET.
        (4, "2026-10-25T02:30:00+02:00", "2026-10-24", "+02:00"),  # the first 02:30
        (4, "2026-10-25T02:30:00+01:00", "2026-10-24", "+01:00"),  # the second 02:30
        (4, "2026-10-25T03:59:00+01:00", "2026-10-24", "+01:00"),
        (4, "2026-10-25T04:00:00+01:00", "2026-10-25", "+01:00"),
        (3, "2026-10-25T02:59:00+01:00", "2026-10-24", "+01:00"),  # 02:59, the second time
        (3, "2026-10-25T03:00:00+01:00", "2026-10-25", "+01:00"),
    ],
)
def test_daylight_saving_nights_file_entries_by_the_wall_clock(
    cli: Invoke, config_file: Path, rollover: int, at: str, day: str, offset: str
) -> None:
    config_file.write_text(f"rollover_hour = {rollover}\n")
    logged_day, written_at = _logged_on(cli, at, "on the night the clocks changed")
    assert logged_day == day
    assert written_at == at, "the time is kept with the offset it had on the wall"
    assert written_at.endswith(offset)
