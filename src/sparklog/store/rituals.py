"""Reading and writing rituals, their check-offs and pauses.

Every function takes the command's session. Rituals are few, so they are read
whole (one query for the rituals, one for all their pauses); check-offs can be
years long and are read by an indexed query: per ritual through the
UNIQUE (ritual_id, day) index, or for every ritual at once.
"""

from __future__ import annotations

import difflib
import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime

from sqlmodel import Session, col, select

from sparklog.core.rituals import Cadence, Pause, Ritual, clean_name, name_key
from sparklog.errors import Conflict, NotFound, UsageError
from sparklog.store.models import CheckRow, PauseRow, RitualRow


def _to_ritual(row: RitualRow, pauses: Collection[tuple[date, date]]) -> Ritual:
    return Ritual(
        id=row.id,
        name=row.name,
        cadence=Cadence.parse(row.cadence),
        created=row.created,
        archived=row.archived,
        pauses=tuple(sorted(pauses)),
    )


def _pauses(session: Session) -> dict[str, list[Pause]]:
    found: dict[str, list[Pause]] = defaultdict(list)
    for row in session.exec(select(PauseRow)):
        found[row.ritual_id].append((row.first_day, row.last_day))
    return found


def list_rituals(session: Session, *, include_archived: bool = False) -> list[Ritual]:
    """Rituals in the order they were created (archived ones only when asked)."""
    statement = select(RitualRow)
    if not include_archived:
        statement = statement.where(col(RitualRow.archived).is_(None))
    statement = statement.order_by(col(RitualRow.created), col(RitualRow.name_key))
    rows = list(session.exec(statement))
    pauses = _pauses(session) if rows else {}
    return [_to_ritual(row, pauses.get(row.id, ())) for row in rows]


def _names(rituals: Collection[Ritual]) -> str:
    return ", ".join(ritual.name for ritual in rituals)


