"""The day's three things."""

from __future__ import annotations

from tests.conftest import Invoke

THREE_ROWS = "SELECT slot, text FROM entry WHERE kind = 'three' ORDER BY slot"


def test_three_arguments_fill_slots_one_to_three(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", "coffee", "the call at lunch", "a hug #home")
    assert result.exit_code == 0, result.stderr
    assert rows(THREE_ROWS) == [(1, "coffee"), (2, "the call at lunch"), (3, "a hug #home")]
    assert rows("SELECT tag FROM entry_tag") == [("home",)]


def test_one_argument_prompts_for_two_more(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", "coffee", input="the note\nthe walk\n")
    assert result.exit_code == 0, result.stderr
    assert rows(THREE_ROWS) == [(1, "coffee"), (2, "the note"), (3, "the walk")]


def test_full_day_refuses_without_replace_and_keeps_items(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    cli("three", "a", "b", "c")
    result = cli("three", "x", "y", "z")
    assert result.exit_code == 1
    assert "--replace" in result.stderr
    assert rows(THREE_ROWS) == [(1, "a"), (2, "b"), (3, "c")]


def test_replace_swaps_the_items(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    cli("three", "a", "b", "c")
    assert cli("three", "x", "y", "z", "--replace").exit_code == 0
    assert rows(THREE_ROWS) == [(1, "x"), (2, "y"), (3, "z")]


def test_partial_day_fills_the_open_slots(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    cli("three", "a", input="\n")
    assert rows(THREE_ROWS) == [(1, "a")]
    assert cli("three", "b", "c").exit_code == 0
    assert rows(THREE_ROWS) == [(1, "a"), (2, "b"), (3, "c")]


def test_more_than_three_is_a_usage_error(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", "a", "b", "c", "d")
    assert result.exit_code == 2
    assert rows(THREE_ROWS) == []


def test_closed_stdin_at_the_prompt_saves_nothing(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", "coffee", input="")
    assert result.exit_code == 1
    assert len(result.err_lines) == 1
    assert "standard input" in result.stderr
    assert rows(THREE_ROWS) == []


def test_one_bad_item_saves_none(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", "fine", "bad\x07bell", "fine too")
    assert result.exit_code == 2
    assert rows(THREE_ROWS) == []
