"""The inbox: what the partner shared, newest first, with the reactions on each."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any, NamedTuple

from sparklog.partner.items import ME, PARTNER, Item, ItemKind, short_refs, withheld


class InboxRow(NamedTuple):
    """One thing from the partner (or their reaction to something of this person's)."""

    ref: str
    item: Item
    reactions: Sequence[tuple[str, str]] = ()
    """(who, reaction): "me" or "partner", and the emoji or word."""
    about: str | None = None
    """For a partner's reaction: the words of this person's item it answers."""
    hidden: bool = False
    """A partner's answer to a question this person has not answered yet: its words
    are not in `item` at all, so no view can show them by mistake."""

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "id": self.item.id,
            "kind": self.item.kind.value,
            "day": self.item.day.isoformat(),
            "written_at": self.item.written_at,
            "edited": self.item.edited,
            **dict(self.item.body),
            **({"about": self.about} if self.about is not None else {}),
            **({"hidden": self.hidden} if self.item.kind is ItemKind.ANSWER else {}),
            "reactions": [{"from": who, "reaction": what} for who, what in self.reactions],
        }


class Inbox(NamedTuple):
    partner: str | None
    """The partner's name; None when no partner was ever joined."""
    rows: list[InboxRow]
    they_left: str | None = None
    left: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "partner": self.partner,
            "they_left_at": self.they_left,
            "left_at": self.left,
            "items": [row.to_json() for row in self.rows],
        }


def build_inbox(
    items: Sequence[Item],
    *,
    partner: str | None,
    since: date | None = None,
    they_left: str | None = None,
    left: str | None = None,
    answered: Collection[tuple[str, date]] = (),
) -> Inbox:
    """The inbox of `items`; a partner's answer shows only when `answered` (this
    person's (question id, day) pairs) holds its question and day."""
    live = [item for item in items if not item.deleted]
    by_id = {item.id: item for item in live}
    refs = short_refs([item.id for item in live])
    reactions: dict[str, list[tuple[str, str]]] = {}
    rows: list[InboxRow] = []
    for item in sorted(live, key=lambda one: (one.stamp, one.id)):
        if item.kind is not ItemKind.REACTION:
            continue
        target = by_id.get(item.body["target"])
        if target is None:
            continue
        reactions.setdefault(target.id, []).append((item.author, item.body["reaction"]))
        if item.author == PARTNER and target.author == ME:
            about = target.body.get("text") or target.body.get("ritual") or ""
            rows.append(InboxRow(refs[item.id], item, about=about))
    for item in live:
        if item.author == PARTNER and item.kind is not ItemKind.REACTION:
            hidden = item.kind is ItemKind.ANSWER and (
                (item.body["question_id"], item.day) not in answered
            )
            shown = withheld(item) if hidden else item
            rows.append(InboxRow(refs[item.id], shown, reactions.get(item.id, ()), hidden=hidden))
    if since is not None:
        rows = [row for row in rows if row.item.day >= since]
    rows.sort(key=lambda row: (row.item.day, row.item.stamp), reverse=True)
    return Inbox(partner, rows, they_left=they_left, left=left)
