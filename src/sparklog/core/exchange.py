"""The export document: its versioned shape, its checks, and its text forms.

Pure: records go in, JSON/CSV/Markdown text comes out, and an incoming document
is checked field by field (every problem names the item that holds it) before
anything is written. A journal kept for years must leave and come back whole.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sparklog.core.dates import week_start_of
from sparklog.core.entries import Entry, Horseman, Kind, Lang
from sparklog.core.rituals import CADENCE_FORMS, Cadence, clean_name, name_key
from sparklog.core.text import MAX_TAG, clean_text
from sparklog.errors import SparklogError, UsageError

FORMAT_NAME = "sparklog"
FORMAT_VERSION = 1
"""Raised only when a change makes older sparklogs unable to read an export."""

CSV_COLUMNS = (
    "id",
    "kind",
    "date",
    "written_at",
    "text",
    "tags",
    "lang",
    "slot",
    "positive",
    "horseman",
    "reframe",
)

UPGRADE_HINT = "upgrade sparklog (uv tool upgrade sparklog, or pip install -U sparklog)"


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class BadImport(SparklogError):
    """An import file that cannot be taken in whole; nothing of it is written."""


@dataclass(frozen=True)
class RitualRecord:
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


@dataclass(frozen=True)
class CheckRecord:
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


@dataclass(frozen=True)
class PauseRecord:
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


@dataclass(frozen=True)
class Snapshot:
    """Everything needed to rebuild a journal (or the part of it in a date range)."""

    entries: Sequence[Entry] = ()
    rituals: Sequence[RitualRecord] = ()
    checks: Sequence[CheckRecord] = ()
    pauses: Sequence[PauseRecord] = ()

    @property
    def size(self) -> int:
        return len(self.entries) + len(self.rituals) + len(self.checks) + len(self.pauses)


SECTIONS: tuple[str, ...] = ("entries", "rituals", "checks", "pauses")


@dataclass
class ImportReport:
    """What an import added and what the journal already held."""

    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    present: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    merged: list[tuple[str, str]] = field(default_factory=list)
    """(name in the file, name in the journal) of rituals merged by name."""

    @property
    def nothing_new(self) -> bool:
        return not any(self.added.values())

    def lines(self, source: str) -> list[str]:
        """The report as a few plain lines, counts aligned."""
        width = max(len(str(n)) for n in self.added.values())
        lines = [
            f"Nothing new in {source}; the journal already held all of it."
            if self.nothing_new
            else f"Imported {source}:"
        ]
        for section in SECTIONS:
            label = SECTION_LABELS[section]
            lines.append(
                f"  {label:<11}{self.added[section]:>{width}} added,"
                f" {self.present[section]} already present"
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
}


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
    ]
    for number, (name, items) in enumerate(sections):
        closing = "]\n" if number == len(sections) - 1 else "],\n"
        yield f'  "{name}": ['
        first = True
        for item in items:
            yield ("\n    " if first else ",\n    ") + dump(item.to_json())
            first = False
        yield closing if first else "\n  " + closing
    yield "}\n"


# --- reading the document ---------------------------------------------------

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIELDS = {
    "entry": set(CSV_COLUMNS),  # an entry's JSON fields are the CSV columns
    "ritual": {"id", "name", "cadence", "created", "archived"},
    "check-off": {"id", "ritual_id", "date", "written_at"},
    "pause": {"id", "ritual_id", "from", "to"},
}
_KINDS = tuple(kind.value for kind in Kind)
_LANGS = tuple(lang.value for lang in Lang)
_HORSEMEN = tuple(horseman.value for horseman in Horseman)
_OPTIONAL = {
    "entry": {"tags", "lang", "slot", "positive", "horseman", "reframe"},
    "ritual": {"archived"},
}


class _Item:
    """One object of the document, read field by field with located messages."""

    def __init__(self, what: str, number: int, raw: Any) -> None:
        self.where = f"{what} {number}"
        if not isinstance(raw, dict):
            raise BadImport(f"{self.where} is not an object")
        self.raw: dict[str, Any] = raw
        if isinstance(raw.get("id"), str):
            self.where += f" ({raw['id']})"
        unknown = sorted(set(raw) - _FIELDS[what])
        if unknown:
            raise self.fail(f"unknown field {unknown[0]!r}")
        missing = sorted(_FIELDS[what] - _OPTIONAL.get(what, set()) - set(raw))
        if missing:
            raise self.fail(f"the field {missing[0]!r} is missing")

    def fail(self, problem: str) -> BadImport:
        return BadImport(f"{self.where}: {problem}")

    def uuid(self, name: str) -> str:
        value = self.raw.get(name)
        try:
            parsed = uuid.UUID(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or str(parsed) != value.lower():  # type: ignore[union-attr]
            raise self.fail(f"{name} {value!r} is not a UUID")
        return str(parsed)

    def day(self, name: str, *, optional: bool = False) -> date | None:
        value = self.raw.get(name)
        if value is None and optional:
            return None
        if isinstance(value, str) and _DAY.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(f"{name} {value!r} is not a date (YYYY-MM-DD)")

    def required_day(self, name: str) -> date:
        found = self.day(name)
        assert found is not None
        return found

    def moment(self, name: str) -> datetime:
        value = self.raw.get(name)
        try:
            parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise self.fail(
                f"{name} {value!r} is not a time with its UTC offset"
                " (like 2026-11-21T21:04:11+01:00)"
            )
        return parsed

    def text(self, name: str, label: str, *, optional: bool = False) -> str | None:
        value = self.raw.get(name)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.fail(f"{name} is not a string")
        try:
            return clean_text(value, label)
        except UsageError as exc:
            raise self.fail(exc.message) from None

    def choice(self, name: str, allowed: Sequence[str], *, optional: bool) -> str | None:
        value = self.raw.get(name)
        if value is None and optional:
            return None
        if value not in allowed:
            raise self.fail(f"{name} {value!r} is not one of {', '.join(allowed)}")
        return str(value)


def _tags(item: _Item) -> tuple[str, ...]:
    value = item.raw.get("tags", [])
    if not isinstance(value, list):
        raise item.fail("tags is not a list")
    found: list[str] = []
    for tag in value:
        if (
            not isinstance(tag, str)
            or not tag
            or len(tag) > MAX_TAG
            or tag.startswith("#")
            or tag != tag.lower()
            or any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in tag)
        ):
            raise item.fail(
                f"tag {tag!r} is not a tag (lower case, no '#' or spaces, up to {MAX_TAG})"
            )
        found.append(tag)
    return tuple(sorted(set(found)))


def _entry(number: int, raw: Any) -> Entry:
    item = _Item("entry", number, raw)
    entry_id = item.uuid("id")
    kind = Kind(item.choice("kind", _KINDS, optional=False) or "")
    day = item.required_day("date")
    written_at = item.moment("written_at")
    text = item.text("text", "text")
    assert text is not None
    tags = _tags(item)
    lang_value = item.choice("lang", _LANGS, optional=True)
    slot = item.raw.get("slot")
    positive = item.raw.get("positive")
    horseman_value = item.choice("horseman", _HORSEMEN, optional=True)
    reframe = item.text("reframe", "reframe", optional=True)
    if kind is Kind.THREE:
        if type(slot) is not int or not 1 <= slot <= 3:
            raise item.fail(f"slot {slot!r} is not 1, 2 or 3 (a three-things item needs one)")
    elif slot is not None:
        raise item.fail(f"slot is only for three-things items, not {kind.value}")
    if kind is Kind.OBSERVATION:
        if not isinstance(positive, bool):
            raise item.fail(f"positive {positive!r} is not true or false")
        if positive and horseman_value is not None:
            raise item.fail("a horseman belongs to a negative observation (positive is true)")
    else:
        for name, value in (
            ("positive", positive),
            ("horseman", horseman_value),
            ("reframe", reframe),
        ):
            if value is not None:
                raise item.fail(f"{name} is only for observations, not {kind.value}")
    return Entry(
        id=entry_id,
        kind=kind,
        day=day,
        written_at=written_at,
        text=text,
        tags=tags,
        lang=Lang(lang_value) if lang_value else None,
        slot=slot,
        positive=positive,
        horseman=Horseman(horseman_value) if horseman_value else None,
        reframe=reframe,
    )


def _ritual(number: int, raw: Any) -> RitualRecord:
    item = _Item("ritual", number, raw)
    ritual_id = item.uuid("id")
    raw_name = item.raw.get("name")
    if not isinstance(raw_name, str):
        raise item.fail("name is not a string")
    try:
        name = clean_name(raw_name)
    except UsageError as exc:
        raise item.fail(exc.message) from None
    value = item.raw.get("cadence")
    try:
        cadence = Cadence.parse(value).label if isinstance(value, str) else None
    except UsageError:
        cadence = None
    if cadence is None:
        raise item.fail(f"cadence {value!r} is not one of {CADENCE_FORMS}")
    created = item.required_day("created")
    archived = item.day("archived", optional=True)
    return RitualRecord(ritual_id, name, cadence, created, archived)


def _check(number: int, raw: Any) -> CheckRecord:
    item = _Item("check-off", number, raw)
    return CheckRecord(
        item.uuid("id"),
        item.uuid("ritual_id"),
        item.required_day("date"),
        item.moment("written_at"),
    )


def _pause(number: int, raw: Any) -> PauseRecord:
    item = _Item("pause", number, raw)
    pause = PauseRecord(
        item.uuid("id"), item.uuid("ritual_id"), item.required_day("from"), item.required_day("to")
    )
    if pause.first > pause.last:
        raise item.fail(f"from {pause.first} is after to {pause.last}")
    return pause


def _section(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise BadImport(f"{name!r} is not a list")
    return value


def read_document(data: Any) -> Snapshot:
    """Check a whole export document and turn it into records, or raise BadImport.

    Every field of every item is checked here, before the journal is opened,
    so a bad file changes nothing.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        if not isinstance(data, dict):
            found = f"a JSON {type(data).__name__}"
        elif "format" not in data:
            found = "no format field"
        else:
            found = f"format {data['format']!r}"
        raise BadImport(
            f"not a sparklog export ({found}); import reads the JSON that 'sparklog export' writes"
        )
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise BadImport(f"version {version!r} is not an export version sparklog knows")
    if version > FORMAT_VERSION:
        raise BadImport(
            f"written by a newer sparklog (export version {version}; this one reads up to"
            f" {FORMAT_VERSION}); {UPGRADE_HINT}"
        )
    unknown = sorted(set(data) - {"format", "version", "exported_at", *SECTIONS})
    if unknown:
        raise BadImport(f"unknown top-level field {unknown[0]!r}")
    stamp = data.get("exported_at")
    if stamp is not None:
        try:
            valid = isinstance(stamp, str) and datetime.fromisoformat(stamp).tzinfo is not None
        except ValueError:
            valid = False
        if not valid:
            raise BadImport(f"exported_at {stamp!r} is not a time with its UTC offset")
    entries = [_entry(n, raw) for n, raw in enumerate(_section(data, "entries"), start=1)]
    rituals = [_ritual(n, raw) for n, raw in enumerate(_section(data, "rituals"), start=1)]
    checks = [_check(n, raw) for n, raw in enumerate(_section(data, "checks"), start=1)]
    pauses = [_pause(n, raw) for n, raw in enumerate(_section(data, "pauses"), start=1)]
    _check_consistency(entries, rituals, checks, pauses)
    return Snapshot(entries, rituals, checks, pauses)


