"""The daily read use cases: `today`, `week`, `streaks` and `ritual list`.

Each view opens the journal's read side, reads, returns a result. The other reads
keep to their own modules, so these commands load none of their rules: the range
views (`log`, `gratitude list`, `month`, `year`, `share`) are in
`sparklog.app.listings`, memories and dates in `sparklog.app.remembering`, what the
evening and a check-in ask in `sparklog.app.questions`, `info` in
`sparklog.app.info`, and the partner's news under a view in `sparklog.app.news`.
"""

from __future__ import annotations

from datetime import date

from sparklog.app.journal_ref import JournalRef as JournalRef
from sparklog.app.remembering import read_on_this_day, upcoming_dates
from sparklog.config import Config
from sparklog.core.dates import week_start_of
from sparklog.core.day import DayReport
from sparklog.core.kinds import STREAKS
from sparklog.core.streaks import StreaksReport, ritual_status
from sparklog.core.week import WeekSpan, WeekSummary, build_week
from sparklog.store import queries, streaks
from sparklog.store.queries import Conn

# --- the pieces several views share, on an open read transaction ------------------


def _streaks(
    conn: Conn, today: date, config: Config, *, include_archived: bool = False
) -> StreaksReport:
    """Every streak: gratitude, three things, and each ritual.

    A few queries however many rituals there are: the built-in streaks from their
    summaries and the days after them, and for the rituals their pauses, skipped
    days, kept walks, the check-offs after those walks and today's marks.
    """
    rituals = queries.list_rituals(conn, include_archived=include_archived)
    checks, walks = streaks.ritual_histories(conn, rituals, today, config.week_start)
    said_no = {rid for rid, mark in queries.marks_on(conn, today).items() if mark == queries.NO}
    return StreaksReport(
        streaks={
            streak.name: streaks.streak_runs(conn, streak, today).streak() for streak in STREAKS
        },
        rituals=[
            ritual_status(
                ritual,
                checks[ritual.id],
                today,
                week_start=config.week_start,
                walked=walks.get(ritual.id),
            )._replace(said_no_today=ritual.id in said_no)
            for ritual in rituals
        ],
    )


def _day(conn: Conn, day: date, config: Config) -> DayReport:
    return DayReport(
        day=day,
        entries=queries.entries_on(conn, day),
        streaks=_streaks(conn, day, config),
        upcoming=upcoming_dates(conn, day),
        memory=read_on_this_day(conn, day).headline,
        partner=queries.has_partner(conn),
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
        return summary._replace(
            upcoming=upcoming_dates(conn, today), partner=queries.has_partner(conn)
        )


def evening_close(journal: JournalRef, day: date, config: Config) -> DayReport:
    """`evening`'s closing lines: the day's state and the streaks after the answers."""
    return day_report(journal, day, config)
