"""`sparklog import`: checked whole, written in one transaction, never twice."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.test_export import UNUSUAL, RitualSpec, add_rituals, sample_journal, sample_rituals

Rows = Callable[..., list[tuple[Any, ...]]]


def fingerprint(db: Path) -> list[tuple[str, str]]:
    """Every file of the journal (main file, WAL, stamp) by name and content hash."""
    return sorted(
        (item.name, hashlib.sha256(item.read_bytes()).hexdigest())
        for item in db.parent.iterdir()
        if item.name.startswith(db.name)
    )


def entry(text: str, day: str = "2026-11-20", **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "kind": "gratitude",
        "date": day,
        "written_at": f"{day}T21:30:00+01:00",
        "text": text,
        "tags": [],
        "lang": None,
        "slot": None,
        "positive": None,
        "horseman": None,
        "reframe": None,
    }
    base.update(fields)
    return base


def document(**sections: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "format": "sparklog",
        "version": 1,
        "exported_at": "2026-11-21T21:00:00+01:00",
        "entries": sections.get("entries", []),
        "rituals": sections.get("rituals", []),
        "checks": sections.get("checks", []),
        "pauses": sections.get("pauses", []),
    }


def write(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def exported(cli: Invoke, db_path: Path, tmp_path: Path) -> Path:
    """An export of the sample journal, written to a file."""
    sample_journal(cli)
    sample_rituals(db_path)
    target = tmp_path / "export.json"
    assert cli("export", "--out", str(target)).exit_code == 0
    return target


def test_importing_twice_adds_nothing_the_second_time(
    cli: Invoke, exported: Path, tmp_path: Path
) -> None:
    other = str(tmp_path / "other.db")
    first = cli("--db", other, "import", str(exported))
    assert first.exit_code == 0, first.stderr
    assert first.stdout.splitlines() == [
        f"Imported {exported}:",
        "  entries    8 added, 0 already present",
        "  rituals    3 added, 0 already present",
        "  check-offs 4 added, 0 already present",
        "  pauses     1 added, 0 already present",
    ]
    after_first = fingerprint(Path(other))
    second = cli("--db", other, "import", str(exported))
    assert second.exit_code == 0, second.stderr
    assert second.stdout.splitlines() == [
        f"Nothing new in {exported}; the journal already held all of it.",
        "  entries    0 added, 8 already present",
        "  rituals    0 added, 3 already present",
        "  check-offs 0 added, 4 already present",
        "  pauses     0 added, 1 already present",
    ]
    assert fingerprint(Path(other))[0] == after_first[0], "the journal file is unchanged"


def test_import_into_the_same_journal_adds_nothing(cli: Invoke, exported: Path, rows: Rows) -> None:
    before = rows("SELECT count(*) FROM entry")
    result = cli("import", str(exported))
    assert result.exit_code == 0, result.stderr
    assert "0 added, 8 already present" in result.stdout
    assert rows("SELECT count(*) FROM entry") == before


def test_import_reads_standard_input(cli: Invoke, exported: Path, tmp_path: Path) -> None:
    other = str(tmp_path / "other.db")
    result = cli("--db", other, "import", "-", input=exported.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.stderr
    assert "Imported standard input:" in result.stdout
    assert "entries    8 added" in result.stdout


def _truncated(data: str) -> str:
    return data[: len(data) // 2]


def _one_bad_entry(data: str) -> str:
    parsed = json.loads(data)
    parsed["entries"][1]["date"] = "2026-13-40"
    return json.dumps(parsed)


def _list_json(data: str) -> str:
    return json.dumps(json.loads(data)["entries"])  # what `gratitude list --json` prints


def _another_format(data: str) -> str:
    parsed = json.loads(data)
    parsed["format"] = "dayone"
    return json.dumps(parsed)


def _newer_version(data: str) -> str:
    parsed = json.loads(data)
    parsed["version"] = 2
    return json.dumps(parsed)


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (_truncated, "not valid JSON: it ends too early, as if cut short ("),
        (
            lambda _data: "id,kind\n1,three\n",
            "not valid JSON (Expecting value at line 1, column 1)",
        ),
        (_one_bad_entry, "entry 2 ("),
        (_list_json, "not a sparklog export (a JSON list)"),
        (_another_format, "not a sparklog export (format 'dayone')"),
        (lambda _data: "{}", "not a sparklog export (no format field)"),
        (_newer_version, "written by a newer sparklog (export version 2"),
        (lambda _data: "", "the file is empty"),
        (lambda _data: "\udcff", "not UTF-8 text"),
    ],
    ids=[
        "truncated",
        "csv",
        "one-bad-entry",
        "entry-list",
        "another-format",
        "no-format",
        "newer",
        "empty",
        "binary",
    ],
)
def test_a_bad_file_leaves_the_journal_byte_for_byte_unchanged(
    cli: Invoke,
    exported: Path,
    db_path: Path,
    tmp_path: Path,
    spoil: Callable[[str], str],
    expected: str,
) -> None:
    # The journal to protect already holds different entries of its own.
    other = tmp_path / "other" / "journal.db"
    assert cli("--db", str(other), "gratitude", "add", "mine").exit_code == 0
    bad = tmp_path / "bad.json"
    bad.write_bytes(spoil(exported.read_text(encoding="utf-8")).encode("utf-8", "surrogateescape"))
    before = fingerprint(other)
    result = cli("--db", str(other), "import", str(bad))
    assert result.exit_code == 1
    assert len(result.err_lines) == 1, result.stderr
    [line] = result.err_lines
    assert line.startswith(f"sparklog: {bad}: ")
    assert expected in line
    assert line.endswith("nothing was imported")
    assert result.stdout == ""
    assert fingerprint(other) == before


def test_a_newer_version_says_to_upgrade(cli: Invoke, exported: Path, tmp_path: Path) -> None:
    bad = write(tmp_path / "new.json", json.loads(_newer_version(exported.read_text())))
    result = cli("import", bad)
    assert "upgrade sparklog" in result.err_lines[0]


def test_a_bad_file_does_not_create_a_journal(cli: Invoke, db_path: Path, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.json", {"format": "sparklog", "version": 1, "entries": [{}]})
    result = cli("import", bad)
    assert result.exit_code == 1
    assert not db_path.exists()
    assert not db_path.parent.exists()


def test_a_clash_found_while_writing_rolls_everything_back(
    cli: Invoke, db_path: Path, tmp_path: Path, rows: Rows
) -> None:
    assert cli("three", "a", "b", "c", "--date", "2026-11-20").exit_code == 0
    clashing = document(
        entries=[
            entry("fine one", "2026-11-19"),
            entry("fine two", "2026-11-19"),
            entry("another item one", "2026-11-20", kind="three", slot=1),
        ],
        rituals=[RitualSpecJSON("Walk")],
    )
    before = fingerprint(db_path)
    result = cli("import", write(tmp_path / "clash.json", clashing))
    assert result.exit_code == 1
    assert len(result.err_lines) == 1
    assert "2026-11-20 already has a different three-things item 1" in result.err_lines[0]
    assert fingerprint(db_path) == before
    assert rows("SELECT count(*) FROM entry") == [(3,)]
    assert rows("SELECT count(*) FROM ritual") == [(0,)]


def RitualSpecJSON(name: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "name": name,
        "cadence": "daily",
        "created": "2026-11-01",
        "archived": None,
    }
    base.update(fields)
    return base


def test_a_ritual_named_like_yours_is_merged_by_name(
    cli: Invoke, db_path: Path, tmp_path: Path, rows: Rows
) -> None:
    mine = RitualSpec("Date night", "1/week", date(2026, 11, 1), checks=[date(2026, 11, 14)])
    add_rituals(db_path, [mine])
    theirs = RitualSpecJSON("date NIGHT", cadence="2/week")
    incoming = document(
        rituals=[theirs, RitualSpecJSON("Walk")],
        checks=[
            {
                "id": str(uuid.uuid4()),
                "ritual_id": theirs["id"],
                "date": day,
                "written_at": f"{day}T22:00:00+01:00",
            }
            for day in ("2026-11-14", "2026-11-07")
        ],
        pauses=[
            {
                "id": str(uuid.uuid4()),
                "ritual_id": theirs["id"],
                "from": "2026-12-01",
                "to": "2026-12-03",
            }
        ],
    )
    result = cli("import", write(tmp_path / "theirs.json", incoming))
    assert result.exit_code == 0, result.stderr
    assert "  rituals    1 added, 1 already present" in result.stdout
    assert "  check-offs 1 added, 1 already present" in result.stdout
    assert (
        "The file's ritual 'date NIGHT' has another id than your 'Date night'; it was merged"
        " into yours by name, with its check-offs and pauses."
    ) in result.stdout.replace("\n", " ")
    assert sorted(rows("SELECT name FROM ritual")) == [("Date night",), ("Walk",)]
    assert rows("SELECT DISTINCT ritual_id FROM ritual_check") == [(mine.id,)]
    assert sorted(rows("SELECT day FROM ritual_check")) == [("2026-11-07",), ("2026-11-14",)]
    assert rows("SELECT ritual_id, first_day FROM ritual_pause") == [(mine.id, "2026-12-01")]
    assert rows("SELECT cadence FROM ritual WHERE name = 'Date night'") == [("1/week",)]


# Each spoils one field of the second entry (or another item) and names the message.
BAD_FIELDS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("kind", lambda d: d["entries"][1].update(kind="note"), "kind 'note' is not one of gratitude"),
    ("id", lambda d: d["entries"][1].update(id="42"), "id '42' is not a UUID"),
    ("date", lambda d: d["entries"][1].update(date="21/11/2026"), "is not a date (YYYY-MM-DD)"),
    (
        "written_at",
        lambda d: d["entries"][1].update(written_at="2026-11-20T21:00:00"),
        "is not a time with its UTC offset",
    ),
    ("empty text", lambda d: d["entries"][1].update(text="   "), "the text is empty"),
    ("long text", lambda d: d["entries"][1].update(text="x" * 2001), "the limit is 2000"),
    ("control", lambda d: d["entries"][1].update(text="a\x07b"), "control character (U+0007)"),
    ("missing text", lambda d: d["entries"][1].pop("text"), "the field 'text' is missing"),
    ("unknown", lambda d: d["entries"][1].update(mood="happy"), "unknown field 'mood'"),
    ("lang", lambda d: d["entries"][1].update(lang="hugs"), "lang 'hugs' is not one of words"),
    ("tags", lambda d: d["entries"][1].update(tags=["#Bad Tag"]), "tag '#Bad Tag' is not a tag"),
    ("slot", lambda d: d["entries"][1].update(slot=2), "slot is only for three-things items"),
    (
        "three slot",
        lambda d: d["entries"][1].update(kind="three", slot=4),
        "slot 4 is not 1, 2 or 3",
    ),
    (
        "positive",
        lambda d: d["entries"][1].update(kind="observation", positive="yes"),
        "positive 'yes' is not true or false",
    ),
    (
        "horseman",
        lambda d: d["entries"][1].update(kind="observation", positive=True, horseman="contempt"),
        "a horseman belongs to a negative observation",
    ),
    ("reframe", lambda d: d["entries"][1].update(reframe="kinder"), "reframe is only for"),
    (
        "repeat",
        lambda d: d["entries"][1].update(id=d["entries"][0]["id"]),
        "the same id as entry 1",
    ),
    ("entries", lambda d: d.update(entries={}), "'entries' is not a list"),
    ("cadence", lambda d: d["rituals"][0].update(cadence="sometimes"), "ritual 1 ("),
    ("ritual name", lambda d: d["rituals"][0].update(name=""), "the ritual name is empty"),
    (
        "ritual twice",
        lambda d: d["rituals"].append(RitualSpecJSON("WALK")),
        "ritual 2 (",
    ),
    ("check ritual", lambda d: d["checks"][0].update(ritual_id=str(uuid.uuid4())), "check-off 1 ("),
    ("pause order", lambda d: d["pauses"][0].update({"from": "2026-12-09"}), "is after to"),
    ("version", lambda d: d.update(version="1"), "version '1' is not an export version"),
    ("stamp", lambda d: d.update(exported_at="yesterday"), "exported_at 'yesterday' is not a time"),
    ("top level", lambda d: d.update(notes=[]), "unknown top-level field 'notes'"),
    ("not an object", lambda d: d["entries"].append("hello"), "entry 4 is not an object"),
]


NOT_ABOUT_ENTRY_2 = {
    "entries",
    "version",
    "stamp",
    "top level",
    "not an object",
    "cadence",
    "ritual name",
    "ritual twice",
    "check ritual",
    "pause order",
}
NAMES_ENTRY_2 = {name for name, _, _ in BAD_FIELDS} - NOT_ABOUT_ENTRY_2


@pytest.mark.parametrize(
    ("name", "spoil", "expected"), BAD_FIELDS, ids=[n for n, _, _ in BAD_FIELDS]
)
def test_every_field_is_checked_and_the_message_names_the_item(
    cli: Invoke,
    tmp_path: Path,
    rows: Rows,
    name: str,
    spoil: Callable[[dict[str, Any]], None],
    expected: str,
) -> None:
    walk = RitualSpecJSON("Walk")
    good = document(
        entries=[entry("one"), entry("two"), entry("three", "2026-11-21")],
        rituals=[walk],
        checks=[
            {
                "id": str(uuid.uuid4()),
                "ritual_id": walk["id"],
                "date": "2026-11-20",
                "written_at": "2026-11-20T22:00:00+01:00",
            }
        ],
        pauses=[
            {
                "id": str(uuid.uuid4()),
                "ritual_id": walk["id"],
                "from": "2026-12-01",
                "to": "2026-12-03",
            }
        ],
    )
    bad = copy.deepcopy(good)
    spoil(bad)
    result = cli("import", write(tmp_path / "bad.json", bad))
    assert result.exit_code == 1
    assert len(result.err_lines) == 1, result.stderr
    assert expected in result.err_lines[0]
    if name in NAMES_ENTRY_2:
        # A problem in one entry names it by position and id.
        assert f"entry 2 ({bad['entries'][1]['id']}): " in result.err_lines[0]
    assert rows("SELECT count(*) FROM entry") == []  # nothing, not even a journal
    # The untouched document imports cleanly.
    fine = cli("import", write(tmp_path / "good.json", good))
    assert fine.exit_code == 0, fine.stderr
    assert rows("SELECT count(*) FROM entry") == [(3,)]


def test_observations_and_tags_arrive_whole(cli: Invoke, tmp_path: Path, rows: Rows) -> None:
    incoming = document(
        entries=[
            entry(
                UNUSUAL[5],
                kind="observation",
                positive=False,
                horseman="stonewalling",
                reframe=UNUSUAL[2],
                tags=["late", "ça_va"],
                lang="time",
            ),
            entry(UNUSUAL[7], kind="three", slot=2),
        ]
    )
    result = cli("import", write(tmp_path / "in.json", incoming))
    assert result.exit_code == 0, result.stderr
    assert rows(
        "SELECT kind, text, positive, horseman, reframe, lang, slot FROM entry ORDER BY kind"
    ) == [
        ("observation", UNUSUAL[5], 0, "stonewalling", UNUSUAL[2], "time", None),
        ("three", UNUSUAL[7], None, None, None, None, 2),
    ]
    assert sorted(rows("SELECT tag FROM entry_tag")) == [("late",), ("ça_va",)]
    found = "SELECT count(*) FROM entry_fts WHERE entry_fts MATCH ?"
    assert rows(found, "stonewalling OR entry") == [(1,)], "imported text is searchable"


def test_a_large_import_shows_no_progress_bar_when_piped(
    cli: Invoke, tmp_path: Path, rows: Rows
) -> None:
    many = document(
        entries=[entry(f"note {n}", f"20{16 + n % 10}-0{1 + n % 9}-1{n % 9}") for n in range(2500)]
    )
    result = cli("import", write(tmp_path / "many.json", many))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "entries    2500 added" in result.stdout
    assert rows("SELECT count(*) FROM entry") == [(2500,)]


def test_a_large_import_shows_progress_on_a_terminal(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console

    screen = io.StringIO()

    def terminal(*, stderr: bool = False) -> Console:
        if stderr:
            return Console(file=screen, force_terminal=True, width=80)
        return Console(highlight=False, emoji=False)

    monkeypatch.setattr("sparklog.render.console.console", terminal)
    many = document(entries=[entry(f"note {n}", "2026-11-0" + str(1 + n % 9)) for n in range(2500)])
    result = cli("import", write(tmp_path / "many.json", many))
    assert result.exit_code == 0, result.stderr
    assert "Importing" in screen.getvalue()
    small = document(entries=[entry("just one", "2026-11-19")])
    screen.truncate(0)
    assert cli("import", write(tmp_path / "small.json", small)).exit_code == 0
    assert screen.getvalue() == ""


def test_a_missing_file_is_one_line(cli: Invoke, tmp_path: Path) -> None:
    result = cli("import", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert result.err_lines == [f"sparklog: there is no file {tmp_path / 'nope.json'}"]
    folder = cli("import", str(tmp_path))
    assert folder.exit_code == 2
    assert len(folder.err_lines) == 1
