"""Revisions in the export, and reflections between devices.

The versions a merge kept beside an entry leave in the export and come back
whole; a reflection (an answer to a prompt) travels with its question.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine

from sparklog.app import sync_log
from sparklog.app.journal_ref import JournalRef
from tests.conftest import Invoke
from tests.test_sync_log import (
    delete,
    deliver,
    edit,
    entry_ids,
    export,
    on,
    query,
    send,
)

A, B = "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"


@pytest.fixture
def devices(tmp_path: Path) -> Callable[..., list[Path]]:
    """Journals that sync, one per device id given (as in tests/test_sync_log.py)."""

    def make(*ids: str) -> list[Path]:
        paths = [tmp_path / f"{device}.db" for device in ids]
        for path, device in zip(paths, ids, strict=True):
            sync_log.start_device(JournalRef(path), device, device[:1], str(tmp_path / "folder"))
        return paths

    return make


def _with_a_revision(
    cli: Invoke, devices: Callable[..., list[Path]], frozen: time_machine.Traveller
) -> tuple[Path, str]:
    """Two devices edit one entry meanwhile: the earlier edit is kept as a revision."""
    a, b = devices(A, B)
    on(a, cli, "gratitude", "add", "Soup")
    deliver(b, send(a))
    (entry_id,) = entry_ids(a)
    edit(a, entry_id, "Soup, made with care", datetime.now().astimezone())
    frozen.shift(60)
    edit(b, entry_id, "Soup and bread", datetime.now().astimezone())
    deliver(a, send(b))
    return a, entry_id


def _saved_export(source: Path, cli: Invoke, tmp_path: Path) -> Path:
    """`export` of a journal, written to a file for `import`."""
    saved = tmp_path / f"{source.stem}.json"
    saved.write_text(on(source, cli, "export"), encoding="utf-8")
    return saved


def test_the_export_carries_revisions_and_an_import_rebuilds_them(
    cli: Invoke,
    devices: Callable[..., list[Path]],
    frozen: time_machine.Traveller,
    tmp_path: Path,
) -> None:
    a, entry_id = _with_a_revision(cli, devices, frozen)
    first = export(a, cli)
    [revision] = first["revisions"]
    assert revision["entry_id"] == entry_id
    assert revision["text"] == "Soup, made with care"
    assert revision["version"]["text"] == "Soup, made with care"
    assert first["version"] == 2
    empty = tmp_path / "empty" / "journal.db"
    saved = _saved_export(a, cli, tmp_path)
    report = on(empty, cli, "import", str(saved))
    assert "revisions  1 added, 0 already present" in report
    assert export(empty, cli) == first
    stored = "SELECT id, entry_id, stamp, saved_at, text, version FROM entry_revision"
    assert query(empty, stored) == query(a, stored)
    shown = json.loads(on(empty, cli, "log", "--history", "--json"))
    assert [r["text"] for r in shown[0]["revisions"]] == ["Soup, made with care"]
    # Again: nothing new, nothing twice.
    again = on(empty, cli, "import", str(saved))
    assert "revisions  0 added, 1 already present" in again
    assert query(empty, "SELECT count(*) FROM entry_revision") == [(1,)]


def test_a_file_without_revisions_still_imports(cli: Invoke, tmp_path: Path) -> None:
    assert cli("gratitude", "add", "Tea").exit_code == 0
    document: dict[str, Any] = json.loads(cli("export").stdout)
    assert document["revisions"] == []
    del document["revisions"]
    path = tmp_path / "older.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    other = tmp_path / "other.db"
    result = cli("--db", str(other), "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "  revisions" not in result.stdout


def test_a_bad_revision_refuses_the_whole_file(
    cli: Invoke,
    devices: Callable[..., list[Path]],
    frozen: time_machine.Traveller,
    tmp_path: Path,
) -> None:
    a, _ = _with_a_revision(cli, devices, frozen)
    document = json.loads(on(a, cli, "export"))
    other = tmp_path / "other.db"
    for change, message in (
        ({"stamp": "yesterday"}, "revisions[0].stamp"),
        ({"entry_id": "c0ffee00-0000-4000-8000-000000000009"}, "revisions[0].entry_id"),
        ({"text": "not the version's"}, "revisions[0].version"),
    ):
        broken = {**document, "revisions": [{**document["revisions"][0], **change}]}
        path = tmp_path / "broken.json"
        path.write_text(json.dumps(broken), encoding="utf-8")
        result = cli("--db", str(other), "import", str(path))
        assert result.exit_code == 1
        assert message in result.stderr, result.stderr
        assert not other.exists()


def test_deleting_an_imported_entry_takes_its_revisions_too(
    cli: Invoke,
    devices: Callable[..., list[Path]],
    frozen: time_machine.Traveller,
    tmp_path: Path,
) -> None:
    a, entry_id = _with_a_revision(cli, devices, frozen)
    plain = tmp_path / "plain.db"
    saved = _saved_export(a, cli, tmp_path)
    on(plain, cli, "import", str(saved))
    on(plain, cli, "delete", entry_id[:8], "--yes")
    assert query(plain, "SELECT count(*) FROM entry_revision") == [(0,)]
    assert "made with care" not in plain.read_bytes().decode("utf-8", "replace")
    # The old file does not bring the words back either.
    on(plain, cli, "import", str(saved))
    assert query(plain, "SELECT count(*) FROM entry") == [(0,)]
    assert query(plain, "SELECT count(*) FROM entry_revision") == [(0,)]


def test_a_revision_of_a_deleted_entry_travels_through_the_export(
    cli: Invoke,
    devices: Callable[..., list[Path]],
    frozen: time_machine.Traveller,
    tmp_path: Path,
) -> None:
    a, b = devices(A, B)
    on(a, cli, "gratitude", "add", "A secret")
    deliver(b, send(a))
    (entry_id,) = entry_ids(a)
    delete(a, entry_id, datetime.now().astimezone())
    frozen.shift(60)
    edit(b, entry_id, "Written after the delete", datetime.now().astimezone())
    deliver(a, send(b))
    first = export(a, cli)
    assert [r["text"] for r in first["revisions"]] == ["Written after the delete"]
    empty = tmp_path / "empty.db"
    saved = _saved_export(a, cli, tmp_path)
    on(empty, cli, "import", str(saved))
    assert export(empty, cli) == first
    assert query(empty, "SELECT count(*) FROM entry") == [(0,)]


def test_a_reflection_travels_with_its_prompt_and_so_does_its_edit(
    cli: Invoke, devices: Callable[..., list[Path]], frozen: time_machine.Traveller
) -> None:
    a, b = devices(A, B)
    on(a, cli, "prompt", "--answer", "We laughed at the bus stop")
    deliver(b, send(a))
    asked = "SELECT id, kind, prompt_id, prompt, text FROM entry"
    [(entry_id, kind, prompt_id, prompt, text)] = query(b, asked)
    assert (kind, text) == ("reflection", "We laughed at the bus stop")
    assert prompt_id and prompt
    assert query(b, asked) == query(a, asked)
    frozen.shift(60)
    on(a, cli, "edit", entry_id[:8], "--text", "We laughed at the bus stop, in the rain")
    deliver(b, send(a))
    assert query(b, asked) == [
        (entry_id, "reflection", prompt_id, prompt, "We laughed at the bus stop, in the rain")
    ]
    assert query(b, "SELECT edited_at IS NOT NULL FROM entry") == [(1,)]
    assert query(b, "SELECT count(*) FROM entry_revision") == [(0,)]
    assert export(a, cli) == export(b, cli)


def test_revisions_an_import_brings_into_a_syncing_journal_travel_and_stay(
    cli: Invoke,
    devices: Callable[..., list[Path]],
    frozen: time_machine.Traveller,
    tmp_path: Path,
) -> None:
    source, entry_id = _with_a_revision(cli, devices, frozen)
    c, d = devices("cccccccccccccccc", "dddddddddddddddd")
    saved = _saved_export(source, cli, tmp_path)
    on(c, cli, "import", str(saved))
    deliver(d, send(c))
    stored = "SELECT id, entry_id, stamp, saved_at, text, version FROM entry_revision"
    assert query(d, stored) == query(c, stored) == query(source, stored)
    # A later edit settles the entry again on both: the revision stays beside it.
    frozen.shift(60)
    edit(d, entry_id, "Soup, bread and salt", datetime.now().astimezone())
    deliver(c, send(d))
    for path in (c, d):
        assert query(path, "SELECT text FROM entry") == [("Soup, bread and salt",)]
        assert query(path, "SELECT text FROM entry_revision") == [("Soup, made with care",)]
    assert export(c, cli) == export(d, cli)
    # A delete takes it on every device, from the journal and from the log.
    frozen.shift(60)
    delete(c, entry_id, datetime.now().astimezone())
    deliver(d, send(c))
    for path in (c, d):
        assert query(path, "SELECT count(*) FROM entry_revision") == [(0,)]
        payloads = " ".join(row[0] for row in query(path, "SELECT payload FROM change"))
        assert "made with care" not in payloads


def test_revisions_imported_before_a_journal_syncs_are_published_with_its_history(
    cli: Invoke,
    devices: Callable[..., list[Path]],
    frozen: time_machine.Traveller,
    tmp_path: Path,
) -> None:
    source, _ = _with_a_revision(cli, devices, frozen)
    plain = tmp_path / "cccccccccccccccc.db"
    saved = _saved_export(source, cli, tmp_path)
    on(plain, cli, "import", str(saved))
    c, d = devices("cccccccccccccccc", "dddddddddddddddd")
    assert c == plain
    deliver(d, send(c))
    assert query(d, "SELECT text FROM entry_revision") == [("Soup, made with care",)]
    assert export(c, cli) == export(d, cli)
