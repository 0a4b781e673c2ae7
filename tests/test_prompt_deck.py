"""The deck itself: its size, its ids, its line lengths, and the check-in's three questions."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from sparklog.core.prompts import (
    ALL,
    BY_ID,
    CHECKIN,
    CHECKINS_REMEMBERED,
    DECKS,
    PromptKind,
    checkin_questions,
    prompt_for,
)
from tests.conftest import Invoke

SNAPSHOT = Path(__file__).parent / "fixtures" / "prompt_ids.json"
DAYS = st.dates(min_value=date(1970, 1, 1), max_value=date(2200, 1, 1))
CHECKIN_IDS = [prompt.id for prompt in CHECKIN]


def test_at_least_120_prompts_across_the_four_kinds() -> None:
    assert len(ALL) >= 120
    assert set(DECKS) == {"checkin", "appreciation", "memory", "novelty"}
    assert all(len(deck) >= 30 for deck in DECKS.values())


def test_no_prompt_is_written_twice_even_with_other_case_or_punctuation() -> None:
    def key(text: str) -> str:
        folded = unicodedata.normalize("NFKC", text).casefold()
        return " ".join(re.sub(r"[^\w\s]", " ", folded).split())

    keys = [key(prompt.text) for prompt in ALL]
    assert len(set(keys)) == len(keys)


def test_every_prompt_fits_80_columns_with_a_two_space_indent() -> None:
    too_long = [p.text for p in ALL if 2 + len(p.text) > 80]
    assert too_long == []
    assert all(p.text == p.text.strip() and "\n" not in p.text for p in ALL)
    assert all(unicodedata.east_asian_width(ch) not in "WF" for p in ALL for ch in p.text)


def test_ids_are_unique_and_name_their_kind() -> None:
    ids = [prompt.id for prompt in ALL]
    assert len(set(ids)) == len(ids)
    for prompt in ALL:
        assert re.fullmatch(rf"{prompt.kind.value}-\d\d", prompt.id), prompt.id
        assert BY_ID[prompt.id] is prompt


def test_an_id_keeps_its_question() -> None:
    """A reflection stores its question's id: an id never moves to another question.

    Rewording a question is fine (update the snapshot); giving its id to a
    different question, or renumbering, is not. New questions take new ids.
    """
    snapshot: dict[str, str] = json.loads(SNAPSHOT.read_text())
    current = {prompt.id: prompt.text for prompt in ALL}
    assert set(snapshot) <= set(current), "an id was dropped; ids are never reused"
    assert {i: current[i] for i in snapshot} == snapshot


@given(start=DAYS)
def test_the_plain_prompt_brings_every_kind_within_any_four_days(start: date) -> None:
    kinds = {prompt_for(start + timedelta(days=n)).kind for n in range(len(PromptKind))}
    assert kinds == set(PromptKind)


@pytest.mark.parametrize("day", [date(2026, 11, 21), date(2028, 2, 29), date(2026, 12, 31)])
def test_a_checkin_starts_with_the_day_checkin_prompt(day: date) -> None:
    questions = checkin_questions(day)
    assert questions[0] == prompt_for(day, PromptKind.CHECKIN)
    assert checkin_questions(day) == questions, "the same all day"


@given(
    day=DAYS,
    recent=st.lists(st.sampled_from(CHECKIN_IDS), max_size=3 * CHECKINS_REMEMBERED),
)
def test_three_distinct_checkin_questions_none_asked_recently(day: date, recent: list[str]) -> None:
    questions = checkin_questions(day, recent)
    assert len(questions) == 3
    assert len({q.id for q in questions}) == 3
    assert all(q.kind is PromptKind.CHECKIN for q in questions)
    assert not {q.id for q in questions} & set(recent)


@given(start=DAYS, gaps=st.lists(st.integers(0, 40), min_size=1, max_size=20))
def test_a_run_of_checkins_never_repeats_the_last_three(start: date, gaps: list[int]) -> None:
    """Check-ins held at any pace (twice a day, or weeks apart), each told the last three."""
    held: list[tuple[str, ...]] = []
    day = start
    for gap in gaps:
        day += timedelta(days=gap)
        recent = [id_ for checkin in held[-CHECKINS_REMEMBERED:] for id_ in checkin]
        held.append(tuple(q.id for q in checkin_questions(day, recent)))
    for n, checkin in enumerate(held):
        before = {id_ for earlier in held[max(0, n - CHECKINS_REMEMBERED) : n] for id_ in earlier}
        assert not set(checkin) & before


def test_the_cli_offers_the_novelty_kind(cli: Invoke, frozen: object) -> None:
    result = cli("prompt", "--kind", "novelty")
    assert result.exit_code == 0, result.stderr
    expected = prompt_for(date(2026, 11, 21), PromptKind.NOVELTY)
    assert result.stdout.splitlines()[0] == expected.text
