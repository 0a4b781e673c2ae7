"""The timeline `sparklog log` prints: entries and ritual check-offs, newest first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sparklog.core.entries import Entry, Kind, reading_order
from sparklog.core.text import fold


class LogKind(StrEnum):
    """What `log --kind` can pick: an entry kind, or ritual check-offs."""

    GRATITUDE = "gratitude"
    THREE = "three"
    OBSERVATION = "observation"
    CHECK = "check"

    @property
    def entry_kind(self) -> Kind | None:
        return None if self is LogKind.CHECK else Kind(self.value)


@dataclass(frozen=True)
class CheckOff:
    """A ritual kept on a journal day."""

    day: date
    ritual: str
    written_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"kind": "check", "date": self.day.isoformat(), "ritual": self.ritual}


TimelineItem = Entry | CheckOff

# Letters and digits in any script: the characters FTS5's unicode61 tokenizer indexes.
_WORD = re.compile(r"[^\W_]+")


def search_words(text: str) -> list[str]:
    """The words of a search, folded like the index (`fold`) and deduplicated;
    punctuation and emoji drop out."""
    return list(dict.fromkeys(_WORD.findall(fold(text))))


def fts_query(words: Iterable[str]) -> str:
    """An FTS5 MATCH expression that finds entries holding every word (or a longer form).

    Each word is a quoted string, so FTS5 operators (AND, NEAR, *, ^, quotes, column
    filters) typed by the user are only ever words to look for.
    """
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words)


def name_matches(name: str, words: Iterable[str]) -> bool:
    """Whether a ritual's name holds every search word as the start of one of its words."""
    own = search_words(name)
    return all(any(part.startswith(word) for part in own) for word in words)


def newest_first(entries: Iterable[Entry], checks: Iterable[CheckOff]) -> list[TimelineItem]:
    """Merge entries with check-offs into one list in reading order."""
    return reading_order([*entries, *checks])
