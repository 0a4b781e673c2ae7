"""The sync folder on disk: own immutable files, what is skipped and why, folder faults,
the key files, a real git transport, and nothing readable in the folder."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

from sparklog.errors import SyncError, SyncFileUnreadable, SyncFolderError
from sparklog.sync import crypto, folder
from sparklog.sync.changes import Change, new_change
from sparklog.sync.hlc import Clock

NOW_MS = 1_795_291_200_000
LAPTOP = "1111111111111111"
PHONE = "2222222222222222"
STRANGER = "3333333333333333"


@pytest.fixture(scope="module")
def key() -> str:
    return crypto.generate_identity()


def _changes(device: str, texts: Sequence[str], start_ms: int = NOW_MS) -> list[Change]:
    clock = Clock(device)
    return [
        new_change(clock, "entry.add", {"text": text, "day": "2026-11-21"}, start_ms + n)
        for n, text in enumerate(texts)
    ]


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def test_changes_written_by_one_device_are_read_by_the_other(tmp_path: Path, key: str) -> None:
    root = tmp_path / "sync"
    root.mkdir()
    sent = _changes(LAPTOP, ["You made soup", "The long walk"])
    names = folder.publish(root, LAPTOP, sent, [crypto.public_key(key)])
    assert len(names) == 1 and names[0].startswith(f"{LAPTOP}/")

    # The laptop never reads its own files back.
    assert folder.collect(root, LAPTOP, set(), [key]).incoming == []
    got = folder.collect(root, PHONE, set(), [key])
    assert got.skipped == []
    assert [(i.name, i.device) for i in got.incoming] == [(names[0], LAPTOP)]
    assert got.incoming[0].changes == sent
    # Once seen, a file is not read again; a new one is.
    assert folder.collect(root, PHONE, set(names), [key]).incoming == []
    more = folder.publish(root, LAPTOP, _changes(LAPTOP, ["Breakfast"]), [crypto.public_key(key)])
    again = folder.collect(root, PHONE, set(names), [key])
    assert [i.name for i in again.incoming] == more


def test_each_batch_is_a_new_complete_private_file_named_by_chance(
    tmp_path: Path, key: str
) -> None:
    root = tmp_path / "sync"
    root.mkdir()
    recipients = [crypto.public_key(key)]
    first = folder.publish(root, LAPTOP, _changes(LAPTOP, ["one"]), recipients)
    before = (root / first[0]).read_bytes()
    second = folder.publish(root, LAPTOP, _changes(LAPTOP, ["one"]), recipients)
    assert first != second  # same content, still a new file; the old one is untouched
    assert (root / first[0]).read_bytes() == before
    files = _files(root)
    assert [p.relative_to(root).as_posix() for p in files] == sorted(first + second)
    for path in files:
        assert re.fullmatch(r"[0-9a-f]{32}\.age", path.name)
        assert path.stat().st_mode & 0o777 == 0o600
    assert (root / LAPTOP).stat().st_mode & 0o777 == 0o700


def test_a_large_history_is_split_into_batches_and_all_of_it_arrives(
    tmp_path: Path, key: str
) -> None:
    root = tmp_path / "sync"
    root.mkdir()
    sent = _changes(LAPTOP, [f"appreciation {n}" for n in range(2_500)])
    names = folder.publish(root, LAPTOP, sent, [crypto.public_key(key)], batch_size=1_000)
    assert len(names) == 3
    got = folder.collect(root, PHONE, set(), [key])
    assert sorted(c.id for i in got.incoming for c in i.changes) == sorted(c.id for c in sent)


def test_a_failed_write_leaves_no_file_at_all(
    tmp_path: Path, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "sync"
    root.mkdir()
    folder.publish(root, LAPTOP, _changes(LAPTOP, ["kept"]), [crypto.public_key(key)])
    before = _files(root)

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(SyncFolderError, match="is full"):
        folder.publish(root, LAPTOP, _changes(LAPTOP, ["lost"]), [crypto.public_key(key)])
    assert _files(root) == before


def test_temporaries_conflict_copies_and_damaged_files_are_skipped_one_line_each(
    tmp_path: Path, key: str
) -> None:
    root = tmp_path / "sync"
    root.mkdir()
    recipients = [crypto.public_key(key)]
    [good] = folder.publish(root, LAPTOP, _changes(LAPTOP, ["good"]), recipients)
    [other] = folder.publish(root, LAPTOP, _changes(LAPTOP, ["copied"]), recipients)
    laptop = root / LAPTOP
    data = (root / other).read_bytes()
    stem = other.split("/")[1].removesuffix(".age")
    planted = {
        f".syncthing.{stem}.age.tmp": data[:100],
        f"~{stem}.tmp": data[:50],
        f"{stem} (conflicted copy 2026-11-21).age": data,
        f"{stem} (Sam's conflicted copy).age": data,
        f"{stem}.sync-conflict-20261121-210000-ABCDEF7.age": data,
        "notes.txt": b"hello",
        "a" * 32 + ".age": data[: len(data) // 2],  # partial: cut in the middle
        "b" * 32 + ".age": data[:-1] + bytes([data[-1] ^ 1]),  # tampered
        "c" * 32 + ".age": crypto.seal(b"{}", [crypto.public_key(crypto.generate_identity())]),
        "d" * 32 + ".age": crypto.seal(b"not json", recipients),
    }
    for name, content in planted.items():
        (laptop / name).write_bytes(content)
    (laptop / ("e" * 32 + ".age")).mkdir()
    (laptop / ("f" * 32 + ".age")).symlink_to(root / good)
    (root / other).unlink()  # only the conflict copies of it remain
    # Another device's file put in the laptop's folder.
    [foreign] = folder.publish(root, PHONE, _changes(PHONE, ["moved"]), recipients)
    (root / foreign).rename(laptop / ("9" * 32 + ".age"))

    got = folder.collect(root, STRANGER, set(), [key])

    assert [i.name for i in got.incoming] == [good]
    reasons = {s.name.split("/", 1)[1]: s.reason for s in got.skipped}
    assert set(reasons) == {*planted, "e" * 32 + ".age", "f" * 32 + ".age", "9" * 32 + ".age"}
    expected = {
        f".syncthing.{stem}.age.tmp": "Syncthing is still bringing it in",
        f"~{stem}.tmp": "still being written",
        f"{stem} (conflicted copy 2026-11-21).age": "conflict copy",
        f"{stem} (Sam's conflicted copy).age": "conflict copy",
        f"{stem}.sync-conflict-20261121-210000-ABCDEF7.age": "conflict copy",
        "notes.txt": "not a sparklog batch file",
        "a" * 32 + ".age": "fails age's authentication",
        "b" * 32 + ".age": "fails age's authentication",
        "c" * 32 + ".age": "not encrypted to this journal's keys",
        "d" * 32 + ".age": "not a sparklog batch",
        "e" * 32 + ".age": "not a regular file",
        "f" * 32 + ".age": "not a regular file",
        "9" * 32 + ".age": "changes of another device",
    }
    for name, reason in expected.items():
        assert reason in reasons[name], (name, reasons[name])
    for skipped in got.skipped:
        line = skipped.line()
        assert "\n" not in line and line.startswith(f"skipped {LAPTOP}/")
    # Failed files are tried again next time (a partial one may be completed).
    assert len(folder.collect(root, STRANGER, {good}, [key]).skipped) == len(got.skipped)


def test_what_is_not_a_device_folder_is_left_alone(tmp_path: Path, key: str) -> None:
    root = tmp_path / "sync"
    for name in (".stfolder", ".git", ".stversions", "Photos", LAPTOP.upper()):
        (root / name).mkdir(parents=True)
    (root / "README.txt").write_text("hello")
    (root / folder.KEY_FILE).write_bytes(b"wrapped")
    (root / ".git" / ("a" * 32 + ".age")).write_bytes(b"x")
    scan = folder.list_new(root, PHONE, set())
    assert scan.new == [] and scan.skipped == []


def test_a_missing_folder_is_one_clear_error(tmp_path: Path, key: str) -> None:
    gone = tmp_path / "usb-drive" / "sparklog"
    for attempt in (
        lambda: folder.publish(gone, LAPTOP, _changes(LAPTOP, ["x"]), [crypto.public_key(key)]),
        lambda: folder.collect(gone, LAPTOP, set(), [key]),
        lambda: folder.read_key_file(gone),
    ):
        with pytest.raises(SyncFolderError, match="is missing; if it lives on a drive, mount it"):
            attempt()
    assert not gone.parent.exists()


def test_a_file_given_as_the_folder_is_one_clear_error(tmp_path: Path) -> None:
    not_folder = tmp_path / "file"
    not_folder.write_text("x")
    with pytest.raises(SyncFolderError, match="is not a folder"):
        folder.list_new(not_folder, LAPTOP, set())


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sparklog.errors import SparklogError
    from sparklog.sync import crypto, folder
    from sparklog.sync.changes import new_change
    from sparklog.sync.hlc import Clock
    root, size = Path(sys.argv[1]), int(sys.argv[2])
    clock = Clock("1111111111111111")
    change = new_change(clock, "entry.add", {"text": "x" * size}, 1795291200000)
    recipient = crypto.public_key(crypto.generate_identity())
    try:
        folder.publish(root, clock.device, [change], [recipient])
    except SparklogError as exc:
        print(exc.message, file=sys.stderr)
        sys.exit(1)
    """
)


