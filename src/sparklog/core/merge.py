"""How changes from several devices merge: each item settled from every change about it.

Pure: changes go in, the state an item must have comes out. Each function takes
the whole set of changes about one thing (an entry, the rituals, one ritual day,
the important dates) and looks at them only in `merge_order` (stamp, then id),
so the same set gives the same state whatever order the changes arrived in and
however often one arrived. The store writes the result (`sparklog.store.changes`).

The ops and their payloads (ids are UUIDs, days ISO dates, times ISO instants):

- `entry.add` {id, kind, date, written_at, text, tags, lang, and the kind's own
  fields, `slot` among them}: the journal day and the time written never change.
- `entry.edit` {id, edited_at, and the fields it sets, e.g. text, tags, lang}.
- `entry.delete` {id, deleted_at}.
- `ritual.add` {id, name, cadence, created, archived}.
- `ritual.rename` {ritual, name}; `ritual.archive` {ritual, day};
  `ritual.unarchive` {ritual}; `ritual.pause` {ritual, id, from, to};
  `ritual.unpause` {ritual, pauses: [pause ids]}.
- `ritual.check` {ritual, day, id, written_at}; `ritual.undo` {ritual, day};
  `ritual.skip` {ritual, day, id, written_at, mark: "skip" | "no"}.
- `date.add` {id, name, day, yearly, together}; `date.remove` {name}.

An op this sparklog does not know, or a payload it cannot read, is kept in the
log and changes nothing, the same on every device.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from sparklog.core.names import name_key
from sparklog.core.rituals import Cadence
from sparklog.core.three import SLOTS, Claim, keeper
from sparklog.errors import SparklogError, SyncError
from sparklog.sync.changes import Change, merge_order
from sparklog.sync.hlc import Stamp

ENTRY_OPS = ("entry.add", "entry.edit", "entry.delete", "entry.revision")
"""`entry.revision` carries a version kept beside an entry that no change here wrote
(one an import brought): `revision` is its id, with its `stamp`, `saved_at` and `version`."""
RITUAL_OPS = (
    "ritual.add",
    "ritual.rename",
    "ritual.archive",
    "ritual.unarchive",
    "ritual.pause",
    "ritual.unpause",
)
MARK_OPS = ("ritual.check", "ritual.undo", "ritual.skip")
DATE_OPS = ("date.add", "date.remove")
OPS = frozenset((*ENTRY_OPS, *RITUAL_OPS, *MARK_OPS, *DATE_OPS))

ENTRY_FIXED = ("id", "kind", "date", "written_at", "slot")
"""Fields an entry keeps from when it was written: an edit never changes them."""
NOT_CONTENT = (*ENTRY_FIXED, "edited_at", "base")
"""Fields of an add or edit that are not what the person wrote."""

FUTURE_BOUND_MS = 7 * 24 * 3600 * 1000
"""How far ahead of this device's clock another device's stamp may pull it (a week).

A change stamped further ahead still sorts where its stamp says, but this
device's clock follows it only this far, so one device whose clock is set years
ahead cannot drag every later stamp there. A clock a day or two off still merges
by the rules: what a device writes after seeing a change sorts after it.
"""

INVALID = "invalid"


def subject(op: str, payload: Mapping[str, Any]) -> str:
    """What a change is about: the key under which the store finds its fellows."""
    try:
        if op in ENTRY_OPS:
            return f"entry:{_text(payload, 'id')}"
        if op == "ritual.add":
            return f"ritual:{_text(payload, 'id')}"
        if op in RITUAL_OPS:
            return f"ritual:{_text(payload, 'ritual')}"
        if op in MARK_OPS:
            return f"mark:{_text(payload, 'ritual')}:{_text(payload, 'day')}"
        if op in DATE_OPS:
            return f"date:{name_key(_text(payload, 'name'))}"
    except (KeyError, TypeError, ValueError):
        return INVALID
    return f"other:{op}"


def _text(payload: Mapping[str, Any], key: str) -> str:
    value = payload[key]
    if not isinstance(value, str) or not value:
        raise ValueError(key)
    return value


def _day(payload: Mapping[str, Any], key: str) -> str:
    """An ISO day from a payload, checked (a day that does not parse is no day)."""
    return date.fromisoformat(_text(payload, key)).isoformat()


def learned(remote: Stamp, now_ms: int) -> Stamp:
    """The part of a remote stamp this device's clock takes in (see FUTURE_BOUND_MS)."""
    bound = now_ms + FUTURE_BOUND_MS
    if remote.wall_ms <= bound:
        return remote
    return Stamp(bound, 0, remote.device)


# --- entries ------------------------------------------------------------------------


