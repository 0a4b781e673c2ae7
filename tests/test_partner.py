"""The partner channel through the command line: two journals, one couple's folder."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sparklog.paths import partner_key_path
from sparklog.sync import crypto, folder
from sparklog.sync.changes import Change, decode_batch
from sparklog.sync.hlc import Stamp
from tests.conftest import Invoke, Run


@dataclass
class Person:
    """One partner: their own journal (and key file beside it), run through the CLI."""

    cli: Invoke
    db: Path
    name: str

    def __call__(self, *args: str, input: str | None = None) -> Run:
        return self.cli("--db", str(self.db), *args, input=input)

    def ok(self, *args: str) -> Run:
        result = self(*args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result

    def inbox(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.ok("partner", "--json").stdout)
        return data

    @property
    def identity(self) -> str:
        return partner_key_path(self.db).read_text().strip()

    def channel_id(self) -> str:
        conn = sqlite3.connect(self.db)
        try:
            return str(
                conn.execute("SELECT value FROM partner_self WHERE key = 'id'").fetchone()[0]
            )
        finally:
            conn.close()


def join_couple(cli: Invoke, tmp_path: Path) -> tuple[Person, Person, Path]:
    """Alex and Sam, each with their own journal, joined through one folder."""
    alex = Person(cli, tmp_path / "alex-home" / "sparklog.db", "Alex")
    sam = Person(cli, tmp_path / "sam-home" / "sparklog.db", "Sam")
    shared = tmp_path / "couple"
    shared.mkdir()
    code_a = alex.ok("partner", "invite", "--name", "Alex").stdout.strip()
    code_s = sam.ok("partner", "invite", "--name", "Sam").stdout.strip()
    alex.ok("partner", "join", code_s, "--folder", str(shared))
    sam.ok("partner", "join", code_a, "--folder", str(shared))
    return alex, sam, shared


@pytest.fixture
def couple(cli: Invoke, tmp_path: Path) -> Iterator[tuple[Person, Person, Path]]:
    yield join_couple(cli, tmp_path)


def exchange(*people: Person) -> None:
    for person in (*people, *people):
        person.ok("partner", "sync")


def texts(inbox: dict[str, Any]) -> list[str]:
    return [item.get("text") or item.get("ritual") or item["kind"] for item in inbox["items"]]


# --- invite and join ----------------------------------------------------------------


def test_invite_is_one_line_with_the_public_key_and_the_key_file_is_private(
    cli: Invoke, tmp_path: Path
) -> None:
    alex = Person(cli, tmp_path / "a" / "sparklog.db", "Alex")
    first = alex.ok("partner", "invite", "--name", "Alex").stdout
    assert first.count("\n") == 1 and first.startswith("sparklog1.")
    key = partner_key_path(alex.db)
    assert key.stat().st_mode & 0o777 == 0o600
    assert alex.identity not in first  # the secret never leaves
    assert alex.ok("partner", "invite").stdout == first  # the name and key are kept


def test_invite_needs_a_name_the_first_time(cli: Invoke, tmp_path: Path) -> None:
    alex = Person(cli, tmp_path / "a" / "sparklog.db", "Alex")
    result = alex("partner", "invite")
    assert result.exit_code == 2
    assert result.err_lines == [
        "sparklog: say what your partner should call you the first time:"
        " sparklog partner invite --name NAME"
    ]


@pytest.mark.parametrize(
    "mangle",
    [
        lambda code: "hello",
        lambda code: code[:-5],
        lambda code: code[:20] + ("A" if code[20] != "A" else "B") + code[21:],
    ],
    ids=["not a code", "truncated", "mistyped"],
)
def test_a_bad_invite_code_is_one_line(
    couple: tuple[Person, Person, Path], cli: Invoke, tmp_path: Path, mangle: Any
) -> None:
    _alex, sam, shared = couple
    newcomer = Person(cli, tmp_path / "n" / "sparklog.db", "Kim")
    newcomer.ok("partner", "invite", "--name", "Kim")
    code = sam.ok("partner", "invite").stdout.strip()
    result = newcomer("partner", "join", mangle(code), "--folder", str(shared))
    assert result.exit_code == 2
    assert len(result.err_lines) == 1
    assert "invite code" in result.stderr
    assert newcomer.inbox()["partner"] is None


def test_your_own_code_and_a_second_partner_are_refused(
    couple: tuple[Person, Person, Path], cli: Invoke, tmp_path: Path
) -> None:
    alex, _sam, shared = couple
    own = alex.ok("partner", "invite").stdout.strip()
    result = alex("partner", "join", own, "--folder", str(shared))
    assert result.exit_code == 2
    assert result.err_lines == [
        "sparklog: that is your own invite code; join with your partner's code"
    ]
    kim = Person(cli, tmp_path / "k" / "sparklog.db", "Kim")
    other = kim.ok("partner", "invite", "--name", "Kim").stdout.strip()
    result = alex("partner", "join", other, "--folder", str(shared))
    assert result.exit_code == 1
    assert result.err_lines == [
        "sparklog: you are joined with Sam already; run sparklog partner leave first"
    ]


def test_info_shows_the_partner_and_the_folder(couple: tuple[Person, Person, Path]) -> None:
    alex, _sam, shared = couple
    out = alex.ok("info").stdout
    assert "partner   Sam" in out
    assert f"folder    {shared.resolve()}" in out.replace("folder    \n", "folder    ")


# --- what crosses ---------------------------------------------------------------------


def test_shared_items_reach_the_other_side(couple: tuple[Person, Person, Path]) -> None:
    alex, sam, _shared = couple
    alex.ok("gratitude", "add", "you made soup #food", "--share", "--date", "2026-11-20")
    alex.ok("three", "your laugh", "the walk", "the note", "--share")
    alex.ok("ritual", "add", "Date night", "--weekly", "1", "--shared")
    alex.ok("ritual", "done", "date")
    exchange(alex, sam)
    inbox = sam.inbox()
    assert inbox["partner"] == "Alex"
    assert sorted(texts(inbox)) == sorted(
        ["you made soup", "your laugh", "the walk", "the note", "Date night"]
    )
    soup = next(item for item in inbox["items"] if item.get("text") == "you made soup")
    assert soup["day"] == "2026-11-20"
    assert inbox["items"][-1]["text"] == "you made soup"  # newest first
    shown = sam.ok("partner").stdout
    assert "Alex kept Date night today" in shown
    assert "From Alex yesterday: you made soup" in shown
    assert "#food" not in shown  # the journal's tags stay in the journal
    assert alex.inbox()["items"] == []  # one's own items are not one's inbox


def test_share_send_sends_the_days_or_the_weeks_appreciations_as_one_message(
    couple: tuple[Person, Person, Path],
) -> None:
    alex, sam, _shared = couple
    alex.ok("gratitude", "add", "the coffee", "--date", "2026-11-17")
    alex.ok("gratitude", "add", "the dinner")
    sent = alex.ok("share", "--send", "--week")
    assert "the coffee" in sent.stdout and "the dinner" in sent.stdout
    assert "Marked for your partner" in sent.stderr
    alex.ok("share", "--send")
    exchange(alex, sam)
    messages = [item for item in sam.inbox()["items"] if item["kind"] == "message"]
    assert len(messages) == 2
    week = next(item for item in messages if "week" in item["text"])
    assert "- the coffee" in week["text"] and "- the dinner" in week["text"]
    day = next(item for item in messages if "week" not in item["text"])
    assert "the coffee" not in day["text"]
    assert f"A message from Alex today:\n{' ' * 8}One thing" in sam.ok("partner").stdout


def test_private_words_are_nowhere_in_the_folder_or_the_partners_journal(
    couple: tuple[Person, Person, Path],
) -> None:
    alex, sam, shared = couple
    private: list[str] = []
    for person in (alex, sam):
        secret = f"private-{person.name}-words"
        private += [secret, f"harsh-{person.name}", f"habit-{person.name}", f"Day-{person.name}"]
        person.ok("gratitude", "add", secret)
        person.ok("observe", f"harsh-{person.name}", "--negative", "--horseman", "criticism")
        person.ok("ritual", "add", f"habit-{person.name}")
        person.ok("ritual", "done", f"habit-{person.name}")
        person.ok("dates", "add", f"Day-{person.name}", "2019-06-14", "--together")
        person.ok("gratitude", "add", f"shared by {person.name}", "--share")
    exchange(alex, sam)
    assert "shared by Alex" in texts(sam.inbox())
    assert "shared by Sam" in texts(alex.inbox())
    files = [path for path in shared.rglob("*") if path.is_file()]
    assert files
    opened = b""
    for path in files:
        data = path.read_bytes()
        for word in private:
            assert word.encode() not in data
        opened += crypto.open_sealed(data, [alex.identity])
    assert b"shared by Alex" in opened and b"shared by Sam" in opened
    for word in private:
        assert word.encode() not in opened, word
    for person, other in ((alex, sam), (sam, alex)):
        stored = b"".join(path.read_bytes() for path in other.db.parent.glob("sparklog.db*"))
        for word in private:
            if person.name in word:
                assert word.encode() not in stored, word


def test_reactions_travel_both_ways(couple: tuple[Person, Person, Path]) -> None:
    alex, sam, _shared = couple
    alex.ok("gratitude", "add", "you made soup", "--share")
    exchange(alex, sam)
    ref = sam.inbox()["items"][0]["ref"]
    assert sam.ok("partner", "react", ref, "❤️").stdout.startswith("Reaction saved")
    exchange(sam, alex)
    inbox = alex.inbox()
    assert [(item["kind"], item["reaction"], item["about"]) for item in inbox["items"]] == [
        ("reaction", "❤️", "you made soup")
    ]
    assert "Sam reacted ❤️ to “you made soup”" in alex.ok("partner").stdout
    assert sam.inbox()["items"][0]["reactions"] == [{"from": "me", "reaction": "❤️"}]
    assert "(you ❤️)" in sam.ok("partner").stdout


def test_a_reaction_must_name_a_partners_item(couple: tuple[Person, Person, Path]) -> None:
    _alex, sam, _shared = couple
    result = sam("partner", "react", "beef", "wow")
    assert result.exit_code == 1
    assert result.err_lines == [
        "sparklog: nothing from your partner has the ref 'beef'; see sparklog partner"
    ]
    result = sam("partner", "react", "beef", "two words")
    assert result.exit_code == 2 and len(result.err_lines) == 1


def test_the_authors_edit_and_delete_travel(couple: tuple[Person, Person, Path]) -> None:
    alex, sam, _shared = couple
    alex.ok("gratitude", "add", "you made soup", "--share")
    alex.ok("ritual", "add", "Walk", "--shared")
    alex.ok("ritual", "done", "walk")
    exchange(alex, sam)
    alex.ok("edit", "--last", "--text", "you made tomato soup")
    exchange(alex, sam)
    soup = next(item for item in sam.inbox()["items"] if item["kind"] == "appreciation")
    assert (soup["text"], soup["edited"]) == ("you made tomato soup", True)
    assert "(edited)" in sam.ok("partner").stdout
    alex.ok("delete", "--last", "--yes")
    alex.ok("ritual", "undo", "walk")
    exchange(alex, sam)
    assert sam.inbox()["items"] == []
    stored = b"".join(path.read_bytes() for path in sam.db.parent.glob("sparklog.db*"))
    assert b"tomato" not in stored


def test_the_partner_cannot_change_the_authors_item(
    couple: tuple[Person, Person, Path],
) -> None:
    alex, sam, shared = couple
    alex.ok("gratitude", "add", "you made soup", "--share")
    exchange(alex, sam)
    item = sam.inbox()["items"][0]
    # Sam's own sparklog offers no way to edit it; a hand-made file tries anyway.
    sam_id = sam.channel_id()
    forged = [
        Change(
            "00000000-0000-4000-8000-000000000001",
            Stamp(2**40, 0, sam_id),
            "item.put",
            {
                "item": item["id"],
                "kind": "appreciation",
                "day": item["day"],
                "body": {"text": "you never cook"},
                "written_at": item["written_at"],
                "edited": True,
            },
        ),
        Change(
            "00000000-0000-4000-8000-000000000002",
            Stamp(2**40, 1, sam_id),
            "item.delete",
            {"item": item["id"]},
        ),
    ]
    keys = [crypto.public_key(sam.identity), crypto.public_key(alex.identity)]
    folder.publish(shared, sam_id, forged, keys)
    alex.ok("partner", "sync")
    conn = sqlite3.connect(alex.db)
    try:
        body, deleted = conn.execute(
            "SELECT body, deleted_at FROM partner_item WHERE id = ?", (item["id"],)
        ).fetchone()
    finally:
        conn.close()
    assert (json.loads(body), deleted) == ({"text": "you made soup"}, None)


# --- a folder others write into, damage, leaving ------------------------------------------


def test_foreign_and_tampered_files_are_one_line_each_and_the_rest_is_read(
    couple: tuple[Person, Person, Path],
) -> None:
    alex, sam, shared = couple
    sam.ok("gratitude", "add", "first", "--share")
    sam.ok("partner", "sync")
    sam.ok("gratitude", "add", "second", "--share")
    sam.ok("partner", "sync")
    sam_dir = shared / sam.channel_id()
    first, second = sorted(sam_dir.iterdir(), key=lambda path: path.stat().st_mtime_ns)
    damaged = bytearray(first.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    first.write_bytes(bytes(damaged))
    stranger = crypto.public_key(crypto.generate_identity())
    (shared / "0123456789abcdef").mkdir()
    (shared / "0123456789abcdef" / ("a" * 32 + ".age")).write_bytes(
        crypto.seal(b"not for you", [stranger])
    )
    (sam_dir / ("b" * 32 + ".age")).write_bytes(crypto.seal(b"not for you", [stranger]))
    result = alex.ok("partner", "sync")
    assert sorted(result.err_lines) == sorted(
        [
            f"sparklog: skipped {sam_dir.name}/{first.name}: it fails age's authentication"
            " (truncated, changed, or not age at all: "
            + result.stderr.split("not age at all: ", 1)[1].split("\n", 1)[0],
            f"sparklog: skipped {sam_dir.name}/{'b' * 32}.age: it is not encrypted to this"
            " journal's keys (or its header was changed)",
            "sparklog: ignored 1 file in 0123456789abcdef/: not your partner's",
        ]
    )
    assert texts(alex.inbox()) == ["second"]
    assert second.name  # the good file was read despite the bad ones


def test_a_partner_who_left(couple: tuple[Person, Person, Path]) -> None:
    alex, sam, _shared = couple
    alex.ok("gratitude", "add", "you made soup", "--share")
    alex.ok("gratitude", "add", "one more before I go", "--share")
    exchange(alex, sam)
    alex.ok("gratitude", "add", "sent as I leave", "--share")
    assert "Left the partner channel with Sam" in alex.ok("partner", "leave").stdout
    told = sam.ok("partner", "sync")
    assert "Alex left the partner channel" in told.stdout
    assert "sent as I leave" in texts(sam.inbox())
    again = sam("partner", "sync")
    assert again.exit_code == 1
    assert again.err_lines == [
        "sparklog: Alex left the partner channel on 2026-11-21; nothing more is exchanged"
        " (what came stays in sparklog partner)"
    ]
    assert "you made soup" in texts(sam.inbox())  # what was received stays
    assert "Alex left the partner channel on 2026-11-21." in sam.ok("partner").stdout
    mine = alex("partner", "sync")
    assert mine.exit_code == 1 and len(mine.err_lines) == 1
    assert "you left the partner channel with Sam on 2026-11-21" in mine.stderr


def test_a_missing_folder_is_one_line_and_nothing_is_lost(
    couple: tuple[Person, Person, Path],
) -> None:
    alex, sam, shared = couple
    alex.ok("gratitude", "add", "you made soup", "--share")
    shared.rename(shared.with_name("away"))
    result = alex("partner", "sync")
    assert result.exit_code == 1 and len(result.err_lines) == 1
    assert "is missing" in result.stderr
    shared.with_name("away").rename(shared)
    exchange(alex, sam)
    assert texts(sam.inbox()) == ["you made soup"]


def test_sync_before_joining_says_how(cli: Invoke, tmp_path: Path) -> None:
    alex = Person(cli, tmp_path / "a" / "sparklog.db", "Alex")
    alex.ok("partner", "invite", "--name", "Alex")
    result = alex("partner", "sync")
    assert result.exit_code == 1
    assert result.err_lines == [
        "sparklog: no partner joined yet; swap codes (sparklog partner invite) and run"
        " sparklog partner join CODE --folder FOLDER"
    ]
    assert "No partner yet" in alex.ok("partner").stdout


def test_sync_twice_sends_and_receives_nothing_new(couple: tuple[Person, Person, Path]) -> None:
    alex, sam, shared = couple
    alex.ok("gratitude", "add", "you made soup", "--share")
    exchange(alex, sam)
    files = sorted(shared.rglob("*.age"))
    assert alex.ok("partner", "sync").stdout == "Sent 0, received 0 from Sam.\n"
    assert sam.ok("partner", "sync").stdout == "Sent 0, received 0 from Alex.\n"
    assert sorted(shared.rglob("*.age")) == files


@pytest.mark.parametrize("command", ["invite", "join", "sync", "react", "leave"])
def test_every_partner_command_has_an_example(cli: Invoke, command: str) -> None:
    assert "Example: sparklog partner" in cli("partner", command, "--help").stdout


def test_the_batches_hold_only_what_was_marked(couple: tuple[Person, Person, Path]) -> None:
    alex, _sam, shared = couple
    alex.ok("gratitude", "add", "you made soup #food", "--lang", "acts", "--share")
    alex.ok("partner", "sync")
    (path,) = shared.rglob("*.age")
    changes = decode_batch(crypto.open_sealed(path.read_bytes(), [alex.identity]))
    assert [(change.op, sorted(change.payload["body"])) for change in changes] == [
        ("item.put", ["text"])
    ]
    assert changes[0].payload["body"] == {"text": "you made soup"}


def test_today_week_and_the_evening_close_show_a_line_or_two_from_the_partner(
    couple: tuple[Person, Person, Path],
) -> None:
    alex, sam, _shared = couple
    assert "From" not in sam.ok("today").stdout
    alex.ok("gratitude", "add", "you made soup", "--share")
    alex.ok("gratitude", "add", "the walk", "--share", "--date", "2026-11-17")
    alex.ok("three", "one", "two", "three", "--share")
    exchange(alex, sam)
    today = sam.ok("today").stdout
    assert "From Alex today: " in today
    assert today.count("From Alex") == 2
    assert "…and 2 more from Alex: sparklog partner" in today
    assert "the walk" not in today
    week = sam.ok("week").stdout
    assert "…and 3 more from Alex: sparklog partner" in week
    closing = sam("evening", input="\n\n\n\n")
    assert "From Alex today: " in closing.stdout


def test_an_item_taken_back_before_any_sync_never_leaves(
    couple: tuple[Person, Person, Path],
) -> None:
    alex, sam, shared = couple
    alex.ok("gratitude", "add", "second thoughts", "--share")
    alex.ok("delete", "--last", "--yes")
    assert alex.ok("partner", "sync").stdout == "Sent 0, received 0 from Sam.\n"
    assert list(shared.rglob("*.age")) == []
    sam.ok("partner", "sync")
    assert sam.inbox()["items"] == []


def test_the_inbox_help_has_an_example(cli: Invoke) -> None:
    assert "Example: sparklog partner --since" in cli("partner", "--help").stdout


# --- answers to the day's question ------------------------------------------------------


def _stored(person: Person) -> bytes:
    return b"".join(path.read_bytes() for path in person.db.parent.glob("sparklog.db*"))


def _answers(inbox: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for item in inbox["items"] if item["kind"] == "answer"]


def test_an_answer_shows_only_once_the_partner_answered_the_same_question(
    couple: tuple[Person, Person, Path],
) -> None:
    alex, sam, _shared = couple
    question = alex.ok("prompt").stdout.splitlines()[0]
    said = alex.ok("prompt", "--answer", "alex-answer-words", "--share")
    assert "Marked for your partner" in said.stdout
    exchange(alex, sam)
    (hidden,) = _answers(sam.inbox())
    assert hidden["hidden"] is True and hidden["question"] == question
    assert "text" not in hidden and hidden["day"] == "2026-11-21"
    shown = [
        sam.ok("partner").stdout,
        sam.ok("partner", "--json").stdout,
        sam.ok("today").stdout,
        sam.ok("week").stdout,
        sam("evening", input="\n\n\n\n").stdout,
    ]
    for out in shown:
        assert "alex-answer-words" not in out
    assert "Alex answered today's question; answer it to see" in shown[0]
    assert question in shown[0]
    assert "Alex answered today's question; answer it to see" in shown[2]
    assert "Alex answered today's question; answer it to see" in shown[4]
    assert b"alex-answer-words" in _stored(sam)  # kept, only held back
    sam.ok("prompt", "--answer", "sam-answer-words", "--share")
    (revealed,) = _answers(sam.inbox())  # no sync needed: Sam's own answer reveals it
    assert (revealed["hidden"], revealed["text"]) == (False, "alex-answer-words")
    assert "Alex answered today's question: alex-answer-words" in sam.ok("partner").stdout
    assert "Alex answered today's question: alex-answer-words" in sam.ok("today").stdout
    exchange(sam, alex)
    (theirs,) = _answers(alex.inbox())  # Alex answered first, so Sam's shows at once
    assert (theirs["hidden"], theirs["text"]) == (False, "sam-answer-words")


def test_an_answer_matches_by_question_and_day_both_ways(
    couple: tuple[Person, Person, Path], frozen: Any
) -> None:
    alex, sam, _shared = couple
    sam.ok("prompt", "--answer", "sam-checkin-words", "--share", "--kind", "checkin")
    checkin = sam.ok("prompt", "--kind", "checkin").stdout.splitlines()[0]
    alex.ok("prompt", "--answer", "alex-memory-words", "--kind", "memory")  # another question
    exchange(sam, alex)
    (hidden,) = _answers(alex.inbox())
    assert hidden["hidden"] is True and "text" not in hidden
    assert hidden["question"] == checkin
    frozen.move_to("2026-11-24T21:00:00+01:00")  # a Tuesday
    out = alex.ok("partner").stdout
    assert "Sam answered the question of Sat 21 Nov; answer it to see" in out
    assert checkin in out and "sam-checkin-words" not in out
    alex.ok("prompt", "--answer", "alex-late-words", "--kind", "checkin")  # not Saturday's
    assert _answers(alex.inbox())[0]["hidden"] is True
    frozen.move_to("2026-11-21T22:00:00+01:00")
    alex.ok("prompt", "--answer", "alex-checkin-words", "--kind", "checkin")
    (revealed,) = _answers(alex.inbox())
    assert revealed["text"] == "sam-checkin-words"
    assert _answers(sam.inbox()) == []  # Alex shared none of the three


def test_share_without_an_answer_is_one_line(couple: tuple[Person, Person, Path]) -> None:
    alex, _sam, shared = couple
    result = alex("prompt", "--share")
    assert result.exit_code == 2
    assert result.err_lines == [
        "sparklog: --share sends an answer; give one with --answer:"
        ' sparklog prompt --answer "…" --share'
    ]
    assert alex.ok("partner", "sync").stdout == "Sent 0, received 0 from Sam.\n"
    assert list(shared.rglob("*.age")) == []


def test_a_private_answer_never_reaches_the_folder_or_the_partner(
    couple: tuple[Person, Person, Path],
) -> None:
    alex, sam, shared = couple
    alex.ok("prompt", "--answer", "private-answer-words")
    alex.ok("prompt", "--answer", "private-checkin-words", "--kind", "checkin")
    alex.ok("gratitude", "add", "shared words", "--share")
    sam.ok("prompt", "--answer", "sam-words")  # Sam answering reveals nothing private
    exchange(alex, sam)
    assert texts(sam.inbox()) == ["shared words"]
    opened = b""
    for path in shared.rglob("*.age"):
        data = path.read_bytes()
        assert b"private-" not in data
        opened += crypto.open_sealed(data, [alex.identity])
    assert b"shared words" in opened
    assert b"private-" not in opened
    assert b"private-" not in _stored(sam)


def test_an_answers_edit_delete_and_reactions_travel(couple: tuple[Person, Person, Path]) -> None:
    alex, sam, _shared = couple
    alex.ok("prompt", "--answer", "first words", "--share")
    sam.ok("prompt", "--answer", "sam words", "--share")
    exchange(alex, sam)
    ref = _answers(sam.inbox())[0]["ref"]
    sam.ok("partner", "react", ref, "❤️")
    alex.ok("edit", "--last", "--text", "better words")
    exchange(alex, sam)
    (answer,) = _answers(sam.inbox())
    assert (answer["text"], answer["edited"]) == ("better words", True)
    assert answer["question"] and answer["reactions"] == [{"from": "me", "reaction": "❤️"}]
    assert "Sam reacted ❤️ to “better words”" in alex.ok("partner").stdout
    alex.ok("delete", "--last", "--yes")
    exchange(alex, sam)
    assert _answers(sam.inbox()) == []
    assert b"better words" not in _stored(sam)


# --- what was received, in the export ---------------------------------------------------


def _partner_rows(person: Person) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(person.db)
    try:
        return conn.execute(
            "SELECT id, author, kind, day, body, stamp, written_at, edited_at, deleted_at"
            " FROM partner_item ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def test_the_export_carries_what_was_received_and_import_restores_it_once(
    couple: tuple[Person, Person, Path], cli: Invoke, tmp_path: Path
) -> None:
    alex, sam, _shared = couple
    alex.ok("gratitude", "add", "you made soup #food", "--share")
    alex.ok("ritual", "add", "Walk", "--shared")
    alex.ok("ritual", "done", "walk")
    alex.ok("prompt", "--answer", "alex-answer-words", "--share")
    sam.ok("gratitude", "add", "the tea", "--share")
    exchange(alex, sam)
    soup = next(item for item in sam.inbox()["items"] if item.get("text") == "you made soup")
    sam.ok("partner", "react", soup["ref"], "❤️")
    exchange(sam, alex)
    ref = next(item["ref"] for item in alex.inbox()["items"] if item["kind"] == "reaction")
    assert ref  # Sam's reaction reached Alex: a received item too
    out = tmp_path / "sam.json"
    sam.ok("export", "--out", str(out))
    document = json.loads(out.read_text())
    assert document["version"] == 2 and document["partner"]["name"] == "Alex"
    received = document["partner"]["items"]
    assert sorted(item["kind"] for item in received) == ["answer", "appreciation", "check"]
    kept = next(item for item in received if item["kind"] == "appreciation")
    assert kept["body"] == {"text": "you made soup"}
    assert [(r["from"], r["reaction"]) for r in kept["reactions"]] == [("me", "❤️")]
    assert all(item["body"].get("text") != "the tea" for item in received)  # Sam's own
    markdown = sam.ok("export", "--format", "markdown", "--no-pager").stdout
    assert "## From Alex" in markdown and "you made soup _(you ❤️)_" in markdown
    assert "alex-answer-words" not in markdown  # Sam has not answered that question

    fresh = Person(cli, tmp_path / "fresh" / "sparklog.db", "Sam")
    first = fresh.ok("import", str(out)).stdout
    assert "received" in first
    rows = _partner_rows(fresh)
    original = [row for row in _partner_rows(sam) if row[1] == "partner" or row[2] == "reaction"]
    assert rows == [row for row in original if row[0] in {r[0] for r in rows}]
    assert len(rows) == 4  # three items and Sam's reaction
    again = fresh.ok("import", str(out)).stdout
    assert again.startswith("Nothing new in")
    assert _partner_rows(fresh) == rows
    before = _partner_rows(sam)
    assert sam.ok("import", str(out)).stdout.startswith("Nothing new in")  # where it came from
    assert _partner_rows(sam) == before
    fresh.ok("export", "--out", str(tmp_path / "again.json"))
    assert json.loads((tmp_path / "again.json").read_text())["partner"]["items"] == received
