"""The streak engine and habit strength: fixed cases, then properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import event, given, strategies as st

from sparklog.core.rituals import Cadence, Ritual
from sparklog.core.streaks import (
    Streak,
    _Outcome,
    _steps,
    _streak_of,
    _strength_of,
    compute_streak,
    daily_streak,
    habit_strength,
    kept_walk,
    multiplier,
    ritual_status,
    unit_noun,
    usable_walk,
    walk_through,
)
from sparklog.errors import UsageError

D = date.fromisoformat


def span(first: str, last: str) -> list[date]:
    """Every day from first to last, both included."""
    start, end = D(first), D(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


WEEKLY = Cadence.weekly(1)
DAILY = Cadence.daily()
WEEKDAYS = Cadence.weekdays()
MON_THU = Cadence.parse("mon,thu")

CASES = [
    pytest.param(
        WEEKLY,
        ["2026-10-14", "2026-10-21", "2026-10-28", "2026-11-04", "2026-11-11", "2026-11-18"],
        "2026-11-21",
        {"start": D("2026-10-12")},
        Streak(6, 6, "week", False),
        id="weekly-kept-6-weeks-this-one-included",
    ),
    pytest.param(
        WEEKLY,
        ["2026-10-14", "2026-10-21", "2026-10-28", "2026-11-04", "2026-11-11"],
        "2026-11-21",
        {"start": D("2026-10-12")},
        Streak(5, 5, "week", True),
        id="weekly-this-week-still-open-is-at-risk",
    ),
    pytest.param(
        WEEKLY,
        ["2026-10-14", "2026-10-28", "2026-11-04", "2026-11-11", "2026-11-18"],
        "2026-11-21",
        {"start": D("2026-10-12")},
        Streak(4, 4, "week", False),
        id="weekly-a-missed-week-breaks",
    ),
    pytest.param(
        WEEKDAYS,
        span("2026-11-16", "2026-11-20"),
        "2026-11-22",
        {},
        Streak(5, 5, "day", False),
        id="weekdays-weekend-is-not-a-miss",
    ),
    pytest.param(
        WEEKDAYS,
        [*span("2026-11-09", "2026-11-13"), *span("2026-11-16", "2026-11-20"), D("2026-11-23")],
        "2026-11-23",
        {},
        Streak(11, 11, "day", False),
        id="weekdays-run-crosses-weekends",
    ),
    pytest.param(
        WEEKDAYS,
        span("2026-11-16", "2026-11-20"),
        "2026-11-23",
        {},
        Streak(5, 5, "day", True),
        id="weekdays-monday-open-after-a-weekend",
    ),
    pytest.param(
        MON_THU,
        ["2026-11-02", "2026-11-05", "2026-11-09", "2026-11-12", "2026-11-16", "2026-11-19"],
        "2026-11-19",
        {"start": D("2026-11-02")},
        Streak(6, 6, "day", False),
        id="mon-thu-three-weeks",
    ),
    pytest.param(
        MON_THU,
        ["2026-11-02", "2026-11-05", "2026-11-09", "2026-11-10", "2026-11-16", "2026-11-19"],
        "2026-11-21",
        {"start": D("2026-11-02")},
        Streak(2, 3, "day", False),
        id="mon-thu-tuesday-does-not-replace-thursday",
    ),
    pytest.param(
        DAILY,
        [*span("2026-11-04", "2026-11-08"), *span("2026-11-14", "2026-11-21")],
        "2026-11-21",
        {"pauses": [(D("2026-11-09"), D("2026-11-13"))]},
        Streak(13, 13, "day", False),
        id="daily-5-kept-5-paused-8-kept",
    ),
    pytest.param(
        DAILY,
        span("2026-11-10", "2026-11-19"),
        "2026-11-21",
        {},
        Streak(0, 10, "day", False),
        id="daily-missed-yesterday-today-open",
    ),
    pytest.param(
        DAILY,
        span("2026-11-10", "2026-11-20"),
        "2026-11-21",
        {"pauses": [(D("2026-11-21"), D("2026-11-30"))]},
        Streak(11, 11, "day", False),
        id="daily-paused-today-is-not-at-risk",
    ),
    pytest.param(
        DAILY,
        [],
        "2026-11-21",
        {"start": D("2026-11-21")},
        Streak(0, 0, "day", False),
        id="daily-new-ritual-nothing-to-lose",
    ),
    pytest.param(
        WEEKLY,
        ["2026-12-21", "2026-12-31", "2027-01-06"],
        "2027-01-07",
        {},
        Streak(3, 3, "week", False),
        id="weekly-across-a-year-end-with-iso-week-53",
    ),
    pytest.param(
        WEEKLY,
        ["2026-12-21", "2027-01-06"],
        "2027-01-07",
        {},
        Streak(1, 1, "week", False),
        id="weekly-missing-iso-week-53-breaks",
    ),
    pytest.param(
        Cadence.weekly(2),
        ["2026-12-22", "2026-12-24", "2026-12-30", "2027-01-02"],
        "2027-01-03",
        {},
        Streak(2, 2, "week", False),
        id="two-a-week-one-week-split-by-new-year",
    ),
    pytest.param(
        WEEKLY,
        ["2026-11-14", "2026-11-15"],
        "2026-11-21",
        {"week_start": 6},
        Streak(2, 2, "week", False),
        id="week-start-sunday-saturday-and-sunday-are-two-weeks",
    ),
    pytest.param(
        WEEKLY,
        ["2026-11-14", "2026-11-15"],
        "2026-11-21",
        {"week_start": 0},
        Streak(1, 1, "week", True),
        id="week-start-monday-saturday-and-sunday-are-one-week",
    ),
    pytest.param(
        Cadence.weekly(2),
        ["2026-11-03", "2026-11-05", "2026-11-13", "2026-11-17", "2026-11-19"],
        "2026-11-21",
        {"pauses": [(D("2026-11-09"), D("2026-11-12"))]},
        Streak(3, 3, "week", False),
        id="partly-paused-week-needs-a-scaled-target",
    ),
    pytest.param(
        Cadence.weekly(2),
        ["2026-11-03", "2026-11-05", "2026-11-17", "2026-11-19"],
        "2026-11-21",
        {"pauses": [(D("2026-11-09"), D("2026-11-15"))]},
        Streak(2, 2, "week", False),
        id="fully-paused-week-is-skipped",
    ),
    pytest.param(
        Cadence.weekly(3),
        ["2026-11-14"],
        "2026-11-21",
        {"start": D("2026-11-14")},
        Streak(0, 0, "week", False),
        id="first-partial-week-unmet-does-not-break",
    ),
]


@pytest.mark.parametrize(("cadence", "done", "today", "options", "expected"), CASES)
def test_streak_cases(
    cadence: Cadence,
    done: list[str | date],
    today: str,
    options: dict[str, object],
    expected: Streak,
) -> None:
    days = [D(day) if isinstance(day, str) else day for day in done]
    assert compute_streak(days, cadence, D(today), **options) == expected  # type: ignore[arg-type]


def test_gratitude_streak_with_today_empty_is_at_risk_not_broken() -> None:
    streak = daily_streak(span("2026-11-15", "2026-11-20"), D("2026-11-21"))
    assert streak == Streak(6, 6, "day", True)
    kept = daily_streak(span("2026-11-15", "2026-11-21"), D("2026-11-21"))
    assert kept == Streak(7, 7, "day", False)


def test_a_2026_week_53_really_exists() -> None:
    assert D("2026-12-31").isocalendar()[:2] == (2026, 53)


@pytest.mark.parametrize(
    ("text", "label", "unit", "target"),
    [
        ("daily", "daily", "day", 7),
        ("Weekdays", "weekdays", "day", 5),
        ("thu,mon", "mon,thu", "day", 2),
        ("Monday Thursday", "mon,thu", "day", 2),
        ("mon,tue,wed,thu,fri", "weekdays", "day", 5),
        ("2/week", "2/week", "week", 2),
        ("3x a week", "3/week", "week", 3),
    ],
)
def test_cadence_parse(text: str, label: str, unit: str, target: int) -> None:
    cadence = Cadence.parse(text)
    assert (cadence.label, cadence.unit, cadence.weekly_target) == (label, unit, target)
    assert Cadence.parse(cadence.label) == cadence


@pytest.mark.parametrize("text", ["", "often", "0/week", "8/week", "mon,funday"])
def test_cadence_parse_refuses_nonsense(text: str) -> None:
    with pytest.raises(UsageError):
        Cadence.parse(text)


def test_strength_after_months_kept_one_miss_is_a_dip_not_a_zero() -> None:
    today = D("2026-11-21")
    kept = [today - timedelta(days=i) for i in range(121)]
    full = habit_strength(kept, DAILY, today)
    assert full >= 99
    yesterday = today - timedelta(days=1)
    dipped = habit_strength([day for day in kept if day != yesterday], DAILY, today)
    assert 90 <= dipped < full
    # It recovers as the ritual is kept again.
    later = today + timedelta(days=10)
    again = [day for day in kept if day != yesterday] + span("2026-11-22", "2026-12-01")
    assert dipped < habit_strength(again, DAILY, later) <= full
    # Today still open is not a miss.
    assert habit_strength(kept[1:], DAILY, today) == habit_strength(kept[1:], DAILY, yesterday)


def test_strength_is_zero_for_a_never_kept_ritual_and_ignores_the_open_day() -> None:
    today = D("2026-11-21")
    assert habit_strength([], DAILY, today, start=today - timedelta(days=30)) == 0
    assert habit_strength([], DAILY, today, start=today) == 0


def test_strength_scales_with_the_cadence() -> None:
    """A half-life of 13 days for daily, about 4.9 weeks for once a week."""
    assert multiplier(DAILY) ** 13 == pytest.approx(0.5)
    assert multiplier(WEEKLY) ** (13 / 7**0.5) == pytest.approx(0.5)
    # Half a year of weekly dates reads about as strong as a month of daily ones
    # would not: rare habits take longer to build.
    today = D("2026-11-21")
    weeks = [today - timedelta(weeks=i) for i in range(26)]
    assert habit_strength(weeks, WEEKLY, today) >= 95


def test_ritual_status_due_today_and_weekly_target() -> None:
    today = D("2026-11-21")  # a Saturday
    twice = Ritual("r1", "Walk", Cadence.weekly(2), D("2026-11-01"))
    status = ritual_status(twice, [D("2026-11-17")], today)
    assert (status.due_today, status.done_this_week, status.done_today) == (True, 1, False)
    met = ritual_status(twice, [D("2026-11-17"), D("2026-11-18")], today)
    assert met.due_today is False
    weekdays = Ritual("r2", "Coffee", WEEKDAYS, D("2026-11-01"))
    assert ritual_status(weekdays, [], today).due_today is False
    archived = Ritual("r3", "Old", DAILY, D("2026-11-01"), archived=D("2026-11-10"))
    gone = ritual_status(archived, span("2026-11-01", "2026-11-10"), today)
    assert gone.due_today is False
    assert gone.streak == Streak(10, 10, "day", False)
    paused = Ritual("r4", "Tea", DAILY, D("2026-11-01"), pauses=((today, today),))
    assert ritual_status(paused, [], today).due_today is False


def test_ritual_json_shape() -> None:
    ritual = Ritual("id-1", "Date night", Cadence.weekly(1), D("2026-11-01"))
    status = ritual_status(ritual, [D("2026-11-18")], D("2026-11-21"))
    assert status.to_json() == {
        "id": "id-1",
        "name": "Date night",
        "cadence": "1/week",
        "created": "2026-11-01",
        "archived": None,
        "streak": {"current": 1, "best": 1, "unit": "week", "at_risk": False},
        "strength": status.strength,
    }


# --- properties -------------------------------------------------------------

TODAY = D("2026-11-21")
WINDOW = 70

cadences = st.sampled_from(
    [DAILY, WEEKDAYS, MON_THU, Cadence.parse("sat"), *(Cadence.weekly(n) for n in (1, 2, 3, 7))]
)
days_in_window = st.integers(min_value=-WINDOW, max_value=3).map(
    lambda offset: TODAY + timedelta(days=offset)
)
done_sets = st.lists(days_in_window, max_size=60)
pauses_st = st.lists(
    st.tuples(days_in_window, st.integers(min_value=0, max_value=12)).map(
        lambda p: (p[0], p[0] + timedelta(days=p[1]))
    ),
    max_size=3,
)
options_st = st.fixed_dictionaries(
    {
        "week_start": st.sampled_from([0, 6]),
        "start": st.one_of(st.none(), days_in_window),
    }
)
todays = st.integers(min_value=-8, max_value=0).map(lambda offset: TODAY + timedelta(days=offset))


@given(cadences, done_sets, days_in_window, pauses_st, options_st, todays)
def test_adding_a_check_off_never_lowers_current_or_best(
    cadence: Cadence,
    done: list[date],
    extra: date,
    pauses: list[tuple[date, date]],
    options: dict[str, object],
    today: date,
) -> None:
    before = compute_streak(done, cadence, today, pauses=pauses, **options)  # type: ignore[arg-type]
    after = compute_streak([*done, extra], cadence, today, pauses=pauses, **options)  # type: ignore[arg-type]
    assert after.current >= before.current
    assert after.best >= before.best


@given(cadences, done_sets, pauses_st, options_st, todays)
def test_best_is_at_least_current(
    cadence: Cadence,
    done: list[date],
    pauses: list[tuple[date, date]],
    options: dict[str, object],
    today: date,
) -> None:
    streak = compute_streak(done, cadence, today, pauses=pauses, **options)  # type: ignore[arg-type]
    assert streak.best >= streak.current >= 0
    assert not (streak.at_risk and streak.current == 0)
    assert 0 <= habit_strength(done, cadence, today, pauses=pauses, **options) <= 100  # type: ignore[arg-type]


@given(cadences, done_sets, pauses_st, days_in_window, st.integers(0, 20), options_st, todays)
def test_adding_a_pause_never_lowers_current(
    cadence: Cadence,
    done: list[date],
    pauses: list[tuple[date, date]],
    pause_first: date,
    pause_length: int,
    options: dict[str, object],
    today: date,
) -> None:
    more = [*pauses, (pause_first, pause_first + timedelta(days=pause_length))]
    before = compute_streak(done, cadence, today, pauses=pauses, **options)  # type: ignore[arg-type]
    after = compute_streak(done, cadence, today, pauses=more, **options)  # type: ignore[arg-type]
    assert after.current >= before.current
    assert after.best >= before.best


@given(cadences, done_sets, pauses_st, options_st, todays, st.randoms(use_true_random=False))
def test_the_order_days_were_recorded_in_does_not_matter(
    cadence: Cadence,
    done: list[date],
    pauses: list[tuple[date, date]],
    options: dict[str, object],
    today: date,
    rng: object,
) -> None:
    shuffled = [*done, *done[:3]]
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    kwargs = {"pauses": pauses, **options}
    assert compute_streak(done, cadence, today, **kwargs) == compute_streak(  # type: ignore[arg-type]
        shuffled, cadence, today, **kwargs
    )
    assert habit_strength(done, cadence, today, **kwargs) == habit_strength(  # type: ignore[arg-type]
        shuffled, cadence, today, **kwargs
    )


def test_days_given_as_a_one_pass_iterator_count_like_a_set() -> None:
    days = [D("2026-11-19"), D("2026-11-20"), D("2026-11-21")]
    expected = daily_streak(set(days), D("2026-11-21"))
    assert expected.current == 3
    assert daily_streak(iter(days), D("2026-11-21")) == expected
    assert compute_streak((d for d in days), DAILY, D("2026-11-21")) == expected


# --- a skipped day is a one-day pause ----------------------------------------------


skipped_days = st.lists(days_in_window, min_size=1, max_size=4)


@given(cadences, done_sets, pauses_st, skipped_days, st.sampled_from([0, 6]), todays)
def test_a_skip_counts_exactly_as_a_pause_of_that_day_and_never_lowers_a_streak(
    cadence: Cadence,
    done: list[date],
    pauses: list[tuple[date, date]],
    skips: list[date],
    week_start: int,
    today: date,
) -> None:
    plain = Ritual(
        "r", "Tea", cadence, created=TODAY - timedelta(days=WINDOW), pauses=tuple(pauses)
    )
    skipped = plain._replace(skips=frozenset(skips))
    paused = plain._replace(pauses=tuple(sorted((*pauses, *((day, day) for day in skips)))))
    with_skip = ritual_status(skipped, done, today, week_start=week_start)
    with_pause = ritual_status(paused, done, today, week_start=week_start)
    without = ritual_status(plain, done, today, week_start=week_start)
    assert with_skip.streak == with_pause.streak
    assert with_skip.strength == with_pause.strength
    assert (with_skip.due_today, with_skip.week_goal) == (
        with_pause.due_today,
        with_pause.week_goal,
    )
    assert with_skip.streak.current >= without.streak.current
    assert with_skip.streak.best >= without.streak.best


def test_a_skipped_day_between_kept_days_keeps_the_streak_going() -> None:
    ritual = Ritual("r", "Tea", DAILY, created=D("2026-11-15"), skips=frozenset({D("2026-11-19")}))
    kept = [*span("2026-11-15", "2026-11-18"), D("2026-11-20")]
    status = ritual_status(ritual, kept, TODAY)
    assert status.streak.current == 5
    assert status.streak.at_risk
    unskipped = ritual_status(ritual._replace(skips=frozenset()), kept, TODAY)
    assert unskipped.streak.current == 1


# --- ritual_status walks day numbers; the day-by-day steps are its reference --------

# Years of history, sparse far back and dense lately, so the habit strength of a
# long history (where old units weigh almost nothing) is compared too.
long_done = st.lists(
    st.one_of(
        st.integers(min_value=-2500, max_value=3), st.integers(min_value=-WINDOW, max_value=3)
    ).map(lambda offset: TODAY + timedelta(days=offset)),
    max_size=120,
)
far_pauses = st.lists(
    st.tuples(st.integers(-2500, 3), st.integers(0, 40)).map(
        lambda p: (TODAY + timedelta(days=p[0]), TODAY + timedelta(days=p[0] + p[1]))
    ),
    max_size=4,
)


_RITUAL_DRAWS = (
    cadences,
    st.one_of(done_sets, long_done),
    st.one_of(pauses_st, far_pauses),
    st.lists(days_in_window, max_size=4),
    st.sampled_from([0, 2, 6]),
    todays,
    st.integers(min_value=-2600, max_value=2),
    st.one_of(st.none(), st.integers(min_value=-WINDOW, max_value=3)),
)
"""A ritual's cadence, check-offs, pauses, skips, week start, today, created and archived."""


