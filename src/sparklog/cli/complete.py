"""Tab completion of what lives in the journal: ritual names, tags and entries' short ids.

A shell runs sparklog on every Tab press, so these read through the plain
sqlite3 side (`sparklog.store.reader`), never the ORM, and never ask for
anything: an encrypted journal without its key, a missing file or any error
completes nothing rather than printing to the terminal mid-line.

Each completer takes Typer's `(ctx, incomplete)` and is given to a parameter
as `autocompletion=`. A ritual name is matched the way sparklog matches it
(case-insensitively, by its start), and offered with the letters already typed
kept as typed, since the shell only shows candidates that start with them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from typing import Any

import typer

from sparklog.paths import db_path

_SHELL_VARIABLE = "_SPARKLOG_COMPLETE"
_BASH_SPECIAL = re.compile(r"([\s\\'\"`$&|;<>()*?!#~\[\]{}])")


def _read(ctx: typer.Context, query: Callable[[Any, Any], Iterable[str]]) -> list[str]:
    """What `query(queries, conn)` finds on a read transaction, or nothing when the
    journal cannot say. The store is loaded here, on a Tab press, not by every command."""
    from sparklog.store import queries, reader

    path = db_path(ctx.find_root().params.get("db"))
    try:
        with reader.open_reader(path, ask=None) as journal, journal.transaction() as conn:
            return list(query(queries, conn))
    except Exception:  # completion must never print a traceback into the command line
        return []


def _offered(names: Iterable[str], incomplete: str) -> list[str]:
    """The names starting with `incomplete` (any case), spelled so the shell accepts them."""
    typed = incomplete.casefold()
    found = [
        incomplete + name[len(incomplete) :] for name in names if name.casefold().startswith(typed)
    ]
    if os.environ.get(_SHELL_VARIABLE, "") == "complete_bash":
        # bash inserts a candidate as it stands: a space would split the name in two.
        found = [_BASH_SPECIAL.sub(r"\\\1", name) for name in found]
    return found


def _rituals(ctx: typer.Context, incomplete: str, *, archived: bool | None) -> list[str]:
    def names(queries: Any, conn: Any) -> Iterable[str]:
        for ritual in queries.list_rituals(conn, include_archived=archived is not False):
            if archived is None or (ritual.archived is not None) is archived:
                yield ritual.name

    return _offered(_read(ctx, names), incomplete)


def active_rituals(ctx: typer.Context, incomplete: str) -> list[str]:
    """Rituals still kept (not archived): for done, undo, skip, rename, pause, archive."""
    return _rituals(ctx, incomplete, archived=False)


def archived_rituals(ctx: typer.Context, incomplete: str) -> list[str]:
    """Archived rituals: for unarchive."""
    return _rituals(ctx, incomplete, archived=True)


def entries(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Entries' short ids, each with its first words (zsh and fish show them): for
    edit and delete. The newest first, or those whose id starts with what is typed."""
    from sparklog.app.listings import JournalRef, entry_choices

    try:
        found = entry_choices(JournalRef(db_path(ctx.find_root().params.get("db"))), incomplete)
    except Exception:  # as for every completion: nothing rather than a traceback
        return []
    # Typed past the short id, what is typed already names the entry: keep it.
    return [
        (short if short.startswith(incomplete) else incomplete, words) for short, words in found
    ]


def tags(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tags in use, the most used first."""
    word = incomplete.lstrip("#")
    return _offered(_read(ctx, lambda queries, conn: queries.tag_names(conn, word)), word)
