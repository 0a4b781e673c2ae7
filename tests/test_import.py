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
    parsed["version"] = 3
    return json.dumps(parsed)


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (_truncated, "not valid JSON: it ends too early, as if cut short ("),
        (
            lambda _data: "id,kind\n1,three\n",
            "not valid JSON (Expecting value at line 1, column 1)",
        ),
        (_one_bad_entry, "entries[1].date: '2026-13-40' is not a date (YYYY-MM-DD)"),
        (_list_json, "not a sparklog export (a JSON list)"),
        (_another_format, "not a sparklog export (format 'dayone')"),
        (lambda _data: "{}", "not a sparklog export (no format field)"),
        (_newer_version, "written by a newer sparklog (export version 3"),
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


def _entries_by_id(cli: Invoke, db: str) -> dict[str, tuple[Any, ...]]:
    data = json.loads(cli("--db", db, "export").stdout)
    return {e["id"]: (e["kind"], e["date"], e["slot"], e["text"]) for e in data["entries"]}


def test_two_journals_sharing_a_three_things_day_merge_the_same_either_way(
    cli: Invoke, db_path: Path, tmp_path: Path, rows: Rows, frozen: Any
) -> None:
    mine, laptop = str(db_path), str(tmp_path / "laptop" / "sparklog.db")
    frozen.move_to("2026-11-20T20:00:00+01:00")
    assert cli("--db", laptop, "three", "soup", "the call", "the hug").exit_code == 0
    frozen.move_to("2026-11-20T21:30:00+01:00")  # written later, on this machine
    assert cli("three", "coffee", "the note", input="\n").exit_code == 0
    assert cli("gratitude", "add", "only here").exit_code == 0
    frozen.move_to("2026-11-21T21:00:00+01:00")
    from_laptop, from_mine = tmp_path / "laptop.json", tmp_path / "mine.json"
    assert cli("--db", laptop, "export", "--out", str(from_laptop)).exit_code == 0
    assert cli("export", "--out", str(from_mine)).exit_code == 0

    result = cli("import", str(from_laptop))
    assert result.exit_code == 0, result.stderr
    assert "entries    3 added, 0 already present" in result.stdout
    assert (
        "On 2026-11-20 both journals had three things: the items written first keep the"
        " slots, and 2 others stay as plain appreciations of that day."
    ) in " ".join(result.stdout.split())
    three_rows = "SELECT slot, text FROM entry WHERE kind = 'three' ORDER BY slot"
    assert rows(three_rows) == [(1, "soup"), (2, "the call"), (3, "the hug")]
    plain = "SELECT text FROM entry WHERE kind = 'gratitude' AND day = '2026-11-20' ORDER BY text"
    assert rows(plain) == [("coffee",), ("only here",), ("the note",)]
    assert rows("SELECT count(*) FROM entry WHERE slot IS NOT NULL AND kind != 'three'") == [(0,)]

    merged = _entries_by_id(cli, mine)
    second = cli("import", str(from_laptop))
    assert second.exit_code == 0, second.stderr
    assert second.stdout.startswith(f"Nothing new in {from_laptop}")
    assert "both journals had three things" not in second.stdout
    assert _entries_by_id(cli, mine) == merged

    # The laptop takes in this journal's export: its own items were written first,
    # so they keep their slots, and both journals now hold the same entries.
    other_way = cli("--db", laptop, "import", str(from_mine))
    assert other_way.exit_code == 0, other_way.stderr
    assert "2 others stay as plain appreciations" in " ".join(other_way.stdout.split())
    assert _entries_by_id(cli, laptop) == _entries_by_id(cli, mine)
    streak = json.loads(cli("streaks", "--json").stdout)["streaks"]["three"]
    assert streak["best"] == 1, "the shared day still has all three things"


