"""`sparklog edit`: an entry corrected in place, by short id or --last, through the CLI."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests.conftest import Invoke
from tests.test_import import document, entry, write

Rows = Callable[..., list[tuple[Any, ...]]]

TWINS = ("aaaa1111-0000-4000-8000-000000000001", "aaaa2222-0000-4000-8000-000000000002")
LONER = "bbbb0000-0000-4000-8000-000000000003"


def _only_entry(cli: Invoke) -> dict[str, Any]:
    [found] = [item for item in json.loads(cli("log", "--json").stdout) if item["kind"] != "check"]
    return found


@pytest.fixture
def known_ids(cli: Invoke, tmp_path: Path) -> None:
    """Three entries with chosen ids: two share their first four characters."""
    items = [
        entry("the morning tea you brought", id=TWINS[0]),
        entry("the long walk by the river", id=TWINS[1]),
        entry("your laugh at dinner", id=LONER),
    ]
    imported = cli("import", write(tmp_path / "ids.json", document(entries=items)))
    assert imported.exit_code == 0, imported.stderr


def test_edit_by_prefix_keeps_id_and_day_and_marks_it_edited(
    cli: Invoke, rows: Rows, frozen: time_machine.Traveller
) -> None:
    assert (
        cli("gratitude", "add", "You fixd my bike #repairs", "--date", "yesterday").exit_code == 0
    )
    before = _only_entry(cli)
    frozen.move_to("2026-11-21T22:15:00+01:00")
    edited = cli("edit", before["id"][:6], "--text", "You fixed my bike #bikes")
    assert edited.exit_code == 0, edited.stderr
    assert "Corrected" in edited.stdout
    after = _only_entry(cli)
    assert after["id"] == before["id"]
    assert after["date"] == before["date"] == "2026-11-20"
    assert after["written_at"] == before["written_at"]
    assert after["text"] == "You fixed my bike #bikes"
    assert after["tags"] == ["bikes"]  # derived again from the new text
    assert before["edited_at"] is None
    assert after["edited_at"] == "2026-11-21T22:15:00+01:00"
    assert rows("SELECT edited_at FROM entry") == [("2026-11-21T22:15:00+01:00",)]
    assert rows("SELECT tag FROM entry_tag") == [("bikes",)]
    assert "edited" in cli("log").stdout
    assert "edited" in cli("gratitude", "list").stdout
    # Search follows the new words, not the old ones.
    assert json.loads(cli("log", "--search", "fixd", "--json").stdout) == []
    assert len(json.loads(cli("log", "--search", "fixed", "--json").stdout)) == 1


def test_tags_given_apart_from_the_text_stay_and_more_can_be_added(cli: Invoke) -> None:
    assert (
        cli("gratitude", "add", "the soup #dinner", "--tag", "winter", "-l", "acts").exit_code == 0
    )
    short = _only_entry(cli)["id"][:4]
    assert cli("edit", short, "--text", "the warm soup", "--tag", "#Kitchen").exit_code == 0
    after = _only_entry(cli)
    assert after["tags"] == ["kitchen", "winter"]
    assert after["lang"] == "acts"
    assert cli("edit", short, "--lang", "gifts").exit_code == 0
    assert _only_entry(cli)["lang"] == "gifts"
    assert _only_entry(cli)["text"] == "the warm soup"


def test_edit_last_takes_the_entry_written_last_whatever_its_day(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    assert cli("gratitude", "add", "written first, for today").exit_code == 0
    frozen.move_to("2026-11-21T21:05:00+01:00")
    assert cli("gratitude", "add", "written last, for Monday", "--date", "monday").exit_code == 0
    assert cli("edit", "--last", "--text", "written last, corrected").exit_code == 0
    texts = {item["text"] for item in json.loads(cli("log", "--json").stdout)}
    assert texts == {"written first, for today", "written last, corrected"}


def test_a_three_things_item_keeps_its_slot_and_an_observation_its_sign(
    cli: Invoke, rows: Rows
) -> None:
    assert cli("three", "one", "two", "three").exit_code == 0
    assert (
        cli("observe", "snapped", "-n", "--horseman", "criticism", "--reframe", "tired").exit_code
        == 0
    )
    [(second,)] = rows("SELECT id FROM entry WHERE slot = 2")
    [(seen,)] = rows("SELECT id FROM entry WHERE kind = 'observation'")
    assert cli("edit", second[:8], "--text", "two, better").exit_code == 0
    assert cli("edit", seen[:8], "--text", "snapped at me").exit_code == 0
    assert rows("SELECT kind, slot, text FROM entry WHERE id = ?", second) == [
        ("three", 2, "two, better")
    ]
    assert rows("SELECT positive, horseman, reframe, text FROM entry WHERE id = ?", seen) == [
        (0, "criticism", "tired", "snapped at me")
    ]


def test_the_editor_opens_on_the_current_text(
    cli: Invoke, rows: Rows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("gratitude", "add", "You listend all evening").exit_code == 0
    seen = tmp_path / "seen.txt"
    editor = tmp_path / "fake-editor"
    editor.write_text(f'#!/bin/sh\ncp "$1" {seen}\nsed -i "s/listend/listened/" "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setattr("sparklog.cli.prompting.interactive", lambda: True)
    result = cli("edit", "--last")
    assert result.exit_code == 0, result.stderr
    assert seen.read_text().strip() == "You listend all evening"
    assert rows("SELECT text, edited_at IS NOT NULL FROM entry") == [
        ("You listened all evening", 1)
    ]


def test_an_editor_that_changes_nothing_saves_nothing(
    cli: Invoke, rows: Rows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("gratitude", "add", "just right").exit_code == 0
    editor = tmp_path / "fake-editor"
    editor.write_text("#!/bin/sh\nexit 0\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setattr("sparklog.cli.prompting.interactive", lambda: True)
    result = cli("edit", "--last")
    assert result.exit_code == 0, result.stderr
    assert "Nothing changed" in result.stdout
    assert rows("SELECT text, edited_at FROM entry") == [("just right", None)]
    # The same text given with --text is no change either.
    assert "Nothing changed" in cli("edit", "--last", "--text", " just right ").stdout
    assert rows("SELECT edited_at FROM entry") == [(None,)]


def test_an_editor_emptied_saves_nothing_and_says_how_to_delete(
    cli: Invoke, rows: Rows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("gratitude", "add", "keep me").exit_code == 0
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\n: > "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setattr("sparklog.cli.prompting.interactive", lambda: True)
    result = cli("edit", "--last")
    assert result.exit_code == 2
    assert len(result.err_lines) == 1 and "sparklog delete" in result.stderr
    assert rows("SELECT text, edited_at FROM entry") == [("keep me", None)]


def test_without_a_terminal_edit_needs_the_text(cli: Invoke, rows: Rows) -> None:
    assert cli("gratitude", "add", "as it was").exit_code == 0
    result = cli("edit", "--last")
    assert result.exit_code == 2
    assert result.err_lines == [
        "sparklog: give the new text with --text (there is no terminal for an editor)"
    ]
    assert rows("SELECT text FROM entry") == [("as it was",)]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("   ", "is empty"),
        ("x" * 2001, "the limit is 2000"),
        ("bell\x07", "control character"),
        ("flip\u202e", "control character"),
    ],
    ids=["empty", "too-long", "control", "bidi"],
)
def test_the_text_rules_of_add_hold_for_edit(
    cli: Invoke, rows: Rows, text: str, problem: str
) -> None:
    assert cli("gratitude", "add", "the original").exit_code == 0
    result = cli("edit", "--last", "--text", text)
    assert result.exit_code == 2
    assert len(result.err_lines) == 1 and problem in result.stderr
    assert rows("SELECT text, edited_at FROM entry") == [("the original", None)]


@pytest.mark.usefixtures("known_ids")
def test_log_and_gratitude_list_show_short_ids_that_edit_accepts(cli: Invoke) -> None:
    for args in (["log"], ["gratitude", "list"]):
        shown = cli(*args).stdout
        kind = r"(\[gratitude\] )?"
        assert re.search(rf"^  aaaa1 \* {kind}the morning tea", shown, flags=re.M), shown
        assert re.search(rf"^  aaaa2 \* {kind}the long walk", shown, flags=re.M), shown
        assert re.search(rf"^  bbbb  \* {kind}your laugh", shown, flags=re.M), shown
    assert cli("edit", "aaaa2", "--text", "the long walk by the sea").exit_code == 0
    assert cli("edit", "BBBB", "--text", "your laugh at breakfast").exit_code == 0
    texts = {item["id"]: item["text"] for item in json.loads(cli("log", "--json").stdout)}
    assert texts[TWINS[1]] == "the long walk by the sea"
    assert texts[LONER] == "your laugh at breakfast"
    assert texts[TWINS[0]] == "the morning tea you brought"


@pytest.mark.usefixtures("known_ids")
def test_an_ambiguous_prefix_lists_the_candidates(cli: Invoke, rows: Rows) -> None:
    result = cli("edit", "aaaa", "--text", "which one?")
    assert result.exit_code == 2
    assert result.err_lines == [
        "sparklog: 'aaaa' could mean aaaa1 (the morning tea you brought),"
        " aaaa2 (the long walk by the river); type more of the id"
    ]
    assert rows("SELECT count(*) FROM entry WHERE edited_at IS NOT NULL") == [(0,)]


@pytest.mark.usefixtures("known_ids")
@pytest.mark.parametrize(
    ("ref", "code", "problem"),
    [
        ("cccc", 1, "no entry with an id starting 'cccc'"),
        ("aaa", 2, "too short to name an entry"),
        ("tea!", 2, "is not an entry id"),
    ],
)
def test_unknown_and_unusable_references_are_one_line(
    cli: Invoke, ref: str, code: int, problem: str
) -> None:
    result = cli("edit", ref, "--text", "anything")
    assert result.exit_code == code
    assert len(result.err_lines) == 1 and problem in result.stderr


def test_an_id_and_last_together_are_refused(cli: Invoke) -> None:
    assert cli("gratitude", "add", "one").exit_code == 0
    result = cli("edit", "abcd", "--last", "--text", "two")
    assert result.exit_code == 2
    assert "not both" in result.stderr
    assert cli("edit", "--text", "two").exit_code == 2


def test_edit_in_an_empty_journal_says_there_is_nothing(cli: Invoke, db_path: Path) -> None:
    result = cli("edit", "--last", "--text", "hello")
    assert result.exit_code == 1
    assert "no entries yet" in result.stderr
    assert not db_path.exists()


def test_the_completion_list_gives_short_ids_and_first_words(
    cli: Invoke, known_ids: None, db_path: Path
) -> None:
    from sparklog.app.journal_ref import JournalRef
    from sparklog.app.listings import entry_choices

    journal = JournalRef(db_path)
    assert entry_choices(journal, "aaaa") == [
        ("aaaa1", "the morning tea you brought"),
        ("aaaa2", "the long walk by the river"),
    ]
    assert {short for short, _words in entry_choices(journal)} == {"aaaa1", "aaaa2", "bbbb"}
    assert entry_choices(journal, "zz!") == []


def test_without_an_editor_a_prompt_asks_and_enter_keeps_the_text(
    cli: Invoke, rows: Rows, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("gratitude", "add", "the first try").exit_code == 0
    monkeypatch.setattr("sparklog.cli.prompting.interactive", lambda: True)
    kept = cli("edit", "--last", input="\n")
    assert kept.exit_code == 0, kept.stderr
    assert "the first try" in kept.stdout and "Nothing changed" in kept.stdout
    assert rows("SELECT text, edited_at FROM entry") == [("the first try", None)]
    typed = cli("edit", "--last", input="the second try\n")
    assert typed.exit_code == 0, typed.stderr
    assert rows("SELECT text FROM entry") == [("the second try",)]


def test_short_ids_are_the_shortest_unique_prefixes(rng: Any) -> None:
    """Against a brute force over random ids that share long prefixes on purpose."""
    from sparklog.core.refs import MIN_REF, short_id

    stems = [
        "".join(rng.choice("0123456789abcdef") for _ in range(rng.randrange(2, 9)))
        for _ in range(8)
    ]
    ids = set()
    while len(ids) < 200:
        stem = rng.choice(stems)
        tail = "".join(rng.choice("0123456789abcdef") for _ in range(32 - len(stem)))
        raw = stem + tail
        ids.add(f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}")
    ordered = sorted(ids)
    for number, entry_id in enumerate(ordered):
        before = ordered[number - 1] if number else None
        after = ordered[number + 1] if number + 1 < len(ordered) else None
        short = short_id(entry_id, before, after)
        others = [other for other in ordered if other != entry_id]
        assert entry_id.startswith(short) and len(short) >= MIN_REF
        assert not short.endswith("-")
        assert not any(other.startswith(short) for other in others), short
        shorter = short[:-1]
        if len(shorter) >= MIN_REF and not shorter.endswith("-"):
            assert any(other.startswith(shorter) for other in others), short
