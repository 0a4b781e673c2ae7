"""The state of one journal day, as `today` and the evening flow show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sparklog.core.entries import Entry
from sparklog.core.streaks import Streak


@dataclass(frozen=True)
class DayReport:
    day: date
    entries: list[Entry]
    rituals_due: list[str] = field(default_factory=list)
    rituals_done: list[str] = field(default_factory=list)
    streaks: dict[str, Streak] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.entries and not self.rituals_done

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "entries": [entry.to_json() for entry in self.entries],
            "rituals_due": list(self.rituals_due),
            "rituals_done": list(self.rituals_done),
            "streaks": {name: streak.to_json() for name, streak in self.streaks.items()},
        }
