"""The export document: its versioned shape, its records, and its text forms.

Pure: records go in, JSON/CSV/Markdown text comes out. An incoming document is
checked by `sparklog.core.incoming` (loaded by `import` only) before anything
is written. A journal kept for years must leave and come back whole.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple

from sparklog.core.dates import week_start_of
from sparklog.core.entries import Entry, reading_order
from sparklog.core.important_dates import ImportantDate
from sparklog.core.kinds import FIELDS, definition
from sparklog.errors import SparklogError

FORMAT_NAME = "sparklog"
FORMAT_VERSION = 2
"""Raised only when a change makes older sparklogs unable to read an export.

Version 2 added `edited_at` to every entry and the `deleted` section (the
tombstones of deleted entries); this sparklog reads versions 1 and 2. The
`revisions` section (versions a device merge kept beside an entry) came later
within version 2: a file without it still imports, and an older sparklog that
meets it refuses the file whole rather than drop the words it holds.
"""

CSV_COLUMNS = (
    "id",
    "kind",
    "date",
    "written_at",
    "edited_at",
    "text",
    "tags",
    "lang",
    *(f.name for f in FIELDS),
)
"""One column per entry JSON key; each kind's own fields come from its definition."""


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class BadImport(SparklogError):
    """An import file that cannot be taken in whole; nothing of it is written."""


class RitualRecord(NamedTuple):
    """A ritual as the export carries it: its definition, no computed streak."""

    id: str
    name: str
    cadence: str
    created: date
    archived: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "cadence": self.cadence,
            "created": self.created.isoformat(),
            "archived": self.archived.isoformat() if self.archived else None,
        }


class CheckRecord(NamedTuple):
    id: str
    ritual_id: str
    day: date
    written_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "ritual_id": self.ritual_id,
            "date": self.day.isoformat(),
            "written_at": self.written_at.isoformat(timespec="seconds"),
        }


class PauseRecord(NamedTuple):
    id: str
    ritual_id: str
    first: date
    last: date

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "ritual_id": self.ritual_id,
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
        }


class MarkRecord(NamedTuple):
    """A ritual's day marked 'skip' (excused) or 'no' (answered "not kept" in the evening)."""

    id: str
    ritual_id: str
    day: date
    mark: str
    written_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "ritual_id": self.ritual_id,
            "date": self.day.isoformat(),
            "mark": self.mark,
            "written_at": self.written_at.isoformat(timespec="seconds"),
        }


class DateRecord(NamedTuple):
    """An important date as the export carries it (its UUID makes an import idempotent)."""

    id: str
    important: ImportantDate

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, **self.important.to_json()}


class TombstoneRecord(NamedTuple):
    """What is left of a deleted entry: its id and when it was deleted, so nothing
    (an older export, another device) brings it back."""

    id: str
    deleted_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "deleted_at": self.deleted_at.isoformat(timespec="seconds")}


class RevisionRecord(NamedTuple):
    """A version of an entry kept by a device merge beside it (or beside its tombstone).

    `id` is the change that wrote the version and `stamp` that change's clock
    stamp; `version` holds the fields of that version, `text` among them.
    """

    id: str
    entry_id: str
    stamp: str
    saved_at: str
    text: str
    version: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entry_id": self.entry_id,
            "stamp": self.stamp,
            "saved_at": self.saved_at,
            "text": self.text,
            "version": self.version,
        }


class ReactionRecord(NamedTuple):
    """This person's reaction to a received item, as the journal keeps it."""

    id: str
    reaction: str
    day: date
    written_at: str
    stamp: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": "me",
            "reaction": self.reaction,
            "day": self.day.isoformat(),
            "written_at": self.written_at,
            "stamp": self.stamp,
        }


