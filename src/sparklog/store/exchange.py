"""Reading a whole journal (or a date range of it) and writing an import in bulk.

A few set-based queries each way, never one per row: ten years of entries is
about sixty thousand rows, and both directions should stay well under seconds.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, func, insert, select as select_columns, update
from sqlmodel import Session, SQLModel, col, select

from sparklog.core.entries import ENTRY_COLUMNS, Entry, Kind
from sparklog.core.exchange import (
    CheckRecord,
    DateRecord,
    ImportReport,
    MarkRecord,
    PauseRecord,
    ReactionRecord,
    ReceivedRecord,
    RevisionRecord,
    RitualRecord,
    Snapshot,
    TombstoneRecord,
)
from sparklog.core.important_dates import ImportantDate
from sparklog.core.rituals import name_key
from sparklog.core.three import Claim, as_appreciation, keeper
from sparklog.errors import Conflict
from sparklog.store.changes import check_payload, date_payload, entry_payload, revision_payload
from sparklog.store.models import (
    CheckRow,
    EntryRow,
    EntryTagRow,
    ImportantDateRow,
    MarkRow,
    PartnerItemRow,
    PartnerRow,
    PauseRow,
    RevisionRow,
    RitualRow,
    TombstoneRow,
)

BATCH = 1000
"""Rows per executemany; also how often an import's progress is reported."""

Progress = Callable[[int], None]


def _table(model: type[SQLModel]) -> Table:
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


ENTRY = _table(EntryRow)
ENTRY_TAG = _table(EntryTagRow)
RITUAL = _table(RitualRow)
CHECK = _table(CheckRow)
PAUSE = _table(PauseRow)
TOMBSTONE = _table(TombstoneRow)
MARK = _table(MarkRow)
REVISION = _table(RevisionRow)


def _in_range(column: Any, first: date | None, last: date | None) -> list[Any]:
    conditions = []
    if first is not None:
        conditions.append(column >= first)
    if last is not None:
        conditions.append(column <= last)
    return conditions


def read_snapshot(
    session: Session, first: date | None = None, last: date | None = None
) -> Snapshot:
    """Everything from `first` to `last` (inclusive, either open), in a stable order.

    The order depends only on the stored content, never on insertion order, so
    an export of a journal rebuilt by import compares equal to the original.
    Every ritual is included, since check-offs and pauses refer to them.
    """
    in_range = _in_range(ENTRY.c.day, first, last)
    tags: dict[str, list[str]] = defaultdict(list)
    tag_query = (
        select_columns(ENTRY_TAG.c.entry_id, ENTRY_TAG.c.tag)
        .join(ENTRY, ENTRY.c.id == ENTRY_TAG.c.entry_id)
        .where(*in_range)
    )
    for entry_id, tag in session.execute(tag_query):
        tags[entry_id].append(tag)
    entry_query = (
        select_columns(*(ENTRY.c[column] for column in ENTRY_COLUMNS))
        .where(*in_range)
        .order_by(ENTRY.c.day, ENTRY.c.written_at, func.coalesce(ENTRY.c.slot, 0), ENTRY.c.id)
    )
    entries = [
        Entry.from_row(row, sorted(tags.get(row[0], ()))) for row in session.execute(entry_query)
    ]
    rituals = [
        RitualRecord(row.id, row.name, row.cadence, row.created, row.archived)
        for row in session.exec(
            select(RitualRow).order_by(
                col(RitualRow.created), col(RitualRow.name_key), col(RitualRow.id)
            )
        )
    ]
    checks = [
        CheckRecord(row.id, row.ritual_id, row.day, datetime.fromisoformat(row.written_at))
        for row in session.exec(
            select(CheckRow)
            .where(*_in_range(col(CheckRow.day), first, last))
            .order_by(col(CheckRow.day), col(CheckRow.ritual_id))
        )
    ]
    overlapping = []
    if first is not None:
        overlapping.append(col(PauseRow.last_day) >= first)
    if last is not None:
        overlapping.append(col(PauseRow.first_day) <= last)
    pauses = [
        PauseRecord(row.id, row.ritual_id, row.first_day, row.last_day)
        for row in session.exec(
            select(PauseRow)
            .where(*overlapping)
            .order_by(col(PauseRow.ritual_id), col(PauseRow.first_day), col(PauseRow.id))
        )
    ]
    marks = [
        MarkRecord(row.id, row.ritual_id, row.day, row.mark, datetime.fromisoformat(row.written_at))
        for row in session.exec(
            select(MarkRow)
            .where(*_in_range(col(MarkRow.day), first, last))
            .order_by(col(MarkRow.day), col(MarkRow.ritual_id))
        )
    ]
    # Dates belong to no day range: every export carries them all.
    dates = [
        DateRecord(
            row.id, ImportantDate(row.name, row.day, yearly=row.yearly, together=row.together)
        )
        for row in session.exec(
            select(ImportantDateRow).order_by(
                col(ImportantDateRow.name_key), col(ImportantDateRow.id)
            )
        )
    ]
    # Tombstones have no day: every export carries them all, so none comes back.
    deleted = [
        TombstoneRecord(row.id, datetime.fromisoformat(row.deleted_at))
        for row in session.exec(select(TombstoneRow).order_by(col(TombstoneRow.id)))
    ]
    # Revisions go with their entry; those of deleted entries, like tombstones, always.
    shown = {entry.id for entry in entries}
    buried = {record.id for record in deleted}
    revisions = [
        RevisionRecord(
            row.id, row.entry_id, row.stamp, row.saved_at, row.text, json.loads(row.version)
        )
        for row in session.exec(
            select(RevisionRow).order_by(
                col(RevisionRow.entry_id), col(RevisionRow.stamp), col(RevisionRow.id)
            )
        )
        if row.entry_id in shown or row.entry_id in buried
    ]
    received, partner_name = _read_received(session, first, last)
    return Snapshot(
        entries,
        rituals,
        checks,
        pauses,
        dates,
        deleted,
        marks,
        revisions,
        partner=received,
        partner_name=partner_name,
    )


