"""`info`: what the journal is and holds, read through the read side."""

from __future__ import annotations

from sparklog.app.journal_ref import JournalRef
from sparklog.core.info import JournalInfo
from sparklog.store import queries


def journal_info(journal: JournalRef) -> JournalInfo:
    """`info`: where the journal is, its schema, whether it is encrypted, what it holds."""
    with journal.read() as reader, reader.transaction() as conn:
        return JournalInfo(
            path=journal.path,
            exists=journal.path.exists(),
            schema_version=reader.schema_version,
            encrypted=reader.key is not None,
            entries=queries.count_by_kind(conn),
            rituals=queries.ritual_counts(conn),
        )
