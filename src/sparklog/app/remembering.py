"""The remembering reads: "on this day", a random memory, the important dates.

`today` shows the day's memory and the dates coming up through `read_on_this_day`
and `upcoming_dates`, on its own open read transaction.
"""

from __future__ import annotations

from datetime import date

from sparklog.app.journal_ref import JournalRef
from sparklog.core.entries import Entry
from sparklog.core.important_dates import DateList, Upcoming, date_list, upcoming
from sparklog.core.memories import OnThisDay, filed_in, lookback_days, on_this_day, random_index
from sparklog.store import queries
from sparklog.store.queries import Conn


def upcoming_dates(conn: Conn, today: date) -> list[Upcoming]:
    return upcoming(queries.important_dates(conn), today)


def read_on_this_day(conn: Conn, day: date) -> OnThisDay:
    """The past days "on this day" looks at, read in one query through the day index."""
    earliest = queries.first_day(conn)
    return on_this_day(day, earliest, queries.entries_on_days(conn, lookback_days(day, earliest)))


def memories(journal: JournalRef, day: date) -> OnThisDay:
    """`memories`: the entries of a week, a month and every year before `day`."""
    with journal.read() as reader, reader.transaction() as conn:
        return read_on_this_day(conn, day)


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
