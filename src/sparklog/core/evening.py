"""The end-of-day flow's decisions: what is still missing today, and how to read answers.

Pure, so the rules (which slots are open, which rituals are asked about, when the
day counts as done, what a '-' in front of an observation means, how the flow
greets and names the day at the hour it runs) are tested without a terminal;
`sparklog.cli.evening` only asks and saves. The clock's reading is a parameter.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Literal, NamedTuple

from sparklog.core.entries import Entry, Horseman, Kind
from sparklog.core.rituals import Ritual
from sparklog.core.streaks import WeekState
from sparklog.core.three import open_slots

NEGATIVE_MARK = "-"
POSITIVE_MARK = "+"


class RitualAsk(NamedTuple):
    """A ritual the flow asks about, with its state this week (for an N-per-week one)."""

    ritual: Ritual
    state: WeekState

    def question(self, when: str) -> str:
        """'Did you keep Tea today?', or for N per week
        'Date night — this week: 0 of 1 — did you have it today?'."""
        name = self.ritual.name
        if self.ritual.cadence.unit == "week":
            done, goal = self.state.done_this_week, self.state.week_goal
            return f"{name} — this week: {done} of {goal} — did you have it {when}?"
        return f"Did you keep {name} {when}?"


class EveningPlan(NamedTuple):
    """What the evening flow will ask on one journal day."""

    day: date
    written: tuple[Entry, ...]
    """The day's three-things items already written, by slot."""
    slots: tuple[int, ...]
    """Three-things slots still open."""
    rituals: tuple[RitualAsk, ...]
    """Rituals due on the day, not yet checked off, skipped or answered "no"."""
    observation: bool
    """Whether to offer the optional observation (none noted yet today)."""

    @property
    def complete(self) -> bool:
        """The day is done: all three things written, every due ritual kept.

        The observation is optional, so a day without one still counts as done;
        a ritual answered "no" or skipped counts as answered.
        """
        return not self.slots and not self.rituals


def plan_evening(
    day: date,
    entries: Iterable[Entry],
    rituals: Sequence[tuple[Ritual, WeekState]],
    answered: Collection[str] = (),
) -> EveningPlan:
    """Work out the steps still open on `day` from its entries and the rituals' state
    today (no streaks: the first question waits for nothing more).

    `answered` holds the ids of rituals with a mark on the day (a "no" from an
    earlier run): they are not asked again. A skipped day is not due at all. An
    N-per-week ritual whose week is met is not due either.
    """
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
            RitualAsk(ritual, state)
            for ritual, state in rituals
            if state.due_today and not state.done_today and ritual.id not in answered
        ),
        observation=not any(entry.kind is Kind.OBSERVATION for entry in day_entries),
    )


class ObservationAnswer(NamedTuple):
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


RitualAnswer = Literal["kept", "not kept", "skip", "later"]
"""y, n, s, or Enter (ask again next time: nothing is saved)."""
RITUAL_ANSWERS: dict[str, RitualAnswer] = {
    "y": "kept",
    "yes": "kept",
    "n": "not kept",
    "no": "not kept",
    "s": "skip",
    "skip": "skip",
    "": "later",
}


def read_ritual_answer(answer: str) -> RitualAnswer | None:
    """A ritual answer (y / n / s, or Enter for later); None when it is not one of them."""
    return RITUAL_ANSWERS.get(answer.strip().lower())


HORSEMEN: tuple[Horseman, ...] = tuple(Horseman)


def read_horseman(answer: str) -> Horseman | Literal[False] | None:
    """A horseman by number (1-4) or by name or its start; None for Enter; False if unclear."""
    word = answer.strip().lower()
    if not word:
        return None
    if word.isdigit() and 1 <= int(word) <= len(HORSEMEN):
        return HORSEMEN[int(word) - 1]
    found = [horseman for horseman in HORSEMEN if horseman.value.startswith(word)]
    return found[0] if len(found) == 1 else False


DayPart = Literal["night", "morning", "afternoon", "evening"]
GREETINGS: dict[DayPart, str] = {
    "night": "Still up?",
    "morning": "Good morning.",
    "afternoon": "Good afternoon.",
    "evening": "Good evening.",
}


def day_part(hour: int) -> DayPart:
    """Night until 05:00, morning until noon, afternoon until 18:00, then evening."""
    if hour < 5:
        return "night"
    if hour < 12:
        return "morning"
    if hour < 18:
        return "afternoon"
    return "evening"


class Wording(NamedTuple):
    """How the flow greets and names its journal day at the hour it runs.

    "today" only while the journal day is the calendar day and the day is well
    under way (afternoon, evening). Before the rollover hour the journal day is
    still yesterday's, and the flow says "yesterday"; in the morning of the same
    day it names the day ("on Saturday") rather than asking about a day that
    has hardly begun.
    """

    greeting: str
    when: str
    """How a question names the day: 'today', 'yesterday', 'on Saturday'."""
    title: str
    """The day for people: 'Saturday 21 November', 'yesterday, Friday 20 November'."""
    named: bool
    """The header reads 'For <title>' (the day is not simply today)."""

    @property
    def header(self) -> str:
        return f"{self.greeting} {'For ' if self.named else ''}{self.title}"


def wording(now: datetime, day: date) -> Wording:
    """The greeting and the words for `day` (the journal day) at the local time `now`."""
    part = day_part(now.hour)
    full = f"{day:%A} {day.day} {day:%B}"
    calendar_day = now.date()
    if day == calendar_day - timedelta(days=1):
        return Wording(GREETINGS[part], "yesterday", f"yesterday, {full}", named=True)
    if day != calendar_day or part in ("night", "morning"):
        return Wording(GREETINGS[part], f"on {day:%A}", full, named=True)
    return Wording(GREETINGS[part], "today", full, named=False)
