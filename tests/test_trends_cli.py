"""`sparklog trends`: month by month, through the command line."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine

from tests.conftest import Invoke


def trends(cli: Invoke, *args: str) -> list[dict[str, Any]]:
    result = cli("trends", *args, "--json")
    assert result.exit_code == 0, result.stderr
    data: list[dict[str, Any]] = json.loads(result.stdout)["months"]
    return data


def test_months_counted_from_explicit_days(cli: Invoke) -> None:
    cli("gratitude", "add", "tea", "--date", "2026-10-31", "--lang", "acts")
    cli("three", "a", "b", "c", "--date", "2026-11-01")
    cli("observe", "hug", "--date", "2026-11-02", "--lang", "touch")
    cli("observe", "hug again", "--date", "2026-11-03", "--lang", "touch")
    cli("observe", "snapped", "--negative", "--date", "2026-11-03", "--lang", "words")
    cli("gratitude", "add", "long ago", "--date", "2026-08-31")  # outside three months
    months = trends(cli, "--months", "3")
    assert months == [
        {
            "month": "2026-09",
            "appreciations": 0,
            "positive": 0,
            "negative": 0,
            "ratio": None,
            "rituals_kept": None,
            "love_languages": {},
        },
        {
            "month": "2026-10",
            "appreciations": 1,
            "positive": 0,
            "negative": 0,
            "ratio": None,
            "rituals_kept": None,
            "love_languages": {"acts": 1},
        },
        {
            "month": "2026-11",
            "appreciations": 3,
            "positive": 2,
            "negative": 1,
            "ratio": 2.0,
            "rituals_kept": None,
            "love_languages": {"touch": 2},
        },
    ]
    assert len(trends(cli)) == 12


def test_rituals_kept_as_a_share_of_due_days(cli: Invoke, frozen: time_machine.Traveller) -> None:
    frozen.move_to("2026-11-01T21:00:00+01:00")
    cli("ritual", "add", "Coffee")
    frozen.move_to("2026-11-21T21:00:00+01:00")
    for day in range(1, 11):
        cli("ritual", "done", "coffee", "--date", f"2026-11-{day:02d}")
    # 20 days asked (Nov 1 to 20; today is still open), 10 kept.
    assert trends(cli, "--months", "1")[0]["rituals_kept"] == 50


def test_a_year_end_and_a_leap_february(cli: Invoke, frozen: time_machine.Traveller) -> None:
    cli("gratitude", "add", "leap", "--date", "2024-02-29")
    cli("gratitude", "add", "eve", "--date", "2024-12-31")
    frozen.move_to("2025-01-10T21:00:00+01:00")
    months = trends(cli, "--months", "12")
    assert [m["month"] for m in months][:2] == ["2024-02", "2024-03"]
    assert months[-1]["month"] == "2025-01"
    assert {m["month"]: m["appreciations"] for m in months if m["appreciations"]} == {
        "2024-02": 1,
        "2024-12": 1,
    }


@pytest.mark.parametrize("value", ["0", "121", "-3", "twelve"])
def test_a_bad_month_count_is_one_line(cli: Invoke, value: str) -> None:
    result = cli("trends", "--months", value)
    assert result.exit_code == 2 and len(result.err_lines) == 1, result.stderr


@pytest.mark.parametrize("width", ["80", "120"])
def test_the_chart_fits_the_terminal_and_is_plain_when_piped(cli: Invoke, width: str) -> None:
    for day in range(1, 21):
        cli("gratitude", "add", f"thing {day}", "--date", f"2026-11-{day:02d}", "--lang", "time")
    cli("observe", "snapped", "--negative", "--date", "2026-11-03")
    result = cli("trends", env={"COLUMNS": width})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Trends 2025-12 to 2026-11"
    assert all(len(line) <= int(width) for line in lines)
    assert "\x1b[" not in result.stdout
    november = next(line for line in lines if line.startswith("2026-11"))
    assert " 20 " in november and "0.0:1" in november
    assert "time 20" in november


def test_an_empty_journal_says_so(cli: Invoke) -> None:
    result = cli("trends")
    assert result.exit_code == 0
    assert "Nothing logged in these months yet" in result.stdout
