"""Hybrid logical clocks: an order for changes that survives devices' clock skew.

A stamp is (wall milliseconds, counter, device id). The wall part follows the
largest clock reading a device has seen, its own or another device's, and the
counter orders events within one millisecond of that reading. So a change made
after seeing another always sorts after it, even when this device's clock is a
day behind, and stamps stay close to real time while clocks are right. The
device id breaks the last ties, which makes the order total.

Nothing here reads the clock: callers pass the current time in milliseconds.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from typing import NamedTuple

from sparklog.errors import SyncError

WALL_DIGITS = 12
"""Hex digits of the wall part: milliseconds up to the year 10889."""
COUNTER_DIGITS = 8
MAX_WALL = 16**WALL_DIGITS - 1
MAX_COUNTER = 16**COUNTER_DIGITS - 1

DEVICE_ID = re.compile(r"[0-9a-f]{16}")
"""A device id: 64 random bits in lower-case hex. It names the device's folder too."""

_TEXT = re.compile(
    rf"([0-9a-f]{{{WALL_DIGITS}}})\.([0-9a-f]{{{COUNTER_DIGITS}}})\.([0-9a-f]{{16}})"
)


def new_device_id() -> str:
    """A fresh random device id; it says nothing about the device or its owner."""
    return os.urandom(8).hex()


def is_device_id(text: str) -> bool:
    return DEVICE_ID.fullmatch(text) is not None


def millis(moment: datetime) -> int:
    """Milliseconds since the Unix epoch for an aware datetime: the wall part of a stamp."""
    if moment.tzinfo is None:
        raise ValueError("a stamp needs an aware datetime")
    return int(moment.timestamp() * 1000)


class _StampFields(NamedTuple):
    wall_ms: int
    counter: int
    device: str


class Stamp(_StampFields):
    """One event's place in the order; comparison is (wall_ms, counter, device)."""

    __slots__ = ()

    def __new__(cls, wall_ms: int, counter: int, device: str) -> Stamp:
        if not 0 <= wall_ms <= MAX_WALL:
            raise ValueError(f"wall time {wall_ms} is out of range")
        if not 0 <= counter <= MAX_COUNTER:
            raise ValueError(f"counter {counter} is out of range")
        if not is_device_id(device):
            raise ValueError(f"{device!r} is not a device id")
        return super().__new__(cls, wall_ms, counter, device)

    def text(self) -> str:
        """Fixed-width lower-case hex, so sorting the texts sorts the stamps."""
        return f"{self.wall_ms:0{WALL_DIGITS}x}.{self.counter:0{COUNTER_DIGITS}x}.{self.device}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        found = _TEXT.fullmatch(text)
        if found is None:
            raise SyncError(f"{text!r} is not a sync stamp")
        return cls(int(found[1], 16), int(found[2], 16), found[3])

    def __str__(self) -> str:
        return self.text()


class Clock:
    """One device's clock; give it the last stamp it issued (or saw) to carry on from."""

    def __init__(self, device: str, last: Stamp | None = None) -> None:
        if not is_device_id(device):
            raise ValueError(f"{device!r} is not a device id")
        self.device = device
        self._wall = last.wall_ms if last is not None else 0
        self._counter = last.counter if last is not None else 0

    @property
    def last(self) -> Stamp:
        """The latest reading: persist it, and pass it back in next time."""
        return Stamp(self._wall, self._counter, self.device)

    def tick(self, now_ms: int) -> Stamp:
        """A stamp for a local event: later than everything this clock has issued or seen."""
        self._advance(now_ms, 0, -1)
        return self.last

    def receive(self, remote: Stamp, now_ms: int) -> Stamp:
        """Take in another device's stamp; the result sorts after it and after our past."""
        self._advance(now_ms, remote.wall_ms, remote.counter)
        return self.last

    def _advance(self, now_ms: int, remote_wall: int, remote_counter: int) -> None:
        wall = max(self._wall, remote_wall, now_ms)
        if wall == self._wall and wall == remote_wall:
            counter = max(self._counter, remote_counter) + 1
        elif wall == self._wall:
            counter = self._counter + 1
        elif wall == remote_wall:
            counter = remote_counter + 1
        else:
            counter = 0
        if counter > MAX_COUNTER:
            # Billions of events in one millisecond: borrow the next one.
            wall, counter = wall + 1, 0
        if wall > MAX_WALL:
            raise SyncError("a sync stamp reached the year 10889; a device clock is far off")
        self._wall, self._counter = wall, counter
