"""Writing the partner channel's tables through the write session.

`Writes.partner` hands one `PartnerWrites` to the use cases, in the same
transaction as the journal write it goes with.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from sparklog.errors import SyncFileUnreadable
from sparklog.partner.channel import OWN_ITEM, SETUP, Partner, own_version
from sparklog.partner.items import DELETE, ME, PARTNER, PUT, Item, incoming_put
from sparklog.store.models import (
    PartnerFileRow,
    PartnerItemRow,
    PartnerOutboxRow,
    PartnerRitualRow,
    PartnerRow,
    PartnerSelfRow,
)
from sparklog.sync.changes import Change, new_change
from sparklog.sync.hlc import Clock, Stamp, millis, new_device_id

IDENTITY = "identity"
"""partner_self key: the identity another device of this person's sent through device sync."""
ANNOUNCED = "announced"
"""partner_self key: the partner whose setup went into device sync."""
_PARTNER_FIELDS = ("id", "name", "public_key", "folder", "joined_at")

Recorder = Callable[[str, Mapping[str, Any]], Any]
"""Records one change in the device log (a no-op when the journal does not sync)."""


class PartnerWrites:
    """The channel's writes inside one journal transaction."""

    def __init__(self, session: Session, record: Recorder | None = None) -> None:
        self.session = session
        self._record = record

    def _value(self, key: str) -> str | None:
        row = self.session.get(PartnerSelfRow, key)
        return None if row is None else row.value

    def _set(self, key: str, value: str) -> None:
        row = self.session.get(PartnerSelfRow, key)
        if row is None:
            self.session.add(PartnerSelfRow(key=key, value=value))
        else:
            row.value = value
            self.session.add(row)
        self.session.flush()

    def own_id(self) -> str:
        """This person's channel id, made the first time it is needed."""
        found = self._value("id")
        if found is None:
            found = new_device_id()
            self._set("id", found)
        return found

    def set_name(self, name: str) -> None:
        self._set("name", name)

    def name(self) -> str | None:
        return self._value("name")

    def _clock(self) -> Clock:
        last = self._value("clock")
        return Clock(self.own_id(), Stamp.parse(last) if last else None)

    def _keep_clock(self, clock: Clock) -> None:
        self._set("clock", clock.last.text())

    def receive_stamps(self, stamps: Iterable[Stamp], now: datetime) -> None:
        """Our next stamps sort after everything the partner sent."""
        clock = self._clock()
        for stamp in stamps:
            clock.receive(stamp, millis(now))
        self._keep_clock(clock)

    def join(self, found: Partner) -> None:
        row = self.session.get(PartnerRow, found.id)
        if row is None:
            row = PartnerRow(**found._asdict())
        else:
            row.name, row.public_key, row.folder = found.name, found.public_key, found.folder
            row.joined_at, row.left_at = found.joined_at, None
        self.session.add(row)
        self.session.flush()

    def leave(self, partner_id: str, now: datetime) -> None:
        row = self.session.get(PartnerRow, partner_id)
        assert row is not None
        row.left_at = now.isoformat(timespec="seconds")
        self.session.add(row)

    def they_left(self, partner_id: str, at: str) -> None:
        row = self.session.get(PartnerRow, partner_id)
        if row is not None and row.they_left_at is None:
            row.they_left_at = at
            self.session.add(row)

    def send(self, op: str, payload: dict[str, Any], now: datetime) -> Change:
        """Queue one change for the partner, stamped by this person's clock."""
        clock = self._clock()
        change = new_change(clock, op, payload, millis(now))
        self._keep_clock(clock)
        self.session.add(
            PartnerOutboxRow(
                id=change.id,
                stamp=change.stamp.text(),
                op=change.op,
                payload=json.dumps(change.payload, sort_keys=True, ensure_ascii=False),
            )
        )
        return change

    def share(self, item: Item, now: datetime, *, source: str | None = None) -> Item:
        """Keep an item of this person's and queue it; its stamp is the change's."""
        change = self.send(PUT, item.put_payload(), now)
        self.session.add(
            PartnerItemRow(
                id=item.id,
                author=item.author,
                kind=item.kind.value,
                day=item.day,
                body=json.dumps(dict(item.body), ensure_ascii=False),
                stamp=change.stamp.text(),
                written_at=item.written_at,
                source=source,
            )
        )
        self.session.flush()
        if source is not None and self._record is not None:
            self._record(
                OWN_ITEM, {**item.put_payload(), "stamp": change.stamp.text(), "source": source}
            )
        return item

    def revise(self, item_id: str, body: dict[str, str], now: datetime) -> None:
        """The author's new words for an item already shared; the new version is queued.

        `body` holds the fields that changed; the others (an answer's question) stay.
        """
        row = self.session.get(PartnerItemRow, item_id)
        if row is None or row.deleted_at is not None:
            return
        row.body = json.dumps({**json.loads(row.body), **body}, ensure_ascii=False)
        row.edited_at = now.isoformat(timespec="seconds")
        item = Item.from_row(_item_tuple(row))
        change = self.send(PUT, item.put_payload(), now)
        row.stamp = change.stamp.text()
        self.session.add(row)
        self._drop_unsent(item_id, keep=change.id)

    def take_back(self, item_id: str, now: datetime) -> None:
        """The author deletes a shared item: its words go here, and the delete travels."""
        row = self.session.get(PartnerItemRow, item_id)
        if row is None or row.deleted_at is not None:
            return
        self._forget(row, now.isoformat(timespec="seconds"))
        if self._drop_unsent(item_id):
            self.send(DELETE, {"item": item_id}, now)

    def _drop_unsent(self, item_id: str, keep: str | None = None) -> bool:
        """Older versions not yet sent never leave; sent ones lose their words here.

        Returns whether a version of the item was sent already (so the partner has it).
        """
        was_sent = False
        rows = self.session.exec(select(PartnerOutboxRow).where(PartnerOutboxRow.op == PUT))
        for row in rows:
            if row.id == keep or json.loads(row.payload).get("item") != item_id:
                continue
            if row.sent is None:
                self.session.delete(row)
            else:
                was_sent = True
                row.payload = json.dumps({"item": item_id})
                self.session.add(row)
        return was_sent

    def _forget(self, row: PartnerItemRow, at: str) -> None:
        row.body = "{}"
        row.deleted_at = at
        self.session.add(row)

    def share_ritual(self, ritual_id: str) -> None:
        self.session.add(PartnerRitualRow(ritual_id=ritual_id))

    def mark_sent(self, change_ids: Collection[str], file_names: Collection[str]) -> None:
        name = ",".join(file_names)
        for row in self.session.exec(
            select(PartnerOutboxRow).where(PartnerOutboxRow.id.in_(list(change_ids)))  # type: ignore[attr-defined]
        ):
            row.sent = name
            self.session.add(row)

    def apply_put(self, item: Item) -> bool:
        """An item or newer version from its author; returns whether anything changed.

        The author is the partner, or this person on another of their devices
        (`item.author` says which). A put never touches the other person's items
        (one naming them is ignored), a deleted item stays deleted, and an older
        version than the one kept changes nothing, so applying twice, or once from
        the couple's folder and once through device sync, is harmless.
        """
        row = self.session.get(PartnerItemRow, item.id)
        if row is not None and (
            row.author != item.author or row.deleted_at is not None or row.stamp >= item.stamp
        ):
            return False
        if row is None:
            row = PartnerItemRow(
                id=item.id,
                author=item.author,
                kind=item.kind.value,
                day=item.day,
                body="",
                stamp=item.stamp,
                written_at=item.written_at,
            )
        elif row.kind != item.kind.value:
            return False
        row.body = json.dumps(dict(item.body), ensure_ascii=False)
        row.day = item.day
        row.stamp = item.stamp
        row.edited_at = item.written_at if item.edited else None
        self.session.add(row)
        self.session.flush()
        return True

    def apply_delete(self, item_id: str, stamp: str, at: str, *, author: str = PARTNER) -> bool:
        row = self.session.get(PartnerItemRow, item_id)
        if row is None:
            # The delete came before the item (files arrive in any order): keep a
            # stub, so the item, when it comes, stays deleted.
            self.session.add(
                PartnerItemRow(
                    id=item_id,
                    author=author,
                    kind="message",
                    day=date.fromisoformat(at[:10]),
                    body="{}",
                    stamp=stamp,
                    written_at=at,
                    deleted_at=at,
                )
            )
            self.session.flush()
            return True
        if row.author != author or row.deleted_at is not None:
            return False
        self._forget(row, at)
        return True

    # --- this person's other devices (through device sync) -------------------------

    def adopt(self, setup: Mapping[str, Any]) -> bool:
        """Take on the channel another of this person's devices joined.

        Only a journal that never joined a partner takes it: its channel id,
        name, identity and partner become the other device's, so both write
        as one person. Returns whether it was taken.
        """
        try:
            own_id, name, identity = setup["id"], setup["name"], setup["identity"]
            joined = Partner(**{key: setup["partner"][key] for key in _PARTNER_FIELDS})
        except (KeyError, TypeError):
            return False
        if not all(isinstance(value, str) for value in (own_id, name, identity)):
            return False
        if self.session.exec(select(PartnerRow)).first() is not None:
            return False  # joined here already (this channel, or one of its own)
        # An invite made here but never joined gives way: its code named an id
        # nobody joined with (its key file, if one was made, must be moved away).
        self._set("id", own_id)
        self._set("name", name)
        self._set(IDENTITY, identity)
        self._set(ANNOUNCED, joined.id)
        self.join(joined)
        return True

    def announced(self) -> str | None:
        """The partner whose setup this journal's device log carries already."""
        return self._value(ANNOUNCED)

    def set_announced(self, partner_id: str) -> None:
        self._set(ANNOUNCED, partner_id)

    def apply_from_device(self, op: str, payload: Mapping[str, Any]) -> bool:
        """A partner change another device of this person's sent through device sync."""
        if op == SETUP:
            return self.adopt(payload)
        fields = {key: value for key, value in payload.items() if key not in ("stamp", "source")}
        stamp, source = payload.get("stamp"), payload.get("source")
        if not isinstance(stamp, str) or not isinstance(source, str):
            return False
        try:
            item = own_version(incoming_put(fields, stamp))
        except SyncFileUnreadable:
            return False
        changed = self.apply_put(item)
        self.source_of(item.id, source)
        return changed

    def source_of(self, item_id: str, source: str) -> None:
        """The journal record an own item was shared from (another device shared it)."""
        row = self.session.get(PartnerItemRow, item_id)
        if row is not None and row.author == ME and row.source is None:
            row.source = source
            self.session.add(row)
            self.session.flush()

    def record_file(self, name: str, changes: int, at: datetime) -> None:
        self.session.add(
            PartnerFileRow(name=name, read_at=at.isoformat(timespec="seconds"), changes=changes)
        )


def _item_tuple(row: PartnerItemRow) -> tuple[Any, ...]:
    return (
        row.id,
        row.author,
        row.kind,
        row.day.isoformat(),
        row.body,
        row.stamp,
        row.written_at,
        row.edited_at,
        row.deleted_at,
    )
