"""The entry record every view and export works with, free of storage types."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol, TypeVar


class Kind(StrEnum):
    GRATITUDE = "gratitude"
    THREE = "three"
    OBSERVATION = "observation"


class Lang(StrEnum):
    """Love languages: how a person feels appreciated."""

    WORDS = "words"
    ACTS = "acts"
    GIFTS = "gifts"
    TIME = "time"
    TOUCH = "touch"


class Horseman(StrEnum):
    """The four interaction patterns that predict a relationship's breakdown."""

    CRITICISM = "criticism"
    CONTEMPT = "contempt"
    DEFENSIVENESS = "defensiveness"
    STONEWALLING = "stonewalling"


@dataclass(frozen=True)
class Entry:
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

    def to_json(self) -> dict[str, Any]:
        """The entry object of PRODUCT.md's JSON shapes."""
        return {
            "id": self.id,
            "kind": self.kind.value,
            "date": self.day.isoformat(),
            "written_at": self.written_at.isoformat(timespec="seconds"),
            "text": self.text,
            "tags": list(self.tags),
            "lang": self.lang.value if self.lang else None,
            "slot": self.slot,
            "positive": self.positive,
            "horseman": self.horseman.value if self.horseman else None,
            "reframe": self.reframe,
        }


@dataclass(frozen=True)
class NewEntry:
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
    id: str | None = field(default=None)


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
    ordered.sort(key=_three_slot)
    ordered.sort(key=lambda item: item.day, reverse=True)
    return ordered


def _three_slot(item: _Dated) -> tuple[bool, int]:
    if isinstance(item, Entry) and item.kind is Kind.THREE:
        return (False, item.slot or 0)
    return (True, 0)
