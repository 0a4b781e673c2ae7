"""Views a careful user can trust: literal text, no direction tricks, no crash on odd
data already in a journal, and one rule for the week grid and the streak."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine

from sparklog.store.db import add_functions
from sparklog.store.migrations import LATEST
from tests.conftest import Invoke

Rows = Callable[..., list[tuple[Any, ...]]]


def _ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


# Item 8: bidirectional controls are refused like any other control character.

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
BIDI += ["\u200e", "\u200f", "\u061c"]


@pytest.mark.parametrize("char", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
@pytest.mark.parametrize(
    "command",
    [
        ("gratitude", "add", "you fixed the {}bike"),
        ("gratitude", "add", "bike", "--tag", "a{}b"),
        ("three", "one", "tw{}o", "three"),
        ("observe", "snapped at me", "-n", "--reframe", "tired{} evening"),
        ("observe", "ok #ti{}red"),
        ("ritual", "add", "Walk{} together"),
    ],
    ids=["text", "tag", "three", "reframe", "tag-in-text", "ritual-name"],
)
def test_bidi_controls_are_refused_at_every_input(
    cli: Invoke, rows: Rows, frozen: object, char: str, command: tuple[str, ...]
) -> None:
    result = cli(*(part.format(char) for part in command))
    assert result.exit_code == 2, result.stdout
    assert len(result.err_lines) == 1
    # --tag goes through the tag rule, which names the tag; text names the character.
    expected = "not a tag" if "--tag" in command else f"U+{ord(char):04X}"
    assert expected in result.stderr, result.stderr
    assert rows("SELECT count(*) FROM entry") in ([], [(0,)])
    assert rows("SELECT count(*) FROM ritual") in ([], [(0,)])


def test_bidi_controls_are_refused_in_the_editor_and_in_evening(
    cli: Invoke, rows: Rows, frozen: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf 'abc\\342\\200\\256def' > \"$1\"\n")
    editor.chmod(0o755)
    with monkeypatch.context() as terminal:
        terminal.setenv("EDITOR", str(editor))
        terminal.setattr("sparklog.cli.prompting.interactive", lambda: True)
        result = cli("gratitude", "add")
    assert result.exit_code == 2, result.stderr
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in result.stderr
    # evening asks again, and the clean answer is what is stored.
    evening = cli("evening", input="evil\u202eyrt\ngood\n\n\n")
    assert evening.exit_code == 0, evening.stderr
    assert "U+202E" in evening.stdout
    assert rows("SELECT text FROM entry") == [("good",)]


def test_bidi_controls_in_an_import_are_refused(
    cli: Invoke, rows: Rows, frozen: object, tmp_path: Path
) -> None:
    _ok(cli("gratitude", "add", "plain words"))
    export = tmp_path / "out.json"
    _ok(cli("export", "--format", "json", "--out", str(export)))
    data = json.loads(export.read_text())
    data["entries"][0].update(id="8d2ac3a4-0000-4000-8000-000000000001", text="gift\u2067ed")
    export.write_text(json.dumps(data))
    result = cli("import", str(export))
    assert result.exit_code != 0
    assert "U+2067" in result.stderr
    assert rows("SELECT text FROM entry") == [("plain words",)]


# Item 12: what the user wrote is printed as written, never read as markup.


def test_a_path_with_brackets_is_printed_literally(cli: Invoke, tmp_path: Path) -> None:
    # Wide enough for the whole path on one line, however deep the test's folder is.
    wide = {"COLUMNS": "400", "TERMINAL_WIDTH": "400"}
    folder = tmp_path / "[old]"
    folder.mkdir()
    result = _ok(cli("--db", str(folder / "j.db"), "info", env=wide))
    assert f"{folder}/j.db" in result.stdout
    crash = tmp_path / "[/x]"
    crash.mkdir(parents=True)
    result = _ok(cli("--db", str(crash / "j.db"), "info", env=wide))
    assert "[/x]/j.db" in result.stdout


def test_names_and_entries_with_brackets_are_printed_literally(
    cli: Invoke, rows: Rows, frozen: object
) -> None:
    _ok(cli("ritual", "add", "[/x] [bold]walk"))
    _ok(cli("gratitude", "add", "[red]you[/red] [/x] fixed #bike"))
    _ok(cli("observe", "[/b] sharp words", "-n", "--reframe", "[i]tired[/i]"))
    done = _ok(cli("ritual", "done", "[/x]"))
    assert "[/x] [bold]walk" in done.stdout
    for view in (("today",), ("week",), ("streaks",), ("ritual", "list"), ("log",)):
        out = _ok(cli(*view)).stdout
        assert "[/x] [bold]walk" in out, view
        if view != ("streaks",) and view != ("ritual", "list"):
            assert "[red]you[/red] [/x] fixed #bike" in out, view
    log = _ok(cli("log")).stdout
    assert "[/b] sharp words" in log
    assert "reframed: [i]tired[/i]" in log
    renamed = _ok(cli("ritual", "rename", "[/x]", "[b]stroll"))
    assert "to [b]stroll." in renamed.stdout
    assert rows("SELECT name FROM ritual") == [("[b]stroll",)]
    missing = cli("ritual", "done", "[/nope]")
    assert missing.exit_code == 1
    assert "[/nope]" in missing.stderr


# Item 11: out-of-range dates already in a journal do not break any view.


@pytest.mark.parametrize("week_start", ["monday", "sunday"])
def test_every_view_survives_dates_out_of_range(
    cli: Invoke, db_path: Path, config_file: Path, frozen: object, week_start: str
) -> None:
    config_file.write_text(f'week_start = "{week_start}"\n')
    _ok(cli("ritual", "add", "Ancient walk", "--daily"))
    _ok(cli("ritual", "add", "Old dance", "--weekly", "2"))
    _ok(cli("ritual", "add", "Tea", "--on", "mon,thu"))
    _ok(cli("gratitude", "add", "today's words"))
    conn = sqlite3.connect(db_path)
    add_functions(conn)  # the search index's triggers call sparklog_fold
    with conn:
        conn.execute("UPDATE ritual SET created = '0001-01-01' WHERE name = 'Ancient walk'")
        conn.execute("UPDATE ritual SET created = '0001-01-01' WHERE name = 'Old dance'")
        ids = dict(conn.execute("SELECT name, id FROM ritual"))
        conn.execute(
            "INSERT INTO ritual_pause VALUES ('p1', ?, '2026-11-20', '9999-12-31')",
            (ids["Old dance"],),
        )
        conn.execute(
            "INSERT INTO ritual_pause VALUES ('p2', ?, '0001-01-01', '9999-12-31')", (ids["Tea"],)
        )
        conn.execute(
            "INSERT INTO ritual_check VALUES ('c1', ?, '0001-01-01', '0001-01-01T08:00:00+00:00')",
            (ids["Old dance"],),
        )
        conn.execute(
            "INSERT INTO entry (id, kind, day, written_at, text) VALUES"
            " ('e1', 'gratitude', '1850-03-01', '1850-03-01T10:00:00+00:00', 'an old letter')"
        )
        conn.execute(
            "INSERT INTO entry (id, kind, day, written_at, text) VALUES"
            " ('e2', 'gratitude', '0001-01-01', '0001-01-01T10:00:00+00:00', 'year one')"
        )
    conn.close()
    views = [
        ("today",),
        ("week",),
        ("week", "--last"),
        ("streaks",),
        ("streaks", "--json"),
        ("ritual", "list"),
        ("ritual", "list", "--all", "--json"),
        ("month",),
        ("year",),
        ("log",),
    ]
    for view in views:
        result = cli(*view)
        assert result.exit_code == 0, (view, result.stderr)
        assert "unexpected" not in result.stderr
    assert "Ancient walk" in cli("ritual", "list").stdout
    markdown = _ok(cli("export", "--format", "markdown")).stdout
    assert "an old letter" in markdown
    assert "year one" in markdown
    evening = cli("evening", input="\n\n\n\n")
    assert evening.exit_code == 0, evening.stderr


# Item 16: an archived ritual is never "at risk".


def test_an_archived_ritual_is_never_at_risk(cli: Invoke, frozen: time_machine.Traveller) -> None:
    _ok(cli("ritual", "add", "Walk", "--daily"))
    for day in ("2026-11-18", "2026-11-19", "2026-11-20"):
        _ok(cli("ritual", "done", "Walk", "-d", day))
    _ok(cli("ritual", "archive", "Walk"))  # on Sat 21, not kept that day
    for travel in ("2026-11-21T21:00:00+01:00", "2026-12-09T21:00:00+01:00"):
        frozen.move_to(travel)
        listed = json.loads(_ok(cli("ritual", "list", "--all", "--json")).stdout)
        assert listed[0]["streak"] == {"current": 3, "best": 3, "unit": "day", "at_risk": False}
        week = json.loads(_ok(cli("week", "-d", "2026-11-19", "--json")).stdout)
        assert week["rituals"][0]["streak"]["at_risk"] is False
        assert "at risk" not in _ok(cli("ritual", "list", "--all")).stdout


# Item 17: the week grid and the streak follow one rule.


def test_check_offs_before_a_ritual_was_created_count_in_grid_and_streak_alike(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    frozen.move_to("2026-11-18T21:00:00+01:00")  # Wednesday
    _ok(cli("ritual", "add", "Walk", "--daily"))
    # Logged late: the Friday and Saturday of the week before the ritual was added.
    _ok(cli("ritual", "done", "Walk", "-d", "2026-11-13"))
    _ok(cli("ritual", "done", "Walk", "-d", "2026-11-14"))
    _ok(cli("ritual", "done", "Walk", "-d", "2026-11-18"))
    week = json.loads(_ok(cli("week", "--json")).stdout)
    (row,) = week["rituals"]
    streak = json.loads(_ok(cli("streaks", "--json")).stdout)["rituals"][0]["streak"]
    # The streak counts Sun 15 to Tue 17 as missed, so the grid asks for every day
    # of this week too, Monday and Tuesday included (not only from Wednesday on).
    assert streak == {"current": 1, "best": 2, "unit": "day", "at_risk": False}
    assert (row["done"], row["target"], row["met"]) == (1, 7, False)
    last = json.loads(_ok(cli("week", "--last", "--json")).stdout)
    assert [r["name"] for r in last["rituals"]] == ["Walk"]
    assert (last["rituals"][0]["done"], last["rituals"][0]["target"]) == (2, 3)


def test_a_paused_weekly_ritual_has_one_target_everywhere(cli: Invoke, frozen: object) -> None:
    _ok(cli("ritual", "add", "Dance", "--weekly", "3"))
    # Paused Mon 16 to Fri 20: two days of seven are left, so 3 * 2 / 7 -> 1.
    _ok(cli("ritual", "pause", "Dance", "--from", "2026-11-16", "--to", "2026-11-20"))
    week = json.loads(_ok(cli("week", "--json")).stdout)
    assert week["rituals"][0]["target"] == 1
    listed = _ok(cli("ritual", "list")).stdout
    assert "0 of 1 this week" in listed
    listed_json = json.loads(_ok(cli("ritual", "list", "--json")).stdout)
    assert listed_json[0]["due_today"] is True
    _ok(cli("ritual", "done", "Dance"))
    assert "1 of 1 this week" in _ok(cli("ritual", "list")).stdout
    assert json.loads(_ok(cli("week", "--json")).stdout)["rituals"][0]["met"] is True


# Item 18: the hint a ritual's name gets works as typed.


@pytest.mark.parametrize("name", ["-x walk", "--all", "Tom's walk", "walk"])
def test_the_check_off_hint_works_as_typed(
    cli: Invoke, rows: Rows, frozen: object, name: str
) -> None:
    import shlex

    added = _ok(cli("ritual", "add", "--", name))
    (hint,) = [line for line in added.stdout.splitlines() if "ritual done" in line]
    words = shlex.split(hint.split("Check it off with:", 1)[1])
    assert words[:3] == ["sparklog", "ritual", "done"]
    _ok(cli(*words[1:]))
    assert rows("SELECT r.name, c.day FROM ritual_check c JOIN ritual r ON r.id = c.ritual_id") == [
        (name, "2026-11-21")
    ]


# Item 18: an evening answer that meets another writer is retried, or kept on screen.


class _OtherWriter:
    """Another program holding the journal's write lock, taken and let go on cue."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)

    def hold(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")


@pytest.fixture
def other_writer(cli: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A journal with one ritual; the writer takes the lock once 'the walk' is typed."""
    import sparklog.cli.evening as evening

    _ok(cli("ritual", "add", "Tea", "--daily"))
    monkeypatch.setenv("SPARKLOG_BUSY_TIMEOUT_MS", "50")
    monkeypatch.setattr("sparklog.store.db.BUSY_TIMEOUT_MS", 50)
    writer = _OtherWriter(db_path)
    real_ask = evening.ask

    def ask(question: str, **how: Any) -> str:
        answer = real_ask(question, **how)
        if answer == "the walk":
            writer.hold()
        return answer

    monkeypatch.setattr(evening, "ask", ask)
    yield writer
    writer.release()
    writer.conn.close()


def test_a_busy_journal_in_evening_keeps_the_answer_on_screen(
    cli: Invoke, rows: Rows, frozen: object, other_writer: _OtherWriter
) -> None:
    result = cli("evening", input="one\nthe walk\nthree\ny\n\n")
    assert result.exit_code == 1
    assert len(result.err_lines) == 1
    assert "busy" in result.stderr and "item 2 ('the walk') was not saved" in result.stderr
    assert result.stdout.count("trying again") == 2
    other_writer.release()
    assert rows("SELECT slot, text FROM entry") == [(1, "one")]


def test_a_busy_journal_in_evening_is_tried_again(
    cli: Invoke,
    rows: Rows,
    frozen: object,
    other_writer: _OtherWriter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sparklog.cli.evening import EveningFlow

    real_retry = EveningFlow.busy_retry

    def retry_after_the_other_writer(self: EveningFlow, attempt: int) -> None:
        real_retry(self, attempt)
        other_writer.release()

    monkeypatch.setattr(EveningFlow, "busy_retry", retry_after_the_other_writer)
    result = cli("evening", input="one\nthe walk\nthree\ny\n\n")
    assert result.exit_code == 0, result.stderr
    assert "trying again (2 of 3)" in result.stdout
    assert rows("SELECT slot, text FROM entry ORDER BY slot") == [
        (1, "one"),
        (2, "the walk"),
        (3, "three"),
    ]
    assert rows("SELECT count(*) FROM ritual_check") == [(1,)]


# Item 15: search folds ß, ligatures and case the same way in the query and the index.

FIXTURES = Path(__file__).parent / "fixtures"


def _found(cli: Invoke, words: str) -> list[str]:
    items = json.loads(_ok(cli("log", "--search", words, "--json")).stdout)
    return sorted(item.get("text") or item["ritual"] for item in items)


def test_search_finds_sharp_s_and_ligatures(cli: Invoke, frozen: object) -> None:
    _ok(cli("gratitude", "add", "Wir gingen die Straße entlang"))
    _ok(cli("gratitude", "add", "ﬁnally a quiet evening"))
    _ok(cli("observe", "short with me", "-n", "--reframe", "GROSSE Müdigkeit"))
    _ok(cli("ritual", "add", "Straßenfest", "--weekly", "1"))
    _ok(cli("ritual", "done", "Straßenfest"))
    # A word also finds longer words it begins (the ritual's check-off).
    street = ["Straßenfest", "Wir gingen die Straße entlang"]
    assert _found(cli, "Straße") == street
    assert _found(cli, "strasse") == street
    assert _found(cli, "STRASSE entlang") == ["Wir gingen die Straße entlang"]
    assert _found(cli, "finally") == ["ﬁnally a quiet evening"]
    assert _found(cli, "ﬁnally") == ["ﬁnally a quiet evening"]
    assert _found(cli, "große müdigkeit") == ["short with me"]
    assert _found(cli, "strassenfest") == ["Straßenfest"]
    assert _found(cli, "strasse bike") == []


@pytest.mark.parametrize("version", [1, 2])
def test_an_upgraded_journal_finds_its_old_entries_folded(
    cli: Invoke, rows: Rows, db_path: Path, frozen: object, version: int
) -> None:
    import shutil

    db_path.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / f"schema_v{version}.db", db_path)
    conn = sqlite3.connect(db_path)  # the old schema's own triggers index this
    with conn:
        conn.execute(
            "INSERT INTO entry (id, kind, day, written_at, text) VALUES (?, 'gratitude',"
            " '2026-11-20', '2026-11-20T21:00:00+01:00', ?)",
            ("0b3c0e5e-0000-4000-8000-00000000f01d", "Wir gingen die Straße entlang, ﬁnally"),
        )
    conn.close()
    assert _found(cli, "strasse finally") == ["Wir gingen die Straße entlang, ﬁnally"]
    assert rows("PRAGMA user_version") == [(LATEST,)]
    # Every old entry is in the rebuilt index, not only the new one.
    assert rows("SELECT count(*) FROM entry_fts") == rows("SELECT count(*) FROM entry")