class Version(NamedTuple):
    """One state of an entry's content, as the change that wrote it left it."""

    change_id: str
    stamp: Stamp
    saved_at: str
    content: dict[str, Any]
    base: str | None = None
    """The version this one edited (None for an add)."""
    edited_at: str | None = None

    @property
    def text(self) -> str:
        return str(self.content.get("text", ""))


@dataclass(frozen=True)
class EntryState:
    """What an entry must be: its fixed fields and content, or deleted; and its revisions."""

    id: str
    fixed: dict[str, Any] | None
    """The `entry.add` fields an edit never changes (None: deleted, or not arrived yet)."""
    content: dict[str, Any] = field(default_factory=dict)
    edited_at: str | None = None
    deleted_at: str | None = None
    revisions: tuple[Version, ...] = ()
    winner: str | None = None
    """The change whose version the entry holds: an edit names it as its base."""


def settle_entry(entry_id: str, changes: Iterable[Change]) -> EntryState | None:
    """An entry from every change about it; None when nothing says it exists yet.

    - The earliest `entry.add` fixes its kind, day, time written and asked slot.
    - Each edit names the version it edited (`base`, a change id); the version
      with the latest stamp wins, and every other version that it does not
      descend from (an edit made elsewhere meanwhile) is kept as a revision, so
      no word typed on any device is lost. Versions it replaced in turn are not.
    - A delete wins over everything stamped before it, and nothing stamped after
      it brings the entry back: those later versions are kept as revisions of
      the deleted id, so their words survive.
    """
    everything = merge_order(list(changes))
    ordered = [c for c in everything if _valid_entry_change(c)]
    carried = _carried(everything)
    adds = [c for c in ordered if c.op == "entry.add"]
    deletes = [c for c in ordered if c.op == "entry.delete"]
    versions = _versions(ordered)
    if deletes:
        first = deletes[0]
        deleted_at = str(first.payload["deleted_at"])
        later = [version for version in versions if version.stamp > first.stamp]
        later += [version for version in carried if _saved_after(version, deleted_at)]
        return EntryState(
            entry_id,
            None,
            deleted_at=deleted_at,
            revisions=_distinct(later, final=None),
        )
    if not adds:
        return None
    final = versions[-1]
    replaced = _ancestors(final, versions)
    by_id = {version.change_id for version in versions}
    edited_at = final.edited_at
    fixed = {key: adds[0].payload.get(key) for key in ENTRY_FIXED}
    return EntryState(
        entry_id,
        fixed,
        content=final.content,
        edited_at=edited_at,
        winner=final.change_id,
        revisions=_distinct(
            [version for version in versions[:-1] if version.change_id not in replaced]
            + [version for version in carried if version.change_id not in by_id],
            final=final,
        ),
    )


def scrubbed(changes: Iterable[Change]) -> dict[str, dict[str, Any]]:
    """The payloads of a deleted entry's earlier versions without the words they held.

    Everything stamped before the first delete loses its content (text, tags,
    reframe, ...) in the log too, so the deleted words leave this device's
    journal file; what was stamped after it is kept (those are revisions).
    """
    ordered = merge_order(list(changes))
    deletes = [c for c in ordered if c.op == "entry.delete" and _valid_entry_change(c)]
    if not deletes:
        return {}
    first = deletes[0].stamp
    found = {
        change.id: {key: value for key, value in change.payload.items() if key in NOT_CONTENT}
        for change in ordered
        if change.op in ("entry.add", "entry.edit")
        and change.stamp < first
        and any(key not in NOT_CONTENT for key in change.payload)
    }
    deleted_at = str(deletes[0].payload["deleted_at"])
    for change in ordered:
        carried = _carried([change])
        if carried and not _saved_after(carried[0], deleted_at):
            found[change.id] = {key: change.payload[key] for key in ("id", "revision")}
    return found


def _carried(ordered: Iterable[Change]) -> list[Version]:
    """The versions `entry.revision` changes carry, each once (by its own id)."""
    found: dict[str, Version] = {}
    for change in ordered:
        payload = change.payload
        if change.op != "entry.revision":
            continue
        revision, stamp, saved_at, content = (
            payload.get(key) for key in ("revision", "stamp", "saved_at", "version")
        )
        if not (
            isinstance(revision, str)
            and isinstance(stamp, str)
            and isinstance(saved_at, str)
            and isinstance(content, dict)
            and isinstance(content.get("text"), str)
        ):
            continue  # a malformed one, or one whose words a delete scrubbed
        try:
            parsed = Stamp.parse(stamp)
        except SyncError:
            continue
        found.setdefault(revision, Version(revision, parsed, saved_at, dict(content)))
    return list(found.values())


def _saved_after(version: Version, deleted_at: str) -> bool:
    """A version saved after a delete (a delete covers what was saved before it)."""
    try:
        return datetime.fromisoformat(version.saved_at) > datetime.fromisoformat(deleted_at)
    except ValueError:
        return False


