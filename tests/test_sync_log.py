"""The change log: what writes record, and how another device's changes merge in.

Two or three journals under tmp_path play the devices; batches go between them
as the sync commands carry them (`unsent` -> bytes -> `apply_incoming`), minus
the folder and the keys. Local writes go through the command line.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from sparklog.app import sync_log
from sparklog.app.journal import write
from sparklog.app.journal_ref import JournalRef
from sparklog.core.merge import FUTURE_BOUND_MS
from sparklog.errors import Conflict, SyncError
from sparklog.store import changes as log
from sparklog.sync.changes import Change, decode_batch, encode_batch
from sparklog.sync.hlc import Stamp, millis

from .conftest import FROZEN_NOW, Invoke

A, B, C = "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"
TODAY = "2026-11-21"

Batch = tuple[str, str, bytes]


@pytest.fixture
def devices(tmp_path: Path, cli: Invoke) -> Callable[..., list[Path]]:
    """Journals that sync, one per device id given."""

    def make(*ids: str) -> list[Path]:
        paths = []
        for device in ids:
            path = tmp_path / f"{device}.db"
            sync_log.start_device(JournalRef(path), device, device[:1], str(tmp_path / "folder"))
            paths.append(path)
        return paths

    return make


def on(path: Path, cli: Invoke, *args: str, input: str | None = None) -> str:
    result = cli("--db", str(path), *args, input=input)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def send(path: Path) -> Batch:
    """This device's new changes as one batch file, marked sent."""
    ref = JournalRef(path)
    waiting = sync_log.unsent(ref)
    name = f"{uuid.uuid4().hex}.age"
    sync_log.mark_sent(ref, [change.id for change in waiting], name)
    device = sync_log.device(ref)
    assert device is not None
    return name, device.id, encode_batch(waiting)


def deliver(path: Path, *batches: Batch) -> list[sync_log.ApplyReport]:
    ref = JournalRef(path)
    return [
        sync_log.apply_incoming(ref, name, device, decode_batch(data))
        for name, device, data in batches
    ]


def query(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.execute(sql, params))
    finally:
        conn.close()


def export(path: Path, cli: Invoke) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(on(path, cli, "export", "--format", "json"))
    document.pop("exported_at")
    return document


def edit(path: Path, entry_id: str, text: str, when: datetime) -> None:
    with write(JournalRef(path)) as changes:
        changes.record_edit(entry_id, {"text": text}, when)


def delete(path: Path, entry_id: str, when: datetime) -> None:
    with write(JournalRef(path)) as changes:
        changes.record(
            "entry.delete", {"id": entry_id, "deleted_at": when.isoformat(timespec="seconds")}
        )


def entry_ids(path: Path) -> list[str]:
    return [row[0] for row in query(path, "SELECT id FROM entry ORDER BY written_at, id")]


# --- recording -----------------------------------------------------------------------


def test_a_journal_that_does_not_sync_records_nothing(cli: Invoke, db_path: Path) -> None:
    on(db_path, cli, "gratitude", "add", "Soup on a cold day")
    on(db_path, cli, "ritual", "add", "Walk", "--daily")
    on(db_path, cli, "ritual", "done", "Walk")
    assert query(db_path, "SELECT count(*) FROM change") == [(0,)]
    assert sync_log.device(JournalRef(db_path)) is None


def test_starting_a_device_publishes_the_history_once(cli: Invoke, db_path: Path) -> None:
    on(db_path, cli, "gratitude", "add", "Soup on a cold day", "--tag", "food")
    on(db_path, cli, "three", "one", "two", "three")
    on(db_path, cli, "ritual", "add", "Walk", "--daily")
    on(db_path, cli, "ritual", "done", "Walk")
    on(db_path, cli, "ritual", "pause", "Walk", "--from", "2026-12-01", "--to", "2026-12-03")
    on(db_path, cli, "dates", "add", "Anniversary", "2020-06-01", "--together")
    ref = JournalRef(db_path)
    published = sync_log.start_device(ref, A, "laptop", "/sync")
    ops = [change.op for change in sync_log.unsent(ref)]
    assert published == len(ops) == 8
    assert sorted(set(ops)) == [
        "date.add",
        "entry.add",
        "ritual.add",
        "ritual.check",
        "ritual.pause",
    ]
    assert sync_log.device(ref) == sync_log.Device(A, "laptop", "/sync")
    assert sync_log.start_device(ref, A, "laptop", "/elsewhere") == 0
    assert sync_log.device(ref) == sync_log.Device(A, "laptop", "/elsewhere")
    with pytest.raises(Conflict):
        sync_log.start_device(ref, B, "other", "/sync")


