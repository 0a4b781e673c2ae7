"""Trends: month-by-month counts, the ratio, rituals kept and love languages, from plain rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from sparklog.core.entries import Kind, Lang
from sparklog.core.rituals import Cadence, Ritual
from sparklog.core.trends import (
    EntryCount,
    RitualDays,
    build_trends,
    month_key,
    months_ending,
    window_start,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


def days(first: str, last: str) -> frozenset[date]:
    start, end = d(first), d(last)
    return frozenset(start + timedelta(days=n) for n in range((end - start).days + 1))


def ritual(cadence: Cadence, created: str, **kwargs: object) -> Ritual:
    return Ritual("r1", "Walk", cadence, d(created), **kwargs)  # type: ignore[arg-type]


def kept_of(today: str, *items: RitualDays, week_start: int = 0) -> dict[str, int | None]:
    trends = build_trends(d(today), [], items, months=3, week_start=week_start)
    return {m.month: m.rituals_kept for m in trends.months}


@pytest.mark.parametrize(
    ("today", "months", "first", "last"),
    [
        ("2026-11-21", 12, "2025-12-01", "2026-11-01"),
        ("2026-11-21", 1, "2026-11-01", "2026-11-01"),
        ("2027-01-05", 3, "2026-11-01", "2027-01-01"),
        ("2026-12-31", 24, "2025-01-01", "2026-12-01"),
    ],
)
def test_the_last_n_months_end_with_the_current_one(
    today: str, months: int, first: str, last: str
) -> None:
    found = months_ending(d(today), months)
    assert (len(found), found[0], found[-1]) == (months, d(first), d(last))
    assert found == sorted(set(found))
    assert window_start(d(today), months) == d(first)
    assert [m.month for m in build_trends(d(today), [], months=months).months] == [
        month_key(m) for m in found
    ]


def test_entries_counted_per_month() -> None:
    counts = [
        EntryCount("2026-11", Kind.GRATITUDE, 4, lang=Lang.WORDS),
        EntryCount("2026-11", Kind.GRATITUDE, 2),
        EntryCount("2026-11", Kind.THREE, 6, lang=Lang.ACTS),
        EntryCount("2026-11", Kind.OBSERVATION, 9, positive=True, lang=Lang.ACTS),
        EntryCount("2026-11", Kind.OBSERVATION, 2, positive=False, lang=Lang.TOUCH),
        EntryCount("2026-10", Kind.OBSERVATION, 3, positive=True),
        EntryCount("2025-01", Kind.GRATITUDE, 50),  # outside the window: left out
    ]
    trends = build_trends(d("2026-11-21"), counts, months=2)
    assert trends.to_json() == {
        "months": [
            {"month": "2026-10", "appreciations": 0, "positive": 3, "negative": 0,
             "ratio": None, "rituals_kept": None, "love_languages": {}},
            {"month": "2026-11", "appreciations": 12, "positive": 9, "negative": 2,
             "ratio": 4.5, "rituals_kept": None, "love_languages": {"acts": 15, "words": 4}},
        ]
    }  # fmt: skip
    assert not trends.is_empty
    assert build_trends(d("2026-11-21"), counts[-1:], months=2).is_empty


def test_a_daily_ritual_kept_half_of_its_days() -> None:
    item = RitualDays(
        ritual(Cadence.daily(), "2026-11-01"), d("2026-11-01"), days("2026-11-01", "2026-11-10")
    )
    # Nov 1..20 were due (today, the 21st, is still open): 10 of 20.
    assert kept_of("2026-11-21", item)["2026-11"] == 50
    kept_today = RitualDays(item.ritual, item.started, item.kept | {d("2026-11-21")})
    assert kept_of("2026-11-21", kept_today)["2026-11"] == round(100 * 11 / 21)


def test_months_before_a_ritual_began_ask_nothing() -> None:
    item = RitualDays(
        ritual(Cadence.daily(), "2026-10-15"), d("2026-10-15"), days("2026-10-15", "2026-10-31")
    )
    assert kept_of("2026-11-21", item) == {"2026-09": None, "2026-10": 100, "2026-11": 0}


def test_paused_and_not_due_days_ask_nothing_but_a_day_kept_in_a_pause_counts() -> None:
    weekdays = ritual(
        Cadence.weekdays(), "2026-11-01", pauses=((d("2026-11-09"), d("2026-11-13")),)
    )
    # Weekdays Nov 2..20: 15, minus the paused week (5) = 10 asked; kept 5 of them,
    # one weekend day (not due: ignored), and a paused Wednesday (counts, due and kept).
    kept = days("2026-11-02", "2026-11-06") | {d("2026-11-07"), d("2026-11-11")}
    item = RitualDays(weekdays, d("2026-11-01"), kept)
    assert kept_of("2026-11-21", item)["2026-11"] == round(100 * 6 / 11)


def test_an_archived_ritual_stops_asking_on_its_archive_day() -> None:
    archived = ritual(Cadence.daily(), "2026-10-01", archived=d("2026-10-10"))
    item = RitualDays(archived, d("2026-10-01"), days("2026-10-01", "2026-10-05"))
    assert kept_of("2026-11-21", item) == {"2026-09": None, "2026-10": 50, "2026-11": None}


def test_a_weekly_ritual_counts_its_target_per_week_and_the_open_week_only_what_was_done() -> None:
    weekly = ritual(Cadence.weekly(2), "2026-11-02")  # a Monday
    kept = frozenset(
        {d("2026-11-03"), d("2026-11-05"), d("2026-11-06"), d("2026-11-10"), d("2026-11-17")}
    )
    item = RitualDays(weekly, d("2026-11-02"), kept)
    # Weeks of Nov 2 (3 kept, target 2), Nov 9 (1 of 2), Nov 16 (open: 1 done).
    assert kept_of("2026-11-21", item)["2026-11"] == round(100 * 4 / 5)


def test_a_week_across_two_months_counts_where_most_of_it_lies() -> None:
    weekly = ritual(Cadence.weekly(1), "2026-10-01")
    item = RitualDays(weekly, d("2026-10-01"), frozenset({d("2026-11-01")}))  # a Sunday
    # Monday weeks: Oct 26..Nov 1 is mostly October, and is kept there.
    monday = kept_of("2026-11-21", item)
    # Sunday weeks: Nov 1..7 is November's; October's last week (Oct 25..31) was missed.
    sunday = kept_of("2026-11-21", item, week_start=6)
    assert monday["2026-10"] == round(100 * 1 / 5) and monday["2026-11"] == 0
    # Sunday weeks from Nov 1: kept, missed, and the open week of Nov 15..21 asks nothing yet.
    assert sunday["2026-10"] == 0 and sunday["2026-11"] == 50
    # The week a ritual begins in counts where its own days lie, not in the month before.
    assert monday["2026-09"] is None and sunday["2026-09"] is None


def test_nothing_due_is_null_not_zero() -> None:
    assert kept_of("2026-11-21") == {"2026-09": None, "2026-10": None, "2026-11": None}
    created_today = RitualDays(ritual(Cadence.daily(), "2026-11-21"), d("2026-11-21"))
    assert kept_of("2026-11-21", created_today)["2026-11"] is None


CADENCES = st.sampled_from(
    [Cadence.daily(), Cadence.weekdays(), Cadence.on(frozenset({0, 3})), Cadence.weekly(2)]
)
WINDOW = (d("2026-06-01"), d("2026-11-21"))


@given(
    cadence=CADENCES,
    created=st.dates(min_value=d("2026-01-01"), max_value=WINDOW[1]),
    kept=st.frozensets(st.dates(min_value=d("2026-01-01"), max_value=WINDOW[1]), max_size=80),
    extra=st.dates(min_value=d("2026-01-01"), max_value=WINDOW[1]),
    week_start=st.sampled_from([0, 6]),
)
def test_a_check_off_never_lowers_a_month_and_every_share_is_a_percentage(
    cadence: Cadence, created: date, kept: frozenset[date], extra: date, week_start: int
) -> None:
    item = Ritual("r1", "Walk", cadence, created)
    started = min([created, *kept])
    # A check-off before the history's start would move the start; see the streak engine.
    more = kept | {max(extra, started)}
    before, after = (
        build_trends(
            WINDOW[1], [], [RitualDays(item, started, done)], months=6, week_start=week_start
        )
        for done in (kept, more)
    )
    for old, new in zip(before.months, after.months, strict=True):
        assert old.kept <= old.due and new.kept <= new.due
        if old.rituals_kept is not None:
            assert new.rituals_kept is not None and new.rituals_kept >= old.rituals_kept
