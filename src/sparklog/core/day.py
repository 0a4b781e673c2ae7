"""The state of one journal day, as `today` and the evening flow show it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from sparklog.core.entries import Entry
from sparklog.core.important_dates import Upcoming
from sparklog.core.streaks import StreaksReport


class DayReport(NamedTuple):
    day: date
    entries: list[Entry]
    streaks: StreaksReport
    """The built-in streaks, and each ritual with its streak and its state today."""
    upcoming: Sequence[Upcoming] = ()
    """Important dates and milestones from today to two weeks ahead."""
    memory: str | None = None
    """One line of "on this day", when a past day holds something."""
    partner: bool = False
    """Whether a partner ever joined: only then is their news read under the view."""

    @property
    def rituals_due(self) -> list[str]:
        """Rituals still open today: due and not yet kept."""
        return [s.ritual.name for s in self.streaks.rituals if s.due_today and not s.done_today]

    @property
    def rituals_done(self) -> list[str]:
        return [s.ritual.name for s in self.streaks.rituals if s.done_today]

    @property
    def rituals_skipped(self) -> list[str]:
        """Rituals whose day was skipped (excused): neither done nor due."""
        return [s.ritual.name for s in self.streaks.rituals if s.skipped_today]

    @property
    def is_empty(self) -> bool:
        return not self.entries and not self.rituals_done

    def to_json(self) -> dict[str, Any]:
        """PRODUCT.md's `today` shape; each ritual's streak rides with the ritual."""
        return {
            "date": self.day.isoformat(),
            "entries": [entry.to_json() for entry in self.entries],
            "rituals_due": self.rituals_due,
            "rituals_done": self.rituals_done,
            "rituals_skipped": self.rituals_skipped,
            **self.streaks.to_json(),
            "upcoming": [item.to_json() for item in self.upcoming],
            "memory": self.memory,
        }