def test_every_write_records_one_change_with_ids_not_row_numbers(
    cli: Invoke, devices: Callable[..., list[Path]]
) -> None:
    (path,) = devices(A)
    on(path, cli, "gratitude", "add", "Soup", "--lang", "acts")
    on(path, cli, "three", "one", "two", "three")
    on(path, cli, "observe", "Sharp words", "--negative", "--reframe", "Tired, not cruel")
    on(path, cli, "ritual", "add", "Walk", "--daily")
    on(path, cli, "ritual", "done", "Walk")
    on(path, cli, "ritual", "undo", "Walk")
    on(path, cli, "ritual", "rename", "Walk", "Stroll")
    on(path, cli, "ritual", "pause", "Stroll", "--from", "2026-12-01", "--to", "2026-12-03")
    on(path, cli, "ritual", "archive", "Stroll")
    on(path, cli, "dates", "add", "Trip", "2027-01-02", "--once")
    on(path, cli, "dates", "remove", "Trip")
    waiting = sync_log.unsent(JournalRef(path))
    assert [change.op for change in waiting] == [
        "entry.add",
        *["entry.add"] * 3,
        "entry.add",
        "ritual.add",
        "ritual.check",
        "ritual.undo",
        "ritual.rename",
        "ritual.pause",
        "ritual.archive",
        "date.add",
        "date.remove",
    ]
    stamps = [change.stamp for change in waiting]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert all(change.device == A for change in waiting)
    first = waiting[0].payload
    assert first["id"] in entry_ids(path) and first["date"] == TODAY
    assert "seq" not in first and first["lang"] == "acts"
    ritual_id = waiting[5].payload["id"]
    assert waiting[6].payload["ritual"] == ritual_id
    clock = query(path, "SELECT value FROM sync_state WHERE key = 'clock'")[0][0]
    assert Stamp.parse(clock) == stamps[-1]


def test_replacing_three_things_records_deletes_of_the_old_items(
    cli: Invoke, devices: Callable[..., list[Path]]
) -> None:
    (path,) = devices(A)
    on(path, cli, "three", "one", "two", "three")
    old = entry_ids(path)
    on(path, cli, "three", "uno", "dos", "tres", "--replace")
    deletes = [c for c in sync_log.unsent(JournalRef(path)) if c.op == "entry.delete"]
    assert sorted(change.payload["id"] for change in deletes) == sorted(old)


# --- merging -------------------------------------------------------------------------


def test_two_devices_that_exchange_everything_export_the_same(
    cli: Invoke, devices: Callable[..., list[Path]]
) -> None:
    a, b = devices(A, B)
    on(a, cli, "gratitude", "add", "From the laptop #home")
    on(b, cli, "observe", "From the phone", "--negative", "--horseman", "criticism")
    on(b, cli, "dates", "add", "Birthday", "1990-03-04")
    from_a, from_b = send(a), send(b)
    deliver(b, from_a)
    deliver(a, from_b)
    assert export(a, cli) == export(b, cli)
    assert len(export(a, cli)["entries"]) == 2
    again = deliver(a, from_b)[0]
    assert again.already_read and again.applied == 0
    copy = (from_b[0].replace(".age", " (conflicted copy).age"), from_b[1], from_b[2])
    assert deliver(a, copy)[0] == sync_log.ApplyReport(ignored=2)
    assert sync_log.unsent(JournalRef(a)) == []


def test_an_entry_edited_on_two_devices_keeps_the_later_edit_and_the_other_as_a_revision(
    cli: Invoke, devices: Callable[..., list[Path]], frozen: time_machine.Traveller
) -> None:
    a, b = devices(A, B)
    on(a, cli, "gratitude", "add", "Soup")
    deliver(b, send(a))
    (entry_id,) = entry_ids(a)
    edit(a, entry_id, "Soup, made with care", datetime.now().astimezone())
    frozen.shift(60)
    edit(b, entry_id, "Soup and bread", datetime.now().astimezone())
    deliver(b, send(a))
    deliver(a, send(b))
    for path in (a, b):
        assert query(path, "SELECT text FROM entry") == [("Soup and bread",)]
        assert query(path, "SELECT text FROM entry_revision") == [("Soup, made with care",)]
    assert export(a, cli) == export(b, cli)


