"""The read use cases: each view opens the journal's read side, reads, returns a result.

The views over a range (`log`, `gratitude list`, `month`, `year`, completion's
entries) live in `sparklog.app.listings`, so those commands load none of the
streak, week and memory rules.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from sparklog.app.journal_ref import JournalRef as JournalRef
from sparklog.app.listings import (  # importable from here too, as before
    ENTRY_CHOICES as ENTRY_CHOICES,
    History as History,
    calendar_span as calendar_span,
    entry_choices as entry_choices,
    gratitude_list as gratitude_list,
    history as history,
    timeline as timeline,
)
from sparklog.config import Config
from sparklog.core.checkin import CHECKIN_IDS, CheckinPlan, plan_checkin
from sparklog.core.dates import week_start_of
from sparklog.core.day import DayReport
from sparklog.core.entries import Entry
from sparklog.core.evening import EveningPlan, plan_evening
from sparklog.core.important_dates import DateList, Upcoming, date_list, upcoming
from sparklog.core.info import JournalInfo
from sparklog.core.kinds import STREAKS
from sparklog.core.memories import (
    OnThisDay,
    filed_in,
    lookback_days,
    on_this_day,
    random_index,
)
from sparklog.core.prompts import CHECKINS_REMEMBERED
from sparklog.core.share import appreciations, week_appreciations
from sparklog.core.streaks import StreaksReport, ritual_status, week_state
from sparklog.core.week import WeekSpan, WeekSummary, build_week
from sparklog.partner.inbox import Inbox, build_inbox
from sparklog.store import partner as partner_reads, queries, streaks
from sparklog.store.queries import Conn

# --- the pieces several views share, on an open read transaction ------------------


def _streaks(
    conn: Conn, today: date, config: Config, *, include_archived: bool = False
) -> StreaksReport:
    """Every streak: gratitude, three things, and each ritual.

    Seven queries however many rituals there are: two for the built-in streaks,
    which SQLite reduces to a few numbers each, and one each for the rituals,
    their pauses, their skipped days, all their check-offs and today's marks.
    """
    rituals = queries.list_rituals(conn, include_archived=include_archived)
    checks = queries.all_check_days(conn, [ritual.id for ritual in rituals])
    said_no = {rid for rid, mark in queries.marks_on(conn, today).items() if mark == queries.NO}
    return StreaksReport(
        streaks={
            streak.name: streaks.streak_runs(conn, streak, today).streak() for streak in STREAKS
        },
        rituals=[
            ritual_status(ritual, checks[ritual.id], today, week_start=config.week_start)._replace(
                said_no_today=ritual.id in said_no
            )
            for ritual in rituals
        ],
    )


def _upcoming(conn: Conn, today: date) -> list[Upcoming]:
    return upcoming(queries.important_dates(conn), today)


def _on_this_day(conn: Conn, day: date) -> OnThisDay:
    """The past days "on this day" looks at, read in one query through the day index."""
    earliest = queries.first_day(conn)
    return on_this_day(day, earliest, queries.entries_on_days(conn, lookback_days(day, earliest)))


def _day(conn: Conn, day: date, config: Config) -> DayReport:
    return DayReport(
        day=day,
        entries=queries.entries_on(conn, day),
        streaks=_streaks(conn, day, config),
        upcoming=_upcoming(conn, day),
        memory=_on_this_day(conn, day).headline,
    )


# --- the views --------------------------------------------------------------------


def day_report(journal: JournalRef, day: date, config: Config) -> DayReport:
    """`today`: the day's entries, and every streak and ritual as of `day`."""
    with journal.read() as reader, reader.transaction() as conn:
        return _day(conn, day, config)


def streaks_report(
    journal: JournalRef, today: date, config: Config, *, include_archived: bool = False
) -> StreaksReport:
    """`streaks` and `ritual list`: every streak, current and best."""
    with journal.read() as reader, reader.transaction() as conn:
        return _streaks(conn, today, config, include_archived=include_archived)


def week_report(journal: JournalRef, day: date, config: Config, today: date) -> WeekSummary:
    """`week`: the weekly summary of the week holding `day`.

    Reads the week's entries and check-offs and the previous week's observation
    counts; only the streaks look further back. Archived rituals are read too,
    so a past week still shows the rituals it kept.
    """
    week = WeekSpan.of(week_start_of(day, config.week_start))
    previous = week.previous
    # A past week's streaks as they stood on its last day (`build_week` closes it).
    as_of = min(today, week.end)
    with journal.read() as reader, reader.transaction() as conn:
        streaks = _streaks(conn, as_of, config, include_archived=True)
        summary = build_week(
            week,
            today,
            queries.entries_between(conn, week.start, week.end),
            checks=queries.checks_between(conn, week.start, week.end),
            statuses=streaks.rituals,
            streaks=streaks.streaks,
            previous=queries.observation_counts(conn, previous.start, previous.end),
            previous_appreciations=queries.appreciation_count(conn, previous.start, previous.end),
            ratio_target=config.ratio_target,
        )
        return dataclasses.replace(summary, upcoming=_upcoming(conn, today))


