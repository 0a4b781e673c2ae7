"""The correction use cases: edit an entry, delete entries, and find them by short id.

An entry is named by its short id (any unique prefix of its UUID of at least
`MIN_REF` characters) or by `--last`, the entry written last. A correction keeps
the entry's id and day and stamps `edited_at`; a delete leaves a tombstone. Both
are narrow writes on `Writes` (`edit_entry`, `delete_entries`), each one change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sparklog.app import sharing as partner
from sparklog.app.journal import write
from sparklog.app.journal_ref import JournalRef
from sparklog.core.entries import Entry, Lang, NewEntry
from sparklog.core.kinds import definition
from sparklog.core.refs import ambiguous, clean_ref, first_words, unknown
from sparklog.core.text import tags_in
from sparklog.errors import NotFound, UsageError
from sparklog.store import queries
from sparklog.store.queries import Conn

SHOWN_CANDIDATES = 6
"""Entries an ambiguous prefix lists before it says there are more."""


class Named(NamedTuple):
    """An entry found by what was typed, with the short id the screen shows for it."""

    entry: Entry
    short: str


class Edited(NamedTuple):
    """What `edit` did: the entry as it now stands, and whether anything changed."""

    entry: Entry
    short: str
    changed: bool


def _named(conn: Conn, refs: Sequence[str], *, last: bool) -> list[Named]:
    """The entries the references name, in the order given, each once.

    An unknown prefix is a `NotFound` (saying so when it was deleted), an
    ambiguous one a `UsageError` listing the candidates; nothing is returned
    unless every reference names exactly one entry.
    """
    ids: list[str] = []
    if last:
        newest = queries.newest_entry_id(conn)
        if newest is None:
            raise NotFound("the journal has no entries yet; there is no last one")
        ids.append(newest)
    for raw in refs:
        ref = clean_ref(raw)
        found = queries.ids_starting(conn, ref, SHOWN_CANDIDATES + 1)
        if ref in found:
            ids.append(ref)  # a whole id is never ambiguous
        elif len(found) == 1:
            ids.append(found[0])
        elif found:
            shown = found[:SHOWN_CANDIDATES]
            shorts = queries.short_ids(conn, shown)
            texts = {entry.id: entry.text for entry in queries.entries_by_ids(conn, shown)}
            raise ambiguous(
                raw.strip(),
                [(shorts[entry_id], first_words(texts[entry_id])) for entry_id in shown],
                more=len(found) > SHOWN_CANDIDATES,
            )
        else:
            gone = queries.tombstones_starting(conn, ref, 2)
            raise unknown(raw.strip(), deleted_at=gone[0][1] if len(gone) == 1 else None)
    ids = list(dict.fromkeys(ids))
    entries = {entry.id: entry for entry in queries.entries_by_ids(conn, ids)}
    shorts = queries.short_ids(conn, ids)
    return [Named(entries[entry_id], shorts[entry_id]) for entry_id in ids]


def find_entries(journal: JournalRef, refs: Sequence[str], *, last: bool = False) -> list[Named]:
    """The entries named on the command line, read before `edit` opens the editor
    or `delete` asks."""
    if not refs and not last:
        raise UsageError("name an entry by its short id (sparklog log shows them), or use --last")
    with journal.read() as reader, reader.transaction() as conn:
        return _named(conn, refs, last=last)


def corrected(
    entry: Entry,
    *,
    text: str | None,
    tags: Sequence[str] = (),
    lang: Lang | None = None,
    now: datetime,
) -> Entry | None:
    """The entry as corrected, checked by its kind's rules; None when nothing changes.

    Tags written in the text follow the new text; tags that were given apart
    from it (`--tag` when it was written) stay, and `tags` adds more. The kind,
    day, slot and the kind's other fields stay as they were.
    """
    from_text = set(tags_in(entry.text))
    kept = [tag for tag in entry.tags if tag not in from_text]
    draft = NewEntry(**{name: getattr(entry, name) for name in NewEntry._fields})
    draft = draft._replace(
        text=entry.text if text is None else text,
        tags=(*kept, *tags),
        lang=lang or entry.lang,
    )
    checked = definition(entry.kind).checked(draft)
    new_tags = tuple(sorted(set(checked.tags)))
    if (checked.text, new_tags, checked.lang) == (entry.text, entry.tags, entry.lang):
        return None
    return entry._replace(text=checked.text, tags=new_tags, lang=checked.lang, edited_at=now)


def edit_entry(
    journal: JournalRef,
    named: Named,
    *,
    text: str | None,
    tags: Sequence[str] = (),
    lang: Lang | None = None,
    now: datetime,
) -> Edited:
    """`edit`: correct one entry (found by `find_entries`), in one write transaction.

    Nothing is written when the correction changes nothing.
    """
    change = corrected(named.entry, text=text, tags=tags, lang=lang, now=now)
    if change is None:
        return Edited(named.entry, named.short, changed=False)
    with write(journal) as changes:
        current = changes.entry(named.entry.id)
        if current is None:
            raise NotFound(f"the entry {named.short} was deleted meanwhile; nothing was saved")
        if current != named.entry:
            # Changed by another sparklog since it was read: correct what is there now.
            change = corrected(current, text=text, tags=tags, lang=lang, now=now)
            if change is None:
                return Edited(current, named.short, changed=False)
        edited = changes.edit_entry(change)
        partner.entry_edited(changes, edited, now)
        return Edited(edited, named.short, changed=True)


def delete_entries(journal: JournalRef, entry_ids: Sequence[str], *, now: datetime) -> int:
    """`delete`: remove entries (found by `find_entries`), each leaving a tombstone.

    Returns how many were deleted; one deleted meanwhile by another sparklog is
    simply not counted again.
    """
    with write(journal) as changes:
        partner.entries_deleted(changes, entry_ids, now)
        return changes.delete_entries(entry_ids, now)
