"""Shared fixtures: a private journal per test, a fixed terminal, a CLI runner."""

from __future__ import annotations

import contextlib
import fcntl
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from typer.testing import CliRunner

from sparklog.cli import app
from tests.syncthing_pair import SyncthingPair, syncthing_pair

# The processes the tests start may keep the bytecode they compile: with
# PYTHONDONTWRITEBYTECODE set in the shell, each of them would compile SQLAlchemy
# and sparklog from source again (seconds of CPU each).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# A Saturday evening; tests that need another instant travel there themselves.
FROZEN_NOW = "2026-11-21T21:00:00+01:00"


@pytest.fixture(autouse=True)
def _clock(request: pytest.FixtureRequest) -> Iterator[time_machine.Traveller | None]:
    """Every test runs at FROZEN_NOW, whatever day the suite runs on.

    A test that needs the real clock says so with `@pytest.mark.real_clock` and a
    comment giving the reason.
    """
    if request.node.get_closest_marker("real_clock"):
        yield None
        return
    with time_machine.travel(FROZEN_NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own journal and config, a fixed width, no editor."""
    monkeypatch.setenv("SPARKLOG_DB", str(tmp_path / "data" / "sparklog.db"))
    monkeypatch.setenv("SPARKLOG_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERMINAL_WIDTH", "80")
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.delenv("SPARKLOG_DEBUG", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    import time

    time.tzset()


SEED_VARIABLE = "SPARKLOG_TEST_SEED"


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> random.Random:
    """A seeded generator; a failing test prints the seed that replays it."""
    chosen = os.environ.get(SEED_VARIABLE)
    seed = int(chosen) if chosen else random.SystemRandom().randrange(2**32)
    request.node.user_properties.append(("seed", seed))
    return random.Random(seed)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[pytest.TestReport]:
    report: pytest.TestReport = yield
    if report.failed:
        for name, value in item.user_properties:
            if name == "seed":
                report.sections.append(
                    ("seed", f"random seed {value}; replay with {SEED_VARIABLE}={value}")
                )
    return report


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that run alone go first, then the slow ones, then the rest as written.

    Under pytest-xdist this order is the order tests are handed out: the long tests
    start early and the short ones fill the gaps, instead of one long test running
    on its own at the end.
    """

    def rank(item: pytest.Item) -> int:
        if item.get_closest_marker("alone"):
            return 0
        return 1 if item.get_closest_marker("slow") else 2

    items.sort(key=rank)  # stable: within a rank, the order of the files


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[object]:
    """Under pytest-xdist, a test marked `alone` waits until no other test runs, and
    no other test starts until it is done (its setup and teardown included).

    Every test takes a shared lock; an `alone` test takes it exclusively. A second
    lock, the turnstile, is passed through on the way in, and an `alone` test holds
    it while it waits, so the workers cannot keep the shared lock from it forever.
    Without xdist the tests run one by one anyway and nothing is locked.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        return (yield)
    # Every worker's base folder sits in the run's own base folder: one set of
    # lock files per run, never shared with another run on the same machine.
    folder = Path(item.config.option.basetemp).parent
    alone = item.get_closest_marker("alone") is not None
    with (
        _held(folder / "turnstile.lock", fcntl.LOCK_EX) as turnstile,
        _held(folder / "running.lock", fcntl.LOCK_EX if alone else fcntl.LOCK_SH),
    ):
        if not alone:
            fcntl.flock(turnstile, fcntl.LOCK_UN)
        return (yield)


@contextlib.contextmanager
def _held(path: Path, kind: int) -> Iterator[int]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, kind)
        yield fd
    finally:
        os.close(fd)  # closing the file releases its lock


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "sparklog.db"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return tmp_path / "config.toml"


@pytest.fixture
def frozen(_clock: time_machine.Traveller | None) -> time_machine.Traveller:
    """The frozen clock itself, for tests that move it with .move_to()."""
    assert _clock is not None, "a real_clock test cannot also ask for the frozen clock"
    return _clock


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


Invoke = Callable[..., Run]


@pytest.fixture
def cli() -> Invoke:
    """Run sparklog in-process, like a user would type it."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:
        result = runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def rows(db_path: Path) -> Callable[..., list[tuple[Any, ...]]]:
    """Read the stored data directly, independent of sparklog's own queries."""

    def query(sql: str, *params: Any) -> list[tuple[Any, ...]]:
        if not db_path.exists():
            return []  # no journal yet: nothing is stored
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            return list(conn.execute(sql, params))
        finally:
            conn.close()

    return query


FROZEN_RUNNER = Path(__file__).with_name("frozen_sparklog.py")


def sparklog_command(*args: str, at: str | None = None) -> list[str]:
    """The argv of a separate sparklog process on the test's own clock.

    `at` defaults to the test's frozen instant, so the child files its entries
    under the same day as the test; its clock ticks on from there.
    """
    moment = at or datetime.now().astimezone().isoformat()
    return [sys.executable, str(FROZEN_RUNNER), moment, *args]


def run_process(
    *args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run sparklog as a separate process, on the test's frozen clock."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        sparklog_command(*args),
        capture_output=True,
        text=True,
        env=full_env,
        input=input,
        timeout=timeout,
    )


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[SyncthingPair]:
    """Two Syncthing instances on loopback sharing one folder (`tests.syncthing_pair`)."""
    with syncthing_pair(tmp_path) as running:
        yield running
