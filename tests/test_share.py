"""`sparklog share`: the day's appreciations as a plain message for the partner."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sparklog.core.share import plain, share_message
from tests.conftest import Invoke

pytestmark = pytest.mark.usefixtures("frozen")


def _write_day(cli: Invoke) -> None:
    assert cli("three", "coffee before I woke up #mornings", "the note", "the walk").exit_code == 0
    assert cli("gratitude", "add", "You fixed the bike [bold]again[/bold]").exit_code == 0
    assert cli("observe", "we argued about dishes", "--negative").exit_code == 0


def test_the_message_lists_the_day_appreciations(cli: Invoke) -> None:
    _write_day(cli)
    result = cli("share")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "A few things I appreciated about you today:\n"
        "- coffee before I woke up\n"
        "- the note\n"
        "- the walk\n"
        "- You fixed the bike [bold]again[/bold]\n"
        "Thank you for being you.\n"
    )
    assert result.stderr == ""


def test_the_partner_name_opens_the_message(cli: Invoke, config_file: Path) -> None:
    config_file.write_text('partner_name = "Sam"\n')
    cli("gratitude", "add", "the soup")
    result = cli("share")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Hi Sam, one thing I appreciated about you today:"
    assert "- the soup" in result.stdout


def test_no_markup_or_escape_codes_even_on_a_colour_terminal(cli: Invoke) -> None:
    _write_day(cli)
    result = cli("share", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert "\x1b" not in result.stdout
    assert "[bold]again[/bold]" in result.stdout, "the user's own text is kept as written"
    assert "#" not in result.stdout


def test_observations_are_not_shared(cli: Invoke) -> None:
    _write_day(cli)
    assert "dishes" not in cli("share").stdout


def test_an_empty_day_says_how_to_add_one(cli: Invoke) -> None:
    cli("gratitude", "add", "the soup", "--date", "yesterday")
    result = cli("share")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.err_lines) == 1
    assert "sparklog gratitude add" in result.stderr


def test_another_day_is_chosen_with_date(cli: Invoke) -> None:
    cli("gratitude", "add", "the soup", "--date", "yesterday")
    result = cli("share", "--date", "yesterday")
    assert result.exit_code == 0
    assert result.stdout.startswith("One thing I appreciated about you yesterday:\n")
    empty = cli("share", "--date", "2026-11-01")
    assert empty.exit_code == 1
    assert "--date 2026-11-01" in empty.stderr


def test_a_future_date_is_refused(cli: Invoke) -> None:
    result = cli("share", "--date", "2030-01-01")
    assert result.exit_code == 2
    assert "future" in result.stderr


def test_tags_read_as_plain_words() -> None:
    assert plain("coffee #mornings #home") == "coffee"
    assert plain("a #kind note") == "a kind note"
    assert plain("#home is where you are") == "home is where you are"


def test_an_older_day_is_named_by_its_date() -> None:
    text = share_message(["x"], day=date(2026, 10, 3), today=date(2026, 11, 21), partner=None)
    assert text.startswith("One thing I appreciated about you on 3 October 2026:")


def test_share_week_writes_the_week_as_one_message(cli: Invoke, config_file: Path) -> None:
    """Saturday 21 November 2026: the week runs from Monday the 16th."""
    config_file.write_text('partner_name = "Sam"\n')
    assert cli("gratitude", "add", "the soup", "--date", "2026-11-16").exit_code == 0
    assert cli("three", "the call", "the walk", "the soup", "--date", "2026-11-18").exit_code == 0
    assert cli("gratitude", "add", "the bike #fixes").exit_code == 0
    assert cli("gratitude", "add", "last week's one", "--date", "2026-11-15").exit_code == 0
    assert cli("observe", "a sharp word", "--negative").exit_code == 0
    result = cli("share", "--week")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Hi Sam, a few things I appreciated about you this week:\n"
        "- the soup\n"
        "- the call\n"
        "- the walk\n"
        "- the bike\n"
        "Thank you for being you.\n"
    )
    last = cli("share", "--week", "--date", "2026-11-15")
    assert last.stdout.startswith("Hi Sam, one thing I appreciated about you last week:\n")
    older = cli("share", "-w", "--date", "2026-11-04")
    assert older.exit_code == 1
    assert older.stdout == ""
    assert older.err_lines == [
        "sparklog: no appreciations in the week of 2 November 2026 yet; add one with"
        ' sparklog gratitude add "…" (or sparklog three)'
    ]


def test_a_sunday_first_week_is_shared_from_sunday(cli: Invoke, config_file: Path) -> None:
    config_file.write_text('week_start = "sunday"\n')
    assert cli("gratitude", "add", "sunday's soup", "--date", "2026-11-15").exit_code == 0
    result = cli("share", "--week")
    assert result.stdout.startswith("One thing I appreciated about you this week:\n- sunday's")
