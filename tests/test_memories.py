"""On this day: the past days `memories` reads, and the `--random` choice."""

from __future__ import annotations

import calendar
import itertools
import random
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import assume, given, settings, strategies as st

from sparklog.core import memories
from sparklog.core.entries import Entry, Kind
from sparklog.core.memories import (
    NO_REPEAT_DAYS,
    Lookback,
    block_start,
    lookback_days,
    lookbacks,
    month_before,
    on_this_day,
    random_candidates_before,
    random_pick,
)

DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))


def d(text: str) -> date:
    return date.fromisoformat(text)


def year_lookbacks(day: date, earliest: date) -> list[Lookback]:
    return [lb for lb in lookbacks(day, earliest) if "year" in lb.label]


# --- which days ------------------------------------------------------------------------


def test_a_week_a_month_and_every_year_back_to_the_first_entry() -> None:
    found = lookbacks(d("2026-11-21"), d("2022-06-30"))
    assert [(lb.day.isoformat(), lb.label) for lb in found] == [
        ("2026-11-14", "a week ago"),
        ("2026-10-21", "a month ago"),
        ("2025-11-21", "a year ago"),
        ("2024-11-21", "2 years ago"),
        ("2023-11-21", "3 years ago"),
        ("2022-11-21", "4 years ago"),
    ]


@pytest.mark.parametrize(
    ("day", "month_ago"),
    [
        ("2026-03-31", "2026-02-28"),  # February is shorter: its last day
        ("2024-03-31", "2024-02-29"),  # ... which is the 29th in a leap year
        ("2026-03-29", "2026-02-28"),
        ("2024-03-29", "2024-02-29"),
        ("2026-03-28", "2026-02-28"),
        ("2026-05-31", "2026-04-30"),
        ("2026-07-31", "2026-06-30"),
        ("2026-08-31", "2026-07-31"),
        ("2026-01-15", "2025-12-15"),  # across a year end
        ("2027-01-31", "2026-12-31"),
        ("2026-02-28", "2026-01-28"),
        ("2028-02-29", "2028-01-29"),
    ],
)
def test_a_month_ago_is_the_same_day_or_the_last_of_a_shorter_month(
    day: str, month_ago: str
) -> None:
    assert month_before(d(day)) == d(month_ago)
    assert Lookback(d(month_ago), "a month ago") in lookbacks(d(day), d("2000-01-01"))


def test_a_week_ago_crosses_a_year_end() -> None:
    assert lookbacks(d("2027-01-03"), d("2026-01-01"))[:2] == [
        Lookback(d("2026-12-27"), "a week ago"),
        Lookback(d("2026-12-03"), "a month ago"),
    ]


def test_feb_28_of_a_common_year_also_remembers_the_feb_29s() -> None:
    assert [
        (lb.day.isoformat(), lb.label) for lb in year_lookbacks(d("2026-02-28"), d("2019-01-01"))
    ] == [
        ("2025-02-28", "a year ago"),
        ("2024-02-29", "2 years ago"),
        ("2024-02-28", "2 years ago"),
        ("2023-02-28", "3 years ago"),
        ("2022-02-28", "4 years ago"),
        ("2021-02-28", "5 years ago"),
        ("2020-02-29", "6 years ago"),
        ("2020-02-28", "6 years ago"),
        ("2019-02-28", "7 years ago"),
    ]


def test_feb_28_of_a_leap_year_leaves_the_feb_29s_for_the_next_day() -> None:
    days = [lb.day.isoformat() for lb in year_lookbacks(d("2028-02-28"), d("2023-01-01"))]
    assert days == ["2027-02-28", "2026-02-28", "2025-02-28", "2024-02-28", "2023-02-28"]


def test_feb_29_remembers_only_earlier_feb_29s() -> None:
    found = lookbacks(d("2028-02-29"), d("2019-01-01"))
    assert [(lb.day.isoformat(), lb.label) for lb in found] == [
        ("2028-02-22", "a week ago"),
        ("2028-01-29", "a month ago"),
        ("2024-02-29", "4 years ago"),
        ("2020-02-29", "8 years ago"),
    ]


def test_march_1_does_not_pick_up_feb_29() -> None:
    assert [lb.day for lb in year_lookbacks(d("2025-03-01"), d("2024-01-01"))] == [d("2024-03-01")]


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027, 2028])
def test_every_past_day_is_remembered_exactly_once_a_year(year: int) -> None:
    """Across all the days of one year, each earlier day comes up once, on its anniversary."""
    earliest = d("2015-01-01")
    seen: dict[date, list[date]] = {}
    day = date(year, 1, 1)
    while day.year == year:
        for lb in year_lookbacks(day, earliest):
            seen.setdefault(lb.day, []).append(day)
        day += timedelta(days=1)
    past = earliest
    while past.year < year:
        try:
            expected = past.replace(year=year)
        except ValueError:  # Feb 29 in a common year
            expected = date(year, 2, 28)
        assert seen.get(past) == [expected], past
        past += timedelta(days=1)


