"""Three devices, random writes, random partial syncs: after a full sync all agree, no word lost.

Each device is its own journal with its own device id. Batches travel as the
sync commands carry them (`unsent` -> `encode_batch` -> bytes -> `decode_batch`
-> `apply_incoming`), minus the folder and the encryption: some arrive late,
some twice (also under another file name, as a sync tool's conflicted copy),
in any order. Every write goes through the use cases the commands call.
"""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import sqlite3
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test
from typer.testing import CliRunner

from sparklog.app import corrections, entries, rituals, sync_log
from sparklog.app.journal_ref import JournalRef
from sparklog.cli import app
from sparklog.core.rituals import Cadence
from sparklog.errors import SparklogError
from sparklog.sync.changes import decode_batch, encode_batch

DEVICES = ("a1a1a1a1a1a1a1a1", "b2b2b2b2b2b2b2b2", "c3c3c3c3c3c3c3c3")
NOW = datetime.fromisoformat("2026-11-21T21:00:00+01:00")
TODAY = NOW.date()
NAMES = ("Walk", "walk", "Coffee", "Date night")

devices = st.integers(0, len(DEVICES) - 1)
days = st.integers(0, 3).map(lambda back: TODAY - timedelta(days=back))
minutes = st.integers(-120, 120)
MEMORY = "/dev/shm" if Path("/dev/shm").is_dir() else None
"""Journals in memory where the system has it: sixty commits an example, each synced to disk."""

words = st.text("abcdefgh xyz", min_size=1, max_size=12).map(str.strip).filter(bool)


