"""Encryption at rest: lock, unlock, passphrase, and what stays readable on disk."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend

from sparklog.store import crypto, files
from sparklog.store.migrations import APPLICATION_ID
from tests.conftest import Invoke, sparklog_command

# The dev environment installs the encrypt extra; without it these tests must fail, not skip.
assert crypto.available(), "the encrypt extra (sqlcipher3) is not installed; run `uv sync`"

PASS = "correct horse 'battery' \"staple\" ü"
OTHER = "a different one, 7 words long"
MARKERS = ("zanzibarmarker", "quokkamarker", "xylophonemarker")


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this test only, and counts who asked."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}
        self.reads = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.reads += 1
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username))


@pytest.fixture(autouse=True)
def _no_real_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Never touch the keyring of the person running the tests."""
    monkeypatch.delenv(crypto.PASSPHRASE_ENV, raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _seed(cli: Invoke) -> None:
    assert cli("gratitude", "add", f"You sang the {MARKERS[0]} song #music").exit_code == 0
    assert cli("three", MARKERS[1], "warm soup", "a long walk").exit_code == 0


def _lock(cli: Invoke, passphrase: str = PASS, *args: str) -> Any:
    result = cli("lock", *args, input=f"{passphrase}\n{passphrase}\n")
    assert result.exit_code == 0, result.stderr
    return result


def _with(passphrase: str) -> dict[str, str]:
    return {crypto.PASSPHRASE_ENV: passphrase}


def _listing(cli: Invoke, passphrase: str | None = None) -> Any:
    result = cli("gratitude", "list", "--json", env=_with(passphrase) if passphrase else None)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _plain_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("entry", "entry_tag")
        }
    finally:
        conn.close()


def _beside(db: Path) -> list[str]:
    return sorted(item.name for item in db.parent.iterdir())


def _no_plain_marker(*paths: Path) -> None:
    for path in paths:
        data = path.read_bytes()
        for marker in MARKERS:
            assert marker.encode() not in data, f"{marker} readable in {path.name}"


# --- lock -----------------------------------------------------------------------------


def test_lock_leaves_no_readable_text_on_disk(cli: Invoke, db_path: Path) -> None:
    _seed(cli)
    assert MARKERS[0].encode() in db_path.read_bytes()  # the plain file did show it
    result = _lock(cli)
    assert "Locked" in result.stdout and "4 entries" in result.stdout
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    _no_plain_marker(db_path)
    assert _beside(db_path) == ["sparklog.db", "sparklog.db.last", "sparklog.db.lock"]
    assert db_path.with_name("sparklog.db.last").read_text().strip() == "2026-11-21"


def test_wal_and_shm_of_an_encrypted_journal_hold_no_plain_text(cli: Invoke, db_path: Path) -> None:
    """Write while another connection keeps the WAL alive, then read its bytes."""
    _seed(cli)
    _lock(cli)
    holder = crypto.connect(db_path, PASS)
    try:
        holder.execute("SELECT count(*) FROM entry").fetchone()
        added = cli("gratitude", "add", f"the {MARKERS[2]} evening", env=_with(PASS))
        assert added.exit_code == 0, added.stderr
        wal = db_path.with_name("sparklog.db-wal")
        shm = db_path.with_name("sparklog.db-shm")
        assert wal.stat().st_size > 0 and shm.exists()
        _no_plain_marker(db_path, wal, shm)
    finally:
        holder.close()


def test_the_same_check_finds_text_in_a_plain_wal(cli: Invoke, db_path: Path) -> None:
    """The control for the test above: without encryption the WAL shows the words."""
    _seed(cli)
    holder = sqlite3.connect(db_path)
    try:
        holder.execute("SELECT count(*) FROM entry").fetchone()
        assert cli("gratitude", "add", f"the {MARKERS[2]} evening").exit_code == 0
        wal = db_path.with_name("sparklog.db-wal")
        assert MARKERS[2].encode() in wal.read_bytes()
    finally:
        holder.close()


