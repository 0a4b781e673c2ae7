"""`sparklog shell-init`: the rc-file lines, checked by a real bash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sparklog.cli.nudge import NUDGE_LINE
from tests.conftest import Invoke


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_the_alias_and_the_nudge(cli: Invoke, shell: str) -> None:
    result = cli("shell-init", shell)
    assert result.exit_code == 0
    assert "sparklog evening" in result.stdout
    assert "alias eod" in result.stdout
    assert "sparklog nudge" in result.stdout
    assert "\x1b" not in result.stdout


def test_an_unknown_shell_is_a_usage_error(cli: Invoke) -> None:
    result = cli("shell-init", "tcsh")
    assert result.exit_code == 2
    assert len(result.err_lines) == 1
    assert "bash" in result.stderr
    assert result.stdout == ""


def _fake_program(tmp_path: Path) -> Path:
    """A `sparklog` on PATH that runs this checkout's package."""
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "sparklog"
    program.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m sparklog "$@"\n')
    program.chmod(0o755)
    return folder


def _bash(
    cli: Invoke, tmp_path: Path, script: str, *flags: str
) -> subprocess.CompletedProcess[str]:
    rc = tmp_path / "rc.sh"
    rc.write_text(cli("shell-init", "bash").stdout)
    env = dict(os.environ, PATH=f"{_fake_program(tmp_path)}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run(
        ["bash", "--norc", "--noprofile", *flags, "-c", f". {rc}\n{script}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_an_interactive_bash_prints_the_nudge_and_knows_eod(cli: Invoke, tmp_path: Path) -> None:
    result = _bash(cli, tmp_path, "alias eod", "-i")
    assert result.returncode == 0, result.stderr
    assert NUDGE_LINE in result.stdout
    assert "alias eod='sparklog evening'" in result.stdout


def test_a_non_interactive_bash_stays_silent(cli: Invoke, tmp_path: Path) -> None:
    """scp and rsync read .bashrc too; they must not see a nudge."""
    result = _bash(cli, tmp_path, "true")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
