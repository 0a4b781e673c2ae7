"""Several devices of one person in one test: each its own HOME, journal and config.

A `Device` runs sparklog in-process (Typer's runner) with its own environment,
so three journals can sync through one folder in a single test; `git` runs real
git in a clone. Nothing here reads the real clock or sleeps.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from sparklog.cli import app
from tests.conftest import Run, sparklog_command

PASSPHRASE = "correct horse battery staple"


@dataclass
class Device:
    """One device: a HOME with a journal, a config file and a sync folder."""

    name: str
    home: Path
    folder: Path
    passphrase: str = PASSPHRASE
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def db(self) -> Path:
        return self.home / "data" / "sparklog.db"

    @property
    def config(self) -> Path:
        return self.home / "config.toml"

    def env(self) -> dict[str, str]:
        return {
            "HOME": str(self.home),
            "SPARKLOG_DB": str(self.db),
            "SPARKLOG_CONFIG": str(self.config),
            "SPARKLOG_SYNC_PASSPHRASE": self.passphrase,
            **self.extra_env,
        }

    def run(self, *args: str, input: str | None = None) -> Run:
        result = CliRunner().invoke(
            app, list(args), input=input, env=self.env(), catch_exceptions=False
        )
        return Run(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str) -> Run:
        """Run a command that must succeed, with its output in the failure message."""
        result = self.run(*args)
        assert result.exit_code == 0, (self.name, args, result.stdout, result.stderr)
        return result

    def process(self, *args: str, at: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run sparklog as its own process, on the test's clock or at `at`."""
        return subprocess.run(
            sparklog_command(*args, at=at),
            capture_output=True,
            text=True,
            env={**os.environ, **self.env()},
            timeout=120,
        )

    def with_folder_read_only(self, root: Path, *args: str) -> subprocess.CompletedProcess[str]:
        """Run sparklog while `root` is read-only: a read-only bind mount as root
        (permission bits do not stop root), else the permission bits."""
        if os.geteuid() == 0 and shutil.which("unshare"):
            script = 'mount --bind "$ROOT" "$ROOT" && mount -o remount,bind,ro "$ROOT" && "$@"'
            command = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script]
            return subprocess.run(
                [*command, "sh", *sparklog_command(*args)],
                capture_output=True,
                text=True,
                env={**os.environ, **self.env(), "ROOT": str(root)},
                timeout=120,
            )
        root.chmod(0o500)
        try:
            return self.process(*args)
        finally:
            root.chmod(0o700)

    def init(self) -> Run:
        return self.ok("sync", "init", str(self.folder), "--device", self.name)

    def sync(self) -> str:
        return self.ok("sync").stdout.strip()

    def export(self) -> dict[str, Any]:
        """The whole journal as `export` writes it, less the moment it was written."""
        document: dict[str, Any] = json.loads(self.ok("export").stdout)
        document.pop("exported_at", None)
        return document


def make_device(base: Path, name: str, folder: Path | None = None) -> Device:
    home = base / name
    home.mkdir(parents=True)
    return Device(name, home, folder if folder is not None else home / "sync")


def texts(document: dict[str, Any]) -> list[str]:
    """Every entry's text in an export, sorted."""
    return sorted(entry["text"] for entry in document.get("entries", []))


def folder_bytes(root: Path) -> bytes:
    """Every byte of every file under `root` (names included), outside git's own store."""
    chunks: list[bytes] = []
    for path in sorted(root.rglob("*")):
        if ".git" in path.relative_to(root).parts:
            continue
        chunks.append(str(path.relative_to(root)).encode())
        if path.is_file():
            chunks.append(path.read_bytes())
    return b"\n".join(chunks)


GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Sparklog Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Sparklog Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_TERMINAL_PROMPT": "0",
}


def git(*args: str, cwd: Path) -> str:
    """Run real git; a failure shows git's own words."""
    return git_bytes(*args, cwd=cwd).decode()


def git_bytes(*args: str, cwd: Path) -> bytes:
    """Real git's output as bytes: a patch of an encrypted file may hold any byte.

    Git shows a file as text when its first 8000 bytes hold no NUL, which a small
    age file's random bytes sometimes do not.
    """
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, timeout=60)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout
