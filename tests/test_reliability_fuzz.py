"""Hostile arguments: whatever is typed, sparklog answers with an exit code, never a crash.

Hypothesis builds command lines for every everyday command from hostile pieces:
NUL and other control characters, lone surrogates (what a shell passes for bytes
that are not UTF-8), very long strings, odd dates, ritual names, tags, paths and
option combinations. The runner here catches every exception (unlike the shared
`cli` fixture) so that anything escaping sparklog fails the property instead of
the test harness, and a last-resort "unexpected error" counts as a failure too.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from sparklog.cli import app
from tests.conftest import Invoke

SURROGATES = st.characters(categories=["Cs"])
ANY_CHAR = st.one_of(
    st.characters(),  # every printable or control code point except surrogates
    SURROGATES,
    st.sampled_from(["\x00", "\n", "\t", "\r", "\x1b", "\u202e", "\ufeff", "#", "-", "💛"]),
)
HOSTILE = st.one_of(
    st.text(ANY_CHAR, max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\ud800",
            "x" * 2000,
            "x" * 2001,
            "é" * 5000,
            "#" * 50,
            "#" + "t" * 41,
            "--json",
            "--",
            "-",
            "-h",
            "💛 #mornings",
            "\x1b[31mred\x1b[0m",
            "'; DROP TABLE entry; --",
            'MATCH "unbalanced',
            "NEAR(a b",
            "*",
        ]
    ),
)
DATES = st.one_of(
    st.sampled_from(
        [
            "today",
            "yesterday",
            "tomorrow",
            "monday",
            "Sun",
            "2026-11-21",
            "2026-02-30",
            "2026-13-01",
            "1999-12-31",
            "0001-01-01",
            "9999-12-31",
            "3d",
            "0d",
            "-1d",
            "99999999d",
            "100 days ago",
            "2 days",
            "2026-W47",
            "",
        ]
    ),
    HOSTILE,
)
RITUALS = st.one_of(
    st.sampled_from(["Morning coffee", "morning", "M", "Date night", "date", "d", "Walk"]),
    HOSTILE,
)
TAGS = st.one_of(st.sampled_from(["mornings", "#walk", "Tag-1", "a_b", "ü"]), HOSTILE)
LANGS = st.one_of(st.sampled_from(["words", "acts", "gifts", "time", "touch", "WORDS"]), HOSTILE)
HORSEMEN = st.one_of(st.sampled_from(["criticism", "contempt", "stonewalling"]), HOSTILE)
KINDS = st.one_of(st.sampled_from(["gratitude", "three", "observation", "check"]), HOSTILE)
FORMATS = st.one_of(st.sampled_from(["json", "csv", "markdown", "JSON"]), HOSTILE)
NUMBERS = st.one_of(st.sampled_from(["1", "2", "7", "8", "0", "-1", "3.5", "99999999999"]), HOSTILE)
WEEKDAYS = st.one_of(st.sampled_from(["mon,thu", "sun", "mon,mon", "mon,,thu", "xyz"]), HOSTILE)
PROMPT_KINDS = st.one_of(st.sampled_from(["checkin", "appreciation", "memory"]), HOSTILE)
YEARS = st.one_of(st.sampled_from(["2026", "1969", "0", "10000", "-5", "2027"]), HOSTILE)
# Paths are names inside the test's own folder, so nothing outside it is ever written.
# They hold no NUL: no operating system can pass one in argv, and unlike entry text
# (which also arrives from prompts and the editor) a path only ever comes from argv.
NAMES = st.one_of(
    st.sampled_from(
        [
            "out.json",
            "out.csv",
            "sub/dir/out.md",
            ".",
            "exists.json",
            "folder",
            "good.json",
            "bad.json",
            "garbage.bin",
            "empty.json",
            "foreign.json",
            "missing.json",
            "journal",
            "x" * 300,
            "x/" * 2100,
        ]
    ),
    st.text(ANY_CHAR, min_size=1, max_size=20).filter(lambda s: ".." not in s and "\x00" not in s),
)

FLAG = None
Options = dict[str, st.SearchStrategy[str] | None]

COMMANDS: list[tuple[tuple[str, ...], st.SearchStrategy[list[str]], Options]] = [
    (
        ("gratitude", "add"),
        st.lists(HOSTILE, min_size=1, max_size=2),
        {"--date": DATES, "--tag": TAGS, "--lang": LANGS},
    ),
    (
        ("gratitude", "list"),
        st.just([]),
        {"--since": DATES, "--until": DATES, "--tag": TAGS, "--json": FLAG},
    ),
    (("three",), st.lists(HOSTILE, max_size=4), {"--date": DATES, "--replace": FLAG}),
    (
        ("observe",),
        st.lists(HOSTILE, min_size=1, max_size=2),
        {
            "--negative": FLAG,
            "--horseman": HORSEMEN,
            "--reframe": HOSTILE,
            "--date": DATES,
            "--tag": TAGS,
            "--lang": LANGS,
        },
    ),
    (
        ("ritual", "add"),
        st.lists(RITUALS, min_size=1, max_size=2),
        {"--daily": FLAG, "--weekdays": FLAG, "--on": WEEKDAYS, "--weekly": NUMBERS},
    ),
    (("ritual", "list"), st.just([]), {"--json": FLAG}),
    (("ritual", "done"), st.lists(RITUALS, min_size=1, max_size=3), {"--date": DATES}),
    (("ritual", "undo"), st.lists(RITUALS, min_size=1, max_size=2), {"--date": DATES}),
    (("ritual", "rename"), st.lists(RITUALS, min_size=2, max_size=2), {}),
    (
        ("ritual", "pause"),
        st.lists(RITUALS, min_size=1, max_size=1),
        {"--from": DATES, "--to": DATES},
    ),
    (("ritual", "archive"), st.lists(RITUALS, min_size=1, max_size=1), {}),
    (("today",), st.just([]), {"--json": FLAG}),
    (("week",), st.just([]), {"--date": DATES, "--last": FLAG, "--json": FLAG}),
    (("month",), st.just([]), {"--date": DATES}),
    (("year",), st.lists(YEARS, max_size=1), {}),
    (("streaks",), st.just([]), {"--json": FLAG}),
    (
        ("log",),
        st.just([]),
        {
            "--since": DATES,
            "--until": DATES,
            "--kind": KINDS,
            "--tag": TAGS,
            "--search": HOSTILE,
            "--json": FLAG,
        },
    ),
    (("prompt",), st.just([]), {"--kind": PROMPT_KINDS}),
    (("share",), st.just([]), {"--date": DATES}),
    (("nudge",), st.just([]), {}),
    (("info",), st.just([]), {}),
    (
        ("export",),
        st.just([]),
        {"--format": FORMATS, "--since": DATES, "--until": DATES, "--out": NAMES, "--force": FLAG},
    ),
    (("import",), st.lists(NAMES, min_size=1, max_size=1), {}),
    (("backup",), st.just([]), {"--out": NAMES}),
]
PATH_OPTIONS = {"--out"}


@st.composite
def command_lines(draw: st.DrawFn, folder: Path) -> list[str]:
    path, positional, options = draw(st.sampled_from(COMMANDS))
    args = list(draw(positional))
    if path == ("import",):
        args = [str(folder / name) for name in args]
    chosen = draw(st.lists(st.sampled_from(sorted(options) or [""]), max_size=4))
    for option in chosen:
        if not option:
            continue
        values = options[option]
        if values is None:
            args.append(option)
            continue
        value = draw(values)
        args += [option, str(folder / value) if option in PATH_OPTIONS else value]
    if draw(st.booleans()):
        args = draw(st.permutations(args))
    return [*path, *args]


@pytest.fixture
def playground(tmp_path: Path, cli: Invoke) -> Path:
    """A journal with a little of everything, and files for import and export to meet."""
    assert cli("gratitude", "add", "you made coffee #mornings", "--lang", "acts").exit_code == 0
    assert cli("three", "soup", "the call", "the bike").exit_code == 0
    assert cli("observe", "sighed at me", "--negative", "--horseman", "contempt").exit_code == 0
    assert cli("ritual", "add", "Morning coffee").exit_code == 0
    assert cli("ritual", "add", "Date night", "--weekly", "1").exit_code == 0
    assert cli("ritual", "done", "Morning").exit_code == 0
    folder = tmp_path / "play"
    folder.mkdir()
    assert cli("export", "--out", str(folder / "good.json")).exit_code == 0
    (folder / "exists.json").write_text("{}")
    (folder / "folder").mkdir()
    (folder / "bad.json").write_text('{"format": "sparklog", "version": 1, "entries": [{"id"')
    (folder / "garbage.bin").write_bytes(random.Random(512).randbytes(512))
    (folder / "empty.json").write_text("")
    foreign = {"format": "sparklog", "version": 99, "entries": [{"text": "\x00"}]}
    (folder / "foreign.json").write_text(json.dumps(foreign))
    return folder


def _run_hostile(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args, catch_exceptions=True)
    described = f"args={args!r}\nstdout={result.stdout!r}\nstderr={result.stderr!r}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"escaped: {result.exception!r}\n{described}") from result.exception
    assert result.exit_code in (0, 1, 2), described
    assert "Traceback" not in result.stdout + result.stderr, described
    assert "unexpected error" not in result.stderr, described
    if result.exit_code != 0:
        errors = [line for line in result.stderr.splitlines() if line.startswith("sparklog:")]
        assert len(errors) <= 1, described


def _journal_is_sound(db: Path) -> None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        for (text,) in conn.execute("SELECT text FROM entry"):
            assert "\x00" not in text
            text.encode("utf-8")  # no lone surrogate was stored
    finally:
        conn.close()


@pytest.mark.slow
def test_hostile_command_lines_never_crash(playground: Path, db_path: Path) -> None:
    runner = CliRunner()

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(args=command_lines(playground))
    def property(args: list[str]) -> None:
        _run_hostile(runner, args)

    property()
    _journal_is_sound(db_path)


@given(args=st.lists(HOSTILE, max_size=6))
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_any_words_at_all_never_crash(args: list[str]) -> None:
    """Not even a command name: whatever comes first is refused or handled."""
    _run_hostile(CliRunner(), args)


@pytest.mark.parametrize(
    "args",
    [
        [b"gratitude", b"add", b"caf\xe9 in latin-1"],
        [b"ritual", b"add", b"\xff\xfe"],
        [b"ritual", b"done", b"\xff"],
        [b"log", b"--search", b"\xc3"],
        [b"gratitude", b"list", b"--tag", b"\x80"],
        [b"export", b"--out", b"/nonexistent/\xff/x.json"],
        [b"\xff"],
    ],
    ids=lambda args: b" ".join(args).decode("ascii", "backslashreplace"),
)
def test_bytes_that_are_not_utf8_on_a_real_command_line(args: list[bytes]) -> None:
    """A real process, since only a real argv turns such bytes into lone surrogates."""
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"sparklog", *args],
        capture_output=True,
        env=dict(os.environ),
        timeout=60,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode in (1, 2), stderr
    assert "Traceback" not in stderr and "unexpected error" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 or result.returncode == 2, stderr
