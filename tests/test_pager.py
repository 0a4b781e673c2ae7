"""Long output through a pager, only on a terminal; search words marked on a colour one.

The terminal runs are real pseudo-terminals (pexpect). PAGER is a small script
that records what it is given, so a test sees exactly what reached the pager.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pexpect
import pytest

from tests.conftest import Invoke, sparklog_command

pytestmark = pytest.mark.usefixtures("frozen")

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def recorder(tmp_path: Path) -> tuple[Path, Path]:
    """A pager that writes its input to a file (and nothing to the screen)."""
    record = tmp_path / "paged.txt"
    script = tmp_path / "record-pager"
    script.write_text(f'#!/bin/sh\ncat > "{record}"\n')
    script.chmod(0o755)
    return script, record


@pytest.fixture
def journal(cli: Invoke) -> None:
    for args in (
        ["gratitude", "add", "coffee before I woke up #mornings", "--date", "2026-11-19"],
        ["gratitude", "add", "the bike, fixed again"],
        ["observe", "Coffee in bed on a Sunday"],
    ):
        assert cli(*args).exit_code == 0, args


def _on_a_terminal(*args: str, env: dict[str, str]) -> tuple[int, str]:
    argv = sparklog_command(*args)
    child = pexpect.spawn(
        argv[0],
        argv[1:],
        env={**os.environ, **env},
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus or 0), str(child.before)


@pytest.mark.usefixtures("journal")
@pytest.mark.parametrize(
    "args, expected",
    [
        (["log"], "the bike, fixed again"),
        (["gratitude", "list"], "coffee before I woke up"),
        (["export", "--format", "markdown"], "# sparklog journal"),
    ],
    ids=["log", "gratitude list", "export markdown"],
)
def test_a_terminal_gets_long_output_through_the_pager(
    recorder: tuple[Path, Path], args: list[str], expected: str
) -> None:
    pager, record = recorder
    code, screen = _on_a_terminal(*args, env={"PAGER": str(pager), "NO_COLOR": "1"})
    assert code == 0, screen
    assert expected in record.read_text()
    assert expected not in screen  # the pager had it, the terminal did not
    assert not ANSI.search(record.read_text())  # NO_COLOR holds through the pager too


@pytest.mark.usefixtures("journal")
def test_no_pager_prints_to_the_terminal(recorder: tuple[Path, Path]) -> None:
    pager, record = recorder
    code, screen = _on_a_terminal("log", "--no-pager", env={"PAGER": str(pager)})
    assert code == 0
    assert "the bike, fixed again" in screen
    assert not record.exists()


@pytest.mark.usefixtures("journal")
def test_pager_cat_or_empty_means_no_pager(recorder: tuple[Path, Path]) -> None:
    for value in ("cat", ""):
        code, screen = _on_a_terminal("gratitude", "list", env={"PAGER": value})
        assert code == 0
        assert "the bike, fixed again" in screen


@pytest.mark.usefixtures("journal")
def test_a_pipe_never_gets_the_pager(recorder: tuple[Path, Path]) -> None:
    pager, record = recorder
    for args in (["log"], ["gratitude", "list"], ["export", "--format", "markdown"]):
        result = subprocess.run(
            sparklog_command(*args),
            capture_output=True,
            text=True,
            env={**os.environ, "PAGER": str(pager)},
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert "coffee before I woke up" in result.stdout
    assert not record.exists()


@pytest.mark.usefixtures("journal")
def test_json_export_on_a_terminal_is_not_paged(recorder: tuple[Path, Path]) -> None:
    pager, record = recorder
    code, screen = _on_a_terminal("export", env={"PAGER": str(pager)})
    assert code == 0
    assert '"format": "sparklog"' in screen
    assert not record.exists()


@pytest.mark.usefixtures("journal")
def test_a_missing_pager_still_shows_the_text() -> None:
    code, screen = _on_a_terminal("log", env={"PAGER": "/nonexistent/pager -R"})
    assert code == 0
    assert "the bike, fixed again" in screen


@pytest.mark.usefixtures("journal")
def test_search_marks_the_words_on_a_colour_terminal(recorder: tuple[Path, Path]) -> None:
    pager, record = recorder
    env = {"PAGER": str(pager), "TERM": "xterm-256color"}
    env_no_color = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    argv = sparklog_command("log", "--search", "coff")
    child = pexpect.spawn(
        argv[0], argv[1:], env={**env_no_color, **env}, encoding="utf-8", timeout=30
    )
    child.expect(pexpect.EOF)
    child.close()
    paged = record.read_text()
    # Each word starting with the searched one is drawn bold and reversed.
    marked = re.findall(r"\x1b\[[0-9;]*1;7m(\w+)", paged)
    assert sorted(marked) == ["Coffee", "coffee"], paged
    assert "the bike" not in paged


def test_search_output_is_plain_when_piped(cli: Invoke, journal: None) -> None:
    result = cli("log", "--search", "coffee")
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout)
    assert "coffee before I woke up #mornings" in result.stdout
