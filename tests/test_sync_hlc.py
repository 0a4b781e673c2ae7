"""The hybrid logical clock: causality, a strict total order, skewed clocks, its text form."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from hypothesis import given, settings, strategies as st

from sparklog.errors import SyncError
from sparklog.sync.hlc import MAX_COUNTER, Clock, Stamp, is_device_id, new_device_id

DAY_MS = 86_400_000
START_MS = 1_795_291_200_000  # 2026-11-21 20:00 UTC

DEVICES = ["0" * 15 + str(n) for n in range(4)]


@dataclass
class Event:
    device: int
    stamp: Stamp
    vector: tuple[int, ...]
    """Which events of each device happened before (or are) this one."""


def happened_before(a: Event, b: Event) -> bool:
    return a is not b and all(x <= y for x, y in zip(a.vector, b.vector, strict=True))


steps = st.lists(
    st.tuples(
        st.sampled_from(["local", "receive"]),
        st.integers(0, 3),  # the device acting
        st.integers(0, 3),  # for "receive": whose event arrives
        st.integers(0, 10_000),  # for "receive": which of its events (any past one, so
        # messages arrive late, out of order and more than once)
        st.integers(0, 3_000),  # real milliseconds passing before the step
    ),
    min_size=1,
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(
    skews=st.lists(st.integers(-DAY_MS, DAY_MS), min_size=4, max_size=4),
    plan=steps,
)
def test_any_interleaving_keeps_causality_and_a_strict_total_order(
    skews: list[int], plan: list[tuple[str, int, int, int, int]]
) -> None:
    clocks = [Clock(device) for device in DEVICES]
    vectors = [[0] * 4 for _ in DEVICES]
    history: list[list[Event]] = [[] for _ in DEVICES]
    events: list[Event] = []
    real = START_MS
    for kind, actor, sender, pick, elapsed in plan:
        real += elapsed
        now = real + skews[actor]  # what this device's clock says
        vectors[actor][actor] += 1
        if kind == "receive" and history[sender]:
            message = history[sender][pick % len(history[sender])]
            vectors[actor] = [
                max(a, b) for a, b in zip(vectors[actor], message.vector, strict=True)
            ]
            stamp = clocks[actor].receive(message.stamp, now)
            assert stamp > message.stamp
        else:
            stamp = clocks[actor].tick(now)
        event = Event(actor, stamp, tuple(vectors[actor]))
        history[actor].append(event)
        events.append(event)

    for device_events in history:  # monotonic per device
        stamps = [event.stamp for event in device_events]
        assert all(a < b for a, b in itertools.pairwise(stamps))
    for a in events:  # causality
        for b in events:
            if happened_before(a, b):
                assert a.stamp < b.stamp, (a, b)
    stamps = [event.stamp for event in events]
    assert len(set(stamps)) == len(stamps)  # strict: no two events share a stamp
    # Stamps never run ahead of the fastest clock any device has shown.
    assert max(s.wall_ms for s in stamps) <= real + max(skews)


def test_a_device_a_day_behind_still_writes_after_what_it_has_seen() -> None:
    ahead, behind = Clock(DEVICES[0]), Clock(DEVICES[1])
    written = ahead.tick(START_MS)
    seen = behind.receive(written, START_MS - DAY_MS)
    later = behind.tick(START_MS - DAY_MS + 1_000)  # its clock is still a day slow
    assert written < seen < later
    assert later.wall_ms == START_MS  # it carries the other's time, counting on from it
    # Once its own clock passes that time, its stamps follow its clock again.
    assert behind.tick(START_MS + 5_000).wall_ms == START_MS + 5_000


def test_a_device_a_day_ahead_does_not_reorder_what_came_before() -> None:
    ahead, correct = Clock(DEVICES[0]), Clock(DEVICES[1])
    first = correct.tick(START_MS)
    seen = ahead.receive(first, START_MS + DAY_MS)
    reply = correct.receive(seen, START_MS + 10)
    assert first < seen < reply
    assert correct.tick(START_MS + 20) > reply


def test_a_clock_that_goes_backwards_stays_monotonic() -> None:
    clock = Clock(DEVICES[0])
    stamps = [clock.tick(now) for now in (START_MS, START_MS - 60_000, START_MS - 60_000, 0)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    assert {s.wall_ms for s in stamps} == {START_MS}
    assert [s.counter for s in stamps] == [0, 1, 2, 3]


def test_a_clock_resumes_from_its_last_stamp() -> None:
    clock = Clock(DEVICES[0])
    last = clock.tick(START_MS + 500)
    resumed = Clock(DEVICES[0], clock.last)
    assert resumed.tick(START_MS) > last


def test_the_counter_overflowing_borrows_the_next_millisecond() -> None:
    clock = Clock(DEVICES[0], Stamp(START_MS, MAX_COUNTER, DEVICES[0]))
    following = clock.tick(START_MS)
    assert following == Stamp(START_MS + 1, 0, DEVICES[0])


stamp_values = st.builds(
    Stamp,
    st.integers(0, 16**12 - 1),
    st.integers(0, MAX_COUNTER),
    st.sampled_from([*DEVICES, "ffffffffffffffff", "a" * 16]),
)


@given(st.lists(stamp_values, min_size=1, max_size=30))
def test_the_text_form_sorts_like_the_stamps_and_reads_back(stamps: list[Stamp]) -> None:
    assert [s.text() for s in sorted(stamps)] == sorted(s.text() for s in stamps)
    assert [Stamp.parse(s.text()) for s in stamps] == stamps


@pytest.mark.parametrize(
    "text",
    [
        "",
        "0.0.0",
        "0000000003e8.00000000.E06939FF233F56CA",
        "3e8.0.e06939ff233f56ca",
        "0000000003e8.00000000.e06939ff233f56ca.x",
        "0000000003e8-00000000-e06939ff233f56ca",
    ],
)
def test_a_malformed_stamp_text_is_one_error(text: str) -> None:
    with pytest.raises(SyncError, match="is not a sync stamp"):
        Stamp.parse(text)


def test_device_ids_are_random_hex_and_checked() -> None:
    made = {new_device_id() for _ in range(50)}
    assert len(made) == 50 and all(is_device_id(d) for d in made)
    for bad in ["", "laptop", "A" * 16, "0" * 15, "0" * 17, "../" + "0" * 13]:
        assert not is_device_id(bad)
        with pytest.raises(ValueError, match="not a device id"):
            Clock(bad)