def test_right_passphrase_reads_everything_back(
    cli: Invoke, frozen: object, _no_real_keyring: MemoryKeyring
) -> None:
    _seed(cli)
    before = _listing(cli)
    today_before = cli("today").stdout
    _lock(cli)
    assert _listing(cli, PASS) == before
    typed = cli("today", input=f"{PASS}\n")
    assert typed.exit_code == 0, typed.stderr
    assert typed.stdout == today_before
    assert "Passphrase for" in typed.stderr and PASS not in typed.stderr + typed.stdout
    added = cli("gratitude", "add", "still writable", env=_with(PASS))
    assert added.exit_code == 0, added.stderr
    assert len(_listing(cli, PASS)) == len(before) + 1
    assert _no_real_keyring.reads == 0  # no --remember: the keyring is never asked


def test_wrong_passphrase_is_one_line_and_touches_nothing(cli: Invoke, db_path: Path) -> None:
    _seed(cli)
    _lock(cli)
    digest, names = _digest(db_path), _beside(db_path)
    for command in (["today"], ["gratitude", "add", "never stored"], ["info"]):
        result = cli(*command, env=_with("not it"))
        assert result.exit_code == 1
        assert len(result.err_lines) == 1, result.stderr
        assert "passphrase" in result.err_lines[0] and "untouched" in result.err_lines[0]
        assert "Traceback" not in result.stderr
    typed = cli("today", input="not it either\n")
    assert typed.exit_code == 1
    assert [line for line in typed.err_lines if line.startswith("sparklog:")] == [
        typed.err_lines[-1]
    ]
    assert _digest(db_path) == digest and _beside(db_path) == names
    assert len(_listing(cli, PASS)) == 4


def test_closed_stdin_without_a_passphrase_is_one_clear_line(cli: Invoke) -> None:
    _seed(cli)
    _lock(cli)
    result = cli("today", input="")
    assert result.exit_code == 1
    assert "SPARKLOG_PASSPHRASE" in result.err_lines[-1]


def test_lock_refuses_mismatched_or_empty_passphrases(cli: Invoke, db_path: Path) -> None:
    _seed(cli)
    digest = _digest(db_path)
    differ = cli("lock", input="one thing\nanother\n")
    assert differ.exit_code == 2 and "differ" in differ.err_lines[-1]
    empty = cli("lock", input="\n\n")
    assert empty.exit_code == 2 and "empty" in empty.err_lines[-1]
    assert _digest(db_path) == digest
    _lock(cli)
    again = cli("lock", input=f"{PASS}\n{PASS}\n")
    assert again.exit_code == 2 and "already encrypted" in again.err_lines[-1]


def test_lock_removes_sparklogs_own_plain_backups(cli: Invoke, db_path: Path) -> None:
    _seed(cli)
    folder = db_path.parent / "backups"
    files.make_private_dir(folder)
    files.copy_database(db_path, folder / "sparklog.db--pre-upgrade-v1-20261101-120000.db")
    files.copy_database(db_path, folder / "sparklog.db--20261120-080000.db")
    (folder / "notes.txt").write_text("mine, not sparklog's")
    foreign = sqlite3.connect(folder / "other-app.db")
    foreign.execute("CREATE TABLE t (x)")
    foreign.commit()
    foreign.close()
    result = _lock(cli)
    assert "removing 2 plain backups" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", "other-app.db"]


def test_lock_leaves_another_journals_backups_alone(cli: Invoke, db_path: Path) -> None:
    """Two journals can share a folder; locking one keeps the other's copies."""
    other = db_path.with_name("other.db")
    assert cli("--db", str(other), "gratitude", "add", "theirs").exit_code == 0
    assert cli("--db", str(other), "backup").exit_code == 0
    folder = db_path.parent / "backups"
    files.copy_database(other, folder / "other-pre-upgrade-v1-20261101-120000.db")
    theirs = sorted(p.name for p in folder.iterdir())
    _seed(cli)
    assert cli("backup").exit_code == 0
    result = _lock(cli)
    assert "removing 1 plain backup" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == theirs


