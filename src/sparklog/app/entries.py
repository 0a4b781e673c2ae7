"""The entry use cases: each records one thing a user wrote, in one write transaction.

Every new entry passes its kind's rules (`sparklog.core.kinds`) here, before
anything is written, so the commands, the evening flow and the tests all record
things the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from sparklog.app import sharing as partner
from sparklog.app.journal import write
from sparklog.app.journal_ref import JournalRef
from sparklog.core.entries import Entry, Horseman, Kind, Lang, NewEntry
from sparklog.core.kinds import definition
from sparklog.core.prompts import Prompt
from sparklog.errors import Conflict, UsageError
from sparklog.store import queries


def new_gratitude(
    text: str, *, day: date, now: datetime, tags: Sequence[str] = (), lang: Lang | None = None
) -> NewEntry:
    """An appreciation as it will be stored; a text or tag the journal refuses raises."""
    return _checked(NewEntry(Kind.GRATITUDE, day, now, text, tuple(tags), lang))


def new_three(slot: int, text: str, *, day: date, now: datetime) -> NewEntry:
    """One of the day's three things, in its slot."""
    return _checked(NewEntry(Kind.THREE, day, now, text, slot=slot))


def new_observation(
    text: str,
    *,
    day: date,
    now: datetime,
    positive: bool = True,
    horseman: Horseman | None = None,
    reframe: str | None = None,
    tags: Sequence[str] = (),
    lang: Lang | None = None,
) -> NewEntry:
    """An observation; a horseman belongs to a negative one only."""
    if horseman is not None and positive:
        raise UsageError("a horseman belongs to a negative observation; add --negative")
    new = NewEntry(
        Kind.OBSERVATION,
        day,
        now,
        text,
        tuple(tags),
        lang,
        positive=positive,
        horseman=horseman,
        reframe=reframe,
    )
    return _checked(new)


def new_reflection(question: Prompt, text: str, *, day: date, now: datetime) -> NewEntry:
    """An answer to one of sparklog's questions, carrying the question's id and text."""
    new = NewEntry(Kind.REFLECTION, day, now, text, prompt_id=question.id, prompt=question.text)
    return _checked(new)


def _checked(new: NewEntry) -> NewEntry:
    return definition(new.kind).checked(new)


class ThreeSaved(NamedTuple):
    """What `add_three` wrote, and how many of the day's three slots are now filled."""

    day: date
    saved: list[Entry]
    filled: int


def add_gratitude(
    journal: JournalRef,
    text: str,
    *,
    day: date,
    now: datetime,
    tags: Sequence[str] = (),
    lang: Lang | None = None,
    share: bool = False,
) -> Entry:
    """`gratitude add`: record one appreciation; with `share`, it goes to the partner too."""
    new = new_gratitude(text, day=day, now=now, tags=tags, lang=lang)
    with write(journal) as changes:
        entry = changes.add_entry(new)
        if share:
            partner.share_entry(changes, entry, now)
        return entry


def three_written(journal: JournalRef, day: date) -> dict[int, Entry]:
    """The day's three things already written, by slot (read before asking for more)."""
    with journal.read() as reader, reader.transaction() as conn:
        return queries.three_on(conn, day)


def add_three(
    journal: JournalRef,
    items: Sequence[tuple[int, str]],
    *,
    day: date,
    now: datetime,
    replace: bool = False,
    share: bool = False,
) -> ThreeSaved:
    """`three`: store items in the given slots; with `replace`, the old items in those slots go.

    Only the slots given are replaced: an old item that was not retyped stays.
    With `share`, the items saved now go to the partner too.
    A slot filled by another sparklog since the day was read is a conflict, and
    then nothing is saved.
    """
    news = [new_three(slot, text, day=day, now=now) for slot, text in items]
    with write(journal) as changes:
        if replace:
            replaced = changes.three_on(day)
            gone = [replaced[slot].id for slot, _ in items if slot in replaced]
            partner.entries_deleted(changes, gone, now)
            changes.delete_three(day, [slot for slot, _ in items])
        taken = changes.three_on(day)
        for new in news:
            if new.slot in taken:
                raise Conflict(
                    f"item {new.slot} for {day.isoformat()} was written meanwhile;"
                    " nothing was saved"
                )
        saved = [changes.add_entry(new) for new in news]
        if share:
            for entry in saved:
                partner.share_entry(changes, entry, now)
        return ThreeSaved(day=day, saved=saved, filled=len(changes.three_on(day)))


def add_observation(
    journal: JournalRef,
    text: str,
    *,
    day: date,
    now: datetime,
    positive: bool = True,
    horseman: Horseman | None = None,
    reframe: str | None = None,
    tags: Sequence[str] = (),
    lang: Lang | None = None,
) -> Entry:
    """`observe`: record an interaction, positive or negative."""
    new = new_observation(
        text,
        day=day,
        now=now,
        positive=positive,
        horseman=horseman,
        reframe=reframe,
        tags=tags,
        lang=lang,
    )
    with write(journal) as changes:
        return changes.add_entry(new)


def answer_prompt(
    journal: JournalRef,
    question: Prompt,
    text: str,
    *,
    day: date,
    now: datetime,
    share: bool = False,
) -> Entry:
    """`prompt --answer` and each note of `checkin`: save one answer as a reflection.

    With `share` (`prompt --answer --share`), the answer goes to the partner too.
    """
    new = new_reflection(question, text, day=day, now=now)
    with write(journal) as changes:
        entry = changes.add_entry(new)
        if share:
            partner.share_answer(changes, entry, now)
        return entry