def _read_received(
    session: Session, first: date | None, last: date | None
) -> tuple[list[ReceivedRecord], str | None]:
    """The partner's items this journal holds (not those taken back), each with this
    person's reactions to it; the partner's own reactions are items of their own."""
    rows = list(
        session.exec(
            select(PartnerItemRow)
            .where(col(PartnerItemRow.deleted_at).is_(None))
            .order_by(
                col(PartnerItemRow.day), col(PartnerItemRow.written_at), col(PartnerItemRow.id)
            )
        )
    )
    mine: dict[str, list[ReactionRecord]] = defaultdict(list)
    for row in rows:
        if row.author == "me" and row.kind == "reaction":
            body = json.loads(row.body)
            mine[body["target"]].append(
                ReactionRecord(row.id, body["reaction"], row.day, row.written_at, row.stamp)
            )
    received = [
        ReceivedRecord(
            row.id,
            row.kind,
            row.day,
            row.written_at,
            row.edited_at,
            row.stamp,
            json.loads(row.body),
            tuple(mine.get(row.id, ())),
        )
        for row in rows
        if row.author == "partner"
        and (first is None or row.day >= first)
        and (last is None or row.day <= last)
    ]
    named = session.exec(
        select(PartnerRow).order_by(col(PartnerRow.joined_at).desc(), col(PartnerRow.id))
    ).first()
    return received, named.name if named is not None else None


def _insert(
    session: Session, table: Any, rows: Sequence[dict[str, Any]], progress: Progress | None
) -> None:
    for start in range(0, len(rows), BATCH):
        chunk = list(rows[start : start + BATCH])
        session.execute(insert(table), chunk)
        if progress is not None:
            progress(len(chunk))


