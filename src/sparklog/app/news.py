"""The partner's news under `today`, `week` and the evening's close.

Only a journal whose person has joined a partner reads it (the views say so
with `partner`), so the channel's modules load only for them.
"""

from __future__ import annotations

from datetime import date

from sparklog.app.journal_ref import JournalRef
from sparklog.partner.inbox import Inbox, build_inbox
from sparklog.store import partner as partner_reads


def partner_news(journal: JournalRef, first: date, last: date) -> Inbox:
    """For `today`, `week` and the evening's close: what the partner shared in those days.

    Reads the journal only; fetching from the folder is `partner sync`'s.
    """
    with journal.read() as reader, reader.transaction() as conn:
        current = partner_reads.partner(conn)
        if current is None:
            return Inbox(None, [])
        items = partner_reads.items(conn, first, last)
        answered = partner_reads.answered(conn, items)
    return build_inbox(
        items, partner=current.name, they_left=current.they_left_at, answered=answered
    )