def test_an_edit_of_what_this_device_showed_leaves_no_revision(
    cli: Invoke, devices: Callable[..., list[Path]]
) -> None:
    a, b = devices(A, B)
    on(a, cli, "gratitude", "add", "Soup")
    (entry_id,) = entry_ids(a)
    edit(a, entry_id, "Soup!", datetime.now().astimezone())
    edit(a, entry_id, "Soup, warm", datetime.now().astimezone())
    deliver(b, send(a))
    for path in (a, b):
        assert query(path, "SELECT text, edited_at IS NOT NULL FROM entry") == [("Soup, warm", 1)]
        assert query(path, "SELECT count(*) FROM entry_revision") == [(0,)]


def test_a_delete_wins_over_earlier_edits_and_a_later_edit_does_not_bring_it_back(
    cli: Invoke, devices: Callable[..., list[Path]], frozen: time_machine.Traveller
) -> None:
    a, b, c = devices(A, B, C)
    on(a, cli, "gratitude", "add", "A secret")
    deliver(b, send(a))
    deliver(c, send(a))
    (entry_id,) = entry_ids(a)
    edit(a, entry_id, "A secret, told", datetime.now().astimezone())
    frozen.shift(60)
    delete(b, entry_id, datetime.now().astimezone())
    frozen.shift(60)
    edit(c, entry_id, "Written after the delete", datetime.now().astimezone())
    batches = [send(a), send(b), send(c)]
    deliver(a, batches[1], batches[2])
    deliver(b, batches[2], batches[0])
    deliver(c, batches[0], batches[1])
    for path in (a, b, c):
        assert query(path, "SELECT count(*) FROM entry") == [(0,)]
        assert query(path, "SELECT id FROM entry_tombstone") == [(entry_id,)]
        assert query(path, "SELECT text FROM entry_revision") == [("Written after the delete",)]
        # The deleted words leave the change log too.
        payloads = " ".join(row[0] for row in query(path, "SELECT payload FROM change"))
        assert "A secret" not in payloads
    assert export(a, cli) == export(b, cli) == export(c, cli)


@pytest.mark.parametrize("earlier_arrives", ["first", "last"])
def test_the_earliest_written_three_things_keep_the_slots_whatever_arrives_first(
    cli: Invoke,
    devices: Callable[..., list[Path]],
    frozen: time_machine.Traveller,
    earlier_arrives: str,
) -> None:
    a, b, c = devices(A, B, C)
    frozen.move_to("2026-11-21T20:00:00+01:00")
    on(b, cli, "three", "b one", "b two", "b three")
    frozen.move_to("2026-11-21T21:00:00+01:00")
    on(a, cli, "three", "a one", "a two", input="\n")
    from_a, from_b = send(a), send(b)
    order = (from_b, from_a) if earlier_arrives == "first" else (from_a, from_b)
    deliver(c, *order)
    deliver(a, from_b)
    deliver(b, from_a)
    for path in (a, b, c):
        rows = query(path, "SELECT kind, slot, text FROM entry ORDER BY text")
        assert rows == [
            ("gratitude", None, "a one"),
            ("gratitude", None, "a two"),
            ("three", 1, "b one"),
            ("three", 3, "b three"),
            ("three", 2, "b two"),
        ]
    assert export(a, cli) == export(b, cli) == export(c, cli)


def test_a_lost_slot_comes_back_when_the_item_that_took_it_is_deleted(
    cli: Invoke, devices: Callable[..., list[Path]], frozen: time_machine.Traveller
) -> None:
    a, b = devices(A, B)
    frozen.move_to("2026-11-21T20:00:00+01:00")
    on(b, cli, "three", "earlier", input="\n")
    frozen.move_to("2026-11-21T21:00:00+01:00")
    on(a, cli, "three", "later", input="\n")
    deliver(a, send(b))
    deliver(b, send(a))
    earlier = query(a, "SELECT id FROM entry WHERE text = 'earlier'")[0][0]
    delete(b, earlier, datetime.now().astimezone())
    deliver(a, send(b))
    for path in (a, b):
        assert query(path, "SELECT kind, slot, text FROM entry") == [("three", 1, "later")]


