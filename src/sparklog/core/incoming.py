"""An import document, checked whole by strict models before the journal is opened.

The models state what a version 1 or 2 export may hold (version 2 adds each
entry's `edited_at` and the `deleted` section of tombstones), one per entry kind (a union
on `kind`), and the same rules the command line applies: the text rules, the
tag rule, and the dates a journal can hold. Each kind's model is built from its
definition in `sparklog.core.kinds` (its own fields, their rules, which of them
it needs), so a kind defined there is imported without a line here. Every
problem becomes one line that names where it sits, as a path into the file
(`entries[3].date`, counted from 0 as jq counts: `jq '.entries[3]' FILE` shows it).

Only `sparklog import` loads this module, and with it pydantic's validators.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
)

from sparklog.core.dates import EARLIEST, within_journal
from sparklog.core.entries import Entry, Kind, Lang
from sparklog.core.exchange import (
    FORMAT_NAME,
    FORMAT_VERSION,
    BadImport,
    CheckRecord,
    DateRecord,
    MarkRecord,
    PauseRecord,
    ReactionRecord,
    ReceivedRecord,
    RevisionRecord,
    RitualRecord,
    Snapshot,
    TombstoneRecord,
)
from sparklog.core.important_dates import ImportantDate, clean_date_name
from sparklog.core.kinds import FIELDS, KINDS, EntryKind, KindField, Rule, definition, owners
from sparklog.core.names import clean_name
from sparklog.core.rituals import CADENCE_FORMS, PAUSE_AHEAD_DAYS, Cadence, name_key
from sparklog.core.text import clean_text, stored_tag
from sparklog.errors import UPGRADE_HINT, SyncError, UsageError
from sparklog.partner.items import ItemKind, body_of, clean_reaction
from sparklog.sync.hlc import Stamp as ClockStamp

# --- one field at a time ---------------------------------------------------------
# Each rule raises ValueError with its message; `_problem` puts the place in front.

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _today(info: ValidationInfo) -> date:
    """The journal day the document is read on (given by `read_document`)."""
    assert isinstance(info.context, dict)
    today: date = info.context["today"]
    return today


def _id(value: object) -> str:
    try:
        parsed = uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or str(parsed) != str(value).lower():
        raise ValueError(f"{_shown(value)} is not a UUID")
    return str(parsed)


def _iso_day(value: object) -> date:
    if isinstance(value, str) and _DAY.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{_shown(value)} is not a date (YYYY-MM-DD)")


def _in_journal(day: date, info: ValidationInfo) -> date:
    """A day the command line would file: not before 1900, not in the future."""
    try:
        return within_journal(day, _today(info))
    except UsageError as exc:
        raise ValueError(exc.message) from None


def _plannable(day: date, info: ValidationInfo) -> date:
    """A pause day: from 1900 up to a year ahead, as `ritual pause` allows."""
    latest = _today(info) + timedelta(days=PAUSE_AHEAD_DAYS)
    if day > latest:
        raise ValueError(
            f"{day.isoformat()} is more than a year ahead (a pause may reach {latest.isoformat()})"
        )
    if day < EARLIEST:
        raise ValueError(f"{day.isoformat()} is before {EARLIEST.year}; check the year")
    return day


def _moment(value: object) -> datetime:
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(
            f"{_shown(value)} is not a time with its UTC offset (like 2026-11-21T21:04:11+01:00)"
        )
    return parsed


def _written(moment: datetime, info: ValidationInfo) -> datetime:
    """A time something was written: its own day may run one past today (the
    rollover hours, or a device a time zone ahead), never further."""
    if moment.date() < EARLIEST:
        raise ValueError(f"{moment.isoformat()} is before {EARLIEST.year}; check the year")
    if moment.date() > _today(info) + timedelta(days=1):
        raise ValueError(
            f"{moment.isoformat()} is in the future; the journal day today is"
            f" {_today(info).isoformat()}"
        )
    return moment


def _cleaned(label: str) -> AfterValidator:
    def check(value: str) -> str:
        try:
            return clean_text(value, label)
        except UsageError as exc:
            raise ValueError(exc.message) from None

    return AfterValidator(check)


def _tag(value: str) -> str:
    try:
        return stored_tag(value)
    except UsageError as exc:
        raise ValueError(exc.message) from None


def _ritual_name(value: str) -> str:
    try:
        return clean_name(value, "ritual name")
    except UsageError as exc:
        raise ValueError(exc.message) from None


def _cadence(value: str) -> str:
    try:
        return Cadence.parse(value).label
    except UsageError:
        raise ValueError(f"{_shown(value)} is not one of {CADENCE_FORMS}") from None


Id = Annotated[str, BeforeValidator(_id)]
JournalDay = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_in_journal)]
PauseDay = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_plannable)]
Written = Annotated[datetime, BeforeValidator(_moment), AfterValidator(_written)]
Stamp = Annotated[datetime, BeforeValidator(_moment)]
Text = Annotated[str, _cleaned("text")]
Tag = Annotated[str, AfterValidator(_tag)]
# An enum is read from its value (JSON has no enums); nothing else is converted.
LangValue = Annotated[Lang, Strict(False)]


# --- the items ---------------------------------------------------------------------


class _Strict(BaseModel):
    """No field converted from another type, no unknown field let through."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class _EntryItem(_Strict):
    """What every entry item holds; each kind's model adds its `kind` and own fields."""

    id: Id
    day: JournalDay = Field(alias="date")
    written_at: Written
    edited_at: Written | None = None
    text: Text
    tags: list[Tag] = []
    lang: LangValue | None = None
    if TYPE_CHECKING:
        kind: Kind  # each kind's model declares its own, as a literal

    def record(self) -> Entry:
        return Entry(
            id=self.id,
            kind=definition(self.kind).kind,
            day=self.day,
            written_at=self.written_at,
            text=self.text,
            tags=tuple(sorted(set(self.tags))),
            lang=self.lang,
            **{own.name: getattr(self, own.name) for own in FIELDS},
            edited_at=self.edited_at,
        )