def write_snapshot(
    session: Session, snapshot: Snapshot, *, progress: Progress | None = None
) -> ImportReport:
    """Add what the journal lacks, inside the caller's single transaction.

    Items are matched by UUID, so a second import of the same file adds nothing.
    Of two versions of an entry the newer one (by `edited_at`, else `written_at`)
    is kept, and a tombstone, the journal's or the file's, wins over every
    version older than it: an old export never brings a deleted entry back.
    A ritual whose name matches one already kept (ignoring case) under another
    UUID is merged into it: its check-offs and pauses move to the kept ritual.
    A three-things slot filled on both sides goes to the item written first;
    the other stays as a plain appreciation of its day.
    """
    report = ImportReport()
    if snapshot.size > BATCH:
        # A bigger page cache for this connection only: the search index of a
        # large import is built far faster when its pages stay in memory.
        session.connection().exec_driver_sql("PRAGMA cache_size = -65536")
    ritual_ids = _write_rituals(session, snapshot.rituals, report, progress)
    tombstones = _write_tombstones(session, snapshot.deleted, report)
    _write_entries(session, snapshot.entries, tombstones, report, progress)
    _write_checks(session, snapshot.checks, ritual_ids, report, progress)
    _write_pauses(session, snapshot.pauses, ritual_ids, report, progress)
    _write_marks(session, snapshot.marks, ritual_ids, report, progress)
    _write_dates(session, snapshot.dates, report)
    _write_revisions(session, snapshot.revisions, tombstones, report)
    _write_received(session, snapshot.partner, report)
    return report


def _write_received(
    session: Session, received: Sequence[ReceivedRecord], report: ImportReport
) -> None:
    """The partner's items (and this person's reactions to them) the journal lacks.

    Matched by id: an item the journal holds, or took back, stays as it is, so
    importing twice changes nothing and an old file brings no deleted item back.
    Nothing is queued for the partner: they have all of it already.
    """
    if not received:
        return
    held = set(session.exec(select(PartnerItemRow.id)))
    added = present = 0
    for item in received:
        rows = [
            PartnerItemRow(
                id=item.id,
                author="partner",
                kind=item.kind,
                day=item.day,
                body=json.dumps(item.body, ensure_ascii=False),
                stamp=item.stamp,
                written_at=item.written_at,
                edited_at=item.edited_at,
            )
        ]
        rows += [
            PartnerItemRow(
                id=reaction.id,
                author="me",
                kind="reaction",
                day=reaction.day,
                body=json.dumps(
                    {"target": item.id, "reaction": reaction.reaction}, ensure_ascii=False
                ),
                stamp=reaction.stamp,
                written_at=reaction.written_at,
            )
            for reaction in item.reactions
        ]
        for row in rows:
            if row.id in held:
                present += 1
                continue
            held.add(row.id)
            session.add(row)
            added += 1
    session.flush()
    report.added["partner"] += added
    report.present["partner"] += present


def _write_revisions(
    session: Session,
    revisions: Iterable[RevisionRecord],
    tombstones: dict[str, datetime],
    report: ImportReport,
) -> None:
    """Add the revisions the journal lacks (by id), the merge's rule for deletes kept.

    A revision of an entry deleted here is kept only when it was saved after
    the deletion (a version a delete did not cover); one saved before it goes
    the way of the deleted entry's words, so an import brings none of them back.
    """
    known = set(session.exec(select(RevisionRow.id)))
    new: list[dict[str, Any]] = []
    for record in revisions:
        if record.id in known:
            report.present["revisions"] += 1
            continue
        deleted_at = tombstones.get(record.entry_id)
        if deleted_at is not None and datetime.fromisoformat(record.saved_at) <= deleted_at:
            continue
        known.add(record.id)
        new.append(
            {
                "id": record.id,
                "entry_id": record.entry_id,
                "stamp": record.stamp,
                "saved_at": record.saved_at,
                "text": record.text,
                "version": json.dumps(record.version, sort_keys=True, ensure_ascii=False),
            }
        )
    report.added["revisions"] = len(new)
    _insert(session, REVISION, new, None)


