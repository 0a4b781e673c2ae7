"""`sparklog evening`, in a real terminal (pexpect) and through the runner.

The terminal runs start sparklog through a small wrapper that freezes the clock
with time-machine first, so a separate process sees the same Tuesday evening.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pexpect
import pytest
import time_machine

from sparklog.core.entries import Entry, Kind
from sparklog.core.evening import plan_evening, read_observation
from tests.conftest import Invoke

TUESDAY = "2026-11-17T21:30:00+01:00"
TUESDAY_DAY = "2026-11-17"

Rows = Callable[..., list[tuple[Any, ...]]]

WRAPPER = """
import sys
import time_machine

time_machine.travel(sys.argv[1], tick=True).start()
sys.argv = ["sparklog", *sys.argv[2:]]
from sparklog.cli import main

main()
"""


@pytest.fixture
def tuesday() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(TUESDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def wrapper(tmp_path: Path) -> Path:
    script = tmp_path / "frozen_sparklog.py"
    script.write_text(WRAPPER)
    return script


@pytest.fixture
def with_rituals(cli: Invoke, tuesday: time_machine.Traveller) -> None:
    assert cli("ritual", "add", "Morning coffee", "--daily").exit_code == 0
    assert cli("ritual", "add", "Long walk", "--on", "mon,thu").exit_code == 0


def _spawn(wrapper: Path) -> pexpect.spawn:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="80")
    return pexpect.spawn(
        sys.executable,
        [str(wrapper), TUESDAY, "evening"],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 80),
    )


def _finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before)


def _items(rows: Rows) -> list[tuple[Any, ...]]:
    return rows("SELECT day, slot, text FROM entry WHERE kind = 'three' ORDER BY slot")


def _checks(rows: Rows) -> list[tuple[Any, ...]]:
    return rows(
        "SELECT r.name, c.day FROM ritual_check c JOIN ritual r ON r.id = c.ritual_id ORDER BY 1"
    )


# --- in a real terminal ------------------------------------------------------------


@pytest.mark.usefixtures("with_rituals")
def test_a_tuesday_evening_in_a_terminal(wrapper: Path, rows: Rows) -> None:
    child = _spawn(wrapper)
    child.expect("Good evening. Tuesday 17 November")
    for slot, text in (
        (1, "coffee in bed"),
        (2, "the note on the fridge"),
        (3, "laughing at dinner"),
    ):
        child.expect(f"  {slot}: ")
        child.sendline(text)
    child.expect(r"Did you keep Morning coffee today\? \[y/n/s\]: ")
    child.sendline("y")
    child.expect("Noticed: ")
    child.sendline("")
    transcript = str(child.before) + _finish(child)
    assert child.exitstatus == 0, transcript

    assert _items(rows) == [
        (TUESDAY_DAY, 1, "coffee in bed"),
        (TUESDAY_DAY, 2, "the note on the fridge"),
        (TUESDAY_DAY, 3, "laughing at dinner"),
    ]
    assert _checks(rows) == [("Morning coffee", TUESDAY_DAY)]
    assert rows("SELECT count(*) FROM entry WHERE kind = 'observation'") == [(0,)]
    assert "three things 3 of 3" in transcript
    assert "rituals 1 of 1" in transcript
    assert "Long walk" not in transcript  # not due on a Tuesday: never mentioned

    again = _spawn(wrapper)
    output = _finish(again)
    assert again.exitstatus == 0, output
    assert "All done for Tuesday 17 November" in output
    assert "[y/n/s]" not in output
    assert "1: " not in output
    assert "Noticed" not in output
    assert "Long walk" not in output
    assert len(_items(rows)) == 3
    assert len(_checks(rows)) == 1


def test_ctrl_c_after_the_first_item_keeps_it(wrapper: Path, rows: Rows) -> None:
    child = _spawn(wrapper)
    child.expect("  1: ")
    child.sendline("coffee in bed")
    child.expect("  2: ")
    child.sendintr()
    output = _finish(child)
    assert child.exitstatus == 130, output
    assert "stopped" in output
    assert "Traceback" not in output
    assert _items(rows) == [(TUESDAY_DAY, 1, "coffee in bed")]


@pytest.mark.usefixtures("with_rituals")
def test_ctrl_c_at_a_ritual_question_keeps_the_items_before_it(wrapper: Path, rows: Rows) -> None:
    child = _spawn(wrapper)
    for slot in (1, 2, 3):
        child.expect(f"  {slot}: ")
        child.sendline(f"thing {slot}")
    child.expect(r"\[y/n/s\]: ")
    child.sendintr()
    _finish(child)
    assert child.exitstatus == 130
    assert len(_items(rows)) == 3
    assert _checks(rows) == []


@pytest.mark.usefixtures("with_rituals")
def test_a_closed_stdin_gives_one_clear_line_and_saves_nothing(wrapper: Path, rows: Rows) -> None:
    result = subprocess.run(
        [sys.executable, str(wrapper), TUESDAY, "evening"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, NO_COLOR="1"),
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors == [
        "sparklog: standard input closed; sparklog evening needs answers typed in a terminal"
        " (anything answered before was kept)"
    ]
    assert rows("SELECT count(*) FROM entry") == [(0,)]
    assert _checks(rows) == []


# --- the flow through the runner ------------------------------------------------


@pytest.mark.usefixtures("with_rituals")
def test_partial_answers_then_a_second_run_asks_only_the_rest(cli: Invoke, rows: Rows) -> None:
    first = cli("evening", input="one\n\n\n\n")  # one item, skip, coffee later, no note
    assert first.exit_code == 0, first.stderr
    assert _items(rows) == [(TUESDAY_DAY, 1, "one")]
    assert _checks(rows) == []

    second = cli("evening", input="two\nthree\ny\n+a long hug at the door\n")
    assert second.exit_code == 0, second.stderr
    assert "Already written:" in second.stdout
    assert "1. one" in second.stdout
    assert "1: " not in second.stdout
    assert [row[1:] for row in _items(rows)] == [(1, "one"), (2, "two"), (3, "three")]
    assert _checks(rows) == [("Morning coffee", TUESDAY_DAY)]
    assert rows("SELECT text, positive FROM entry WHERE kind = 'observation'") == [
        ("a long hug at the door", 1)
    ]
    assert "Long walk" not in first.stdout + second.stdout


def test_a_hard_moment_is_marked_with_a_dash(cli: Invoke, rows: Rows, frozen: object) -> None:
    result = cli("evening", input="a\nb\nc\n- we snapped about the dishes\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert rows("SELECT text, positive FROM entry WHERE kind = 'observation'") == [
        ("we snapped about the dishes", 0)
    ]
    assert "1 observation" in result.stdout


def test_a_bad_answer_is_asked_again_not_fatal(cli: Invoke, rows: Rows, frozen: object) -> None:
    result = cli("evening", input="bad\x07bell\ngood\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert "control character" in result.stdout
    assert _items(rows) == [("2026-11-21", 1, "good")]


def test_an_archived_or_paused_ritual_is_not_asked(
    cli: Invoke, rows: Rows, tuesday: time_machine.Traveller
) -> None:
    cli("ritual", "add", "Tea", "--daily")
    cli("ritual", "add", "Stretch", "--daily")
    cli("ritual", "add", "Call", "--daily")
    assert cli("ritual", "archive", "Stretch").exit_code == 0
    assert cli("ritual", "pause", "Call", "--from", "today", "--to", "today").exit_code == 0
    result = cli("evening", input="a\nb\nc\ny\n\n")
    assert result.exit_code == 0, result.stderr
    assert "Did you keep Tea today?" in result.stdout
    assert "Stretch" not in result.stdout
    assert "Did you keep Call" not in result.stdout
    assert _checks(rows) == [("Tea", TUESDAY_DAY)]


def test_a_ritual_already_checked_is_not_asked(
    cli: Invoke, rows: Rows, tuesday: time_machine.Traveller
) -> None:
    cli("ritual", "add", "Tea", "--daily")
    cli("ritual", "done", "Tea")
    result = cli("evening", input="a\nb\nc\n\n")
    assert result.exit_code == 0, result.stderr
    assert "[y/n/s]" not in result.stdout
    assert "rituals 1 of 1" in result.stdout


def test_the_closing_lines_show_the_streaks(cli: Invoke, frozen: time_machine.Traveller) -> None:
    frozen.move_to("2026-11-20T21:00:00+01:00")
    cli("three", "a", "b", "c")
    frozen.move_to("2026-11-21T21:00:00+01:00")
    result = cli("evening", input="x\ny\nz\n\n")
    assert "Streaks: Gratitude 2 days · Three things 2 days" in result.stdout


@pytest.mark.usefixtures("with_rituals")
def test_ctrl_d_in_a_terminal_keeps_what_was_answered(wrapper: Path, rows: Rows) -> None:
    child = _spawn(wrapper)
    child.expect("  1: ")
    child.sendline("coffee in bed")
    child.expect("  2: ")
    child.sendeof()
    output = _finish(child)
    assert child.exitstatus == 1, output
    assert "sparklog: input ended (Ctrl-D); what you answered so far is saved" in output
    assert "needs answers typed in a terminal" not in output
    assert _items(rows) == [(TUESDAY_DAY, 1, "coffee in bed")]


def test_an_unclear_yes_no_answer_asks_again_kindly(
    cli: Invoke, rows: Rows, tuesday: time_machine.Traveller
) -> None:
    cli("ritual", "add", "Tea", "--daily")
    result = cli("evening", input="a\nb\nc\nmaybe\nyes\n\n")
    assert result.exit_code == 0, result.stderr
    assert "  Answer y, n or s (Enter asks again next time)." in result.stdout
    assert "Error" not in result.stdout
    assert result.stdout.count("Did you keep Tea today? [y/n/s]: ") == 2
    assert _checks(rows) == [("Tea", TUESDAY_DAY)]


def test_the_closing_summary_wraps_whole_items(
    cli: Invoke, tuesday: time_machine.Traveller
) -> None:
    for name in ("Morning coffee together", "Evening walk by the river"):
        cli("ritual", "add", name, "--daily")
    cli("gratitude", "add", "the soup")
    cli("observe", "a hug")
    cli("observe", "a sharp word", "--negative")
    result = cli("evening", input="a\nb\nc\nn\nn\n")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    start = next(i for i, line in enumerate(lines) if line.startswith("Tuesday: "))
    assert lines[start].rstrip().endswith("1 more appreciation")
    assert lines[start + 1] == " " * len("Tuesday: ") + "2 observations"


def test_the_questions_are_asked_before_the_journal_is_opened_for_writing(
    cli: Invoke, db_path: Path, frozen: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is missing is read through the read side; the write side opens with the first save."""
    import sparklog.store.db

    opened: list[Path] = []
    real = sparklog.store.db.open_journal

    def watched(path: Path, **kwargs: Any) -> Any:
        opened.append(path)
        return real(path, **kwargs)

    monkeypatch.setattr(sparklog.store.db, "open_journal", watched)
    skipped = cli("evening", input="\n\n")  # no three things, no observation
    assert skipped.exit_code == 0, skipped.stderr
    assert "Three things you appreciated" in skipped.stdout
    assert opened == [], "nothing was answered, so nothing was opened for writing"
    assert not db_path.exists(), "a journal appears with its first entry"
    answered = cli("evening", input="the soup\n\n\n")
    assert answered.exit_code == 0, answered.stderr
    assert opened == [db_path]
    assert db_path.exists()


