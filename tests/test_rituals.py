"""Rituals through the CLI: defining, matching names, checking off, pausing, archiving."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke

Rows = Callable[..., list[tuple[Any, ...]]]


def _ok(run: Any) -> Any:
    assert run.exit_code == 0, run.stderr
    return run


def _checks(rows: Rows) -> list[tuple[str, str]]:
    return sorted(
        rows("SELECT r.name, c.day FROM ritual_check c JOIN ritual r ON r.id = c.ritual_id")
    )


def _today(cli: Invoke) -> dict[str, Any]:
    return json.loads(_ok(cli("today", "--json")).stdout)  # type: ignore[no-any-return]


def _streaks(cli: Invoke) -> dict[str, Any]:
    return json.loads(_ok(cli("streaks", "--json")).stdout)  # type: ignore[no-any-return]


def _ritual(cli: Invoke, name: str) -> dict[str, Any]:
    [found] = [r for r in _streaks(cli)["rituals"] if r["name"] == name]
    return found  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "args",
    [
        ["ritual"],
        ["ritual", "add"],
        ["ritual", "list"],
        ["ritual", "done"],
        ["ritual", "undo"],
        ["ritual", "rename"],
        ["ritual", "pause"],
        ["ritual", "archive"],
        ["ritual", "skip"],
        ["ritual", "unpause"],
        ["ritual", "unarchive"],
        ["streaks"],
    ],
)
def test_every_ritual_command_has_help(cli: Invoke, args: list[str]) -> None:
    shown = _ok(cli(*args, "--help"))
    assert "Usage:" in shown.stdout
    summary = shown.stdout.split("Usage:")[1]
    assert len(summary.strip().splitlines()) >= 3


@pytest.mark.parametrize(
    ("flags", "stored"),
    [
        ([], "daily"),
        (["--daily"], "daily"),
        (["--weekdays"], "weekdays"),
        (["--on", "thu,Mon"], "mon,thu"),
        (["--on", "sat"], "sat"),
        (["--weekly", "2"], "2/week"),
    ],
)
def test_add_stores_the_cadence(cli: Invoke, rows: Rows, flags: list[str], stored: str) -> None:
    _ok(cli("ritual", "add", "  Morning   coffee ", *flags))
    assert rows("SELECT name, name_key, cadence, created, archived FROM ritual") == [
        ("Morning coffee", "morning coffee", stored, "2026-11-21", None)
    ]


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--daily", "--weekly", "2"], "choose one cadence"),
        (["--on", "often"], "--on takes day names"),
        (["--on", "2/week"], "use --weekly N"),
        (["--weekly", "0"], "from 1 to 7"),
        (["--weekly", "8"], "from 1 to 7"),
    ],
)
def test_a_bad_cadence_is_refused_and_nothing_is_stored(
    cli: Invoke, rows: Rows, flags: list[str], message: str
) -> None:
    refused = cli("ritual", "add", "Coffee", *flags)
    assert refused.exit_code == 2
    assert len(refused.err_lines) == 1 and message in refused.stderr
    assert rows("SELECT count(*) FROM ritual") in ([], [(0,)])


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("name", ["", "   ", "a\x07b", "x" * 61])
def test_a_bad_name_is_refused(cli: Invoke, rows: Rows, name: str) -> None:
    refused = cli("ritual", "add", name)
    assert refused.exit_code == 2
    assert len(refused.err_lines) == 1
    assert rows("SELECT count(*) FROM ritual") in ([], [(0,)])


def test_a_duplicate_name_is_refused_in_any_case(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Walk"))
    refused = cli("ritual", "add", "WALK", "--weekly", "2")
    assert refused.exit_code == 1
    assert "already a ritual called 'Walk'" in refused.stderr
    assert rows("SELECT name, cadence FROM ritual") == [("Walk", "daily")]


@pytest.mark.usefixtures("frozen")
def test_done_matches_a_unique_prefix_in_any_case(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Morning coffee"))
    _ok(cli("ritual", "add", "Date night", "--weekly", "1"))
    done = _ok(cli("ritual", "done", "MORN", "date"))
    assert "Checked off Morning coffee" in done.stdout
    assert "Checked off Date night" in done.stdout
    assert _checks(rows) == [("Date night", "2026-11-21"), ("Morning coffee", "2026-11-21")]


@pytest.mark.usefixtures("frozen")
def test_an_exact_name_wins_over_a_longer_one(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "add", "Walk the dog"))
    _ok(cli("ritual", "done", "walk"))
    assert _checks(rows) == [("Walk", "2026-11-21")]


@pytest.mark.usefixtures("frozen")
def test_an_ambiguous_prefix_lists_the_candidates_and_stores_nothing(
    cli: Invoke, rows: Rows
) -> None:
    _ok(cli("ritual", "add", "Morning coffee"))
    _ok(cli("ritual", "add", "Movie night", "--weekly", "1"))
    refused = cli("ritual", "done", "mo")
    assert refused.exit_code == 2
    assert len(refused.err_lines) == 1
    assert "Morning coffee" in refused.stderr and "Movie night" in refused.stderr
    assert _checks(rows) == []


@pytest.mark.usefixtures("frozen")
def test_a_typo_suggests_the_closest_name(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Morning coffee"))
    _ok(cli("ritual", "add", "Walk"))
    refused = cli("ritual", "done", "mornign")
    assert refused.exit_code == 1
    assert "did you mean 'Morning coffee'?" in refused.stderr
    assert "rituals: Morning coffee, Walk" in refused.stderr
    unknown = cli("ritual", "done", "zzz")
    assert unknown.exit_code == 1
    assert "did you mean" not in unknown.stderr
    assert "Morning coffee, Walk" in unknown.stderr
    assert _checks(rows) == []


def test_an_unknown_name_with_no_rituals_says_how_to_add_one(cli: Invoke) -> None:
    refused = cli("ritual", "done", "coffee")
    assert refused.exit_code == 1
    assert "sparklog ritual add" in refused.stderr


@pytest.mark.usefixtures("frozen")
def test_done_with_one_unknown_name_checks_off_none(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Coffee"))
    refused = cli("ritual", "done", "coffee", "nosuch")
    assert refused.exit_code == 1
    assert _checks(rows) == []


@pytest.mark.usefixtures("frozen")
def test_checking_off_twice_is_a_friendly_no_op(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Coffee"))
    _ok(cli("ritual", "done", "coffee"))
    again = _ok(cli("ritual", "done", "Coffee"))
    assert "already checked off" in again.stdout
    assert again.stderr == ""
    assert _checks(rows) == [("Coffee", "2026-11-21")]
    twice_in_one = _ok(cli("ritual", "done", "coffee", "cof", "--date", "yesterday"))
    assert twice_in_one.stdout.count("Checked off") == 1
    assert _checks(rows) == [("Coffee", "2026-11-20"), ("Coffee", "2026-11-21")]


@pytest.mark.usefixtures("frozen")
def test_done_refuses_a_future_date(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Coffee"))
    refused = cli("ritual", "done", "coffee", "--date", "2026-11-22")
    assert refused.exit_code == 2
    assert "future" in refused.stderr
    assert _checks(rows) == []


@pytest.mark.usefixtures("frozen")
def test_undo_takes_a_check_off_back_and_says_when_there_is_none(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Coffee"))
    _ok(cli("ritual", "done", "coffee", "--date", "yesterday"))
    _ok(cli("ritual", "done", "coffee"))
    undone = _ok(cli("ritual", "undo", "coffee"))
    assert "Took back the check-off of Coffee for Sat 21 Nov 2026." in undone.stdout
    assert _checks(rows) == [("Coffee", "2026-11-20")]
    missing = cli("ritual", "undo", "coffee")
    assert missing.exit_code == 1
    assert "neither checked off nor skipped" in missing.stderr
    assert "nothing to undo" in missing.stderr
    assert _checks(rows) == [("Coffee", "2026-11-20")]
    _ok(cli("ritual", "undo", "coffee", "--date", "yesterday"))
    assert _checks(rows) == []


@pytest.mark.usefixtures("frozen")
def test_rename_keeps_the_history(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "add", "Coffee"))
    _ok(cli("ritual", "done", "walk", "--date", "yesterday"))
    _ok(cli("ritual", "done", "walk"))
    _ok(cli("ritual", "rename", "wal", "Evening walk"))
    assert _checks(rows) == [("Evening walk", "2026-11-20"), ("Evening walk", "2026-11-21")]
    assert _ritual(cli, "Evening walk")["streak"]["current"] == 2
    taken = cli("ritual", "rename", "evening", "coffee")
    assert taken.exit_code == 1 and "already a ritual called 'Coffee'" in taken.stderr
    _ok(cli("ritual", "rename", "evening", "EVENING WALK"))
    assert rows("SELECT name, name_key FROM ritual WHERE name_key LIKE 'evening%'") == [
        ("EVENING WALK", "evening walk")
    ]


@pytest.mark.usefixtures("frozen")
def test_an_archived_ritual_is_no_longer_due_in_today(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Coffee"))
    _ok(cli("ritual", "add", "Walk"))
    assert _today(cli)["rituals_due"] == ["Coffee", "Walk"]
    _ok(cli("ritual", "archive", "walk"))
    report = _today(cli)
    assert report["rituals_due"] == ["Coffee"]
    assert [r["name"] for r in report["rituals"]] == ["Coffee"]
    assert rows("SELECT name, archived FROM ritual ORDER BY name") == [
        ("Coffee", None),
        ("Walk", "2026-11-21"),
    ]
    refused = cli("ritual", "done", "walk")
    assert refused.exit_code == 1 and "archived" in refused.stderr
    listed = json.loads(_ok(cli("ritual", "list", "--json")).stdout)
    assert [r["name"] for r in listed] == ["Coffee"]
    everything = json.loads(_ok(cli("ritual", "list", "--all", "--json")).stdout)
    assert [(r["name"], r["archived"]) for r in everything] == [
        ("Coffee", None),
        ("Walk", "2026-11-21"),
    ]
    assert "Walk" not in _ok(cli("today")).stdout


def _in_today(report: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [r for r in report["rituals"] if r["name"] == name]
    return found


@pytest.mark.usefixtures("frozen")
def test_a_ritual_named_like_a_built_in_streak_keeps_both(cli: Invoke) -> None:
    _ok(cli("ritual", "add", "Gratitude"))
    _ok(cli("ritual", "done", "gratitude"))
    report = _today(cli)
    assert report["streaks"]["gratitude"]["current"] == 0
    assert _in_today(report, "Gratitude")["streak"]["current"] == 1
    shown = _ok(cli("today")).stdout
    assert shown.count("Gratitude") == 3  # ticked ritual, built-in streak, ritual streak


@pytest.mark.usefixtures("frozen")
def test_today_reports_rituals_due_done_and_streaks(cli: Invoke) -> None:
    _ok(cli("ritual", "add", "Coffee"))
    _ok(cli("ritual", "add", "Date night", "--weekly", "2"))
    _ok(cli("ritual", "add", "Office lunch", "--weekdays"))
    _ok(cli("gratitude", "add", "kind words", "--date", "yesterday"))
    # Saturday: the weekday ritual is not due; two a week is due until met.
    assert _today(cli)["rituals_due"] == ["Coffee", "Date night"]
    _ok(cli("ritual", "done", "date", "--date", "yesterday"))
    report = _today(cli)
    assert report["rituals_due"] == ["Coffee", "Date night"]
    assert report["rituals_done"] == []
    assert report["streaks"]["gratitude"] == {
        "current": 1,
        "best": 1,
        "unit": "day",
        "at_risk": True,
    }
    assert set(report["streaks"]) == {"gratitude", "three"}
    assert _in_today(report, "Date night")["streak"]["unit"] == "week"
    _ok(cli("ritual", "done", "date"))
    report = _today(cli)
    assert report["rituals_due"] == ["Coffee"]
    assert report["rituals_done"] == ["Date night"]
    assert _in_today(report, "Date night")["streak"]["current"] == 1
    shown = _ok(cli("today")).stdout
    assert "Rituals" in shown and "Coffee" in shown and "still open" in shown
    assert "Streaks" in shown and "at risk" in shown


@pytest.mark.usefixtures("frozen")
def test_pause_keeps_a_streak_over_missed_days(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Coffee"))
    for day in ("2026-11-14", "2026-11-15", "2026-11-20", "2026-11-21"):
        _ok(cli("ritual", "done", "coffee", "--date", day))
    assert _ritual(cli, "Coffee")["streak"]["current"] == 2
    paused = _ok(cli("ritual", "pause", "coffee", "--from", "2026-11-16", "--to", "2026-11-19"))
    assert "4 days" in paused.stdout
    assert rows("SELECT first_day, last_day FROM ritual_pause") == [("2026-11-16", "2026-11-19")]
    assert _ritual(cli, "Coffee")["streak"] == {
        "current": 4,
        "best": 4,
        "unit": "day",
        "at_risk": False,
    }


@pytest.mark.usefixtures("frozen")
def test_a_pause_may_be_planned_ahead_and_today_is_then_not_due(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Coffee"))
    _ok(cli("ritual", "pause", "coffee", "--to", "2026-12-31"))
    assert rows("SELECT first_day, last_day FROM ritual_pause") == [("2026-11-21", "2026-12-31")]
    assert _today(cli)["rituals_due"] == []
    merged = _ok(cli("ritual", "pause", "coffee", "--from", "tomorrow", "--to", "2027-01-02"))
    assert "Merged with the pause Sat 21 Nov 2026 to Thu 31 Dec 2026" in merged.stdout
    assert rows("SELECT first_day, last_day FROM ritual_pause") == [("2026-11-21", "2027-01-02")]


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (["--from", "2026-11-20", "--to", "2026-11-10"], "before --from"),
        (["--to", "2028-01-01"], "more than a year ahead"),
        (["--from", "someday", "--to", "2026-11-30"], "--from: cannot read the date"),
    ],
)
def test_a_bad_pause_is_refused(cli: Invoke, rows: Rows, dates: list[str], message: str) -> None:
    _ok(cli("ritual", "add", "Coffee"))
    refused = cli("ritual", "pause", "coffee", *dates)
    assert refused.exit_code == 2
    assert message in refused.stderr
    assert rows("SELECT count(*) FROM ritual_pause") == [(0,)]


@pytest.mark.usefixtures("frozen")
def test_list_and_streaks_json_shapes(cli: Invoke) -> None:
    _ok(cli("ritual", "add", "Date night", "--weekly", "1"))
    _ok(cli("ritual", "done", "date"))
    [listed] = json.loads(_ok(cli("ritual", "list", "--json")).stdout)
    assert set(listed) == {
        "id",
        "name",
        "cadence",
        "created",
        "archived",
        "streak",
        "strength",
        "done_today",
        "done_this_week",
        "due_today",
        "skipped_today",
        "pauses",
    }
    assert listed["pauses"] == []
    assert listed["cadence"] == "1/week"
    assert (listed["done_today"], listed["done_this_week"], listed["due_today"]) == (
        True,
        1,
        False,
    )
    report = _streaks(cli)
    assert set(report) == {"streaks", "rituals"}
    assert set(report["streaks"]) == {"gratitude", "three"}
    [ritual] = report["rituals"]
    assert set(ritual) == {"id", "name", "cadence", "created", "archived", "streak", "strength"}
    assert ritual["streak"] == {"current": 1, "best": 1, "unit": "week", "at_risk": False}
    assert 0 < ritual["strength"] <= 100


@pytest.mark.usefixtures("frozen")
def test_week_start_sunday_from_config_is_honoured(cli: Invoke, config_file: Path) -> None:
    _ok(cli("ritual", "add", "Date night", "--weekly", "1"))
    for day in ("2026-11-14", "2026-11-15"):  # a Saturday and the Sunday after
        _ok(cli("ritual", "done", "date", "--date", day))
    monday_weeks = _ritual(cli, "Date night")["streak"]
    assert (monday_weeks["current"], monday_weeks["at_risk"]) == (1, True)
    config_file.write_text('week_start = "sunday"\n', encoding="utf-8")
    sunday_weeks = _ritual(cli, "Date night")["streak"]
    assert (sunday_weeks["current"], sunday_weeks["at_risk"]) == (2, False)


@pytest.mark.usefixtures("frozen")
def test_views_are_plain_when_piped(cli: Invoke) -> None:
    empty = _ok(cli("ritual", "list"))
    assert "No rituals yet" in empty.stdout
    _ok(cli("ritual", "add", "Morning coffee"))
    _ok(cli("ritual", "add", "Date night", "--weekly", "1"))
    _ok(cli("ritual", "done", "morning"))
    for args in (["ritual", "list"], ["streaks"], ["today"]):
        shown = _ok(cli(*args)).stdout
        assert "\x1b[" not in shown
        assert "Morning coffee" in shown
        assert all(len(line) <= 80 for line in shown.splitlines())
    listed = _ok(cli("ritual", "list")).stdout
    assert "done today" in listed and "0 of 1 this week" in listed


@pytest.mark.usefixtures("frozen")
def test_at_risk_has_its_own_column_and_never_folds_a_name(cli: Invoke) -> None:
    _ok(cli("ritual", "add", "Walk after dinner"))
    _ok(cli("ritual", "add", "Date night", "--weekly", "1"))
    for days in range(1, 11):
        _ok(cli("ritual", "done", "walk", "--date", f"{days}d"))
    _ok(cli("ritual", "done", "date", "--date", "7d"))
    _ok(cli("gratitude", "add", "the soup", "--date", "yesterday"))
    for args in (["streaks"], ["today"]):
        lines = _ok(cli(*args)).stdout.splitlines()
        risky = [line for line in lines if "at risk" in line and "At risk:" not in line]
        assert len(risky) == 3, lines  # gratitude, the walk, date night
        assert len({line.index("at risk") for line in risky}) == 1, risky
    for width in ("80", "120"):
        listed = _ok(cli("ritual", "list", env={"COLUMNS": width})).stdout.splitlines()
        walk = [line for line in listed if "Walk after dinner" in line]
        table = [line for line in listed if not line.startswith("Strength:")]
        assert len(walk) == 1 and len(table) == 3, listed
        assert all(len(line) <= int(width) for line in listed)
        assert ("at risk" in walk[0]) is (width == "120")
