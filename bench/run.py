"""Time the installed `sparklog` as whole processes on three journals.

Run: ``uv run python bench/run.py [--runs N] [--only=today,--help] [--markdown]``

It builds three journals with sparklog's own store code (see build.py): a new
one (four rituals, nothing logged), one week of use and ten years of use, each
at the default place (XDG_DATA_HOME points into bench/data, no configuration
file), so every run finds its journal the way a user's shell does. Every
command then runs as a separate process: once to warm the file cache and write
bytecode, then N times (default 5; `today` and the import floor 3N), the
journals taking turns round by round so a busy moment hits all of them alike.
Mutating commands run on a fresh copy of their journal each time, so every run
starts from the same state. It asks for a higher scheduling priority when
allowed, to be less at the mercy of other processes.

For each command and journal it records the wall time and the CPU time (user +
system) of every run, and the peak memory: the child's own ``ru_maxrss``, read
with ``os.wait4``. It prints the medians, checks the targets by wall time and
by CPU time, and writes everything to ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
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
LABELS = {"empty": "new", "week": "1 week", "years": "10 years"}
FLOOR = "import floor"
FLOOR_ROUNDS = 3
"""`today` and the import floor run this many times the rounds of other commands."""


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


@dataclass
class Command:
    name: str
    args: list[str]
    mutates: bool = False
    env: dict[str, str] = field(default_factory=dict)
    needs: str | None = None  # a subcommand that must exist, checked through --help
    variants: dict[str, Variant] = field(default_factory=dict)


def _raise_priority() -> int:
    """Run (and so spawn) at a higher priority when allowed, to be less at the mercy
    of whatever else the machine is doing; every command gets the same treatment."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, -10)
    return os.getpriority(os.PRIO_PROCESS, 0)


def markdown(table: list[Command], floor: Variant) -> str:
    """The README table: wall-clock medians (CPU time in brackets) and peak memory."""

    def cell(variant: Variant) -> str:
        if variant.error or not variant.samples:
            return "-"
        wall, cpu = median(variant) * 1000, median(variant, "cpu") * 1000
        return f"{wall:.0f} ms ({cpu:.0f}) · {peak(variant):.0f} MB"

    lines = [
        "| command | new journal | one week | ten years |",
        "|---|--:|--:|--:|",
        f'| `python -c "import typer, rich.console, sqlmodel"` (floor) | {cell(floor)} | | |',
    ]
    for command in table:
        cells = " | ".join(cell(command.variants[j]) for j in JOURNALS)
        shown = {
            "completion": "bash completion of `sparklog ritual `",
            "import": "`sparklog import FILE` (that journal's export, into a new journal)",
        }.get(command.name, f"`sparklog {shlex.join(command.args)}`")
        lines.append(f"| {shown} | {cells} |")
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


def _spawn(variant: Variant) -> Sample:
    if variant.prepare is not None:
        variant.prepare()
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
        Command("export json", ["export", "--format", "json"], needs="export"),
        Command("import", ["import"], mutates=True, needs="import"),
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
    return found


def measure(command: Command, runs: int, extra: dict[str, Variant] | None = None) -> None:
    variants = dict(command.variants) | (extra or {})
    for variant in variants.values():
        _spawn(variant)  # warm-up: file cache, .pyc files
    for _ in range(runs):
        for variant in variants.values():
            variant.samples.append(_spawn(variant))


def median(variant: Variant, metric: str = "wall") -> float:
    return statistics.median(getattr(s, metric) for s in variant.samples)


def peak(variant: Variant) -> float:
    return max(s.rss_mb for s in variant.samples)


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
        for name in (
            "today",
            "week",
            "streaks",
            "ritual list",
            "gratitude add",
            "ritual done",
            "nudge",
        )
    ),
    ("1. log --search: 10 years / new", ("log --search", "years"), ("log --search", "empty"), 1.5),
    ("2. today (new) / import floor", ("today", "empty"), (FLOOR, "empty"), 1.25),
    ("3. --help / today (new)", ("--help", "empty"), ("today", "empty"), 0.5),
    ("3. --version / today (new)", ("--version", "empty"), ("today", "empty"), 0.5),
    ("3. completion / today (new)", ("completion", "empty"), ("today", "empty"), 0.5),
    ("3. nudge / today (new)", ("nudge", "empty"), ("today", "empty"), 0.3),
    ("4. export json: 10 years / 1 week", ("export json", "years"), ("export json", "week"), 4.0),
    ("4. import: 10 years / 1 week", ("import", "years"), ("import", "week"), 4.0),
]