def _child(root: Path, size: int, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(root), str(size)],
        capture_output=True,
        text=True,
        timeout=60,
        **kwargs,  # type: ignore[call-overload]
    )


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _limit_file_size() -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_full_disk_is_one_clear_error_and_leaves_no_file(tmp_path: Path) -> None:
    root = tmp_path / "sync"
    root.mkdir()
    line = _one_line(_child(root, 100_000, preexec_fn=_limit_file_size))
    assert "is full; free some space" in line and "nothing was written" in line
    assert _files(root) == []


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("unshare") is not None


MOUNTED = """
set -e
mount -t tmpfs -o size=64k,mode=0700 tmpfs "$ROOT"
dd if=/dev/zero of="$ROOT"/filler bs=4k 2>/dev/null || true
set +e
"$PYTHON" -c "$CHILD" "$ROOT" 200000
echo "exit=$?"
rm "$ROOT"/filler
echo "left=$(find "$ROOT" -type f | wc -l)"
"""

READ_ONLY = """
set -e
mount --bind "$ROOT" "$ROOT"
mount -o remount,bind,ro "$ROOT"
set +e
"$PYTHON" -c "$CHILD" "$ROOT" 10
echo "exit=$?"
"""


def _in_mount_namespace(script: str, root: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ROOT=str(root), PYTHON=sys.executable, CHILD=CHILD)
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


