"""Crashes: `import` killed with SIGKILL leaves a sound journal holding none or all of it.

A three-year journal (about 4,200 entries, four rituals and 2,200 check-offs) is
written through sparklog's own bulk writer and exported with `sparklog export`.
That is several of the bulk writer's batches per table, so an import that committed
batch by batch would leave a part behind after a kill, and this test fails on it.
Then `sparklog import` of that file into a new journal is killed -9, twenty
times: half at a random moment of its run, half at chosen points inside the
write (after the k-th statement of the transaction, just before COMMIT, just
after it). After every kill the journal must pass `PRAGMA integrity_check`,
open again through sparklog, and hold either nothing of the import or all of it.

To keep twenty kills quick, a driver process loads sparklog once and forks a
fresh child for each run; the child runs the real command line (`main()` with
the import's argv) and is killed from outside, or kills itself at its point.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sparklog.cli import app
from sparklog.core.entries import Entry, Horseman, Kind, Lang
from sparklog.core.exchange import CheckRecord, RitualRecord, Snapshot
from sparklog.store.db import open_journal
from sparklog.store.exchange import write_snapshot

YEARS = 3
FIRST_DAY = date(2016, 11, 21)
RITUALS = ("Morning coffee", "Walk after dinner", "Date night", "Sunday breakfast")


def _three_years() -> Snapshot:
    """Most days: three things and an appreciation, often an observation; rituals kept."""
    rng = random.Random(2026)
    entries: list[Entry] = []
    rituals = [
        RitualRecord(str(uuid.uuid4()), name, cadence, FIRST_DAY)
        for name, cadence in zip(RITUALS, ("daily", "weekdays", "1/week", "sun"), strict=True)
    ]
    checks: list[CheckRecord] = []
    day = FIRST_DAY
    while day < FIRST_DAY + timedelta(days=365 * YEARS):
        at = datetime(day.year, day.month, day.day, 21, rng.randrange(60)).astimezone()
        if rng.random() < 0.85:
            for slot, word in enumerate(("soup", "the call #work", "the bike"), start=1):
                entries.append(
                    Entry(str(uuid.uuid4()), Kind.THREE, day, at, f"{word} {day}", slot=slot)
                )
            entries.append(
                Entry(
                    str(uuid.uuid4()),
                    Kind.GRATITUDE,
                    day,
                    at,
                    f"you made the day lighter, {day:%A} #home",
                    tags=("home",),
                    lang=rng.choice(list(Lang)),
                )
            )
        if rng.random() < 0.4:
            negative = rng.random() < 0.2
            entries.append(
                Entry(
                    str(uuid.uuid4()),
                    Kind.OBSERVATION,
                    day,
                    at,
                    "sighed at the dishes" if negative else "laughed at my joke",
                    positive=not negative,
                    horseman=Horseman.CRITICISM if negative else None,
                    reframe="tired after work" if negative else None,
                )
            )
        for ritual in rituals:
            if rng.random() < 0.5:
                checks.append(CheckRecord(str(uuid.uuid4()), ritual.id, day, at))
        day += timedelta(days=1)
    return Snapshot(entries=entries, rituals=rituals, checks=checks)


@pytest.fixture(scope="module")
def three_year_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("three-years")
    source = folder / "source.db"
    snapshot = _three_years()
    journal = open_journal(source, write=True)
    with journal.transaction() as session:
        write_snapshot(session, snapshot)
    journal.close()
    export = folder / "three-years.json"
    result = CliRunner().invoke(
        app, ["--db", str(source), "export", "--out", str(export)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    expected = {
        "entry": len(snapshot.entries),
        "ritual": len(snapshot.rituals),
        "ritual_check": len(snapshot.checks),
    }
    assert len(json.loads(export.read_text())["entries"]) == expected["entry"]
    return export, expected


DRIVER = textwrap.dedent(
    """
    import json, os, random, signal, sqlite3, sys, time
    from pathlib import Path

    # Load everything the import touches once; each forked child starts warm.
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    import sparklog.cli.data, sparklog.core.exchange, sparklog.render.console
    import sparklog.store.exchange, sparklog.store.files, rich.progress
    from sparklog.cli import main
    from sparklog.store.db import open_journal

    export, folder, plan = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3])
    TABLES = ("entry", "entry_tag", "ritual", "ritual_check")


    def child(db, stop_after, stop_at, stop_after_commit):
        os.environ["SPARKLOG_DB"] = str(db)
        sys.argv = ["sparklog", "import", export]
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        statements = 0

        def suicide():
            os.kill(os.getpid(), signal.SIGKILL)

        if stop_after is not None:
            @event.listens_for(Engine, "before_cursor_execute")
            def count(*_args):
                nonlocal statements
                statements += 1
                if statements == stop_after:
                    suicide()

        if stop_at == "before-commit":
            # The import's own COMMIT, not the one that created the new journal.
            @event.listens_for(Engine, "before_cursor_execute")
            def tally_writes(*_args):
                nonlocal statements
                statements += 1

            def at_commit(_conn):
                if statements >= stop_after_commit:
                    suicide()

            event.listen(Engine, "commit", at_commit)
        if stop_at == "after-commit":
            sparklog.store.files.write_stamp = lambda *_a, **_k: suicide()
        created = []
        if stop_at == "count":
            @event.listens_for(Engine, "before_cursor_execute")
            def tally(*_args):
                nonlocal statements
                statements += 1

            # The first COMMIT creates the new journal; the import's own comes last.
            event.listen(Engine, "commit", lambda _conn: created.append(statements))
        code = 70
        try:
            main()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        finally:
            if stop_at == "count":
                os.write(2, f"statements={statements} created={created[0]}\\n".encode())
            os._exit(code)


    def counts(db):
        if not db.exists() or db.stat().st_size == 0:
            return "empty-file", {}
        conn = sqlite3.connect(db)
        try:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            found = {
                t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] if t in names else 0
                for t in TABLES
            }
            return check, found
        finally:
            conn.close()


    for number, step in enumerate(plan):
        db = folder / f"run{number}" / "sparklog.db"
        db.parent.mkdir(parents=True)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            child(db, step.get("after"), step.get("at"), step.get("commit_after"))
        if step.get("delay") is not None:
            time.sleep(step["delay"])  # the random moment of the kill
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        elapsed = time.monotonic() - started
        killed = os.WIFSIGNALED(status)
        check, found = counts(db)
        # The killed journal still opens through sparklog (recovering its log).
        opened = "yes"
        try:
            open_journal(db, write=True).close()
        except Exception as exc:
            opened = repr(exc)
        check_after, found_after = counts(db)
        print(json.dumps({
            "step": step, "killed": killed, "seconds": round(elapsed, 3),
            "exit": os.WEXITSTATUS(status) if not killed else None,
            "integrity": check, "counts": found, "opened": opened,
            "integrity_after_open": check_after, "counts_after_open": found_after,
        }), flush=True)
    """
)


def _drive(export: Path, folder: Path, plan: list[dict[str, object]]) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(export), str(folder), json.dumps(plan)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    runs = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(runs) == len(plan), done.stderr
    for run in runs:
        run["stderr"] = done.stderr
    return runs


@pytest.mark.slow
def test_import_killed_at_any_moment_leaves_none_or_all(
    three_year_export: tuple[Path, dict[str, int]], tmp_path: Path, rng: random.Random
) -> None:
    export, expected = three_year_export
    # One undisturbed run: how long an import takes, how many statements it sends.
    (reference,) = _drive(export, tmp_path / "reference", [{"at": "count"}])
    assert reference["exit"] == 0 and not reference["killed"], reference
    counts = reference["counts"]
    assert isinstance(counts, dict)
    assert {t: counts[t] for t in expected} == expected
    full = dict(counts)
    numbers = str(reference["stderr"]).split("statements=")[1].split()
    statements, created = int(numbers[0]), int(numbers[1].removeprefix("created="))
    assert 0 < created < statements
    seconds = float(str(reference["seconds"]))

    # The kill moments come from the seeded `rng`; a failure prints its seed.
    plan: list[dict[str, object]] = [{"delay": rng.uniform(0, seconds)} for _ in range(12)]
    # Chosen points spread over the import's own transaction, after the new
    # journal's creation has committed.
    span = statements - created
    plan += [{"after": created + 1 + span * k // 6} for k in range(6)]
    plan += [{"at": "before-commit", "commit_after": created + 1}, {"at": "after-commit"}]
    assert len(plan) == 20
    runs = _drive(export, tmp_path / "kills", plan)

    outcomes = []
    none = dict.fromkeys(full, 0)
    for run in runs:
        assert run["integrity"] in ("ok", "empty-file"), run
        assert run["opened"] == "yes", run
        assert run["integrity_after_open"] in ("ok", "empty-file"), run
        held = run["counts"] or none
        assert held in (none, full), f"a partial import survived the kill: {run}"
        after = run["counts_after_open"] or none
        assert after == held, run
        outcomes.append("all" if held == full else "none")
        if dict(run["step"]).get("at") == "before-commit":  # type: ignore[call-overload]
            assert held == none, run
        if dict(run["step"]).get("at") == "after-commit":  # type: ignore[call-overload]
            assert held == full, run
        assert run["killed"] or "delay" in dict(run["step"]), f"never reached its point: {run}"  # type: ignore[call-overload]
    print("outcomes:", " ".join(outcomes))
