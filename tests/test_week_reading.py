"""How `week`, `ritual list` and `streaks` read to a person: marks, units, past weeks.

The frozen clock stands on Saturday 21 November 2026, 21:00; its week runs from
Monday the 16th, the week before from Monday the 9th.
"""

from __future__ import annotations

import json

import pytest
import time_machine

from tests.conftest import FROZEN_NOW, Invoke

pytestmark = pytest.mark.usefixtures("frozen")


def _add_on(cli: Invoke, frozen: time_machine.Traveller, day: str, *args: str) -> None:
    """`ritual add` as run on an earlier evening, so the ritual's history starts there."""
    frozen.move_to(f"{day}T21:00:00+01:00")
    _ok(cli("ritual", "add", *args))
    frozen.move_to(FROZEN_NOW)


def _ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return result


def _line(shown: str, start: str) -> str:
    return next(line for line in shown.splitlines() if line.lstrip().startswith(start))


def _last_line(shown: str, start: str) -> str:
    """The last line starting with `start`: in `week`, the streak under the grid's row."""
    return _line("\n".join(reversed(shown.splitlines())), start)


def test_a_past_due_day_missed_has_its_own_mark_and_legend_word(cli: Invoke) -> None:
    _ok(cli("ritual", "add", "Long walk", "--on", "mon,thu,sat"))
    _ok(cli("ritual", "done", "long", "--date", "2026-11-16"))
    shown = _ok(cli("week")).stdout
    row = _line(shown, "Long walk")
    # Mon kept, Thu (past, undone) missed, Sat (today) still due.
    assert row.split()[2:8] == ["✓", "·", "·", "✗", "·", "○"], row
    legend = _line(shown, "✓ kept")
    assert "○ due" in legend and "✗ missed" in legend


def test_a_past_week_has_no_open_days(cli: Invoke, frozen: time_machine.Traveller) -> None:
    _add_on(cli, frozen, "2026-11-01", "Long walk", "--on", "mon,thu")
    _ok(cli("gratitude", "add", "the soup", "--date", "2026-11-10"))
    shown = _ok(cli("week", "--last")).stdout
    row = _line(shown, "Long walk")
    assert "○" not in row and row.count("✗") == 2, row
    legend = _line(shown, "✓ kept")
    assert "due" not in legend.replace("not due", "") and "✗ missed" in legend


