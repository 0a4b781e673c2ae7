"""Paths that touch no data must not pay for SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sparklog import __version__

PROBE = """
import sys
from sparklog.cli import main
sys.argv = ["sparklog", *{args!r}]
try:
    main()
except SystemExit as exit:
    code = exit.code
heavy = sorted(m for m in ("sqlalchemy", "sqlmodel") if m in sys.modules)
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
sys.exit(code)
"""


def _probe(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["gratitude", "--help"], ["three", "--help"]]
)
def test_no_data_paths_do_not_import_the_store(args: list[str]) -> None:
    result = _probe(*args)
    assert result.returncode == 0, result.stderr
    assert "HEAVY=\n" in result.stderr


def test_version_prints_the_package_version() -> None:
    result = _probe("--version")
    assert result.stdout.strip() == f"sparklog {__version__}"


def test_a_data_command_does_import_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The probe can see the store when it is loaded, so the tests above mean something."""
    import os

    env = dict(os.environ, SPARKLOG_DB=str(tmp_path / "j.db"))
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=["today"])],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY=sqlalchemy,sqlmodel" in result.stderr


def test_module_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sparklog", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"sparklog {__version__}"