def _write_dates(session: Session, dates: Iterable[DateRecord], report: ImportReport) -> None:
    """Add the dates the journal lacks; one it keeps by id or by name (any case) is present.

    A second together date would leave two days the relationship began: refused,
    and with it the whole import.
    """
    kept = list(session.exec(select(ImportantDateRow)))
    ids = {row.id for row in kept}
    keys = {row.name_key for row in kept}
    together = next((row.name for row in kept if row.together), None)
    for record in dates:
        important = record.important
        key = name_key(important.name)
        if record.id in ids or key in keys:
            report.present["dates"] += 1
            continue
        if important.together and together is not None:
            raise Conflict(
                f"the file's together date {important.name!r} would be a second one beside"
                f" your {together!r}; remove one (sparklog dates remove NAME); nothing was imported"
            )
        session.add(
            ImportantDateRow(
                id=record.id,
                name=important.name,
                name_key=key,
                day=important.day,
                yearly=important.yearly,
                together=important.together,
            )
        )
        ids.add(record.id)
        keys.add(key)
        together = important.name if important.together else together
        report.added["dates"] += 1


def _write_rituals(
    session: Session,
    rituals: Iterable[RitualRecord],
    report: ImportReport,
    progress: Progress | None,
) -> dict[str, str]:
    """Store new rituals; return where each file ritual id now lives."""
    kept = {row.id: row for row in session.exec(select(RitualRow))}
    by_key = {row.name_key: row.id for row in kept.values()}
    names = {row.id: row.name for row in kept.values()}
    target: dict[str, str] = {}
    new: list[dict[str, Any]] = []
    for ritual in rituals:
        key = name_key(ritual.name)
        if ritual.id in kept:
            target[ritual.id] = ritual.id
            report.present["rituals"] += 1
        elif key in by_key:
            target[ritual.id] = by_key[key]
            report.present["rituals"] += 1
            report.merged.append((ritual.name, names[by_key[key]]))
        else:
            target[ritual.id] = ritual.id
            by_key[key] = ritual.id
            names[ritual.id] = ritual.name
            new.append(
                {
                    "id": ritual.id,
                    "name": ritual.name,
                    "name_key": key,
                    "cadence": ritual.cadence,
                    "created": ritual.created,
                    "archived": ritual.archived,
                }
            )
    report.added["rituals"] = len(new)
    _insert(session, RITUAL, new, progress)
    return target


def _write_tombstones(
    session: Session, deleted: Sequence[TombstoneRecord], report: ImportReport
) -> dict[str, datetime]:
    """Keep the file's tombstones (the later time of two for one id); return them all."""
    kept = {
        entry_id: datetime.fromisoformat(at)
        for entry_id, at in session.execute(select_columns(TOMBSTONE.c.id, TOMBSTONE.c.deleted_at))
    }
    new: list[dict[str, Any]] = []
    for record in deleted:
        at = record.deleted_at.isoformat(timespec="seconds")
        if record.id not in kept:
            new.append({"id": record.id, "deleted_at": at})
            kept[record.id] = record.deleted_at
            continue
        report.present["deleted"] += 1
        if record.deleted_at > kept[record.id]:
            session.execute(
                update(TOMBSTONE).where(TOMBSTONE.c.id == record.id).values(deleted_at=at)
            )
            kept[record.id] = record.deleted_at
    report.added["deleted"] = len(new)
    _insert(session, TOMBSTONE, new, None)
    return kept


def _version_at(written_at: str, edited_at: str | None) -> datetime:
    return datetime.fromisoformat(edited_at or written_at)


