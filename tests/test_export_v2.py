"""Export version 2 and the import's rules for edits and deletions."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import time_machine

from tests.conftest import Invoke
from tests.test_import import document, entry, fingerprint, write

Rows = Callable[..., list[tuple[Any, ...]]]

ENTRY_ID = "c0ffee00-0000-4000-8000-000000000001"


def _export(cli: Invoke, db: Path | None = None) -> dict[str, Any]:
    args = ["--db", str(db)] if db is not None else []
    result = cli(*args, "export")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    data.pop("exported_at")
    return data


def _save(cli: Invoke, path: Path, db: Path | None = None) -> str:
    args = ["--db", str(db)] if db is not None else []
    assert cli(*args, "export", "--out", str(path)).exit_code == 0
    return str(path)


def _texts(cli: Invoke, db: Path | None = None) -> dict[str, str]:
    args = ["--db", str(db)] if db is not None else []
    items = json.loads(cli(*args, "log", "--json").stdout)
    return {item["id"]: item["text"] for item in items if item["kind"] != "check"}


def test_the_export_carries_edits_and_tombstones(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    assert cli("gratitude", "add", "to be fixed").exit_code == 0
    assert cli("gratitude", "add", "to be deleted").exit_code == 0
    ids = {text: entry_id for entry_id, text in _texts(cli).items()}
    frozen.move_to("2026-11-21T21:30:00+01:00")
    assert cli("edit", ids["to be fixed"][:8], "--text", "fixed").exit_code == 0
    assert cli("delete", ids["to be deleted"][:8], "--yes").exit_code == 0
    data = _export(cli)
    assert data["version"] == 2
    [kept] = data["entries"]
    assert kept["text"] == "fixed"
    assert kept["written_at"] == "2026-11-21T21:00:00+01:00"
    assert kept["edited_at"] == "2026-11-21T21:30:00+01:00"
    assert data["deleted"] == [
        {"id": ids["to be deleted"], "deleted_at": "2026-11-21T21:30:00+01:00"}
    ]
    table = list(csv.DictReader(io.StringIO(cli("export", "-f", "csv").stdout, newline="")))
    assert [(row["text"], row["edited_at"]) for row in table] == [
        ("fixed", "2026-11-21T21:30:00+01:00")
    ]
    assert "fixed _(edited)_" in cli("export", "-f", "markdown").stdout


def test_a_tombstone_keeps_an_old_export_from_bringing_the_entry_back(
    cli: Invoke, rows: Rows, tmp_path: Path, frozen: time_machine.Traveller
) -> None:
    assert cli("gratitude", "add", "regretted words").exit_code == 0
    assert cli("gratitude", "add", "kind words").exit_code == 0
    old = _save(cli, tmp_path / "old.json")
    frozen.move_to("2026-11-21T22:00:00+01:00")
    assert cli("delete", "--last", "--yes").exit_code == 0  # the kind words went last
    assert cli("delete", next(iter(_texts(cli)))[:8], "--yes").exit_code == 0
    assert rows("SELECT count(*) FROM entry") == [(0,)]
    result = cli("import", old)
    assert result.exit_code == 0, result.stderr
    assert rows("SELECT count(*) FROM entry") == [(0,)]
    assert "2 entries of the file stay deleted" in result.stdout
    assert "Nothing new" in result.stdout


def test_a_tombstone_in_the_file_deletes_the_entry_here(
    cli: Invoke, rows: Rows, tmp_path: Path, frozen: time_machine.Traveller
) -> None:
    other = tmp_path / "other" / "journal.db"
    assert cli("gratitude", "add", "shared once").exit_code == 0
    assert cli("--db", str(other), "import", _save(cli, tmp_path / "a.json")).exit_code == 0
    frozen.move_to("2026-11-21T22:00:00+01:00")
    assert cli("delete", "--last", "--yes").exit_code == 0
    result = cli("--db", str(other), "import", _save(cli, tmp_path / "b.json"))
    assert result.exit_code == 0, result.stderr
    assert "The file deleted 1 entry after its last change here; it was deleted here too." in (
        result.stdout
    )
    assert _texts(cli, other) == {}
    assert _export(cli, other) == _export(cli)


def test_the_newer_version_wins_whichever_side_holds_it(
    cli: Invoke, tmp_path: Path, frozen: time_machine.Traveller
) -> None:
    other = tmp_path / "other" / "journal.db"
    assert cli("gratitude", "add", "first wording #one").exit_code == 0
    first = _save(cli, tmp_path / "first.json")
    assert cli("--db", str(other), "import", first).exit_code == 0
    frozen.move_to("2026-11-21T22:00:00+01:00")
    assert cli("edit", "--last", "--text", "second wording #two").exit_code == 0
    second = _save(cli, tmp_path / "second.json")

    # The journal's newer version stays when an older file comes in...
    kept = cli("import", first)
    assert kept.exit_code == 0, kept.stderr
    assert list(_texts(cli).values()) == ["second wording #two"]
    assert "Nothing new" in kept.stdout
    # ...and the file's newer version replaces the journal's older one.
    taken = cli("--db", str(other), "import", second)
    assert taken.exit_code == 0, taken.stderr
    assert "1 updated to the file's newer version" in taken.stdout
    assert list(_texts(cli, other).values()) == ["second wording #two"]
    assert _export(cli, other) == _export(cli)
    tags = json.loads(cli("--db", str(other), "log", "--json").stdout)[0]["tags"]
    assert tags == ["two"]
    found = cli("--db", str(other), "log", "--search", "second", "--json").stdout
    assert len(json.loads(found)) == 1
    assert json.loads(cli("--db", str(other), "log", "--search", "first", "--json").stdout) == []


def test_a_version_written_after_the_deletion_outlives_the_tombstone(
    cli: Invoke, rows: Rows, tmp_path: Path
) -> None:
    later = entry("edited after the delete", id=ENTRY_ID)
    later["edited_at"] = "2026-11-21T10:00:00+01:00"
    doc = document(entries=[later])
    doc["version"] = 2
    doc["deleted"] = [{"id": ENTRY_ID, "deleted_at": "2026-11-21T09:00:00+01:00"}]
    result = cli("import", write(tmp_path / "later.json", doc))
    assert result.exit_code == 0, result.stderr
    assert rows("SELECT text FROM entry") == [("edited after the delete",)]
    # The same version older than the tombstone stays out.
    doc["deleted"] = [{"id": ENTRY_ID, "deleted_at": "2026-11-21T11:00:00+01:00"}]
    result = cli("import", write(tmp_path / "sooner.json", doc))
    assert result.exit_code == 0, result.stderr
    assert rows("SELECT count(*) FROM entry") == [(0,)]
    assert rows("SELECT deleted_at FROM entry_tombstone") == [("2026-11-21T11:00:00+01:00",)]


def test_importing_twice_changes_nothing(
    cli: Invoke, db_path: Path, tmp_path: Path, frozen: time_machine.Traveller
) -> None:
    other = tmp_path / "other" / "journal.db"
    assert cli("three", "a", "b", "c").exit_code == 0
    assert cli("gratitude", "add", "gone soon").exit_code == 0
    frozen.move_to("2026-11-21T21:30:00+01:00")
    assert cli("edit", _first_id(cli, "a"), "--text", "a, edited").exit_code == 0
    assert cli("delete", _first_id(cli, "gone soon"), "--yes").exit_code == 0
    file = _save(cli, tmp_path / "all.json")
    assert cli("--db", str(other), "import", file).exit_code == 0
    before = fingerprint(other)
    again = cli("--db", str(other), "import", file)
    assert again.exit_code == 0
    assert "Nothing new" in again.stdout
    assert fingerprint(other) == before


def _first_id(cli: Invoke, text: str) -> str:
    return next(entry_id for entry_id, said in _texts(cli).items() if said == text)[:8]


def test_a_version_1_export_still_imports(cli: Invoke, rows: Rows, tmp_path: Path) -> None:
    doc = document(entries=[entry("from an older sparklog", id=ENTRY_ID)])
    assert doc["version"] == 1 and "deleted" not in doc
    assert "edited_at" not in doc["entries"][0]
    result = cli("import", write(tmp_path / "v1.json", doc))
    assert result.exit_code == 0, result.stderr
    assert rows("SELECT id, text, edited_at FROM entry") == [
        (ENTRY_ID, "from an older sparklog", None)
    ]


def test_a_bad_tombstone_is_named_and_nothing_is_imported(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    doc = document(entries=[entry("fine")])
    doc["version"] = 2
    doc["deleted"] = [{"id": ENTRY_ID, "deleted_at": "yesterday"}]
    result = cli("import", write(tmp_path / "bad.json", doc))
    assert result.exit_code == 1
    assert result.err_lines[0].startswith(
        f"sparklog: {tmp_path / 'bad.json'}: deleted[0].deleted_at"
    )
    doc["deleted"] = [{"id": ENTRY_ID, "deleted_at": "2026-11-20T10:00:00+01:00"}] * 2
    result = cli("import", write(tmp_path / "twice.json", doc))
    assert "deleted[1].id: the same id as deleted[0]" in result.stderr
    assert not db_path.exists()


def test_export_import_export_round_trips_with_edits_and_deletions(
    cli: Invoke, tmp_path: Path, frozen: time_machine.Traveller
) -> None:
    assert cli("three", "one", "two", "three").exit_code == 0
    assert cli("observe", "sharp words", "-n", "--reframe", "a long day").exit_code == 0
    assert cli("gratitude", "add", "the tea #mornings", "-l", "acts").exit_code == 0
    frozen.move_to("2026-11-21T21:45:00+01:00")
    assert cli("edit", _first_id(cli, "two"), "--text", "two, kinder").exit_code == 0
    assert cli("delete", _first_id(cli, "sharp words"), "--yes").exit_code == 0
    first = _export(cli)
    again = tmp_path / "again" / "journal.db"
    assert cli("--db", str(again), "import", _save(cli, tmp_path / "x.json")).exit_code == 0
    assert _export(cli, again) == first
    assert len(first["deleted"]) == 1 and len(first["entries"]) == 4


def test_markdown_lists_a_day_in_the_order_log_shows_it(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    frozen.move_to("2026-11-21T08:00:00+01:00")
    assert cli("gratitude", "add", "early appreciation").exit_code == 0
    frozen.move_to("2026-11-21T09:00:00+01:00")
    assert cli("three", "item one", "item two", "item three").exit_code == 0
    frozen.move_to("2026-11-21T10:00:00+01:00")
    assert cli("observe", "a kind moment").exit_code == 0
    frozen.move_to("2026-11-21T08:30:00+01:00")
    # Written before the three things but on the same day: it still follows them.
    assert cli("gratitude", "add", "another appreciation").exit_code == 0
    logged = [item["text"] for item in json.loads(cli("log", "--json").stdout)]
    markdown = cli("export", "-f", "markdown").stdout
    listed = [
        re.sub(r"^- (\*\*[^*]+\*\* )?", "", line)
        for line in markdown.splitlines()
        if line.startswith("- ")
    ]
    assert listed == logged
    assert listed[:3] == ["item one", "item two", "item three"]
