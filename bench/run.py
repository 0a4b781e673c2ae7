"""Time the installed `sparklog` as whole processes on three journals.

Run: ``uv run python bench/run.py [--runs N] [--only=today,--help,sync] [--markdown]``

It builds journals with sparklog's own store code (see build.py): a new one
(four rituals, nothing logged), one week, one month, one year and ten years of
use, each at the default place (XDG_DATA_HOME points into bench/data, no configuration
file), so every run finds its journal the way a user's shell does. Every
command then runs as a separate process: once to warm the file cache and write
bytecode, then N times (default 5; `today` and the import floor 3N), the
journals taking turns round by round so a busy moment hits all of them alike.
Mutating commands run on a fresh copy of their journal each time, so every run
starts from the same state. It asks for a higher scheduling priority when
allowed, to be less at the mercy of other processes.

For each command and journal it records the wall time and the CPU time (user +
system) of every run, and the peak memory: the child's own ``ru_maxrss``, read
with ``os.wait4``. `evening` is timed to its first question on screen (pexpect:
spawn, wait for the first prompt, then Ctrl-C), by wall time only.

Two floors frame the figures: the read floor ``import typer, rich.console,
sqlite3`` (what a read command cannot go below) and the write floor with
sqlmodel in place of sqlite3; each read command is held to a read floor run in
its own rounds, so a busy moment weighs on both sides of the ratio. jrnl is
installed from PyPI into a throwaway venv in the temporary folder (``uv venv``
and ``uv pip install jrnl``), given the same entries as a plain-text journal,
and ``jrnl -from <monday> --format short`` is timed against ``sparklog week``
at one month, one year and ten years, the two taking turns. It prints the
medians, checks the targets by wall time and by CPU time, and writes everything
to ``bench/results.json``. Sync is measured on the ten-year journal: sending all
of it, a new device joining ten years late, and a sync with nothing new (and
`today` with ``[sync] auto``) against plain `today`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "data"
VENV_BIN = ROOT / ".venv" / "bin"
SPARKLOG = VENV_BIN / "sparklog"
PYTHON = VENV_BIN / "python"
RESULTS = BENCH / "results.json"
JOURNALS = ("empty", "week", "years")
LABELS = {
    "empty": "new",
    "week": "1 week",
    "month": "1 month",
    "year": "1 year",
    "years": "10 years",
}
COMPARED = ("month", "year", "years")
"""The journals on which `sparklog week` runs side by side with jrnl."""
READ_FLOOR = "read floor"
WRITE_FLOOR = "write floor"
FLOORS = {
    READ_FLOOR: "import typer, rich.console, sqlite3",
    WRITE_FLOOR: "import typer, rich.console, sqlmodel",
}
FLOOR_ROUNDS = 3
"""`today` and the floors run this many times the rounds of other commands."""
READS = (
    "today",
    "week",
    "streaks",
    "ritual list",
    "log --search",
    "month",
    "year",
    "memories",
    "trends",
)
JRNL_HOME = Path(tempfile.gettempdir()) / "sparklog-bench-jrnl"
"""Where jrnl's throwaway venv and journals live: outside the repository."""
FIRST_QUESTION = "  1: "


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float
    code: int


@dataclass
class Variant:
    """One command on one journal: what to run and how to prepare for a run."""

    argv: list[str]
    env: dict[str, str]
    prepare: Callable[[], None] | None = None
    stdout: Path | None = None
    ok_codes: tuple[int, ...] = (0,)
    samples: list[Sample] = field(default_factory=list)
    error: str | None = None
    first_prompt: str | None = None
    """Time until this text is on screen instead of until the process ends."""


@dataclass
class Command:
    name: str
    args: list[str]
    mutates: bool = False
    env: dict[str, str] = field(default_factory=dict)
    needs: str | None = None  # a subcommand that must exist, checked through --help
    variants: dict[str, Variant] = field(default_factory=dict)
    floor: Variant | None = None
    """The read floor, run in the same rounds as this command (read commands only)."""


