"""The read use cases over a range of days: the log, the gratitude list, the
per-day totals of `month` and `year`, and the entries a shell completes.

They need the entries, the check-offs and the short ids, and none of the streak,
week or memory rules, so the commands that show them load only this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sparklog.app.journal_ref import JournalRef as JournalRef
from sparklog.core.calendar import CalendarSpan
from sparklog.core.entries import Entry
from sparklog.core.kinds import appreciation_kinds
from sparklog.core.refs import clean_ref, first_words
from sparklog.core.share import appreciations, week_appreciations
from sparklog.core.timeline import (
    CheckOff,
    Listing,
    LogKind,
    Revision,
    TimelineItem,
    name_matches,
    newest_first,
)
from sparklog.errors import SparklogError
from sparklog.store import queries


def calendar_span(
    journal: JournalRef, first: date, last: date, *, today: date, week_start: int = 0
) -> CalendarSpan:
    """`month` and `year`: per-day totals, two grouped queries for the whole range."""
    with journal.read() as reader, reader.transaction() as conn:
        return CalendarSpan(
            first=first,
            last=last,
            today=today,
            week_start=week_start,
            logged=queries.entries_per_day(conn, first, last),
            kept=queries.checks_per_day(conn, first, last),
        )


def timeline(
    journal: JournalRef,
    first: date | None,
    last: date | None,
    *,
    kind: LogKind | None = None,
    tag: str | None = None,
    words: Sequence[str] = (),
    limit: int | None = None,
) -> Listing:
    """`log`: matching entries and check-offs, newest first, with the entries' short ids.

    Check-offs carry no tags; a search matches them by their ritual's name.
    With a limit, each side reads at most that many rows, so the newest part of
    a long history costs the same as a short one.
    """
    with journal.read() as reader, reader.transaction() as conn:
        entries: list[Entry] = []
        if kind is None or kind.entry_kind is not None:
            kinds = [kind.entry_kind] if kind is not None and kind.entry_kind else []
            entries = queries.entries_between(
                conn, first, last, kinds=kinds, tag=tag, words=words, limit=limit
            )
        checks: list[CheckOff] = []
        if (kind is None or kind.checks) and tag is None:
            ritual_ids = None
            if words:
                names = queries.ritual_names(conn)
                ritual_ids = [rid for rid, name in names.items() if name_matches(name, words)]
            checks = queries.check_offs(conn, first, last, ritual_ids=ritual_ids, limit=limit)
        merged: list[TimelineItem] = newest_first(entries, checks)
        if limit is not None:
            merged = merged[:limit]
        shown = [item.id for item in merged if isinstance(item, Entry)]
        return Listing(merged, queries.short_ids(conn, shown))


class History(NamedTuple):
    """`log --history`: the kept versions of the entries shown, and of deleted entries."""

    revisions: dict[str, list[Revision]]
    deleted: list[Revision]


def history(journal: JournalRef, entry_ids: Sequence[str], *, deleted: bool) -> History:
    """Versions a merge kept beside the entries listed (and, with `deleted`, of deleted ones)."""
    with journal.read() as reader, reader.transaction() as conn:
        return History(
            queries.revisions(conn, entry_ids),
            queries.deleted_revisions(conn) if deleted else [],
        )


def gratitude_list(
    journal: JournalRef, first: date | None, last: date | None, *, tag: str | None = None
) -> Listing:
    """`gratitude list`: the appreciations (gratitude and three-things items), newest first."""
    with journal.read() as reader, reader.transaction() as conn:
        found = queries.entries_between(conn, first, last, kinds=appreciation_kinds(), tag=tag)
        return Listing(list(found), queries.short_ids(conn, [entry.id for entry in found]))


ENTRY_CHOICES = 50
"""Entries a completion offers at most."""


def entry_choices(journal: JournalRef, prefix: str = "") -> list[tuple[str, str]]:
    """(short id, first words) of the entries a shell may complete for `edit` and `delete`.

    With a prefix, the entries whose id starts with it; without, the newest
    entries. At most `ENTRY_CHOICES`, read through two index seeks each; an
    unusable prefix gives none.
    """
    with journal.read() as reader, reader.transaction() as conn:
        if prefix:
            try:
                ref = clean_ref(prefix) if len(prefix.strip()) >= 4 else prefix.strip().lower()
            except SparklogError:
                return []
            ids = queries.ids_starting(conn, ref, ENTRY_CHOICES)
            entries = queries.entries_by_ids(conn, ids)
        else:
            entries = queries.entries_between(conn, limit=ENTRY_CHOICES)
        shorts = queries.short_ids(conn, [entry.id for entry in entries])
        return [(shorts[entry.id], first_words(entry.text)) for entry in entries]


def share_lines(journal: JournalRef, day: date) -> list[str]:
    """`share`: the day's appreciations as plain lines for a message."""
    with journal.read() as reader, reader.transaction() as conn:
        return appreciations(queries.entries_on(conn, day))


def share_week_lines(journal: JournalRef, first: date, last: date) -> list[str]:
    """`share --week`: the week's appreciations, day by day, as plain lines."""
    with journal.read() as reader, reader.transaction() as conn:
        return week_appreciations(queries.entries_between(conn, first, last))