def test_a_read_only_journal_is_refused_before_the_first_question(
    cli: Invoke, db_path: Path, frozen: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No answer is typed in vain. Root writes anything, so the check is told "no"."""
    assert cli("gratitude", "add", "the soup").exit_code == 0
    real_access = os.access

    def no_write(path: Any, mode: int, **kwargs: Any) -> bool:
        if mode & os.W_OK and Path(str(path)) == db_path:
            return False
        return real_access(path, mode)

    monkeypatch.setattr(os, "access", no_write)
    result = cli("evening", input="coffee in bed\n")
    assert result.exit_code == 1
    assert "  1: " not in result.stdout
    assert result.err_lines == [f"sparklog: the journal {db_path} is read-only; nothing was saved"]


# --- the pure rules ---------------------------------------------------------------


def _entry(kind: Kind, slot: int | None = None, day: date = date(2026, 11, 17)) -> Entry:
    from datetime import datetime

    return Entry(
        id=f"{kind}-{slot}",
        kind=kind,
        day=day,
        written_at=datetime(2026, 11, 17, 21, 0).astimezone(),
        text="x",
        slot=slot,
        positive=True if kind is Kind.OBSERVATION else None,
    )


def test_plan_asks_for_the_open_slots_only() -> None:
    day = date(2026, 11, 17)
    plan = plan_evening(day, [_entry(Kind.THREE, 2), _entry(Kind.GRATITUDE)], [])
    assert plan.slots == (1, 3)
    assert [entry.slot for entry in plan.written] == [2]
    assert plan.observation is True
    assert not plan.complete


def test_a_day_is_complete_without_an_observation() -> None:
    day = date(2026, 11, 17)
    plan = plan_evening(day, [_entry(Kind.THREE, n) for n in (1, 2, 3)], [])
    assert plan.complete
    noted = plan_evening(day, [_entry(Kind.OBSERVATION)], [])
    assert noted.observation is False


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", None),
        ("   ", None),
        ("-", None),
        ("a hug", ("a hug", True)),
        ("+ a hug", ("a hug", True)),
        ("-we snapped", ("we snapped", False)),
        ("  - we snapped  ", ("we snapped", False)),
        ("well-timed joke", ("well-timed joke", True)),
    ],
)
def test_reading_an_observation(typed: str, expected: tuple[str, bool] | None) -> None:
    answer = read_observation(typed)
    assert (None if answer is None else (answer.text, answer.positive)) == expected


# --- rituals answered y / n / s, a hard moment, the time of day ------------------------


def _marks(rows: Rows) -> list[tuple[Any, ...]]:
    return rows(
        "SELECT r.name, m.day, m.mark FROM ritual_mark m JOIN ritual r ON r.id = m.ritual_id"
        " ORDER BY 1"
    )


@pytest.fixture
def three_rituals(cli: Invoke, tuesday: time_machine.Traveller) -> None:
    for name in ("Stretch", "Tea", "Walk"):
        assert cli("ritual", "add", name, "--daily").exit_code == 0


@pytest.mark.usefixtures("three_rituals")
def test_y_n_s_in_a_terminal_then_a_closed_stdin_is_all_done(wrapper: Path, rows: Rows) -> None:
    child = _spawn(wrapper)
    for slot in (1, 2, 3):
        child.expect(f"  {slot}: ")
        child.sendline(f"thing {slot}")
    child.expect("y kept · n not kept · s skip")
    for name, answer in (("Stretch", "s"), ("Tea", "y"), ("Walk", "n")):
        child.expect(rf"Did you keep {name} today\? \[y/n/s\]: ")
        child.sendline(answer)
    child.expect("Noticed: ")
    child.sendline("- we snapped about the dishes")
    child.expect(r"Which horseman\? 1 criticism · 2 contempt · 3 defensiveness · 4 stonewalling")
    child.expect(r"Horseman \(1-4, Enter skips\): ")
    child.sendline("2")
    child.expect(r"A kinder or more specific way to see it \(Enter skips\): ")
    child.sendline("we were both tired")
    transcript = _finish(child)
    assert child.exitstatus == 0, transcript
    assert "Not kept: Walk" in transcript
    assert "Skipped: Stretch" in transcript

    assert _checks(rows) == [("Tea", TUESDAY_DAY)]
    assert _marks(rows) == [("Stretch", TUESDAY_DAY, "skip"), ("Walk", TUESDAY_DAY, "no")]
    assert rows(
        "SELECT text, positive, horseman, reframe FROM entry WHERE kind = 'observation'"
    ) == [("we snapped about the dishes", 0, "contempt", "we were both tired")]

    again = subprocess.run(
        [sys.executable, str(wrapper), TUESDAY, "evening"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, NO_COLOR="1", COLUMNS="80"),
    )
    assert again.returncode == 0, again.stderr
    assert "All done for Tuesday 17 November: nothing left to ask." in again.stdout
    assert "[y/n/s]" not in again.stdout
    assert again.stderr == ""


@pytest.mark.usefixtures("three_rituals")
def test_a_no_is_not_asked_again_but_enter_is(cli: Invoke, rows: Rows) -> None:
    first = cli("evening", input="a\nb\nc\nn\n\nmaybe\ny\n\n")  # Stretch no, Tea later, Walk yes
    assert first.exit_code == 0, first.stderr
    assert "  Answer y, n or s (Enter asks again next time)." in first.stdout
    assert _marks(rows) == [("Stretch", TUESDAY_DAY, "no")]
    assert _checks(rows) == [("Walk", TUESDAY_DAY)]
    second = cli("evening", input="y\n\n")
    assert second.exit_code == 0, second.stderr
    assert "Did you keep Tea today? [y/n/s]: " in second.stdout
    assert "Stretch today?" not in second.stdout
    assert "Walk today?" not in second.stdout
    assert _checks(rows) == [("Tea", TUESDAY_DAY), ("Walk", TUESDAY_DAY)]
    done = cli("evening")
    assert done.exit_code == 0, done.stderr
    assert "All done for Tuesday 17 November" in done.stdout


@pytest.mark.usefixtures("three_rituals")
def test_undo_takes_back_an_evening_no(cli: Invoke, rows: Rows) -> None:
    assert cli("evening", input="a\nb\nc\nn\nn\nn\n\n").exit_code == 0
    undone = cli("ritual", "undo", "tea")
    assert undone.exit_code == 0, undone.stderr
    assert undone.stdout.strip() == 'Took back the "not kept" answer of Tea for Tue 17 Nov 2026.'
    again = cli("evening", input="y\n")
    assert "Did you keep Tea today?" in again.stdout
    assert _checks(rows) == [("Tea", TUESDAY_DAY)]


def test_a_weekly_ritual_is_asked_by_its_week_until_it_is_met(
    cli: Invoke, rows: Rows, tuesday: time_machine.Traveller
) -> None:
    assert cli("ritual", "add", "Date night", "--weekly", "1").exit_code == 0
    asked = cli("evening", input="a\nb\nc\ny\n\n")
    assert asked.exit_code == 0, asked.stderr
    assert "Date night — this week: 0 of 1 — did you have it today? [y/n/s]: " in asked.stdout
    assert "Did you keep Date night" not in asked.stdout
    tuesday.move_to("2026-11-19T21:00:00+01:00")  # Thursday, same week
    met = cli("evening", input="d\ne\nf\n\n")
    assert met.exit_code == 0, met.stderr
    assert "Date night" not in met.stdout.split("Streaks:")[0]
    assert "[y/n/s]" not in met.stdout


def test_a_weekly_ritual_twice_a_week_says_how_far_it_is(
    cli: Invoke, tuesday: time_machine.Traveller
) -> None:
    assert cli("ritual", "add", "Run", "--weekly", "2").exit_code == 0
    assert cli("ritual", "done", "run", "--date", "2026-11-16").exit_code == 0
    asked = cli("evening", input="a\nb\nc\n\n\n")
    assert "Run — this week: 1 of 2 — did you have it today? [y/n/s]: " in asked.stdout


def test_ctrl_c_at_the_horseman_question_keeps_the_hard_moment(wrapper: Path, rows: Rows) -> None:
    child = _spawn(wrapper)
    for slot in (1, 2, 3):
        child.expect(f"  {slot}: ")
        child.sendline(f"thing {slot}")
    child.expect("Noticed: ")
    child.sendline("-a sharp word")
    child.expect(r"Horseman \(1-4, Enter skips\): ")
    child.sendline("crit")
    child.expect(r"A kinder or more specific way to see it \(Enter skips\): ")
    child.sendintr()
    output = _finish(child)
    assert child.exitstatus == 130, output
    assert "Traceback" not in output
    assert rows(
        "SELECT text, positive, horseman, reframe FROM entry WHERE kind = 'observation'"
    ) == [("a sharp word", 0, "criticism", None)]
    assert len(_items(rows)) == 3


def test_a_hard_moment_with_enter_twice_is_saved_plain(cli: Invoke, rows: Rows) -> None:
    result = cli("evening", input="a\nb\nc\n-we snapped\nc\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert "  Type 1 to 4 or a name (Enter skips)." in result.stdout  # "c": two horsemen
    assert rows("SELECT horseman, reframe FROM entry WHERE kind = 'observation'") == [(None, None)]


@pytest.mark.parametrize(
    ("moment", "header", "when"),
    [
        ("2026-11-21T21:00:00+01:00", "Good evening. Saturday 21 November", "today"),
        ("2026-11-21T15:00:00+01:00", "Good afternoon. Saturday 21 November", "today"),
        ("2026-11-21T07:30:00+01:00", "Good morning. For Saturday 21 November", "on Saturday"),
        ("2026-11-22T00:30:00+01:00", "Still up? For yesterday, Saturday 21 November", "yesterday"),
    ],
    ids=["21:00", "15:00", "07:30", "00:30-before-rollover"],
)
def test_the_greeting_and_wording_follow_the_time_of_day(
    cli: Invoke, rows: Rows, frozen: time_machine.Traveller, moment: str, header: str, when: str
) -> None:
    frozen.move_to(moment)
    assert cli("ritual", "add", "Tea").exit_code == 0
    result = cli("evening", input="a\nb\nc\ny\n\n")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == header
    assert f"Three things you appreciated about your partner {when}" in result.stdout
    assert f"Rituals due {when}" in result.stdout
    assert f"Did you keep Tea {when}? [y/n/s]: " in result.stdout
    assert f"Anything you noticed between you {when}? (optional)" in result.stdout
    if when != "today":
        assert "Good evening" not in result.stdout
        assert " today" not in result.stdout.split("Saturday:")[0]
    assert _checks(rows) == [("Tea", "2026-11-21")]
    assert rows("SELECT DISTINCT day FROM entry") == [("2026-11-21",)]


def test_before_a_late_rollover_the_morning_is_about_yesterday(
    cli: Invoke, frozen: time_machine.Traveller, config_file: Path
) -> None:
    config_file.write_text("rollover_hour = 8\n")
    frozen.move_to("2026-11-21T07:30:00+01:00")
    result = cli("evening", input="\n\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Good morning. For yesterday, Friday 20 November"


def test_wording_is_pure_and_takes_the_time_as_a_parameter() -> None:
    from datetime import datetime

    from sparklog.core.evening import wording

    saturday = date(2026, 11, 21)
    assert wording(datetime(2026, 11, 21, 4, 59), saturday).greeting == "Still up?"
    assert wording(datetime(2026, 11, 21, 11, 59), saturday).when == "on Saturday"
    assert wording(datetime(2026, 11, 21, 12, 0), saturday).header == (
        "Good afternoon. Saturday 21 November"
    )
    assert (
        wording(datetime(2026, 11, 22, 9, 0), saturday).title == "yesterday, Saturday 21 November"
    )