def _raise_priority() -> int:
    """Run (and so spawn) at a higher priority when allowed, to be less at the mercy
    of whatever else the machine is doing; every command gets the same treatment."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, -10)
    return os.getpriority(os.PRIO_PROCESS, 0)


def markdown(table: list[Command], floors: dict[str, Variant], jrnl: dict[str, Variant]) -> str:
    """The README tables: wall-clock medians (CPU time in brackets) and peak memory."""

    def cell(variant: Variant | None) -> str:
        if variant is None or variant.error or not variant.samples:
            return "-"
        wall, cpu = median(variant) * 1000, median(variant, "cpu") * 1000
        if variant.first_prompt is not None:
            return f"{wall:.0f} ms"
        return f"{wall:.0f} ms ({cpu:.0f}) · {peak(variant):.0f} MB"

    lines = [
        "| command | new journal | one week | ten years |",
        "|---|--:|--:|--:|",
    ]
    for name, code in FLOORS.items():
        lines.append(f'| `python -c "{code}"` ({name}) | {cell(floors[name])} | | |')
    for command in table:
        cells = " | ".join(cell(command.variants.get(j)) for j in JOURNALS)
        shown = {
            "completion": "bash completion of `sparklog ritual `",
            "import": "`sparklog import FILE` (that journal's export, into a new journal)",
            "evening": "`sparklog evening`, until its first question is on screen",
        }.get(command.name, f"`sparklog {shlex.join(command.args)}`")
        lines.append(f"| {shown} | {cells} |")
    week = next((c for c in table if c.name == "week"), None)
    if jrnl and week is not None:
        lines += [
            "",
            "| the same entries | `sparklog week` | `jrnl -from <monday> --format short` |"
            " jrnl ÷ sparklog |",
            "|---|--:|--:|--:|",
        ]
        for name in COMPARED:
            ours, theirs = week.variants.get(name), jrnl.get(name)
            ratio = (
                f"{median(theirs) / median(ours):.2f}x"
                if measured(ours) and measured(theirs)
                else "-"
            )
            lines.append(f"| {LABELS[name]} | {cell(ours)} | {cell(theirs)} | {ratio} |")
    return "\n".join(lines)


def build() -> dict[str, Any]:
    """Build the journals in a child process.

    Linux carries a process's peak memory across exec, so a child forked from a
    parent that had loaded SQLAlchemy would report the parent's peak; this
    script stays small by importing nothing of sparklog itself.
    """
    out = subprocess.run(
        [str(PYTHON), str(BENCH / "build.py"), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    built: dict[str, Any] = json.loads(out)
    built["paths"] = {name: Path(path) for name, path in built["paths"].items()}
    return built


def copy_journal(source: Path, dest: Path) -> None:
    """A byte copy of a closed, checkpointed journal and its nudge stamp."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", ".last"):
        dest.with_name(dest.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, dest)
    dest.chmod(0o600)
    stamp = source.with_name(source.name + ".last")
    if stamp.exists():
        shutil.copyfile(stamp, dest.with_name(dest.name + ".last"))


def _first_question(variant: Variant) -> Sample:
    """Wall time from spawning the command to its first prompt on screen, then Ctrl-C."""
    import pexpect

    assert variant.first_prompt is not None
    started = time.perf_counter()
    child = pexpect.spawn(
        variant.argv[0],
        variant.argv[1:],
        env=variant.env,
        encoding="utf-8",
        timeout=60,
        dimensions=(50, 80),
    )
    try:
        child.expect_exact(variant.first_prompt)
        wall = time.perf_counter() - started
    except pexpect.ExceptionPexpect:
        wall = time.perf_counter() - started
        if variant.error is None:
            variant.error = f"no {variant.first_prompt!r} on screen: {str(child.before)[-300:]}"
    finally:
        child.sendintr()
        with contextlib.suppress(pexpect.ExceptionPexpect):
            child.expect(pexpect.EOF)
        child.close()
    return Sample(wall, math.nan, math.nan, child.exitstatus or 0)


