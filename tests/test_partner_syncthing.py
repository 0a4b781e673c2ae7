"""The partner channel between two people whose copies of the couple's folder are
kept the same by two real Syncthing instances on loopback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sparklog.paths import partner_key_path
from sparklog.sync import crypto
from tests.sync_devices import Device, folder_bytes, make_device
from tests.syncthing_pair import SLOW_AND_NEEDS_SYNCTHING, SyncthingPair

pytestmark = SLOW_AND_NEEDS_SYNCTHING


def inbox(person: Device) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(person.ok("partner", "--json").stdout)
    return data


def texts(person: Device) -> list[str]:
    return [
        item.get("text") or item.get("ritual") or item["kind"] for item in inbox(person)["items"]
    ]


def sync(person: Device) -> str:
    return person.ok("partner", "sync").stdout.strip()


def channel_files(root: Path) -> dict[str, bytes]:
    """Every file under the couple's folder but Syncthing's marker, by relative name."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".stfolder" not in path.relative_to(root).parts
    }


def carry(pair: SyncthingPair) -> None:
    """Wait (bounded, polling Syncthing's REST API) until both copies hold the same
    files, byte for byte, and no conflict copy has appeared on either side."""
    pair.wait_in_sync()
    alex_copy, sam_copy = (channel_files(i.folder) for i in pair.both)
    assert alex_copy == sam_copy
    assert not [name for name in alex_copy if ".sync-conflict-" in name], sorted(alex_copy)


def test_two_partners_exchange_through_syncthing(pair: SyncthingPair, tmp_path: Path) -> None:
    alex = make_device(tmp_path / "people", "alex", pair.a.folder)
    sam = make_device(tmp_path / "people", "sam", pair.b.folder)
    code_a = alex.ok("partner", "invite", "--name", "Alex").stdout.strip()
    code_s = sam.ok("partner", "invite", "--name", "Sam").stdout.strip()
    joined = alex.ok("partner", "join", code_s, "--folder", str(alex.folder)).stdout
    assert joined.startswith("Joined with Sam")
    joined = sam.ok("partner", "join", code_a, "--folder", str(sam.folder)).stdout
    assert joined.startswith("Joined with Alex")

    private: list[str] = []
    for person in (alex, sam):
        words = [f"private-{person.name}-words", f"harsh-{person.name}", f"habit-{person.name}"]
        private += words
        person.ok("gratitude", "add", words[0])
        person.ok("observe", words[1], "--negative", "--horseman", "criticism")
        person.ok("ritual", "add", words[2])
        person.ok("ritual", "done", words[2])

    # Alex shares an appreciation and a check-off of a shared ritual; Sam shares one too,
    # and both send before Syncthing has carried anything: each copy changes at once.
    alex.ok("gratitude", "add", "you made soup", "--share", "--date", "2026-11-20")
    alex.ok("ritual", "add", "Evening walk", "--shared")
    alex.ok("ritual", "done", "Evening walk")
    sam.ok("gratitude", "add", "you fixed the bike", "--share")
    assert sync(alex) == "Sent 2, received 0 from Sam."
    assert sync(sam) == "Sent 1, received 0 from Alex."
    carry(pair)
    assert sync(sam) == "Sent 0, received 2 from Alex."
    assert sync(alex) == "Sent 0, received 1 from Sam."
    assert texts(alex) == ["you fixed the bike"]
    shown = inbox(sam)
    assert shown["partner"] == "Alex"
    assert sorted(texts(sam)) == ["Evening walk", "you made soup"]
    soup = next(item for item in shown["items"] if item.get("text") == "you made soup")
    assert soup["day"] == "2026-11-20"
    assert "Alex kept Evening walk today" in sam.ok("partner").stdout

    # Sam reacts; the reaction reaches Alex.
    sam.ok("partner", "react", soup["ref"], "❤️")
    assert sync(sam) == "Sent 1, received 0 from Alex."
    carry(pair)
    assert sync(alex) == "Sent 0, received 1 from Sam."
    reactions = [i for i in inbox(alex)["items"] if i["kind"] == "reaction"]
    assert [(i["reaction"], i["about"]) for i in reactions] == [("❤️", "you made soup")]
    assert "Sam reacted ❤️ to “you made soup”" in alex.ok("partner").stdout

    # Alex edits, then deletes and undoes the check-off: both travel.
    alex.ok("edit", "--last", "--text", "you made tomato soup")
    assert sync(alex) == "Sent 1, received 0 from Sam."
    carry(pair)
    assert sync(sam) == "Sent 0, received 1 from Alex."
    edited = next(i for i in inbox(sam)["items"] if i["kind"] == "appreciation")
    assert (edited["text"], edited["edited"]) == ("you made tomato soup", True)
    alex.ok("delete", "--last", "--yes")
    alex.ok("ritual", "undo", "Evening walk")
    assert sync(alex) == "Sent 2, received 0 from Sam."
    carry(pair)
    assert sync(sam) == "Sent 0, received 2 from Alex."
    assert inbox(sam)["items"] == []
    stored = b"".join(path.read_bytes() for path in sam.db.parent.glob("sparklog.db*"))
    assert b"tomato" not in stored

    # Sam leaves; Alex is told at the next sync.
    assert "Left the partner channel with Alex" in sam.ok("partner", "leave").stdout
    carry(pair)
    told = alex.ok("partner", "sync").stdout
    assert "Sam left the partner channel" in told
    assert "Sam left the partner channel on 2026-11-21." in alex.ok("partner").stdout
    carry(pair)

    # What crossed is only what was shared, in both copies of the folder.
    identities = [partner_key_path(person.db).read_text().strip() for person in (alex, sam)]
    for root in (alex.folder, sam.folder):
        everything = folder_bytes(root)
        for word in private:
            assert word.encode() not in everything, (root, word)
        files = channel_files(root)
        assert len(files) == 6  # Alex's three sends; Sam's share, reaction, goodbye
        for data in files.values():
            for identity in identities:
                opened = crypto.open_sealed(data, [identity])
                for word in private:
                    assert word.encode() not in opened, word
    assert not [p for i in pair.both for p in i.folder.rglob("*.sync-conflict-*")]
    for person, other in ((alex, sam), (sam, alex)):
        stored = b"".join(path.read_bytes() for path in other.db.parent.glob("sparklog.db*"))
        for word in private:
            if person.name in word:
                assert word.encode() not in stored, word