def test_nothing_before_the_first_entry_is_asked_for() -> None:
    assert lookback_days(d("2026-11-21"), d("2026-11-10")) == [d("2026-11-14")]
    assert lookback_days(d("2026-11-21"), d("2026-11-15")) == []
    assert lookback_days(d("2026-11-21"), d("2026-10-21")) == [d("2026-11-14"), d("2026-10-21")]
    assert lookback_days(d("2026-11-21"), None) == []


@given(day=DAYS, earliest=DAYS)
def test_the_days_are_newest_first_bounded_and_inside_the_journal(
    day: date, earliest: date
) -> None:
    found = lookback_days(day, earliest)
    assert found == sorted(set(found), reverse=True), "newest first, each once"
    assert all(earliest <= past < day for past in found)
    assert len(found) <= 2 + 2 * max(0, day.year - earliest.year)


@given(day=DAYS)
def test_each_year_lookback_falls_on_the_same_month_and_day(day: date) -> None:
    for lb in year_lookbacks(day, date(1900, 1, 1)):
        years = day.year - lb.day.year
        assert lb.label == ("a year ago" if years == 1 else f"{years} years ago")
        if (lb.day.month, lb.day.day) == (2, 29):
            assert (day.month, day.day) in ((2, 29), (2, 28))
            assert day.day == 29 or not calendar.isleap(day.year)
        else:
            assert (lb.day.month, lb.day.day) == (day.month, day.day)


def entry(id_: str, day: str, text: str, kind: Kind = Kind.GRATITUDE, hour: int = 21) -> Entry:
    written = datetime.fromisoformat(f"{day}T{hour:02d}:00:00").replace(tzinfo=UTC)
    return Entry(id_, kind, d(day), written, text, slot=1 if kind is Kind.THREE else None)


def test_entries_are_grouped_under_their_past_days_newest_first() -> None:
    found = on_this_day(
        d("2026-11-21"),
        d("2024-01-01"),
        [
            entry("a", "2025-11-21", "Pancakes on a Friday", hour=9),
            entry("b", "2025-11-21", "You fixed the bike", hour=20),
            entry("c", "2026-11-14", "A long walk by the river\nand soup after"),
            entry("x", "2026-11-01", "Not a day memories looks at"),
            entry("d", "2024-11-21", "Our first winter market", Kind.THREE),
        ],
    )
    assert [(m.label, [e.id for e in m.entries]) for m in found.memories] == [
        ("a week ago", ["c"]),
        ("a year ago", ["b", "a"]),
        ("2 years ago", ["d"]),
    ]
    assert found.headline == "A week ago: A long walk by the river"
    assert found.to_json()["memories"][1]["date"] == "2025-11-21"
    assert [e["id"] for e in found.to_json()["memories"][1]["entries"]] == ["b", "a"]


def test_an_empty_day_has_no_memories_and_no_headline() -> None:
    found = on_this_day(d("2026-11-21"), d("2020-01-01"), [entry("x", "2026-11-20", "Yesterday")])
    assert found.is_empty and found.headline is None
    assert found.to_json() == {"date": "2026-11-21", "memories": []}


# --- --random ----------------------------------------------------------------------------


def candidates_from(
    rng: random.Random, count: int, first: date, span: int
) -> list[tuple[str, date]]:
    return [
        (
            str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            first + timedelta(days=rng.randrange(span)),
        )
        for _ in range(count)
    ]


def test_nothing_to_pick_from_is_none() -> None:
    today = d("2026-11-21")
    assert random_pick(today, []) is None
    # Written today: not a past appreciation yet.
    assert random_pick(today, [("a", today)]) is None


def test_one_appreciation_from_yesterday_is_shown_at_once() -> None:
    """A young journal remembers from its second day, not after a 30-day wait."""
    today = d("2026-11-21")
    assert random_candidates_before(today) < today - timedelta(days=1)
    assert random_pick(today, [("a", today - timedelta(days=1)), ("b", today)]) == "a"


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), start=DAYS)
def test_a_new_journal_shows_something_every_day_from_its_second(seed: int, start: date) -> None:
    rng = random.Random(seed)
    history = candidates_from(rng, 40, start, 60)
    first = min(filed for _, filed in history)
    for n in range(1, 60):
        day = first + timedelta(days=n)
        known = [(id_, filed) for id_, filed in history if filed <= day]
        picked = random_pick(day, known)
        assert picked in {id_ for id_, filed in known if filed < day}, f"seed {seed}"


