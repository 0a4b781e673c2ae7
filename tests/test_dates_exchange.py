"""Important dates leave with the JSON export and come back with import."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke

Rows = Callable[..., list[tuple[Any, ...]]]
STORED = "SELECT id, name, day, yearly, together FROM important_date ORDER BY name_key"
DATE_ID = "5f12214e-6fc3-4d3c-b96c-9531cfa8ee56"


def doc(*dates: dict[str, Any]) -> dict[str, Any]:
    return {"format": "sparklog", "version": 1, "entries": [], "dates": list(dates)}


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data))
    return path


def a_date(**fields: Any) -> dict[str, Any]:
    return {
        "id": DATE_ID,
        "name": "First date",
        "date": "2019-06-14",
        "yearly": True,
        "together": True,
        **fields,
    }


def test_dates_round_trip_and_a_second_import_adds_nothing(
    cli: Invoke, rows: Rows, tmp_path: Path
) -> None:
    cli("dates", "add", "First date", "2019-06-14", "--together")
    cli("dates", "add", "Lisbon trip", "2026-12-04", "--once")
    exported = cli("export")
    data = json.loads(exported.stdout)
    assert [(d["name"], d["date"], d["yearly"], d["together"]) for d in data["dates"]] == [
        ("First date", "2019-06-14", True, True),
        ("Lisbon trip", "2026-12-04", False, False),
    ]
    stored = rows(STORED)
    other = str(tmp_path / "other.db")
    file = write(tmp_path / "export.json", data)
    first = cli("--db", other, "import", str(file))
    assert first.exit_code == 0 and "dates" in first.stdout and "2 added" in first.stdout
    again = cli("--db", other, "export")
    assert json.loads(again.stdout)["dates"] == data["dates"]
    second = cli("--db", other, "import", str(file))
    assert second.exit_code == 0 and "Nothing new" in second.stdout
    assert rows(STORED) == stored


def test_an_export_without_dates_imports_and_says_nothing_of_them(
    cli: Invoke, rows: Rows, tmp_path: Path
) -> None:
    file = write(tmp_path / "old.json", {"format": "sparklog", "version": 1, "entries": []})
    result = cli("import", str(file))
    assert result.exit_code == 0, result.stderr
    assert not [line for line in result.stdout.splitlines() if line.strip().startswith("dates")]
    assert rows(STORED) == []


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (a_date(date="2019-02-30"), "dates[0].date"),
        (a_date(date="1850-01-01"), "before 1900"),
        (a_date(date="2026-11-22"), "the together date is the day it began"),
        (a_date(name="  "), "dates[0].name"),
        (a_date(name="x" * 200), "the limit is"),
        (a_date(id="not-a-uuid"), "is not a UUID"),
        (a_date(yearly="yes"), "dates[0].yearly"),
        (a_date(colour="red"), "dates[0].colour"),
    ],
)
def test_a_bad_date_imports_nothing(
    cli: Invoke, rows: Rows, tmp_path: Path, item: dict[str, Any], message: str
) -> None:
    data = doc(item)
    data["entries"] = [
        {
            "id": "0b7d1c3e-9f1a-4c5e-8a2b-1d3e5f7a9b0c",
            "kind": "gratitude",
            "date": "2026-11-20",
            "written_at": "2026-11-20T21:00:00+01:00",
            "text": "kept back with the bad date",
            "tags": [],
            "lang": None,
        }
    ]
    result = cli("import", str(write(tmp_path / "bad.json", data)))
    assert result.exit_code == 1
    assert len(result.err_lines) == 1 and message in result.stderr, result.stderr
    assert rows("SELECT count(*) FROM entry") in ([], [(0,)])
    assert rows(STORED) == []


def test_two_together_dates_or_two_names_in_one_file_are_refused(
    cli: Invoke, tmp_path: Path
) -> None:
    second = a_date(id="734fc925-cb94-47a3-b670-9f231daad6fa", name="Moved in")
    twice = cli("import", str(write(tmp_path / "a.json", doc(a_date(), second))))
    assert twice.exit_code == 1 and "dates[1].together" in twice.stderr
    same = a_date(id="734fc925-cb94-47a3-b670-9f231daad6fa", name="FIRST DATE", together=False)
    named = cli("import", str(write(tmp_path / "b.json", doc(a_date(), same))))
    assert named.exit_code == 1 and "dates[1].name" in named.stderr


def test_a_together_date_beside_the_journals_own_is_refused_whole(
    cli: Invoke, rows: Rows, tmp_path: Path
) -> None:
    cli("dates", "add", "Our day", "2018-05-01", "--together")
    before = rows(STORED)
    extra = a_date(id="734fc925-cb94-47a3-b670-9f231daad6fa", name="Trip", together=False)
    result = cli("import", str(write(tmp_path / "c.json", doc(extra, a_date()))))
    assert result.exit_code == 1
    assert result.err_lines == [
        "sparklog: the file's together date 'First date' would be a second one beside your"
        " 'Our day'; remove one (sparklog dates remove NAME); nothing was imported"
    ]
    assert rows(STORED) == before


def test_a_date_kept_under_the_same_name_is_present_not_doubled(
    cli: Invoke, rows: Rows, tmp_path: Path
) -> None:
    cli("dates", "add", "first date", "2019-06-14")
    result = cli("import", str(write(tmp_path / "d.json", doc(a_date()))))
    assert result.exit_code == 0 and "1 already present" in result.stdout
    assert [row[1] for row in rows(STORED)] == ["first date"]