def _write_entries(
    session: Session,
    entries: Sequence[Entry],
    tombstones: dict[str, datetime],
    report: ImportReport,
    progress: Progress | None,
) -> None:
    """Add the entries the journal lacks, take newer versions, and drop what was deleted.

    A version wins over a tombstone only when it was written (or edited) after
    the deletion; equal times go to the tombstone.
    """
    known = {
        entry_id: _version_at(written_at, edited_at)
        for entry_id, written_at, edited_at in session.execute(
            select_columns(ENTRY.c.id, ENTRY.c.written_at, ENTRY.c.edited_at)
        )
    }

    def buried(entry_id: str, version: datetime) -> bool:
        deleted_at = tombstones.get(entry_id)
        return deleted_at is not None and version <= deleted_at

    doomed = {entry_id for entry_id, version in known.items() if buried(entry_id, version)}
    fresh: list[Entry] = []
    newer: list[Entry] = []
    for entry in entries:
        if buried(entry.id, entry.version_at):
            if entry.id not in known:
                report.kept_deleted += 1
            else:
                report.present["entries"] += 1
        elif entry.id not in known:
            fresh.append(entry)
        elif entry.version_at > known[entry.id]:
            # Newer than the journal's version, and than any tombstone: it stays.
            doomed.discard(entry.id)
            newer.append(entry)
        else:
            report.present["entries"] += 1
    report.removed = len(doomed)
    _remove_entries(session, sorted(doomed))
    _take_versions(session, newer)
    report.updated = len(newer)
    new = _settle_slots(session, fresh, report)
    report.added["entries"] = len(new)
    if progress is not None and report.present["entries"] + len(newer) + report.kept_deleted:
        progress(report.present["entries"] + len(newer) + report.kept_deleted)
    _stage_entries(session, new, progress)
    tag_rows = [{"entry_id": e.id, "tag": tag} for e in new for tag in e.tags]
    _insert(session, ENTRY_TAG, tag_rows, None)


def _remove_entries(session: Session, ids: Sequence[str]) -> None:
    """Entries a newer tombstone of the file deletes (their tags and revisions go with them)."""
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        session.execute(ENTRY_TAG.delete().where(ENTRY_TAG.c.entry_id.in_(chunk)))
        session.execute(REVISION.delete().where(REVISION.c.entry_id.in_(chunk)))
        session.execute(ENTRY.delete().where(ENTRY.c.id.in_(chunk)))


def _take_versions(session: Session, newer: Sequence[Entry]) -> None:
    """The file's newer versions: what an edit changes (text, tags, love language,
    `edited_at`); the entry keeps its kind, day and slot in this journal."""
    for entry in newer:
        session.execute(
            update(ENTRY)
            .where(ENTRY.c.id == entry.id)
            .values(
                text=entry.text,
                lang=entry.lang.value if entry.lang else None,
                edited_at=entry.edited_at.isoformat(timespec="seconds")
                if entry.edited_at
                else None,
            )
        )
        session.execute(ENTRY_TAG.delete().where(ENTRY_TAG.c.entry_id == entry.id))
    tag_rows = [{"entry_id": e.id, "tag": tag} for e in newer for tag in e.tags]
    _insert(session, ENTRY_TAG, tag_rows, None)


def _settle_slots(session: Session, new: list[Entry], report: ImportReport) -> list[Entry]:
    """Give each contested three-things slot to the item written first (`keeper`).

    A slot that both the journal and the file fill goes to the earlier-written
    item; the other one, whichever side it came from, stays as a plain
    appreciation of that day, so no word is lost and a merge agrees both ways.
    """
    held: dict[tuple[date, int], Claim] = {
        (day, slot): (datetime.fromisoformat(written_at), entry_id)
        for entry_id, day, slot, written_at in session.execute(
            select_columns(ENTRY.c.id, ENTRY.c.day, ENTRY.c.slot, ENTRY.c.written_at).where(
                ENTRY.c.kind == Kind.THREE.value
            )
        )
    }
    settled: list[Entry] = []
    losers: list[str] = []
    for entry in new:
        place = (entry.day, entry.slot or 0)
        if entry.kind is not Kind.THREE or place not in held:
            settled.append(entry)
            continue
        ours, theirs = held[place], (entry.written_at, entry.id)
        report.contested[entry.day] = report.contested.get(entry.day, 0) + 1
        if keeper(ours, theirs) == theirs:
            losers.append(ours[1])
            held[place] = theirs
            settled.append(entry)
        else:
            settled.append(as_appreciation(entry))
    for start in range(0, len(losers), BATCH):
        session.execute(
            update(ENTRY)
            .where(ENTRY.c.id.in_(losers[start : start + BATCH]))
            .values(kind=Kind.GRATITUDE.value, slot=None)
        )
    return settled


