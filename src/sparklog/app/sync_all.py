"""`sparklog sync` and `[sync] auto`: the devices' exchange, then the partner's.

Each side is its own use case (`sparklog.app.sync` for the devices,
`sparklog.app.partner` for the couple's folder); here they run one after the
other, each only where it is set up, and one failing never stops the other:
its error is kept beside the other's result, for one line each.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sparklog.app import partner, sync
from sparklog.app.journal_ref import JournalRef
from sparklog.app.sync_check import Looked, NewFiles, partner_unsent
from sparklog.app.sync_views import Exchanged
from sparklog.errors import SparklogError, SyncError
from sparklog.paths import partner_key_path

DEVICES = "devices"
PARTNER = "partner"


class Problem(NamedTuple):
    """One side that could not be exchanged (DEVICES or PARTNER), and why."""

    side: str
    error: SparklogError


class Synced(NamedTuple):
    """What each side did; None for a side that is not set up or that failed."""

    devices: Exchanged | None
    partner: partner.Exchanged | None
    problems: tuple[Problem, ...] = ()

    def line(self) -> str:
        """`sync: 3 in from 1 device, 2 out; partner: 1 in, 1 out`; the device part as before."""
        parts = []
        if self.devices is not None:
            parts.append(self.devices.line())
        if self.partner is not None:
            parts.append(partner_line(self.partner))
        return "; ".join(parts)

    def notes(self) -> list[str]:
        """The files skipped on either side, one line each."""
        found = [skipped.line() for skipped in self.devices.skipped] if self.devices else []
        return found + (self.partner.notes if self.partner else [])

    def to_json(self) -> dict[str, Any]:
        document = (self.devices or Exchanged()).to_json()
        document["partner"] = (
            None
            if self.partner is None
            else {
                "name": self.partner.partner,
                "received": self.partner.received,
                "sent": self.partner.sent,
                "notes": list(self.partner.notes),
                "they_left": self.partner.they_left,
            }
        )
        document["problems"] = [
            {"side": problem.side, "error": problem.error.message} for problem in self.problems
        ]
        return document


def partner_line(report: partner.Exchanged) -> str:
    parts = []
    if report.received:
        parts.append(f"{report.received} in")
    if report.sent:
        parts.append(f"{report.sent} out")
    return "partner: " + (", ".join(parts) or "nothing new")


def nothing_new(looked: Looked) -> Synced:
    """The result of a sync that found nothing, for each side there is (no age loaded)."""
    devices = Exchanged() if looked.devices is not None else None
    mate = partner.Exchanged(looked.partner.name) if looked.partner is not None else None
    return Synced(devices, mate)


def exchange(journal: JournalRef, looked: Looked, *, now: datetime) -> Synced:
    """`sync`: the devices' exchange where this journal syncs, then the partner's where joined.

    `looked` is `sync_check.look`'s answer, which said there is work. With
    only one side set up, its error is raised as it is; with both, each one's
    error is kept in `problems` and the other side still runs.
    """
    if looked.devices is None and looked.partner is None:
        raise SyncError(
            "this journal does not sync yet; `sparklog sync init FOLDER` sets it up"
            " (with a partner: sparklog partner join CODE --folder FOLDER)"
        )
    both = looked.devices is not None and looked.partner is not None
    devices: Exchanged | None = None
    mate: partner.Exchanged | None = None
    problems: list[Problem] = []
    if looked.devices is not None:
        try:
            devices = sync.exchange(journal, now=now)
        except (SparklogError, OSError) as exc:
            if not both:
                raise
            problems.append(Problem(DEVICES, _as_error(exc)))
    if looked.partner is not None:
        try:
            mate = partner.exchange(journal, partner_key_path(journal.path), now=now)
        except (SparklogError, OSError) as exc:
            if not both:
                raise
            problems.append(Problem(PARTNER, _as_error(exc)))
    if devices is not None and mate is not None:
        # What the partner exchange put into the device log (the channel's setup for
        # the other devices, items taken in) goes to them in this same sync.
        try:
            devices.sent += sync.send_only(journal)
        except (SparklogError, OSError) as exc:
            problems.append(Problem(DEVICES, _as_error(exc)))
    return Synced(devices, mate, tuple(problems))


def send_new(journal: JournalRef, *, now: datetime) -> Synced:
    """After a write with `[sync] auto`: send it to the devices, and to the partner if shared.

    The partner side runs only when the write left something marked to share.
    """
    devices: Exchanged | None = None
    mate: partner.Exchanged | None = None
    problems: list[Problem] = []
    try:
        if sync.syncs(journal):
            devices = Exchanged(sent=sync.send_only(journal))
    except (SparklogError, OSError) as exc:
        problems.append(Problem(DEVICES, _as_error(exc)))
    try:
        if partner_unsent(journal):
            key = partner_key_path(journal.path)
            mate = partner.exchange(journal, key, now=now, receive=False)
    except (SparklogError, OSError) as exc:
        problems.append(Problem(PARTNER, _as_error(exc)))
    return Synced(devices, mate, tuple(problems))


def receive_new(journal: JournalRef, new: NewFiles, *, now: datetime) -> Synced:
    """Before a daily view with `[sync] auto`: read the new files `new` says are there."""
    devices: Exchanged | None = None
    mate: partner.Exchanged | None = None
    problems: list[Problem] = []
    if new.devices:
        try:
            devices = sync.receive_only(journal, now=now)
        except (SparklogError, OSError) as exc:
            problems.append(Problem(DEVICES, _as_error(exc)))
    if new.partner:
        try:
            key = partner_key_path(journal.path)
            mate = partner.exchange(journal, key, now=now, send=False)
        except (SparklogError, OSError) as exc:
            problems.append(Problem(PARTNER, _as_error(exc)))
    return Synced(devices, mate, tuple(problems))


def _as_error(exc: SparklogError | OSError) -> SparklogError:
    if isinstance(exc, SparklogError):
        return exc
    return SyncError(str(exc.strerror or exc))
