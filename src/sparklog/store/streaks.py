"""The built-in streaks worked out in SQL: gaps and islands over the kept days.

`sparklog.core.streaks.daily_streak` holds the rule and walks a history one day
at a time; at ten years that means bringing thousands of days into Python on
every read. Here SQLite numbers the kept days, groups consecutive ones into runs
and hands back three numbers (`Runs`). tests/test_streaks_sql.py holds the two
to the same answers on random histories.

Even in SQL that grows with the years (a few milliseconds a streak at ten), so
every write keeps a summary of the days up to two before its last logged day
(`keep_summaries`, table `streak_summary`), and a read adds only the days after
it. The migrations' triggers drop the summaries when an older day changes.

A ritual's streak and strength are a walk over its units (`core.streaks`);
each write keeps every ritual's walk up to the end of a week before its last
logged day (`keep_walks`, table `ritual_walk`), and a read goes on from it over
the check-offs after it (`ritual_histories`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sparklog.core.dates import EARLIEST
from sparklog.core.kinds import STREAKS, BuiltinStreak
from sparklog.core.rituals import Ritual
from sparklog.core.streaks import Runs, Walk, kept_walk, usable_walk, walk_rule, walk_through
from sparklog.store import queries
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


def _rule(streak: BuiltinStreak) -> str:
    """What a summary was worked out for: the kinds that feed the streak and a day's count."""
    return f"{','.join(kind.value for kind in streak.kinds)}/{streak.per_day}"


def _kept_days(streak: BuiltinStreak, kinds: list[str], after: str | None) -> str:
    """SQL for the streak's kept days as day numbers; ?2 is the last day, ?3 the first."""
    marks = ", ".join(f"?{4 + i}" for i in range(len(kinds)))
    days = f"""SELECT {_DAY_NUMBER} FROM entry
        WHERE kind IN ({marks}) AND day >= ?3 AND day <= ?2{after or ""} GROUP BY day"""
    if streak.per_day > 1:
        days += f" HAVING count(*) >= {int(streak.per_day)}"
    return days


def _full_runs(conn: Conn, streak: BuiltinStreak, kinds: list[str], today: date) -> Runs:
    """Every kept day up to `today`, grouped into runs by SQLite."""
    params = (_day_number(today), today.isoformat(), EARLIEST.isoformat(), *kinds)
    days = _kept_days(streak, kinds, None)
    best, ending_today, ending_yesterday = conn.execute(_RUNS.format(days=days), params).fetchone()
    if ending_today:
        return Runs(best=best, current=ending_today, open=False)
    return Runs(best=best, current=ending_yesterday, open=True)


def _from_summary(
    conn: Conn, streak: BuiltinStreak, kinds: list[str], today: date, summary: tuple[str, int, int]
) -> Runs:
    """The summary's runs carried on over the kept days after its `through`."""
    through, best, run = summary
    params = (_day_number(today), today.isoformat(), EARLIEST.isoformat(), *kinds, through)
    after = f" AND day > ?{4 + len(kinds)}"
    last = _day_number(date.fromisoformat(through)) if run else None
    for (n,) in conn.execute(_kept_days(streak, kinds, after) + " ORDER BY day", params):
        run = run + 1 if last is not None and n == last + 1 else 1
        best = max(best, run)
        last = n
    today_n = _day_number(today)
    if last == today_n:
        return Runs(best=best, current=run, open=False)
    return Runs(best=best, current=run if last == today_n - 1 else 0, open=True)


def streak_runs(conn: Conn, streak: BuiltinStreak, today: date) -> Runs:
    """A built-in streak as of `today`: its kept days are those with at least `per_day`
    entries of the kinds that feed it.

    With a summary of the days up to one before `today` (`keep_summaries`), only
    the days after it are read; without one, every kept day is.
    """
    kinds = [kind.value for kind in streak.kinds]
    if not kinds:
        return Runs(best=0, current=0, open=True)
    summary = conn.execute(
        "SELECT through, best, run FROM streak_summary WHERE name = ? AND rule = ?",
        (streak.name, _rule(streak)),
    ).fetchone()
    if summary is not None and EARLIEST.isoformat() <= summary[0] < today.isoformat():
        return _from_summary(conn, streak, kinds, today, summary)
    return _full_runs(conn, streak, kinds, today)


def keep(conn: Conn, last: date, week_start: int) -> None:
    """Keep every streak's summary of its older days, in a write transaction whose
    journal was last logged on `last`.

    The built-in streaks are summed up to two days before it, so tonight's
    entries and yesterday's after midnight leave them standing; the rituals'
    walks up to a week's end before that (`walk_through`).
    """
    keep_summaries(conn, last - timedelta(days=2))
    keep_walks(conn, last, week_start)


