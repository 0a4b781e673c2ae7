"""`sparklog memories`: on this day, through the command line."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine

from tests.conftest import Invoke


def memories(cli: Invoke, *args: str) -> dict[str, Any]:
    result = cli("memories", *args, "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def shown(data: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    return [(m["date"], m["label"], [e["text"] for e in m["entries"]]) for m in data["memories"]]


def test_a_week_a_month_and_years_ago_newest_first(cli: Invoke) -> None:
    for day, text in [
        ("2026-11-14", "a week ago"),
        ("2026-10-21", "a month ago"),
        ("2025-11-21", "a year ago"),
        ("2023-11-21", "three years ago"),
        ("2026-11-20", "yesterday is no memory"),
    ]:
        assert cli("gratitude", "add", text, "--date", day).exit_code == 0
    cli("observe", "we laughed", "--date", "2025-11-21")
    assert shown(memories(cli)) == [
        ("2026-11-14", "a week ago", ["a week ago"]),
        ("2026-10-21", "a month ago", ["a month ago"]),
        ("2025-11-21", "a year ago", ["we laughed", "a year ago"]),
        ("2023-11-21", "3 years ago", ["three years ago"]),
    ]
    text = cli("memories").stdout
    assert text.index("A week ago") < text.index("A month ago") < text.index("3 years ago")


def test_a_month_end_looks_at_the_last_day_of_a_shorter_month(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    cli("gratitude", "add", "leap day", "--date", "2024-02-29")
    cli("gratitude", "add", "end of feb", "--date", "2024-02-28")
    frozen.move_to("2024-03-31T21:00:00+02:00")
    assert shown(memories(cli)) == [("2024-02-29", "a month ago", ["leap day"])]
    # A common year's Feb 28 remembers the leap day too; the leap year's Feb 29 only itself.
    frozen.move_to("2025-02-28T21:00:00+01:00")
    assert shown(memories(cli)) == [
        ("2024-02-29", "a year ago", ["leap day"]),
        ("2024-02-28", "a year ago", ["end of feb"]),
    ]


def test_across_a_year_end(cli: Invoke, frozen: time_machine.Traveller) -> None:
    frozen.move_to("2027-01-05T21:00:00+01:00")
    cli("gratitude", "add", "new year's eve", "--date", "2026-12-29")
    cli("gratitude", "add", "december", "--date", "2026-12-05")
    assert shown(memories(cli)) == [
        ("2026-12-29", "a week ago", ["new year's eve"]),
        ("2026-12-05", "a month ago", ["december"]),
    ]


def test_an_explicit_date_and_a_future_one(cli: Invoke, rows: Any) -> None:
    cli("gratitude", "add", "old", "--date", "2026-11-01")
    assert shown(memories(cli, "--date", "2026-11-08")) == [("2026-11-01", "a week ago", ["old"])]
    future = cli("memories", "--date", "2026-11-22")
    assert future.exit_code == 2 and len(future.err_lines) == 1
    assert "future" in future.stderr


def test_nothing_to_remember_is_one_kind_line(cli: Invoke) -> None:
    result = cli("memories")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        "Nothing from a week, a month or a year ago yet; today will be one someday."
    ]
    assert memories(cli) == {"date": "2026-11-21", "memories": []}


def test_random_shows_yesterdays_appreciation_in_a_new_journal(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    empty = cli("memories", "--random")
    assert empty.exit_code == 0 and "No past appreciation" in empty.stdout
    cli("gratitude", "add", "written today")
    assert memories(cli, "--random")["entry"] is None, "today's own is not a memory yet"
    frozen.move_to("2026-11-22T08:00:00+01:00")
    morning = memories(cli, "--random")
    assert morning["entry"]["text"] == "written today"
    cli("three", "a", "b", "c")
    frozen.move_to("2026-11-22T23:00:00+01:00")
    assert memories(cli, "--random") == morning, "the same all day"


def test_random_skips_observations_and_goes_round(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    cli("observe", "not an appreciation", "--date", "2026-10-01")
    for n in range(1, 6):
        cli("gratitude", "add", f"thing {n}", "--date", f"2026-10-0{n}")
    seen = []
    for day in range(1, 6):
        frozen.move_to(f"2026-12-0{day}T21:00:00+01:00")
        seen.append(memories(cli, "--random")["entry"]["text"])
    assert sorted(seen) == [f"thing {n}" for n in range(1, 6)]


def test_today_and_evening_close_with_one_line_of_a_memory(cli: Invoke) -> None:
    cli("gratitude", "add", "she sang in the car\nand then we stopped", "--date", "2025-11-21")
    assert "Remember: A year ago: she sang in the car" in cli("today").stdout
    assert json.loads(cli("today", "--json").stdout)["memory"] == (
        "A year ago: she sang in the car"
    )
    evening = cli("evening", input="a\nb\nc\n\n")
    assert "Remember: A year ago: she sang in the car" in evening.stdout
    assert "and then we stopped" not in evening.stdout


def test_no_memory_no_line(cli: Invoke) -> None:
    assert "Remember" not in cli("today").stdout
    assert json.loads(cli("today", "--json").stdout)["memory"] is None


@pytest.mark.parametrize("args", [["memories", "--help"], ["trends", "--help"]])
def test_help_has_an_example(cli: Invoke, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 0 and f"Example: sparklog {args[0]}" in result.stdout


def test_the_memory_line_stays_one_line_at_80_columns(cli: Invoke) -> None:
    long = "a long note on the fridge about the call with my brother " * 3
    cli("gratitude", "add", long.strip(), "--date", "2026-11-14")
    lines = cli("today").stdout.splitlines()
    assert lines[-1].startswith("Remember: A week ago: a long note")
    assert len(lines[-1]) <= 80 and lines[-1].endswith("…")