class ReceivedRecord(NamedTuple):
    """One item the partner shared and this journal received, with this person's reactions.

    `body` holds exactly the fields its kind carries (`sparklog.partner.items`).
    """

    id: str
    kind: str
    day: date
    written_at: str
    edited_at: str | None
    stamp: str
    body: dict[str, str]
    reactions: tuple[ReactionRecord, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "day": self.day.isoformat(),
            "written_at": self.written_at,
            "edited_at": self.edited_at,
            "stamp": self.stamp,
            "body": self.body,
            "reactions": [reaction.to_json() for reaction in self.reactions],
        }


class Snapshot(NamedTuple):
    """Everything needed to rebuild a journal (or the part of it in a date range)."""

    entries: Sequence[Entry] = ()
    rituals: Sequence[RitualRecord] = ()
    checks: Sequence[CheckRecord] = ()
    pauses: Sequence[PauseRecord] = ()
    dates: Sequence[DateRecord] = ()
    deleted: Sequence[TombstoneRecord] = ()
    marks: Sequence[MarkRecord] = ()
    revisions: Sequence[RevisionRecord] = ()
    partner: Sequence[ReceivedRecord] = ()
    """What the partner shared and this journal received."""
    partner_name: str | None = None
    """The partner's name, for the reader of the file."""

    @property
    def size(self) -> int:
        return (
            len(self.entries)
            + len(self.rituals)
            + len(self.checks)
            + len(self.pauses)
            + len(self.dates)
            + len(self.deleted)
            + len(self.marks)
            + len(self.revisions)
            + sum(1 + len(item.reactions) for item in self.partner)
        )


SECTIONS: tuple[str, ...] = (
    "entries",
    "rituals",
    "checks",
    "pauses",
    "marks",
    "dates",
    "deleted",
    "revisions",
    "partner",
)
OPTIONAL_SECTIONS = frozenset({"dates", "deleted", "marks", "revisions", "partner"})
"""Sections an import report names only when the file or the journal has some."""


@dataclass
class ImportReport:
    """What an import added and what the journal already held."""

    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    present: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    merged: list[tuple[str, str]] = field(default_factory=list)
    """(name in the file, name in the journal) of rituals merged by name."""
    contested: dict[date, int] = field(default_factory=dict)
    """Days whose three-things slots both sides filled: how many items lost a slot."""
    updated: int = 0
    """Entries the file held a newer version of (edited later than the journal's)."""
    removed: int = 0
    """Entries of the journal deleted because the file's tombstone is newer than them."""
    kept_deleted: int = 0
    """Entries of the file not brought back: the journal deleted them after that version."""

    @property
    def nothing_new(self) -> bool:
        return not any(self.added.values()) and not self.updated and not self.removed

    def lines(self, source: str) -> list[str]:
        """The report as a few plain lines, counts aligned."""
        width = max(len(str(n)) for n in self.added.values())
        lines = [
            f"Nothing new in {source}; the journal already held all of it."
            if self.nothing_new
            else f"Imported {source}:"
        ]
        for section in SECTIONS:
            if section in OPTIONAL_SECTIONS and not self.added[section] + self.present[section]:
                continue
            label = SECTION_LABELS[section]
            line = (
                f"  {label:<11}{self.added[section]:>{width}} added,"
                f" {self.present[section]} already present"
            )
            if section == "entries" and self.updated:
                line += f", {self.updated} updated to the file's newer version"
            lines.append(line)
        if self.removed:
            one = self.removed == 1
            lines.append(
                f"The file deleted {_entries(self.removed)} after"
                f" {'its' if one else 'their'} last change here;"
                f" {'it was' if one else 'they were'} deleted here too."
            )
        if self.kept_deleted:
            one = self.kept_deleted == 1
            lines.append(
                f"{_entries(self.kept_deleted)} of the file {'stays' if one else 'stay'} deleted:"
                f" the journal deleted {'it' if one else 'them'} after the file's version."
            )
        if self.contested:
            days = sorted(self.contested)
            when = (
                f"On {days[0].isoformat()}"
                if len(days) == 1
                else f"On {len(days)} days ({days[0].isoformat()} to {days[-1].isoformat()})"
            )
            count = sum(self.contested.values())
            lines.append(
                f"{when} both journals had three things: the items written first keep the"
                f" slots, and {count} {'other stays' if count == 1 else 'others stay'} as plain"
                f" appreciations of {'that day' if len(days) == 1 else 'their day'}."
            )
        for theirs, ours in self.merged:
            lines.append(
                f"The file's ritual {theirs!r} has another id than your {ours!r};"
                " it was merged into yours by name, with its check-offs and pauses."
            )
        return lines