def test_the_choice_is_one_of_the_past_appreciations_and_the_same_all_day(
    rng: random.Random,
) -> None:
    today = d("2026-11-21")
    old = candidates_from(rng, 80, d("2024-01-01"), 600)
    chosen = random_pick(today, old)
    assert chosen in {id_ for id_, _ in old}
    # Writing more today, or earlier this block, does not move today's choice.
    start = block_start(today)
    later = [(f"new-{n}", start + timedelta(days=n % 30)) for n in range(40)]
    assert random_pick(today, old + later) == chosen
    assert random_pick(today, list(reversed(old))) == chosen, "order of the rows does not matter"


def test_the_choice_changes_from_day_to_day(rng: random.Random) -> None:
    old = candidates_from(rng, 100, d("2020-01-01"), 2000)
    picks = [random_pick(d("2026-11-01") + timedelta(days=n), old) for n in range(60)]
    assert all(a != b for a, b in itertools.pairwise(picks))
    assert len(set(picks)) >= NO_REPEAT_DAYS


def windows_without_repeats(picks: list[str | None]) -> bool:
    for start in range(len(picks)):
        window = [p for p in picks[start : start + NO_REPEAT_DAYS] if p is not None]
        if len(window) != len(set(window)):
            return False
    return True


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    count=st.integers(31, 120),
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
)
def test_no_appreciation_comes_back_within_30_days_once_there_are_more_than_30(
    seed: int, count: int, start: date
) -> None:
    """Over four months of a growing journal, from just over 30 appreciations on."""
    rng = random.Random(seed)
    history = candidates_from(rng, count, start - timedelta(days=400), 300)
    history += candidates_from(rng, 120, start, 120)
    picks: list[str | None] = []
    for n in range(120):
        day = start + timedelta(days=n)
        known = [(id_, filed) for id_, filed in history if filed <= day]
        # The promise holds once the circle the day walks holds more than 30.
        before = random_candidates_before(day)
        assume(sum(1 for _, filed in known if filed < before) > NO_REPEAT_DAYS)
        picks.append(random_pick(day, known))
    assert None not in picks
    assert windows_without_repeats(picks), f"seed {seed}"


def test_31_appreciations_go_round_before_any_returns() -> None:
    """The smallest journal the promise covers, across block edges, for a year."""
    rng = random.Random(31)
    old = candidates_from(rng, 31, d("2025-01-01"), 200)
    picks: list[str | None] = [
        random_pick(d("2026-01-01") + timedelta(days=n), old) for n in range(365)
    ]
    assert windows_without_repeats(picks)
    assert set(picks) == {id_ for id_, _ in old}


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(1, 30), start=DAYS)
def test_a_small_journal_shows_each_before_any_returns(seed: int, count: int, start: date) -> None:
    rng = random.Random(seed)
    old = candidates_from(rng, count, start - timedelta(days=2000), 1500)
    size = len({id_ for id_, _ in old})
    picks = [random_pick(start + timedelta(days=n), old) for n in range(90)]
    assert None not in picks
    for n in range(90):
        window = picks[n : n + size]
        assert len(set(window)) == len(window), f"seed {seed}"


def test_the_choice_needs_only_how_many_were_filed_in_each_block(rng: random.Random) -> None:
    """Which one is shown depends on the filing days alone, not on the ids: so the
    journal can count per block and read one entry, without reading every id."""
    old = candidates_from(rng, 500, d("2016-01-01"), 3650)
    ordered = sorted(old, key=lambda item: (item[1], item[0]))
    renamed = [(f"{n:04}", filed) for n, (_, filed) in enumerate(ordered)]
    rng.shuffle(renamed)
    place = {id_: n for n, (id_, _) in enumerate(ordered)}
    for day in (d("2026-11-21"), d("2027-02-28"), d("2046-11-21"), d("2126-11-21")):
        chosen = random_pick(day, old)
        assert chosen is not None
        assert random_pick(day, renamed) == f"{place[chosen]:04}"


@pytest.mark.parametrize("size", [1, 2, 3, 31, 64, 65, 1000, 4097])
def test_the_circle_counts_agree_with_its_order(size: int) -> None:
    """Which place stands at a rank, and how many stand at or before a place, are
    counted from the size alone; they agree with sorting by the reversed bits."""
    order = sorted(range(size), key=memories._reversed)
    assert [memories._at(size, rank) for rank in range(size)] == order
    for place in range(min(size + 3, 300)):
        assert memories._rank_after(size, place) == sum(
            1 for other in range(size) if memories._reversed(other) <= memories._reversed(place)
        )


def test_the_place_is_found_within_its_block() -> None:
    joins = {-3: 2, 0: 5, 7: 1}
    first = memories.BLOCK_EPOCH
    month = timedelta(days=30)
    assert memories.filed_in(joins, 0) == (first - 3 * month, first - 2 * month, 0)
    assert memories.filed_in(joins, 6) == (first, first + month, 4)
    assert memories.filed_in(joins, 7)[2] == 0
    with pytest.raises(ValueError):
        memories.filed_in(joins, 8)