def keep_summaries(conn: Conn, through: date) -> None:
    """Bring every built-in streak's summary up to `through`, inside a write transaction.

    A summary already there for that day (and the same rule) is left as it is, so
    most writes only look; a change to an older day has dropped them (the
    migrations' triggers), and the first write after it works them out again.
    """
    if through < EARLIEST:
        return
    for streak in STREAKS:
        rule = _rule(streak)
        kept = conn.execute(
            "SELECT 1 FROM streak_summary WHERE name = ? AND rule = ? AND through = ?",
            (streak.name, rule, through.isoformat()),
        ).fetchone()
        if kept is not None:
            continue
        kinds = [kind.value for kind in streak.kinds]
        runs = _full_runs(conn, streak, kinds, through) if kinds else None
        best = runs.best if runs else 0
        run = runs.current if runs and not runs.open else 0
        conn.execute(
            "INSERT OR REPLACE INTO streak_summary (name, rule, through, best, run)"
            " VALUES (?, ?, ?, ?, ?)",
            (streak.name, rule, through.isoformat(), best, run),
        )


# --- the rituals' kept walks --------------------------------------------------------

_WALK_COLUMNS = "ritual_id, rule, first, through, run, best, score, weight"


def _walks(conn: Conn) -> dict[str, tuple[str, Walk]]:
    rows = conn.execute(f"SELECT {_WALK_COLUMNS} FROM ritual_walk").fetchall()
    return {
        ritual_id: (
            rule,
            Walk(
                date.fromisoformat(first).toordinal(),
                date.fromisoformat(through).toordinal(),
                run,
                best,
                score,
                weight,
            ),
        )
        for ritual_id, rule, first, through, run, best, score, weight in rows
    }


def ritual_histories(
    conn: Conn, rituals: Sequence[Ritual], today: date, week_start: int
) -> tuple[dict[str, set[date]], dict[str, Walk]]:
    """What `ritual_status` needs of each ritual: its check-off days and a kept walk.

    A ritual whose kept walk still holds (its `walk_rule` unchanged, and ending
    before the unit it is judged on) gets only the days after the walk; every
    other ritual gets all its days and no walk.
    """
    kept = _walks(conn) if rituals else {}
    walks: dict[str, Walk] = {}
    for ritual in rituals:
        rule, walk = kept.get(ritual.id, ("", None))
        if walk is None or rule != walk_rule(ritual, date.fromordinal(walk.through), week_start):
            continue
        usable = usable_walk(walk, ritual, today, week_start)
        if usable is not None:
            walks[ritual.id] = usable
    whole = [ritual.id for ritual in rituals if ritual.id not in walks]
    checks = queries.all_check_days(conn, whole)
    if walks:
        after = date.fromordinal(min(walk.through for walk in walks.values()))
        checks |= queries.check_days_after(conn, list(walks), after)
    return checks, walks


def keep_walks(conn: Conn, last: date, week_start: int) -> None:
    """Bring every ritual's kept walk up to the week's end before `last`, in a write.

    A walk already there with the same rule is left as it is, so most writes only
    look; the first write of a week, or after a change to a ritual's older days,
    walks again those whose walk is missing or stale.
    """
    through = walk_through(last, week_start)
    if through < EARLIEST:
        return
    kept = {
        ritual_id: (rule, through_day)
        for ritual_id, rule, through_day in conn.execute(
            "SELECT ritual_id, rule, through FROM ritual_walk"
        )
    }
    stale = [
        ritual
        for ritual in queries.list_rituals(conn, include_archived=True)
        if (ritual.archived is None or ritual.archived > through)
        and kept.get(ritual.id) != (walk_rule(ritual, through, week_start), through.isoformat())
    ]
    if not stale:
        return
    checks = queries.all_check_days(conn, [ritual.id for ritual in stale])
    for ritual in stale:
        walk = kept_walk(ritual, checks[ritual.id], through, week_start)
        if walk is None:
            conn.execute("DELETE FROM ritual_walk WHERE ritual_id = ?", (ritual.id,))
            continue
        conn.execute(
            f"INSERT OR REPLACE INTO ritual_walk ({_WALK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ritual.id,
                walk_rule(ritual, through, week_start),
                date.fromordinal(walk.first).isoformat(),
                date.fromordinal(walk.through).isoformat(),
                walk.run,
                walk.best,
                walk.score,
                walk.weight,
            ),
        )
