"""Tab completion, run the way a shell runs it: the program with completion variables set.

Typer's bash script calls `sparklog` with `_SPARKLOG_COMPLETE=complete_bash`,
`COMP_WORDS` (the line so far) and `COMP_CWORD` (the word being completed); zsh
uses `complete_zsh` and `_TYPER_COMPLETE_ARGS`. A completion runs on every Tab
press, so it must not load the store.
"""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import runpy, sys
sys.argv = ["sparklog", *{args!r}]
try:
    runpy.run_module("sparklog", run_name="__main__")
    code = 0
except SystemExit as exit:
    code = exit.code
heavy = sorted(m for m in ("sqlalchemy", "sqlmodel") if m in sys.modules)
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
sys.exit(code)
"""


def _complete(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ)
    full.update(env)
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        env=full,
        timeout=60,
    )


def _bash(line: str) -> subprocess.CompletedProcess[str]:
    words = line.split(" ")
    return _complete(
        {
            "_SPARKLOG_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        }
    )


def test_bash_suggests_every_subcommand_for_an_empty_word() -> None:
    result = _bash("sparklog ")
    assert result.returncode == 0, result.stderr
    suggested = set(result.stdout.split())
    assert {"gratitude", "three", "today", "nudge", "shell-init"} <= suggested


def test_bash_narrows_by_prefix() -> None:
    result = _bash("sparklog t")
    assert result.returncode == 0, result.stderr
    suggested = set(result.stdout.split())
    assert {"three", "today"} <= suggested
    assert "gratitude" not in suggested


def test_bash_completes_inside_a_group() -> None:
    result = _bash("sparklog gratitude ")
    assert set(result.stdout.split()) >= {"add", "list"}


def test_bash_completes_a_choice_argument() -> None:
    result = _bash("sparklog shell-init ")
    assert set(result.stdout.split()) == {"bash", "zsh", "fish"}


def test_zsh_suggests_subcommands_with_their_help() -> None:
    result = _complete({"_SPARKLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "sparklog t"})
    assert result.returncode == 0, result.stderr
    assert '"three":' in result.stdout
    assert '"today":' in result.stdout


def test_completion_does_not_load_the_store() -> None:
    for result in (
        _bash("sparklog "),
        _bash("sparklog gratitude "),
        _complete({"_SPARKLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "sparklog "}),
    ):
        assert result.returncode == 0, result.stderr
        assert "HEAVY=\n" in result.stderr


def test_the_probe_notices_the_store_when_it_is_loaded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Without completion variables a write runs, and the probe sees the store."""
    result = _complete({"SPARKLOG_DB": str(tmp_path / "j.db")}, "ritual", "add", "Walk")
    assert result.returncode == 0, result.stderr
    assert "HEAVY=sqlalchemy,sqlmodel" in result.stderr


def test_show_completion_prints_a_script_for_the_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sparklog", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1"),
    )
    assert result.returncode == 0, result.stderr
    assert "_SPARKLOG_COMPLETE=complete_bash" in result.stdout
    assert "complete -o default -F _sparklog_completion sparklog" in result.stdout


# --- what lives in the journal: ritual names and tags ---------------------------


def _fish(line: str) -> subprocess.CompletedProcess[str]:
    return _complete(
        {
            "_SPARKLOG_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": line,
        }
    )


