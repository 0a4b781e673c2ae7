"""The two people on a channel, as this journal knows them."""

from __future__ import annotations

from typing import Any, NamedTuple

from sparklog.partner.items import ME, Item

SETUP = "partner.setup"
"""Device sync: this person's channel (id, name, identity, partner) for their other devices."""
OWN_ITEM = "partner.item"
"""Device sync: an item this person shared from a journal record, with that record's id,
so an edit or delete of the record on another device reaches the item."""
DEVICE_OPS = (SETUP, OWN_ITEM)


class Partner(NamedTuple):
    """The person joined with: who, the key their files are for, the couple's folder."""

    id: str
    name: str
    public_key: str
    folder: str
    joined_at: str
    left_at: str | None = None
    they_left_at: str | None = None

    @property
    def active(self) -> bool:
        return self.left_at is None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "folder": self.folder,
            "joined_at": self.joined_at,
            "left_at": self.left_at,
            "they_left_at": self.they_left_at,
        }


class Me(NamedTuple):
    """This person on the channel: the id naming their folder, the name the partner sees."""

    id: str | None
    name: str | None


def own_version(item: Item) -> Item:
    """An incoming item as this person's own: one of their other devices wrote it."""
    return Item(
        item.id,
        ME,
        item.kind,
        item.day,
        item.body,
        item.stamp,
        item.written_at,
        edited=item.edited,
        deleted=item.deleted,
    )