class Devices(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="sparklog-merge-", dir=MEMORY))
        self.refs = [JournalRef(self.folder / f"{device}.db") for device in DEVICES]
        for ref, device in zip(self.refs, DEVICES, strict=True):
            sync_log.start_device(ref, device, device[:2], str(self.folder / "sync"))
        self.batches: list[tuple[str, str, bytes]] = []
        """(file name, device, bytes) of every batch ever published."""
        self.texts: dict[str, set[str]] = {}
        """Every text written, by entry id."""
        self.replaced: set[tuple[str, str]] = set()
        """(entry id, text) that an edit replaced on a device that showed that text."""
        self.deleted: set[str] = set()
        self.serial = 0
        self.runner = CliRunner()

    # --- writes on one device ---------------------------------------------------------

    @rule(device=devices, text=words, day=days, minute=minutes)
    def appreciate(self, device: int, text: str, day: date, minute: int) -> None:
        when = NOW + timedelta(minutes=minute)
        made = entries.add_gratitude(self.refs[device], text, day=day, now=when)
        self.texts.setdefault(made.id, set()).add(made.text)

    @rule(device=devices, items=st.lists(words, min_size=1, max_size=3), day=days, minute=minutes)
    def three_things(self, device: int, items: list[str], day: date, minute: int) -> None:
        ref = self.refs[device]
        free = [slot for slot in (1, 2, 3) if slot not in entries.three_written(ref, day)]
        chosen = list(zip(free, items, strict=False))
        if not chosen:
            return
        saved = entries.add_three(ref, chosen, day=day, now=NOW + timedelta(minutes=minute))
        for made in saved.saved:
            self.texts.setdefault(made.id, set()).add(made.text)

    @rule(device=devices, pick=st.randoms(use_true_random=False), text=words)
    def edit(self, device: int, pick: random.Random, text: str) -> None:
        ref = self.refs[device]
        ids = self._entry_ids(ref)
        if not ids:
            return
        entry_id = pick.choice(ids)
        self.replaced.add((entry_id, self._text_of(ref, entry_id)))
        (named,) = corrections.find_entries(ref, [entry_id])
        corrections.edit_entry(ref, named, text=text, tags=named.entry.tags, now=NOW)
        self.texts.setdefault(entry_id, set()).add(text)

    @rule(device=devices, pick=st.randoms(use_true_random=False))
    def delete(self, device: int, pick: random.Random) -> None:
        ref = self.refs[device]
        ids = self._entry_ids(ref)
        if not ids:
            return
        entry_id = pick.choice(ids)
        corrections.delete_entries(ref, [entry_id], now=NOW)
        self.deleted.add(entry_id)

    @rule(device=devices, name=st.sampled_from(NAMES))
    def add_ritual(self, device: int, name: str) -> None:
        with contextlib.suppress(SparklogError):  # a name taken here is refused, as ever
            rituals.add(self.refs[device], name, Cadence.parse("daily"), created=TODAY)

    @rule(device=devices, name=st.sampled_from(NAMES), new=st.sampled_from(NAMES))
    def rename_ritual(self, device: int, name: str, new: str) -> None:
        with contextlib.suppress(SparklogError):
            rituals.rename(self.refs[device], name, new)

    @rule(device=devices, name=st.sampled_from(NAMES), day=days, minute=minutes)
    def check(self, device: int, name: str, day: date, minute: int) -> None:
        with contextlib.suppress(SparklogError):
            when = NOW + timedelta(minutes=minute)
            rituals.done(self.refs[device], [name], day=day, now=when, today=TODAY)

    @rule(device=devices, name=st.sampled_from(NAMES), day=days)
    def undo(self, device: int, name: str, day: date) -> None:
        with contextlib.suppress(SparklogError):
            rituals.undo(self.refs[device], name, day=day, now=NOW)

    # --- moving batches ---------------------------------------------------------------

    @rule(device=devices)
    def publish(self, device: int) -> None:
        ref = self.refs[device]
        waiting = sync_log.unsent(ref)
        if not waiting:
            return
        self.serial += 1
        name = f"{self.serial:032x}.age"
        self.batches.append((name, DEVICES[device], encode_batch(waiting)))
        sync_log.mark_sent(ref, [change.id for change in waiting], name)

    @rule(device=devices, pick=st.randoms(use_true_random=False), copy=st.booleans())
    def deliver(self, device: int, pick: random.Random, copy: bool) -> None:
        """One batch of another device arrives (maybe again, maybe as a conflicted copy)."""
        others = [batch for batch in self.batches if batch[1] != DEVICES[device]]
        if not others:
            return
        name, sender, data = pick.choice(others)
        if copy:
            name = name.replace(".age", " (conflicted copy).age")
        sync_log.apply_incoming(self.refs[device], name, sender, decode_batch(data))

    @rule(order=st.randoms(use_true_random=False))
    def sync_everyone(self, order: random.Random) -> None:
        self.full_sync(order)
        self.agree()

    def teardown(self) -> None:
        try:
            self.full_sync(random.Random(0))
            self.agree()
        finally:
            for ref in self.refs:
                if ref.writer is not None:
                    ref.writer.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- checks -----------------------------------------------------------------------

    def full_sync(self, order: random.Random) -> None:
        for device in range(len(DEVICES)):
            self.publish(device)
        for device, ref in enumerate(self.refs):
            batches = [batch for batch in self.batches if batch[1] != DEVICES[device]]
            order.shuffle(batches)
            for name, sender, data in batches:
                sync_log.apply_incoming(ref, name, sender, decode_batch(data))
        for ref in self.refs:
            assert sync_log.unsent(ref) == [], "applying changes records none of its own"

    def agree(self) -> None:
        exports = [self._export(ref) for ref in self.refs]
        for other in exports[1:]:
            assert other == exports[0]
        revisions = [self._revisions(ref) for ref in self.refs]
        for other in revisions[1:]:
            assert other == revisions[0]
        kept = {entry["text"] for entry in exports[0]["entries"]}
        kept |= {text for _entry_id, text in revisions[0]}
        for entry_id, texts in self.texts.items():
            if entry_id in self.deleted:
                continue
            # Words are gone only where a person replaced them, seeing them.
            owed = {text for text in texts if (entry_id, text) not in self.replaced}
            assert owed <= kept, f"lost {owed - kept} of {entry_id}"
        present = {entry["id"] for entry in exports[0]["entries"]}
        assert not present & self.deleted, "a deleted entry came back"
        names = [ritual["name"].casefold() for ritual in exports[0]["rituals"]]
        assert len(names) == len(set(names))

    def _export(self, ref: JournalRef) -> dict[str, Any]:
        result = self.runner.invoke(app, ["--db", str(ref.path), "export", "--format", "json"])
        assert result.exit_code == 0, result.stderr
        document: dict[str, Any] = json.loads(result.stdout)
        document.pop("exported_at")
        return document

    def _revisions(self, ref: JournalRef) -> list[tuple[str, str]]:
        conn = sqlite3.connect(ref.path)
        try:
            return sorted(conn.execute("SELECT entry_id, text FROM entry_revision"))
        finally:
            conn.close()

    def _text_of(self, ref: JournalRef, entry_id: str) -> str:
        conn = sqlite3.connect(ref.path)
        try:
            return str(
                conn.execute("SELECT text FROM entry WHERE id = ?", (entry_id,)).fetchone()[0]
            )
        finally:
            conn.close()

    def _entry_ids(self, ref: JournalRef) -> list[str]:
        conn = sqlite3.connect(ref.path)
        try:
            return sorted(row[0] for row in conn.execute("SELECT id FROM entry"))
        finally:
            conn.close()


def test_three_devices_converge_whatever_arrives_when() -> None:
    run_state_machine_as_test(
        Devices,
        settings=settings(
            max_examples=12,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
            print_blob=True,
        ),
    )