def test_rituals_made_with_one_name_on_two_devices_become_one_with_both_check_offs(
    cli: Invoke, devices: Callable[..., list[Path]], frozen: time_machine.Traveller
) -> None:
    a, b = devices(A, B)
    on(a, cli, "ritual", "add", "Evening walk", "--daily")
    on(a, cli, "ritual", "done", "Evening walk", "--date", "yesterday")
    frozen.shift(60)
    on(b, cli, "ritual", "add", "evening WALK", "--weekdays")
    on(b, cli, "ritual", "done", "evening", "--date", "today")
    deliver(a, send(b))
    deliver(b, send(a))
    for path in (a, b):
        rituals = query(path, "SELECT name, cadence FROM ritual")
        assert rituals == [("Evening walk", "daily")]
        assert query(path, "SELECT day FROM ritual_check ORDER BY day") == [
            ("2026-11-20",),
            (TODAY,),
        ]
    assert export(a, cli) == export(b, cli)
    # Both devices now write onto the one ritual.
    on(b, cli, "ritual", "done", "Evening walk", "--date", "2026-11-19")
    deliver(a, send(b))
    assert len(query(a, "SELECT day FROM ritual_check")) == 3


def test_a_ritual_made_after_another_was_renamed_away_from_its_name_stays_apart(
    cli: Invoke, devices: Callable[..., list[Path]]
) -> None:
    a, b = devices(A, B)
    on(a, cli, "ritual", "add", "Walk", "--daily")
    on(a, cli, "ritual", "rename", "Walk", "Stroll")
    on(a, cli, "ritual", "add", "Walk", "--weekdays")
    deliver(b, send(a))
    for path in (a, b):
        assert query(path, "SELECT name FROM ritual ORDER BY name") == [("Stroll",), ("Walk",)]


def test_check_offs_and_undos_of_one_day_merge_by_the_latest_stamp(
    cli: Invoke, devices: Callable[..., list[Path]], frozen: time_machine.Traveller
) -> None:
    a, b = devices(A, B)
    on(a, cli, "ritual", "add", "Walk", "--daily")
    on(a, cli, "ritual", "done", "Walk")
    deliver(b, send(a))
    frozen.shift(60)
    on(b, cli, "ritual", "undo", "Walk")
    frozen.shift(60)
    on(a, cli, "ritual", "done", "Walk", "--date", "yesterday")
    from_a, from_b = send(a), send(b)
    deliver(a, from_b)
    deliver(b, from_a)
    for path in (a, b):
        assert query(path, "SELECT day FROM ritual_check") == [("2026-11-20",)]
    assert export(a, cli) == export(b, cli)


def test_skips_unpauses_and_unarchives_merge_at_the_apply_level(
    cli: Invoke, devices: Callable[..., list[Path]], frozen: time_machine.Traveller
) -> None:
    a, b = devices(A, B)
    on(a, cli, "ritual", "add", "Walk", "--daily")
    on(a, cli, "ritual", "pause", "Walk", "--from", "2026-12-01", "--to", "2026-12-03")
    on(a, cli, "ritual", "archive", "Walk")
    deliver(b, send(a))
    ritual_id, pause_id = query(b, "SELECT ritual_id, id FROM ritual_pause")[0]
    frozen.shift(60)
    with write(JournalRef(b)) as changes:
        changes.record(
            "ritual.skip",
            {
                "ritual": ritual_id,
                "day": TODAY,
                "id": str(uuid.uuid4()),
                "written_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                "mark": "skip",
            },
        )
        changes.record("ritual.unpause", {"ritual": ritual_id, "pauses": [pause_id]})
        changes.record("ritual.unarchive", {"ritual": ritual_id})
    deliver(a, send(b))
    for path in (a, b):
        assert query(path, "SELECT day, mark FROM ritual_mark") == [(TODAY, "skip")]
        assert query(path, "SELECT count(*) FROM ritual_pause") == [(0,)]
        assert query(path, "SELECT archived FROM ritual") == [(None,)]
    on(a, cli, "ritual", "done", "Walk")
    deliver(b, send(a))
    for path in (a, b):
        assert query(path, "SELECT count(*) FROM ritual_mark") == [(0,)]
        assert query(path, "SELECT day FROM ritual_check") == [(TODAY,)]


