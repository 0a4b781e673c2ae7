"""`sparklog week`: exact numbers, week boundaries, and the screen at 80 columns."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests.conftest import Invoke, run_process

ANSI = re.compile(r"\x1b\[")


def _ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


def _week(cli: Invoke, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_ok(cli("week", "--json", *args)).stdout)
    return data


def seed_week(cli: Invoke) -> None:
    """Mon 16 .. Sat 21 Nov 2026 (the frozen "today"), plus the week before.

    Appreciations on Mon, Wed, Fri and Sat; five positive observations and one
    negative (criticism); a daily ritual and a weekly one.
    """
    run = [
        ("ritual", "add", "Morning coffee", "--daily"),
        ("ritual", "add", "Date night", "--weekly", "1"),
        ("gratitude", "add", "Coffee before I woke up", "--lang", "acts", "-d", "2026-11-16"),
        ("three", "the note", "the laugh", "the bike", "-d", "2026-11-16"),
        ("observe", "Listened about the interview", "--lang", "time", "-d", "2026-11-16"),
        ("observe", "Held my hand", "--lang", "touch", "-d", "2026-11-17"),
        ("three", "the call", "the tax papers", "a long hug", "-d", "2026-11-18"),
        ("observe", "You never listen", "-n", "--horseman", "criticism", "-d", "2026-11-18"),
        ("observe", "Brought me tea", "--lang", "acts", "-d", "2026-11-19"),
        ("gratitude", "add", "Called my mum", "--lang", "words", "-d", "2026-11-20"),
        ("observe", "Planned date night", "--lang", "time", "-d", "2026-11-20"),
        ("observe", "Said you were proud of me", "-d", "2026-11-21"),
        ("three", "pancakes", "the walk", "a nap", "-d", "2026-11-21"),
        ("ritual", "done", "Morning coffee", "-d", "2026-11-16"),
        ("ritual", "done", "Morning coffee", "-d", "2026-11-17"),
        ("ritual", "done", "Morning coffee", "-d", "2026-11-18"),
        ("ritual", "done", "Morning coffee", "-d", "2026-11-20"),
        ("ritual", "done", "Morning coffee", "-d", "2026-11-21"),
        ("ritual", "done", "Date night", "-d", "2026-11-20"),
        # The week before: 2 positive, 1 negative.
        ("observe", "Short with me about the car", "-n", "-d", "2026-11-10"),
        ("observe", "Cooked my favourite", "-d", "2026-11-11"),
        ("observe", "Washed the car", "-d", "2026-11-12"),
        ("ritual", "done", "Date night", "-d", "2026-11-13"),
    ]
    for args in run:
        _ok(cli(*args))


def test_seeded_week_gives_exact_numbers(cli: Invoke, frozen: object) -> None:
    seed_week(cli)
    data = _week(cli)
    assert list(data) == [
        "week",
        "days",
        "observations",
        "moments",
        "rituals",
        "streaks",
        "love_languages",
        "entries",
        "upcoming",
    ]
    assert data["week"] == {"start": "2026-11-16", "end": "2026-11-22", "iso": "2026-W47"}
    assert data["observations"] == {
        "positive": 5,
        "negative": 1,
        "ratio": 5.0,
        "target": 5.0,
        "horsemen": {"criticism": 1},
        "previous_week": {"positive": 2, "negative": 1},
    }
    # Appreciations are positive moments noticed: the view weighs them with the rest.
    assert data["moments"] == {
        "positive": 16,
        "appreciations": 11,
        "negative": 1,
        "ratio": 16.0,
        "target": 5.0,
        "previous_week": {"positive": 2, "negative": 1},
    }
    coffee = ["Morning coffee"]
    assert data["days"] == [
        {"date": "2026-11-16", "gratitude": 1, "three": 3, "positive": 1, "negative": 0,
         "reflection": 0, "rituals": coffee},
        {"date": "2026-11-17", "gratitude": 0, "three": 0, "positive": 1, "negative": 0,
         "reflection": 0, "rituals": coffee},
        {"date": "2026-11-18", "gratitude": 0, "three": 3, "positive": 0, "negative": 1,
         "reflection": 0, "rituals": coffee},
        {"date": "2026-11-19", "gratitude": 0, "three": 0, "positive": 1, "negative": 0,
         "reflection": 0, "rituals": []},
        {"date": "2026-11-20", "gratitude": 1, "three": 0, "positive": 1, "negative": 0,
         "reflection": 0, "rituals": ["Date night", "Morning coffee"]},
        {"date": "2026-11-21", "gratitude": 0, "three": 3, "positive": 1, "negative": 0,
         "reflection": 0, "rituals": coffee},
        {"date": "2026-11-22", "gratitude": 0, "three": 0, "positive": 0, "negative": 0,
         "reflection": 0, "rituals": []},
    ]  # fmt: skip
    days_with_appreciations = [d for d in data["days"] if d["gratitude"] + d["three"]]
    assert len(days_with_appreciations) == 4
    assert data["rituals"] == [
        {
            "name": "Date night",
            "cadence": "1/week",
            "done": 1,
            "target": 1,
            "met": True,
            "streak": {"current": 2, "best": 2, "unit": "week", "at_risk": False},
        },
        {
            "name": "Morning coffee",
            "cadence": "daily",
            "done": 5,
            "target": 7,
            "met": False,
            "streak": {"current": 2, "best": 3, "unit": "day", "at_risk": False},
        },
    ]
    assert data["streaks"] == {
        "gratitude": {"current": 2, "best": 2, "unit": "day", "at_risk": False},
        "three": {"current": 1, "best": 1, "unit": "day", "at_risk": False},
    }
    assert data["love_languages"] == {"acts": 2, "time": 2, "touch": 1, "words": 1}
    assert list(data["love_languages"]) == ["acts", "time", "touch", "words"]
    entries = data["entries"]
    assert [e["kind"] for e in entries].count("three") == 9
    assert {e["kind"] for e in entries} == {"gratitude", "three"}
    assert [e["date"] for e in entries] == sorted((e["date"] for e in entries), reverse=True)
    assert [e["text"] for e in entries[:3]] == ["pancakes", "the walk", "a nap"]
    assert set(entries[0]) >= {"id", "kind", "date", "written_at", "text", "tags", "lang"}


def test_ratio_is_null_without_negatives(cli: Invoke, frozen: object) -> None:
    cli("observe", "Kind words", "-d", "2026-11-17")
    cli("observe", "A surprise", "-d", "2026-11-18")
    obs = _week(cli)["observations"]
    assert obs["positive"] == 2 and obs["negative"] == 0
    assert obs["ratio"] is None
    assert obs["horsemen"] == {}
    assert obs["previous_week"] == {"positive": 0, "negative": 0}


def test_ratio_target_comes_from_the_config(cli: Invoke, config_file: Path, frozen: object) -> None:
    config_file.write_text("ratio_target = 3\n")
    cli("observe", "Rude", "-n", "-d", "2026-11-17")
    cli("observe", "Lovely", "-d", "2026-11-18")
    obs = _week(cli)["observations"]
    assert obs["target"] == 3.0 and obs["ratio"] == 1.0
    shown = _ok(cli("week")).stdout
    assert "target 3:1" in shown
    assert "Under 3:1 this week" in shown


def test_monday_is_the_default_first_day(cli: Invoke, frozen: object) -> None:
    cli("gratitude", "add", "Sunday one", "-d", "2026-11-15")
    cli("gratitude", "add", "Monday one", "-d", "2026-11-16")
    data = _week(cli)
    assert next(d["date"] for d in data["days"]) == "2026-11-16"
    assert [e["text"] for e in data["entries"]] == ["Monday one"]


def test_sunday_first_from_the_config(cli: Invoke, config_file: Path, frozen: object) -> None:
    config_file.write_text('week_start = "sunday"\n')
    cli("gratitude", "add", "Sunday one", "-d", "2026-11-15")
    cli("gratitude", "add", "Sunday after", "-d", "2026-11-22")  # refused: in the future
    data = _week(cli)
    assert data["week"] == {"start": "2026-11-15", "end": "2026-11-21", "iso": "2026-W47"}
    assert [e["text"] for e in data["entries"]] == ["Sunday one"]
    shown = _ok(cli("week")).stdout
    header = next(line for line in shown.splitlines() if "Mon" in line and "Sun" in line)
    assert header.index("Sun") < header.index("Mon")


def test_last_shows_the_previous_week(cli: Invoke, frozen: object) -> None:
    cli("observe", "Last week's", "-d", "2026-11-09")
    cli("observe", "This week's", "-d", "2026-11-16")
    data = _week(cli, "--last")
    assert data["week"]["start"] == "2026-11-09" and data["week"]["end"] == "2026-11-15"
    assert data["observations"]["positive"] == 1
    assert _week(cli, "--date", "2026-11-12")["week"] == data["week"]


def test_date_and_last_together_are_refused(cli: Invoke) -> None:
    result = cli("week", "--last", "--date", "yesterday")
    assert result.exit_code == 2
    assert result.err_lines == ["sparklog: use --date or --last, not both"]


def test_a_week_across_the_year_end(cli: Invoke, frozen: object) -> None:
    cli("gratitude", "add", "Old year", "-d", "2025-12-31")
    cli("gratitude", "add", "New year", "-d", "2026-01-02")
    cli("gratitude", "add", "Too early", "-d", "2025-12-28")
    data = _week(cli, "--date", "2026-01-01")
    assert data["week"] == {"start": "2025-12-29", "end": "2026-01-04", "iso": "2026-W01"}
    assert [e["text"] for e in data["entries"]] == ["New year", "Old year"]
    assert [d["gratitude"] for d in data["days"]] == [0, 0, 1, 0, 1, 0, 0]
    shown = _ok(cli("week", "--date", "2025-12-30")).stdout
    assert "Mon 29 Dec 2025 to Sun 04 Jan 2026" in shown


def test_rollover_hour_keeps_a_late_note_in_sundays_week(cli: Invoke) -> None:
    with time_machine.travel("2026-11-23T01:00:00+01:00", tick=False):  # Monday, 1 a.m.
        _ok(cli("observe", "Talked until late"))
        data = _week(cli)
    assert data["week"]["start"] == "2026-11-16"
    assert data["days"][-1]["date"] == "2026-11-22"
    assert data["days"][-1]["positive"] == 1
    with time_machine.travel("2026-11-23T09:00:00+01:00", tick=False):  # Monday morning
        data = _week(cli)
        assert data["week"]["start"] == "2026-11-23"
        assert data["observations"]["positive"] == 0
        assert data["observations"]["previous_week"] == {"positive": 1, "negative": 0}


def test_streak_at_risk_is_flagged_and_suggested(cli: Invoke) -> None:
    with time_machine.travel("2026-11-20T21:00:00+01:00", tick=False):
        cli("gratitude", "add", "Thursday", "-d", "2026-11-19")
        cli("gratitude", "add", "Friday")
    with time_machine.travel("2026-11-21T21:00:00+01:00", tick=False):
        data = _week(cli)
        shown = _ok(cli("week")).stdout
    assert data["streaks"]["gratitude"] == {
        "current": 2,
        "best": 2,
        "unit": "day",
        "at_risk": True,
    }
    assert "at risk" in shown
    assert "Your gratitude streak (2 days) is waiting for today" in shown


def test_ritual_pause_and_creation_shrink_the_weekly_target(cli: Invoke, frozen: object) -> None:
    with time_machine.travel("2026-11-18T21:00:00+01:00", tick=False):  # a Wednesday
        _ok(cli("ritual", "add", "Walk", "--daily"))
        _ok(cli("ritual", "add", "Call", "--weekly", "3"))
    _ok(cli("ritual", "pause", "Walk", "--from", "2026-11-20", "--to", "2026-11-21"))
    rituals = {r["name"]: r for r in _week(cli)["rituals"]}
    assert rituals["Walk"]["target"] == 3  # Wed, Thu, Sun: not before it existed, not paused
    assert rituals["Call"]["target"] == 3  # N a week: only pauses scale it, as in its streak
    assert rituals["Walk"]["met"] is False and rituals["Walk"]["done"] == 0


def test_ritual_with_nothing_due_says_why(cli: Invoke, frozen: object) -> None:
    _ok(cli("ritual", "add", "Walk", "--on", "mon"))  # made on Saturday: nothing due yet
    _ok(cli("ritual", "add", "Swim", "--daily"))
    _ok(cli("ritual", "pause", "Swim", "--from", "2026-11-16", "--to", "2026-11-22"))
    _ok(cli("gratitude", "add", "You sang in the car"))
    grid = _ok(cli("week")).stdout.split("\n\n")[1]  # the day strip and ritual grid
    rows = {line.split()[0]: line.rstrip() for line in grid.splitlines() if line.strip()}
    assert rows["Walk"].endswith("none due")
    assert rows["Swim"].endswith("paused")


def test_week_across_the_autumn_clock_change(cli: Invoke) -> None:
    """Berlin leaves summer time on Sun 25 Oct 2026; 00:30 on Monday still closes Sunday."""
    with time_machine.travel("2026-10-25T02:30:00+01:00", tick=False):  # after the change
        _ok(cli("observe", "Stayed up talking"))  # before 04:00: Saturday's
    with time_machine.travel("2026-10-26T00:30:00+01:00", tick=False):
        _ok(cli("observe", "Late walk"))
        data = _week(cli)
    assert data["week"]["start"] == "2026-10-19"
    assert [d["positive"] for d in data["days"]] == [0, 0, 0, 0, 0, 1, 1]


def _next_line(shown: str) -> str:
    return next(line for line in shown.splitlines() if line.startswith("Next: "))


def test_suggestion_follows_the_data(cli: Invoke, frozen: object) -> None:
    _ok(cli("ritual", "add", "Walk", "--daily"))
    _ok(cli("three", "a", "b", "c"))
    assert (
        _next_line(_ok(cli("week")).stdout)
        == "Next: No ritual kept yet this week. What about Walk?"
    )
    _ok(cli("ritual", "done", "Walk"))
    _ok(cli("observe", "Snapped at me", "-n"))
    shown = _ok(cli("week")).stdout
    assert _next_line(shown).startswith("Next: Under 5:1 this week.")
    for _ in range(5):
        _ok(cli("observe", "Kind"))
    shown = _ok(cli("week")).stdout
    assert _next_line(shown).startswith("Next: One hard moment without a reframe yet")


# --- the screen -----------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.splitlines()


def test_screen_shows_every_part_and_fits_80_columns(cli: Invoke, frozen: object) -> None:
    seed_week(cli)
    shown = _ok(cli("week")).stdout
    assert not ANSI.search(shown)
    assert max(len(line) for line in _lines(shown)) <= 80
    for part in (
        "Week 47: Mon 16 Nov to Sun 22 Nov 2026",
        "Appreciations",
        "Observations",
        "Morning coffee",
        "5/7",
        "1/1 ✓",
        "16 positive (11 appreciations), 1 negative",
        "ratio 16:1 (target 5:1)",
        "Horsemen: criticism 1",
        "Week before: 2 positive, 1 negative; the ratio rose from 2:1",
        "Streaks",
        "Love languages",
        "acts 2",
        "pancakes",
        "Next: ",
    ):
        assert part in shown, part
    # Cut to fit: six appreciations and a pointer to the rest.
    assert "5 more: sparklog gratitude list --since 2026-11-16 --until 2026-11-21" in shown
    assert "Called my mum" in shown
    assert "the bike" not in shown


def test_long_text_is_cut_not_wrapped(cli: Invoke, frozen: object) -> None:
    cli("gratitude", "add", "word " * 300)
    cli("ritual", "add", "A ritual with a very long name indeed, longer than the grid", "--daily")
    for width in (80, 120):
        shown = _ok(cli("week", env={"COLUMNS": str(width)})).stdout
        assert max(len(line) for line in _lines(shown)) <= width
        assert "A ritual with a v…" in shown
        # One cut line, not a wrapped paragraph.
        assert len([line for line in _lines(shown) if "word word" in line]) == 1


def test_empty_week_gets_a_start_message(cli: Invoke, frozen: object) -> None:
    shown = _ok(cli("week")).stdout
    assert "Nothing logged this week yet" in shown
    assert "sparklog evening" in shown and 'sparklog observe "…"' in shown
    assert "Streaks" not in shown and "Positive and negative" not in shown
    assert max(len(line) for line in _lines(shown)) <= 80
    data = _week(cli)
    assert data["observations"]["ratio"] is None
    assert data["rituals"] == [] and data["entries"] == []
    assert all(d["gratitude"] == 0 and d["rituals"] == [] for d in data["days"])


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"PYTHONIOENCODING": "ascii"}])
def test_real_process_output_is_plain(cli: Invoke, env: dict[str, str]) -> None:
    # Seeded in-process; only the views under test run as real processes.
    for args in (
        ("ritual", "add", "Walk"),
        ("ritual", "done", "Walk"),
        ("observe", "Kind", "--lang", "words"),
        ("observe", "Sharp", "-n", "--reframe", "Tired"),
        ("three", "a", "b", "c"),
    ):
        _ok(cli(*args))
    for command in (("week",), ("month",), ("year",), ("log",)):
        result = run_process(*command, env={"COLUMNS": "80", **env})
        assert result.returncode == 0, result.stderr
        assert not ANSI.search(result.stdout)
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
        if env.get("PYTHONIOENCODING") == "ascii":
            assert result.stdout.isascii(), command
        if command == ("log",):
            assert "Sharp" in result.stdout and "Walk" in result.stdout, result.stdout


@pytest.mark.parametrize("command", ["week", "month", "year", "log", "observe"])
def test_help_does_not_load_the_store(command: str) -> None:
    from tests.test_startup import _probe

    result = _probe(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "HEAVY=\n" in result.stderr
    assert "Example: sparklog" in result.stdout


def test_an_archived_ritual_keeps_its_place_in_the_weeks_it_was_kept(
    cli: Invoke, frozen: object
) -> None:
    _ok(cli("ritual", "add", "Old walk", "--daily"))
    _ok(cli("ritual", "add", "Coffee", "--daily"))
    _ok(cli("ritual", "done", "Old walk", "-d", "2026-11-10"))
    _ok(cli("ritual", "done", "Coffee", "-d", "2026-11-10"))
    _ok(cli("ritual", "archive", "Old walk"))
    before = _week(cli, "--last")
    assert before["days"][1]["rituals"] == ["Coffee", "Old walk"]
    assert [r["name"] for r in before["rituals"]] == ["Coffee", "Old walk"]
    assert before["rituals"][1]["done"] == 1
    # A ritual archived before a week began has no row in it.
    with time_machine.travel("2026-11-30T21:00:00+01:00", tick=False):
        later = _week(cli)
    assert [r["name"] for r in later["rituals"]] == ["Coffee"]


def test_check_offs_on_days_not_due_do_not_meet_the_target(cli: Invoke, frozen: object) -> None:
    with time_machine.travel("2026-11-09T21:00:00+01:00", tick=False):
        _ok(cli("ritual", "add", "Walk", "--on", "mon,thu"))
    _ok(cli("ritual", "done", "Walk", "-d", "2026-11-17"))  # a Tuesday
    _ok(cli("ritual", "done", "Walk", "-d", "2026-11-18"))  # a Wednesday
    [walk] = _week(cli)["rituals"]
    assert walk["target"] == 2
    assert walk["done"] == 0 and walk["met"] is False
    assert walk["streak"]["current"] == 0


def test_the_suggestion_never_names_an_archived_ritual(cli: Invoke, frozen: object) -> None:
    with time_machine.travel("2026-11-09T21:00:00+01:00", tick=False):
        _ok(cli("ritual", "add", "Old walk", "--daily"))
    _ok(cli("ritual", "archive", "Old walk"))
    last = _week(cli, "--last")
    assert [(r["name"], r["done"], r["target"]) for r in last["rituals"]] == [("Old walk", 0, 7)]
    assert "What about Old walk?" not in _ok(cli("week", "--last")).stdout


def test_a_weekly_target_agrees_with_the_streak_in_the_week_a_ritual_begins(
    cli: Invoke, frozen: object
) -> None:
    _ok(cli("ritual", "add", "Gym", "--weekly", "3"))  # made on Saturday
    _ok(cli("ritual", "done", "Gym"))
    [gym] = _week(cli)["rituals"]
    assert (gym["done"], gym["target"], gym["met"]) == (1, 3, False)
    [listed] = json.loads(_ok(cli("ritual", "list", "--json")).stdout)
    assert listed["due_today"] is True  # still owed this week, as the grid says
    with time_machine.travel("2026-11-28T21:00:00+01:00", tick=False):
        [before] = _week(cli, "--last")["rituals"]
    # The streak skips a first week short of its target; the grid must not call it met.
    assert before["met"] is False and before["streak"]["best"] == 0


def test_a_days_three_things_read_one_two_three_however_they_were_written(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    # The evening saves each item on its own, so item 3 is the newest.
    for minute, args in enumerate(
        (("three", "first"), ("three", "second"), ("gratitude", "add", "extra"), ("three", "third"))
    ):
        frozen.move_to(f"2026-11-21T21:0{minute}:00+01:00")
        _ok(cli(*args, input="\n"))
    frozen.move_to("2026-11-21T21:30:00+01:00")
    shown = [line.strip() for line in _lines(_ok(cli("week")).stdout)]
    start = shown.index("Appreciations")
    assert shown[start + 1 : start + 5] == [
        "Sat  1. first",
        "Sat  2. second",
        "Sat  3. third",
        "Sat  extra",
    ]
    texts = [e["text"] for e in _week(cli)["entries"]]
    assert texts == ["first", "second", "third", "extra"]


def test_streak_names_are_as_wide_as_the_grid_and_risk_says_today(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    _ok(cli("ritual", "add", "Walk after dinner", "--daily"))
    _ok(cli("ritual", "done", "walk", "--date", "yesterday"))
    shown = _ok(cli("week")).stdout
    assert "Walk after dinn…" not in shown
    [line] = [line for line in _lines(shown) if line.startswith("  Walk after dinner")]
    assert line.split() == [
        "Walk",
        "after",
        "dinner",
        "1",
        "day",
        "1",
        "at",
        "risk:",
        "today",
        "is",
        "still",
        "open",
    ]


def test_a_past_week_makes_no_suggestion(cli: Invoke, frozen: time_machine.Traveller) -> None:
    frozen.move_to("2026-11-10T21:00:00+01:00")
    _ok(cli("ritual", "add", "Walk", "--daily"))
    _ok(cli("three", "a", "b", "c"))
    frozen.move_to("2026-11-21T21:00:00+01:00")
    assert "Next:" not in _ok(cli("week", "--last")).stdout
    _ok(cli("three", "x", "y", "z"))
    assert "Next:" in _ok(cli("week")).stdout


def test_wide_characters_in_a_ritual_name_keep_the_grid_aligned(
    cli: Invoke, frozen: object
) -> None:
    from rich.cells import cell_len

    _ok(cli("ritual", "add", "周末一起散步和喝咖啡的时光", "--daily"))
    _ok(cli("ritual", "add", "Walk", "--daily"))
    _ok(cli("ritual", "done", "周末", "walk", "--date", "yesterday"))
    shown = _ok(cli("week")).stdout
    rows = [line for line in _lines(shown) if line.startswith(("周末", "Walk"))]
    assert len(rows) == 2
    # The kept mark sits in the same column on both rows: names are cut by width on screen.
    assert len({cell_len(line[: line.index("✓")]) for line in rows}) == 1
    assert all(cell_len(line) <= 80 for line in _lines(shown))