def _spawn(variant: Variant) -> Sample:
    if variant.prepare is not None:
        variant.prepare()
    if variant.first_prompt is not None:
        return _first_question(variant)
    out = variant.stdout.open("wb") if variant.stdout else subprocess.DEVNULL
    try:
        started = time.perf_counter()
        proc = subprocess.Popen(
            variant.argv,
            env=variant.env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.PIPE,
        )
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stderr.close()
    finally:
        if variant.stdout:
            out.close()  # type: ignore[union-attr]
    code = proc.returncode
    if code not in variant.ok_codes and variant.error is None:
        variant.error = f"exit {code}: {err.decode(errors='replace').strip()[:300]}"
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code)


def _base_env(db: Path) -> dict[str, str]:
    """The environment of a run: the journal and configuration at their default places.

    `db` is ``HOME/data/sparklog/sparklog.db``; XDG_DATA_HOME and XDG_CONFIG_HOME
    point into HOME, so sparklog finds both the way it does for a user who set
    nothing (there is no configuration file: every default).
    """
    home = db.parent.parent.parent
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SPARKLOG_", "_SPARKLOG_", "COMP_", "VIRTUAL_ENV"))
        # Installed Python code runs from cached bytecode; let the warm-up write it.
        and key != "PYTHONDONTWRITEBYTECODE"
    }
    env.update(
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        COLUMNS="80",
    )
    return env


def _available(path: list[str]) -> bool:
    """Whether the installed sparklog has this subcommand yet."""
    result = subprocess.run(
        [str(SPARKLOG), *path, "--help"], capture_output=True, check=False, env=os.environ
    )
    return result.returncode == 0


def commands(journals: dict[str, Path]) -> list[Command]:
    exports = {name: DATA / f"export-{name}.json" for name in JOURNALS}
    found = [
        Command("--help", ["--help"]),
        Command("--version", ["--version"]),
        Command(
            "completion",
            [],
            env={
                "_SPARKLOG_COMPLETE": "complete_bash",
                "COMP_WORDS": "sparklog ritual ",
                "COMP_CWORD": "2",
            },
        ),
        Command("nudge", ["nudge"], needs="nudge"),
        Command("today", ["today"]),
        Command("week", ["week"], needs="week"),
        Command("streaks", ["streaks"], needs="streaks"),
        Command("ritual list", ["ritual", "list"], needs="ritual list"),
        Command(
            "gratitude add",
            ["gratitude", "add", "You made the evening feel easy #home", "--lang", "time"],
            mutates=True,
        ),
        Command(
            "ritual done", ["ritual", "done", "Morning coffee"], mutates=True, needs="ritual done"
        ),
        Command("log --search", ["log", "--search", "budget"], needs="log"),
        Command("month", ["month"], needs="month"),
        Command("year", ["year"], needs="year"),
        Command("memories", ["memories"], needs="memories"),
        Command("trends", ["trends"], needs="trends"),
        Command("export json", ["export", "--format", "json"], needs="export"),
        Command("import", ["import"], mutates=True, needs="import"),
        Command("evening", ["evening"], mutates=True, needs="evening"),
    ]
    work = DATA / "work"
    work.mkdir(exist_ok=True)
    for command in found:
        for name in JOURNALS:
            db = journals[name]
            env = _base_env(db) | command.env
            argv = [str(SPARKLOG), *command.args]
            prepare: Callable[[], None] | None = None
            stdout: Path | None = None
            if command.name == "import":
                target = work / f"import-{name}" / "data" / "sparklog" / "sparklog.db"
                env = _base_env(target)
                argv.append(str(exports[name]))

                def prepare(target: Path = target) -> None:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    for suffix in ("", "-wal", "-shm", ".last"):
                        target.with_name(target.name + suffix).unlink(missing_ok=True)

            elif command.mutates:
                target = work / name / "data" / "sparklog" / "sparklog.db"
                env = _base_env(target) | command.env

                def prepare(source: Path = db, target: Path = target) -> None:
                    copy_journal(source, target)

            if command.name == "export json":
                stdout = exports[name]
            command.variants[name] = Variant(argv, env, prepare, stdout)
            if command.name == "evening":
                command.variants[name].env = env | {"NO_COLOR": "1"}
                command.variants[name].first_prompt = FIRST_QUESTION
    week = next(c for c in found if c.name == "week")
    for name in COMPARED:
        week.variants[name] = Variant(
            [str(SPARKLOG), *week.args], _base_env(journals[name]) | week.env
        )
    return found


