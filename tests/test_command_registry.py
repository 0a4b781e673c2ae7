"""Commands are loaded by name when run; every name must lead to a working command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sparklog.cli import COMMANDS

PROBE = """
import sys
from sparklog.cli import main
sys.argv = ["sparklog", *{args!r}]
try:
    main()
except SystemExit as exit:
    code = exit.code
loaded = sorted(m for m in sys.modules if m.startswith("sparklog.cli."))
sys.stderr.write("LOADED=" + ",".join(loaded) + "\\n")
sys.exit(code)
"""


def _loaded(*args: str, env: dict[str, str] | None = None) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    line = next(x for x in result.stderr.splitlines() if x.startswith("LOADED="))
    return line.removeprefix("LOADED=").split(",")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_registered_command_has_help(cli, name: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(name, "--help")
    assert result.exit_code == 0, result.stderr
    assert f"sparklog {name}" in result.stdout


def test_the_root_help_lists_every_command_in_order(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("--help").stdout
    positions = [out.find(f"│ {name} ") for name in COMMANDS]
    assert -1 not in positions, [n for n, p in zip(COMMANDS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


def test_a_typo_still_gets_a_suggestion(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("streak")
    assert result.exit_code == 2
    assert "Did you mean 'streaks'?" in result.stderr


def test_running_a_command_loads_only_its_own_module(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    env = dict(os.environ, SPARKLOG_DB=str(tmp_path / "j.db"))
    loaded = _loaded("today", env=env)
    assert "sparklog.cli.today" in loaded
    for other in ("sparklog.cli.data", "sparklog.cli.evening", "sparklog.cli.lock"):
        assert other not in loaded


def test_help_loads_them_all() -> None:
    modules = {target.partition(":")[0] for target in COMMANDS.values()}
    assert modules <= set(_loaded("--help"))