def _ruled(rule: Callable[[Any], Any]) -> AfterValidator:
    """A kind field's own rule, its one-line message kept for the item's place."""

    def check(value: Any) -> Any:
        try:
            return rule(value)
        except UsageError as exc:
            raise ValueError(exc.message) from None

    return AfterValidator(check)


def _import_type(own: KindField) -> Any:
    """How a kind's own field is read from JSON: its type, strictly; an enum from its value."""
    kept: Any = Annotated[own.type, Strict(False)] if issubclass(own.type, Enum) else own.type
    return Annotated[kept, _ruled(own.rule)] if own.rule is not None else kept


def _rule_check(rule: Rule) -> Any:
    """A rule across an item's fields, checked where its field is (`entries[3].horseman`)."""

    def check(cls: type[BaseModel], value: Any, info: ValidationInfo) -> Any:
        problem = rule.problem(value, info.data)
        if problem is not None:
            raise ValueError(problem)
        return value

    return field_validator(rule.field)(check)


def _item_model(spec: EntryKind) -> type[_EntryItem]:
    """The strict model of one kind's items, built from its definition.

    A field the kind does not carry may only be absent or null, so an export of
    every kind's fields reads back, and a stray `slot` on an observation is named.
    """
    fields: dict[str, Any] = {"kind": (Literal[spec.kind], ...)}
    for own in FIELDS:
        if own.name not in spec.carries:
            fields[own.name] = (None, None)
        elif spec.carries[own.name]:
            fields[own.name] = (_import_type(own), ...)
        else:
            fields[own.name] = (_import_type(own) | None, None)
    checks = {f"_rule_{number}": _rule_check(rule) for number, rule in enumerate(spec.rules)}
    model: type[_EntryItem] = create_model(
        f"{spec.kind.name.title()}Item", __base__=_EntryItem, __validators__=checks, **fields
    )
    return model


