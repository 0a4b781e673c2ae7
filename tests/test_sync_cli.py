"""`sparklog sync init`, `sync`, `sync status`, `sync leave`, and `[sync] auto`, through the CLI.

Several devices share one plain folder here (what Syncthing or Dropbox would
keep in step); git and Syncthing themselves are in test_sync_git.py and
test_sync_syncthing.py.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pexpect
import pytest

from sparklog.app import sync_log
from sparklog.sync import crypto, folder as sync_folder
from sparklog.sync.changes import decode_batch
from tests.conftest import sparklog_command
from tests.sync_devices import Device, folder_bytes, make_device, texts


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    root = tmp_path / "Sync"
    root.mkdir()
    return root


@pytest.fixture
def laptop(tmp_path: Path, shared: Path) -> Device:
    return make_device(tmp_path, "laptop", shared)


@pytest.fixture
def phone(tmp_path: Path, shared: Path) -> Device:
    return make_device(tmp_path, "phone", shared)


def _state(device: Device) -> list[tuple[str, str]]:
    if not device.db.exists():
        return []
    conn = sqlite3.connect(f"file:{device.db}?mode=ro", uri=True)
    try:
        return sorted(conn.execute("SELECT key, value FROM sync_state"))
    finally:
        conn.close()


def _key_file(device: Device) -> Path:
    return device.db.with_name(device.db.name + ".sync-key")


def _batches(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*/*.age"))


def test_the_quick_looks_read_the_change_log_s_own_keys() -> None:
    from sparklog.store import changes, sync_queries

    assert (sync_queries.DEVICE_ID, sync_queries.DEVICE_NAME, sync_queries.FOLDER) == (
        changes.DEVICE_ID,
        changes.DEVICE_NAME,
        changes.FOLDER,
    )


# --- init ----------------------------------------------------------------------------


def test_first_device_makes_the_key_and_sends_its_history(laptop: Device, shared: Path) -> None:
    laptop.ok("gratitude", "add", "You fixed the bike")
    result = laptop.init()
    assert result.stdout.splitlines()[0].startswith(f"sync: laptop made the sync key in {shared}")
    assert (shared / sync_folder.KEY_FILE).is_file()
    key = _key_file(laptop)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_text().startswith("AGE-SECRET-KEY-1")
    assert len(_batches(shared)) == 1
    info = laptop.ok("info").stdout
    assert f"sync      {shared}" in info
    assert "device    laptop (" in info


def test_init_twice_says_so_and_how_to_leave(laptop: Device) -> None:
    laptop.init()
    again = laptop.run("sync", "init", str(laptop.folder))
    assert again.exit_code == 1
    assert len(again.err_lines) == 1
    assert "already syncs" in again.stderr and "sparklog sync leave" in again.stderr


def test_missing_and_read_only_folders_are_one_line_and_change_nothing(
    laptop: Device, tmp_path: Path
) -> None:
    laptop.ok("gratitude", "add", "Kept as it is")
    missing = laptop.run("sync", "init", str(tmp_path / "not-mounted"))
    assert missing.exit_code == 1 and len(missing.err_lines) == 1
    assert "is missing" in missing.stderr
    locked = tmp_path / "locked"
    locked.mkdir()
    refused = laptop.with_folder_read_only(locked, "sync", "init", str(locked))
    assert refused.returncode == 1, refused.stderr
    assert len(refused.stderr.splitlines()) == 1 and "read-only" in refused.stderr
    assert _state(laptop) == []
    assert not _key_file(laptop).exists()
    assert list(locked.iterdir()) == []


def test_a_wrong_passphrase_is_one_line_and_changes_nothing(
    laptop: Device, phone: Device, shared: Path
) -> None:
    laptop.init()
    before = folder_bytes(shared)
    phone.ok("gratitude", "add", "On the phone")
    phone.passphrase = "not the passphrase"
    wrong = phone.run("sync", "init", str(shared))
    assert wrong.exit_code == 1 and len(wrong.err_lines) == 1
    assert "passphrase does not open" in wrong.stderr
    assert _state(phone) == []
    assert not _key_file(phone).exists()
    assert folder_bytes(shared) == before


def test_a_new_passphrase_is_asked_twice_and_must_match(laptop: Device, shared: Path) -> None:
    laptop.passphrase = ""
    differ = laptop.run("sync", "init", str(shared), input="one phrase\nanother\n")
    assert differ.exit_code == 2 and "differ" in differ.stderr
    assert not (shared / sync_folder.KEY_FILE).exists()
    typed = laptop.run("sync", "init", str(shared), input="same phrase\nsame phrase\n")
    assert typed.exit_code == 0, typed.stderr
    closed = make_device(shared.parent, "closed", shared)
    closed.passphrase = ""
    gone = closed.run("sync", "init", str(shared), input="")
    assert gone.exit_code == 1 and "SPARKLOG_SYNC_PASSPHRASE" in gone.stderr


# --- sync ----------------------------------------------------------------------------


def test_two_devices_exchange_and_a_second_sync_does_nothing(laptop: Device, phone: Device) -> None:
    laptop.ok("gratitude", "add", "You made soup")
    laptop.init()
    phone.ok("gratitude", "add", "Breakfast on the balcony")
    phone.init()
    assert laptop.sync() == "sync: 1 in from 1 device"
    assert phone.sync() == "sync: 1 in from 1 device"
    assert laptop.sync() == "sync: nothing new"
    assert phone.sync() == "sync: nothing new"
    assert laptop.export() == phone.export()
    assert texts(laptop.export()) == ["Breakfast on the balcony", "You made soup"]
    laptop.ok("gratitude", "add", "A third")
    assert laptop.sync() == "sync: 1 out"
    assert phone.sync() == "sync: 1 in from 1 device"
    assert json.loads(phone.ok("sync", "--json").stdout) == {
        "received": 0,
        "devices": 0,
        "sent": 0,
        "skipped": [],
        "partner": None,
        "problems": [],
    }


def test_sync_before_init_says_how_to_start(laptop: Device) -> None:
    result = laptop.run("sync")
    assert result.exit_code == 1 and len(result.err_lines) == 1
    assert "sparklog sync init FOLDER" in result.stderr


def test_damaged_files_are_named_and_skipped_and_the_rest_arrives(
    laptop: Device, phone: Device, shared: Path
) -> None:
    laptop.ok("gratitude", "add", "First, soon tampered")
    laptop.init()
    laptop.ok("gratitude", "add", "Second, soon truncated")
    laptop.sync()
    laptop.ok("gratitude", "add", "Third, left whole")
    laptop.sync()
    first, second, third = sorted(_batches(shared), key=lambda p: p.stat().st_mtime_ns)
    data = bytearray(first.read_bytes())
    data[-20] ^= 0x01
    first.write_bytes(bytes(data))
    second.write_bytes(second.read_bytes()[:-30])
    (third.parent / "~0123.tmp").write_bytes(b"half")
    phone.init()
    result = phone.run("sync")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "sync: 1 in from 1 device"
    reasons = [line for line in result.err_lines if "skipped" in line]
    assert len(reasons) == 3
    assert sum("fails age's authentication" in line for line in reasons) == 2
    assert texts(phone.export()) == ["Third, left whole"]
    status = json.loads(phone.ok("sync", "status", "--json").stdout)
    assert {s["file"] for s in status["skipped"]} >= {
        f"{first.parent.name}/{first.name}",
        f"{second.parent.name}/{second.name}",
    }


def test_missing_read_only_and_full_folders_are_one_line_each(
    laptop: Device, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop.init()
    laptop.ok("gratitude", "add", "Waiting to go out")

    refused = laptop.with_folder_read_only(shared, "sync")
    assert refused.returncode == 1, refused.stderr
    assert len(refused.stderr.splitlines()) == 1 and "read-only" in refused.stderr

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patched:
        patched.setattr(sync_folder, "_write_durably", full)
        no_room = laptop.run("sync")
    assert no_room.exit_code == 1 and len(no_room.err_lines) == 1
    assert "is full" in no_room.stderr
    assert not list(shared.glob("*/~*.tmp"))

    moved = shared.with_name("Sync-unmounted")
    shared.rename(moved)
    try:
        gone = laptop.run("sync")
    finally:
        moved.rename(shared)
    assert gone.exit_code == 1 and len(gone.err_lines) == 1
    assert "is missing" in gone.stderr and "mount it" in gone.stderr

    assert laptop.sync() == "sync: 1 out"  # nothing was lost on the way


# --- status and leave ----------------------------------------------------------------


def test_status_shows_folder_device_others_and_unsent(
    laptop: Device, phone: Device, shared: Path
) -> None:
    assert "does not sync" in laptop.ok("sync", "status").stdout
    assert json.loads(laptop.ok("sync", "status", "--json").stdout) == {"syncing": False}
    laptop.ok("gratitude", "add", "Before")
    laptop.init()
    phone.init()
    phone.ok("gratitude", "add", "From the phone")
    phone.sync()
    laptop.ok("gratitude", "add", "Not sent yet")
    text = laptop.ok("sync", "status").stdout
    assert f"folder    {shared}" in text
    assert "device    laptop (" in text
    assert "unsent    1 change" in text
    assert "waiting   1 new file" in text
    laptop.sync()
    data = json.loads(laptop.ok("sync", "status", "--json").stdout)
    assert data["device"]["name"] == "laptop"
    assert data["unsent"] == 0 and data["waiting"] == 0
    (phone_device,) = data["devices"]
    assert phone_device["last_change"] == "2026-11-21T20:00:00+00:00"  # 21:00 in Berlin


def test_leave_forgets_this_device_and_leaves_the_folder(
    laptop: Device, phone: Device, shared: Path
) -> None:
    laptop.ok("gratitude", "add", "Stays in the journal")
    laptop.init()
    phone.init()
    before = folder_bytes(shared)
    left = laptop.ok("sync", "leave")
    assert left.stdout.strip() == f"sync: this device no longer syncs through {shared}"
    assert _state(laptop) == []
    assert not _key_file(laptop).exists()
    assert folder_bytes(shared) == before
    assert texts(laptop.export()) == ["Stays in the journal"]
    assert "sync      off" in laptop.ok("info").stdout
    assert laptop.run("sync").exit_code == 1
    assert phone.sync() == "sync: 1 in from 1 device"
    rejoined = laptop.init()
    assert "joined" in rejoined.stdout


# --- [sync] auto ---------------------------------------------------------------------


def test_auto_sends_writes_at_once_and_daily_views_read_first(
    laptop: Device, phone: Device, shared: Path
) -> None:
    for device in (laptop, phone):
        device.config.write_text("[sync]\nauto = true\n")
        device.init()
    laptop.ok("gratitude", "add", "Sent as soon as written")
    assert len(_batches(shared)) == 1  # no changes at init, then this one
    today = phone.ok("today")
    assert "Sent as soon as written" in today.stdout
    assert "1 in from 1 device" in today.stderr
    assert phone.ok("today").stderr == ""

    # A folder gone away never costs the write, and says so once.
    moved = shared.with_name("away")
    shared.rename(moved)
    try:
        written = laptop.run("gratitude", "add", "Kept while the folder is away")
        shown = laptop.run("week")
    finally:
        moved.rename(shared)
    assert written.exit_code == 0
    assert len(written.err_lines) == 1 and "not sent" in written.stderr
    assert shown.exit_code == 0 and shown.stderr == ""
    assert laptop.sync() == "sync: 1 out"
    assert phone.sync() == "sync: 1 in from 1 device"


def test_privacy_no_text_reaches_the_folder(laptop: Device, phone: Device, shared: Path) -> None:
    laptop.ok("gratitude", "add", "Dinner at Lucia's #secret")
    laptop.ok("observe", "Snapped about the dishes", "--negative", "--horseman", "criticism")
    laptop.init()
    phone.ok("three", "Morning kiss", "The letter", "Rain walk")
    phone.ok("ritual", "add", "Sunday pancakes")
    phone.init()
    laptop.sync()
    phone.sync()
    everything = folder_bytes(shared)
    for text in [*texts(laptop.export()), "Sunday pancakes", "secret", "criticism", "laptop"]:
        assert text.encode() not in everything, text
    assert b"2026-11-21" not in everything


# --- faults --------------------------------------------------------------------------

KILLER = Path(__file__).with_name("killed_sparklog.py")


def _killed_sync(device: Device, step: int) -> subprocess.CompletedProcess[str]:
    moment = datetime.now().astimezone().isoformat()
    return subprocess.run(
        [sys.executable, str(KILLER), moment, str(step), "sync"],
        capture_output=True,
        text=True,
        env={**os.environ, **device.env()},
        timeout=120,
    )


def _own_change_ids(device: Device, shared: Path) -> list[str]:
    """Every change id in the device's own files, duplicates kept."""
    identity = _key_file(device).read_text().strip()
    (device_id,) = [value for key, value in _state(device) if key == "device_id"]
    ids: list[str] = []
    for path in sorted((shared / device_id).glob("*.age")):
        opened = crypto.open_sealed(path.read_bytes(), [identity])
        ids.extend(change.id for change in decode_batch(opened))
    return ids


