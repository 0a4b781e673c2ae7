"""The day's three things: which slots a new set of items may fill, and who keeps one."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sparklog.core.entries import Entry, Kind

SLOTS = (1, 2, 3)

Claim = tuple[datetime, str]
"""A three-things item's hold on its slot: when it was written, then its id."""


def open_slots(taken: Collection[int], *, replace: bool) -> list[int]:
    """Slots still free on a day; all three when the user chose to replace the day."""
    return list(SLOTS) if replace else [slot for slot in SLOTS if slot not in taken]


def keeper(*claims: Claim) -> Claim:
    """Of items written for the same day and slot, the one that keeps the slot.

    The earliest written keeps it (times compared as instants, whatever their
    offsets), and the smaller id breaks a tie. Every journal that meets the same
    items picks the same one, so two journals merged either way agree.
    """
    return min(claims)


def as_appreciation(item: Entry) -> Entry:
    """An item that lost its slot, kept whole as a plain appreciation of its day."""
    return item._replace(kind=Kind.GRATITUDE, slot=None)
