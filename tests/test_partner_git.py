"""Two partners exchanging through a real git repository: a bare remote and a clone each."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import Invoke
from tests.test_partner import Person, texts

BRANCH = "main"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "couple",
    "GIT_AUTHOR_EMAIL": "couple@example.invalid",
    "GIT_COMMITTER_NAME": "couple",
    "GIT_COMMITTER_EMAIL": "couple@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, (args, result.stderr)
    return result.stdout


def exchange(person: Person, clone: Path) -> str:
    """What each partner's script does: pull, partner sync, push."""
    if git("ls-remote", "--heads", "origin", cwd=clone).strip():
        git("pull", "--quiet", "--rebase", "origin", BRANCH, cwd=clone)
    line = person.ok("partner", "sync").stdout.strip()
    git("add", "-A", cwd=clone)
    if git("status", "--porcelain", cwd=clone).strip():
        git("commit", "--quiet", "-m", "sparklog", cwd=clone)
    git("push", "--quiet", "origin", f"HEAD:{BRANCH}", cwd=clone)
    return line


def test_two_partners_exchange_through_git(cli: Invoke, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", f"--initial-branch={BRANCH}", str(remote), cwd=tmp_path)
    alex = Person(cli, tmp_path / "alex" / "sparklog.db", "Alex")
    sam = Person(cli, tmp_path / "sam" / "sparklog.db", "Sam")
    clones = {}
    for person in (alex, sam):
        person.db.parent.mkdir(parents=True)
        clone = person.db.parent / "us"
        git("clone", "--quiet", str(remote), str(clone), cwd=person.db.parent)
        git("checkout", "--quiet", "-B", BRANCH, cwd=clone)
        clones[person.name] = clone
    code_a = alex.ok("partner", "invite", "--name", "Alex").stdout.strip()
    code_s = sam.ok("partner", "invite", "--name", "Sam").stdout.strip()
    alex.ok("partner", "join", code_s, "--folder", str(clones["Alex"]))
    sam.ok("partner", "join", code_a, "--folder", str(clones["Sam"]))

    alex.ok("gratitude", "add", "private words of Alex")
    alex.ok("gratitude", "add", "you made soup", "--share")
    sam.ok("three", "your laugh", "the walk", "private words of Sam")
    sam.ok("gratitude", "add", "you fixed the bike", "--share")
    assert exchange(alex, clones["Alex"]) == "Sent 1, received 0 from Sam."
    assert exchange(sam, clones["Sam"]) == "Sent 1, received 1 from Alex."
    assert exchange(alex, clones["Alex"]) == "Sent 0, received 1 from Sam."
    assert texts(sam.inbox()) == ["you made soup"]
    assert texts(alex.inbox()) == ["you fixed the bike"]

    sam.ok("partner", "react", sam.inbox()["items"][0]["ref"], "thanks")
    exchange(sam, clones["Sam"])
    exchange(alex, clones["Alex"])
    assert [item.get("reaction") for item in alex.inbox()["items"]] == ["thanks", None]

    history = git("log", "--all", "-p", "--binary", cwd=clones["Alex"]).encode()
    for words in (b"private words", b"soup", b"bike", b"Alex", b"Sam"):
        assert words not in history
