"""Streaks: how many units in a row a habit was kept.

Pure: it takes dates and a cadence and returns numbers; "today" is a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Unit = Literal["day", "week"]


@dataclass(frozen=True)
class Streak:
    current: int
    best: int
    unit: Unit
    at_risk: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "current": self.current,
            "best": self.best,
            "unit": self.unit,
            "at_risk": self.at_risk,
        }
