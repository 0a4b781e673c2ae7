"""`sparklog dates`: adding, listing, removing, and where the dates show up."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests.conftest import Invoke

Rows = Callable[..., list[tuple[Any, ...]]]

STORED = "SELECT name, name_key, day, yearly, together FROM important_date ORDER BY name_key"


def listed(cli: Invoke) -> list[dict[str, Any]]:
    result = cli("dates", "list", "--json")
    assert result.exit_code == 0, result.stderr
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def test_dates_are_stored_and_listed_soonest_first(cli: Invoke, rows: Rows) -> None:
    # The frozen day is Sat 2026-11-21.
    assert cli("dates", "add", "First date", "2019-06-14", "--together").exit_code == 0
    assert cli("dates", "add", "Lisbon trip", "2026-12-04", "--once").exit_code == 0
    assert cli("dates", "add", "  Sam's   birthday ", "1990-11-23").exit_code == 0
    assert rows(STORED) == [
        ("First date", "first date", "2019-06-14", 1, 1),
        ("Lisbon trip", "lisbon trip", "2026-12-04", 0, 0),
        ("Sam's birthday", "sam's birthday", "1990-11-23", 1, 0),
    ]
    assert listed(cli) == [
        {
            "name": "Sam's birthday",
            "date": "1990-11-23",
            "yearly": True,
            "next": "2026-11-23",
            "in_days": 2,
            "years": 36,
        },
        {
            "name": "Lisbon trip",
            "date": "2026-12-04",
            "yearly": False,
            "next": "2026-12-04",
            "in_days": 13,
            "years": None,
        },
        {
            "name": "First date",
            "date": "2019-06-14",
            "yearly": True,
            "next": "2027-06-14",
            "in_days": 205,
            "years": 8,
        },
    ]
    text = cli("dates", "list").stdout
    assert "Sam's birthday" in text and "in 2 days (36 years)" in text


def test_a_feb_29_date_falls_on_feb_28_in_a_common_year(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    frozen.move_to("2027-02-20T21:00:00+01:00")
    assert cli("dates", "add", "Zoë", "1992-02-29").exit_code == 0
    assert listed(cli)[0] == {
        "name": "Zoë",
        "date": "1992-02-29",
        "yearly": True,
        "next": "2027-02-28",
        "in_days": 8,
        "years": 35,
    }
    frozen.move_to("2028-02-20T21:00:00+01:00")  # a leap year: the day itself
    assert listed(cli)[0]["next"] == "2028-02-29"


def test_across_the_year_end(cli: Invoke, frozen: time_machine.Traveller) -> None:
    frozen.move_to("2026-12-28T21:00:00+01:00")
    cli("dates", "add", "Wedding", "2020-01-02")
    cli("dates", "add", "New year", "2000-12-31")
    data = listed(cli)
    assert [(d["name"], d["next"], d["in_days"], d["years"]) for d in data] == [
        ("New year", "2026-12-31", 3, 26),
        ("Wedding", "2027-01-02", 5, 7),
    ]
    upcoming = json.loads(cli("today", "--json").stdout)["upcoming"]
    assert [item["text"] for item in upcoming] == [
        "New year: 26 years on Thu 31 Dec, in 3 days",
        "Wedding: 7 years on Sat 2 Jan, in 5 days",
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["x", "2026-02-30"], 2, "'2026-02-30' is not a date; use YYYY-MM-DD"),
        (["x", "yesterday"], 2, "'yesterday' is not a date; use YYYY-MM-DD"),
        (["x", "1850-01-01"], 2, "1850-01-01 is before 1900"),
        (["x", "2026-11-22", "--together"], 2, "2026-11-22 is in the future; the together date"),
        (["   ", "2020-01-01"], 2, "date name"),
        (["x" * 200, "2020-01-01"], 2, "the limit is"),
    ],
)
def test_bad_input_is_one_line_and_stores_nothing(
    cli: Invoke, rows: Rows, args: list[str], code: int, message: str
) -> None:
    result = cli("dates", "add", *args)
    assert result.exit_code == code
    assert len(result.err_lines) == 1 and message in result.stderr, result.stderr
    assert rows("SELECT count(*) FROM important_date") in ([], [(0,)])


def test_a_taken_name_or_a_second_together_date_is_refused(cli: Invoke, rows: Rows) -> None:
    cli("dates", "add", "First date", "2019-06-14", "--together")
    before = rows(STORED)
    taken = cli("dates", "add", "FIRST DATE", "2018-01-01")
    assert taken.exit_code == 1
    assert taken.err_lines == [
        "sparklog: there is already a date called 'First date'; pick another name"
    ]
    second = cli("dates", "add", "Moved in", "2020-03-01", "--together")
    assert second.exit_code == 1 and "'First date' is already the together date" in second.stderr
    assert rows(STORED) == before


def test_remove_by_unique_prefix_and_clear_errors_otherwise(cli: Invoke, rows: Rows) -> None:
    cli("dates", "add", "Lisbon trip", "2026-12-04", "--once")
    cli("dates", "add", "Lima trip", "2027-03-01", "--once")
    ambiguous = cli("dates", "remove", "li")
    assert ambiguous.exit_code == 2 and "could mean Lima trip, Lisbon trip" in ambiguous.stderr
    unknown = cli("dates", "remove", "Paris")
    assert unknown.exit_code == 1 and "no date called 'Paris'" in unknown.stderr
    assert len(rows(STORED)) == 2
    gone = cli("dates", "remove", "LIS")
    assert gone.exit_code == 0 and "Removed Lisbon trip" in gone.stdout
    assert [row[0] for row in rows(STORED)] == ["Lima trip"]


def test_an_empty_list_says_how_to_add_one(cli: Invoke) -> None:
    result = cli("dates", "list")
    assert result.exit_code == 0 and "No important dates yet" in result.stdout
    assert listed(cli) == []


def test_today_week_and_evening_show_what_is_coming(cli: Invoke) -> None:
    cli("dates", "add", "First date", "2019-11-25", "--together")
    cli("dates", "add", "Far off", "2000-12-25")
    today = json.loads(cli("today", "--json").stdout)
    assert today["upcoming"] == [
        {
            "name": "First date",
            "date": "2026-11-25",
            "in_days": 4,
            "years": 7,
            "milestone": None,
            "text": "First date: 7 years on Wed 25 Nov, in 4 days",
        }
    ]
    assert "First date: 7 years on Wed 25 Nov, in 4 days" in cli("today").stdout
    week = cli("week")
    assert "Coming up" in week.stdout and "First date: 7 years" in week.stdout
    assert json.loads(cli("week", "--json").stdout)["upcoming"] == today["upcoming"]
    evening = cli("evening", input="a\nb\nc\n\n")
    assert "Coming up: First date: 7 years on Wed 25 Nov, in 4 days" in evening.stdout
    assert "Far off" not in today["upcoming"] and "Far off" not in evening.stdout


def test_a_milestone_day_shows_up(cli: Invoke, frozen: time_machine.Traveller) -> None:
    # 1000 days after 2024-02-25 is 2026-11-21, the frozen day.
    cli("dates", "add", "Us", "2024-02-25", "--together")
    upcoming = json.loads(cli("today", "--json").stdout)["upcoming"]
    assert [item["text"] for item in upcoming] == ["Us: 1000 days today"]


def test_the_week_of_a_sunday_start_shows_them_too(cli: Invoke, config_file: Path) -> None:
    config_file.write_text('week_start = "sunday"\n')
    cli("dates", "add", "Sam", "1990-11-22")
    data = json.loads(cli("week", "--json").stdout)
    assert data["week"]["start"] == "2026-11-15"
    assert [item["text"] for item in data["upcoming"]] == ["Sam: 36 years tomorrow, Sun 22 Nov"]
    # Last week shows the same list: it is counted from today, not from the week shown.
    earlier = json.loads(cli("week", "--last", "--json").stdout)
    assert earlier["week"]["start"] == "2026-11-08" and earlier["upcoming"] == data["upcoming"]


def test_nudge_speaks_the_day_before_and_on_the_day(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    cli("dates", "add", "Sam", "1990-11-23")
    cli("gratitude", "add", "tea")
    assert cli("nudge").stdout == ""  # two days ahead, and today is logged
    frozen.move_to("2026-11-22T09:00:00+01:00")
    assert cli("nudge").stdout.splitlines()[1:] == ["Sam: 36 years tomorrow, Mon 23 Nov."]
    frozen.move_to("2026-11-23T09:00:00+01:00")
    assert cli("nudge").stdout.splitlines()[-1] == "Sam: 36 years today."
    frozen.move_to("2026-11-24T09:00:00+01:00")
    assert "Sam" not in cli("nudge").stdout


def test_removing_the_last_date_clears_it_from_the_stamp(cli: Invoke, db_path: Path) -> None:
    cli("dates", "add", "Sam", "1990-11-22")
    assert "Sam" in db_path.with_name(db_path.name + ".last").read_text()
    cli("dates", "remove", "sam")
    assert not db_path.with_name(db_path.name + ".last").exists()
    assert cli("nudge").stdout.strip().startswith("Nothing in your journal today")


def test_help_has_an_example(cli: Invoke) -> None:
    for command in ("add", "list", "remove", "--help"):
        result = cli("dates", *dict.fromkeys([command, "--help"]))
        assert result.exit_code == 0 and "Example: sparklog dates" in result.stdout


def test_an_encrypted_journal_keeps_its_dates_out_of_the_plain_stamp(
    cli: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.delenv("SPARKLOG_PASSPHRASE", raising=False)
    stamp = db_path.with_name(db_path.name + ".last")
    cli("gratitude", "add", "tea")
    cli("dates", "add", "Secret anniversary", "1990-11-22")
    assert "Secret anniversary" in stamp.read_text()
    passphrase = "correct horse battery staple"
    locked = cli("lock", input=f"{passphrase}\n{passphrase}\n")
    assert locked.exit_code == 0, locked.stderr
    assert stamp.read_text() == "2026-11-21\n", "lock drops the names, keeps the day"
    env = {"SPARKLOG_PASSPHRASE": passphrase}
    assert cli("dates", "add", "Another", "1991-11-22", env=env).exit_code == 0
    assert "Secret" not in stamp.read_text() and "Another" not in stamp.read_text()
    assert cli("nudge").stdout == ""  # logged today; the dates stay unsaid
    assert [d["name"] for d in listed_with(cli, env)] == ["Another", "Secret anniversary"]


def listed_with(cli: Invoke, env: dict[str, str]) -> list[dict[str, Any]]:
    result = cli("dates", "list", "--json", env=env)
    assert result.exit_code == 0, result.stderr
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data