def test_within_one_second_the_smaller_id_keeps_the_slot(
    cli: Invoke, db_path: Path, tmp_path: Path, rows: Rows
) -> None:
    stamp = "2026-11-20T21:30:00+01:00"
    low, high = "00000000-0000-4000-8000-000000000001", "ffffffff-ffff-4fff-bfff-ffffffffffff"
    first = document(entries=[entry("high", kind="three", slot=1, id=high, written_at=stamp)])
    second = document(entries=[entry("low", kind="three", slot=1, id=low, written_at=stamp)])
    assert cli("import", write(tmp_path / "a.json", first)).exit_code == 0
    assert cli("import", write(tmp_path / "b.json", second)).exit_code == 0
    assert rows("SELECT id, kind, slot FROM entry ORDER BY id") == [
        (low, "three", 1),
        (high, "gratitude", None),
    ]


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


# Each spoils one field of the second entry (or another item) and names the message,
# which starts with where the problem sits in the file.
BAD_FIELDS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "kind",
        lambda d: d["entries"][1].update(kind="note"),
        "entries[1].kind: 'note' is not one of gratitude, observation, reflection, three",
    ),
    ("no kind", lambda d: d["entries"][1].pop("kind"), "entries[1].kind: the field is missing"),
    ("id", lambda d: d["entries"][1].update(id="42"), "entries[1].id: '42' is not a UUID"),
    ("id number", lambda d: d["entries"][1].update(id=42), "entries[1].id: 42 is not a UUID"),
    (
        "date",
        lambda d: d["entries"][1].update(date="21/11/2026"),
        "entries[1].date: '21/11/2026' is not a date (YYYY-MM-DD)",
    ),
    (
        "written_at",
        lambda d: d["entries"][1].update(written_at="2026-11-20T21:00:00"),
        "entries[1].written_at: '2026-11-20T21:00:00' is not a time with its UTC offset",
    ),
    ("empty text", lambda d: d["entries"][1].update(text="   "), "entries[1].text: the text is"),
    ("long text", lambda d: d["entries"][1].update(text="x" * 2001), "the limit is 2000"),
    ("text number", lambda d: d["entries"][1].update(text=7), "entries[1].text: 7 is not a string"),
    ("control", lambda d: d["entries"][1].update(text="a\x07b"), "control character (U+0007)"),
    (
        "missing text",
        lambda d: d["entries"][1].pop("text"),
        "entries[1].text: the field is missing",
    ),
    ("unknown", lambda d: d["entries"][1].update(mood="happy"), "entries[1].mood: unknown field"),
    (
        "lang",
        lambda d: d["entries"][1].update(lang="hugs"),
        "entries[1].lang: 'hugs' is not one of words, acts, gifts, time or touch",
    ),
    (
        "tags",
        lambda d: d["entries"][1].update(tags=["fine", "#Bad Tag"]),
        "entries[1].tags[1]: '#Bad Tag' is not a tag",
    ),
    ("tags list", lambda d: d["entries"][1].update(tags="x"), "entries[1].tags: 'x' is not a list"),
    ("dotted tag", lambda d: d["entries"][1].update(tags=["a.b"]), "entries[1].tags[0]: 'a.b'"),
    ("slashed tag", lambda d: d["entries"][1].update(tags=["x/y"]), "entries[1].tags[0]: 'x/y'"),
    ("shouting tag", lambda d: d["entries"][1].update(tags=["ü!"]), "entries[1].tags[0]: 'ü!'"),
    (
        "slot",
        lambda d: d["entries"][1].update(slot=2),
        "entries[1].slot: only for three-things items, not gratitude",
    ),
    (
        "three slot",
        lambda d: d["entries"][1].update(kind="three", slot=4),
        "entries[1].slot: 4 is not 1, 2 or 3",
    ),
    (
        "three slot true",
        lambda d: d["entries"][1].update(kind="three", slot=True),
        "entries[1].slot: True is not 1, 2 or 3",
    ),
    (
        "three no slot",
        lambda d: d["entries"][1].update(kind="three", slot=None),
        "entries[1].slot: None is not 1, 2 or 3",
    ),
    (
        "positive",
        lambda d: d["entries"][1].update(kind="observation", positive="yes"),
        "entries[1].positive: 'yes' is not true or false",
    ),
    (
        "horseman",
        lambda d: d["entries"][1].update(kind="observation", positive=True, horseman="contempt"),
        "entries[1].horseman: a horseman belongs to a negative observation",
    ),
    (
        "reframe",
        lambda d: d["entries"][1].update(reframe="kinder"),
        "entries[1].reframe: only for observations, not gratitude",
    ),
    (
        "repeat",
        lambda d: d["entries"][1].update(id=d["entries"][0]["id"]),
        "entries[1].id: the same id as entries[0]",
    ),
    ("entries", lambda d: d.update(entries={}), "entries: {} is not a list"),
    (
        "cadence",
        lambda d: d["rituals"][0].update(cadence="sometimes"),
        "rituals[0].cadence: 'sometimes' is not one of daily",
    ),
    (
        "ritual name",
        lambda d: d["rituals"][0].update(name=""),
        "rituals[0].name: the ritual name is empty",
    ),
    (
        "ritual twice",
        lambda d: d["rituals"].append(RitualSpecJSON("WALK")),
        "rituals[1].name: 'WALK' is named like rituals[0]",
    ),
    (
        "check ritual",
        lambda d: d["checks"][0].update(ritual_id=str(uuid.uuid4())),
        "checks[0].ritual_id: ",
    ),
    (
        "pause order",
        lambda d: d["pauses"][0].update({"from": "2026-12-09"}),
        "pauses[0].to: 2026-12-03 is before from (2026-12-09)",
    ),
    ("version", lambda d: d.update(version="1"), "version '1' is not an export version"),
    (
        "stamp",
        lambda d: d.update(exported_at="yesterday"),
        "exported_at: 'yesterday' is not a time",
    ),
    ("top level", lambda d: d.update(notes=[]), "notes: unknown top-level field"),
    (
        "not an object",
        lambda d: d["entries"].append("hello"),
        "entries[3]: 'hello' is not an object",
    ),
    (
        "two problems",
        lambda d: d["entries"][1].update(date="soon", lang="hugs"),
        "entries[1].date: 'soon' is not a date (YYYY-MM-DD) (and 1 more problem)",
    ),
]


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