def _zsh(line: str) -> subprocess.CompletedProcess[str]:
    return _complete({"_SPARKLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line})


def _journal(cli) -> None:  # type: ignore[no-untyped-def]
    for args in (
        ["ritual", "add", "Morning coffee"],
        ["ritual", "add", "Long walk", "--on", "mon,thu"],
        ["ritual", "add", "Old habit"],
        ["ritual", "archive", "old"],
        ["gratitude", "add", "the soup #dinner #home"],
        ["gratitude", "add", "the walk #home"],
        ["observe", "tea in bed #mornings"],
    ):
        assert cli(*args).exit_code == 0, args


def test_bash_completes_ritual_names_for_every_ritual_command(cli) -> None:  # type: ignore[no-untyped-def]
    _journal(cli)
    for command in ("done", "undo", "skip", "rename", "pause", "unpause", "archive"):
        result = _bash(f"sparklog ritual {command} ")
        assert result.returncode == 0, result.stderr
        # One candidate per line; a space inside a name is escaped for bash.
        assert sorted(result.stdout.splitlines()) == ["Long\\ walk", "Morning\\ coffee"], command
        assert "HEAVY=\n" in result.stderr


def test_unarchive_completes_the_archived_rituals(cli) -> None:  # type: ignore[no-untyped-def]
    _journal(cli)
    result = _bash("sparklog ritual unarchive ")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Old\\ habit"]


def test_a_name_is_completed_from_its_start_in_any_case(cli) -> None:  # type: ignore[no-untyped-def]
    _journal(cli)
    assert _bash("sparklog ritual done mo").stdout.splitlines() == ["morning\\ coffee"]
    assert _bash("sparklog ritual done Mo").stdout.splitlines() == ["Morning\\ coffee"]
    assert _bash("sparklog ritual done x").stdout.strip() == ""
    # Each further name of `done` is completed too.
    assert _bash("sparklog ritual done morning L").stdout.splitlines() == ["Long\\ walk"]


def test_zsh_and_fish_complete_names_unescaped(cli) -> None:  # type: ignore[no-untyped-def]
    _journal(cli)
    zsh = _zsh("sparklog ritual undo L")
    assert zsh.returncode == 0, zsh.stderr
    assert '"Long walk"' in zsh.stdout
    fish = _fish("sparklog ritual pause m")
    assert fish.returncode == 0, fish.stderr
    assert fish.stdout.splitlines() == ["morning coffee"]
    assert "HEAVY=\n" in fish.stderr


def test_tags_complete_for_tag_options(cli) -> None:  # type: ignore[no-untyped-def]
    _journal(cli)
    # The most used first.
    assert _bash("sparklog log --tag ").stdout.splitlines() == ["home", "dinner", "mornings"]
    assert _bash("sparklog gratitude list -t d").stdout.splitlines() == ["dinner"]
    assert _fish("sparklog gratitude add kind --tag m").stdout.splitlines() == ["mornings"]
    result = _bash("sparklog observe hello --tag h")
    assert result.stdout.splitlines() == ["home"]
    assert "HEAVY=\n" in result.stderr


def test_no_journal_completes_nothing_and_creates_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "none" / "j.db"
    result = _complete(
        {
            "SPARKLOG_DB": str(missing),
            "_SPARKLOG_COMPLETE": "complete_bash",
            "COMP_WORDS": "sparklog ritual done ",
            "COMP_CWORD": "3",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
    assert not missing.parent.exists()


def test_a_journal_that_cannot_be_read_completes_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "j.db"
    broken.write_bytes(b"not a journal at all" * 100)
    result = _complete(
        {
            "SPARKLOG_DB": str(broken),
            "_SPARKLOG_COMPLETE": "complete_bash",
            "COMP_WORDS": "sparklog ritual done ",
            "COMP_CWORD": "3",
        }
    )
    assert result.returncode == 0
    assert result.stdout.strip() == ""
    assert "Traceback" not in result.stderr


def test_db_given_on_the_line_is_the_journal_completed_from(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "ritual", "add", "Sunday breakfast").exit_code == 0
    line = f"sparklog --db {other} ritual done "
    result = _bash(line)
    assert result.stdout.splitlines() == ["Sunday\\ breakfast"]


def test_edit_and_delete_complete_short_ids_with_their_first_words(cli) -> None:  # type: ignore[no-untyped-def]
    import json

    _journal(cli)
    listed = json.loads(cli("log", "--json").stdout)
    ids = {item["id"] for item in listed if item["kind"] != "check"}
    for command in ("edit", "delete"):
        result = _bash(f"sparklog {command} ")
        assert result.returncode == 0, result.stderr
        shorts = result.stdout.split()
        assert len(shorts) == len(ids) == 3
        assert all(any(full.startswith(short) for full in ids) for short in shorts)
        assert "HEAVY=\n" in result.stderr
    one = next(iter(ids))
    narrowed = _bash(f"sparklog delete {one[:6]}").stdout.split()
    assert len(narrowed) == 1 and one.startswith(narrowed[0][:4])
    fish = _fish("sparklog edit ").stdout.splitlines()
    assert "\ttea in bed #mornings" in "\n".join(fish) or any("tea in bed" in x for x in fish)