def match_ritual(rituals: Collection[Ritual], name: str) -> Ritual:
    """The one ritual `name` means: an exact name, else a unique prefix (any case).

    Unknown and ambiguous names raise an error listing the candidates; a typo
    gets the closest name suggested.
    """
    key = name_key(" ".join(name.split()))
    if not key:
        raise UsageError("give a ritual name")
    for ritual in rituals:
        if name_key(ritual.name) == key:
            return ritual
    matches = [ritual for ritual in rituals if name_key(ritual.name).startswith(key)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(f"{name!r} could mean {_names(matches)}; type more of the name")
    if not rituals:
        raise NotFound(f"no ritual called {name!r}; there are none yet (sparklog ritual add NAME)")
    keys = {name_key(ritual.name): ritual for ritual in rituals}
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
    if not close:
        # A typo in the first letters defeats prefix matching; compare prefixes too.
        cut = {k[: len(key)]: k for k in keys}
        close = [cut[c] for c in difflib.get_close_matches(key, list(cut), n=1, cutoff=0.6)]
    hint = f"; did you mean {keys[close[0]].name!r}?" if close else ""
    raise NotFound(f"no ritual called {name!r}{hint} (rituals: {_names(rituals)})")


def find_ritual(session: Session, name: str, *, include_archived: bool = False) -> Ritual:
    """Look a ritual up by name or prefix; see `match_ritual`.

    Without `include_archived`, a name that only fits an archived ritual says so.
    """
    everything = list_rituals(session, include_archived=True)
    if include_archived:
        return match_ritual(everything, name)
    try:
        return match_ritual([ritual for ritual in everything if ritual.archived is None], name)
    except NotFound as missing:
        try:
            old = match_ritual([ritual for ritual in everything if ritual.archived], name)
        except (NotFound, UsageError):
            raise missing from None
        raise NotFound(
            f"{old.name!r} was archived on {old.archived};"
            " its history is kept, but it takes no more changes"
        ) from None


def _refuse_duplicate(session: Session, name: str, *, keep_id: str | None = None) -> None:
    existing = session.exec(select(RitualRow).where(RitualRow.name_key == name_key(name))).first()
    if existing is not None and existing.id != keep_id:
        where = " (archived)" if existing.archived else ""
        raise Conflict(
            f"there is already a ritual called {existing.name!r}{where}; pick another name"
        )


def add_ritual(session: Session, name: str, cadence: Cadence, created: date) -> Ritual:
    """Define a ritual; a name already taken (in any case) is refused."""
    clean = clean_name(name)
    _refuse_duplicate(session, clean)
    row = RitualRow(
        id=str(uuid.uuid4()),
        name=clean,
        name_key=name_key(clean),
        cadence=cadence.label,
        created=created,
    )
    session.add(row)
    session.flush()
    return _to_ritual(row, ())


def _row(session: Session, ritual: Ritual) -> RitualRow:
    row = session.get(RitualRow, ritual.id)
    if row is None:
        raise NotFound(f"the ritual {ritual.name!r} was removed meanwhile; nothing was changed")
    return row


def rename_ritual(session: Session, ritual: Ritual, new_name: str) -> Ritual:
    """Give a ritual a new name; its check-offs and pauses stay with it."""
    clean = clean_name(new_name)
    _refuse_duplicate(session, clean, keep_id=ritual.id)
    row = _row(session, ritual)
    row.name = clean
    row.name_key = name_key(clean)
    session.add(row)
    session.flush()
    return _to_ritual(row, ritual.pauses)


def archive_ritual(session: Session, ritual: Ritual, day: date) -> Ritual:
    """Stop asking about a ritual; its history is kept."""
    row = _row(session, ritual)
    row.archived = day
    session.add(row)
    session.flush()
    return _to_ritual(row, ritual.pauses)


def add_pause(session: Session, ritual: Ritual, first: date, last: date) -> Ritual:
    """Pause a ritual for a range of days (both included)."""
    if last < first:
        raise UsageError(f"the pause ends ({last}) before it starts ({first})")
    session.add(PauseRow(id=str(uuid.uuid4()), ritual_id=ritual.id, first_day=first, last_day=last))
    session.flush()
    return replace(ritual, pauses=tuple(sorted((*ritual.pauses, (first, last)))))


def check_days(session: Session, ritual_id: str) -> list[date]:
    """Every day a ritual was checked off, oldest first (one indexed query).

    Read as text and parsed with `date.fromisoformat`, like `all_check_days`.
    """
    rows = session.connection().exec_driver_sql(
        "SELECT day FROM ritual_check WHERE ritual_id = ? ORDER BY day", (ritual_id,)
    )
    return [date.fromisoformat(day) for (day,) in rows]


def all_check_days(session: Session, ritual_ids: Collection[str]) -> dict[str, set[date]]:
    """Check-off days of several rituals in one query.

    This is every check-off in the journal's history, so the day column is read
    as text through the driver (UNIQUE (ritual_id, day) covers the query) and
    parsed with `date.fromisoformat`, skipping the ORM's per-row processing.
    """
    found: dict[str, set[date]] = {ritual_id: set() for ritual_id in ritual_ids}
    if not found:
        return found
    marks = ", ".join("?" * len(found))
    rows = session.connection().exec_driver_sql(
        f"SELECT ritual_id, day FROM ritual_check WHERE ritual_id IN ({marks})", tuple(found)
    )
    for ritual_id, day in rows:
        found[ritual_id].add(date.fromisoformat(day))
    return found


def checks_between(session: Session, first: date, last: date) -> dict[str, set[date]]:
    """Check-off days in a range, by ritual id (through the day index)."""
    statement = select(col(CheckRow.ritual_id), col(CheckRow.day)).where(
        CheckRow.day >= first, CheckRow.day <= last
    )
    found: dict[str, set[date]] = defaultdict(set)
    for ritual_id, day in session.exec(statement):
        found[ritual_id].add(day)
    return dict(found)


def add_check(session: Session, ritual: Ritual, day: date, now: datetime) -> bool:
    """Check a ritual off for a day; False when it already was (nothing changes)."""
    exists = session.exec(
        select(CheckRow.id).where(CheckRow.ritual_id == ritual.id, CheckRow.day == day)
    ).first()
    if exists is not None:
        return False
    session.add(
        CheckRow(
            id=str(uuid.uuid4()),
            ritual_id=ritual.id,
            day=day,
            written_at=now.isoformat(timespec="seconds"),
        )
    )
    session.flush()
    return True


def remove_check(session: Session, ritual: Ritual, day: date) -> bool:
    """Take a check-off back; False when there was none."""
    row = session.exec(
        select(CheckRow).where(CheckRow.ritual_id == ritual.id, CheckRow.day == day)
    ).first()
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def ritual_counts(session: Session) -> dict[str, int]:
    """How many rituals (active and archived) and check-offs the journal holds."""
    conn = session.connection()
    active, archived = conn.exec_driver_sql(
        "SELECT count(*) FILTER (WHERE archived IS NULL),"
        " count(*) FILTER (WHERE archived IS NOT NULL) FROM ritual"
    ).one()
    checks = conn.exec_driver_sql("SELECT count(*) FROM ritual_check").scalar() or 0
    return {"active": int(active), "archived": int(archived), "check-offs": int(checks)}
