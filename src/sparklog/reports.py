"""Read-side use cases: gather what a view needs from the store into a result object."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from sparklog.core.day import DayReport

if TYPE_CHECKING:
    from sqlmodel import Session

    from sparklog.config import Config
    from sparklog.core.calendar import CalendarSpan
    from sparklog.core.entries import Entry
    from sparklog.core.streaks import StreaksReport
    from sparklog.core.timeline import CheckOff, LogKind, TimelineItem
    from sparklog.core.week import WeekSummary


def day_report(session: Session, day: date, config: Config) -> DayReport:
    """The day's entries, and every streak and ritual as of `day`."""
    from sparklog.store.entries import entries_on

    return DayReport(
        day=day, entries=entries_on(session, day), streaks=streaks_report(session, day, config)
    )


def streaks_report(
    session: Session,
    today: date,
    config: Config,
    *,
    include_archived: bool = False,
) -> StreaksReport:
    """Every streak: gratitude, three things, and each active ritual.

    Five queries however many rituals there are: two for the built-in streaks,
    one each for the rituals, their pauses and all their check-offs.
    """
    from sparklog.core.streaks import StreaksReport, daily_streak, ritual_status
    from sparklog.store.rituals import all_check_days, list_rituals
    from sparklog.store.streaks import gratitude_days, three_days

    rituals = list_rituals(session, include_archived=include_archived)
    checks = all_check_days(session, [ritual.id for ritual in rituals])
    return StreaksReport(
        streaks={
            "gratitude": daily_streak(gratitude_days(session), today),
            "three": daily_streak(three_days(session), today),
        },
        rituals=[
            ritual_status(ritual, checks[ritual.id], today, week_start=config.week_start)
            for ritual in rituals
        ],
    )


def timeline(
    session: Session,
    first: date | None,
    last: date | None,
    *,
    kind: LogKind | None = None,
    tag: str | None = None,
    words: Sequence[str] = (),
    limit: int | None = None,
) -> list[TimelineItem]:
    """What `log` shows: matching entries and check-offs, newest first.

    Check-offs carry no tags; a search matches them by their ritual's name.
    With a limit, each side reads at most that many rows, so the newest part of
    a long history costs the same as a short one.
    """
    from sparklog.core.timeline import LogKind, name_matches, newest_first
    from sparklog.store.entries import entries_between
    from sparklog.store.timeline import check_offs, ritual_names

    entries: list[Entry] = []
    if kind is None or kind.entry_kind is not None:
        kinds = [kind.entry_kind] if kind is not None and kind.entry_kind else []
        entries = entries_between(
            session, first, last, kinds=kinds, tag=tag, words=words, limit=limit
        )
    checks: list[CheckOff] = []
    if (kind is None or kind is LogKind.CHECK) and tag is None:
        ritual_ids = None
        if words:
            names = ritual_names(session)
            ritual_ids = [rid for rid, name in names.items() if name_matches(name, words)]
        checks = check_offs(session, first, last, ritual_ids=ritual_ids, limit=limit)
    merged = newest_first(entries, checks)
    return merged if limit is None else merged[:limit]


def calendar_span(
    session: Session, first: date, last: date, *, today: date, week_start: int = 0
) -> CalendarSpan:
    """Per-day totals for `month` and `year`: two grouped queries for the whole range."""
    from sparklog.core.calendar import CalendarSpan
    from sparklog.store.calendar import checks_per_day, entries_per_day

    return CalendarSpan(
        first=first,
        last=last,
        today=today,
        week_start=week_start,
        logged=entries_per_day(session, first, last),
        kept=checks_per_day(session, first, last),
    )


def week_report(session: Session, day: date, config: Config, today: date) -> WeekSummary:
    """The weekly summary of the week holding `day`.

    Reads the week's entries and check-offs and the previous week's observation
    counts; only the streaks look further back. Archived rituals are read too,
    so a past week still shows the rituals it kept.
    """
    from sparklog.core.dates import week_start_of
    from sparklog.core.week import WeekSpan, build_week
    from sparklog.store.entries import entries_between
    from sparklog.store.rituals import checks_between
    from sparklog.store.week import observation_counts

    week = WeekSpan.of(week_start_of(day, config.week_start))
    previous = week.previous
    streaks = streaks_report(session, today, config, include_archived=True)
    return build_week(
        week,
        today,
        entries_between(session, week.start, week.end),
        checks=checks_between(session, week.start, week.end),
        statuses=streaks.rituals,
        streaks=streaks.streaks,
        previous=observation_counts(session, previous.start, previous.end),
        ratio_target=config.ratio_target,
    )
