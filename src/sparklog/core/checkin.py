"""What a check-in conversation (`sparklog checkin`) asks, decided before the first question.

Pure: the day, the questions answered in recent check-ins and the rituals are
passed in. Which three questions comes from `sparklog.core.prompts`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import NamedTuple

from sparklog.core.prompts import CHECKIN, Prompt, checkin_questions
from sparklog.core.rituals import Ritual, find_ritual
from sparklog.errors import SparklogError

CHECKIN_IDS = frozenset(prompt.id for prompt in CHECKIN)
"""The ids an answer carries when it answers a check-in question."""


class CheckinPlan(NamedTuple):
    day: date
    questions: tuple[Prompt, ...]
    ritual: Ritual | None = None
    """The ritual the config's `checkin_ritual` names, checked off when the check-in ends."""
    ritual_problem: str | None = None
    """Why the configured ritual cannot be checked off (unknown, ambiguous, archived)."""


def plan_checkin(
    day: date,
    recent: Mapping[date, Collection[str]],
    rituals: Collection[Ritual] = (),
    ritual_name: str | None = None,
) -> CheckinPlan:
    """The three questions of a check-in on `day`, and the ritual it keeps.

    `recent` holds, by day, the check-in questions answered on the last few days
    that held a check-in (a day's answers are one check-in); none comes back.
    """
    asked = {prompt_id for ids in recent.values() for prompt_id in ids}
    questions = checkin_questions(day, asked)
    if ritual_name is None:
        return CheckinPlan(day, questions)
    try:
        ritual = find_ritual(rituals, ritual_name)
    except SparklogError as problem:
        return CheckinPlan(
            day,
            questions,
            ritual_problem=f"checkin_ritual in the config: {problem.message}",
        )
    return CheckinPlan(day, questions, ritual=ritual)