def _stage_entries(session: Session, new: Sequence[Entry], progress: Progress | None) -> None:
    """Insert entries with one INSERT ... SELECT from a temporary staging table.

    Each row added to `entry` fires the trigger that indexes it for search, and
    FTS5 writes its pending index out at the end of every statement; inserting
    row by row (executemany) made a ten-year import about four times slower
    than copying all the rows in one statement. The staging table lives in
    memory on this connection only and is dropped before the transaction ends.
    """
    if not new:
        return
    conn = session.connection()
    names = ", ".join(ENTRY_COLUMNS)
    marks = ", ".join("?" * len(ENTRY_COLUMNS))
    conn.exec_driver_sql("PRAGMA temp_store = MEMORY")
    conn.exec_driver_sql(f"CREATE TEMP TABLE import_entry ({names})")
    for start in range(0, len(new), BATCH):
        chunk = new[start : start + BATCH]
        rows = [entry.row() for entry in chunk]
        conn.exec_driver_sql(f"INSERT INTO temp.import_entry ({names}) VALUES ({marks})", rows)
        if progress is not None:
            progress(len(chunk))
    conn.exec_driver_sql(
        f"INSERT INTO main.entry ({names}) SELECT {names} FROM temp.import_entry ORDER BY rowid"
    )
    conn.exec_driver_sql("DROP TABLE temp.import_entry")


def _write_checks(
    session: Session,
    checks: Iterable[CheckRecord],
    ritual_ids: dict[str, str],
    report: ImportReport,
    progress: Progress | None,
) -> None:
    known_ids = set(session.exec(select(CheckRow.id)))
    done = {(r, d) for r, d in session.execute(select_columns(CHECK.c.ritual_id, CHECK.c.day))}
    new: list[dict[str, Any]] = []
    for check in checks:
        ritual_id = ritual_ids[check.ritual_id]
        if check.id in known_ids or (ritual_id, check.day) in done:
            report.present["checks"] += 1
            continue
        done.add((ritual_id, check.day))
        new.append(
            {
                "id": check.id,
                "ritual_id": ritual_id,
                "day": check.day,
                "written_at": check.written_at.isoformat(timespec="seconds"),
            }
        )
    report.added["checks"] = len(new)
    if progress is not None and report.present["checks"]:
        progress(report.present["checks"])
    _insert(session, CHECK, new, progress)


def _write_pauses(
    session: Session,
    pauses: Iterable[PauseRecord],
    ritual_ids: dict[str, str],
    report: ImportReport,
    progress: Progress | None,
) -> None:
    known_ids = set(session.exec(select(PauseRow.id)))
    spans = {
        (r, a, b)
        for r, a, b in session.execute(
            select_columns(PAUSE.c.ritual_id, PAUSE.c.first_day, PAUSE.c.last_day)
        )
    }
    new: list[dict[str, Any]] = []
    for pause in pauses:
        ritual_id = ritual_ids[pause.ritual_id]
        span = (ritual_id, pause.first, pause.last)
        if pause.id in known_ids or span in spans:
            # The same pause taken on two machines is one pause; a repeat within
            # the file is kept as it is, so an import rebuilds the journal exactly.
            report.present["pauses"] += 1
            continue
        new.append(
            {
                "id": pause.id,
                "ritual_id": ritual_id,
                "first_day": pause.first,
                "last_day": pause.last,
            }
        )
    report.added["pauses"] = len(new)
    if progress is not None and report.present["pauses"]:
        progress(report.present["pauses"])
    _insert(session, PAUSE, new, progress)


def _write_marks(
    session: Session,
    marks: Iterable[MarkRecord],
    ritual_ids: dict[str, str],
    report: ImportReport,
    progress: Progress | None,
) -> None:
    """Add the day marks the journal lacks. A day holds one mark, and a check-off wins
    over any mark: a day already kept or marked here keeps what it has."""
    known_ids = set(session.exec(select(MarkRow.id)))
    taken = {(r, d) for r, d in session.execute(select_columns(MARK.c.ritual_id, MARK.c.day))}
    taken |= {(r, d) for r, d in session.execute(select_columns(CHECK.c.ritual_id, CHECK.c.day))}
    new: list[dict[str, Any]] = []
    for mark in marks:
        ritual_id = ritual_ids[mark.ritual_id]
        if mark.id in known_ids or (ritual_id, mark.day) in taken:
            report.present["marks"] += 1
            continue
        taken.add((ritual_id, mark.day))
        new.append(
            {
                "id": mark.id,
                "ritual_id": ritual_id,
                "day": mark.day,
                "mark": mark.mark,
                "written_at": mark.written_at.isoformat(timespec="seconds"),
            }
        )
    report.added["marks"] = len(new)
    if progress is not None and report.present["marks"]:
        progress(report.present["marks"])
    _insert(session, MARK, new, progress)


