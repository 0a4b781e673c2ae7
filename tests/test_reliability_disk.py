"""A full disk: the command fails with one clear line and the journal keeps every row.

A file-size limit (RLIMIT_FSIZE, with SIGXFSZ ignored so writes fail with EFBIG
instead of killing the process) works for any user. Where the tests run as root,
a real tiny tmpfs filled to the brim (in a private mount namespace) adds the
ENOSPC case a laptop actually meets.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from sparklog.app.entries import new_gratitude
from sparklog.store.db import open_journal
from sparklog.store.entries import add_entry
from tests.conftest import run_process, sparklog_command

NOW = datetime.fromisoformat("2026-11-20T21:00:00+01:00")

LONG = "you carried the groceries up four floors " * 45 + "#stairs #groceries"


def _seed(db: Path, count: int) -> None:
    journal = open_journal(db, write=True)
    with journal.transaction() as session:
        for number in range(count):
            add_entry(
                session, new_gratitude(f"old entry {number}", day=date(2026, 11, 20), now=NOW)
            )
    journal.close()


def _texts(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return [row[0] for row in conn.execute("SELECT text FROM entry ORDER BY seq")]
    finally:
        conn.close()


def _limited(limit: int) -> object:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize(
    "limit",
    [
        0,  # nothing at all can be written, not even SQLite's shared-memory index
        40_000,  # the index fits, the new pages in the write-ahead log do not
    ],
)
def test_a_file_size_limit_fails_cleanly_and_keeps_old_rows(db_path: Path, limit: int) -> None:
    _seed(db_path, 3)
    result = subprocess.run(
        sparklog_command("gratitude", "add", LONG),
        capture_output=True,
        text=True,
        env=dict(os.environ),
        preexec_fn=_limited(limit),  # the limit applies to the child only
        timeout=60,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "(is it full?); nothing was saved" in lines[0]
    assert result.stdout == ""
    assert _texts(db_path) == [f"old entry {n}" for n in range(3)]
    # Once space is back, the journal works as before.
    assert run_process("gratitude", "add", "space again").returncode == 0
    assert _texts(db_path)[-1] == "space again"


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("unshare") is not None


FILL_AND_RUN = """
set -e
mount -t tmpfs -o size=1m,mode=0700 tmpfs "$DIR"
cp "$SEED"/sparklog.db "$DIR"/sparklog.db
# Fill every remaining block, then ask sparklog to write.
dd if=/dev/zero of="$DIR"/filler bs=4k 2>/dev/null || true
set +e
"$PYTHON" -m sparklog gratitude add "$TEXT"
echo "exit=$?"
rm "$DIR"/filler
"$PYTHON" -c 'import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
print("check=" + conn.execute("PRAGMA integrity_check").fetchone()[0])
print("rows=" + str(conn.execute("SELECT count(*) FROM entry").fetchone()[0]))' "$DIR"/sparklog.db
"""


# CI runs as root, so there the check always runs; elsewhere it needs root too.
@pytest.mark.skipif(
    not _can_mount() and not os.environ.get("CI"), reason="mounting a tmpfs needs root and unshare"
)
def test_a_really_full_filesystem_fails_cleanly_and_keeps_old_rows(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    _seed(seed / "sparklog.db", 3)
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    env = dict(os.environ)
    env.update(
        DIR=str(mount_point),
        SEED=str(seed),
        PYTHON=sys.executable,
        TEXT=LONG,
        SPARKLOG_DB=str(mount_point / "sparklog.db"),
    )
    result = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", FILL_AND_RUN],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "exit=1" in result.stdout, result.stdout + result.stderr
    assert "check=ok" in result.stdout
    assert "rows=3" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("sparklog:")]
    assert len(errors) == 1, result.stderr
    assert "full" in errors[0] and "nothing was saved" in errors[0]
    assert "Traceback" not in result.stderr
