"""The built-in streaks worked out in SQL: gaps and islands over the kept days.

`sparklog.core.streaks.daily_streak` holds the rule and walks a history one day
at a time; at ten years that means bringing thousands of days into Python on
every read. Here SQLite numbers the kept days, groups consecutive ones into runs
and hands back three numbers (`Runs`). tests/test_streaks_sql.py holds the two
to the same answers on random histories.
"""

from __future__ import annotations

from datetime import date

from sparklog.core.dates import EARLIEST
from sparklog.core.kinds import BuiltinStreak
from sparklog.core.streaks import Runs
from sparklog.store.queries import Conn

# A day number: unixepoch is exact at midnight and quicker than julianday.
_DAY_NUMBER = "unixepoch(day) / 86400"

# Kept days minus their rank is constant along a run of consecutive days.
_RUNS = """
WITH kept(n) AS ({days}),
runs(last, length) AS (
    SELECT max(n), count(*) FROM (SELECT n, n - row_number() OVER (ORDER BY n) AS run FROM kept)
    GROUP BY run
)
SELECT coalesce(max(length), 0),
       coalesce(max(CASE WHEN last = ?1 THEN length END), 0),
       coalesce(max(CASE WHEN last = ?1 - 1 THEN length END), 0)
FROM runs
"""


def _day_number(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def streak_runs(conn: Conn, streak: BuiltinStreak, today: date) -> Runs:
    """A built-in streak as of `today`: its kept days are those `queries.streak_days`
    reads (at least `per_day` entries of the kinds that feed it)."""
    kinds = [kind.value for kind in streak.kinds]
    if not kinds:
        return Runs(best=0, current=0, open=True)
    # ?1 today's number, ?2 today, ?3 the earliest day judged, then the kinds.
    marks = ", ".join(f"?{4 + i}" for i in range(len(kinds)))
    days = f"""SELECT {_DAY_NUMBER} FROM entry
        WHERE kind IN ({marks}) AND day >= ?3 AND day <= ?2 GROUP BY day"""
    if streak.per_day > 1:
        days += f" HAVING count(*) >= {int(streak.per_day)}"
    params = (_day_number(today), today.isoformat(), EARLIEST.isoformat(), *kinds)
    best, ending_today, ending_yesterday = conn.execute(_RUNS.format(days=days), params).fetchone()
    if ending_today:
        return Runs(best=best, current=ending_today, open=False)
    return Runs(best=best, current=ending_yesterday, open=True)
