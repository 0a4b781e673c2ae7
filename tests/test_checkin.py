"""`sparklog checkin`, in a real terminal (pexpect): three questions, a note for each."""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pexpect

from sparklog.core.prompts import BY_ID, CHECKIN, checkin_questions
from tests.conftest import Invoke, sparklog_command

Rows = Callable[..., list[tuple[Any, ...]]]

DAY = date(2026, 11, 21)  # the frozen clock's journal day
QUESTION = re.compile(r"(\d) of 3  ([^\r\n]+)")


def _spawn() -> pexpect.spawn:
    command, *args = sparklog_command("checkin")
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100")
    return pexpect.spawn(command, args, env=env, encoding="utf-8", timeout=30, dimensions=(50, 100))


def _question(child: pexpect.spawn, number: int) -> str:
    """Wait for question `number`, then its note prompt; the question's text."""
    child.expect(QUESTION)
    match = child.match
    assert match is not None and int(match.group(1)) == number
    text = match.group(2).strip()
    child.expect("  Note: ")
    return text


def _finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before)


def _reflections(rows: Rows) -> list[tuple[Any, ...]]:
    return rows("SELECT day, text, prompt_id, prompt FROM entry WHERE kind = 'reflection'"
                " ORDER BY seq")  # fmt: skip


def _walk(child: pexpect.spawn, notes: Sequence[str]) -> list[str]:
    asked = []
    for number, note in enumerate(notes, start=1):
        asked.append(_question(child, number))
        child.sendline(note)
    return asked


def test_a_checkin_saves_each_note_and_enter_skips(rows: Rows) -> None:
    child = _spawn()
    child.expect("Check-in with your partner, Saturday 21 November")
    asked = _walk(child, ["Work has been heavy; more walks", "", "A weekend away in March"])
    output = _finish(child)
    assert child.exitstatus == 0, output
    expected = [question.text for question in checkin_questions(DAY)]
    assert asked == expected, "the day's three check-in questions, in order"
    ids = {prompt.text: prompt.id for prompt in CHECKIN}
    assert _reflections(rows) == [
        ("2026-11-21", "Work has been heavy; more walks", ids[asked[0]], asked[0]),
        ("2026-11-21", "A weekend away in March", ids[asked[2]], asked[2]),
    ]
    assert output.strip().splitlines()[-1] == "Saved 2 notes as reflections for Sat 21 Nov."


def test_ctrl_c_after_the_first_note_keeps_it(rows: Rows) -> None:
    child = _spawn()
    first = _question(child, 1)
    child.sendline("Sleeping badly since the move")
    _question(child, 2)
    child.sendintr()
    output = _finish(child)
    assert child.exitstatus == 130, output
    assert "sparklog: stopped; 1 note was saved and kept" in output
    assert "Traceback" not in output
    assert [(text, prompt) for _, text, _, prompt in _reflections(rows)] == [
        ("Sleeping badly since the move", first)
    ]


def test_the_configured_ritual_is_checked_off(cli: Invoke, rows: Rows, config_file: Path) -> None:
    assert cli("ritual", "add", "Weekly check-in", "--weekly", "1").exit_code == 0
    config_file.write_text('checkin_ritual = "weekly"\n')  # a unique prefix, as rituals take
    child = _spawn()
    _walk(child, ["", "We are good", ""])
    output = _finish(child)
    assert child.exitstatus == 0, output
    assert rows("SELECT r.name, c.day FROM ritual_check c JOIN ritual r ON r.id = c.ritual_id") == [
        ("Weekly check-in", "2026-11-21")
    ]
    assert output.strip().splitlines()[-1] == (
        "Saved 1 note as reflections for Sat 21 Nov; Weekly check-in checked off."
    )


def test_an_unknown_configured_ritual_is_one_line_and_the_notes_stay(
    cli: Invoke, rows: Rows, config_file: Path
) -> None:
    assert cli("ritual", "add", "Date night", "--weekly", "1").exit_code == 0
    config_file.write_text('checkin_ritual = "Sunday talk"\n')
    child = _spawn()
    _walk(child, ["More help with the kids", "", ""])
    output = _finish(child)
    assert child.exitstatus == 0, output
    close = " ".join(output.split())  # what follows the last question, unwrapped
    assert close == (
        "checkin_ritual in the config: no ritual called 'Sunday talk' (rituals: Date night);"
        " nothing was checked off. Saved 1 note as reflections for Sat 21 Nov."
    )
    assert "Traceback" not in output
    assert rows("SELECT count(*) FROM ritual_check") == [(0,)]
    assert len(_reflections(rows)) == 1


def _answered(day: date, ids: Sequence[str]) -> list[dict[str, Any]]:
    return [
        {
            "id": str(uuid.uuid4()),
            "kind": "reflection",
            "date": day.isoformat(),
            "written_at": f"{day.isoformat()}T21:00:00+01:00",
            "text": f"note on {prompt_id}",
            "tags": [],
            "lang": None,
            "prompt_id": prompt_id,
            "prompt": BY_ID[prompt_id].text,
        }
        for prompt_id in ids
    ]


def test_the_questions_differ_from_the_last_three_checkins(
    cli: Invoke, rows: Rows, tmp_path: Path
) -> None:
    # Three earlier check-ins; the newest answered the very questions today would ask.
    today_ids = [prompt.id for prompt in checkin_questions(DAY)]
    others = [prompt.id for prompt in CHECKIN if prompt.id not in today_ids]
    recent = {
        DAY - timedelta(days=2): today_ids,
        DAY - timedelta(days=9): others[:3],
        DAY - timedelta(days=16): others[3:5],
    }
    entries = [item for day, ids in recent.items() for item in _answered(day, ids)]
    document = tmp_path / "earlier.json"
    document.write_text(json.dumps({"format": "sparklog", "version": 1, "entries": entries}))
    assert cli("import", str(document)).exit_code == 0

    child = _spawn()
    asked = _walk(child, ["one", "two", "three"])
    output = _finish(child)
    assert child.exitstatus == 0, output
    by_text = {prompt.text: prompt.id for prompt in CHECKIN}
    asked_ids = {by_text[text] for text in asked}
    assert len(asked_ids) == 3
    assert not asked_ids & {prompt_id for ids in recent.values() for prompt_id in ids}
    stored = rows("SELECT prompt_id FROM entry WHERE kind = 'reflection' AND day = '2026-11-21'")
    assert {prompt_id for (prompt_id,) in stored} == asked_ids


def test_without_a_terminal_it_is_one_line_and_nothing_is_stored(
    cli: Invoke, db_path: Path
) -> None:
    result = cli("checkin", input="a note\n\n\n")
    assert result.exit_code == 2
    assert result.err_lines == [
        "sparklog: sparklog checkin is a conversation typed in a terminal, and standard input"
        " is not one; nothing was saved (to keep one answer: sparklog prompt --answer)"
    ]
    assert result.stdout == ""
    assert not db_path.exists()


def test_ctrl_d_at_a_note_keeps_what_was_saved(rows: Rows) -> None:
    child = _spawn()
    _question(child, 1)
    child.sendline("Less news at dinner")
    _question(child, 2)
    child.sendeof()
    output = _finish(child)
    assert child.exitstatus == 1, output
    assert "sparklog: input ended (Ctrl-D); 1 note was saved and kept" in output
    assert len(_reflections(rows)) == 1
