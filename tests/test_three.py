"""The day's three things."""

from __future__ import annotations

from tests.conftest import Invoke

THREE_ROWS = "SELECT slot, text FROM entry WHERE kind = 'three' ORDER BY slot"


def test_three_arguments_fill_slots_one_to_three(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", "coffee", "the call at lunch", "a hug #home")
    assert result.exit_code == 0, result.stderr
    assert rows(THREE_ROWS) == [(1, "coffee"), (2, "the call at lunch"), (3, "a hug #home")]
    assert rows("SELECT tag FROM entry_tag") == [("home",)]


def test_one_argument_prompts_for_two_more(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", "coffee", input="the note\nthe walk\n")
    assert result.exit_code == 0, result.stderr
    assert rows(THREE_ROWS) == [(1, "coffee"), (2, "the note"), (3, "the walk")]


def test_full_day_refuses_without_replace_and_keeps_items(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    cli("three", "a", "b", "c")
    result = cli("three", "x", "y", "z")
    assert result.exit_code == 1
    assert "--replace" in result.stderr
    assert rows(THREE_ROWS) == [(1, "a"), (2, "b"), (3, "c")]


def test_replace_swaps_the_items(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    cli("three", "a", "b", "c")
    assert cli("three", "x", "y", "z", "--replace").exit_code == 0
    assert rows(THREE_ROWS) == [(1, "x"), (2, "y"), (3, "z")]


def test_partial_day_fills_the_open_slots(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    cli("three", "a", input="\n")
    assert rows(THREE_ROWS) == [(1, "a")]
    assert cli("three", "b", "c").exit_code == 0
    assert rows(THREE_ROWS) == [(1, "a"), (2, "b"), (3, "c")]


def test_more_than_three_is_a_usage_error(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", "a", "b", "c", "d")
    assert result.exit_code == 2
    assert rows(THREE_ROWS) == []


def test_closed_stdin_saves_what_was_given_and_says_what_is_missing(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", "a", "b", input="")
    assert result.exit_code == 0, result.stderr
    assert rows(THREE_ROWS) == [(1, "a"), (2, "b")]
    assert "Saved 2 of 3 for" in result.stdout
    assert "Still missing: item 3 (add later: sparklog three)." in result.stdout
    assert result.stderr == ""


def test_closed_stdin_with_nothing_given_is_an_error(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", input="")
    assert result.exit_code == 1
    assert result.err_lines == [
        "sparklog: standard input closed before an answer was given; nothing was saved"
    ]
    assert rows(THREE_ROWS) == []


def test_a_past_day_missing_items_names_its_date(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", "soup", "--date", "2026-11-10", input="")
    assert result.exit_code == 0, result.stderr
    wanted = "Still missing: items 2 and 3 (add later: sparklog three --date 2026-11-10)."
    assert wanted in result.stdout


def test_one_bad_item_saves_none(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", "fine", "bad\x07bell", "fine too")
    assert result.exit_code == 2
    assert rows(THREE_ROWS) == []


def test_asking_says_what_to_write_and_for_which_day(cli: Invoke, rows, config_file) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", "--date", "2026-11-10", input="the soup\n\n")
    assert result.exit_code == 0, result.stderr
    assert "Three things you appreciate about your partner (Tue 10 Nov 2026)" in result.stdout
    assert rows(THREE_ROWS) == [(1, "the soup")]
    config_file.write_text('partner_name = "Sam"\n')
    named = cli("three", "--date", "2026-11-10", input="\n")
    assert "Three things you appreciate about Sam (Tue 10 Nov 2026)" in named.stdout
    assert cli("three", "a", "b", "c", "--date", "2026-11-11").stdout.count("appreciate") == 0


def test_closed_stdin_after_an_answer_keeps_the_answer(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    result = cli("three", input="typed and kept\n")
    assert result.exit_code == 0, result.stderr
    assert rows(THREE_ROWS) == [(1, "typed and kept")]
    assert "Still missing: items 2 and 3" in result.stdout


def test_two_given_in_a_terminal_save_the_same_way(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    """Enter at the third prompt in a real terminal ends as a closed stdin does."""
    import os

    import pexpect

    from tests.conftest import sparklog_command

    argv = sparklog_command("three", "a", "b")
    child = pexpect.spawn(
        argv[0], argv[1:], env=dict(os.environ, NO_COLOR="1"), encoding="utf-8", timeout=30
    )
    child.expect("3: ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    shown = " ".join(str(child.before).split())
    assert child.exitstatus == 0, shown
    assert "Saved 2 of 3 for" in shown
    assert "Still missing: item 3 (add later: sparklog three)." in shown
    assert rows(THREE_ROWS) == [(1, "a"), (2, "b")]
    piped = cli("three", "c", "d", "--date", "yesterday", input="")
    assert "Still missing: item 3" in piped.stdout


def test_saying_no_in_a_terminal_keeps_the_day_calmly(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    import os
    import sys

    import pexpect

    assert cli("three", "a", "b", "c", "--date", "2026-11-10").exit_code == 0
    child = pexpect.spawn(
        sys.executable,
        ["-m", "sparklog", "three", "x", "y", "z", "--date", "2026-11-10"],
        env=dict(os.environ, NO_COLOR="1"),
        encoding="utf-8",
        timeout=30,
    )
    child.expect(r"Replace them\? \[y/N\]: ")
    child.sendline("perhaps")
    child.expect(r"Answer y or n \(Enter means no\)\.")
    child.expect(r"Replace them\? \[y/N\]: ")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "Kept them; nothing changed." in str(child.before)
    assert rows(THREE_ROWS) == [(1, "a"), (2, "b"), (3, "c")]


THREE_IDS = "SELECT slot, id FROM entry WHERE kind = 'three' ORDER BY slot"


def test_redoing_in_a_terminal_keeps_each_item_left_empty(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    import os
    import sys

    import pexpect

    assert cli("three", "a", "b", "c", "--date", "2026-11-10").exit_code == 0
    before = dict(rows(THREE_IDS))
    child = pexpect.spawn(
        sys.executable,
        ["-m", "sparklog", "three", "--date", "2026-11-10"],
        env=dict(os.environ, NO_COLOR="1"),
        encoding="utf-8",
        timeout=30,
    )
    child.expect(r"Replace them\? \[y/N\]: ")
    child.sendline("y")
    child.expect(r"Enter keeps\s+the item in brackets")
    child.expect(r"1 \[a\]: ")
    child.sendline("the new first one")
    child.expect(r"2 \[b\]: ")
    child.sendline("")
    child.expect(r"3 \[c\]: ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "Saved 3 of 3 for Tue 10 Nov 2026; items 2 and 3 kept as they were." in str(child.before)
    assert rows(THREE_ROWS) == [(1, "the new first one"), (2, "b"), (3, "c")]
    after = dict(rows(THREE_IDS))
    assert (after[2], after[3]) == (before[2], before[3]), "the kept items are the same entries"
    assert after[1] != before[1]


def test_replace_keeps_the_items_not_retyped(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    assert cli("three", "a", "b", "c", "--date", "2026-11-10").exit_code == 0
    before = dict(rows(THREE_IDS))
    result = cli("three", "x", "--replace", "--date", "2026-11-10", input="\nnew c\n")
    assert result.exit_code == 0, result.stderr
    assert "2 [b]: " in result.stdout and "3 [c]: " in result.stdout
    assert rows(THREE_ROWS) == [(1, "x"), (2, "b"), (3, "new c")]
    assert dict(rows(THREE_IDS))[2] == before[2]
    assert "Saved 3 of 3" in result.stdout


def test_replace_shows_a_long_old_item_shortened_and_keeps_it_whole(cli: Invoke, rows) -> None:  # type: ignore[no-untyped-def]
    long = "the whole evening you spent " + "listening " * 10 + "to me"
    assert cli("three", "a", long, "c", "--date", "2026-11-10").exit_code == 0
    result = cli("three", "--replace", "--date", "2026-11-10", input="\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert "2 [the whole evening you spent listening…]: " in result.stdout
    assert rows(THREE_ROWS) == [(1, "a"), (2, long), (3, "c")]
    assert "Nothing retyped; the day's items were kept as they were." in result.stdout