# --- the command line's date rules hold for an import too (the clock is frozen on
# Saturday 2026-11-21, so "tomorrow" below is 2026-11-22) ---------------------------

OUT_OF_RANGE: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "entry before 1900",
        lambda d: d["entries"][1].update(date="1899-12-31"),
        "entries[1].date: 1899-12-31 is before 1900; check the year",
    ),
    (
        "entry tomorrow",
        lambda d: d["entries"][1].update(date="2026-11-22"),
        "entries[1].date: 2026-11-22 is in the future; the journal day today is 2026-11-21",
    ),
    (
        "entry written in year 9999",
        lambda d: d["entries"][1].update(written_at="9999-12-31T23:59:59-12:00"),
        "entries[1].written_at: 9999-12-31T23:59:59-12:00 is in the future",
    ),
    (
        "entry written in year 1",
        lambda d: d["entries"][1].update(written_at="0001-01-01T00:00:00+00:00"),
        "entries[1].written_at: 0001-01-01T00:00:00+00:00 is before 1900",
    ),
    (
        "check-off in the future",
        lambda d: d["checks"][0].update(date="2027-01-01"),
        "checks[0].date: 2027-01-01 is in the future",
    ),
    (
        "check-off written long ago",
        lambda d: d["checks"][0].update(written_at="1850-01-01T08:00:00+00:00"),
        "checks[0].written_at: 1850-01-01T08:00:00+00:00 is before 1900",
    ),
    (
        "ritual created in 1850",
        lambda d: d["rituals"][0].update(created="1850-06-01"),
        "rituals[0].created: 1850-06-01 is before 1900",
    ),
    (
        "ritual archived next year",
        lambda d: d["rituals"][0].update(archived="2027-03-01"),
        "rituals[0].archived: 2027-03-01 is in the future",
    ),
    (
        "pause to the end of time",
        lambda d: d["pauses"][0].update(to="9999-12-31"),
        "pauses[0].to: 9999-12-31 is more than a year ahead (a pause may reach 2027-11-22)",
    ),
    (
        "pause from 1899",
        lambda d: d["pauses"][0].update({"from": "1899-01-01"}),
        "pauses[0].from: 1899-01-01 is before 1900",
    ),
]


