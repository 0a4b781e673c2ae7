"""Writing to the journal: each function is one thing a user records.

They take the command's session and already-checked values, so the CLI, the
evening flow and an import all record things the same way. Every new entry
passes its kind's rules (`sparklog.core.kinds`) in `add`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from sparklog.core.entries import Entry, Horseman, Kind, Lang, NewEntry
from sparklog.core.kinds import definition
from sparklog.errors import Conflict, UsageError

if TYPE_CHECKING:
    from sqlmodel import Session


def add(session: Session, new: NewEntry) -> Entry:
    """Store one entry of any kind, once its kind's definition has checked it."""
    from sparklog.store.entries import add_entry

    return add_entry(session, definition(new.kind).checked(new))


def add_gratitude(
    session: Session,
    text: str,
    *,
    day: date,
    now: datetime,
    tags: Sequence[str] = (),
    lang: Lang | None = None,
) -> Entry:
    return add(session, NewEntry(Kind.GRATITUDE, day, now, text, tuple(tags), lang))


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
    from sparklog.store.entries import delete_three
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
        saved.append(add(session, NewEntry(Kind.THREE, day, now, typed, slot=slot)))
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
    if horseman is not None and positive:
        raise UsageError("a horseman belongs to a negative observation; add --negative")
    new = NewEntry(
        Kind.OBSERVATION,
        day,
        now,
        text,
        tuple(tags),
        lang,
        positive=positive,
        horseman=horseman,
        reframe=reframe,
    )
    return add(session, new)
