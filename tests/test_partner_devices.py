"""The partner channel when both partners also sync their own second devices.

Four journals: Alex's laptop and phone sync through Alex's folder, Sam's through
Sam's, and the four meet in one couple's folder. Each device runs in-process with
its own HOME (`tests.sync_devices`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sparklog.paths import partner_key_path
from sparklog.sync import crypto
from sparklog.sync.changes import decode_batch
from tests.sync_devices import Device, folder_bytes, make_device


@dataclass
class Person:
    """One partner with two devices, and the folder those two sync through."""

    name: str
    laptop: Device
    phone: Device

    @property
    def devices(self) -> tuple[Device, Device]:
        return self.laptop, self.phone

    @property
    def identity(self) -> str:
        return partner_key_path(self.laptop.db).read_text().strip()


def inbox(device: Device) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(device.ok("partner", "--json").stdout)
    return data


def texts(device: Device) -> list[str]:
    return sorted(item.get("text") or item["kind"] for item in inbox(device)["items"])


def everyone(*devices: Device) -> None:
    """Each device exchanges with the couple's folder, twice round."""
    for device in (*devices, *devices):
        device.ok("partner", "sync")


def both_sync(person: Person) -> None:
    """The person's devices exchange their journals (device sync), twice round."""
    for device in (*person.devices, *person.devices):
        device.sync()


def opened(couple: Path, identity: str) -> list[dict[str, Any]]:
    """Every change in the couple's folder, with the folder it was in."""
    found: list[dict[str, Any]] = []
    for path in sorted(couple.rglob("*.age")):
        for change in decode_batch(crypto.open_sealed(path.read_bytes(), [identity])):
            found.append({**change.to_dict(), "folder": path.parent.name})
    return found


@pytest.fixture
def four(tmp_path: Path) -> Iterator[tuple[Person, Person, Path]]:
    """Alex and Sam joined on their laptops; each phone syncs with its laptop."""
    couple = tmp_path / "couple"
    couple.mkdir()
    people: list[Person] = []
    for name in ("Alex", "Sam"):
        own = tmp_path / f"{name.lower()}-sync"
        own.mkdir()
        laptop = make_device(tmp_path, f"{name.lower()}-laptop", own)
        phone = make_device(tmp_path, f"{name.lower()}-phone", own)
        laptop.passphrase = phone.passphrase = f"{name} keeps this passphrase"
        laptop.ok("gratitude", "add", f"private-{name}-words")
        laptop.init()
        people.append(Person(name, laptop, phone))
    alex, sam = people
    code_a = alex.laptop.ok("partner", "invite", "--name", "Alex").stdout.strip()
    code_s = sam.laptop.ok("partner", "invite", "--name", "Sam").stdout.strip()
    alex.laptop.ok("partner", "join", code_s, "--folder", str(couple))
    sam.laptop.ok("partner", "join", code_a, "--folder", str(couple))
    for person in people:
        person.laptop.sync()
        person.phone.init()
        person.phone.sync()
    yield alex, sam, couple


def test_a_second_device_takes_part_with_the_same_identity(
    four: tuple[Person, Person, Path],
) -> None:
    alex, sam, _couple = four
    for person in (alex, sam):
        phone_key = partner_key_path(person.phone.db)
        assert not phone_key.exists()  # made from what device sync brought
        person.phone.ok("partner", "sync")
        assert phone_key.read_text().strip() == person.identity
        assert phone_key.stat().st_mode & 0o777 == 0o600
        other = "Sam" if person is alex else "Alex"
        assert f"partner   {other}" in person.phone.ok("info").stdout