def test_a_past_week_shows_its_streaks_as_they_stood(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    _add_on(cli, frozen, "2026-11-09", "Coffee", "--daily")
    for day in range(9, 16):
        _ok(cli("ritual", "done", "coffee", "--date", f"2026-11-{day:02d}"))
        _ok(cli("gratitude", "add", f"day {day}", "--date", f"2026-11-{day:02d}"))
    # Nothing since: this week the streak is broken, last week it stood at seven.
    last = json.loads(_ok(cli("week", "--last", "--json")).stdout)
    coffee = next(row for row in last["rituals"] if row["name"] == "Coffee")
    assert coffee["streak"] == {"current": 7, "best": 7, "unit": "day", "at_risk": False}
    assert last["streaks"]["gratitude"]["current"] == 7
    now = json.loads(_ok(cli("week", "--json")).stdout)
    assert now["streaks"]["gratitude"]["current"] == 0
    shown = _ok(cli("week", "--last")).stdout
    assert "at risk" not in shown
    assert "7 days" in _last_line(shown, "Coffee")


def test_a_past_week_whose_last_day_was_missed_ended_its_streak(cli: Invoke) -> None:
    for day in range(9, 15):  # Monday to Saturday, not Sunday the 15th
        _ok(cli("gratitude", "add", f"day {day}", "--date", f"2026-11-{day:02d}"))
    _ok(cli("gratitude", "add", "a new start", "--date", "2026-11-16"))
    last = json.loads(_ok(cli("week", "--last", "--json")).stdout)
    assert last["streaks"]["gratitude"] == {
        "current": 0,
        "best": 6,
        "unit": "day",
        "at_risk": False,
    }


def test_a_week_total_of_one_sign_shows_only_that_sign(cli: Invoke) -> None:
    _ok(cli("observe", "brought me tea"))
    row = _line(_ok(cli("week")).stdout, "Observations")
    assert row.split()[-1] == "+1", row
    assert "-0" not in row


def test_appreciations_count_as_positive_moments(cli: Invoke) -> None:
    for n in range(7):
        _ok(cli("gratitude", "add", f"appreciation {n}", "--date", f"2026-11-{16 + n % 6}"))
    _ok(cli("observe", "snapped at me", "--negative", "--date", "2026-11-18"))
    _ok(cli("observe", "walked off", "--negative", "--date", "2026-11-19"))
    shown = _ok(cli("week")).stdout
    assert "0% positive" not in shown
    assert "7 positive (7 appreciations), 2 negative  ratio 3.5:1 (target 5:1)" in shown
    assert "78% positive (target 83%)" in shown
    data = json.loads(_ok(cli("week", "--json")).stdout)
    assert data["observations"]["positive"] == 0  # the observations themselves, as before
    assert data["moments"]["positive"] == 7
    assert data["moments"]["ratio"] == 3.5


def test_streaks_say_what_they_count(cli: Invoke, frozen: time_machine.Traveller) -> None:
    _add_on(cli, frozen, "2026-11-01", "Long walk", "--on", "mon,thu")
    _add_on(cli, frozen, "2026-11-01", "Date night", "--weekly", "1")
    for day in ("2026-11-09", "2026-11-12", "2026-11-16", "2026-11-19"):
        _ok(cli("ritual", "done", "long", "--date", day))
    for day in ("2026-11-06", "2026-11-13", "2026-11-20"):
        _ok(cli("ritual", "done", "date", "--date", day))
    listed = _ok(cli("ritual", "list")).stdout
    assert "4 due days" in _line(listed, "Long walk")
    assert "3 weeks" in _line(listed, "Date night")
    assert "4 due days" in _line(_ok(cli("streaks")).stdout, "Long walk")
    assert "4 due days" in _last_line(_ok(cli("week")).stdout, "Long walk")
    assert "4 due days" in _line(_ok(cli("today")).stdout, "Long walk")


def test_a_young_ritual_kept_every_time_reads_as_strong(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    """A weekly ritual kept three weeks of three, its first week included."""
    _add_on(cli, frozen, "2026-11-02", "Date night", "--weekly", "1")
    for day in ("2026-11-06", "2026-11-13", "2026-11-20"):
        _ok(cli("ritual", "done", "date", "--date", day))
    (ritual,) = json.loads(_ok(cli("ritual", "list", "--json")).stdout)
    assert ritual["strength"] == 100
    _add_on(cli, frozen, "2026-11-02", "Walk", "--weekly", "1")
    _ok(cli("ritual", "done", "walk", "--date", "2026-11-20"))
    walk = next(
        r for r in json.loads(cli("ritual", "list", "--json").stdout) if r["name"] == "Walk"
    )
    assert 0 < walk["strength"] < 60  # two weeks missed of three weigh
    assert "100" in _line(_ok(cli("ritual", "list")).stdout, "Date night")


# --- risk_hour: "at risk" is for the evening ------------------------------------


def _open_streak(cli: Invoke) -> None:
    """A gratitude streak and a daily ritual kept up to yesterday, today still open."""
    _ok(cli("ritual", "add", "Coffee", "--daily"))
    for day in ("2026-11-19", "2026-11-20"):
        _ok(cli("gratitude", "add", f"day {day}", "--date", day))
    _ok(cli("ritual", "done", "coffee", "--date", "2026-11-20"))


VIEWS = (["today"], ["week"], ["streaks"], ["ritual", "list"])


@pytest.mark.parametrize("view", VIEWS, ids=" ".join)
def test_before_the_risk_hour_an_open_day_is_only_open(
    cli: Invoke, frozen: time_machine.Traveller, view: list[str]
) -> None:
    _open_streak(cli)
    frozen.move_to("2026-11-21T07:30:00+01:00")
    morning = _ok(cli(*view, env={"COLUMNS": "120"})).stdout
    assert "at risk" not in morning.lower(), morning
    assert "open" in morning
    frozen.move_to("2026-11-21T18:00:00+01:00")
    evening = _ok(cli(*view, env={"COLUMNS": "120"})).stdout
    assert "at risk" in evening.lower(), evening


def test_after_midnight_before_the_rollover_it_is_still_evening(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    _open_streak(cli)
    frozen.move_to("2026-11-22T00:30:00+01:00")  # still Saturday's journal day
    assert "at risk" in _ok(cli("streaks")).stdout


def test_risk_hour_is_read_from_the_config(
    cli: Invoke, frozen: time_machine.Traveller, config_file
) -> None:  # type: ignore[no-untyped-def]
    _open_streak(cli)
    config_file.write_text("risk_hour = 8\n")
    frozen.move_to("2026-11-21T07:30:00+01:00")
    assert "at risk" not in _ok(cli("streaks")).stdout
    frozen.move_to("2026-11-21T08:00:00+01:00")
    assert "at risk" in _ok(cli("streaks")).stdout
    config_file.write_text("risk_hour = 25\n")
    refused = cli("streaks")
    assert refused.exit_code != 0
    assert refused.err_lines == [
        f"sparklog: {config_file}: risk_hour must be a whole hour from 0 to 23 (18 is 6 pm)"
    ]


def test_json_keeps_at_risk_whatever_the_hour(cli: Invoke, frozen: time_machine.Traveller) -> None:
    _open_streak(cli)
    frozen.move_to("2026-11-21T07:30:00+01:00")
    data = json.loads(_ok(cli("streaks", "--json")).stdout)
    assert data["streaks"]["gratitude"]["at_risk"] is True


def test_a_past_week_leaves_out_a_ritual_made_after_it(cli: Invoke) -> None:
    _ok(cli("ritual", "add", "New ritual"))  # made today, Saturday the 21st
    _ok(cli("gratitude", "add", "the soup", "--date", "2026-11-10"))
    last = json.loads(_ok(cli("week", "--last", "--json")).stdout)
    assert last["rituals"] == []
    assert "New ritual" not in _ok(cli("week", "--last")).stdout


def test_the_evening_close_marks_risk_only_in_the_evening(
    cli: Invoke, frozen: time_machine.Traveller
) -> None:
    _open_streak(cli)
    frozen.move_to("2026-11-21T07:30:00+01:00")
    morning = _ok(cli("evening", input="\n" * 8, env={"COLUMNS": "120"})).stdout
    streaks = _line(morning, "Streaks:")
    assert "(open)" in streaks, morning
    assert "at risk" not in morning.lower(), morning
    frozen.move_to("2026-11-21T21:00:00+01:00")
    evening = _ok(cli("evening", input="\n" * 8, env={"COLUMNS": "120"})).stdout
    assert "(at risk)" in _line(evening, "Streaks:"), evening
