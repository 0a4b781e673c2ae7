"""Change envelopes and batches: canonical bytes, exact round trips, strict reading."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from sparklog.errors import SyncFileUnreadable
from sparklog.sync.changes import (
    PAD_TO,
    Change,
    decode_batch,
    encode_batch,
    merge_order,
    new_change,
)
from sparklog.sync.hlc import Clock

DEVICE = "1234567890abcdef"
OTHER = "fedcba0987654321"
NOW_MS = 1_795_291_200_000

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",))),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
payloads = st.dictionaries(st.text(max_size=10), json_values, max_size=5)
ops = st.from_regex(r"[a-z][a-z0-9_]{0,8}(\.[a-z][a-z0-9_]{0,8}){0,2}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ops, payloads, st.integers(-5000, 5000)), max_size=12), st.randoms())
def test_a_batch_reads_back_exactly_and_its_bytes_do_not_depend_on_order(
    writes: list[tuple[str, dict[str, Any], int]], shuffler: random.Random
) -> None:
    clock = Clock(DEVICE)
    changes = [new_change(clock, op, payload, NOW_MS + delta) for op, payload, delta in writes]
    data = encode_batch(changes)
    assert decode_batch(data) == sorted(changes, key=lambda c: c.stamp)
    shuffled = list(changes)
    shuffler.shuffle(shuffled)
    assert encode_batch(shuffled) == data
    assert len(data) % PAD_TO == 0


def test_the_encoding_is_canonical_json_with_sorted_keys() -> None:
    clock = Clock(DEVICE)
    one = new_change(clock, "entry.add", {"text": "Soup", "day": "2026-11-21"}, NOW_MS)
    same = Change(one.id, one.stamp, one.op, {"day": "2026-11-21", "text": "Soup"})
    assert encode_batch([one]) == encode_batch([same])
    body = encode_batch([one]).rstrip(b" ")
    assert (
        body
        == json.dumps(
            json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
    )
    change = json.loads(body)["changes"][0]
    assert change == {
        "id": one.id,
        "stamp": one.stamp.text(),
        "device": DEVICE,
        "op": "entry.add",
        "payload": {"day": "2026-11-21", "text": "Soup"},
    }


def test_small_batches_pad_to_the_same_size() -> None:
    clock = Clock(DEVICE)
    short = encode_batch([new_change(clock, "entry.add", {"text": "ok"}, NOW_MS)])
    longer = encode_batch(
        [new_change(clock, "entry.add", {"text": "a much longer appreciation " * 10}, NOW_MS)]
    )
    assert len(short) == len(longer) == PAD_TO


@pytest.mark.parametrize(
    ("op", "payload", "error"),
    [
        ("Entry.Add", {}, ValueError),
        ("entry add", {}, ValueError),
        ("", {}, ValueError),
        ("entry.add", {"tags": {"a"}}, TypeError),
        ("entry.add", {"x": float("nan")}, ValueError),
        ("entry.add", {"x": b"bytes"}, TypeError),
        ("entry.add", {"x": "\ud800"}, UnicodeEncodeError),
        ("entry.add", {1: "x"}, TypeError),
    ],
)
def test_a_change_that_json_cannot_carry_is_refused_when_made(
    op: str, payload: dict[Any, Any], error: type[Exception]
) -> None:
    clock = Clock(DEVICE)
    with pytest.raises(error):
        new_change(clock, op, payload, NOW_MS)
    assert clock.last.wall_ms == 0  # nothing was stamped


def _document(**change: Any) -> bytes:
    clock = Clock(DEVICE)
    good = new_change(clock, "entry.add", {"text": "x"}, NOW_MS).to_dict()
    good.update(change)
    return json.dumps({"format": "sparklog-changes", "version": 1, "changes": [good]}).encode()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xfe not utf-8", "not JSON"),
        (b"{", "not JSON"),
        (b"[]", "not a sparklog batch"),
        (b'{"format": "other", "version": 1, "changes": []}', "not a sparklog batch"),
        (b'{"format": "sparklog-changes", "version": 2, "changes": []}', "upgrade"),
        (b'{"format": "sparklog-changes", "version": 1, "changes": {}}', "no list of changes"),
        (
            b'{"format": "sparklog-changes", "version": 1, "changes": [1]}',
            r"changes\[0\] is not a change",
        ),
        (_document(id="not-a-uuid"), r"changes\[0\]\.id"),
        (_document(id="A" * 8 + "-0000-4000-8000-" + "0" * 12), "usual form"),
        (_document(stamp="yesterday"), r"changes\[0\]\.stamp"),
        (_document(stamp=7), r"changes\[0\]\.stamp"),
        (_document(device=OTHER), "does not match its stamp"),
        (_document(op="DROP TABLE"), r"\.op"),
        (_document(payload=[1, 2]), r"\.payload"),
        (_document(extra=1), "is not a change"),
    ],
)
def test_a_malformed_batch_is_one_error_naming_the_problem(data: bytes, reason: str) -> None:
    with pytest.raises(SyncFileUnreadable, match=reason):
        decode_batch(data)


def test_merge_order_sorts_by_stamp_and_keeps_each_change_once() -> None:
    here, there = Clock(DEVICE), Clock(OTHER)
    a = new_change(here, "entry.add", {"n": 1}, NOW_MS)
    b = new_change(there, "entry.add", {"n": 2}, NOW_MS)  # same millisecond: device decides
    c = new_change(here, "entry.edit", {"n": 3}, NOW_MS - 10)  # clock went back: still after a
    # (same ms, counter 0, DEVICE) < (same ms, counter 0, OTHER) < (same ms, counter 1, DEVICE)
    assert merge_order([c, b, a, c, a]) == [a, b, c]
    assert merge_order([b, c, a]) == merge_order([a, b, c, b])
