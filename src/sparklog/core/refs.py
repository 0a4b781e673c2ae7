"""How an entry is named on screen and on the command line: its short id, or `--last`.

An entry's short id is the shortest prefix of its UUID that no other entry in
the journal shares, and never shorter than `MIN_REF` characters, so what `log`
shows can be typed back to `edit` or `delete`. Pure: the neighbours in the
sorted id index are read by the store.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sparklog.errors import NotFound, UsageError

MIN_REF = 4
"""The fewest characters of an id that name an entry."""

_REF = re.compile(r"^[0-9a-f-]+$")


def _shared(one: str, other: str | None) -> int:
    """How many leading characters two ids share."""
    if other is None:
        return 0
    count = 0
    for mine, theirs in zip(one, other, strict=False):
        if mine != theirs:
            break
        count += 1
    return count


def short_id(entry_id: str, before: str | None, after: str | None) -> str:
    """The shortest prefix of `entry_id` that its neighbours in id order do not share.

    In sorted order the ids sharing the longest prefix with one id are its
    neighbours, so they alone decide how much of it must be shown.
    """
    length = max(_shared(entry_id, before), _shared(entry_id, after)) + 1
    length = max(MIN_REF, length)
    if entry_id[length - 1 : length] == "-":
        length += 1  # a short id never ends at a dash
    return entry_id[:length]


def clean_ref(raw: str) -> str:
    """A typed entry reference as it is looked up (lower case), or one clear error."""
    ref = raw.strip().lower()
    if not ref:
        raise UsageError("give an entry's short id (sparklog log shows them), or --last")
    if not _REF.match(ref):
        raise UsageError(
            f"{raw!r} is not an entry id; use the short id that sparklog log shows (like 3f2a)"
        )
    if len(ref) < MIN_REF:
        raise UsageError(
            f"{raw!r} is too short to name an entry; type at least {MIN_REF} characters of its id"
        )
    return ref


def ambiguous(ref: str, candidates: Sequence[tuple[str, str]], *, more: bool = False) -> UsageError:
    """Several entries start with `ref`: one line naming each (short id and first words)."""
    listed = ", ".join(f"{short} ({words})" for short, words in candidates)
    if more:
        listed += ", …"
    return UsageError(f"{ref!r} could mean {listed}; type more of the id")


def unknown(ref: str, *, deleted_at: str | None = None) -> NotFound:
    """No entry starts with `ref` (perhaps it was deleted)."""
    if deleted_at is not None:
        return NotFound(f"the entry {ref!r} was deleted on {deleted_at[:10]}; it cannot come back")
    return NotFound(f"no entry with an id starting {ref!r}; sparklog log shows each entry's id")


def first_words(text: str, width: int = 30) -> str:
    """An entry's first words, enough to tell it from another in a message."""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    cut = line[:width]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"