# CI runs as root, so there these always run; elsewhere they need root too.
@pytest.mark.skipif(not _can_mount() and not os.environ.get("CI"), reason="needs root and unshare")
def test_a_really_full_filesystem_is_one_clear_error(tmp_path: Path) -> None:
    root = tmp_path / "small"
    root.mkdir()
    done = _in_mount_namespace(MOUNTED, root)
    assert "exit=1" in done.stdout, done.stdout + done.stderr
    assert "left=0" in done.stdout  # no partial file on the full disk
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "is full" in lines[0], done.stderr


def test_a_read_only_folder_is_one_clear_error(tmp_path: Path) -> None:
    """As root, permission bits do not stop a write: a read-only bind mount does."""
    root = tmp_path / "sync"
    root.mkdir()
    if _can_mount():
        done = _in_mount_namespace(READ_ONLY, root)
        assert "exit=1" in done.stdout, done.stdout + done.stderr
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, done.stderr
        line = lines[0]
    else:
        root.chmod(0o500)
        try:
            line = _one_line(_child(root, 10))
        finally:
            root.chmod(0o700)
    assert "is read-only; make it writable" in line
    assert _files(root) == []


def test_the_key_file_is_written_once_and_read_back(tmp_path: Path) -> None:
    root = tmp_path / "sync"
    root.mkdir()
    assert folder.read_key_file(root) is None
    folder.write_key_file(root, b"first")
    with pytest.raises(SyncError, match="already holds a sparklog sync key"):
        folder.write_key_file(root, b"second")
    assert folder.read_key_file(root) == b"first"
    assert [p.name for p in root.iterdir()] == [folder.KEY_FILE]  # no temporary left


def test_the_local_identity_is_a_private_file(tmp_path: Path) -> None:
    identity = crypto.generate_identity()
    path = tmp_path / "config" / "sparklog" / "sync.key"
    folder.save_identity(path, identity)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert folder.load_identity(path) == identity
    assert sorted(p.name for p in path.parent.iterdir()) == ["sync.key"]

    path.chmod(0o644)
    with pytest.raises(SyncError, match="can be read by other accounts; chmod 600"):
        folder.load_identity(path)
    path.chmod(0o600)
    link = tmp_path / "link.key"
    link.symlink_to(path)
    with pytest.raises(SyncError, match="cannot read the sync key"):
        folder.load_identity(link)
    with pytest.raises(SyncError, match="there is no sync key"):
        folder.load_identity(tmp_path / "absent.key")
    path.write_text("not a key\n")
    with pytest.raises(SyncError, match="does not hold a sync key"):
        folder.load_identity(path)
    with pytest.raises(SyncError, match="not an age secret key"):
        folder.save_identity(tmp_path / "other.key", "not a key")
    assert not (tmp_path / "other.key").exists()


def test_a_file_too_large_to_be_a_batch_is_not_read(
    tmp_path: Path, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "sync"
    (root / LAPTOP).mkdir(parents=True)
    (root / LAPTOP / ("a" * 32 + ".age")).write_bytes(b"x" * 2048)
    monkeypatch.setattr(folder, "MAX_FILE_BYTES", 1024)
    with pytest.raises(SyncFileUnreadable, match="larger than"):
        folder.read_file(root, f"{LAPTOP}/{'a' * 32}.age")
    [skipped] = folder.collect(root, PHONE, set(), [key]).skipped
    assert "larger than" in skipped.reason


# --- a real transport: a bare git repository and two clones ------------------------


def _git(cwd: Path, *args: str) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="sparklog",
        GIT_AUTHOR_EMAIL="sparklog@localhost",
        GIT_COMMITTER_NAME="sparklog",
        GIT_COMMITTER_EMAIL="sparklog@localhost",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_TERMINAL_PROMPT="0",
    )
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return done.stdout


