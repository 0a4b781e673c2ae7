"""What may cross to the partner: the item kinds, the fields each carries, the ops.

This is the whole list. An item is built here from exactly its kind's fields,
and an incoming one with any other field is refused, so nothing else a journal
holds (private entries, observations, other rituals, streaks, counts, important
dates, tags) can ride along by accident.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from sparklog.errors import SyncFileUnreadable, UsageError


class ItemKind(StrEnum):
    APPRECIATION = "appreciation"  # one entry marked --share
    MESSAGE = "message"  # `share --send`: a day's or a week's appreciations
    CHECK = "check"  # a check-off of a ritual made --shared
    REACTION = "reaction"  # `partner react`: a small answer to one item
    ANSWER = "answer"  # `prompt --answer --share`: an answer to a day's question


FIELDS: dict[ItemKind, tuple[str, ...]] = {
    ItemKind.APPRECIATION: ("text",),
    ItemKind.MESSAGE: ("text",),
    ItemKind.CHECK: ("ritual",),
    ItemKind.REACTION: ("target", "reaction"),
    ItemKind.ANSWER: ("question_id", "question", "text"),
}
"""The only fields each kind carries; all are text.

An answer names its question by id (so the two sides match it whatever the
wording) and carries the question's words, so the inbox can say which one it was.
"""

HIDDEN = ("text",)
"""An answer's fields the inbox holds back until this person answered the same question."""

MAX_TEXT = 4000
MAX_REACTION = 24

PUT = "item.put"
"""A new item, or its author's newer version of it."""
DELETE = "item.delete"
"""The author took an item back."""
LEFT = "channel.left"
"""The sender left the channel; nothing more comes from them."""
OPS = (PUT, DELETE, LEFT)

ME = "me"
PARTNER = "partner"


def clean_reaction(text: str) -> str:
    """An emoji or one word."""
    clean = text.strip()
    if not clean or len(clean) > MAX_REACTION or any(c.isspace() for c in clean):
        raise UsageError(
            f"a reaction is one emoji or one word of up to {MAX_REACTION} characters, not {text!r}"
        )
    if not clean.isprintable():
        raise UsageError("a reaction holds a control character; use an emoji or a word")
    return clean


def body_of(kind: ItemKind, values: Mapping[str, Any]) -> dict[str, str]:
    """The body an item of `kind` carries: exactly its fields, each a non-empty text."""
    wanted = FIELDS[kind]
    if set(values) != set(wanted):
        raise ValueError(f"a {kind} item carries {', '.join(wanted)}, not {sorted(values)}")
    body: dict[str, str] = {}
    for name in wanted:
        value = values[name]
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
            raise ValueError(f"a {kind} item's {name} is not a text")
        body[name] = value
    return body


class Item(NamedTuple):
    """One thing that crossed, in either direction, as this journal keeps it."""

    id: str
    author: str  # ME or PARTNER
    kind: ItemKind
    day: date
    body: Mapping[str, str]
    stamp: str
    written_at: str
    edited: bool = False
    deleted: bool = False

    def put_payload(self) -> dict[str, Any]:
        """What `item.put` carries for this item."""
        return {
            "item": self.id,
            "kind": self.kind.value,
            "day": self.day.isoformat(),
            "body": dict(self.body),
            "written_at": self.written_at,
            "edited": self.edited,
        }

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Item:
        item_id, author, kind, day, body, stamp, written_at, edited_at, deleted_at = row
        return cls(
            item_id,
            author,
            ItemKind(kind),
            date.fromisoformat(day),
            json.loads(body),
            stamp,
            written_at,
            edited=edited_at is not None,
            deleted=deleted_at is not None,
        )


def withheld(item: Item) -> Item:
    """The item with the fields a hidden answer holds back taken out of its body."""
    body = {name: value for name, value in item.body.items() if name not in HIDDEN}
    return Item(
        item.id,
        item.author,
        item.kind,
        item.day,
        body,
        item.stamp,
        item.written_at,
        edited=item.edited,
        deleted=item.deleted,
    )


def incoming_put(payload: Mapping[str, Any], stamp: str) -> Item:
    """A partner's `item.put` as an item, or SyncFileUnreadable when it is malformed."""
    try:
        if set(payload) != {"item", "kind", "day", "body", "written_at", "edited"}:
            raise ValueError("unexpected fields")
        kind = ItemKind(payload["kind"])
        body = body_of(kind, payload["body"])
        if not isinstance(payload["item"], str) or not isinstance(payload["written_at"], str):
            raise ValueError("not text")
        return Item(
            payload["item"],
            PARTNER,
            kind,
            date.fromisoformat(payload["day"]),
            body,
            stamp,
            payload["written_at"],
            edited=bool(payload["edited"]),
        )
    except (ValueError, TypeError, AttributeError):
        raise SyncFileUnreadable("it holds an item this sparklog does not read") from None


def short_refs(ids: list[str], minimum: int = 4) -> dict[str, str]:
    """The shortest prefix of each id (at least `minimum` long) that no other id shares."""
    ordered = sorted(set(ids))
    refs: dict[str, str] = {}
    for index, item_id in enumerate(ordered):
        neighbours = ordered[max(index - 1, 0) : index] + ordered[index + 1 : index + 2]
        length = max([minimum, *(_common(item_id, other) + 1 for other in neighbours)])
        refs[item_id] = item_id[:length]
    return refs


def _common(one: str, other: str) -> int:
    count = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        count += 1
    return count
