"""The partner channel's use cases: invite, join, share, exchange, react, leave, the inbox.

Marking what to share is `app/sharing.py`'s, in the write it goes with;
`exchange` is the only one that touches the couple's folder: it writes
this person's new items as one file encrypted to both partners' keys, then
reads the partner's new files. Nothing but what was marked is ever written there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sparklog.app.journal import write
from sparklog.app.sharing import own_item
from sparklog.errors import Conflict, NotFound, SyncError, UsageError
from sparklog.partner import invite as codes
from sparklog.partner.channel import SETUP, Partner, own_version
from sparklog.partner.inbox import Inbox, build_inbox
from sparklog.partner.items import (
    DELETE,
    LEFT,
    ME,
    PARTNER,
    PUT,
    Item,
    ItemKind,
    clean_reaction,
    incoming_put,
    short_refs,
)
from sparklog.store import partner as read
from sparklog.store.files import sync_lock
from sparklog.sync import crypto, folder
from sparklog.sync.changes import Change, decode_batch, merge_order, new_change
from sparklog.sync.hlc import Clock, Stamp, millis

if TYPE_CHECKING:
    from sparklog.app.journal import Writes
    from sparklog.app.journal_ref import JournalRef


# --- who is on the channel ------------------------------------------------------


def invite(journal: JournalRef, key_path: Path, *, name: str | None) -> str:
    """`partner invite`: the one-line code; the identity is made the first time."""
    with write(journal) as changes:
        own_id = changes.partner.own_id()
        if name is not None:
            changes.partner.set_name(codes.clean_name(name))
        chosen = changes.partner.name()
        if chosen is None:
            raise UsageError(
                "say what your partner should call you the first time:"
                " sparklog partner invite --name NAME"
            )
        if not key_path.exists():
            folder.save_identity(key_path, crypto.generate_identity())
        public = crypto.public_key(_identity(key_path))
        return codes.encode(codes.Invite(own_id, public, chosen))


def join(journal: JournalRef, key_path: Path, code: str, where: Path, *, now: datetime) -> Partner:
    """`partner join`: remember the partner's key and name, and the couple's folder."""
    found = codes.decode(code)
    if not key_path.exists():
        raise NotFound(
            "run sparklog partner invite first: your partner needs your code too,"
            " and it makes this device's key"
        )
    identity = _identity(key_path)
    public = crypto.public_key(identity)
    root = where.expanduser().resolve()
    folder.check_folder(root, write=True)
    with write(journal) as changes:
        own_id = changes.partner.own_id()
        if found.channel_id == own_id or found.public_key == public:
            raise UsageError("that is your own invite code; join with your partner's code")
        current = read.partner(changes.reads)
        if current is not None and current.active and current.id != found.channel_id:
            raise Conflict(
                f"you are joined with {current.name} already; run sparklog partner leave first"
            )
        joined = Partner(
            found.channel_id,
            found.name,
            found.public_key,
            str(root),
            now.isoformat(timespec="seconds"),
        )
        changes.partner.join(joined)
        _announce(changes, identity, joined)
        return joined


def partner_info(journal: JournalRef) -> Partner | None:
    """The partner for `info`, if one was joined."""
    with journal.read() as reader, reader.transaction() as conn:
        return read.partner(conn)


def send_message(journal: JournalRef, text: str, day: date, *, now: datetime) -> Item:
    """`share --send`: the day's (or week's) appreciations as one message."""
    with write(journal) as changes:
        return changes.partner.share(own_item(ItemKind.MESSAGE, day, {"text": text}, now), now)


def react(journal: JournalRef, ref: str, reaction: str, *, now: datetime) -> Item:
    """`partner react`: a small answer to one of the partner's items."""
    clean = clean_reaction(reaction)
    wanted = ref.strip().lower()
    with write(journal) as changes:
        items = [item for item in read.items(changes.reads) if not item.deleted]
        refs = short_refs([item.id for item in items])
        matches = [
            item
            for item in items
            if item.author == PARTNER
            and item.kind is not ItemKind.REACTION
            and (refs[item.id] == wanted or (len(wanted) >= 4 and item.id.startswith(wanted)))
        ]
        if not matches:
            raise NotFound(f"nothing from your partner has the ref {ref!r}; see sparklog partner")
        if len(matches) > 1:
            raise UsageError(f"{ref!r} names more than one item; type more of its ref")
        body = {"target": matches[0].id, "reaction": clean}
        changes.partner.share(own_item(ItemKind.REACTION, matches[0].day, body, now), now)
        return matches[0]


# --- the exchange ------------------------------------------------------------------