def test_batches_travel_through_a_git_repository_both_ways(tmp_path: Path, key: str) -> None:
    hub = tmp_path / "hub.git"
    _git(tmp_path, "init", "--bare", "--quiet", str(hub))
    laptop, phone = tmp_path / "laptop", tmp_path / "phone"
    _git(tmp_path, "clone", "--quiet", str(hub), str(laptop))
    recipients = [crypto.public_key(key)]

    sent_laptop = _changes(LAPTOP, ["from the laptop"])
    folder.publish(laptop, LAPTOP, sent_laptop, recipients)
    _git(laptop, "add", "--all")
    _git(laptop, "commit", "--quiet", "-m", "sparklog sync")
    _git(laptop, "push", "--quiet", "origin", "main")

    _git(tmp_path, "clone", "--quiet", str(hub), str(phone))
    got = folder.collect(phone, PHONE, set(), [key])
    assert got.skipped == []
    assert [c for i in got.incoming for c in i.changes] == sent_laptop
    seen_on_phone = {i.name for i in got.incoming}

    sent_phone = _changes(PHONE, ["from the phone", "and again"])
    folder.publish(phone, PHONE, sent_phone, recipients)
    _git(phone, "add", "--all")
    _git(phone, "commit", "--quiet", "-m", "sparklog sync")
    _git(phone, "push", "--quiet", "origin", "main")
    # Meanwhile the laptop wrote more; its pull merges without a conflict, since no
    # two devices ever write the same file.
    more_laptop = _changes(LAPTOP, ["laptop again"], NOW_MS + 60_000)
    folder.publish(laptop, LAPTOP, more_laptop, recipients)
    _git(laptop, "add", "--all")
    _git(laptop, "commit", "--quiet", "-m", "sparklog sync")
    _git(laptop, "pull", "--quiet", "--no-rebase", "--no-edit", "origin", "main")
    _git(laptop, "push", "--quiet", "origin", "main")

    back = folder.collect(laptop, LAPTOP, set(), [key])
    assert back.skipped == []
    assert sorted(c.id for i in back.incoming for c in i.changes) == sorted(
        c.id for c in sent_phone
    )
    _git(phone, "pull", "--quiet", "--no-rebase", "--no-edit", "origin", "main")
    later = folder.collect(phone, PHONE, seen_on_phone, [key])
    assert [c for i in later.incoming for c in i.changes] == more_laptop
    assert _git(phone, "status", "--porcelain") == ""


# --- privacy -------------------------------------------------------------------------

MARKERS = ["Marigold-7731 soup", "Zephyr walk by the canal", "Quokka-9 apology"]


def test_no_byte_of_the_folder_reveals_what_was_written(tmp_path: Path, key: str) -> None:
    root = tmp_path / "sync"
    root.mkdir()
    own = [crypto.public_key(key)]
    partner = crypto.generate_identity()
    folder.write_key_file(root, crypto.wrap_identity(key, "a long sync passphrase"))
    for device, texts in ((LAPTOP, MARKERS[:2]), (PHONE, MARKERS[2:])):
        changes = [
            new_change(
                Clock(device),
                "entry.add",
                {"text": t, "day": "2026-11-21", "tags": ["canal"]},
                NOW_MS,
            )
            for t in texts
        ]
        folder.publish(root, device, changes, own)
        folder.publish(root, device, changes, [*own, crypto.public_key(partner)])

    needles = [
        *(m.encode() for m in MARKERS),
        *(m.encode("utf-16-le") for m in MARKERS),
        *(word.encode() for m in MARKERS for word in m.split() if len(word) > 4),
        b"2026-11-21",
        b"entry.add",
        b"canal",
        key.encode(),
        key.encode().lower(),
        b"AGE-SECRET-KEY",
        str(NOW_MS).encode(),
        f"{NOW_MS:012x}".encode(),
    ]
    files = _files(root)
    assert len(files) == 5
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, (path, needle)
            assert needle.lower() not in data.lower(), (path, needle)
        # Names are a device id and 128 random bits: no date, no count, no content.
        relative = path.relative_to(root).as_posix()
        assert relative == folder.KEY_FILE or re.fullmatch(
            rf"({LAPTOP}|{PHONE})/[0-9a-f]{{32}}\.age", relative
        ), relative