def test_share_react_edit_and_delete_reach_all_four_devices(
    four: tuple[Person, Person, Path],
) -> None:
    alex, sam, couple = four
    devices = (*alex.devices, *sam.devices)
    alex.phone.ok("gratitude", "add", "you made soup", "--share")
    alex.phone.ok("partner", "sync")
    everyone(*devices)
    for device in sam.devices:
        assert texts(device) == ["you made soup"]
    for device in alex.devices:
        assert texts(device) == []  # one's own items are no one's inbox

    ref = inbox(sam.phone)["items"][0]["ref"]
    sam.phone.ok("partner", "react", ref, "❤️")
    everyone(*devices)
    for device in alex.devices:
        items = inbox(device)["items"]
        assert [(item["reaction"], item["about"]) for item in items] == [("❤️", "you made soup")]
    assert inbox(sam.laptop)["items"][0]["reactions"] == [{"from": "me", "reaction": "❤️"}]

    # The laptop edits the entry the phone shared: the edit still reaches Sam.
    both_sync(alex)
    alex.laptop.ok("edit", "--last", "--text", "you made tomato soup")
    everyone(*devices)
    for device in sam.devices:
        soup = inbox(device)["items"][0]
        assert (soup["text"], soup["edited"]) == ("you made tomato soup", True)
        assert soup["reactions"] == [{"from": "me", "reaction": "❤️"}]
    assert inbox(sam.laptop) == inbox(sam.phone)
    assert inbox(alex.laptop) == inbox(alex.phone)

    # Shared once: the laptop, which took the item in twice, never sent it again.
    puts = [c for c in opened(couple, alex.identity) if c["op"] == "item.put"]
    soups = [c for c in puts if c["payload"].get("kind") == "appreciation"]
    soups.sort(key=lambda change: change["stamp"])
    assert [c["payload"]["edited"] for c in soups] == [False, True]

    both_sync(alex)
    alex.phone.ok("delete", "--last", "--yes")
    everyone(*devices)
    for device in devices:
        assert [i for i in inbox(device)["items"] if i["kind"] != "reaction"] == []
    assert inbox(sam.laptop) == inbox(sam.phone)
    assert inbox(alex.laptop) == inbox(alex.phone)
    for device in sam.devices:
        stored = b"".join(path.read_bytes() for path in device.db.parent.glob("sparklog.db*"))
        assert b"tomato" not in stored


def test_nothing_private_and_each_identity_stays_with_its_person(
    four: tuple[Person, Person, Path],
) -> None:
    alex, sam, couple = four
    devices = (*alex.devices, *sam.devices)
    private = [b"private-Alex-words", b"private-Sam-words"]
    for person in (alex, sam):
        person.phone.ok("gratitude", "add", f"phone-secret-{person.name}")
        person.phone.ok("gratitude", "add", f"shared from {person.name}'s phone", "--share")
        private.append(f"phone-secret-{person.name}".encode())
    everyone(*devices)
    assert texts(alex.laptop) == texts(alex.phone) == ["shared from Sam's phone"]
    assert texts(sam.laptop) == texts(sam.phone) == ["shared from Alex's phone"]
    in_couple = folder_bytes(couple)
    # Every file is sealed to both partners: either identity opens them all.
    changes = opened(couple, alex.identity)
    assert len({change["folder"] for change in changes}) == 2  # one folder per person
    contents = b"".join(json.dumps(c, ensure_ascii=False).encode() for c in changes)
    for word in private:
        assert word not in in_couple and word not in contents, word
    for person, other in ((alex, sam), (sam, alex)):
        secret = person.identity.encode()
        assert secret not in in_couple and secret not in contents
        assert secret not in folder_bytes(other.laptop.folder)
        assert secret not in folder_bytes(person.laptop.folder)  # sealed with the sync key
        for device in other.devices:
            for path in device.home.rglob("*"):
                if path.is_file():
                    assert secret not in path.read_bytes(), path


def test_leaving_on_one_device_leaves_on_all(four: tuple[Person, Person, Path]) -> None:
    alex, sam, _couple = four
    devices = (*alex.devices, *sam.devices)
    everyone(*devices)
    alex.phone.ok("partner", "leave")
    said = alex.laptop.ok("partner", "sync").stdout
    assert "You left the partner channel with Sam on another device" in said
    result = alex.laptop.run("partner", "sync")
    assert result.exit_code != 0 and "you left the partner channel with Sam" in result.stderr
    said = sam.phone.ok("partner", "sync").stdout
    assert "Alex left the partner channel" in said


def test_a_device_that_made_its_own_key_is_told_to_move_it_away(
    four: tuple[Person, Person, Path],
) -> None:
    alex, _sam, _couple = four
    tablet = make_device(alex.laptop.home.parent, "alex-tablet", alex.laptop.folder)
    tablet.passphrase = alex.laptop.passphrase
    tablet.ok("partner", "invite", "--name", "Alex")  # before it synced
    tablet.init()
    tablet.sync()
    result = tablet.run("partner", "sync")
    key = partner_key_path(tablet.db)
    assert result.exit_code != 0
    assert result.stderr == (
        f"sparklog: this device's partner key {key} is not the one your other devices use;"
        " move it away and run sparklog partner sync again\n"
    )
    key.rename(key.with_name("old-partner-key"))
    tablet.ok("partner", "sync")
    assert key.read_text().strip() == alex.identity
