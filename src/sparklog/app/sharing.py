"""Marking what goes to the partner, inside the journal write it goes with.

The entry, ritual and correction use cases call these in their own transaction;
they touch only the journal (the folder and the keys are `app/partner.py`'s), so
a write that shares something loads no cryptography.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from sparklog.core.entries import Entry
from sparklog.core.share import plain
from sparklog.partner.items import ME, Item, ItemKind, body_of
from sparklog.store import partner as read

if TYPE_CHECKING:
    from sparklog.app.journal import Writes


def share_entry(changes: Writes, entry: Entry, now: datetime) -> Item:
    """Mark an appreciation for the partner: its words, without the journal's tags."""
    item = own_item(ItemKind.APPRECIATION, entry.day, {"text": plain(entry.text)}, now)
    return changes.partner.share(item, now, source=entry.id)


def share_answer(changes: Writes, entry: Entry, now: datetime) -> Item:
    """Mark an answer to a day's question for the partner: the question and the words.

    The partner's sparklog keeps it hidden until they answer the same question
    for the same day.
    """
    if entry.prompt_id is None or entry.prompt is None:
        raise ValueError("only an answer to one of sparklog's questions is shared as one")
    values = {"question_id": entry.prompt_id, "question": entry.prompt, "text": plain(entry.text)}
    item = own_item(ItemKind.ANSWER, entry.day, values, now)
    return changes.partner.share(item, now, source=entry.id)


def share_ritual(changes: Writes, ritual_id: str) -> None:
    changes.partner.share_ritual(ritual_id)


def share_check(changes: Writes, ritual_id: str, name: str, day: date, now: datetime) -> None:
    """A check-off of a shared ritual goes to the partner; others never do."""
    if ritual_id not in read.shared_ritual_ids(changes.reads):
        return
    source = f"{ritual_id}@{day.isoformat()}"
    if read.shared_from(changes.reads, [source]):
        return
    item = own_item(ItemKind.CHECK, day, {"ritual": name}, now)
    changes.partner.share(item, now, source=source)


def take_back_check(changes: Writes, ritual_id: str, day: date, now: datetime) -> None:
    for item_id in read.shared_from(changes.reads, [f"{ritual_id}@{day.isoformat()}"]).values():
        changes.partner.take_back(item_id, now)


def entry_edited(changes: Writes, entry: Entry, now: datetime) -> None:
    """An edit of a shared entry travels as the item's new version (its new words;
    an answer keeps its question)."""
    for item_id in read.shared_from(changes.reads, [entry.id]).values():
        changes.partner.revise(item_id, {"text": plain(entry.text)}, now)


def entries_deleted(changes: Writes, entry_ids: Sequence[str], now: datetime) -> None:
    """A delete of a shared entry takes the item back, here and on the partner's side."""
    for item_id in read.shared_from(changes.reads, list(entry_ids)).values():
        changes.partner.take_back(item_id, now)


def own_item(kind: ItemKind, day: date, values: dict[str, str], now: datetime) -> Item:
    return Item(
        str(uuid.uuid4()),
        ME,
        kind,
        day,
        body_of(kind, values),
        stamp="",
        written_at=now.isoformat(timespec="seconds"),
    )