ITEM_MODELS: dict[Kind, type[_EntryItem]] = {
    kind: _item_model(spec) for kind, spec in KINDS.items()
}
"""One model per defined kind; the document's entries are a union on `kind` of them."""

if TYPE_CHECKING:
    EntryItem = _EntryItem
else:
    EntryItem = Annotated[Union[tuple(ITEM_MODELS.values())], Field(discriminator="kind")]  # noqa: UP007


class RitualItem(_Strict):
    id: Id
    name: Annotated[str, AfterValidator(_ritual_name)]
    cadence: Annotated[str, AfterValidator(_cadence)]
    created: JournalDay
    archived: JournalDay | None = None

    def record(self) -> RitualRecord:
        return RitualRecord(self.id, self.name, self.cadence, self.created, self.archived)


class CheckItem(_Strict):
    id: Id
    ritual_id: Id
    day: JournalDay = Field(alias="date")
    written_at: Written

    def record(self) -> CheckRecord:
        return CheckRecord(self.id, self.ritual_id, self.day, self.written_at)


class PauseItem(_Strict):
    id: Id
    ritual_id: Id
    first: PauseDay = Field(alias="from")
    last: PauseDay = Field(alias="to")

    @field_validator("last")
    @classmethod
    def _not_before_first(cls, value: date, info: ValidationInfo) -> date:
        first = info.data.get("first")
        if first is not None and value < first:
            raise ValueError(f"{value.isoformat()} is before from ({first.isoformat()})")
        return value

    def record(self) -> PauseRecord:
        return PauseRecord(self.id, self.ritual_id, self.first, self.last)


class MarkItem(_Strict):
    id: Id
    ritual_id: Id
    day: JournalDay = Field(alias="date")
    mark: Literal["skip", "no"]
    written_at: Written

    def record(self) -> MarkRecord:
        return MarkRecord(self.id, self.ritual_id, self.day, self.mark, self.written_at)


def _date_name(value: str) -> str:
    try:
        return clean_date_name(value)
    except UsageError as exc:
        raise ValueError(exc.message) from None


def _kept_day(day: date) -> date:
    """An important date: from 1900 on; it may lie ahead (a trip, a wedding)."""
    if day < EARLIEST:
        raise ValueError(f"{day.isoformat()} is before {EARLIEST.year}; check the year")
    return day


class DateItem(_Strict):
    id: Id
    name: Annotated[str, AfterValidator(_date_name)]
    day: Annotated[date, BeforeValidator(_iso_day), AfterValidator(_kept_day)] = Field(alias="date")
    yearly: bool
    together: bool

    @field_validator("together")
    @classmethod
    def _began_already(cls, value: bool, info: ValidationInfo) -> bool:
        day = info.data.get("day")
        if value and day is not None and day > _today(info):
            raise ValueError(
                f"{day.isoformat()} is in the future; the together date is the day it began"
            )
        return value

    def record(self) -> DateRecord:
        return DateRecord(
            self.id, ImportantDate(self.name, self.day, yearly=self.yearly, together=self.together)
        )


class TombstoneItem(_Strict):
    id: Id
    deleted_at: Written

    def record(self) -> TombstoneRecord:
        return TombstoneRecord(self.id, self.deleted_at)


def _clock_stamp(value: str) -> str:
    try:
        ClockStamp.parse(value)
    except SyncError:
        raise ValueError(f"{_shown(value)} is not a sync stamp") from None
    return value


def _saved_at(value: str) -> str:
    _moment(value)
    return value