SECTION_LABELS = {
    "entries": "entries",
    "rituals": "rituals",
    "checks": "check-offs",
    "pauses": "pauses",
    "marks": "day marks",
    "dates": "dates",
    "deleted": "deletions",
    "revisions": "revisions",
    "partner": "received",
}


def _entries(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


# --- writing the document ---------------------------------------------------


def json_chunks(snapshot: Snapshot, exported_at: datetime) -> Iterator[str]:
    """The export as JSON text, one record per line, produced piece by piece.

    One object per line keeps a ten-year export diffable and greppable, and lets
    it be written out without building the whole text in memory first.
    """

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    yield "{\n"
    yield f'  "format": {dump(FORMAT_NAME)},\n'
    yield f'  "version": {FORMAT_VERSION},\n'
    yield f'  "exported_at": {dump(exported_at.isoformat(timespec="seconds"))},\n'
    sections: list[tuple[str, Iterable[Any]]] = [
        ("entries", snapshot.entries),
        ("rituals", snapshot.rituals),
        ("checks", snapshot.checks),
        ("pauses", snapshot.pauses),
        ("marks", snapshot.marks),
        ("dates", snapshot.dates),
        ("deleted", snapshot.deleted),
        ("revisions", snapshot.revisions),
    ]
    for number, (name, items) in enumerate(sections):
        last = number == len(sections) - 1 and not snapshot.partner
        closing = "]\n" if last else "],\n"
        yield f'  "{name}": ['
        first = True
        for item in items:
            yield ("\n    " if first else ",\n    ") + dump(item.to_json())
            first = False
        yield closing if first else "\n  " + closing
    if snapshot.partner:
        yield f'  "partner": {{\n    "name": {dump(snapshot.partner_name)},\n    "items": ['
        for number, received in enumerate(snapshot.partner):
            yield ("\n      " if number == 0 else ",\n      ") + dump(received.to_json())
        yield "\n    ]\n  }\n"
    yield "}\n"


# --- CSV and Markdown ---------------------------------------------------------


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading apostrophe stops a formula.

    Opening an export must never run what an entry happens to start with (a
    `=HYPERLINK(...)` pasted into an appreciation, say), so such a cell gains a
    `'`, which spreadsheets hide and read as "this is text".
    """
    return "'" + value if value.startswith(FORMULA_LEADS) else value


def csv_row(entry: Entry) -> list[str]:
    data = entry.to_json()
    row: list[str] = []
    for column in CSV_COLUMNS:
        value = data.get(column)  # a later kind's field is absent from other kinds' JSON
        if column == "tags":
            row.append(csv_cell(" ".join(entry.tags)))
        elif value is None:
            row.append("")
        elif isinstance(value, bool):
            row.append("true" if value else "false")
        else:
            row.append(csv_cell(str(value)))
    return row


def csv_chunks(entries: Iterable[Entry], *, batch: int = 500) -> Iterator[str]:
    """One header, then one row per entry (tags space-separated), for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for number, entry in enumerate(entries, start=1):
        writer.writerow(csv_row(entry))
        if number % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def md_text(text: str) -> str:
    """Text escaped so Markdown shows it as written, kept inside one list item."""
    lines = []
    for line in text.split("\n"):
        escaped = _MD_SPECIAL.sub(r"\\\1", line)
        escaped = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
        lines.append(escaped)
    # A hard line break, then an indent that keeps the line in its list item.
    return "  \n  ".join(lines)


def _md_entry(entry: Entry) -> str:
    spec = definition(entry.kind)
    head = spec.mark(entry).markdown
    notes = [f"#{tag}" for tag in entry.tags if f"#{tag}" not in entry.text.lower()]
    if entry.lang:
        notes.append(entry.lang.value)
    notes += spec.notes(entry)
    if entry.edited_at is not None:
        notes.append("edited")
    line = f"- {head} {md_text(entry.text)}" if head else f"- {md_text(entry.text)}"
    if notes:
        line += f" _({md_text(' · '.join(notes))})_"
    for label, aside in spec.asides(entry):
        line += f"  \n  _{label.capitalize()}:_ {md_text(aside)}"
    return line


def markdown_chunks(
    snapshot: Snapshot,
    *,
    exported_at: datetime,
    week_start: int = 0,
    first: date | None = None,
    last: date | None = None,
) -> Iterator[str]:
    """A readable journal: weeks, then days, oldest first; rituals kept per day."""
    names = {r.id: r.name for r in snapshot.rituals}
    days: dict[date, list[Entry]] = defaultdict(list)
    for entry in snapshot.entries:
        days[entry.day].append(entry)
    kept: dict[date, list[str]] = defaultdict(list)
    for check in snapshot.checks:
        kept[check.day].append(names.get(check.ritual_id, "?"))
    span = ""
    if first or last:
        opening = first.isoformat() if first else "the start"
        span = f" · {opening} to {last.isoformat() if last else 'now'}"
    count = len(snapshot.entries)
    yield "# sparklog journal\n\n"
    yield (
        f"Exported {exported_at.strftime('%Y-%m-%d %H:%M')}{span}"
        f" · {count} {'entry' if count == 1 else 'entries'}\n"
    )
    if not days and not kept:
        yield "\nNothing written in this range.\n"
        yield from _md_received(snapshot)
        return
    week: date | None = None
    for day in sorted(set(days) | set(kept)):
        start = week_start_of(day, week_start)
        if start != week:
            week = start
            yield f"\n## Week of {start.strftime('%a %d %b %Y')}\n"
        yield f"\n### {day.strftime('%A %d %B %Y')}\n\n"
        # A day reads as `log` shows it: its three things 1-2-3, then the rest.
        for entry in reading_order(days.get(day, ())):
            yield _md_entry(entry) + "\n"
        if day in kept:
            rituals = ", ".join(md_text(name) for name in sorted(kept[day], key=str.lower))
            yield f"- _Rituals kept:_ {rituals}\n"
    yield from _md_received(snapshot)


def _md_received(snapshot: Snapshot) -> Iterator[str]:
    """What the partner shared, oldest first; an answer to a question this person has
    not answered for that day keeps its words back, as the inbox does."""
    if not snapshot.partner:
        return
    name = snapshot.partner_name or "your partner"
    answered = {(entry.prompt_id, entry.day) for entry in snapshot.entries if entry.prompt_id}
    yield f"\n## From {md_text(name)}\n\n"
    for item in sorted(snapshot.partner, key=lambda one: (one.day, one.written_at, one.id)):
        when = item.day.strftime("%a %d %b %Y")
        body = item.body
        if item.kind == "check":
            line = f"kept {md_text(body['ritual'])}"
        elif item.kind == "reaction":
            line = f"reacted {md_text(body['reaction'])}"
        elif item.kind == "answer":
            line = f"answered “{md_text(body['question'])}”"
            if (body["question_id"], item.day) in answered:
                line += f": {md_text(body['text'])}"
        else:
            line = md_text(body["text"])
        reactions = " ".join(reaction.reaction for reaction in item.reactions)
        yield f"- _{when}:_ {line}" + (f" _(you {md_text(reactions)})_" if reactions else "") + "\n"
