"""Recording and listing appreciations through the CLI."""

from __future__ import annotations

import json
import stat
import uuid
from pathlib import Path

import pytest

from tests.conftest import Invoke


def test_add_then_list_json_shows_the_entry(cli: Invoke, frozen: object) -> None:
    added = cli("gratitude", "add", "You made coffee before I woke up #mornings", "--lang", "acts")
    assert added.exit_code == 0, added.stderr
    listed = cli("gratitude", "list", "--json")
    assert listed.exit_code == 0
    [entry] = json.loads(listed.stdout)
    assert entry["text"] == "You made coffee before I woke up #mornings"
    assert entry["tags"] == ["mornings"]
    assert entry["lang"] == "acts"
    assert entry["kind"] == "gratitude"
    assert entry["date"] == "2026-11-21"
    assert entry["written_at"] == "2026-11-21T21:00:00+01:00"
    assert uuid.UUID(entry["id"]).version == 4
    assert entry["slot"] is None and entry["positive"] is None


def test_tags_from_text_and_option_are_stored_once(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    assert (
        cli("gratitude", "add", "Lovely #Walk and #walk", "--tag", "park", "-t", "#walk").exit_code
        == 0
    )
    assert sorted(t for (t,) in rows("SELECT tag FROM entry_tag")) == ["park", "walk"]
    filtered = json.loads(cli("gratitude", "list", "--tag", "park", "--json").stdout)
    assert len(filtered) == 1
    assert json.loads(cli("gratitude", "list", "--tag", "nothere", "--json").stdout) == []


def test_list_filters_by_date_range(cli: Invoke, frozen: object) -> None:
    cli("gratitude", "add", "old one", "--date", "2026-11-01")
    cli("gratitude", "add", "new one")
    since = json.loads(cli("gratitude", "list", "--since", "3d", "--json").stdout)
    assert [e["text"] for e in since] == ["new one"]
    until = json.loads(cli("gratitude", "list", "--until", "2026-11-10", "--json").stdout)
    assert [e["text"] for e in until] == ["old one"]


def test_plain_list_shows_text_and_empty_message(cli: Invoke) -> None:
    empty = cli("gratitude", "list")
    assert "No appreciations yet" in empty.stdout
    cli("gratitude", "add", "Thanks for the soup")
    shown = cli("gratitude", "list")
    assert "Thanks for the soup" in shown.stdout
    assert "\x1b[" not in shown.stdout


def test_without_text_and_editor_it_prompts(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("gratitude", "add", input="You fixed my bike\n")
    assert result.exit_code == 0, result.stderr
    assert rows("SELECT text FROM entry") == [("You fixed my bike",)]


def test_editor_text_is_saved_and_draft_removed(
    cli: Invoke,
    rows,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    log = tmp_path / "editor.log"
    editor = tmp_path / "fake-editor"
    editor.write_text(
        "#!/bin/sh\n"
        f'stat -c "%a" "$1" > {log}\n'
        f'dirname "$1" >> {log}\n'
        'printf "You listened all evening\\n" > "$1"\n'
    )
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setattr("sparklog.cli.prompting.interactive", lambda: True)
    result = cli("gratitude", "add")
    assert result.exit_code == 0, result.stderr
    assert rows("SELECT text FROM entry") == [("You listened all evening",)]
    mode, folder = log.read_text().split()
    assert mode == "600"
    assert not Path(folder).exists()


def test_private_file_and_folder_modes(cli: Invoke, db_path: Path) -> None:
    assert cli("gratitude", "add", "first words").exit_code == 0
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


def test_list_refuses_a_range_that_ends_before_it_starts(cli: Invoke, frozen: object) -> None:
    cli("gratitude", "add", "kept")
    result = cli("gratitude", "list", "--since", "2026-11-21", "--until", "2026-11-01", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.err_lines == [
        "sparklog: --since 2026-11-21 is after --until 2026-11-01; swap them"
    ]


def test_a_capital_i_tag_is_kept_and_found(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    assert cli("gratitude", "add", "The trip to #İstanbul").exit_code == 0
    assert cli("gratitude", "add", "Planning", "--tag", "İstanbul").exit_code == 0
    [(tag,)] = rows("SELECT DISTINCT tag FROM entry_tag")
    listed = cli("gratitude", "list", "--tag", "#İstanbul", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert [entry["tags"] for entry in json.loads(listed.stdout)] == [[tag], [tag]]


def test_a_filter_that_finds_nothing_does_not_say_the_journal_is_empty(cli: Invoke) -> None:
    cli("gratitude", "add", "Thanks for the soup #food")
    for args in (("--tag", "garden"), ("--until", "2026-01-01")):
        shown = cli("gratitude", "list", *args)
        assert shown.exit_code == 0
        assert shown.stdout.strip() == "No appreciations match."


def test_the_prompt_is_a_plain_question(cli: Invoke) -> None:
    result = cli("gratitude", "add", input="You fixed my bike\n")
    assert result.exit_code == 0, result.stderr
    assert "What do you appreciate about your partner today? " in result.stdout
    assert "?:" not in result.stdout


def test_the_prompt_for_another_day_names_that_day(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("gratitude", "add", "--date", "2026-11-10", input="You fixed my bike\n")
    assert result.exit_code == 0, result.stderr
    assert "What did you appreciate about your partner on Tue 10 Nov 2026? " in result.stdout
    assert rows("SELECT day, text FROM entry") == [("2026-11-10", "You fixed my bike")]