def test_a_far_future_stamp_pulls_this_clock_only_a_week_ahead(
    cli: Invoke, devices: Callable[..., list[Path]]
) -> None:
    (a,) = devices(A)
    now_ms = millis(datetime.now().astimezone())
    far = Stamp(now_ms + 10 * 365 * 86_400_000, 0, B)
    change = Change(
        str(uuid.uuid4()),
        far,
        "entry.add",
        {
            "id": str(uuid.uuid4()),
            "kind": "gratitude",
            "date": TODAY,
            "written_at": "2026-11-21T20:00:00+01:00",
            "text": "From a broken clock",
            "tags": [],
            "lang": None,
        },
    )
    report = sync_log.apply_incoming(JournalRef(a), f"{'0' * 32}.age", B, [change])
    assert report.applied == 1
    clock = Stamp.parse(query(a, "SELECT value FROM sync_state WHERE key = 'clock'")[0][0])
    assert clock.wall_ms <= now_ms + FUTURE_BOUND_MS
    on(a, cli, "gratitude", "add", "Written here")
    (mine,) = sync_log.unsent(JournalRef(a))
    assert mine.stamp.wall_ms <= now_ms + FUTURE_BOUND_MS + 1
    assert query(a, "SELECT count(*) FROM entry") == [(2,)]


def test_a_day_off_clock_still_merges_by_the_rules(
    cli: Invoke, devices: Callable[..., list[Path]], frozen: time_machine.Traveller
) -> None:
    """A device a day ahead edits; this one, having seen it, edits after: this edit wins."""
    a, b = devices(A, B)
    on(a, cli, "gratitude", "add", "Soup")
    deliver(b, send(a))
    (entry_id,) = entry_ids(a)
    with time_machine.travel(datetime.now().astimezone() + timedelta(days=1), tick=False):
        edit(b, entry_id, "From tomorrow", datetime.now().astimezone())
    deliver(a, send(b))
    edit(a, entry_id, "Seen, and changed", datetime.now().astimezone())
    deliver(b, send(a))
    for path in (a, b):
        assert query(path, "SELECT text FROM entry") == [("Seen, and changed",)]


def test_a_change_this_sparklog_does_not_know_is_kept_and_changes_nothing(
    cli: Invoke, devices: Callable[..., list[Path]]
) -> None:
    (a,) = devices(A)
    before = export(a, cli)
    stamp = Stamp(millis(datetime.now().astimezone()), 0, B)
    strange = [
        Change(str(uuid.uuid4()), stamp, "mood.add", {"mood": "sunny"}),
        Change(str(uuid.uuid4()), stamp, "entry.add", {"id": 5}),
        Change(str(uuid.uuid4()), stamp, "entry.add", {"id": str(uuid.uuid4()), "kind": "x"}),
        Change(
            str(uuid.uuid4()),
            stamp,
            "entry.add",
            {"id": str(uuid.uuid4()), "kind": "three", "slot": 1, "text": "no day"},
        ),
        Change(
            str(uuid.uuid4()),
            stamp,
            "ritual.add",
            {"id": str(uuid.uuid4()), "name": "Walk", "cadence": "daily", "created": "soon"},
        ),
        Change(
            str(uuid.uuid4()),
            stamp,
            "ritual.check",
            {"ritual": str(uuid.uuid4()), "day": "2026-13-45", "id": "x", "written_at": "y"},
        ),
    ]
    report = sync_log.apply_incoming(JournalRef(a), f"{'1' * 32}.age", B, strange)
    assert report.applied + report.unknown == 6 and report.unknown >= 2
    assert export(a, cli) == before
    assert query(a, "SELECT count(*) FROM change WHERE origin = 'remote'") == [(6,)]
    on(a, cli, "ritual", "list")
    on(a, cli, "today")