def _walk_document() -> dict[str, Any]:
    walk = RitualSpecJSON("Walk")
    return document(
        entries=[entry("one"), entry("two"), entry("today's", "2026-11-21")],
        rituals=[walk],
        checks=[
            {
                "id": str(uuid.uuid4()),
                "ritual_id": walk["id"],
                "date": "2026-11-21",
                "written_at": "2026-11-21T22:00:00+01:00",
            }
        ],
        pauses=[
            {
                "id": str(uuid.uuid4()),
                "ritual_id": walk["id"],
                "from": "2026-12-01",
                "to": "2027-11-22",  # as far ahead as `ritual pause` allows
            }
        ],
    )


@pytest.mark.parametrize(
    ("name", "spoil", "expected"), OUT_OF_RANGE, ids=[n for n, _, _ in OUT_OF_RANGE]
)
def test_dates_the_command_line_refuses_are_refused_naming_the_item(
    cli: Invoke,
    tmp_path: Path,
    rows: Rows,
    frozen: object,
    name: str,
    spoil: Callable[[dict[str, Any]], None],
    expected: str,
) -> None:
    good = _walk_document()
    bad = copy.deepcopy(good)
    spoil(bad)
    result = cli("import", write(tmp_path / "bad.json", bad))
    assert result.exit_code == 1
    assert len(result.err_lines) == 1, result.stderr
    assert expected in result.err_lines[0]
    assert result.err_lines[0].endswith("nothing was imported")
    assert rows("SELECT count(*) FROM entry") == []
    # The same document within the limits (today, a pause a year ahead) comes in whole.
    fine = cli("import", write(tmp_path / "good.json", good))
    assert fine.exit_code == 0, fine.stderr
    assert rows("SELECT count(*) FROM entry") == [(3,)]
    assert rows("SELECT last_day FROM ritual_pause") == [("2027-11-22",)]


def test_an_entry_written_a_time_zone_ahead_still_comes_in(
    cli: Invoke, tmp_path: Path, rows: Rows, frozen: object
) -> None:
    # 23:30 on Saturday in Honolulu is already Sunday morning in Berlin.
    late = entry("from the trip", "2026-11-21", written_at="2026-11-21T23:30:00-10:00")
    result = cli("import", write(tmp_path / "trip.json", document(entries=[late])))
    assert result.exit_code == 0, result.stderr
    assert rows("SELECT day, written_at FROM entry") == [
        ("2026-11-21", "2026-11-21T23:30:00-10:00")
    ]


def test_a_tag_lower_cased_from_a_capital_dotted_i_travels(
    cli: Invoke, tmp_path: Path, rows: Rows
) -> None:
    # Lower-casing 'İ' leaves a combining dot; the journal stores that form and
    # its own export must come back in.
    assert (
        cli("gratitude", "add", "Back in #İstanbul together", "--date", "2026-11-20").exit_code == 0
    )
    [(stored,)] = rows("SELECT tag FROM entry_tag")
    assert stored == "i\u0307stanbul"
    target = tmp_path / "export.json"
    assert cli("export", "--out", str(target)).exit_code == 0
    other = str(tmp_path / "other.db")
    result = cli("--db", other, "import", str(target))
    assert result.exit_code == 0, result.stderr
    found = cli("--db", other, "gratitude", "list", "--tag", "İstanbul", "--json")
    assert [e["text"] for e in json.loads(found.stdout)] == ["Back in #İstanbul together"]


IMPORT_PROBE = """
import sys
from sparklog.cli import main
sys.argv = ["sparklog", *{args!r}]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("LOADED=" + str("sparklog.core.incoming" in sys.modules) + "\\n")
"""


@pytest.mark.parametrize(
    ("args", "loads"),
    [(["--help"], False), (["today"], False), (["import", "--help"], False), (["import"], True)],
    ids=["help", "today", "import-help", "import"],
)
def test_only_an_import_loads_the_document_models(
    tmp_path: Path, args: list[str], loads: bool
) -> None:
    import os
    import subprocess
    import sys

    if loads:
        args = [*args, write(tmp_path / "in.json", document(entries=[entry("one")]))]
    env = dict(os.environ, SPARKLOG_DB=str(tmp_path / "j.db"))
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE.format(args=args)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert f"LOADED={loads}" in result.stderr.splitlines(), result.stderr