def _first_repeat(values: Iterable[Any]) -> tuple[int, int] | None:
    """Positions (1-based) of the first value seen twice: (earlier, later)."""
    seen: dict[Any, int] = {}
    for number, value in enumerate(values, start=1):
        if value in seen:
            return seen[value], number
        seen[value] = number
    return None


def _check_consistency(
    entries: Sequence[Entry],
    rituals: Sequence[RitualRecord],
    checks: Sequence[CheckRecord],
    pauses: Sequence[PauseRecord],
) -> None:
    """What no single item shows: repeats, and references to missing rituals."""
    groups: tuple[tuple[str, Sequence[Entry | RitualRecord | CheckRecord | PauseRecord]], ...] = (
        ("entry", entries),
        ("ritual", rituals),
        ("check-off", checks),
        ("pause", pauses),
    )
    for what, items in groups:
        repeat = _first_repeat(item.id for item in items)
        if repeat is not None:
            earlier, later = repeat
            raise BadImport(
                f"{what} {later} ({items[later - 1].id}): the same id as {what} {earlier}"
            )
    repeat = _first_repeat((e.day, e.slot) if e.kind is Kind.THREE else object() for e in entries)
    if repeat is not None:
        earlier, later = repeat
        item = entries[later - 1]
        raise BadImport(
            f"entry {later} ({item.id}): {item.day} already has a three-things item"
            f" {item.slot} (entry {earlier})"
        )
    repeat = _first_repeat(name_key(r.name) for r in rituals)
    if repeat is not None:
        earlier, later = repeat
        ritual = rituals[later - 1]
        raise BadImport(
            f"ritual {later} ({ritual.id}): named like ritual {earlier}"
            f" ({ritual.name!r}; names are matched ignoring case)"
        )
    known = {r.id for r in rituals}
    linked: tuple[tuple[str, Sequence[CheckRecord | PauseRecord]], ...] = (
        ("check-off", checks),
        ("pause", pauses),
    )
    for what, linked_items in linked:
        for number, linked_item in enumerate(linked_items, start=1):
            if linked_item.ritual_id not in known:
                raise BadImport(
                    f"{what} {number} ({linked_item.id}): ritual_id {linked_item.ritual_id}"
                    " is not among the file's rituals"
                )
    repeat = _first_repeat((c.ritual_id, c.day) for c in checks)
    if repeat is not None:
        earlier, later = repeat
        check = checks[later - 1]
        raise BadImport(
            f"check-off {later} ({check.id}): its ritual is already checked off on"
            f" {check.day} (check-off {earlier})"
        )


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
        value = data[column]
        if column == "tags":
            row.append(csv_cell(" ".join(value)))
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
    if entry.kind is Kind.THREE:
        head = f"**{entry.slot}.**"
    elif entry.kind is Kind.OBSERVATION:
        head = "**+**" if entry.positive else "**−**"  # noqa: RUF001 (a true minus sign)
    else:
        head = ""
    notes = [f"#{tag}" for tag in entry.tags if f"#{tag}" not in entry.text.lower()]
    if entry.lang:
        notes.append(entry.lang.value)
    if entry.horseman:
        notes.append(entry.horseman.value)
    line = f"- {head} {md_text(entry.text)}" if head else f"- {md_text(entry.text)}"
    if notes:
        line += f" _({md_text(' · '.join(notes))})_"
    if entry.reframe:
        line += f"  \n  _Reframed:_ {md_text(entry.reframe)}"
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
        return
    week: date | None = None
    for day in sorted(set(days) | set(kept)):
        start = week_start_of(day, week_start)
        if start != week:
            week = start
            yield f"\n## Week of {start.strftime('%a %d %b %Y')}\n"
        yield f"\n### {day.strftime('%A %d %B %Y')}\n\n"
        for entry in days.get(day, ()):
            yield _md_entry(entry) + "\n"
        if day in kept:
            rituals = ", ".join(md_text(name) for name in sorted(kept[day], key=str.lower))
            yield f"- _Rituals kept:_ {rituals}\n"