@dataclass
class Exchanged:
    """What one exchange did: changes sent and taken in (new items, edits, deletes),
    and one line per file skipped."""

    partner: str
    sent: int = 0
    received: int = 0
    notes: list[str] = field(default_factory=list)
    they_left: bool = False
    own: int = 0
    """Changes taken in from this person's other devices (what they shared, edits, deletes)."""
    left_elsewhere: bool = False
    """This person left the channel on another of their devices; so has this one now."""


def exchange(
    journal: JournalRef,
    key_path: Path,
    *,
    now: datetime,
    send: bool = True,
    receive: bool = True,
) -> Exchanged:
    """`partner sync`: write this device's new items, read every file it has not read.

    Those are the partner's and this person's other devices' (encrypted to the
    same identity): their own shares, edits, deletes and reactions, so every
    device of the person holds the same items and shows the same inbox.
    `send` or `receive` alone is half of it, for `[sync] auto`. Under the
    journal's sync lock, so two exchanges at once never write the same items
    twice or apply one file twice: the second waits, then sees what the first did.
    """
    with sync_lock(journal.path):
        return _exchange(journal, key_path, now, send=send, receive=receive)


def _exchange(
    journal: JournalRef, key_path: Path, now: datetime, *, send: bool, receive: bool
) -> Exchanged:
    with journal.read() as reader, reader.transaction() as conn:
        me, current = read.me(conn), read.partner(conn)
        pending = read.unsent(conn) if send else []
        seen = read.seen_files(conn)
        received = read.received_identity(conn)
        announce = current is not None and read.announce_pending(conn, current.id)
    current = _joined(current)
    identity = _identity(key_path, received)
    if current.they_left_at is not None:
        raise SyncError(
            f"{current.name} left the partner channel on {current.they_left_at[:10]};"
            " nothing more is exchanged (what came stays in sparklog partner)"
        )
    assert me.id is not None
    root = Path(current.folder)
    report = Exchanged(current.name)
    recipients = [crypto.public_key(identity), current.public_key]
    names = folder.publish(root, me.id, pending, recipients) if pending else []
    incoming, notes = (
        _collect(root, me.id, current, seen | set(names), identity) if receive else ([], [])
    )
    report.notes = notes
    if not pending and not incoming and not announce:
        return report
    with write(journal) as changes:
        if pending:
            changes.partner.mark_sent([change.id for change in pending], names)
            report.sent = sum(1 for change in pending if change.op != LEFT)
            for name in names:
                changes.partner.record_file(name, 0, now)
        _announce(changes, identity, current)
        stamps: list[Stamp] = []
        for name, batch in incoming:
            own = name.split("/", 1)[0] == me.id
            for change in merge_order(batch):
                stamps.append(change.stamp)
                try:
                    changed = _apply(changes, current, change, now, own=own)
                except SyncError as exc:
                    report.notes.append(f"skipped a change in {name}: {exc.message}")
                    continue
                if change.op == LEFT:
                    report.left_elsewhere |= own
                    report.they_left |= not own
                elif changed and own:
                    report.own += 1
                elif changed:
                    report.received += 1
            changes.partner.record_file(name, len(batch), now)
        changes.partner.receive_stamps(stamps, now)
    return report


def _announce(changes: Writes, identity: str, current: Partner) -> None:
    """Put the channel into device sync once, for this person's other devices.

    It travels like every change of the journal, encrypted with the sync key,
    so the identity reaches only this person's own devices. A journal that does
    not sync records nothing, and announces at its next exchange once it does.
    """
    if changes.partner.announced() == current.id:
        return
    me = read.me(changes.reads)
    setup = {
        "id": me.id,
        "name": me.name,
        "identity": identity,
        "partner": {
            "id": current.id,
            "name": current.name,
            "public_key": current.public_key,
            "folder": current.folder,
            "joined_at": current.joined_at,
        },
    }
    if changes.record(SETUP, setup) is not None:
        changes.partner.set_announced(current.id)


def _apply(changes: Writes, current: Partner, change: Change, now: datetime, *, own: bool) -> bool:
    at = now.isoformat(timespec="seconds")
    if change.op == PUT:
        item = incoming_put(change.payload, change.stamp.text())
        return changes.partner.apply_put(own_version(item) if own else item)
    if change.op == DELETE:
        target = change.payload.get("item")
        if not isinstance(target, str):
            raise SyncError("a delete that names no item")
        return changes.partner.apply_delete(
            target, change.stamp.text(), at, author=ME if own else PARTNER
        )
    if change.op == LEFT:
        if own:
            changes.partner.leave(current.id, now)
        else:
            changes.partner.they_left(current.id, at)
        return True
    raise SyncError(f"an op this sparklog does not know ({change.op}); upgrade sparklog")