def test_lock_without_a_journal_or_extra_says_so(
    cli: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = cli("lock", input=f"{PASS}\n{PASS}\n")
    assert missing.exit_code == 1 and "no journal" in missing.err_lines[-1]
    _seed(cli)
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    result = cli("lock", input=f"{PASS}\n{PASS}\n")
    assert result.exit_code == 1
    assert "pip install 'sparklog[encrypt]'" in result.err_lines[-1]


# --- opening without the extra, foreign files ----------------------------------------


def test_encrypted_journal_without_the_extra_says_how_to_install(
    cli: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(cli)
    _lock(cli)
    digest = _digest(db_path)
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    result = cli("today", env=_with(PASS))
    assert result.exit_code == 1
    assert result.err_lines == [result.err_lines[0]]
    assert "pip install 'sparklog[encrypt]'" in result.err_lines[0]
    assert _digest(db_path) == digest


def test_page_sized_garbage_is_still_not_a_journal(cli: Invoke, tmp_path: Path) -> None:
    other = tmp_path / "noise.db"
    other.write_bytes(random.Random(7).randbytes(8192))
    digest = _digest(other)
    result = cli("--db", str(other), "today", env=_with(PASS))
    assert result.exit_code == 1
    assert len(result.err_lines) == 1 and "not a sparklog journal" in result.err_lines[0]
    assert _digest(other) == digest
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == ["noise.db"]


# --- unlock, passphrase, keyring -----------------------------------------------------


def test_unlock_restores_a_plain_journal_with_every_row(cli: Invoke, db_path: Path) -> None:
    _seed(cli)
    before = _plain_rows(db_path)
    _lock(cli)
    result = cli("unlock", input=f"{PASS}\n")
    assert result.exit_code == 0, result.stderr
    assert any("warning" in line and "plain text" in line for line in result.err_lines)
    assert db_path.read_bytes().startswith(b"SQLite format 3\x00")
    assert _plain_rows(db_path) == before
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    hits = conn.execute("SELECT count(*) FROM entry_fts WHERE entry_fts MATCH ?", (MARKERS[1],))
    assert hits.fetchone()[0] == 1
    conn.close()
    assert cli("today").exit_code == 0
    wrong = cli("unlock", input="nope\n")
    assert wrong.exit_code == 2 and "not encrypted" in wrong.err_lines[-1]


def test_unlock_with_a_wrong_passphrase_changes_nothing(cli: Invoke, db_path: Path) -> None:
    _seed(cli)
    _lock(cli)
    digest = _digest(db_path)
    result = cli("unlock", input="nope\n")
    assert result.exit_code == 1
    assert _digest(db_path) == digest and _beside(db_path) == [
        "sparklog.db",
        "sparklog.db.last",
        "sparklog.db.lock",
    ]


def test_passphrase_rekeys(cli: Invoke, db_path: Path) -> None:
    _seed(cli)
    _lock(cli)
    before = _listing(cli, PASS)
    differ = cli("passphrase", input=f"{PASS}\n{OTHER}\nsomething else\n")
    assert differ.exit_code == 2
    wrong_old = cli("passphrase", input=f"guess\n{OTHER}\n{OTHER}\n")
    assert wrong_old.exit_code == 1
    assert _listing(cli, PASS) == before
    result = cli("passphrase", input=f"{PASS}\n{OTHER}\n{OTHER}\n")
    assert result.exit_code == 0, result.stderr
    assert cli("today", env=_with(PASS)).exit_code == 1
    assert _listing(cli, OTHER) == before
    _no_plain_marker(db_path)


def test_remember_keeps_the_passphrase_in_the_keyring(
    cli: Invoke, db_path: Path, _no_real_keyring: MemoryKeyring
) -> None:
    _seed(cli)
    _lock(cli, PASS, "--remember")
    assert list(_no_real_keyring.store.values()) == [PASS]
    assert "sparklog.db.keyring" in _beside(db_path)  # says where to look; holds no secret
    assert PASS not in db_path.with_name("sparklog.db.keyring").read_text()
    result = cli("today", input="")
    assert result.exit_code == 0, result.stderr
    assert "Passphrase" not in result.stderr
    assert cli("passphrase", input=f"{PASS}\n{OTHER}\n{OTHER}\n").exit_code == 0
    assert list(_no_real_keyring.store.values()) == [OTHER]
    assert cli("unlock").exit_code == 0
    assert _no_real_keyring.store == {}
    assert _beside(db_path) == ["sparklog.db", "sparklog.db.last", "sparklog.db.lock"]


def test_remember_without_a_usable_keyring_changes_nothing(cli: Invoke, db_path: Path) -> None:
    from keyring.backends.null import Keyring as NoKeyring

    _seed(cli)
    keyring.set_keyring(NoKeyring())
    digest = _digest(db_path)
    result = cli("lock", "--remember", input=f"{PASS}\n{PASS}\n")
    assert result.exit_code == 1
    assert "keyring" in result.err_lines[-1] and "nothing was changed" in result.err_lines[-1]
    assert _digest(db_path) == digest


def test_a_stale_keyring_passphrase_is_named_as_the_source(
    cli: Invoke, db_path: Path, _no_real_keyring: MemoryKeyring
) -> None:
    _seed(cli)
    _lock(cli)
    crypto.remember(db_path, "old and wrong")
    result = cli("today", input="")
    assert result.exit_code == 1
    assert "from the keyring" in result.err_lines[-1]


# --- what the encrypted journal keeps private ----------------------------------------


def test_temporary_tables_stay_in_memory(cli: Invoke, db_path: Path) -> None:
    from sparklog.store.db import open_journal

    _seed(cli)
    _lock(cli)
    journal = open_journal(db_path, write=False, ask=lambda _q: PASS)
    with journal.transaction() as session:
        assert session.connection().exec_driver_sql("PRAGMA temp_store").scalar() == 2
    assert journal.key == PASS
    journal.close()


def test_backups_of_an_encrypted_journal_stay_encrypted(
    cli: Invoke, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(cli)
    _lock(cli)
    keyed = tmp_path / "keyed.db"
    files.copy_database(db_path, keyed, key=PASS)
    monkeypatch.setenv(crypto.PASSPHRASE_ENV, PASS)
    from_env = tmp_path / "from-env.db"
    files.copy_database(db_path, from_env)
    for copy in (keyed, from_env):
        assert not copy.read_bytes().startswith(b"SQLite format 3")
        _no_plain_marker(copy)
        conn = crypto.connect(copy, PASS, readonly=True)
        assert conn.execute("SELECT count(*) FROM entry").fetchone()[0] == 4
        conn.close()
    monkeypatch.delenv(crypto.PASSPHRASE_ENV)
    with pytest.raises(crypto.StoreError, match="SPARKLOG_PASSPHRASE"):
        files.copy_database(db_path, tmp_path / "never.db")
    assert not (tmp_path / "never.db").exists()
    assert not list(tmp_path.glob(".never.db*"))


def test_backup_command_writes_an_encrypted_copy(cli: Invoke, db_path: Path) -> None:
    _seed(cli)
    _lock(cli)
    result = cli("backup", input=f"{PASS}\n")
    assert result.exit_code == 0, result.stderr
    [copy] = (db_path.parent / "backups").iterdir()
    assert not copy.read_bytes().startswith(b"SQLite format 3")
    _no_plain_marker(copy)
    conn = crypto.connect(copy, PASS, readonly=True)
    assert conn.execute("SELECT count(*) FROM entry").fetchone()[0] == 4
    conn.close()


def test_info_says_whether_the_journal_is_encrypted(cli: Invoke) -> None:
    _seed(cli)
    assert "encrypted no" in cli("info").stdout
    _lock(cli)
    shown = cli("info", env=_with(PASS))
    assert shown.exit_code == 0, shown.stderr
    assert "encrypted yes" in shown.stdout


def test_export_of_an_encrypted_journal_warns_it_is_plain_text(cli: Invoke) -> None:
    _seed(cli)
    _lock(cli)
    result = cli("export", env=_with(PASS))
    assert result.exit_code == 0, result.stderr
    assert len(result.err_lines) == 1 and "plain text" in result.err_lines[0]
    assert MARKERS[0] in result.stdout
    unlocked_journal = cli("unlock", input=f"{PASS}\n")
    assert unlocked_journal.exit_code == 0
    assert cli("export").err_lines == []


def test_upgrading_an_encrypted_journal_keeps_its_backup_encrypted(
    cli: Invoke, db_path: Path
) -> None:
    from sparklog.store.migrations import MIGRATIONS

    files.make_private_dir(db_path.parent)
    conn = sqlite3.connect(db_path)
    for statement in MIGRATIONS[0].statements:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    crypto.lock(db_path, PASS)
    result = cli("gratitude", "add", f"after the {MARKERS[0]} upgrade", env=_with(PASS))
    assert result.exit_code == 0, result.stderr
    [backup] = (db_path.parent / "backups").iterdir()
    assert backup.name.startswith("sparklog.db--pre-upgrade-v1")
    assert crypto.looks_encrypted(backup) and crypto.looks_encrypted(db_path)
    kept = crypto.connect(backup, PASS, readonly=True)
    assert kept.execute("PRAGMA user_version").fetchone()[0] == 1
    kept.close()
    _no_plain_marker(db_path)


# --- interruptions -------------------------------------------------------------------


def _readable(db: Path) -> int:
    """Entries in the journal, plain or encrypted; fails if it is neither."""
    if db.read_bytes().startswith(b"SQLite format 3\x00"):
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    else:
        conn = crypto.connect(db, PASS, readonly=True)
    try:
        return int(conn.execute("SELECT count(*) FROM entry").fetchone()[0])
    finally:
        conn.close()


def _partials(db: Path) -> list[str]:
    return [name for name in _beside(db) if crypto.PARTIAL_MARK in name]


@pytest.mark.parametrize(("stop", "code"), [(KeyboardInterrupt(), 130), (SystemExit(143), 143)])
def test_lock_interrupted_before_the_swap_keeps_the_plain_journal(
    cli: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch, stop: BaseException, code: int
) -> None:
    _seed(cli)
    before = _plain_rows(db_path)

    def interrupted(*_args: object) -> None:
        raise stop

    monkeypatch.setattr(os, "replace", interrupted)
    result = cli("lock", input=f"{PASS}\n{PASS}\n")
    monkeypatch.undo()
    assert result.exit_code == code
    assert _beside(db_path) == ["sparklog.db", "sparklog.db.last", "sparklog.db.lock"]
    assert _plain_rows(db_path) == before
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_lock_interrupted_after_the_swap_is_encrypted_and_whole(
    cli: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(cli)
    real = crypto._fsync

    def stop_at_folder(path: Path) -> None:
        if path.is_dir():
            raise KeyboardInterrupt
        real(path)

    monkeypatch.setattr(crypto, "_fsync", stop_at_folder)
    result = cli("lock", input=f"{PASS}\n{PASS}\n")
    assert result.exit_code == 130
    assert _beside(db_path) == ["sparklog.db", "sparklog.db.last", "sparklog.db.lock"]
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    assert _readable(db_path) == 4


def _lock_process(db: Path, kill_after: int | None) -> tuple[int, bool]:
    """Run `sparklog lock` in its own process; SIGKILL it once the encrypted copy
    has been seen on disk `kill_after` times. Returns (times seen, was killed)."""
    proc = subprocess.Popen(
        sparklog_command("--db", str(db), "lock"),
        env=dict(os.environ, **_with(PASS)),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen = 0
    try:
        while proc.poll() is None:
            if _partials(db):
                seen += 1
                if kill_after is not None and seen > kill_after:
                    proc.send_signal(signal.SIGKILL)
                    break
    finally:
        code = proc.wait(timeout=60)
    return seen, code == -signal.SIGKILL


def test_lock_killed_at_any_moment_leaves_one_readable_journal(
    cli: Invoke, tmp_path: Path, rng: random.Random
) -> None:
    """kill -9 while `lock` runs: the journal is plain or encrypted, whole either way.

    A first, undisturbed run measures how long the encrypted copy sits on disk
    (in polls); the later runs are killed at a random point in each quarter of it, which
    spans writing the copy, checking it, and swapping it in. A killed process
    cannot clean up after itself; the next sparklog run removes its copy.
    """
    chance = rng  # seeded; a failure prints the seed
    window = 0
    for attempt in range(5):
        db = tmp_path / f"try{attempt}" / "sparklog.db"
        for n in range(4):
            added = cli("--db", str(db), "gratitude", "add", f"{MARKERS[0]} {attempt}.{n}")
            assert added.exit_code == 0
        if attempt == 0:
            window, killed = _lock_process(db, None)
            assert not killed and crypto.looks_encrypted(db)
            continue
        quarter = max(window // 4, 1)  # one random moment in each quarter of the window
        _seen, killed = _lock_process(
            db, chance.randint((attempt - 1) * quarter, attempt * quarter)
        )
        assert _readable(db) == 4
        after = cli("--db", str(db), "today", env=_with(PASS))
        assert after.exit_code == 0, after.stderr
        assert _partials(db) == []
        assert [name for name in _beside(db) if name.endswith("-journal")] == []


# --- nudge and the editor -------------------------------------------------------------


def test_nudge_on_an_encrypted_journal_needs_no_passphrase(
    cli: Invoke, db_path: Path, frozen: Any, _no_real_keyring: MemoryKeyring
) -> None:
    from sparklog.cli.nudge import NUDGE_LINE

    _seed(cli)
    _lock(cli)
    reads = _no_real_keyring.reads
    quiet = cli("nudge", input="")
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    frozen.move_to("2026-11-22T21:00:00+01:00")
    due = cli("nudge", input="")
    assert due.exit_code == 0 and due.stdout.strip() == NUDGE_LINE
    assert due.stderr == ""
    assert _no_real_keyring.reads == reads
    assert MARKERS[0] not in due.stdout


def test_editor_draft_is_private_and_removed_when_the_editor_fails(
    cli: Invoke, rows: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "editor.log"
    editor = tmp_path / "failing-editor"
    editor.write_text(
        "#!/bin/sh\n"
        f'stat -c "%a" "$1" > {log}\n'
        f'stat -c "%a" "$(dirname "$1")" >> {log}\n'
        f'echo "$1" >> {log}\n'
        'printf "half a thought\\n" > "$1"\n'
        "exit 3\n"
    )
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setattr("sparklog.cli.prompting.interactive", lambda: True)
    result = cli("gratitude", "add")
    assert result.exit_code == 1
    assert "status 3" in result.err_lines[-1]
    file_mode, folder_mode, draft = log.read_text().split()
    assert (file_mode, folder_mode) == ("600", "700")
    assert not Path(draft).exists() and not Path(draft).parent.exists()
    assert rows("SELECT count(*) FROM entry") in ([], [(0,)])


def test_lock_help_names_the_extra_to_install(cli: Invoke) -> None:
    shown = cli("lock", "--help", env={"COLUMNS": "120"})
    assert shown.exit_code == 0
    assert "pip install 'sparklog[encrypt]'" in shown.stdout


# --- a journal reached through a link ------------------------------------------------------


def test_lock_through_a_link_encrypts_the_file_it_points_at(cli: Invoke, tmp_path: Path) -> None:
    real = tmp_path / "real" / "journal.db"
    assert cli("--db", str(real), "gratitude", "add", f"the {MARKERS[0]} day").exit_code == 0
    link = tmp_path / "linked" / "sparklog.db"
    link.parent.mkdir()
    link.symlink_to(real)
    result = cli("--db", str(link), "lock", input=f"{PASS}\n{PASS}\n")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    _no_plain_marker(real)
    assert crypto.looks_encrypted(real)
    assert [p.name for p in real.parent.iterdir() if crypto.PARTIAL_MARK in p.name] == []
    listed = cli("--db", str(link), "gratitude", "list", "--json", env=_with(PASS))
    assert listed.exit_code == 0, listed.stderr
    assert [item["text"] for item in json.loads(listed.stdout)] == [f"the {MARKERS[0]} day"]
    unlocked = cli("--db", str(link), "unlock", env=_with(PASS))
    assert unlocked.exit_code == 0, unlocked.stderr
    assert link.is_symlink() and real.read_bytes().startswith(files.SQLITE_HEADER)


def test_lock_removes_old_style_backups_only_while_no_other_journal_shares_the_stem(
    cli: Invoke, db_path: Path
) -> None:
    """Before the full file name was used, backups were named <stem>-<stamp>.db."""
    _seed(cli)
    folder = db_path.parent / "backups"
    folder.mkdir()
    old_style = folder / "sparklog-20261101-120000.db"
    files.copy_database(db_path, old_style)
    sibling = db_path.with_name("sparklog.sqlite")
    assert cli("--db", str(sibling), "gratitude", "add", "theirs").exit_code == 0
    _lock(cli)
    assert old_style.exists(), "another journal shares the stem: the copy may be theirs"
    for item in sibling.parent.iterdir():
        if item.name.startswith(sibling.name):
            item.unlink()
    assert cli("unlock", env=_with(PASS)).exit_code == 0
    result = _lock(cli)
    assert "removing 1 plain backup" in result.stderr
    assert not old_style.exists()