def _valid_entry_change(change: Change) -> bool:
    payload = change.payload
    if change.op == "entry.add":
        needed = {"kind": str, "date": str, "written_at": str}
    elif change.op == "entry.edit":
        needed = {"edited_at": str}
    elif change.op == "entry.delete":
        needed = {"deleted_at": str}
    else:
        return False
    if "text" in payload and not isinstance(payload["text"], str):
        return False
    return all(isinstance(payload.get(key), kind) for key, kind in needed.items())


def _content(payload: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in payload.items() if key not in NOT_CONTENT}


def _versions(ordered: Sequence[Change]) -> list[Version]:
    """Each add and edit with the entry's content right after it, in merge order.

    An edit changes the version it names as its base (else the one before it).
    """
    by_id: dict[str, Version] = {}
    versions: list[Version] = []
    for change in ordered:
        if change.op == "entry.delete":
            continue
        base = change.payload.get("base") if change.op == "entry.edit" else None
        parent = by_id.get(base) if isinstance(base, str) else None
        if parent is None and change.op == "entry.edit" and versions:
            parent = versions[-1]
        content = {**(parent.content if parent else {}), **_content(change.payload)}
        edited_at = change.payload.get("edited_at")
        version = Version(
            change.id,
            change.stamp,
            str(change.payload["edited_at" if change.op == "entry.edit" else "written_at"]),
            content,
            parent.change_id if parent else None,
            edited_at if isinstance(edited_at, str) else None,
        )
        by_id[change.id] = version
        versions.append(version)
    return versions


def _ancestors(version: Version, versions: Sequence[Version]) -> set[str]:
    """The versions `version` was made from, one edit at a time."""
    by_id = {item.change_id: item for item in versions}
    found: set[str] = set()
    current = version.base
    while current is not None and current not in found:
        found.add(current)
        parent = by_id.get(current)
        current = parent.base if parent else None
    return found


def _distinct(versions: Iterable[Version], final: Version | None) -> tuple[Version, ...]:
    """Versions with content unlike the final one's and each other's (the earliest of equals)."""
    seen = {_canonical(final.content)} if final is not None else set()
    kept = []
    for version in versions:
        key = _canonical(version.content)
        if key not in seen:
            seen.add(key)
            kept.append(version)
    return tuple(kept)