def _integrity(device: Device) -> str:
    conn = sqlite3.connect(device.db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_kill_9_at_random_points_of_sync_loses_and_repeats_nothing(
    tmp_path: Path, laptop: Device, phone: Device, shared: Path, rng: random.Random
) -> None:
    laptop.ok("gratitude", "add", "Sent at init")
    laptop.init()
    phone.ok("gratitude", "add", "From the phone")
    phone.init()
    for n in range(3):
        laptop.ok("gratitude", "add", f"Unsent {n}")
    expected = sorted(["Sent at init", "From the phone", *(f"Unsent {n}" for n in range(3))])
    baseline = tmp_path / "baseline"
    for place in (laptop.home, phone.home, shared):
        shutil.copytree(place, baseline / place.name)

    counted = _killed_sync(laptop, 0)
    assert counted.returncode == 0, counted.stderr
    steps = int(counted.stderr.rsplit("STEPS=", 1)[1])
    points = sorted(rng.sample(range(1, steps + 1), k=min(4, steps)))
    for point in points:
        for place in (laptop.home, phone.home, shared):
            shutil.rmtree(place)
            shutil.copytree(baseline / place.name, place)
        killed = _killed_sync(laptop, point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        assert _integrity(laptop) == "ok", point
        laptop.sync()
        phone.sync()
        laptop.sync()
        assert texts(laptop.export()) == expected, point
        assert laptop.export() == phone.export(), point
        ids = _own_change_ids(laptop, shared)
        assert len(ids) == len(set(ids)), f"step {point} of {steps}: a change went out twice"
        assert not list(shared.glob("*/~*.tmp")), "a killed write's temporary file was left"
        assert laptop.sync() == "sync: nothing new"


def test_a_device_a_day_behind_still_merges(laptop: Device, phone: Device) -> None:
    laptop.ok("gratitude", "add", "Written on time")
    laptop.init()
    behind = (datetime.now().astimezone() - timedelta(days=1)).isoformat()
    for args in (
        ["gratitude", "add", "Written a day behind, before syncing"],
        ["sync", "init", str(phone.folder), "--device", "phone"],
        ["sync"],
        ["gratitude", "add", "Written a day behind, after syncing"],
        ["sync"],
    ):
        done = phone.process(*args, at=behind)
        assert done.returncode == 0, (args, done.stderr)
    laptop.sync()
    assert laptop.export() == phone.export()
    assert texts(laptop.export()) == [
        "Written a day behind, after syncing",
        "Written a day behind, before syncing",
        "Written on time",
    ]
    conn = sqlite3.connect(f"file:{phone.db}?mode=ro", uri=True)
    try:
        remote = conn.execute("SELECT max(stamp) FROM change WHERE origin = 'remote'").fetchone()
        local = conn.execute("SELECT max(stamp) FROM change WHERE origin = 'local'").fetchone()
    finally:
        conn.close()
    # Seen after the laptop's change, the phone's next one sorts after it, slow clock or not.
    assert local[0] > remote[0]


def test_a_file_sent_but_not_marked_is_adopted_not_sent_again(
    laptop: Device, phone: Device, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window a kill can hit between a batch landing in the folder and the journal noting it."""
    laptop.init()
    laptop.ok("gratitude", "add", "Out once")
    laptop.ok("gratitude", "add", "And only once")

    def killed(*_args: object, **_kwargs: object) -> None:
        raise SystemExit(137)

    with monkeypatch.context() as patched:
        patched.setattr(sync_log, "mark_sent", killed)
        assert laptop.run("sync").exit_code == 137
    assert len(_batches(shared)) == 1
    assert "unsent    2 changes" in laptop.ok("sync", "status").stdout
    assert laptop.sync() == "sync: nothing new"  # the file is there: adopted, not re-sent
    assert len(_batches(shared)) == 1
    assert "unsent    0 changes" in laptop.ok("sync", "status").stdout
    phone.init()
    assert phone.sync() == "sync: 2 in from 1 device"
    assert texts(phone.export()) == ["And only once", "Out once"]


@pytest.mark.parametrize(
    "args", [["sync"], ["sync", "init"], ["sync", "status"], ["sync", "leave"]]
)
def test_every_sync_command_has_help_with_an_example(laptop: Device, args: list[str]) -> None:
    shown = laptop.ok(*args, "--help").stdout
    assert "Example: sparklog sync" in shown


def test_one_send_at_a_time(laptop: Device, shared: Path) -> None:
    """A send waits for another (say `sync` beside an auto send), then gives up in one line."""
    laptop.init()
    laptop.ok("gratitude", "add", "Sent once, by one of them")
    lock = laptop.db.with_name(laptop.db.name + ".sync-lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    laptop.extra_env["SPARKLOG_BUSY_TIMEOUT_MS"] = "50"
    try:
        busy = laptop.run("sync")
    finally:
        os.close(fd)
    assert busy.exit_code == 1 and len(busy.err_lines) == 1
    assert "another sparklog is syncing" in busy.stderr
    assert _batches(shared) == []
    assert laptop.sync() == "sync: 1 out"


def _in_terminal(device: Device, *args: str) -> pexpect.spawn:
    env = {**os.environ, **device.env(), "NO_COLOR": "1", "COLUMNS": "80"}
    env.pop("SPARKLOG_SYNC_PASSPHRASE")
    return pexpect.spawn(
        sys.executable,
        sparklog_command(*args)[1:],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(24, 80),
    )


def test_passphrases_are_typed_unseen_in_a_terminal_and_ctrl_c_changes_nothing(
    laptop: Device, phone: Device, shared: Path
) -> None:
    child = _in_terminal(laptop, "sync", "init", str(shared), "--device", "laptop")
    child.expect_exact("New sync passphrase (every device joins with it): ")
    child.sendline("typed in a terminal")
    child.expect_exact("The same sync passphrase again: ")
    child.sendline("typed in a terminal")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "typed in a terminal" not in str(child.before)
    assert "made the sync key" in str(child.before)

    stopped = _in_terminal(phone, "sync", "init", str(shared))
    stopped.expect_exact("Sync passphrase: ")
    stopped.sendintr()
    stopped.expect(pexpect.EOF)
    stopped.close()
    assert stopped.exitstatus == 130
    assert _state(phone) == [] and not _key_file(phone).exists()

    joined = _in_terminal(phone, "sync", "init", str(shared))
    joined.expect_exact("Sync passphrase: ")
    joined.sendline("typed in a terminal")
    joined.expect(pexpect.EOF)
    joined.close()
    assert joined.exitstatus == 0 and "joined" in str(joined.before)
