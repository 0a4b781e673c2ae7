"""Paths that touch no data must not pay for SQLAlchemy."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence

import pytest

from sparklog import __version__

PROBE = """
import sys
from sparklog.cli import main
sys.argv = ["sparklog", *{args!r}]
try:
    main()
    code = 0
except SystemExit as exit:
    code = exit.code
heavy = sorted(m for m in ("sqlalchemy", "sqlmodel", "pydantic") if m in sys.modules)
sys.stderr.write("AGE=" + ("pyrage" in sys.modules and "loaded" or "") + "\\n")
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
watched = sorted(m for m in {watched!r} if m in sys.modules)
sys.stderr.write("WATCHED=" + ",".join(watched) + "\\n")
sys.exit(code)
"""


def _probe(*args: str, watched: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args), watched=list(watched))],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["gratitude", "--help"],
        ["three", "--help"],
        ["edit", "--help"],
        ["delete", "--help"],
        ["prompt", "--help"],
        ["checkin", "--help"],
        ["sync", "--help"],
    ],
)
def test_no_data_paths_do_not_import_the_store(args: list[str]) -> None:
    result = _probe(*args)
    assert result.returncode == 0, result.stderr
    assert "HEAVY=\n" in result.stderr


def test_version_prints_the_package_version() -> None:
    result = _probe("--version")
    assert result.stdout.strip() == f"sparklog {__version__}"


def test_a_write_does_import_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The probe can see the store when it is loaded, so the tests here mean something."""
    env = dict(os.environ, SPARKLOG_DB=str(tmp_path / "j.db"))
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=["gratitude", "add", "kind words"], watched=[])],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY=pydantic,sqlalchemy,sqlmodel" in result.stderr


DAY = "2026-11-21"

READS = [
    ["today"],
    ["today", "--json"],
    ["week", "--date", DAY],
    ["week", "--date", DAY, "--json"],
    ["month", "--date", "2026-11"],
    ["year", "2026"],
    ["streaks"],
    ["streaks", "--json"],
    ["log"],
    ["log", "--search", "coffee", "--kind", "gratitude"],
    ["log", "--tag", "mornings", "--json"],
    ["log", "--history", "--json"],
    ["ritual", "list"],
    ["ritual", "list", "--all", "--json"],
    ["gratitude", "list", "--since", "2026-11-01"],
    ["share", "--date", DAY],
    ["share", "--week", "--date", DAY],
    ["info"],
    ["nudge"],
    ["memories"],
    ["memories", "--date", "2026-11-28", "--json"],
    ["memories", "--random", "--date", "2026-11-22"],
    ["memories", "--random", "--json"],
    ["trends"],
    ["trends", "--months", "3", "--json"],
    ["dates", "list"],
    ["dates", "list", "--json"],
    ["prompt"],
    ["prompt", "--kind", "checkin"],
    ["log", "--kind", "reflection"],
    ["log", "--search", "walks", "--kind", "reflection", "--json"],
    ["sync", "status"],
    ["sync", "status", "--json"],
    ["partner"],
    ["partner", "--since", "2026-11-01", "--json"],
]


@pytest.fixture
def journal_with_data(cli, frozen) -> None:  # type: ignore[no-untyped-def]
    """A journal holding every kind of row, written on an explicit day."""
    for args in (
        ["gratitude", "add", "coffee before I woke #mornings", "--lang", "acts", "--date", DAY],
        ["three", "the note", "the walk", "the soup", "--date", DAY],
        ["observe", "snapped at me", "--negative", "--horseman", "criticism", "--date", DAY],
        ["ritual", "add", "Morning coffee"],
        ["ritual", "add", "Date night", "--weekly", "1"],
        ["ritual", "done", "morning", "--date", DAY],
        ["ritual", "pause", "date", "--from", "2026-11-01", "--to", "2026-11-07"],
        ["ritual", "archive", "date"],
        ["dates", "add", "First date", "2019-06-14", "--together"],
        ["dates", "add", "Lisbon trip", "2026-11-22", "--once"],
        ["prompt", "--answer", "more walks after dinner", "--kind", "checkin"],
    ):
        assert cli(*args).exit_code == 0, args


@pytest.mark.usefixtures("journal_with_data")
@pytest.mark.parametrize("args", READS, ids=[" ".join(a) for a in READS])
def test_read_commands_never_import_the_orm(args: list[str]) -> None:
    """Each read runs on a journal with data and reads through sqlite3 alone."""
    result = _probe(*args)
    assert result.returncode == 0, result.stderr
    assert "HEAVY=\n" in result.stderr, result.stderr
    if args[0] not in ("nudge", "info"):
        assert result.stdout.strip(), "the read printed nothing"


CHECKIN_PROBE = """
import sys
import sparklog.cli.checkin as checkin

class NoPreload:  # the flow's background import of the write side, left out here
    def ready(self): pass

def first_question(question):
    heavy = sorted(m for m in ("sqlalchemy", "sqlmodel", "pydantic") if m in sys.modules)
    sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
    raise KeyboardInterrupt

checkin.interactive = lambda: True
checkin.WriteSide = NoPreload
checkin.ask = lambda question, **how: first_question(question)
from sparklog.cli import main
sys.argv = ["sparklog", "checkin"]
main()
"""


