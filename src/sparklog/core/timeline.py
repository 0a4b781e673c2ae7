"""The timeline `sparklog log` prints: entries and ritual check-offs (and skipped
ritual days, beside them), newest first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

from sparklog.core.entries import Entry, Kind, reading_order
from sparklog.core.kinds import KINDS
from sparklog.core.text import fold
from sparklog.errors import UsageError

CHECK = "check"
SKIP = "skip"
LOG_KINDS: tuple[str, ...] = (*KINDS, CHECK)
"""What `log --kind` can pick: every entry kind defined, or ritual check-offs."""


class LogKind(NamedTuple):
    """A `log --kind` choice: one entry kind, or ritual check-offs (`entry_kind` None)."""

    entry_kind: Kind | None

    @classmethod
    def parse(cls, word: str) -> LogKind:
        picked = word.strip().lower()
        if picked == CHECK:
            return cls(None)
        if picked in LOG_KINDS:
            return cls(Kind(picked))
        raise UsageError(
            f"--kind {word!r} is not one of {', '.join(LOG_KINDS[:-1])} or {LOG_KINDS[-1]}"
        )

    @property
    def checks(self) -> bool:
        return self.entry_kind is None


class CheckOff(NamedTuple):
    """A ritual kept on a journal day, or (`kind` 'skip') a due day it was excused."""

    day: date
    ritual: str
    written_at: datetime
    kind: Literal["check", "skip"] = "check"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "date": self.day.isoformat(), "ritual": self.ritual}


TimelineItem = Entry | CheckOff


class Listing(NamedTuple):
    """What `log` and `gratitude list` show: the items, and each entry's short id."""

    items: list[TimelineItem]
    short_ids: dict[str, str]
    """Entry id -> the short id to type to `edit` or `delete` it."""


class Revision(NamedTuple):
    """Another version of an entry, kept by a merge: an edit that lost to a later one made
    elsewhere meanwhile, or one made on another device after the entry was deleted."""

    entry_id: str
    saved_at: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"saved_at": self.saved_at, "text": self.text}

    def deleted_json(self) -> dict[str, Any]:
        """A revision of a deleted entry, as its own `log --history --json` item."""
        return {"kind": "revision", "id": self.entry_id, "deleted": True, **self.to_json()}


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