def setup_jrnl() -> Path | None:
    """jrnl from PyPI in a throwaway venv outside the repository (kept between runs)."""
    venv = JRNL_HOME / "venv"
    jrnl = venv / "bin" / "jrnl"
    if jrnl.exists():
        return jrnl
    uv = shutil.which("uv")
    if uv is None:
        print("skipped jrnl: uv is not on PATH")
        return None
    try:
        subprocess.run([uv, "venv", "-q", str(venv)], check=True, capture_output=True)
        subprocess.run(
            [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), "jrnl"],
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError as exc:
        print(f"skipped jrnl: {exc.stderr.decode(errors='replace').strip()[:300]}")
        return None
    return jrnl


_JRNL_CONFIG = """
import sys
from jrnl.config import get_default_config, save_config

config = get_default_config()
config["journals"]["default"]["journal"] = sys.argv[1]
config["timeformat"] = "%Y-%m-%d %H:%M"
config["highlight"] = False
save_config(config, alt_config_path=sys.argv[2])
"""


def jrnl_journal(db: Path, folder: Path, jrnl: Path) -> Path:
    """The sparklog journal's entries as a plain-text jrnl journal; returns jrnl's config.

    Each entry becomes one jrnl entry at the time it was written, its text as it
    is (tags included), in the order written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    journal = folder / "journal.txt"
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT day, written_at, text FROM entry ORDER BY day, written_at, seq"
        ).fetchall()
    finally:
        conn.close()
    journal.write_text("".join(f"[{day} {at[11:16]}] {text}\n\n" for day, at, text in rows))
    config = folder / "jrnl.yaml"
    python = jrnl.parent / "python"
    subprocess.run([str(python), "-c", _JRNL_CONFIG, str(journal), str(config)], check=True)
    return config


def jrnl_variants(journals: dict[str, Path], today: date) -> dict[str, Variant]:
    """`jrnl -from <this week's monday> --format short` on each compared journal."""
    jrnl = setup_jrnl()
    if jrnl is None:
        return {}
    monday = today - timedelta(days=today.weekday())
    found: dict[str, Variant] = {}
    for name in COMPARED:
        config = jrnl_journal(journals[name], JRNL_HOME / name, jrnl)
        argv = [str(jrnl), "--config-file", str(config), "-from", monday.isoformat()]
        found[name] = Variant([*argv, "--format", "short"], _base_env(journals[name]))
    return found


def measure(command: Command, runs: int, extra: dict[str, Variant] | None = None) -> None:
    variants = dict(command.variants) | (extra or {})
    for variant in variants.values():
        _spawn(variant)  # warm-up: file cache, .pyc files
    for _ in range(runs):
        for variant in variants.values():
            variant.samples.append(_spawn(variant))


def median(variant: Variant, metric: str = "wall") -> float:
    """The median of a metric; NaN for what was not measured (evening's CPU time)."""
    return statistics.median(getattr(s, metric) for s in variant.samples)


def peak(variant: Variant) -> float:
    return max(s.rss_mb for s in variant.samples)


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


def measured(variant: Variant | None) -> bool:
    return variant is not None and bool(variant.samples) and variant.error is None


def machine() -> dict[str, Any]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run(
        [str(PYTHON), "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    sparklog = subprocess.run(
        [str(SPARKLOG), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "sparklog": sparklog,
        "commit": commit or None,
        "platform": platform.platform(),
        "cpu": model,
        "cpus": os.cpu_count(),
        "python": version,
        "load_average_at_end": os.getloadavg(),
    }


TIME_TARGETS: list[tuple[str, tuple[str, str], tuple[str, str], float]] = [
    *(
        (f"1. {name}: 10 years / new", (name, "years"), (name, "empty"), 1.15)
        for name in (*READS, "gratitude add", "ritual done", "nudge", "evening")
    ),
    *(
        (f"2. {name} (new) / read floor", (name, "empty"), (READ_FLOOR, "empty"), 1.3)
        for name in READS
    ),
    *(
        (f"2. {name} (10 years) / read floor", (name, "years"), (READ_FLOOR, "empty"), 1.4)
        for name in READS
    ),
    ("2. evening question (new) / read floor", ("evening", "empty"), (READ_FLOOR, "empty"), 1.6),
    ("2. evening question (10 y) / read floor", ("evening", "years"), (READ_FLOOR, "empty"), 1.6),
    # Writes, --help, --version, completion and nudge stay where they were: the
    # limits are their ratios to the same floor in the run before the read side
    # (0.94, 0.96, 0.35, 0.14, 0.34, 0.15), with 15% for noise.
    *(
        (f"3. {name} (new) / write floor", (name, "empty"), (WRITE_FLOOR, "empty"), limit)
        for name, limit in (
            ("gratitude add", 1.08),
            ("ritual done", 1.10),
            ("--help", 0.40),
            ("--version", 0.16),
            ("completion", 0.39),
            ("nudge", 0.17),
        )
    ),
    ("4. export json: 10 years / 1 week", ("export json", "years"), ("export json", "week"), 4.0),
    ("4. import: 10 years / 1 week", ("import", "years"), ("import", "week"), 4.0),
]
"""(label, measured, base, limit): measured / base must stay at or under the limit."""

JRNL_TARGETS: list[tuple[str, str, float]] = [
    ("6. jrnl week / sparklog week, 1 month", "month", 1.2),
    ("6. jrnl week / sparklog week, 1 year", "year", 1.5),
    ("6. jrnl week / sparklog week, 10 years", "years", 2.0),
]
"""(label, journal, limit): jrnl's time / sparklog's must reach at least the limit."""


def _ratio(top: Variant | None, bottom: Variant | None, metric: str) -> float | None:
    if top is None or bottom is None or not measured(top) or not measured(bottom):
        return None
    value = median(top, metric) / median(bottom, metric)
    return None if math.isnan(value) else value


def targets(
    table: dict[str, Command], floors: dict[str, Variant], jrnl: dict[str, Variant]
) -> list[dict[str, Any]]:
    """Every target as a ratio (or MB), by wall time and by CPU time, with a verdict."""

    def variant(name: str, journal: str) -> Variant | None:
        if name in floors:
            return floors[name]
        command = table.get(name)
        return command.variants.get(journal) if command else None

    checks: list[dict[str, Any]] = []
    for label, (name, journal), (base, base_journal), limit in TIME_TARGETS:
        top, bottom = variant(name, journal), variant(base, base_journal)
        check: dict[str, Any] = {"target": label, "limit": limit, "unit": "x"}
        own = table[name].floor if name in table else None
        if base == READ_FLOOR and own is not None and measured(own):
            # Against the floor measured in the same rounds, so a busy moment of
            # the machine weighs on both sides of the ratio alike.
            bottom = own
        for metric in ("wall", "cpu"):
            value = _ratio(top, bottom, metric)
            check[metric] = None if value is None else round(value, 3)
            check[f"{metric}_met"] = None if value is None else value <= limit
        checks.append(check)
    for label, journal, limit in JRNL_TARGETS:
        check = {"target": label, "limit": limit, "unit": "x", "at_least": True}
        for metric in ("wall", "cpu"):
            value = _ratio(jrnl.get(journal), variant("week", journal), metric)
            check[metric] = None if value is None else round(value, 3)
            check[f"{metric}_met"] = None if value is None else value >= limit
        checks.append(check)
    for name in ("export json", "import"):
        top = variant(name, "years")
        peak_mb = peak(top) if top is not None and measured(top) else None
        checks.append(
            {
                "target": f"4. {name}: peak memory at 10 years",
                "limit": 200.0,
                "unit": "MB",
                "value": None if peak_mb is None else round(peak_mb, 1),
                "met": None if peak_mb is None else peak_mb < 200.0,
            }
        )
    years, new = variant("week", "years"), variant("week", "empty")
    grown = (
        peak(years) / peak(new)
        if years is not None and new is not None and measured(years) and measured(new)
        else None
    )
    checks.append(
        {
            "target": "5. week peak memory: 10 years / new",
            "limit": 1.2,
            "unit": "x",
            "value": None if grown is None else round(grown, 3),
            "met": None if grown is None else grown <= 1.2,
        }
    )
    return checks


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "MISSED", None: "-"}[met]


def _cells(variant: Variant | None) -> str:
    if variant is None or not variant.samples:
        return f"{'-':>18}"
    if variant.error:
        return f"{'error':>18}"
    wall, cpu = median(variant) * 1000, median(variant, "cpu") * 1000
    if math.isnan(cpu):
        return f"{wall:>7.0f}{'-':>6}{'-':>5}"
    return f"{wall:>7.0f}{cpu:>6.0f}{peak(variant):>5.0f}"


def report(
    table: list[Command],
    floors: dict[str, Variant],
    jrnl: dict[str, Variant],
    checks: list[dict[str, Any]],
) -> None:
    print(f"{'':<15}" + "".join(f"{LABELS[j]:>18}" for j in JOURNALS))
    print(f"{'ms, ms, MB':<15}" + f"{'wall':>7}{'CPU':>6}{'peak':>5}" * len(JOURNALS))
    for name, floor in floors.items():
        print(f"{name:<15}{_cells(floor)}")
    for command in table:
        print(f"{command.name:<15}" + "".join(_cells(command.variants.get(j)) for j in JOURNALS))
    week = next((c for c in table if c.name == "week"), None)
    if jrnl and week is not None:
        print()
        print(f"{'':<15}" + "".join(f"{LABELS[j]:>18}" for j in COMPARED))
        print(f"{'sparklog week':<15}" + "".join(_cells(week.variants.get(j)) for j in COMPARED))
        print(f"{'jrnl week':<15}" + "".join(_cells(jrnl.get(j)) for j in COMPARED))
    print()
    print(f"{'target':<42}{'limit':>8}{'wall':>8}{'':>7}{'CPU':>8}")
    for check in checks:
        if check["unit"] == "MB":
            value = "-" if check["value"] is None else f"{check['value']:.0f} MB"
            print(f"{check['target']:<42}{'<200 MB':>8}{value:>8} {_verdict(check['met']):<6}")
            continue
        sign = ">=" if check.get("at_least") else ""
        limit = f"{sign}{check['limit']:.2f}x"
        if "wall" not in check:
            value = "-" if check["value"] is None else f"{check['value']:.2f}x"
            print(f"{check['target']:<42}{limit:>8}{value:>8} {_verdict(check['met']):<6}")
            continue
        wall = "-" if check["wall"] is None else f"{check['wall']:.2f}x"
        cpu = "-" if check["cpu"] is None else f"{check['cpu']:.2f}x"
        print(
            f"{check['target']:<42}{limit:>8}{wall:>8} {_verdict(check['wall_met']):<6}"
            f"{cpu:>8} {_verdict(check['cpu_met'])}"
        )
    variants = [(c.name, j, v) for c in table for j, v in c.variants.items()]
    variants += [("jrnl week", j, v) for j, v in jrnl.items()]
    for name, journal, variant in variants:
        if variant.error:
            print(f"error: {name} on {LABELS[journal]}: {variant.error}")


SYNC_PASSPHRASE = "a bench passphrase, long enough"
SYNC_TARGETS = (
    ("5. sync, nothing new / today (10 years)", "sync, nothing new", "today", 1.2),
    ("5. today with [sync] auto / today (10 years)", "today, sync auto", "today", 1.2),
)


def sync_figures(journals: dict[str, Path], runs: int) -> dict[str, Any]:
    """Sync on the ten-year journal: sending it all, a device joining, a sync with nothing new.

    The ten-year journal starts syncing into an empty folder (its whole history
    goes out); a new, empty device joins ten years late and reads all of it in
    one `sparklog sync`; it writes one entry that the ten-year device reads. Then
    `sync` with nothing new and `today` with `[sync] auto = true` take turns with
    plain `today` on the same journal.
    """
    base = DATA / "sync"
    shutil.rmtree(base, ignore_errors=True)
    folder = base / "folder"
    folder.mkdir(parents=True)
    ten = base / "ten" / "data" / "sparklog" / "sparklog.db"
    fresh = base / "fresh" / "data" / "sparklog" / "sparklog.db"
    copy_journal(journals["years"], ten)
    secret = {"SPARKLOG_SYNC_PASSPHRASE": SYNC_PASSPHRASE}
    env_ten = _base_env(ten) | secret
    env_fresh = _base_env(fresh) | secret

    def once(name: str, args: list[str], env: dict[str, str]) -> float:
        variant = Variant([str(SPARKLOG), *args], env)
        sample = _spawn(variant)
        if variant.error:
            raise SystemExit(f"{name}: {variant.error}")
        return sample.wall

    figures: dict[str, Any] = {
        "publish ten years (sync init) s": once(
            "publish", ["sync", "init", str(folder), "--device", "ten"], env_ten
        ),
        "join: sync init s": once(
            "join", ["sync", "init", str(folder), "--device", "fresh"], env_fresh
        ),
        "join ten years late (sync) s": once("join", ["sync"], env_fresh),
    }
    once("write", ["gratitude", "add", "From the new device"], env_fresh)
    once("send", ["sync"], env_fresh)
    once("receive", ["sync"], env_ten)
    auto = base / "auto.toml"
    auto.write_text("[sync]\nauto = true\n")
    variants = {
        "today": Variant([str(SPARKLOG), "today"], env_ten),
        "sync, nothing new": Variant([str(SPARKLOG), "sync"], env_ten),
        "today, sync auto": Variant(
            [str(SPARKLOG), "today"], env_ten | {"SPARKLOG_CONFIG": str(auto)}
        ),
    }
    measure(Command("sync", [], variants=variants), runs * FLOOR_ROUNDS)
    for name, variant in variants.items():
        if variant.error:
            raise SystemExit(f"{name}: {variant.error}")
        figures[f"{name} ms"] = round(median(variant) * 1000, 1)
    figures["join / today"] = round(
        figures["join ten years late (sync) s"] / median(variants["today"]), 1
    )
    checks = []
    for label, top, bottom, limit in SYNC_TARGETS:
        value = median(variants[top]) / median(variants[bottom])
        checks.append(
            {"target": label, "limit": limit, "wall": round(value, 2), "met": value <= limit}
        )
    figures["targets"] = checks
    print()
    print(f"publish ten years   {figures['publish ten years (sync init) s']:.1f} s")
    print(
        f"join ten years late {figures['join ten years late (sync) s']:.1f} s"
        f" ({figures['join / today']}x today)"
    )
    for check in checks:
        print(
            f"{check['target']:<46}{'≤' + str(check['limit']):>6}{check['wall']:>7} "
            f"{_verdict(check['met'])}"
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command and journal")
    parser.add_argument(
        "--only",
        type=lambda text: text.split(","),
        help="measure only these commands, comma-separated (--only=today,--help)",
    )
    parser.add_argument("--markdown", action="store_true", help="also print the README table")
    parser.add_argument("--no-jrnl", action="store_true", help="leave jrnl out")
    options = parser.parse_args()
    if not SPARKLOG.exists():
        sys.exit(f"{SPARKLOG} not found; run `uv sync` first")

    started = time.perf_counter()
    load_at_start = os.getloadavg()
    niceness = _raise_priority()
    built = build()
    print(
        f"built the journals in {built['seconds']:.1f} s; ten years: "
        + ", ".join(f"{v} {k}" for k, v in built["years"].items())
    )
    table = commands(built["paths"])
    floors = {
        name: Variant(
            [str(PYTHON), "-c", code],
            _base_env(DATA / "floor" / "data" / "sparklog" / "sparklog.db"),
        )
        for name, code in FLOORS.items()
    }
    today = date.fromisoformat(built["today"])
    jrnl = {} if options.no_jrnl else jrnl_variants(built["paths"], today)
    # The export files feed import, so export runs first.
    order = sorted(table, key=lambda c: c.name != "export json")
    for command in order:
        if options.only and command.name not in options.only:
            continue
        if command.needs and not _available(command.needs.split()):
            print(f"skipped {command.name}: not in this sparklog yet")
            continue
        extra: dict[str, Variant] = {}
        rounds = options.runs
        if command.name in (*READS, "evening"):
            # Each read is held to a floor run in its own rounds.
            command.floor = Variant(list(floors[READ_FLOOR].argv), dict(floors[READ_FLOOR].env))
            extra[READ_FLOOR] = command.floor
        if command.name == "today":
            # More rounds with both floors, for the table's floor row.
            rounds = options.runs * FLOOR_ROUNDS
            extra = dict(floors)
        if command.name == "week":
            # sparklog and jrnl take turns on the same entries.
            extra |= {f"jrnl {j}": v for j, v in jrnl.items()}
        measure(command, rounds, extra)
        print(f"  {command.name}: done ({time.perf_counter() - started:.0f} s)", flush=True)
    synced: dict[str, Any] | None = None
    if not options.only or "sync" in options.only:
        if _available(["sync", "status"]):
            synced = sync_figures(built["paths"], options.runs)
            print(f"  sync: done ({time.perf_counter() - started:.0f} s)", flush=True)
        else:
            print("skipped sync: not in this sparklog yet")
    by_name = {c.name: c for c in table}
    checks = targets(by_name, floors, jrnl)
    print()
    report(table, floors, jrnl, checks)

    def raw(variant: Variant) -> dict[str, Any]:
        cpu = median(variant, "cpu") if variant.samples else math.nan
        return {
            "median_ms": round(median(variant) * 1000, 1) if variant.samples else None,
            "peak_mb": _number(round(peak(variant), 1)) if variant.samples else None,
            "error": variant.error,
            "cpu_median_ms": _number(round(cpu * 1000, 1)),
            "min_ms": round(min(s.wall for s in variant.samples) * 1000, 1)
            if variant.samples
            else None,
            "runs": [
                {
                    "wall_ms": round(s.wall * 1000, 1),
                    "cpu_ms": _number(round(s.cpu * 1000, 1)),
                    "rss_mb": _number(round(s.rss_mb, 1)),
                }
                for s in variant.samples
            ],
        }

    RESULTS.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": machine() | {"load_average_at_start": load_at_start},
                "niceness": niceness,
                "runs_per_cell": options.runs,
                "journals": {
                    "today": built["today"],
                    "ten_years": built["years"],
                    "bytes": built["bytes"],
                    "build_seconds": round(built["seconds"], 1),
                },
                "floors": {name: {"argv": v.argv[1:], **raw(v)} for name, v in floors.items()},
                "commands": {
                    c.name: {
                        "args": c.args,
                        "env": c.env,
                        **{j: raw(v) for j, v in c.variants.items()},
                        **({"read floor, same rounds": raw(c.floor)} if c.floor else {}),
                    }
                    for c in table
                },
                "jrnl": {j: {"argv": v.argv[1:], **raw(v)} for j, v in jrnl.items()},
                "targets": checks,
                "sync": synced,
                "seconds": round(time.perf_counter() - started, 1),
            },
            indent=2,
        )
        + "\n"
    )
    if options.markdown:
        print()
        print(markdown(table, floors, jrnl))
    print(f"\nwrote {RESULTS.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