@pytest.mark.usefixtures("journal_with_data")
def test_the_first_checkin_question_is_asked_before_the_write_side_loads() -> None:
    """Its questions and ritual are read through sqlite3; only saving a note loads the ORM."""
    result = subprocess.run(
        [sys.executable, "-c", CHECKIN_PROBE], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 130, result.stderr
    assert "1 of 3  " in result.stdout
    assert "HEAVY=\n" in result.stderr, result.stderr


UNUSED = [
    (["week", "--date", DAY], ["sparklog.core.trends", "rich.table"]),
    (["today"], ["sparklog.core.trends", "sparklog.render.week"]),
    (["log"], ["sparklog.core.week", "sparklog.core.streaks", "sparklog.core.evening"]),
    (["log", "--json"], ["sparklog.render.week", "sparklog.core.trends", "rich.table"]),
    (["month", "--date", "2026-11"], ["sparklog.core.week", "sparklog.core.streaks"]),
]
"""Modules a read has no use for: the trends rules, another view's renderer, Rich's tables."""


@pytest.mark.usefixtures("journal_with_data")
@pytest.mark.parametrize(("args", "unused"), UNUSED, ids=[" ".join(a) for a, _ in UNUSED])
def test_a_read_loads_only_what_it_shows(args: list[str], unused: list[str]) -> None:
    result = _probe(*args, watched=unused)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "the read printed nothing"
    assert "WATCHED=\n" in result.stderr, result.stderr


@pytest.mark.usefixtures("journal_with_data")
def test_the_watch_sees_a_loaded_module() -> None:
    """`ritual list` draws a table, so the probe above can tell a loaded module."""
    result = _probe("ritual", "list", watched=["rich.table", "sparklog.core.trends"])
    assert result.returncode == 0, result.stderr
    assert "WATCHED=rich.table\n" in result.stderr, result.stderr


@pytest.mark.usefixtures("journal_with_data")
def test_completion_reads_without_the_orm() -> None:
    env = dict(
        os.environ,
        _SPARKLOG_COMPLETE="complete_bash",
        COMP_WORDS="sparklog ritual ",
        COMP_CWORD="2",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=[], watched=[])],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert "done" in result.stdout.split()
    assert "HEAVY=\n" in result.stderr, result.stderr


@pytest.mark.usefixtures("journal_with_data")
def test_entry_choices_for_completion_read_without_the_orm() -> None:
    """The short ids a shell completes for `edit` and `delete` come from the read side."""
    probe = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from sparklog.app.listings import JournalRef, entry_choices\n"
        "found = entry_choices(JournalRef(Path(os.environ['SPARKLOG_DB'])))\n"
        "print(len(found), found[0][1])\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic') if m in sys.modules)\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("6 ")  # every entry journal_with_data wrote
    assert "HEAVY=\n" in result.stdout


def test_module_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sparklog", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"sparklog {__version__}"


@pytest.mark.usefixtures("journal_with_data")
def test_sync_with_nothing_new_loads_neither_the_orm_nor_age(  # type: ignore[no-untyped-def]
    cli, tmp_path, config_file, monkeypatch
) -> None:
    """`sync` and the daily views with `[sync] auto` answer "nothing new" from a listing."""
    folder = tmp_path / "Sync"
    folder.mkdir()
    monkeypatch.setenv("SPARKLOG_SYNC_PASSPHRASE", "a passphrase for the probe")
    assert cli("sync", "init", str(folder), "--device", "probe").exit_code == 0
    config_file.write_text("[sync]\nauto = true\n")
    for args in (["sync"], ["today"], ["week"]):
        result = _probe(*args)
        assert result.returncode == 0, result.stderr
        assert "HEAVY=\n" in result.stderr and "AGE=\n" in result.stderr, (args, result.stderr)
    assert _probe("sync").stdout.strip() == "sync: nothing new"
    # The probe does see age when a file has to be opened.
    other = folder / "0123456789abcdef"
    other.mkdir()
    (other / ("ab" * 16 + ".age")).write_bytes(b"not age at all")
    result = _probe("today")
    assert "AGE=loaded" in result.stderr, result.stderr


def test_a_partner_with_nothing_new_loads_neither_the_orm_nor_age(  # type: ignore[no-untyped-def]
    cli, tmp_path, config_file, monkeypatch
) -> None:
    """With a partner and `[sync] auto`, a daily view looks at the couple's folder only."""
    couple = tmp_path / "couple"
    couple.mkdir()
    other = ["--db", str(tmp_path / "partner" / "sparklog.db")]
    mine = cli("partner", "invite", "--name", "Alex").stdout.strip()
    theirs = cli(*other, "partner", "invite", "--name", "Sam").stdout.strip()
    assert cli("partner", "join", theirs, "--folder", str(couple)).exit_code == 0
    assert cli(*other, "partner", "join", mine, "--folder", str(couple)).exit_code == 0
    assert cli(*other, "gratitude", "add", "read once, then only listed", "--share").exit_code == 0
    assert cli(*other, "partner", "sync").exit_code == 0
    assert cli("partner", "sync").exit_code == 0  # read: the folder holds nothing new now
    config_file.write_text("[sync]\nauto = true\n")
    for args in (["today"], ["week"], ["sync"]):
        result = _probe(*args)
        assert result.returncode == 0, result.stderr
        assert "HEAVY=\n" in result.stderr and "AGE=\n" in result.stderr, (args, result.stderr)
    assert _probe("sync").stdout.strip() == "partner: nothing new"
    # A new file of the partner's is read first, and then age is loaded.
    assert cli(*other, "gratitude", "add", "a second one", "--share").exit_code == 0
    result = _probe("today")
    assert "AGE=loaded" in result.stderr, result.stderr
    assert "sparklog: sync: partner: 1 in\n" in result.stderr
