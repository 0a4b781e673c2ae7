"""The `trends` read use case, apart from the other views so only `trends` loads its rules."""

from __future__ import annotations

from datetime import date

from sparklog.app.journal_ref import JournalRef
from sparklog.config import Config
from sparklog.core.streaks import history_start
from sparklog.core.trends import EntryCount, RitualDays, Trends, build_trends, window_start
from sparklog.store import queries


def trends(journal: JournalRef, today: date, config: Config, months: int) -> Trends:
    """`trends`: month by month over the window, read by queries bounded by the window.

    Entries come in one grouped query over the window's days (through the day
    index); each ritual's first check-off comes from its (ritual_id, day) index
    and its check-offs from the window only, so older years are never read.
    """
    first = window_start(today, months)
    with journal.read() as reader, reader.transaction() as conn:
        counts = [EntryCount(*row) for row in queries.entry_counts_by_month(conn, first, today)]
        rituals = queries.list_rituals(conn, include_archived=True)
        firsts = queries.first_check_days(conn, [ritual.id for ritual in rituals])
        kept = queries.checks_between(conn, first, today)
    return build_trends(
        today,
        counts,
        [
            RitualDays(
                ritual,
                history_start(
                    [firsts[ritual.id]] if ritual.id in firsts else [], today, ritual.created
                ),
                frozenset(kept.get(ritual.id, ())),
            )
            for ritual in rituals
        ],
        months=months,
        week_start=config.week_start,
    )
