"""`sparklog prompt`: a deck of questions, one a day, none twice within a week."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from hypothesis import given, strategies as st

from sparklog.core.entries import Lang
from sparklog.core.prompts import ALL, DECKS, PromptKind, deck_for, prompt_for
from tests.conftest import Invoke

KINDS: list[PromptKind | None] = [None, *PromptKind]


def test_the_deck_holds_at_least_sixty_distinct_prompts() -> None:
    texts = [prompt.text for deck in DECKS.values() for prompt in deck]
    assert len(texts) >= 60
    assert len(set(texts)) == len(texts), "no prompt is written twice"
    assert sorted(p.text for p in ALL) == sorted(texts)


@pytest.mark.parametrize("kind", list(PromptKind))
def test_every_kind_has_more_than_a_week_of_prompts(kind: PromptKind) -> None:
    deck = DECKS[kind]
    assert len(deck) > 7
    assert all(prompt.kind is kind for prompt in deck)


def test_every_love_language_has_appreciation_prompts() -> None:
    langs = {prompt.lang for prompt in DECKS[PromptKind.APPRECIATION]}
    assert set(Lang) <= langs


@given(
    start=st.dates(min_value=date(1970, 1, 1), max_value=date(2200, 1, 1)),
    kind=st.sampled_from(KINDS),
)
def test_no_prompt_repeats_within_seven_consecutive_days(
    start: date, kind: PromptKind | None
) -> None:
    week = [prompt_for(start + timedelta(days=n), kind) for n in range(7)]
    assert len({prompt.text for prompt in week}) == 7


@pytest.mark.parametrize("kind", KINDS)
def test_a_whole_deck_is_used_before_any_prompt_returns(kind: PromptKind | None) -> None:
    deck = deck_for(kind)
    start = date(2026, 1, 1)
    for offset in range(0, 400, 37):
        first = start + timedelta(days=offset)
        seen = [prompt_for(first + timedelta(days=n), kind).text for n in range(len(deck))]
        assert len(set(seen)) == len(deck)


@pytest.mark.parametrize("kind", list(PromptKind))
def test_kind_picks_from_that_kind(kind: PromptKind) -> None:
    for n in range(30):
        assert prompt_for(date(2026, 3, 1) + timedelta(days=n), kind).kind is kind


def test_the_plain_prompt_varies_by_kind_across_a_few_days() -> None:
    kinds = {prompt_for(date(2026, 5, 1) + timedelta(days=n)).kind for n in range(7)}
    assert kinds == set(PromptKind)


def test_the_same_prompt_all_journal_day_long(cli: Invoke) -> None:
    seen = []
    # Saturday morning, Saturday night, and 02:00 Sunday (still Saturday's journal day).
    for instant in (
        "2026-11-21T08:00:00+01:00",
        "2026-11-21T23:59:00+01:00",
        "2026-11-22T02:00:00+01:00",
    ):
        with time_machine.travel(instant, tick=False):
            result = cli("prompt", "--kind", "checkin")
        assert result.exit_code == 0, result.stderr
        seen.append(result.stdout)
    assert seen[0] == seen[1] == seen[2]
    with time_machine.travel("2026-11-22T09:00:00+01:00", tick=False):
        assert cli("prompt", "--kind", "checkin").stdout != seen[0]


def test_the_cli_prints_the_day_prompt_and_what_it_is_for(cli: Invoke, frozen: object) -> None:
    result = cli("prompt", "--kind", "memory")
    expected = prompt_for(date(2026, 11, 21), PromptKind.MEMORY)
    lines = result.stdout.splitlines()
    assert lines[0] == expected.text
    assert lines[1] == "A memory to revisit with your partner."
    assert "\x1b" not in result.stdout


def test_the_partner_name_is_used(cli: Invoke, frozen: object, config_file: Path) -> None:
    config_file.write_text('partner_name = "Sam"\n')
    result = cli("prompt", "--kind", "checkin")
    assert result.stdout.splitlines()[1] == "A check-in question to ask Sam."


def test_an_unknown_kind_is_a_usage_error(cli: Invoke) -> None:
    result = cli("prompt", "--kind", "gossip")
    assert result.exit_code == 2
    assert len(result.err_lines) == 1
    assert "checkin" in result.stderr
