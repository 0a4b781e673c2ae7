"""Journal days: the rollover hour, date words, and refusing the future."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
import time_machine
from hypothesis import given, strategies as st

from sparklog.core.dates import journal_day, parse_day
from sparklog.errors import InvalidDate
from tests.conftest import Invoke


def _dates(cli: Invoke) -> list[str]:
    return [e["date"] for e in json.loads(cli("gratitude", "list", "--json").stdout)]


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ("2026-11-21T02:30:00+01:00", "2026-11-20"),
        ("2026-11-21T03:59:59+01:00", "2026-11-20"),
        ("2026-11-21T04:00:00+01:00", "2026-11-21"),
        ("2026-11-21T23:59:00+01:00", "2026-11-21"),
        ("2027-01-01T01:00:00+01:00", "2026-12-31"),
    ],
)
def test_rollover_hour_files_early_entries_under_the_evening_before(
    cli: Invoke, clock: str, expected: str
) -> None:
    with time_machine.travel(clock, tick=False):
        assert cli("gratitude", "add", "late words").exit_code == 0
        assert _dates(cli) == [expected]


def test_rollover_hour_comes_from_config(cli: Invoke, config_file) -> None:  # type: ignore[no-untyped-def]
    config_file.write_text("rollover_hour = 0\n")
    with time_machine.travel("2026-11-21T02:30:00+01:00", tick=False):
        cli("gratitude", "add", "just after midnight")
        assert _dates(cli) == ["2026-11-21"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("today", "2026-11-21"),
        ("yesterday", "2026-11-20"),
        ("mon", "2026-11-16"),
        ("Saturday", "2026-11-14"),  # today is a Saturday: the one before
        ("3d", "2026-11-18"),
        ("3 days ago", "2026-11-18"),
        ("2026-11-01", "2026-11-01"),
    ],
)
def test_date_words_land_on_the_right_day(
    cli: Invoke, frozen: object, word: str, expected: str
) -> None:
    result = cli("gratitude", "add", "a kind word", "--date", word)
    assert result.exit_code == 0, result.stderr
    assert _dates(cli) == [expected]


@pytest.mark.parametrize(
    "word", ["2026-11-22", "tomorrow", "2026-13-01", "-3d", "", "1899-12-31", "0001-01-03"]
)
def test_bad_or_future_dates_exit_2_and_store_nothing(
    cli: Invoke,
    frozen: object,
    rows,
    word: str,  # type: ignore[no-untyped-def]
) -> None:
    result = cli("gratitude", "add", "a kind word", "--date", word)
    assert result.exit_code == 2
    assert len(result.err_lines) == 1
    assert "Traceback" not in result.stderr
    assert _dates(cli) == []


def test_future_date_message_names_today(cli: Invoke, frozen: object) -> None:
    result = cli("three", "a", "b", "c", "--date", "2026-11-22")
    assert result.exit_code == 2
    assert "future" in result.stderr and "2026-11-21" in result.stderr


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.integers(0, 23),
)
def test_journal_day_is_the_date_or_the_day_before(now: datetime, hour: int) -> None:
    day = journal_day(now, hour)
    assert day in (now.date(), now.date() - timedelta(days=1))
    assert (day == now.date()) == (now.hour >= hour)


@given(st.dates(min_value=date(1900, 1, 8)), st.sampled_from(["mon", "tue", "sun", "fri"]))
def test_weekday_words_are_the_last_week(today: date, word: str) -> None:
    result = parse_day(word, today)
    assert 1 <= (today - result).days <= 7
    assert result.strftime("%a").lower() == word


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)), st.integers(1, 5000))
def test_future_iso_dates_are_refused(today: date, ahead: int) -> None:
    future = today + timedelta(days=ahead)
    with pytest.raises(InvalidDate):
        parse_day(future.isoformat(), today)


@pytest.mark.parametrize(
    "args",
    [["week", "-d", "0001-01-03"], ["month", "-d", "0001-01"], ["year", "1"], ["year", "1899"]],
)
def test_views_before_1900_are_refused_in_one_line(
    cli: Invoke, frozen: object, args: list[str]
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.err_lines == [result.err_lines[0]] and "before 1900" in result.stderr