def _drawn(
    cadence: Cadence,
    created: int,
    archived: int | None,
    pauses: list[tuple[date, date]],
    skips: list[date],
) -> Ritual:
    """A ritual from drawn values: its created and archived days as offsets from TODAY."""
    return Ritual(
        "r",
        "Tea",
        cadence,
        created=TODAY + timedelta(days=created),
        archived=None if archived is None else TODAY + timedelta(days=archived),
        pauses=tuple(sorted(pauses)),
        skips=frozenset(skips),
    )


def _walked(ritual: Ritual, done: list[date], today: date, week_start: int) -> tuple[Streak, int]:
    """A ritual's streak and strength by the day-by-day steps, as `ritual_status` once had them."""
    as_of = min(today, ritual.archived) if ritual.archived else today
    steps = [
        step
        for step in _steps(
            set(done), ritual.cadence, as_of, ritual.excused, week_start, ritual.created
        )
        if ritual.archived is None or step.outcome is not _Outcome.OPEN
    ]
    cadence = ritual.cadence
    return _streak_of(steps, cadence.unit, unit_noun(cadence)), _strength_of(steps, cadence)


@given(*_RITUAL_DRAWS)
def test_ritual_status_matches_the_day_by_day_walk(
    cadence: Cadence,
    done: list[date],
    pauses: list[tuple[date, date]],
    skips: list[date],
    week_start: int,
    today: date,
    created: int,
    archived: int | None,
) -> None:
    ritual = _drawn(cadence, created, archived, pauses, skips)
    status = ritual_status(ritual, done, today, week_start=week_start)
    streak, strength = _walked(ritual, done, today, week_start)
    assert (status.streak, status.streak.noun) == (streak, streak.noun)
    assert status.strength == strength