class RevisionItem(_Strict):
    """A version a merge kept beside an entry, taken in exactly as it was stored."""

    id: Id
    entry_id: Id
    stamp: Annotated[str, AfterValidator(_clock_stamp)]
    saved_at: Annotated[str, AfterValidator(_saved_at)]
    text: str
    version: dict[str, Any]

    @field_validator("version")
    @classmethod
    def _holds_text(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        if value.get("text") != info.data.get("text"):
            raise ValueError("the version's text is not the revision's text")
        return value

    def record(self) -> RevisionRecord:
        return RevisionRecord(
            self.id, self.entry_id, self.stamp, self.saved_at, self.text, dict(self.version)
        )


ItemDay = Annotated[date, BeforeValidator(_iso_day)]
"""A partner item's day: theirs, which may run a day ahead of this journal's."""
ClockText = Annotated[str, AfterValidator(_clock_stamp)]
Moment = Annotated[str, AfterValidator(_saved_at)]


class ReactionItem(_Strict):
    id: Id
    # Only this person's reactions ride on an item; the partner's are items of their own.
    from_: Literal["me"] = Field(alias="from")
    reaction: str
    day: ItemDay
    written_at: Moment
    stamp: ClockText

    @field_validator("reaction")
    @classmethod
    def _one_word(cls, value: str) -> str:
        try:
            return clean_reaction(value)
        except UsageError as exc:
            raise ValueError(exc.message) from None

    def record(self) -> ReactionRecord:
        return ReactionRecord(self.id, self.reaction, self.day, self.written_at, self.stamp)


class ReceivedItem(_Strict):
    """An item the partner shared, exactly as the partner channel would have taken it in."""

    id: Id
    kind: Literal[tuple(kind.value for kind in ItemKind)]  # type: ignore[valid-type]
    day: ItemDay
    written_at: Moment
    edited_at: Moment | None
    stamp: ClockText
    body: dict[str, str]
    reactions: list[ReactionItem] = []

    @field_validator("body")
    @classmethod
    def _its_fields(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        kind = info.data.get("kind")
        if kind is None:
            return value
        return body_of(ItemKind(kind), value)

    def record(self) -> ReceivedRecord:
        return ReceivedRecord(
            self.id,
            self.kind,
            self.day,
            self.written_at,
            self.edited_at,
            self.stamp,
            dict(self.body),
            tuple(reaction.record() for reaction in self.reactions),
        )


class PartnerSection(_Strict):
    name: str | None
    items: list[ReceivedItem] = []


class Document(_Strict):
    format: Literal["sparklog"]
    version: int
    exported_at: Stamp | None = None
    entries: list[EntryItem] = []
    rituals: list[RitualItem] = []
    checks: list[CheckItem] = []
    pauses: list[PauseItem] = []
    dates: list[DateItem] = []
    deleted: list[TombstoneItem] = []
    marks: list[MarkItem] = []
    """Skipped days and evening "no" answers; a file from before them has none."""
    revisions: list[RevisionItem] = []
    """Versions a device merge kept; a file from before sync has none."""
    partner: PartnerSection | None = None
    """What the partner shared and this journal received; a file from before it has none."""


# --- the whole document ----------------------------------------------------------


def read_document(data: Any, *, today: date) -> Snapshot:
    """Check a whole export document and turn it into records, or raise BadImport.

    Every field of every item is checked here, before the journal is opened, so
    a bad file changes nothing. `today` is the journal day the dates are held to.
    """
    _check_header(data)
    try:
        document = Document.model_validate(data, context={"today": today})
    except ValidationError as exc:
        problems = exc.errors(include_url=False)
        more = len(problems) - 1
        raise BadImport(
            _problem(problems[0]) + (f" (and {more} more {_plural(more)})" if more else "")
        ) from None
    snapshot = Snapshot(
        [item.record() for item in document.entries],
        [item.record() for item in document.rituals],
        [item.record() for item in document.checks],
        [item.record() for item in document.pauses],
        [item.record() for item in document.dates],
        [item.record() for item in document.deleted],
        [item.record() for item in document.marks],
        [item.record() for item in document.revisions],
        partner=[item.record() for item in document.partner.items] if document.partner else [],
        partner_name=document.partner.name if document.partner else None,
    )
    _check_consistency(
        snapshot.entries, snapshot.rituals, snapshot.checks, snapshot.pauses, snapshot.marks
    )
    _check_dates(snapshot.dates)
    repeat = _first_repeat(item.id for item in snapshot.deleted)
    if repeat is not None:
        earlier, later = repeat
        raise BadImport(f"deleted[{later}].id: the same id as deleted[{earlier}]")
    repeat = _first_repeat(item.id for item in snapshot.revisions)
    if repeat is not None:
        earlier, later = repeat
        raise BadImport(f"revisions[{later}].id: the same id as revisions[{earlier}]")
    ids = [item.id for item in snapshot.partner]
    ids += [reaction.id for item in snapshot.partner for reaction in item.reactions]
    repeat = _first_repeat(ids)
    if repeat is not None:
        raise BadImport(f"partner.items: the id {ids[repeat[1]]} is there twice")
    held = {entry.id for entry in snapshot.entries} | {item.id for item in snapshot.deleted}
    for number, revision in enumerate(snapshot.revisions):
        if revision.entry_id not in held:
            raise BadImport(
                f"revisions[{number}].entry_id: no entry or deletion of the file has that id"
            )
    return snapshot


def _plural(count: int) -> str:
    return "problem" if count == 1 else "problems"


def _check_header(data: Any) -> None:
    """Whether this is a sparklog export this sparklog can read, before any item."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        if not isinstance(data, dict):
            found = f"a JSON {type(data).__name__}"
        elif "format" not in data:
            found = "no format field"
        else:
            found = f"format {_shown(data['format'])}"
        raise BadImport(
            f"not a sparklog export ({found}); import reads the JSON that 'sparklog export' writes"
        )
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise BadImport(f"version {_shown(version)} is not an export version sparklog knows")
    if version > FORMAT_VERSION:
        raise BadImport(
            f"written by a newer sparklog (export version {version}; this one reads up to"
            f" {FORMAT_VERSION}); {UPGRADE_HINT}"
        )


# --- messages ----------------------------------------------------------------------

_KINDS = {kind.value for kind in KINDS}
_EXPECTS = {own.name: own.expects for own in FIELDS if own.expects}
"""What a kind's own field must be, said for a value of the wrong type."""


def _shown(value: object, width: int = 60) -> str:
    """A value as the file holds it, cut short: enough to find it there."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _place(loc: Sequence[int | str]) -> tuple[str, str | None]:
    """`entries[3].date` for a pydantic location, and the entry kind it passed through."""
    path = ""
    kind = None
    for number, part in enumerate(loc):
        if isinstance(part, int):
            path += f"[{part}]"
        elif number and isinstance(loc[number - 1], int) and part in _KINDS:
            kind = part  # the union's own step into the model for this kind
        else:
            path += f".{part}" if path else part
    return path, kind


def _problem(error: Any) -> str:
    """One pydantic error as `place: what is wrong`."""
    place, kind = _place(error["loc"])
    found = error.get("input")
    what = error["type"]
    context = error.get("ctx") or {}
    if what == "value_error":
        problem = str(context["error"])
    elif what == "missing":
        problem = "the field is missing"
    elif what == "extra_forbidden":
        problem = "unknown field" if "." in place or "[" in place else "unknown top-level field"
    elif what == "union_tag_not_found":
        place, problem = f"{place}.kind", "the field is missing"
    elif what == "union_tag_invalid":
        place = f"{place}.kind"
        problem = f"{_shown(context['tag'])} is not one of {', '.join(sorted(_KINDS))}"
    elif what in ("model_type", "model_attributes_type", "dict_type"):
        problem = f"{_shown(found)} is not an object"
    elif what == "none_required":
        field = place.rsplit(".", 1)[-1]
        problem = f"only for {owners(field) or 'other items'}, not {kind or 'this item'}"
    elif what.endswith("_type") and place.rsplit(".", 1)[-1] in _EXPECTS:
        problem = f"{_shown(found)} is not {_EXPECTS[place.rsplit('.', 1)[-1]]}"
    elif what in ("enum", "literal_error"):
        allowed = str(context.get("expected", "")).replace("'", "")
        problem = f"{_shown(found)} is not one of {allowed}"
    elif what == "bool_type":
        problem = f"{_shown(found)} is not true or false"
    elif what == "string_type":
        problem = f"{_shown(found)} is not a string"
    elif what == "list_type":
        problem = f"{_shown(found)} is not a list"
    else:
        problem = f"{_shown(found)}: {error['msg']}"
    return f"{place}: {problem}" if place else problem


# --- what no single item shows -------------------------------------------------------


def _first_repeat(values: Iterable[Any]) -> tuple[int, int] | None:
    """Positions (from 0) of the first value seen twice: (earlier, later)."""
    seen: dict[Any, int] = {}
    for number, value in enumerate(values):
        if value in seen:
            return seen[value], number
        seen[value] = number
    return None


def _check_consistency(
    entries: Sequence[Entry],
    rituals: Sequence[RitualRecord],
    checks: Sequence[CheckRecord],
    pauses: Sequence[PauseRecord],
    marks: Sequence[MarkRecord] = (),
) -> None:
    """What no single item shows: repeats, and references to missing rituals."""
    groups: tuple[
        tuple[str, Sequence[Entry | RitualRecord | CheckRecord | PauseRecord | MarkRecord]], ...
    ] = (
        ("entries", entries),
        ("rituals", rituals),
        ("checks", checks),
        ("pauses", pauses),
        ("marks", marks),
    )
    for section, items in groups:
        repeat = _first_repeat(item.id for item in items)
        if repeat is not None:
            earlier, later = repeat
            raise BadImport(f"{section}[{later}].id: the same id as {section}[{earlier}]")
    repeat = _first_repeat(
        (e.day, e.slot) if definition(e.kind).slotted else object() for e in entries
    )
    if repeat is not None:
        earlier, later = repeat
        item = entries[later]
        raise BadImport(
            f"entries[{later}].slot: {item.day} already has a three-things item {item.slot}"
            f" (entries[{earlier}])"
        )
    repeat = _first_repeat(name_key(r.name) for r in rituals)
    if repeat is not None:
        earlier, later = repeat
        raise BadImport(
            f"rituals[{later}].name: {rituals[later].name!r} is named like rituals[{earlier}]"
            " (names are matched ignoring case)"
        )
    known = {r.id for r in rituals}
    linked: tuple[tuple[str, Sequence[CheckRecord | PauseRecord | MarkRecord]], ...] = (
        ("checks", checks),
        ("pauses", pauses),
        ("marks", marks),
    )
    for section, linked_items in linked:
        for number, linked_item in enumerate(linked_items):
            if linked_item.ritual_id not in known:
                raise BadImport(
                    f"{section}[{number}].ritual_id: {linked_item.ritual_id}"
                    " is not among the file's rituals"
                )
    repeat = _first_repeat((c.ritual_id, c.day) for c in checks)
    if repeat is not None:
        earlier, later = repeat
        raise BadImport(
            f"checks[{later}].date: its ritual is already checked off on"
            f" {checks[later].day} (checks[{earlier}])"
        )
    repeat = _first_repeat((m.ritual_id, m.day) for m in marks)
    if repeat is not None:
        earlier, later = repeat
        raise BadImport(
            f"marks[{later}].date: its ritual already has a mark on"
            f" {marks[later].day} (marks[{earlier}])"
        )


def _check_dates(dates: Sequence[DateRecord]) -> None:
    """Dates, like `dates add`: one id and one name each (any case), one together date."""
    repeat = _first_repeat(item.id for item in dates)
    if repeat is not None:
        earlier, later = repeat
        raise BadImport(f"dates[{later}].id: the same id as dates[{earlier}]")
    repeat = _first_repeat(name_key(item.important.name) for item in dates)
    if repeat is not None:
        earlier, later = repeat
        raise BadImport(
            f"dates[{later}].name: {dates[later].important.name!r} is named like"
            f" dates[{earlier}] (names are matched ignoring case)"
        )
    repeat = _first_repeat(True if item.important.together else object() for item in dates)
    if repeat is not None:
        earlier, later = repeat
        raise BadImport(
            f"dates[{later}].together: dates[{earlier}] is the together date already (there is one)"
        )
