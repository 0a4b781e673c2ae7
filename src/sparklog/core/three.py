"""The day's three things: which slots a new set of items may fill."""

from __future__ import annotations

from collections.abc import Collection

SLOTS = (1, 2, 3)


def open_slots(taken: Collection[int], *, replace: bool) -> list[int]:
    """Slots still free on a day; all three when the user chose to replace the day."""
    return list(SLOTS) if replace else [slot for slot in SLOTS if slot not in taken]
