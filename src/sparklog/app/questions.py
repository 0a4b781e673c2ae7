"""What the evening and a check-in ask: read before their first question, on the read side."""

from __future__ import annotations

from datetime import date

from sparklog.app.journal_ref import JournalRef
from sparklog.config import Config
from sparklog.core.checkin import CHECKIN_IDS, CheckinPlan, plan_checkin
from sparklog.core.dates import week_start_of
from sparklog.core.evening import EveningPlan, plan_evening
from sparklog.core.prompts import CHECKINS_REMEMBERED
from sparklog.core.streaks import week_state
from sparklog.core.week import WeekSpan
from sparklog.store import queries


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


def checkin_plan(journal: JournalRef, day: date, ritual_name: str | None) -> CheckinPlan:
    """`checkin`: its three questions (none from the last three check-ins) and its ritual.

    A check-in is the day's answers to check-in questions; the last three days
    holding some are read through the (kind, day) index, newest first.
    """
    with journal.read() as reader, reader.transaction() as conn:
        recent = queries.recent_answers(conn, CHECKIN_IDS, day, days=CHECKINS_REMEMBERED)
        rituals = queries.list_rituals(conn, include_archived=True) if ritual_name else []
    return plan_checkin(day, recent, rituals, ritual_name)