def test_applying_needs_a_journal_that_syncs(db_path: Path) -> None:
    with pytest.raises(SyncError):
        sync_log.apply_incoming(JournalRef(db_path), f"{'2' * 32}.age", B, [])


def test_an_import_into_a_synced_journal_travels(
    cli: Invoke, devices: Callable[..., list[Path]], tmp_path: Path
) -> None:
    source = tmp_path / "source.db"
    on(source, cli, "gratitude", "add", "Imported words")
    on(source, cli, "three", "x", "y", "z")
    on(source, cli, "ritual", "add", "Walk", "--daily")
    on(source, cli, "ritual", "done", "Walk")
    on(source, cli, "dates", "add", "Trip", "2027-01-02", "--once")
    exported = tmp_path / "export.json"
    on(source, cli, "export", "--out", str(exported))
    a, b = devices(A, B)
    on(a, cli, "import", str(exported))
    ops = sorted(change.op for change in sync_log.unsent(JournalRef(a)))
    assert ops == ["date.add", *["entry.add"] * 4, "ritual.add", "ritual.check"]
    deliver(b, send(a))
    assert export(b, cli) == export(a, cli)
    assert export(b, cli)["entries"] == export(source, cli)["entries"]


def test_status_counts_what_waits_and_the_devices_seen(
    cli: Invoke, devices: Callable[..., list[Path]]
) -> None:
    a, b = devices(A, B)
    on(b, cli, "gratitude", "add", "Hello")
    on(a, cli, "gratitude", "add", "Hi")
    deliver(a, send(b))
    found = sync_log.status(JournalRef(a))
    assert found.unsent == 1
    assert found.device is not None and found.device.id == A
    (seen,) = found.devices
    assert (seen.id, seen.files, seen.changes) == (B, 1, 1)
    assert seen.last_change is not None
    assert json.loads(json.dumps(found.to_json()))["devices"][0]["id"] == B
    assert sync_log.seen_files(JournalRef(a)) == {
        row[0] for row in query(a, "SELECT name FROM sync_file")
    }


def test_settling_everything_again_changes_nothing(
    cli: Invoke, devices: Callable[..., list[Path]]
) -> None:
    a, b = devices(A, B)
    on(a, cli, "three", "one", "two", input="\n")
    on(b, cli, "three", "uno", input="\n")
    on(a, cli, "ritual", "add", "Walk", "--daily")
    on(b, cli, "ritual", "add", "walk", "--daily")
    on(b, cli, "ritual", "done", "walk")
    deliver(a, send(b))
    before = export(a, cli)
    with write(JournalRef(a)) as changes:
        log.settle_all(changes.session.connection().connection.driver_connection)
    assert export(a, cli) == before


READS = """
import sys
from pathlib import Path
from sparklog.app import sync_log
from sparklog.app.journal_ref import JournalRef
ref = JournalRef(Path(sys.argv[1]))
sync_log.device(ref), sync_log.unsent(ref), sync_log.seen_files(ref), sync_log.status(ref)
heavy = sorted(m for m in ("sqlalchemy", "sqlmodel", "pydantic", "pyrage") if m in sys.modules)
print("HEAVY=" + ",".join(heavy))
"""