@pytest.mark.parametrize("cadence", [DAILY, MON_THU, Cadence.weekly(2)])
def test_ritual_status_leaves_out_days_before_1900_as_the_walk_does(cadence: Cadence) -> None:
    today = D("1900-03-10")
    done = [D("1899-12-30"), D("1899-12-31"), *span("1900-01-01", "1900-01-20"), D("1900-03-08")]
    ritual = Ritual(
        "r", "Tea", cadence, created=D("1900-02-01"), skips=frozenset({D("1900-03-01")})
    )
    status = ritual_status(ritual, done, today)
    streak, strength = _walked(ritual, done, today, 0)
    assert (status.streak, status.strength) == (streak, strength)
    assert status.streak.best > 0


@given(*_RITUAL_DRAWS, st.integers(min_value=-2600, max_value=3))
def test_going_on_from_a_kept_walk_gives_the_same_status(
    cadence: Cadence,
    done: list[date],
    pauses: list[tuple[date, date]],
    skips: list[date],
    week_start: int,
    today: date,
    created: int,
    archived: int | None,
    last: int,
) -> None:
    """A walk kept up to any journal's last day, then only the days after it, agrees
    with the status from every check-off; one that cannot be used is not."""
    ritual = _drawn(cadence, created, archived, pauses, skips)
    through = walk_through(TODAY + timedelta(days=last), week_start)
    full = ritual_status(ritual, done, today, week_start=week_start)
    walk = usable_walk(kept_walk(ritual, set(done), through, week_start), ritual, today, week_start)
    event("walk used" if walk is not None else "walk not usable")
    if walk is None:
        return
    after = [day for day in done if day > through]
    went_on = ritual_status(ritual, after, today, week_start=week_start, walked=walk)
    assert went_on == full
    assert (went_on.streak.noun, went_on.started) == (full.streak.noun, full.started)


def test_a_kept_walk_ends_on_a_weeks_last_day() -> None:
    for week_start in (0, 2, 6):
        through = walk_through(D("2026-11-21"), week_start)  # a Saturday
        assert through.weekday() == (week_start - 1) % 7
        assert through < D("2026-11-19")


def test_a_streaks_noun_is_only_its_name() -> None:
    named = Streak(3, 5, "day", True, noun="due day")
    plain = Streak(3, 5, "day", True)
    assert named == plain
    assert (named != plain) is False  # tuple inequality would see the noun
    assert hash(named) == hash(plain)
    assert named != Streak(3, 5, "day", False, noun="due day")
    assert named.counted == "due day" and plain.counted == "day"
