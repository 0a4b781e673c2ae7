"""The end-of-day flow's decisions: what is still missing today, and how to read answers.

Pure, so the rules (which slots are open, which rituals are asked about, when the
day counts as done, what a '-' in front of an observation means) are tested
without a terminal; `sparklog.cli.evening` only asks and saves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sparklog.core.entries import Entry, Kind
from sparklog.core.rituals import Ritual
from sparklog.core.streaks import WeekState
from sparklog.core.three import open_slots

NEGATIVE_MARK = "-"
POSITIVE_MARK = "+"


@dataclass(frozen=True)
class EveningPlan:
    """What the evening flow will ask on one journal day."""

    day: date
    written: tuple[Entry, ...]
    """The day's three-things items already written, by slot."""
    slots: tuple[int, ...]
    """Three-things slots still open."""
    rituals: tuple[Ritual, ...]
    """Rituals due on the day and not yet checked off."""
    observation: bool
    """Whether to offer the optional observation (none noted yet today)."""

    @property
    def complete(self) -> bool:
        """The day is done: all three things written, every due ritual kept.

        The observation is optional, so a day without one still counts as done.
        """
        return not self.slots and not self.rituals


def plan_evening(
    day: date, entries: Iterable[Entry], rituals: Sequence[tuple[Ritual, WeekState]]
) -> EveningPlan:
    """Work out the steps still open on `day` from its entries and the rituals' state
    today (no streaks: the first question waits for nothing more)."""
    day_entries = [entry for entry in entries if entry.day == day]
    three = sorted(
        (entry for entry in day_entries if entry.kind is Kind.THREE), key=lambda e: e.slot or 0
    )
    taken = {entry.slot for entry in three if entry.slot is not None}
    return EveningPlan(
        day=day,
        written=tuple(three),
        slots=tuple(open_slots(taken, replace=False)),
        rituals=tuple(
            ritual for ritual, state in rituals if state.due_today and not state.done_today
        ),
        observation=not any(entry.kind is Kind.OBSERVATION for entry in day_entries),
    )


@dataclass(frozen=True)
class ObservationAnswer:
    text: str
    positive: bool


def read_observation(answer: str) -> ObservationAnswer | None:
    """An observation typed at the prompt; None means the step was skipped.

    Positive unless it starts with '-' (a hard moment); a leading '+' is allowed
    for symmetry and dropped.
    """
    text = answer.strip()
    positive = True
    if text.startswith(NEGATIVE_MARK):
        positive = False
        text = text[len(NEGATIVE_MARK) :].strip()
    elif text.startswith(POSITIVE_MARK):
        text = text[len(POSITIVE_MARK) :].strip()
    return ObservationAnswer(text, positive) if text else None