def test_the_log_is_read_without_the_orm_pydantic_or_age(
    cli: Invoke, devices: Callable[..., list[Path]]
) -> None:
    (a,) = devices(A)
    on(a, cli, "gratitude", "add", "Hello")
    result = subprocess.run(
        [sys.executable, "-c", READS, str(a)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "HEAVY="


WRITE = """
import sys
import time_machine
time_machine.travel(sys.argv[2], tick=True).start()
from sparklog.cli import main
sys.argv = ["sparklog", "--db", sys.argv[1], "gratitude", "add", "Hello"]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
print("HEAVY=" + ",".join(m for m in ("pyrage", "sparklog.sync.crypto") if m in sys.modules))
"""


def test_a_write_that_records_its_change_does_not_load_age(
    devices: Callable[..., list[Path]],
) -> None:
    (a,) = devices(A)
    result = subprocess.run(
        [sys.executable, "-c", WRITE, str(a), FROZEN_NOW],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "HEAVY="
    assert query(a, "SELECT op FROM change WHERE origin = 'local'")[-1] == ("entry.add",)


def test_an_entry_keeps_its_journal_day_on_every_device(
    cli: Invoke, devices: Callable[..., list[Path]], frozen: time_machine.Traveller
) -> None:
    a, b = devices(A, B)
    frozen.move_to("2026-11-22T00:30:00+01:00")  # before the rollover: still the 21st
    on(a, cli, "gratitude", "add", "Late")
    frozen.move_to("2026-11-23T12:00:00+01:00")
    deliver(b, send(a))
    assert query(b, "SELECT day FROM entry") == [(date(2026, 11, 21).isoformat(),)]


def test_log_history_shows_what_a_merge_kept(
    cli: Invoke, devices: Callable[..., list[Path]], frozen: time_machine.Traveller
) -> None:
    a, b = devices(A, B)
    on(a, cli, "gratitude", "add", "Soup")
    on(a, cli, "gratitude", "add", "Bread")
    deliver(b, send(a))
    soup, bread = entry_ids(a)
    edit(a, soup, "Soup, made with care", datetime.now().astimezone())
    delete(a, bread, datetime.now().astimezone())
    frozen.shift(60)
    edit(b, soup, "Soup and a kind word", datetime.now().astimezone())
    edit(b, bread, "Bread, still warm", datetime.now().astimezone())
    deliver(a, send(b))
    listed = json.loads(on(a, cli, "log", "--history", "--json"))
    assert [item.get("text") for item in listed] == ["Soup and a kind word", "Bread, still warm"]
    assert [r["text"] for r in listed[0]["revisions"]] == ["Soup, made with care"]
    assert listed[1] == {
        "kind": "revision",
        "id": bread,
        "deleted": True,
        "saved_at": listed[1]["saved_at"],
        "text": "Bread, still warm",
    }
    view = on(a, cli, "log", "--history")
    assert "Soup, made with care" in view and "also kept (" in view
    assert "Kept from deleted entries" in view and "Bread, still warm" in view
    plain = json.loads(on(a, cli, "log", "--json"))
    assert [item["text"] for item in plain] == ["Soup and a kind word"]
    assert "revisions" not in plain[0]
    assert "also kept" not in on(a, cli, "log")


def test_edit_and_delete_commands_travel(cli: Invoke, devices: Callable[..., list[Path]]) -> None:
    a, b = devices(A, B)
    on(a, cli, "gratitude", "add", "Soup")
    on(a, cli, "gratitude", "add", "Bread")
    deliver(b, send(a))
    soup, bread = entry_ids(a)
    on(a, cli, "edit", soup, "--text", "Soup, warm")
    on(a, cli, "delete", bread, "--yes")
    ops = [change.op for change in sync_log.unsent(JournalRef(a))]
    assert ops == ["entry.edit", "entry.delete"]
    deliver(b, send(a))
    for path in (a, b):
        assert query(path, "SELECT id, text FROM entry") == [(soup, "Soup, warm")]
        assert query(path, "SELECT id FROM entry_tombstone") == [(bread,)]
        assert query(path, "SELECT count(*) FROM entry_revision") == [(0,)]
    assert export(a, cli) == export(b, cli)


def test_skips_unpauses_and_unarchives_from_the_commands_travel(
    cli: Invoke, devices: Callable[..., list[Path]]
) -> None:
    a, b = devices(A, B)
    on(a, cli, "ritual", "add", "Walk", "--daily")
    on(a, cli, "ritual", "skip", "Walk", "--date", "yesterday")
    on(a, cli, "ritual", "pause", "Walk", "--from", "2026-12-01", "--to", "2026-12-03")
    on(a, cli, "ritual", "archive", "Walk")
    deliver(b, send(a))
    assert query(b, "SELECT day, mark FROM ritual_mark") == [("2026-11-20", "skip")]
    assert len(query(b, "SELECT id FROM ritual_pause")) == 1
    on(b, cli, "ritual", "unarchive", "Walk")
    on(b, cli, "ritual", "unpause", "Walk")
    deliver(a, send(b))
    ops = [change.op for change in sync_log.unsent(JournalRef(b))]
    assert ops == []
    for path in (a, b):
        assert query(path, "SELECT archived FROM ritual") == [(None,)]
        assert query(path, "SELECT count(*) FROM ritual_pause") == [(0,)]
    assert export(a, cli) == export(b, cli)
