"""`sparklog sync` and `[sync] auto` carry the partner exchange too, one exchange at a time.

Two people, each with their own journal, one couple's folder, as in
test_partner.py; some of them also sync their own devices through a folder.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Invoke, sparklog_command
from tests.test_partner import Person, join_couple, texts

AUTO = "[sync]\nauto = true\n"


@pytest.fixture
def couple(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Person, Person, Path]]:
    """Alex and Sam joined through one folder; each can also `sync init` their devices."""
    monkeypatch.setenv("SPARKLOG_SYNC_PASSPHRASE", "a passphrase for our devices")
    yield join_couple(cli, tmp_path)


def _files(root: Path, person: Person) -> list[Path]:
    return sorted((root / person.channel_id()).glob("*.age"))


def _read(person: Person, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{person.db}?mode=ro", uri=True)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def _devices(person: Person, tmp_path: Path) -> Path:
    """Let this person's journal sync with their other devices through its own folder."""
    root = tmp_path / f"{person.name.lower()}-devices"
    root.mkdir()
    person.ok("sync", "init", str(root), "--device", "laptop")
    return root


def _process(person: Person, *args: str) -> subprocess.Popen[str]:
    """A separate sparklog that waits as long as it takes for the sync lock (a slow machine)."""
    return subprocess.Popen(
        sparklog_command("--db", str(person.db), *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SPARKLOG_BUSY_TIMEOUT_MS": "120000"},
    )


# --- sparklog sync ----------------------------------------------------------------------


def test_sync_alone_moves_shared_items_both_ways(couple: tuple[Person, Person, Path]) -> None:
    alex, sam, shared = couple
    alex.ok("gratitude", "add", "you made soup", "--share")
    sam.ok("gratitude", "add", "the walk by the river", "--share")
    assert alex.ok("sync").stdout == "partner: 1 out\n"
    assert sam.ok("sync").stdout == "partner: 1 in, 1 out\n"
    assert alex.ok("sync").stdout == "partner: 1 in\n"
    assert texts(alex.inbox()) == ["the walk by the river"]
    assert texts(sam.inbox()) == ["you made soup"]
    assert sam.ok("sync").stdout == "partner: nothing new\n"
    assert len(_files(shared, alex)) == len(_files(shared, sam)) == 1
    document = json.loads(sam.ok("sync", "--json").stdout)
    assert document["partner"] == {
        "name": "Alex",
        "received": 0,
        "sent": 0,
        "notes": [],
        "they_left": False,
    }


def test_sync_does_the_devices_then_the_partner_in_one_line(
    couple: tuple[Person, Person, Path], tmp_path: Path
) -> None:
    alex, sam, _shared = couple
    _devices(alex, tmp_path)
    alex.ok("gratitude", "add", "you made soup", "--share")
    line = alex.ok("sync").stdout
    assert line.startswith("sync: ") and line.endswith("; partner: 1 out\n"), line
    assert " out; partner" in line  # the entry went to the other devices as well
    assert alex.ok("sync").stdout == "sync: nothing new; partner: nothing new\n"
    assert sam.ok("sync").stdout == "partner: 1 in\n"
    assert texts(sam.inbox()) == ["you made soup"]


def test_a_journal_that_syncs_nothing_says_how_to_start(cli: Invoke) -> None:
    result = cli("sync")
    assert result.exit_code == 1
    assert result.err_lines == [
        "sparklog: this journal does not sync yet; `sparklog sync init FOLDER` sets it up"
        " (with a partner: sparklog partner join CODE --folder FOLDER)"
    ]


def test_a_broken_couple_s_folder_does_not_stop_the_devices(
    couple: tuple[Person, Person, Path], tmp_path: Path
) -> None:
    alex, sam, shared = couple
    devices = _devices(alex, tmp_path)
    before = sorted(devices.glob("*/*.age"))
    alex.ok("gratitude", "add", "kept while the couple's folder is away", "--share")
    away = shared.with_name("away")
    shared.rename(away)
    try:
        result = alex("sync")
    finally:
        away.rename(shared)
    assert result.exit_code == 1
    assert result.stdout.startswith("sync: ") and "out" in result.stdout
    assert "partner" not in result.stdout
    assert len(result.err_lines) == 1
    assert result.err_lines[0].startswith("sparklog: partner: the sync folder")
    assert "is missing" in result.stderr
    assert len(sorted(devices.glob("*/*.age"))) == len(before) + 1
    # Once the folder is back, the share goes, and the channel's setup goes to the
    # other devices (one change) in the same sync.
    assert alex.ok("sync").stdout == "sync: 1 out; partner: 1 out\n"
    assert alex.ok("sync").stdout == "sync: nothing new; partner: nothing new\n"
    assert sam.ok("sync").stdout == "partner: 1 in\n"


def test_a_broken_devices_folder_does_not_stop_the_partner(
    couple: tuple[Person, Person, Path], tmp_path: Path
) -> None:
    alex, sam, _shared = couple
    devices = _devices(alex, tmp_path)
    alex.ok("gratitude", "add", "you made soup", "--share")
    away = devices.with_name("away")
    devices.rename(away)
    try:
        result = alex("sync", "--json")
    finally:
        away.rename(devices)
    assert result.exit_code == 1
    assert len(result.err_lines) == 1 and "is missing" in result.stderr
    assert not result.err_lines[0].startswith("sparklog: partner:")
    document = json.loads(result.stdout)
    assert document["partner"]["sent"] == 1
    assert [problem["side"] for problem in document["problems"]] == ["devices"]
    assert sam.ok("sync").stdout == "partner: 1 in\n"


# --- [sync] auto -------------------------------------------------------------------------


def test_auto_shares_on_write_and_today_reads_first(
    couple: tuple[Person, Person, Path], config_file: Path
) -> None:
    alex, sam, shared = couple
    config_file.write_text(AUTO)
    alex.ok("gratitude", "add", "you made soup", "--share")
    assert len(_files(shared, alex)) == 1  # sent by the write itself
    shown = sam.ok("today")
    assert "you made soup" in shown.stdout
    assert shown.err_lines == ["sparklog: sync: partner: 1 in"]
    assert sam.ok("today").stderr == ""
    assert texts(sam.inbox()) == ["you made soup"]
    # A write that shares nothing sends nothing to the couple's folder.
    alex.ok("gratitude", "add", "only for me")
    assert len(_files(shared, alex)) == 1


def test_auto_with_the_couple_s_folder_away_keeps_the_write_and_says_so_once(
    couple: tuple[Person, Person, Path], config_file: Path
) -> None:
    alex, sam, shared = couple
    config_file.write_text(AUTO)
    away = shared.with_name("away")
    shared.rename(away)
    try:
        written = alex("gratitude", "add", "kept while away", "--share")
    finally:
        away.rename(shared)
    assert written.exit_code == 0
    assert len(written.err_lines) == 1
    assert written.err_lines[0].startswith("sparklog: sync: partner: not sent (")
    assert alex.ok("partner", "sync").stdout.startswith("Sent 1, received 0")
    assert "kept while away" in sam.ok("week").stdout


# --- one exchange at a time -----------------------------------------------------------


def test_a_held_sync_lock_stops_a_partner_sync_in_one_line(
    couple: tuple[Person, Person, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    alex, sam, shared = couple
    alex.ok("gratitude", "add", "you made soup", "--share")
    sam.ok("gratitude", "add", "the walk", "--share")
    sam.ok("partner", "sync")
    lock = alex.db.with_name(alex.db.name + ".sync-lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    monkeypatch.setenv("SPARKLOG_BUSY_TIMEOUT_MS", "50")
    try:
        partner_sync = alex("partner", "sync")
        sync = alex("sync")
    finally:
        os.close(fd)
    for busy in (partner_sync, sync):
        assert busy.exit_code == 1
        assert len(busy.err_lines) == 1 and "another sparklog is syncing" in busy.stderr
    assert _files(shared, alex) == []
    assert _read(alex, "SELECT count(*) FROM partner_file") == [(0,)]
    assert alex.ok("sync").stdout == "partner: 1 in, 1 out\n"


def test_two_exchanges_at_once_write_one_file_and_apply_it_once(
    couple: tuple[Person, Person, Path],
) -> None:
    alex, sam, shared = couple
    alex.ok("gratitude", "add", "you made soup", "--share")
    sam.ok("gratitude", "add", "the walk", "--share")
    sam.ok("partner", "sync")
    first, second = _process(alex, "partner", "sync"), _process(alex, "sync")
    outputs = [process.communicate(timeout=120) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert len(_files(shared, alex)) == 1
    # Each file is known once: the one Alex wrote, and Sam's, read by one of the two.
    mine = f"{alex.channel_id()}/{_files(shared, alex)[0].name}"
    theirs = f"{sam.channel_id()}/{_files(shared, sam)[0].name}"
    assert sorted(_read(alex, "SELECT name FROM partner_file")) == sorted([(mine,), (theirs,)])
    assert _read(alex, "SELECT count(*) FROM partner_outbox WHERE sent IS NULL") == [(0,)]
    assert texts(alex.inbox()) == ["the walk"]
    said = sorted(out for out, _err in outputs)
    assert said == ["Sent 1, received 1 from Sam.\n", "partner: nothing new\n"] or said == [
        "Sent 0, received 0 from Sam.\n",
        "partner: 1 in, 1 out\n",
    ]


def test_sync_and_partner_sync_help_say_what_they_do(cli: Invoke) -> None:
    sync = cli("sync", "--help").stdout
    assert "partner" in sync and "Example: sparklog sync" in sync
    partner = cli("partner", "sync", "--help").stdout
    assert "sparklog sync" in partner and "[sync] auto" in partner
    assert "Example: sparklog partner sync" in partner