StoredIds = dict[str, Any]


def stored_ids(session: Session) -> StoredIds:
    """The ids of everything an import can add, to tell afterwards what it added."""
    versions = {
        entry_id: (text, edited_at)
        for entry_id, text, edited_at in session.execute(
            select_columns(ENTRY.c.id, ENTRY.c.text, ENTRY.c.edited_at)
        )
    }
    return {
        "entries": set(versions),
        "versions": versions,
        "tombstones": set(session.exec(select(TombstoneRow.id))),
        "rituals": set(session.exec(select(RitualRow.id))),
        "checks": set(session.exec(select(CheckRow.id))),
        "pauses": set(session.exec(select(PauseRow.id))),
        "dates": set(session.exec(select(ImportantDateRow.id))),
        "marks": set(session.exec(select(MarkRow.id))),
        "revisions": set(session.exec(select(RevisionRow.id))),
    }


def added_changes(
    session: Session, snapshot: Snapshot, before: StoredIds
) -> list[tuple[str, dict[str, Any]]]:
    """What an import added, as changes for the other devices (each item as the file had it).

    Entries keep the kind and slot the file gave them: every device settles a
    contested three-things slot by the same rule the import used.
    """
    now = stored_ids(session)
    found: list[tuple[str, dict[str, Any]]] = []
    for row in session.exec(select(RitualRow).order_by(col(RitualRow.created))):
        if row.id in now["rituals"] - before["rituals"]:
            payload = {
                "id": row.id,
                "name": row.name,
                "cadence": row.cadence,
                "created": row.created.isoformat(),
                "archived": row.archived.isoformat() if row.archived else None,
            }
            found.append(("ritual.add", payload))
    new_entries = now["entries"] - before["entries"]
    found += [
        ("entry.add", entry_payload(entry)) for entry in snapshot.entries if entry.id in new_entries
    ]
    for check in session.exec(select(CheckRow).order_by(col(CheckRow.day))):
        if check.id in now["checks"] - before["checks"]:
            payload = check_payload(
                check.id, check.ritual_id, check.day.isoformat(), check.written_at
            )
            found.append(("ritual.check", payload))
    for pause in session.exec(select(PauseRow).order_by(col(PauseRow.first_day))):
        if pause.id in now["pauses"] - before["pauses"]:
            payload = {
                "ritual": pause.ritual_id,
                "id": pause.id,
                "from": pause.first_day.isoformat(),
                "to": pause.last_day.isoformat(),
            }
            found.append(("ritual.pause", payload))
    for marked in session.exec(select(MarkRow).order_by(col(MarkRow.day))):
        if marked.id in now["marks"] - before["marks"]:
            payload = check_payload(
                marked.id, marked.ritual_id, marked.day.isoformat(), marked.written_at
            )
            found.append(("ritual.skip", {**payload, "mark": marked.mark}))
    for kept in session.exec(select(ImportantDateRow)):
        if kept.id in now["dates"] - before["dates"]:
            important = ImportantDate(
                kept.name, kept.day, yearly=kept.yearly, together=kept.together
            )
            found.append(("date.add", date_payload(kept.id, important)))
    for revision in session.exec(
        select(RevisionRow).order_by(col(RevisionRow.entry_id), col(RevisionRow.stamp))
    ):
        if revision.id in now["revisions"] - before["revisions"]:
            payload = revision_payload(
                revision.id, revision.entry_id, revision.stamp, revision.saved_at, revision.version
            )
            found.append(("entry.revision", payload))
    return found
