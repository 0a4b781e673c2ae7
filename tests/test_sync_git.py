"""Three devices syncing through a real git repository: a bare remote and a clone each."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sync_devices import Device, folder_bytes, git, git_bytes, make_device, texts

BRANCH = "main"


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", f"--initial-branch={BRANCH}", str(bare), cwd=tmp_path)
    return bare


def clone(remote: Path, device: Device) -> None:
    git("clone", "--quiet", str(remote), str(device.folder), cwd=device.home)
    git("checkout", "--quiet", "-B", BRANCH, cwd=device.folder)


def pull(device: Device) -> None:
    heads = git("ls-remote", "--heads", "origin", cwd=device.folder)
    if heads.strip():
        git("pull", "--quiet", "--rebase", "origin", BRANCH, cwd=device.folder)


def push(device: Device) -> None:
    git("add", "-A", cwd=device.folder)
    if git("status", "--porcelain", cwd=device.folder).strip():
        git("commit", "--quiet", "-m", f"sparklog from {device.name}", cwd=device.folder)
    git("push", "--quiet", "origin", f"HEAD:{BRANCH}", cwd=device.folder)


def sync(device: Device) -> str:
    """What a person's script does: pull, sync, push."""
    pull(device)
    line = device.sync()
    push(device)
    return line


def test_three_devices_converge_through_git(tmp_path: Path, remote: Path) -> None:
    laptop, phone = make_device(tmp_path, "laptop"), make_device(tmp_path, "phone")
    for device in (laptop, phone):
        clone(remote, device)

    laptop.ok("gratitude", "add", "You made soup when I was tired")
    laptop.ok("three", "The walk", "Your laugh", "Tea in bed")
    laptop.ok("ritual", "add", "Date night", "--weekly", "1")
    laptop.ok("ritual", "done", "Date night")
    assert "sent" in laptop.init().stdout
    push(laptop)

    phone.ok("gratitude", "add", "Written on the phone before it joined")
    pull(phone)
    joined = phone.init().stdout
    assert "joined" in joined
    push(phone)

    assert sync(laptop) == "sync: 1 in from 1 device"
    assert sync(phone).startswith("sync: ")
    assert laptop.export() == phone.export()
    assert sync(laptop) == "sync: nothing new"
    assert sync(phone) == "sync: nothing new"

    # Both write while apart; one round each brings everything across.
    laptop.ok("gratitude", "add", "Laptop, evening")
    phone.ok("observe", "You listened without fixing")
    assert sync(phone) == "sync: 1 out"
    assert sync(laptop) == "sync: 1 in from 1 device, 1 out"
    assert sync(phone) == "sync: 1 in from 1 device"
    assert laptop.export() == phone.export()

    # Corrections travel: an edit on one device, a delete on the other.
    entries = {entry["text"]: entry["id"] for entry in laptop.export()["entries"]}
    laptop.ok("edit", entries["Laptop, evening"][:8], "--text", "Laptop, evening, corrected")
    phone.ok("delete", entries["Tea in bed"][:8], "--yes")
    sync(laptop)
    sync(phone)
    sync(laptop)
    assert laptop.export() == phone.export()
    after = texts(laptop.export())
    assert "Laptop, evening, corrected" in after
    assert "Laptop, evening" not in after and "Tea in bed" not in after

    # A third device joins late and gets the whole history in one sync.
    tablet = make_device(tmp_path, "tablet")
    clone(remote, tablet)
    tablet.ok("gratitude", "add", "The tablet's own first entry")
    tablet.init()
    push(tablet)
    for device in (laptop, phone, tablet):
        sync(device)
    for device in (laptop, phone):
        sync(device)
    documents = [device.export() for device in (laptop, phone, tablet)]
    assert documents[0] == documents[1] == documents[2]
    assert "The tablet's own first entry" in texts(documents[0])
    assert "Written on the phone before it joined" in texts(documents[0])

    # Privacy: nothing written on any device appears in the folder or in git's history.
    everything = folder_bytes(laptop.folder)
    history = git_bytes("log", "--all", "-p", "--binary", cwd=laptop.folder)
    for text in texts(documents[0]):
        for needle in {text.encode(), text.split(",")[0].encode()}:
            assert needle not in everything
            assert needle not in history
    assert b"Date night" not in everything
    assert b"laptop" not in everything.replace(b"laptop/", b"")
