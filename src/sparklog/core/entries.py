"""The entry record every view and export works with, free of storage types.

What differs between kinds (their own fields, rules, marks, what they feed) is
defined in `sparklog.core.kinds`; this record carries every kind's fields and
maps itself to and from the journal's columns and the export's JSON by that
definition, so no mapping here names a kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple, Protocol, TypeVar

from sparklog.core.kinds import FIELDS, SHOWN, Horseman, Kind, definition

__all__ = [
    "ENTRY_COLUMNS",
    "Entry",
    "Horseman",
    "Kind",
    "Lang",
    "NewEntry",
    "day_order",
    "reading_order",
]


class Lang(StrEnum):
    """Love languages: how a person feels appreciated."""

    WORDS = "words"
    ACTS = "acts"
    GIFTS = "gifts"
    TIME = "time"
    TOUCH = "touch"


ENTRY_COLUMNS: tuple[str, ...] = (
    "id",
    "kind",
    "day",
    "written_at",
    "text",
    "lang",
    *(own.name for own in FIELDS),
    "edited_at",
)
"""The `entry` table's columns as the read and write sides name them (tags live apart)."""


class Entry(NamedTuple):
    id: str
    kind: Kind
    day: date
    written_at: datetime
    text: str
    tags: tuple[str, ...] = ()
    lang: Lang | None = None
    slot: int | None = None
    positive: bool | None = None
    horseman: Horseman | None = None
    reframe: str | None = None
    prompt_id: str | None = None
    prompt: str | None = None
    edited_at: datetime | None = None
    """When the entry was last corrected (`sparklog edit`); None while never edited."""

    @property
    def version_at(self) -> datetime:
        """When this version of the entry was written: its last edit, else its writing."""
        return self.edited_at or self.written_at

    def to_json(self) -> dict[str, Any]:
        """PRODUCT.md's entry object: every kind's own fields, None where not its own."""
        data = {
            "id": self.id,
            "kind": self.kind.value,
            "date": self.day.isoformat(),
            "written_at": self.written_at.isoformat(timespec="seconds"),
            "edited_at": _moment(self.edited_at),
            "text": self.text,
            "tags": list(self.tags),
            "lang": self.lang.value if self.lang else None,
        }
        for own in SHOWN[self.kind]:
            data[own.name] = own.stored(getattr(self, own.name))
        return data

    def row(self) -> tuple[Any, ...]:
        """The entry's values in `ENTRY_COLUMNS` order, as the journal stores them."""
        return (
            self.id,
            self.kind.value,
            self.day.isoformat(),
            self.written_at.isoformat(timespec="seconds"),
            self.text,
            self.lang.value if self.lang else None,
            *(own.stored(getattr(self, own.name)) for own in FIELDS),
            _moment(self.edited_at),
        )

    @classmethod
    def from_row(cls, row: Sequence[Any], tags: Sequence[str]) -> Entry:
        """An entry from its stored values in `ENTRY_COLUMNS` order (days as text or dates).

        A kind this sparklog does not know is an `UnknownKind` error, never read
        as another kind. The kinds' own fields follow `lang` in `Entry` in the
        order of `FIELDS` (a test holds that), so they are passed in place.
        """
        entry_id, kind, day, written_at, text, lang, *own, edited_at = row
        return cls(
            entry_id,
            definition(kind).kind,
            day if isinstance(day, date) else date.fromisoformat(day),
            datetime.fromisoformat(written_at),
            text,
            tuple(tags),
            Lang(lang) if lang else None,
            **{field.name: field.loaded(value) for field, value in zip(FIELDS, own, strict=True)},
            edited_at=datetime.fromisoformat(edited_at) if edited_at else None,
        )


class NewEntry(NamedTuple):
    """What a command asks to store; the store gives it an id."""

    kind: Kind
    day: date
    written_at: datetime
    text: str
    tags: tuple[str, ...] = ()
    lang: Lang | None = None
    slot: int | None = None
    positive: bool | None = None
    horseman: Horseman | None = None
    reframe: str | None = None
    prompt_id: str | None = None
    prompt: str | None = None
    id: str | None = None

    def stored_as(self, entry_id: str) -> Entry:
        """The entry this becomes once stored under `entry_id` (tags in their stored order)."""
        values = self._asdict()
        values.update(id=entry_id, tags=tuple(sorted(set(self.tags))))
        return Entry(**values)


def _moment(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


class _Dated(Protocol):
    @property
    def day(self) -> date: ...

    @property
    def written_at(self) -> datetime: ...


Item = TypeVar("Item", bound=_Dated)


def reading_order(items: Iterable[Item]) -> list[Item]:
    """Newest day first; within a day its three things in their 1-2-3 order, then
    everything else newest first.

    The three things are read as a set however they were written (the evening
    saves them one by one), so their slots, not their times, order them.
    """
    ordered = sorted(items, key=lambda item: item.written_at.timestamp(), reverse=True)
    ordered.sort(key=_slot_first)
    ordered.sort(key=lambda item: item.day, reverse=True)
    return ordered


def _slot_first(item: _Dated) -> tuple[bool, int]:
    if isinstance(item, Entry) and definition(item.kind).slotted:
        return (False, item.slot or 0)
    return (True, 0)


def day_order(entries: Iterable[Entry]) -> list[Entry]:
    """One day's entries as the day shows them: slotted ones (its three things) 1-2-3,
    then the rest oldest first, as they were written."""
    ordered = reading_order(entries)
    slotted = [entry for entry in ordered if definition(entry.kind).slotted]
    return slotted + [entry for entry in reversed(ordered) if not definition(entry.kind).slotted]
