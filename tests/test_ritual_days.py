"""Skipping a ritual's day, taking it back, unpausing, unarchiving and merged pauses,
through the CLI and the stored data. The clock is Sat 2026-11-21 21:00."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke

Rows = Callable[..., list[tuple[Any, ...]]]


def _ok(run: Any) -> Any:
    assert run.exit_code == 0, run.stderr
    return run


def _marks(rows: Rows) -> list[tuple[str, str, str]]:
    return sorted(
        rows("SELECT r.name, m.day, m.mark FROM ritual_mark m JOIN ritual r ON r.id = m.ritual_id")
    )


def _pauses(rows: Rows) -> list[tuple[str, str]]:
    return sorted(rows("SELECT first_day, last_day FROM ritual_pause"))


def _listed(cli: Invoke, name: str) -> dict[str, Any]:
    found = json.loads(_ok(cli("ritual", "list", "--json", "--all")).stdout)
    [ritual] = [r for r in found if r["name"] == name]
    return ritual  # type: ignore[no-any-return]


# --- skip and undo ----------------------------------------------------------------


@pytest.mark.usefixtures("frozen")
def test_a_skipped_day_neither_counts_nor_breaks(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "done", "walk", "--date", "2026-11-19"))
    _ok(cli("ritual", "done", "walk"))
    broken = _listed(cli, "Walk")["streak"]
    assert broken["current"] == 1  # Fri 20 Nov was missed
    skipped = _ok(cli("ritual", "skip", "walk", "--date", "2026-11-20"))
    assert skipped.stdout.strip() == (
        "Skipped Walk for Fri 20 Nov 2026 (neither counts nor breaks). Streak: 2 days."
    )
    assert _marks(rows) == [("Walk", "2026-11-20", "skip")]
    assert _listed(cli, "Walk")["streak"] == {
        "current": 2,
        "best": 2,
        "unit": "day",
        "at_risk": False,
    }


@pytest.mark.usefixtures("frozen")
def test_skipping_today_makes_it_not_due_and_shows_where_check_offs_show(
    cli: Invoke, rows: Rows
) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "add", "Tea"))
    _ok(cli("ritual", "done", "tea"))
    _ok(cli("ritual", "skip", "walk"))
    today = json.loads(_ok(cli("today", "--json")).stdout)
    assert today["rituals_due"] == []
    assert today["rituals_done"] == ["Tea"]
    assert today["rituals_skipped"] == ["Walk"]
    listed = _listed(cli, "Walk")
    assert (listed["due_today"], listed["skipped_today"], listed["done_today"]) == (
        False,
        True,
        False,
    )
    assert "skipped today" in _ok(cli("ritual", "list")).stdout
    shown = _ok(cli("today")).stdout
    assert "Walk  skipped today" in shown, shown
    assert "Walk  still open" not in shown
    log = json.loads(_ok(cli("log", "--json")).stdout)
    marked = [item for item in log if item["kind"] in ("check", "skip")]
    assert sorted(marked, key=lambda item: item["ritual"]) == [
        {"kind": "check", "date": "2026-11-21", "ritual": "Tea"},
        {"kind": "skip", "date": "2026-11-21", "ritual": "Walk"},
    ]
    text = _ok(cli("log")).stdout
    assert "Walk  skipped" in text
    assert "Tea  kept" in text
    checks_only = json.loads(_ok(cli("log", "--json", "--kind", "check")).stdout)
    assert {item["kind"] for item in checks_only} == {"check", "skip"}


@pytest.mark.usefixtures("frozen")
def test_a_kept_day_cannot_be_skipped_and_nothing_changes(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "done", "walk"))
    kept = _ok(cli("ritual", "skip", "walk"))
    assert kept.stdout.splitlines()[0].startswith("Walk was kept on Sat 21 Nov 2026")
    assert "nothing changed" in kept.stdout
    assert _marks(rows) == []
    again = _ok(cli("ritual", "skip", "walk", "--date", "yesterday"))
    assert "Skipped Walk" in again.stdout
    twice = _ok(cli("ritual", "skip", "walk", "--date", "yesterday"))
    assert twice.stdout.strip() == "Walk was already skipped for Fri 20 Nov 2026; nothing changed."
    assert _marks(rows) == [("Walk", "2026-11-20", "skip")]


@pytest.mark.usefixtures("frozen")
def test_checking_off_a_skipped_day_clears_the_skip(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "skip", "walk"))
    _ok(cli("ritual", "done", "walk"))
    assert _marks(rows) == []
    assert json.loads(_ok(cli("today", "--json")).stdout)["rituals_done"] == ["Walk"]


@pytest.mark.usefixtures("frozen")
def test_a_day_not_due_or_paused_is_not_skipped(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Walk", "--on", "mon,thu"))
    refused = cli("ritual", "skip", "walk")  # a Saturday
    assert refused.exit_code == 1
    assert refused.err_lines == [
        "sparklog: 'Walk' is not due on Sat 21 Nov 2026 (Mon Thu); there is nothing to skip"
    ]
    _ok(cli("ritual", "add", "Tea"))
    _ok(cli("ritual", "pause", "tea", "--to", "tomorrow"))
    paused = _ok(cli("ritual", "skip", "tea"))
    assert (
        paused.stdout.strip()
        == "Tea is paused on Sat 21 Nov 2026; nothing to skip, nothing changed."
    )
    assert _marks(rows) == []


@pytest.mark.usefixtures("frozen")
def test_undo_takes_back_a_skip_then_says_there_is_nothing(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "skip", "walk", "--date", "yesterday"))
    undone = _ok(cli("ritual", "undo", "walk", "--date", "yesterday"))
    assert undone.stdout.strip() == "Took back the skip of Walk for Fri 20 Nov 2026."
    assert _marks(rows) == []
    nothing = cli("ritual", "undo", "walk", "--date", "yesterday")
    assert nothing.exit_code == 1
    assert nothing.err_lines == [
        "sparklog: 'Walk' was neither checked off nor skipped for Fri 20 Nov 2026;"
        " there is nothing to undo"
    ]


# --- pauses -------------------------------------------------------------------------


@pytest.mark.usefixtures("frozen")
def test_an_overlapping_pause_is_merged_and_says_so(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "pause", "walk", "--from", "2026-12-04", "--to", "2026-12-10"))
    merged = _ok(cli("ritual", "pause", "walk", "--from", "2026-12-08", "--to", "2026-12-12"))
    assert merged.stdout.splitlines()[0].rstrip() == (
        "Merged with the pause Fri 04 Dec 2026 to Thu 10 Dec 2026: Walk is now paused"
    )
    assert _pauses(rows) == [("2026-12-04", "2026-12-12")]
    inside = _ok(cli("ritual", "pause", "walk", "--from", "2026-12-05", "--to", "2026-12-06"))
    assert inside.stdout == (
        "Walk is already paused from Fri 04 Dec 2026 to Sat 12 Dec 2026; nothing changed.\n"
    )
    _ok(cli("ritual", "pause", "walk", "--from", "2026-12-20", "--to", "2026-12-24"))
    bridged = _ok(cli("ritual", "pause", "walk", "--from", "2026-12-13", "--to", "2026-12-19"))
    assert "Merged with the pauses" in bridged.stdout
    assert _pauses(rows) == [("2026-12-04", "2026-12-24")]


@pytest.mark.usefixtures("frozen")
def test_list_shows_the_pause_under_way_and_the_planned_ones(cli: Invoke) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "pause", "walk", "--from", "2026-11-01", "--to", "2026-11-03"))  # over
    _ok(cli("ritual", "pause", "walk", "--from", "2026-11-20", "--to", "2026-11-29"))
    _ok(cli("ritual", "pause", "walk", "--from", "2026-12-04", "--to", "2026-12-10"))
    assert _listed(cli, "Walk")["pauses"] == [
        {"from": "2026-11-20", "to": "2026-11-29"},
        {"from": "2026-12-04", "to": "2026-12-10"},
    ]
    text = _ok(cli("ritual", "list")).stdout
    assert "Walk: paused until Sun 29 Nov; pause 4-10 Dec" in text


@pytest.mark.usefixtures("frozen")
def test_unpause_cuts_the_current_pause_short_then_cancels_the_next(
    cli: Invoke, rows: Rows
) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "done", "walk", "--date", "2026-11-19"))
    _ok(cli("ritual", "pause", "walk", "--from", "2026-11-20", "--to", "2026-11-29"))
    _ok(cli("ritual", "pause", "walk", "--from", "2026-12-04", "--to", "2026-12-10"))
    first = _ok(cli("ritual", "unpause", "walk"))
    assert " ".join(first.stdout.split()) == (
        "Ended the pause of Walk (Fri 20 Nov 2026 to Sun 29 Nov 2026) early: it now ends"
        " Fri 20 Nov 2026, and Walk is due again from today."
    )
    assert _pauses(rows) == [("2026-11-20", "2026-11-20"), ("2026-12-04", "2026-12-10")]
    status = _listed(cli, "Walk")
    assert status["due_today"] is True
    assert status["streak"]["current"] == 1  # the paused Friday still excused
    second = _ok(cli("ritual", "unpause", "walk"))
    assert second.stdout.strip() == (
        "Cancelled the planned pause of Walk (Fri 04 Dec 2026 to Thu 10 Dec 2026)."
    )
    assert _pauses(rows) == [("2026-11-20", "2026-11-20")]
    none = cli("ritual", "unpause", "walk")
    assert none.exit_code == 1
    assert none.err_lines == ["sparklog: 'Walk' has no pause under way or planned; nothing changed"]


@pytest.mark.usefixtures("frozen")
def test_unpause_removes_a_pause_that_starts_today(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "pause", "walk", "--to", "2026-11-25"))
    done = _ok(cli("ritual", "unpause", "walk"))
    assert "Cancelled the pause of Walk (Sat 21 Nov 2026 to Wed 25 Nov 2026)" in done.stdout
    assert _pauses(rows) == []


# --- unarchive ------------------------------------------------------------------------


def test_unarchive_brings_a_ritual_back_and_pauses_the_days_away(
    cli: Invoke, rows: Rows, frozen: Any
) -> None:
    frozen.move_to("2026-11-15T21:00:00+01:00")
    _ok(cli("ritual", "add", "Walk"))
    frozen.move_to("2026-11-18T21:00:00+01:00")
    for day in ("2026-11-15", "2026-11-16", "2026-11-17"):
        _ok(cli("ritual", "done", "walk", "--date", day))
    _ok(cli("ritual", "archive", "walk"))
    frozen.move_to("2026-11-21T21:00:00+01:00")
    assert cli("ritual", "done", "walk").exit_code == 1  # archived: no changes but this one
    back = _ok(cli("ritual", "unarchive", "walk"))
    assert "Brought back Walk, with its history." in back.stdout
    assert rows("SELECT archived FROM ritual") == [(None,)]
    assert _pauses(rows) == [("2026-11-18", "2026-11-20")]
    status = _listed(cli, "Walk")
    assert status["archived"] is None
    assert status["streak"] == {"current": 3, "best": 3, "unit": "day", "at_risk": True}
    again = cli("ritual", "unarchive", "walk")
    assert again.exit_code == 1
    assert again.err_lines == ["sparklog: 'Walk' is not archived; nothing changed"]


@pytest.mark.usefixtures("frozen")
def test_unarchive_on_the_day_of_archiving_adds_no_pause(cli: Invoke, rows: Rows) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "archive", "walk"))
    _ok(cli("ritual", "unarchive", "wa"))  # an archived ritual is found by its prefix too
    assert _pauses(rows) == []
    assert json.loads(_ok(cli("today", "--json")).stdout)["rituals_due"] == ["Walk"]


# --- export and import ------------------------------------------------------------------


@pytest.mark.usefixtures("frozen")
def test_export_and_import_carry_the_marks(cli: Invoke, rows: Rows, tmp_path: Path) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "add", "Tea"))
    _ok(cli("ritual", "skip", "walk", "--date", "yesterday"))
    _ok(cli("evening", input="\nn\n\n\n"))  # no three things; Tea: no; Walk: later; no note
    assert _marks(rows) == [("Tea", "2026-11-21", "no"), ("Walk", "2026-11-20", "skip")]
    out = tmp_path / "all.json"
    _ok(cli("export", "--out", str(out)))
    data = json.loads(out.read_text())
    assert data["version"] >= 1
    assert [set(mark) for mark in data["marks"]] == [
        {"id", "ritual_id", "date", "mark", "written_at"}
    ] * 2
    assert sorted((m["date"], m["mark"]) for m in data["marks"]) == [
        ("2026-11-20", "skip"),
        ("2026-11-21", "no"),
    ]
    other = tmp_path / "other.db"
    env = {"SPARKLOG_DB": str(other)}
    imported = _ok(cli("import", str(out), env=env))
    assert "day marks  2 added" in imported.stdout
    twice = _ok(cli("import", str(out), env=env))
    assert "day marks  0 added, 2 already present" in twice.stdout
    again = tmp_path / "again.json"
    _ok(cli("export", "--out", str(again), env=env))
    assert json.loads(again.read_text())["marks"] == data["marks"]
    today = json.loads(_ok(cli("today", "--json", env=env)).stdout)
    assert today["rituals_due"] == ["Tea", "Walk"]  # a "no" is still open, only not asked


@pytest.mark.usefixtures("frozen")
def test_an_export_without_marks_still_imports(cli: Invoke, tmp_path: Path) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "done", "walk"))
    out = tmp_path / "old.json"
    _ok(cli("export", "--out", str(out)))
    data = json.loads(out.read_text())
    del data["marks"]
    out.write_text(json.dumps(data))
    imported = _ok(cli("import", str(out), env={"SPARKLOG_DB": str(tmp_path / "n.db")}))
    assert "check-offs 1 added" in imported.stdout
    assert "day marks" not in imported.stdout


@pytest.mark.usefixtures("frozen")
def test_a_mark_of_a_ritual_not_in_the_file_is_refused(cli: Invoke, tmp_path: Path) -> None:
    _ok(cli("ritual", "add", "Walk"))
    _ok(cli("ritual", "skip", "walk"))
    out = tmp_path / "bad.json"
    _ok(cli("export", "--out", str(out)))
    data = json.loads(out.read_text())
    data["marks"][0]["ritual_id"] = "00000000-0000-4000-8000-000000000000"
    out.write_text(json.dumps(data))
    refused = cli("import", str(out), env={"SPARKLOG_DB": str(tmp_path / "n.db")})
    assert refused.exit_code == 1
    assert "marks[0].ritual_id" in refused.stderr
