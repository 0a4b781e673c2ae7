"""Recording observations: positive, negative, horsemen and reframes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import Invoke

Rows = Callable[..., list[tuple[Any, ...]]]
OBS = "SELECT kind, day, text, positive, horseman, reframe, lang FROM entry"


def test_positive_is_the_default(cli: Invoke, rows: Rows, frozen: object) -> None:
    result = cli("observe", "You asked about my day and listened", "--lang", "time")
    assert result.exit_code == 0, result.stderr
    assert rows(OBS) == [
        (
            "observation",
            "2026-11-21",
            "You asked about my day and listened",
            1,
            None,
            None,
            "time",
        )
    ]
    assert "positive" in result.stdout
    assert "kinder" not in result.stdout


def test_negative_with_horseman_and_reframe_is_stored(
    cli: Invoke, rows: Rows, frozen: object
) -> None:
    result = cli(
        "observe",
        "You never help with the dishes",
        "--negative",
        "--horseman",
        "Criticism",
        "--reframe",
        "You took the trash out today",
        "--date",
        "yesterday",
        "--tag",
        "home",
    )
    assert result.exit_code == 0, result.stderr
    assert rows(OBS) == [
        (
            "observation",
            "2026-11-20",
            "You never help with the dishes",
            0,
            "criticism",
            "You took the trash out today",
            None,
        )
    ]
    assert rows("SELECT tag FROM entry_tag") == [("home",)]
    assert "kinder" not in result.stdout


def test_negative_without_reframe_invites_one_but_saves(cli: Invoke, rows: Rows) -> None:
    result = cli("observe", "Went quiet during the talk", "-n", "--horseman", "stonewalling")
    assert result.exit_code == 0, result.stderr
    assert rows("SELECT positive, horseman FROM entry") == [(0, "stonewalling")]
    hint = [line for line in result.stdout.splitlines() if "--reframe" in line]
    assert len(hint) == 1
    assert result.stderr == ""


def test_horseman_on_a_positive_observation_is_a_usage_error(cli: Invoke, rows: Rows) -> None:
    result = cli("observe", "Lovely dinner", "--horseman", "contempt")
    assert result.exit_code == 2
    assert result.err_lines == [
        "sparklog: --horseman belongs to a negative observation; add --negative"
    ]
    assert rows("SELECT count(*) FROM entry") == []


def test_unknown_horseman_lists_the_four(cli: Invoke, rows: Rows) -> None:
    result = cli("observe", "Rolled eyes", "--negative", "--horseman", "sarcasm")
    assert result.exit_code == 2
    assert len(result.err_lines) == 1
    for name in ("criticism", "contempt", "defensiveness", "stonewalling"):
        assert name in result.stderr
    assert rows("SELECT count(*) FROM entry") == []


def test_bad_text_reframe_or_date_saves_nothing(cli: Invoke, rows: Rows, frozen: object) -> None:
    assert cli("observe", "   ").exit_code == 2
    assert cli("observe", "ok", "-n", "--reframe", "bad\x07").exit_code == 2
    assert cli("observe", "ok", "--date", "2030-01-01").exit_code == 2
    assert cli("observe", "ok", "--lang", "money").exit_code == 2
    assert rows("SELECT count(*) FROM entry") == []


def test_observation_is_searchable_by_its_reframe(cli: Invoke, frozen: object) -> None:
    cli("observe", "Short with me", "-n", "--reframe", "Worried about the deadline")
    found = cli("log", "--search", "deadline", "--json")
    assert found.exit_code == 0, found.stderr
    assert '"Short with me"' in found.stdout