def targets(table: dict[str, Command], floor: Variant) -> list[dict[str, Any]]:
    """Every target as a ratio (or MB), by wall time and by CPU time, with a verdict."""

    def variant(name: str, journal: str) -> Variant | None:
        if name == FLOOR:
            return floor
        command = table.get(name)
        return command.variants.get(journal) if command else None

    checks: list[dict[str, Any]] = []
    for label, (name, journal), (base, base_journal), limit in TIME_TARGETS:
        top, bottom = variant(name, journal), variant(base, base_journal)
        check: dict[str, Any] = {"target": label, "limit": limit, "unit": "x"}
        for metric in ("wall", "cpu"):
            if top is not None and bottom is not None and measured(top) and measured(bottom):
                value = median(top, metric) / median(bottom, metric)
                check[metric] = round(value, 3)
                check[f"{metric}_met"] = value <= limit
            else:
                check[metric] = None
                check[f"{metric}_met"] = None
        checks.append(check)
    for name in ("export json", "import"):
        top = variant(name, "years")
        value = peak(top) if top is not None and measured(top) else None
        checks.append(
            {
                "target": f"4. {name}: peak memory at 10 years",
                "limit": 200.0,
                "unit": "MB",
                "value": None if value is None else round(value, 1),
                "met": None if value is None else value < 200.0,
            }
        )
    years, new = variant("week", "years"), variant("week", "empty")
    value = (
        peak(years) / peak(new)
        if years is not None and new is not None and measured(years) and measured(new)
        else None
    )
    checks.append(
        {
            "target": "5. week peak memory: 10 years / new",
            "limit": 1.2,
            "unit": "x",
            "value": None if value is None else round(value, 3),
            "met": None if value is None else value <= 1.2,
        }
    )
    return checks


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "MISSED", None: "-"}[met]


def _cells(variant: Variant) -> str:
    if variant.error:
        return f"{'error':>18}"
    if not variant.samples:
        return f"{'-':>18}"
    wall, cpu = median(variant) * 1000, median(variant, "cpu") * 1000
    return f"{wall:>7.0f}{cpu:>6.0f}{peak(variant):>5.0f}"


def report(table: list[Command], floor: Variant, checks: list[dict[str, Any]]) -> None:
    print(f"{'':<15}" + "".join(f"{LABELS[j]:>18}" for j in JOURNALS))
    print(f"{'ms, ms, MB':<15}" + f"{'wall':>7}{'CPU':>6}{'peak':>5}" * len(JOURNALS))
    print(f"{FLOOR:<15}{_cells(floor)}")
    for command in table:
        print(f"{command.name:<15}" + "".join(_cells(command.variants[j]) for j in JOURNALS))
    print()
    print(f"{'target':<38}{'limit':>8}{'wall':>8}{'':>7}{'CPU':>8}")
    for check in checks:
        if check["unit"] == "MB":
            value = "-" if check["value"] is None else f"{check['value']:.0f} MB"
            print(f"{check['target']:<38}{'<200 MB':>8}{value:>8} {_verdict(check['met']):<6}")
            continue
        limit = f"{check['limit']:.2f}x"
        if "wall" not in check:
            value = "-" if check["value"] is None else f"{check['value']:.2f}x"
            print(f"{check['target']:<38}{limit:>8}{value:>8} {_verdict(check['met']):<6}")
            continue
        wall = "-" if check["wall"] is None else f"{check['wall']:.2f}x"
        cpu = "-" if check["cpu"] is None else f"{check['cpu']:.2f}x"
        print(
            f"{check['target']:<38}{limit:>8}{wall:>8} {_verdict(check['wall_met']):<6}"
            f"{cpu:>8} {_verdict(check['cpu_met'])}"
        )
    for command in table:
        for journal in JOURNALS:
            if command.variants[journal].error:
                print(
                    f"error: {command.name} on {LABELS[journal]}: {command.variants[journal].error}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command and journal")
    parser.add_argument(
        "--only",
        type=lambda text: text.split(","),
        help="measure only these commands, comma-separated (--only=today,--help)",
    )
    parser.add_argument("--markdown", action="store_true", help="also print the README table")
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
    floor = Variant(
        [str(PYTHON), "-c", "import typer, rich.console, sqlmodel"],
        _base_env(DATA / "floor" / "data" / "sparklog" / "sparklog.db"),
    )
    # The export files feed import, so export runs first.
    order = sorted(table, key=lambda c: c.name != "export json")
    for command in order:
        if options.only and command.name not in options.only:
            continue
        if command.needs and not _available(command.needs.split()):
            print(f"skipped {command.name}: not in this sparklog yet")
            continue
        if command.name == "today":
            # Target 2 compares these two: more rounds, so noise moves the medians less.
            measure(command, options.runs * FLOOR_ROUNDS, {FLOOR: floor})
        else:
            measure(command, options.runs)
        print(f"  {command.name}: done ({time.perf_counter() - started:.0f} s)", flush=True)
    by_name = {c.name: c for c in table}
    checks = targets(by_name, floor)
    print()
    report(table, floor, checks)

    def raw(variant: Variant) -> dict[str, Any]:
        return {
            "median_ms": round(median(variant) * 1000, 1) if variant.samples else None,
            "peak_mb": round(peak(variant), 1) if variant.samples else None,
            "error": variant.error,
            "cpu_median_ms": round(median(variant, "cpu") * 1000, 1) if variant.samples else None,
            "min_ms": round(min(s.wall for s in variant.samples) * 1000, 1)
            if variant.samples
            else None,
            "runs": [
                {
                    "wall_ms": round(s.wall * 1000, 1),
                    "cpu_ms": round(s.cpu * 1000, 1),
                    "rss_mb": round(s.rss_mb, 1),
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
                "floor": {"argv": floor.argv[1:], **raw(floor)},
                "commands": {
                    c.name: {
                        "args": c.args,
                        "env": c.env,
                        **{j: raw(c.variants[j]) for j in JOURNALS},
                    }
                    for c in table
                },
                "targets": checks,
                "seconds": round(time.perf_counter() - started, 1),
            },
            indent=2,
        )
        + "\n"
    )
    if options.markdown:
        print()
        print(markdown(table, floor))
    print(f"\nwrote {RESULTS.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