def _canonical(content: Mapping[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False)


def settle_slots(claims: Iterable[tuple[str, int, datetime]]) -> dict[str, int | None]:
    """A day's three-things items: which keep their slot (by `keeper`), which become plain.

    `claims` are (entry id, slot asked for, time written) of the day's live
    items. The earliest written keeps each slot; every other item is kept whole
    as a plain appreciation of the day (None).
    """
    by_slot: dict[int, list[Claim]] = {}
    result: dict[str, int | None] = {}
    for entry_id, slot, written_at in claims:
        result[entry_id] = None
        if slot in SLOTS:
            by_slot.setdefault(slot, []).append((written_at, entry_id))
    for slot, held in by_slot.items():
        result[keeper(*held)[1]] = slot
    return result


# --- rituals ------------------------------------------------------------------------


@dataclass
class RitualState:
    """A ritual as every device must hold it, under its survivor's id."""

    id: str
    name: str
    cadence: str
    created: str
    archived: str | None
    stamp: Stamp
    aliases: set[str] = field(default_factory=set)
    pauses: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return name_key(self.name)


def settle_rituals(changes: Iterable[Change]) -> list[RitualState]:
    """Every ritual from the ritual changes (not the check-offs), oldest first.

    Read in merge order: a `ritual.add` whose name (any case) is the current
    name of a ritual already there joins it, so rituals created under one name
    on two devices are one, living on as the earlier one (its id, cadence and
    created day). Renames, archives and pauses of either id apply to it. If
    concurrent renames leave two rituals with one name, the later one is told
    apart as "Name (2)".
    """
    groups: dict[str, RitualState] = {}
    alias: dict[str, str] = {}
    unpaused: set[str] = set()
    for change in merge_order(list(changes)):
        payload = change.payload
        try:
            if change.op == "ritual.add":
                _add_ritual(change, groups, alias)
                continue
            if change.op not in RITUAL_OPS:
                continue
            target = groups.get(alias.get(str(payload["ritual"]), ""))
            if target is None:
                continue  # its ritual.add has not arrived
            if change.op == "ritual.rename":
                target.name = _text(payload, "name")
            elif change.op == "ritual.archive":
                target.archived = _day(payload, "day")
            elif change.op == "ritual.unarchive":
                target.archived = None
            elif change.op == "ritual.pause":
                target.pauses[_text(payload, "id")] = (
                    _day(payload, "from"),
                    _day(payload, "to"),
                )
            elif change.op == "ritual.unpause":
                unpaused.update(str(item) for item in payload["pauses"])
        except (KeyError, TypeError, ValueError, SparklogError):
            continue
    settled = sorted(groups.values(), key=lambda group: group.stamp)
    for group in settled:
        spans: dict[tuple[str, str], str] = {}
        for pause_id, span in sorted(group.pauses.items()):
            if pause_id not in unpaused:
                spans.setdefault(span, pause_id)
        group.pauses = {pause_id: span for span, pause_id in spans.items()}
    return settled


def _add_ritual(change: Change, groups: dict[str, RitualState], alias: dict[str, str]) -> None:
    payload = change.payload
    ritual_id, name = _text(payload, "id"), _text(payload, "name")
    archived = payload.get("archived")
    if archived is not None:
        archived = _day(payload, "archived")
    if ritual_id in alias:  # published again (a device joined a second time)
        group = groups[alias[ritual_id]]
        group.name = name
        group.archived = archived if isinstance(archived, str) else None
        return
    key = name_key(name)
    same = next((group for group in groups.values() if group.key == key), None)
    if same is not None:
        same.aliases.add(ritual_id)
        alias[ritual_id] = same.id
        return
    groups[ritual_id] = RitualState(
        ritual_id,
        name,
        Cadence.parse(_text(payload, "cadence")).label,
        _day(payload, "created"),
        archived if isinstance(archived, str) else None,
        change.stamp,
        {ritual_id},
    )
    alias[ritual_id] = ritual_id


def distinct_names(rituals: Sequence[RitualState], taken: Iterable[str] = ()) -> None:
    """Tell apart rituals that concurrent renames left with one name: "Walk (2)"."""
    keys = set(taken)
    for group in rituals:
        base, number = group.name, 1
        while group.key in keys:
            number += 1
            group.name = f"{base} ({number})"
        keys.add(group.key)


class MarkState(NamedTuple):
    """What a ritual's day holds: a check-off, a skip or 'no' mark, or nothing."""

    mark: str | None
    """'check', 'skip', 'no', or None."""
    id: str = ""
    written_at: str = ""


def settle_mark(changes: Iterable[Change]) -> MarkState | None:
    """One ritual day from its check-offs, skips and undos: the latest stamp wins."""
    for change in reversed(merge_order(list(changes))):
        payload = change.payload
        try:
            if change.op == "ritual.undo":
                return MarkState(None)
            if change.op == "ritual.check":
                return MarkState("check", _text(payload, "id"), _text(payload, "written_at"))
            if change.op == "ritual.skip":
                mark = payload.get("mark", "skip")
                if mark not in ("skip", "no"):
                    continue
                return MarkState(mark, _text(payload, "id"), _text(payload, "written_at"))
        except (KeyError, TypeError, ValueError, SparklogError):
            continue
    return None


# --- important dates ----------------------------------------------------------------


class DateState(NamedTuple):
    id: str
    name: str
    day: str
    yearly: bool
    together: bool
    stamp: Stamp


def settle_dates(changes: Iterable[Change]) -> dict[str, DateState | None]:
    """Each named date (by name, any case) from its adds and removes: the latest wins.

    Two devices that each marked a different date as the day it all began keep
    both dates; the one added first stays the together date.
    """
    state: dict[str, DateState | None] = {}
    for change in merge_order(list(changes)):
        payload = change.payload
        try:
            key = name_key(_text(payload, "name"))
            if change.op == "date.remove":
                state[key] = None
            elif change.op == "date.add":
                state[key] = DateState(
                    _text(payload, "id"),
                    _text(payload, "name"),
                    _day(payload, "day"),
                    bool(payload.get("yearly", True)),
                    bool(payload.get("together", False)),
                    change.stamp,
                )
        except (KeyError, TypeError, ValueError, SparklogError):
            continue
    together = sorted(
        (item for item in state.values() if item is not None and item.together),
        key=lambda item: item.stamp,
    )
    for later in together[1:]:
        state[name_key(later.name)] = DateState(
            later.id, later.name, later.day, later.yearly, False, later.stamp
        )
    return state


# --- what a sync did ----------------------------------------------------------------


class ApplyReport(NamedTuple):
    """What applying one batch file did."""

    applied: int = 0
    """Changes new to this journal, now in its log and applied."""
    ignored: int = 0
    """Changes it had already (the file or the change was seen before)."""
    unknown: int = 0
    """New changes of an op this sparklog does not know, or that it cannot read: kept, inert."""
    already_read: bool = False
    """The file itself had been applied before; nothing was done."""

    def to_json(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "ignored": self.ignored,
            "unknown": self.unknown,
            "already_read": self.already_read,
        }
