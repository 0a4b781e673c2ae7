"""`sparklog prompt --answer`: an answer to the day's question, kept as a reflection."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sparklog.core.exchange import md_text
from sparklog.core.prompts import PromptKind, prompt_for
from sparklog.core.text import MAX_TEXT
from tests.conftest import Invoke

Rows = Callable[..., list[tuple[Any, ...]]]

DAY = date(2026, 11, 21)  # the frozen clock's journal day
TODAY = prompt_for(DAY)
TODAY_CHECKIN = prompt_for(DAY, PromptKind.CHECKIN)


def _reflections(rows: Rows) -> list[tuple[Any, ...]]:
    return rows("SELECT day, text, prompt_id, prompt FROM entry WHERE kind = 'reflection'")


def test_an_answer_given_as_text_keeps_the_day_question(cli: Invoke, rows: Rows) -> None:
    result = cli("prompt", "--answer", "The way you handled the landlord")
    assert result.exit_code == 0, result.stderr
    assert _reflections(rows) == [
        ("2026-11-21", "The way you handled the landlord", TODAY.id, TODAY.text)
    ]
    lines = result.stdout.splitlines()
    assert lines == ["Saved your answer for Sat 21 Nov 2026.", f"  asked: {TODAY.text}"]


def test_kind_answers_the_question_of_that_kind(cli: Invoke, rows: Rows) -> None:
    assert TODAY_CHECKIN.id != TODAY.id, "the test needs two different questions"
    shown = cli("prompt", "--kind", "checkin").stdout.splitlines()[0]
    result = cli("prompt", "--kind", "checkin", "--answer", "Less screen time at night")
    assert result.exit_code == 0, result.stderr
    [(_, _, prompt_id, prompt)] = _reflections(rows)
    assert (prompt_id, prompt) == (TODAY_CHECKIN.id, TODAY_CHECKIN.text)
    assert prompt == shown, "the answer belongs to the question `prompt --kind` shows"


def test_no_text_shows_the_question_and_asks_for_the_answer(cli: Invoke, rows: Rows) -> None:
    result = cli("prompt", "--answer", input="More time outside together\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == TODAY.text
    assert "Your answer: " in result.stdout
    assert _reflections(rows) == [
        ("2026-11-21", "More time outside together", TODAY.id, TODAY.text)
    ]


def test_no_text_opens_the_editor_at_a_terminal(
    cli: Invoke, rows: Rows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\nprintf "Our Sunday walks\\nand the coffee after\\n" > "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setattr("sparklog.cli.prompting.interactive", lambda: True)
    result = cli("prompt", "--answer")
    assert result.exit_code == 0, result.stderr
    assert [row[1] for row in _reflections(rows)] == ["Our Sunday walks\nand the coffee after"]


def test_a_closed_stdin_without_text_is_one_line_and_saves_nothing(
    cli: Invoke, rows: Rows, db_path: Path
) -> None:
    result = cli("prompt", "--answer", input="")
    assert result.exit_code == 2
    assert result.err_lines == [
        "sparklog: no answer was given (standard input closed); pass it on the command line:"
        ' sparklog prompt --answer "…" (nothing was saved)'
    ]
    assert not db_path.exists(), "no journal is made for an answer never given"


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "sparklog: the answer is empty; write a few words"),
        ("   \t ", "sparklog: the answer is empty; write a few words"),
        ("x" * (MAX_TEXT + 1), f"the limit is {MAX_TEXT}"),
        ("bell\x07", "control character"),
    ],
    ids=["empty", "blank", "too-long", "control"],
)
def test_bad_text_is_refused_and_nothing_is_stored(
    cli: Invoke, rows: Rows, typed: str, problem: str
) -> None:
    assert cli("gratitude", "add", "already here").exit_code == 0
    result = cli("prompt", "--answer", typed)
    assert result.exit_code == 2
    assert len(result.err_lines) == 1 and problem in result.err_lines[0]
    assert _reflections(rows) == []


def test_text_without_answer_is_refused(cli: Invoke, db_path: Path) -> None:
    result = cli("prompt", "Long walks")
    assert result.exit_code == 2
    assert result.err_lines == [
        "sparklog: 'Long walks' looks like an answer; to keep it, add --answer:"
        ' sparklog prompt --answer "…"'
    ]
    assert not db_path.exists()


def test_the_json_entry_carries_the_question(cli: Invoke) -> None:
    cli("prompt", "--answer", "Cooking together #kitchen")
    [entry] = json.loads(cli("log", "--json").stdout)
    assert set(entry) == {
        "id", "kind", "date", "written_at", "edited_at", "text", "tags", "lang",
        "slot", "positive", "horseman", "reframe", "prompt_id", "prompt",
    }  # fmt: skip
    assert entry["kind"] == "reflection"
    assert (entry["prompt_id"], entry["prompt"]) == (TODAY.id, TODAY.text)
    assert entry["tags"] == ["kitchen"]
    assert entry["date"] == "2026-11-21" and entry["edited_at"] is None
    uuid.UUID(entry["id"])
    # Other kinds' entries do not gain the new keys (an older sparklog still imports them).
    cli("gratitude", "add", "the soup")
    gratitude = next(e for e in json.loads(cli("log", "--json").stdout) if e["kind"] == "gratitude")
    assert "prompt" not in gratitude and "prompt_id" not in gratitude


def test_log_kind_and_search_find_reflections(cli: Invoke) -> None:
    cli("gratitude", "add", "You carried the shopping")
    cli("prompt", "--answer", "Planning the trip to the coast")
    only = json.loads(cli("log", "--kind", "reflection", "--json").stdout)
    assert [item["text"] for item in only] == ["Planning the trip to the coast"]
    found = json.loads(cli("log", "--search", "coast", "--json").stdout)
    assert [item["kind"] for item in found] == ["reflection"]
    shown = cli("log", "--kind", "reflection").stdout
    assert "Planning the trip to the coast" in shown and f"asked: {TODAY.text}" in shown


def test_today_and_week_count_reflections(cli: Invoke) -> None:
    cli("prompt", "--answer", "Saturday breakfasts")
    cli("prompt", "--kind", "memory", "--answer", "The first trip, when the train broke down")
    today = json.loads(cli("today", "--json").stdout)
    assert [entry["kind"] for entry in today["entries"]] == ["reflection", "reflection"]
    assert "Saturday breakfasts" in cli("today").stdout
    week = json.loads(cli("week", "--json").stdout)
    by_day = {day["date"]: day["reflection"] for day in week["days"]}
    assert by_day["2026-11-21"] == 2 and sum(by_day.values()) == 2
    grid = cli("week").stdout
    [row] = [line for line in grid.splitlines() if line.startswith("Reflections")]
    assert row.split()[-1] == "2"
    assert week["entries"] == [] or all(e["kind"] != "reflection" for e in week["entries"]), (
        "the week's list holds appreciations only"
    )


def test_exports_and_import_carry_the_question(cli: Invoke, tmp_path: Path) -> None:
    cli("prompt", "--answer", "The long talk on the balcony")
    out = tmp_path / "journal.json"
    assert cli("export", "--out", str(out)).exit_code == 0
    [exported] = json.loads(out.read_text())["entries"]
    assert (exported["prompt_id"], exported["prompt"]) == (TODAY.id, TODAY.text)

    table = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout)))
    assert [(row["kind"], row["prompt_id"], row["prompt"]) for row in table] == [
        ("reflection", TODAY.id, TODAY.text)
    ]
    markdown = cli("export", "--format", "markdown").stdout
    assert "- The long talk on the balcony" in markdown
    assert f"_Asked:_ {md_text(TODAY.text)}" in markdown

    other = tmp_path / "other" / "sparklog.db"
    assert cli("--db", str(other), "import", str(out)).exit_code == 0
    [again] = json.loads(cli("--db", str(other), "log", "--kind", "reflection", "--json").stdout)
    assert again == json.loads(cli("log", "--json").stdout)[0]


def test_an_imported_reflection_needs_its_question(cli: Invoke, tmp_path: Path, rows: Rows) -> None:
    entry = {
        "id": str(uuid.uuid4()),
        "kind": "reflection",
        "date": "2026-11-20",
        "written_at": "2026-11-20T21:00:00+01:00",
        "text": "More walks",
        "tags": [],
        "lang": None,
        "prompt_id": "checkin-05",
    }
    document = tmp_path / "doc.json"
    document.write_text(json.dumps({"format": "sparklog", "version": 1, "entries": [entry]}))
    result = cli("import", str(document))
    assert result.exit_code == 1
    assert len(result.err_lines) == 1 and "entries[0].prompt" in result.err_lines[0]
    assert _reflections(rows) == []


def test_an_answer_is_edited_and_deleted_like_any_entry(cli: Invoke, rows: Rows) -> None:
    assert cli("prompt", "--answer", "More walks").exit_code == 0
    edited = cli("edit", "--last", "--text", "More walks, and earlier nights")
    assert edited.exit_code == 0, edited.stderr
    assert _reflections(rows) == [
        ("2026-11-21", "More walks, and earlier nights", TODAY.id, TODAY.text)
    ], "the question stays with the corrected answer"
    deleted = cli("delete", "--last", "--yes")
    assert deleted.exit_code == 0, deleted.stderr
    assert _reflections(rows) == []
