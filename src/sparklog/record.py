"""Writing to the journal: each function is one thing a user records.

They take the command's session and already-checked values, so the CLI, the
evening flow and an import all record things the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from sparklog.core.entries import Entry, Horseman, Kind, Lang, NewEntry
from sparklog.core.text import clean_text, tags_in
from sparklog.errors import Conflict, UsageError

if TYPE_CHECKING:
    from sqlmodel import Session


def add_gratitude(
    session: Session,
    text: str,
    *,
    day: date,
    now: datetime,
    tags: Sequence[str] = (),
    lang: Lang | None = None,
) -> Entry:
    from sparklog.store.entries import add_entry

    body = clean_text(text, "appreciation")
    new = NewEntry(Kind.GRATITUDE, day, now, body, tuple(tags_in(body, list(tags))), lang)
    return add_entry(session, new)


def add_three(
    session: Session,
    items: Sequence[tuple[int, str]],
    *,
    day: date,
    now: datetime,
    replace: bool = False,
) -> list[Entry]:
    """Store items in the given slots; with `replace`, the old items in those slots go.

    Only the slots given are replaced: an old item that was not retyped stays.
    """
    from sparklog.store.db import raw
    from sparklog.store.entries import add_entry, delete_three
    from sparklog.store.queries import three_on

    if replace:
        delete_three(session, day, [slot for slot, _ in items])
    taken = three_on(raw(session), day)
    saved: list[Entry] = []
    for slot, typed in items:
        if slot in taken:
            raise Conflict(
                f"item {slot} for {day.isoformat()} was written meanwhile; nothing was saved"
            )
        body = clean_text(typed, f"item {slot}")
        new = NewEntry(Kind.THREE, day, now, body, tuple(tags_in(body)), slot=slot)
        saved.append(add_entry(session, new))
    return saved


def add_observation(
    session: Session,
    text: str,
    *,
    day: date,
    now: datetime,
    positive: bool = True,
    horseman: Horseman | None = None,
    reframe: str | None = None,
    tags: Sequence[str] = (),
    lang: Lang | None = None,
) -> Entry:
    from sparklog.store.entries import add_entry

    if horseman is not None and positive:
        raise UsageError("a horseman belongs to a negative observation; add --negative")
    body = clean_text(text, "observation")
    kinder = clean_text(reframe, "reframe") if reframe is not None else None
    new = NewEntry(
        Kind.OBSERVATION,
        day,
        now,
        body,
        tuple(tags_in(body, list(tags))),
        lang,
        positive=positive,
        horseman=horseman,
        reframe=kinder,
    )
    return add_entry(session, new)
