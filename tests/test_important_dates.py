"""Important dates: next occurrences, years marked, milestones, the upcoming lines, names."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from sparklog.core.important_dates import (
    MILESTONES,
    UPCOMING_DAYS,
    ImportantDate,
    Upcoming,
    countdown,
    date_list,
    match_date,
    new_date,
    nudge_line,
    upcoming,
)
from sparklog.core.names import clean_name
from sparklog.errors import Conflict, InvalidDate, InvalidText, NotFound, UsageError

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("day", "yearly", "today", "next_", "in_days", "years"),
    [
        ("2019-06-14", True, "2026-06-10", "2026-06-14", 4, 7),
        ("2019-06-14", True, "2026-06-14", "2026-06-14", 0, 7),
        ("2019-06-14", True, "2026-06-15", "2027-06-14", 364, 8),
        ("2020-01-02", True, "2026-12-31", "2027-01-02", 2, 7),  # across a year end
        ("2020-12-31", True, "2026-12-31", "2026-12-31", 0, 6),
        # Feb 29 falls on Feb 28 in a common year, and on Feb 29 in a leap one.
        ("2024-02-29", True, "2026-02-01", "2026-02-28", 27, 2),
        ("2024-02-29", True, "2026-02-28", "2026-02-28", 0, 2),
        ("2024-02-29", True, "2026-03-01", "2027-02-28", 364, 3),
        ("2024-02-29", True, "2027-03-01", "2028-02-29", 365, 4),
        ("2024-02-29", True, "2028-02-28", "2028-02-29", 1, 4),
        ("2024-02-29", True, "2024-02-29", "2024-02-29", 0, 0),
        # A yearly date still ahead first comes on its own day, marking 0 years.
        ("2027-06-05", True, "2026-11-21", "2027-06-05", 196, 0),
        # A one-off comes once, and has no years.
        ("2026-12-01", False, "2026-11-21", "2026-12-01", 10, None),
        ("2026-11-21", False, "2026-11-21", "2026-11-21", 0, None),
    ],
)
def test_next_occurrence_days_until_and_years(
    day: str, yearly: bool, today: str, next_: str, in_days: int, years: int | None
) -> None:
    row = countdown(ImportantDate("x", d(day), yearly=yearly), d(today))
    assert (row.next, row.in_days, row.years) == (d(next_), in_days, years)


def test_a_past_one_off_has_no_next_occurrence() -> None:
    row = countdown(ImportantDate("Lisbon", d("2025-05-01"), yearly=False), d("2026-11-21"))
    assert (row.next, row.in_days, row.years) == (None, None, None)


@given(day=DAYS, today=DAYS)
def test_a_yearly_date_comes_round_within_a_year_on_its_month_and_day(
    day: date, today: date
) -> None:
    important = ImportantDate("x", day)
    next_day = important.next_on_or_after(today)
    assert next_day is not None and next_day >= today
    if day <= today:
        assert (next_day - today).days <= 365
        assert next_day.year in (today.year, today.year + 1)
    else:
        assert next_day == day
    if (day.month, day.day) == (2, 29) and not calendar.isleap(next_day.year):
        assert (next_day.month, next_day.day) == (2, 28)
    else:
        assert (next_day.month, next_day.day) == (day.month, day.day)
    assert countdown(important, today).years == next_day.year - day.year
    # Nothing in between: the day before the next occurrence still points at it.
    if next_day > today:
        assert important.next_on_or_after(next_day - timedelta(days=1)) == next_day


def test_the_together_date_has_day_milestones() -> None:
    together = ImportantDate("Together", d("2024-01-01"), together=True)
    assert together.milestones()[:3] == [
        (100, d("2024-04-10")),
        (500, d("2025-05-15")),
        (1000, d("2026-09-27")),
    ]
    assert [days for days, _ in together.milestones()] == list(MILESTONES)
    assert ImportantDate("Birthday", d("2024-01-01")).milestones() == []


def test_upcoming_dates_and_milestones_in_the_next_14_days() -> None:
    today = d("2026-09-20")  # a Sunday
    dates = [
        ImportantDate("Together", d("2024-01-01"), together=True),  # 1000 days on 27 Sep
        ImportantDate("First date", d("2019-09-24")),
        ImportantDate("Sam's birthday", d("1990-09-20")),
        ImportantDate("Lisbon trip", d("2026-09-21"), yearly=False),
        ImportantDate("Too far", d("2020-10-05")),  # 15 days ahead
        ImportantDate("Gone by", d("2026-09-01"), yearly=False),
    ]
    assert [item.text for item in upcoming(dates, today)] == [
        "Sam's birthday: 36 years today",
        "Lisbon trip tomorrow, Mon 21 Sep",
        "First date: 7 years on Thu 24 Sep, in 4 days",
        "Together: 1000 days on Sun 27 Sep, in 7 days",
    ]
    assert upcoming(dates, d("2026-09-21"), within=UPCOMING_DAYS)[-1].text == (
        "Too far: 6 years on Mon 5 Oct, in 14 days"
    )


def test_one_year_and_a_first_yearly_occurrence_read_naturally() -> None:
    assert Upcoming("Wedding", d("2026-06-14"), 4, years=1).text == (
        "Wedding: 1 year on Sun 14 Jun, in 4 days"
    )
    assert Upcoming("Wedding", d("2026-06-14"), 4, years=0).text == (
        "Wedding on Sun 14 Jun, in 4 days"
    )


def test_upcoming_json_carries_the_words_and_the_numbers() -> None:
    item = upcoming([ImportantDate("First date", d("2019-06-14"))], d("2026-06-10"))[0]
    assert item.to_json() == {
        "name": "First date",
        "date": "2026-06-14",
        "in_days": 4,
        "years": 7,
        "milestone": None,
        "text": "First date: 7 years on Sun 14 Jun, in 4 days",
    }


@given(today=DAYS, day=DAYS, together=st.booleans(), yearly=st.booleans())
def test_upcoming_holds_only_today_to_14_days_ahead(
    today: date, day: date, together: bool, yearly: bool
) -> None:
    found = upcoming([ImportantDate("x", day, yearly=yearly, together=together)], today)
    assert all(0 <= item.in_days <= UPCOMING_DAYS for item in found)
    assert all(item.day == today + timedelta(days=item.in_days) for item in found)
    assert [item.in_days for item in found] == sorted(item.in_days for item in found)


def test_nudge_speaks_on_the_day_and_the_day_before_only() -> None:
    dates = [ImportantDate("First date", d("2019-06-14"))]
    assert nudge_line(dates, d("2026-06-14")) == "First date: 7 years today."
    assert nudge_line(dates, d("2026-06-13")) == "First date: 7 years tomorrow, Sun 14 Jun."
    assert nudge_line(dates, d("2026-06-12")) is None
    assert nudge_line(dates, d("2026-06-15")) is None
    both = [*dates, ImportantDate("Together", d("2016-09-18"), together=True)]  # +10000 days
    assert nudge_line(both, d("2044-02-02")) is None
    assert nudge_line(both, d("2044-02-03")) == "Together: 10000 days tomorrow, Thu 4 Feb."


# --- dates list -----------------------------------------------------------------------


def test_dates_list_json_soonest_first_and_past_one_offs_last() -> None:
    today = d("2026-11-21")
    listing = date_list(
        [
            ImportantDate("Lisbon", d("2025-05-01"), yearly=False),
            ImportantDate("Together", d("2018-03-02"), together=True),
            ImportantDate("Sam", d("1990-11-25")),
            ImportantDate("Concert", d("2026-12-05"), yearly=False),
        ],
        today,
    )
    assert listing.to_json() == [
        {"name": "Sam", "date": "1990-11-25", "yearly": True, "next": "2026-11-25",
         "in_days": 4, "years": 36},
        {"name": "Concert", "date": "2026-12-05", "yearly": False, "next": "2026-12-05",
         "in_days": 14, "years": None},
        {"name": "Together", "date": "2018-03-02", "yearly": True, "next": "2027-03-02",
         "in_days": 101, "years": 9},
        {"name": "Lisbon", "date": "2025-05-01", "yearly": False, "next": None,
         "in_days": None, "years": None},
    ]  # fmt: skip


def test_a_date_round_trips_through_its_json() -> None:
    important = ImportantDate("Wedding", d("2020-02-29"), yearly=True, together=True)
    assert ImportantDate.from_json(important.to_json()) == important


# --- names and adding -----------------------------------------------------------------


def test_a_new_date_takes_a_clean_name_and_its_flags() -> None:
    added = new_date([], "  First   date ", d("2019-06-14"), today=d("2026-11-21"), once=False)
    assert added == ImportantDate("First date", d("2019-06-14"), yearly=True, together=False)
    trip = new_date([added], "Lisbon", d("2027-04-01"), today=d("2026-11-21"), once=True)
    assert (trip.yearly, trip.together) == (False, False)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "the date name is empty"),
        ("a" * 61, "the date name is 61 characters; the limit is 60"),
        ("Sam\x1b[31m", "control character"),
        ("Sam\u202e", "control character"),
    ],
)
def test_a_bad_name_is_one_clear_error(name: str, message: str) -> None:
    with pytest.raises(InvalidText, match=message.replace("[", r"\[")):
        new_date([], name, d("2020-01-01"), today=d("2026-11-21"))


def test_names_follow_the_ritual_rules() -> None:
    assert clean_name(" Date \t night ", "date name") == "Date night"
    assert clean_name("a" * 60, "date name") == "a" * 60


def test_a_taken_name_in_any_case_is_refused() -> None:
    existing = [ImportantDate("First date", d("2019-06-14"))]
    with pytest.raises(Conflict, match="already a date called 'First date'"):
        new_date(existing, "FIRST DATE", d("2020-01-01"), today=d("2026-11-21"))


def test_only_one_together_date_and_never_in_the_future() -> None:
    today = d("2026-11-21")
    existing = [ImportantDate("Together", d("2018-03-02"), together=True)]
    with pytest.raises(Conflict, match="'Together' is already the together date"):
        new_date(existing, "Met", d("2018-01-01"), today=today, together=True)
    with pytest.raises(InvalidDate, match="in the future"):
        new_date([], "Met", d("2026-11-22"), today=today, together=True)
    assert new_date([], "Met", today, today=today, together=True).together
    with pytest.raises(InvalidDate, match="before 1900"):
        new_date([], "Old", d("1899-12-31"), today=today)


def test_names_match_exactly_or_by_unique_prefix_in_any_case() -> None:
    dates = [
        ImportantDate("First date", d("2019-06-14")),
        ImportantDate("First kiss", d("2019-06-20")),
        ImportantDate("Sam's birthday", d("1990-11-25")),
        ImportantDate("Sam", d("2000-01-01")),
    ]
    assert match_date(dates, "first d").name == "First date"
    assert match_date(dates, "SAM'S").name == "Sam's birthday"
    assert match_date(dates, "sam").name == "Sam", "an exact name wins over a prefix"
    with pytest.raises(UsageError, match="could mean First date, First kiss"):
        match_date(dates, "first")
    with pytest.raises(NotFound, match="did you mean 'First kiss'"):
        match_date(dates, "frist kiss")
    with pytest.raises(NotFound, match="there are none yet"):
        match_date([], "anything")
    with pytest.raises(UsageError, match="give a date name"):
        match_date(dates, "  ")