def share_lines(journal: JournalRef, day: date) -> list[str]:
    """`share`: the day's appreciations as plain lines for a message."""
    with journal.read() as reader, reader.transaction() as conn:
        return appreciations(queries.entries_on(conn, day))


def share_week_lines(journal: JournalRef, first: date, last: date) -> list[str]:
    """`share --week`: the week's appreciations, day by day, as plain lines."""
    with journal.read() as reader, reader.transaction() as conn:
        return week_appreciations(queries.entries_between(conn, first, last))


def partner_news(journal: JournalRef, first: date, last: date) -> Inbox:
    """For `today`, `week` and the evening's close: what the partner shared in those days.

    Reads the journal only; fetching from the folder is `partner sync`'s.
    """
    with journal.read() as reader, reader.transaction() as conn:
        current = partner_reads.partner(conn)
        if current is None:
            return Inbox(None, [])
        items = [item for item in partner_reads.items(conn) if first <= item.day <= last]
    return build_inbox(items, partner=current.name, they_left=current.they_left_at)


def journal_info(journal: JournalRef) -> JournalInfo:
    """`info`: where the journal is, its schema, whether it is encrypted, what it holds."""
    with journal.read() as reader, reader.transaction() as conn:
        return JournalInfo(
            path=journal.path,
            exists=journal.path.exists(),
            schema_version=reader.schema_version,
            encrypted=reader.key is not None,
            entries=queries.count_by_kind(conn),
            rituals=queries.ritual_counts(conn),
        )


def evening_plan(journal: JournalRef, day: date, config: Config) -> EveningPlan:
    """`evening`: what today still misses, read before the first question.

    Only today's entries and this week's check-offs: the streaks wait for the close.
    """
    week = WeekSpan.of(week_start_of(day, config.week_start))
    with journal.read() as reader, reader.transaction() as conn:
        entries = queries.entries_on(conn, day)
        rituals = queries.list_rituals(conn)
        checks = queries.checks_between(conn, week.start, week.end)
        marks = queries.marks_on(conn, day)
    states = [
        (
            ritual,
            week_state(ritual, checks.get(ritual.id, set()), day, week_start=config.week_start),
        )
        for ritual in rituals
    ]
    return plan_evening(day, entries, states, answered=marks)


def evening_close(journal: JournalRef, day: date, config: Config) -> DayReport:
    """`evening`'s closing lines: the day's state and the streaks after the answers."""
    return day_report(journal, day, config)


def memories(journal: JournalRef, day: date) -> OnThisDay:
    """`memories`: the entries of a week, a month and every year before `day`."""
    with journal.read() as reader, reader.transaction() as conn:
        return _on_this_day(conn, day)


def random_memory(journal: JournalRef, day: date) -> Entry | None:
    """`memories --random`: one past appreciation, the same all day (see `random_index`).

    Two reads of the (kind, day) index: a count per 30-day block, then the one
    entry at its place among its block's; no id is read into Python but the one shown.
    """
    with journal.read() as reader, reader.transaction() as conn:
        joins = queries.appreciations_per_block(conn, day)
        place = random_index(day, joins, sum(joins.values()))
        if place is None:
            return None
        first, last, index = filed_in(joins, place)
        return queries.appreciation_at(conn, first, min(last, day), index)


def important_dates(journal: JournalRef, today: date) -> DateList:
    """`dates list`: every date and when it next comes round."""
    with journal.read() as reader, reader.transaction() as conn:
        return date_list(queries.important_dates(conn), today)


def checkin_plan(journal: JournalRef, day: date, ritual_name: str | None) -> CheckinPlan:
    """`checkin`: its three questions (none from the last three check-ins) and its ritual.

    A check-in is the day's answers to check-in questions; the last three days
    holding some are read through the (kind, day) index, newest first.
    """
    with journal.read() as reader, reader.transaction() as conn:
        recent = queries.recent_answers(conn, CHECKIN_IDS, day, days=CHECKINS_REMEMBERED)
        rituals = queries.list_rituals(conn, include_archived=True) if ritual_name else []
    return plan_checkin(day, recent, rituals, ritual_name)