def _collect(
    root: Path, own: str, current: Partner, seen: set[str], identity: str
) -> tuple[list[tuple[str, list[Change]]], list[str]]:
    """The new files of both people opened; one line for each one skipped, one per stranger.

    This person's own folder holds what their other devices wrote; the files this
    device wrote itself are in `seen`.
    """
    scan = folder.list_new(root, "", seen)
    people = (own, current.id)
    notes: list[str] = []
    strangers: dict[str, int] = {}
    for skipped in scan.skipped:
        device = skipped.name.split("/", 1)[0]
        if device in people:
            notes.append(skipped.line())
    incoming: list[tuple[str, list[Change]]] = []
    for name in scan.new:
        device = name.split("/", 1)[0]
        if device not in people:
            strangers[device] = strangers.get(device, 0) + 1
            continue
        try:
            opened = crypto.open_sealed(folder.read_file(root, name), [identity])
            batch = decode_batch(opened)
            if any(change.device != device for change in batch):
                raise SyncError("it holds changes of someone else than its folder's")
        except SyncError as exc:
            notes.append(f"skipped {name}: {exc.message}")
            continue
        except OSError as exc:
            notes.append(f"skipped {name}: it cannot be read ({exc.strerror})")
            continue
        incoming.append((name, batch))
    for device, count in sorted(strangers.items()):
        files = "file" if count == 1 else "files"
        notes.append(f"ignored {count} {files} in {device}/: not your partner's")
    return incoming, notes


def leave(journal: JournalRef, key_path: Path, *, now: datetime) -> Exchanged:
    """`partner leave`: send what is pending and a "left" item, then stop.

    The partner learns it at their next exchange. If the folder cannot be
    written, nothing changes here and leave can be run again.
    """
    with sync_lock(journal.path):
        return _leave(journal, key_path, now)


def _leave(journal: JournalRef, key_path: Path, now: datetime) -> Exchanged:
    with journal.read() as reader, reader.transaction() as conn:
        me, current = read.me(conn), read.partner(conn)
        pending = read.unsent(conn)
        last = conn.execute("SELECT value FROM partner_self WHERE key = 'clock'").fetchone()
        received = read.received_identity(conn)
    current = _joined(current)
    identity = _identity(key_path, received)
    assert me.id is not None
    clock = Clock(me.id, Stamp.parse(last[0]) if last else None)
    goodbye = new_change(clock, LEFT, {}, millis(now))
    outgoing = [*pending, goodbye]
    report = Exchanged(current.name, sent=len(pending))
    recipients = [crypto.public_key(identity), current.public_key]
    names: list[str] = []
    if current.they_left_at is None:
        names = folder.publish(Path(current.folder), me.id, outgoing, recipients)
    with write(journal) as changes:
        changes.partner.mark_sent([change.id for change in pending], names)
        for name in names:
            changes.partner.record_file(name, 0, now)
        changes.partner.receive_stamps([goodbye.stamp], now)
        changes.partner.leave(current.id, now)
    return report


def _joined(current: Partner | None) -> Partner:
    if current is None:
        raise NotFound(
            "no partner joined yet; swap codes (sparklog partner invite) and run"
            " sparklog partner join CODE --folder FOLDER"
        )
    if not current.active:
        raise SyncError(
            f"you left the partner channel with {current.name} on {(current.left_at or '?')[:10]};"
            " join again to exchange (what came stays in sparklog partner)"
        )
    return current


def _identity(key_path: Path, received: str | None = None) -> str:
    """This person's identity: the key file's, or the one device sync brought (then saved)."""
    if received is not None and not key_path.exists():
        folder.save_identity(key_path, received)
    if not key_path.exists():
        raise NotFound("this device has no partner key yet; run sparklog partner invite first")
    identity = folder.load_identity(key_path)
    if received is not None and identity != received:
        raise Conflict(
            f"this device's partner key {key_path} is not the one your other devices use;"
            " move it away and run sparklog partner sync again"
        )
    return identity


# --- the inbox -----------------------------------------------------------------------


def inbox(journal: JournalRef, *, since: date | None = None) -> Inbox:
    """`partner`: what the partner shared, newest first."""
    with journal.read() as reader, reader.transaction() as conn:
        current = read.partner(conn)
        items = read.items(conn)
        answered = read.answered(conn, items)
    return build_inbox(
        items,
        partner=current.name if current else None,
        since=since,
        they_left=current.they_left_at if current else None,
        left=current.left_at if current else None,
        answered=answered,
    )
