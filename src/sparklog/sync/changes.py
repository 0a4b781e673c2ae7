"""Change envelopes and the batches that carry them between journals.

A change says what happened (an op name and a JSON payload), when in the
hybrid-clock order (a stamp), and where (the stamp's device); its uuid makes
applying it twice harmless. A batch is a list of changes written canonically
(sorted keys, no spaces, changes in stamp order), so the same changes always
give the same bytes, then padded to a multiple of PAD_TO bytes so that the
size of an encrypted batch says little about how much was written.

This module is pure: bytes in, bytes out. Encryption and files live beside it.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from sparklog.errors import SyncFileUnreadable
from sparklog.sync.hlc import Clock, Stamp

FORMAT = "sparklog-changes"
VERSION = 1
PAD_TO = 1024
OP_NAME = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*")
"""Op names are dotted lower-case words, such as `entry.add` or `ritual.check`."""

JSONValue = Any
"""Anything `json.dumps` writes without help: dicts, lists, str, int, float, bool, None."""


class Change(NamedTuple):
    """One recorded write: the unit that travels between a person's devices."""

    id: str
    stamp: Stamp
    op: str
    payload: Mapping[str, JSONValue]

    @property
    def device(self) -> str:
        return self.stamp.device

    def to_dict(self) -> dict[str, JSONValue]:
        return {
            "id": self.id,
            "stamp": self.stamp.text(),
            "device": self.device,
            "op": self.op,
            "payload": dict(self.payload),
        }


def new_change(clock: Clock, op: str, payload: Mapping[str, JSONValue], now_ms: int) -> Change:
    """Stamp a local write; the payload is checked to be plain JSON now, not at send time."""
    _check_op(op)
    _check_payload(payload)
    return Change(str(uuid.uuid4()), clock.tick(now_ms), op, dict(payload))


def encode_batch(changes: Iterable[Change]) -> bytes:
    """The canonical bytes of a batch, padded with trailing spaces (valid JSON whitespace)."""
    ordered = sorted(changes, key=lambda change: (change.stamp, change.id))
    document = {
        "format": FORMAT,
        "version": VERSION,
        "changes": [change.to_dict() for change in ordered],
    }
    body = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")
    padding = -len(body) % PAD_TO
    return body + b" " * padding


def decode_batch(data: bytes) -> list[Change]:
    """Read a batch back; anything malformed is one SyncFileUnreadable naming the problem."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SyncFileUnreadable("it is not a sparklog batch (not JSON)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SyncFileUnreadable("it is not a sparklog batch")
    version = document.get("version")
    if version != VERSION:
        raise SyncFileUnreadable(
            f"it is a batch of version {version!r}, newer than this sparklog reads; upgrade it"
        )
    items = document.get("changes")
    if not isinstance(items, list):
        raise SyncFileUnreadable("its batch has no list of changes")
    return [_change_from(item, index) for index, item in enumerate(items)]


def _change_from(item: object, index: int) -> Change:
    where = f"changes[{index}]"
    if not isinstance(item, dict) or set(item) != {"id", "stamp", "device", "op", "payload"}:
        raise SyncFileUnreadable(f"{where} is not a change")
    try:
        change_id = str(uuid.UUID(item["id"]))
    except (TypeError, ValueError, AttributeError):
        raise SyncFileUnreadable(f"{where}.id is not a uuid") from None
    if change_id != item["id"]:
        raise SyncFileUnreadable(f"{where}.id is not a uuid in its usual form")
    if not isinstance(item["stamp"], str):
        raise SyncFileUnreadable(f"{where}.stamp is not a stamp")
    try:
        stamp = Stamp.parse(item["stamp"])
    except Exception:
        raise SyncFileUnreadable(f"{where}.stamp is not a stamp") from None
    if item["device"] != stamp.device:
        raise SyncFileUnreadable(f"{where}.device does not match its stamp")
    op, payload = item["op"], item["payload"]
    if not isinstance(op, str) or OP_NAME.fullmatch(op) is None:
        raise SyncFileUnreadable(f"{where}.op is not an op name")
    if not isinstance(payload, dict):
        raise SyncFileUnreadable(f"{where}.payload is not an object")
    return Change(change_id, stamp, op, payload)


def _check_op(op: str) -> None:
    if OP_NAME.fullmatch(op) is None:
        raise ValueError(f"{op!r} is not an op name (dotted lower-case words)")


def _check_payload(payload: Mapping[str, JSONValue]) -> None:
    if not isinstance(payload, Mapping) or not all(isinstance(key, str) for key in payload):
        raise TypeError("a change payload is a mapping with string keys")
    # Raises TypeError/ValueError for what JSON cannot hold (sets, NaN, bytes), and
    # UnicodeEncodeError for text UTF-8 cannot (lone surrogates).
    json.dumps(payload, allow_nan=False, ensure_ascii=False).encode("utf-8")


def merge_order(changes: Sequence[Change]) -> list[Change]:
    """Changes in the order every device applies them: by stamp, then id; duplicates once."""
    unique = {change.id: change for change in changes}
    return sorted(unique.values(), key=lambda change: (change.stamp, change.id))
