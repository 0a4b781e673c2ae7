"""Tab completion, run the way a shell runs it: the program with completion variables set.

Typer's bash script calls `sparklog` with `_SPARKLOG_COMPLETE=complete_bash`,
`COMP_WORDS` (the line so far) and `COMP_CWORD` (the word being completed); zsh
uses `complete_zsh` and `_TYPER_COMPLETE_ARGS`. A completion runs on every Tab
press, so it must not load the store.
"""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import runpy, sys
sys.argv = ["sparklog", *{args!r}]
try:
    runpy.run_module("sparklog", run_name="__main__")
    code = 0
except SystemExit as exit:
    code = exit.code
heavy = sorted(m for m in ("sqlalchemy", "sqlmodel") if m in sys.modules)
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
sys.exit(code)
"""


def _complete(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ)
    full.update(env)
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        env=full,
        timeout=60,
    )


def _bash(line: str) -> subprocess.CompletedProcess[str]:
    words = line.split(" ")
    return _complete(
        {
            "_SPARKLOG_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        }
    )


def test_bash_suggests_every_subcommand_for_an_empty_word() -> None:
    result = _bash("sparklog ")
    assert result.returncode == 0, result.stderr
    suggested = set(result.stdout.split())
    assert {"gratitude", "three", "today", "nudge", "shell-init"} <= suggested


def test_bash_narrows_by_prefix() -> None:
    result = _bash("sparklog t")
    assert result.returncode == 0, result.stderr
    suggested = set(result.stdout.split())
    assert {"three", "today"} <= suggested
    assert "gratitude" not in suggested


def test_bash_completes_inside_a_group() -> None:
    result = _bash("sparklog gratitude ")
    assert set(result.stdout.split()) >= {"add", "list"}


def test_bash_completes_a_choice_argument() -> None:
    result = _bash("sparklog shell-init ")
    assert set(result.stdout.split()) == {"bash", "zsh", "fish"}


def test_zsh_suggests_subcommands_with_their_help() -> None:
    result = _complete({"_SPARKLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "sparklog t"})
    assert result.returncode == 0, result.stderr
    assert '"three":' in result.stdout
    assert '"today":' in result.stdout


def test_completion_does_not_load_the_store() -> None:
    for result in (
        _bash("sparklog "),
        _bash("sparklog gratitude "),
        _complete({"_SPARKLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "sparklog "}),
    ):
        assert result.returncode == 0, result.stderr
        assert "HEAVY=\n" in result.stderr


def test_the_probe_notices_the_store_when_it_is_loaded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Without completion variables a write runs, and the probe sees the store."""
    result = _complete({"SPARKLOG_DB": str(tmp_path / "j.db")}, "ritual", "add", "Walk")
    assert result.returncode == 0, result.stderr
    assert "HEAVY=sqlalchemy,sqlmodel" in result.stderr


def test_show_completion_prints_a_script_for_the_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sparklog", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1"),
    )
    assert result.returncode == 0, result.stderr
    assert "_SPARKLOG_COMPLETE=complete_bash" in result.stdout
    assert "complete -o default -F _sparklog_completion sparklog" in result.stdout
