"""Entry kinds, each defined once.

A kind states here everything the rest of sparklog asks about it: the fields it
carries beyond those every entry has, the rules they follow, the words and marks
views draw for it, the streaks and summaries it feeds, and how it is stored,
exported and imported. Views, exporters and the import ask `definition(kind)`
(or the registry `KINDS`) instead of branching on kind names, so a new kind is
one more definition here; docs/ARCHITECTURE.md says what else it takes.

A kind name this sparklog does not know (written by a newer one) is an error,
`UnknownKind`, never read as some other kind.

Pure and light: no storage, no pydantic (`sparklog.core.incoming` builds the
import models from these definitions, and only `import` pays for pydantic).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum, StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from sparklog.core.text import clean_text, tags_in
from sparklog.errors import UPGRADE_HINT, InvalidText, SparklogError, UsageError

if TYPE_CHECKING:
    from sparklog.core.entries import Entry, NewEntry


class Kind(StrEnum):
    """Every entry kind; each has its one definition in `KINDS`."""

    GRATITUDE = "gratitude"
    THREE = "three"
    OBSERVATION = "observation"
    REFLECTION = "reflection"


class Horseman(StrEnum):
    """The four interaction patterns that predict a relationship's breakdown."""

    CRITICISM = "criticism"
    CONTEMPT = "contempt"
    DEFENSIVENESS = "defensiveness"
    STONEWALLING = "stonewalling"


class UnknownKind(SparklogError):
    """An entry of a kind this sparklog has no definition for."""


# --- the fields only some kinds carry -----------------------------------------------


class KindField(NamedTuple):
    """A field only some kinds carry.

    One name for all of it: the `Entry` attribute, the JSON key, the CSV column
    and the `entry` table's column. A kind that does not carry it holds None.
    """

    name: str
    type: type
    """What it holds: int, bool, str, or an enum (stored and exported as its value)."""
    rule: Callable[[Any], Any] | None = None
    """Checks one value (raising a `UsageError` with one clear line) and returns it as kept."""
    expects: str | None = None
    """How a value of the wrong type is explained ("1, 2 or 3"), when the type says too little."""
    in_every_entry: bool = True
    """Written (as null) in the JSON of every entry, as PRODUCT.md's entry shape lists it.

    A field added with a later kind says False: only its own kinds' entries
    carry it, so a sparklog from before that kind still reads every other entry
    of a newer export (the import models refuse unknown keys).
    """

    def stored(self, value: Any) -> Any:
        """The value as the journal and the export hold it."""
        return value.value if isinstance(value, Enum) else value

    def loaded(self, raw: Any) -> Any:
        """The value back from what `stored` gave (SQLite hands booleans back as 0 or 1)."""
        if raw is None or type(raw) is self.type:
            return raw
        return self.type(raw)


SLOTS = (1, 2, 3)
"""A day's three-things slots."""


def _slot(value: int) -> int:
    if isinstance(value, bool) or value not in SLOTS:
        raise UsageError(f"{value!r} is not 1, 2 or 3 (a three-things item needs one)")
    return value


def _reframe(value: str) -> str:
    return clean_text(value, "reframe")


MAX_PROMPT_ID = 64
"""Longer than any question id sparklog gives ("appreciation-32"), with room to grow."""


def _prompt_id(value: str) -> str:
    """A question's id as the deck writes it; a newer deck's ids are kept as they are."""
    if not value or len(value) > MAX_PROMPT_ID or not value.isascii() or not value.isprintable():
        raise UsageError(
            f"{value!r} is not a question id (plain letters, digits and dashes,"
            f" up to {MAX_PROMPT_ID})"
        )
    return value


def _prompt(value: str) -> str:
    return clean_text(value, "question")


SLOT = KindField("slot", int, _slot, expects="1, 2 or 3 (a three-things item needs one)")
POSITIVE = KindField("positive", bool)
HORSEMAN = KindField("horseman", Horseman)
REFRAME = KindField("reframe", str, _reframe)
PROMPT_ID = KindField("prompt_id", str, _prompt_id, in_every_entry=False)
PROMPT = KindField("prompt", str, _prompt, in_every_entry=False)

FIELDS: tuple[KindField, ...] = (SLOT, POSITIVE, HORSEMAN, REFRAME, PROMPT_ID, PROMPT)
"""Every kind's own fields, in the order of the JSON entry, the CSV and the table."""


class Rule(NamedTuple):
    """A rule on one field that looks at the entry's other fields too."""

    field: str
    problem: Callable[[Any, Mapping[str, Any]], str | None]
    """The field's value and the entry's values by name -> what is wrong, or None."""


class Signed(Protocol):
    """An entry, or a count of entries, with its observation sign (None when it has none)."""

    @property
    def positive(self) -> bool | None: ...


# --- how a kind shows ---------------------------------------------------------------


class Mark(NamedTuple):
    """What leads an entry in a list: '1.' for a three-things item, '+' for a good moment."""

    text: str
    style: str
    markdown: str = ""
    """The same mark in a Markdown export ('' for none: the list bullet is enough)."""
    brief: str = ""
    """The mark in front of an entry in the week's short list ('' for none)."""


class Tally(NamedTuple):
    """A count a kind adds to each day of the week (`week --json` days[].<key>)."""

    key: str
    mark: str = ""
    """Written before the count in the week grid ('+' or '-'), '' for a plain number."""
    style: str = "magenta"


# --- the definition -------------------------------------------------------------------


class EntryKind(NamedTuple):
    kind: Kind
    noun: str
    """What one is called in messages ("observation")."""
    plural: str
    text_label: Callable[[Entry | NewEntry], str]
    """How its text is named when it is refused ("the item 2 is empty")."""
    carries: Mapping[str, bool] = MappingProxyType({})
    """Its own fields (names in `FIELDS`), each True when an entry must hold it."""
    rules: tuple[Rule, ...] = ()
    mark: Callable[[Entry], Mark] = lambda entry: Mark("*", "magenta")
    notes: Callable[[Entry], tuple[str, ...]] = lambda entry: ()
    """Words shown after the text, beside its tags and love language (a horseman)."""
    asides: Callable[[Entry], tuple[tuple[str, str], ...]] = lambda entry: ()
    """Lines shown under it: (label, text), like a reframe."""
    appreciation: bool = False
    """An appreciation: listed by `gratitude list`, the week's list and `share`."""
    streaks: frozenset[str] = frozenset()
    """Built-in streaks a day with one of these entries counts toward (names in `STREAKS`)."""
    ratio: bool = False
    """Counted in positive versus negative (by its `positive` field): the 5:1 ratio, horsemen."""
    row: str = ""
    """The week grid's row it is counted in."""
    tallies: tuple[Tally, ...] = ()
    tally: Callable[[Entry], str] = lambda entry: entry.kind.value
    """Which of `tallies` one entry adds to."""
    love_language: Callable[[Signed], bool] = lambda entry: True
    """Whether its love language counts among those noticed (an entry, or a count of some)."""
    slotted: bool = False
    """Read in slot order within its day, ahead of the day's other entries."""

    def checked(self, new: NewEntry) -> NewEntry:
        """A new entry as it is to be stored: text and fields checked, tags found.

        The one place a command's entry meets its kind's rules; an import
        applies the same rules through the models built from this definition.
        """
        text = clean_text(new.text, self.text_label(new))
        own = self.check({name.name: getattr(new, name.name) for name in FIELDS})
        tags = tuple(tags_in(text, list(new.tags)))
        return new._replace(text=text, tags=tags, **own)

    def check(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """An entry's own fields checked by this kind's rules, as they are to be kept.

        `values` holds the entry's own fields by name (missing means None).
        Raises a `UsageError` naming the first field that is wrong.
        """
        kept: dict[str, Any] = {}
        for own in FIELDS:
            value = values.get(own.name)
            if own.name not in self.carries:
                if value is not None:
                    raise UsageError(f"{own.name} is only for {owners(own.name)}, not {self.kind}")
                kept[own.name] = None
                continue
            if value is None:
                if self.carries[own.name]:
                    raise UsageError(f"{self.noun} needs its {own.name}")
                kept[own.name] = None
                continue
            kept[own.name] = own.rule(value) if own.rule is not None else value
        for rule in self.rules:
            problem = rule.problem(kept[rule.field], kept)
            if problem is not None:
                raise InvalidText(problem)
        return kept


def _negative_only(horseman: Any, entry: Mapping[str, Any]) -> str | None:
    if horseman is not None and entry.get("positive") is True:
        return "a horseman belongs to a negative observation (positive is true)"
    return None


def _observation_mark(entry: Entry) -> Mark:
    if entry.positive:
        return Mark("+", "green", markdown="**+**")
    return Mark("-", "yellow", markdown="**−**")  # noqa: RUF001 (a true minus sign)


def _three_mark(entry: Entry) -> Mark:
    return Mark(f"{entry.slot}.", "cyan", markdown=f"**{entry.slot}.**", brief=f"{entry.slot}.")


KINDS: Mapping[Kind, EntryKind] = {
    spec.kind: spec
    for spec in (
        EntryKind(
            Kind.GRATITUDE,
            noun="appreciation",
            plural="appreciations",
            text_label=lambda entry: "appreciation",
            appreciation=True,
            streaks=frozenset({"gratitude"}),
            row="Appreciations",
            tallies=(Tally("gratitude"),),
        ),
        EntryKind(
            Kind.THREE,
            noun="three-things item",
            plural="three-things items",
            text_label=lambda entry: f"item {entry.slot}",
            carries={"slot": True},
            mark=_three_mark,
            appreciation=True,
            streaks=frozenset({"gratitude", "three"}),
            row="Appreciations",
            tallies=(Tally("three"),),
            slotted=True,
        ),
        EntryKind(
            Kind.OBSERVATION,
            noun="observation",
            plural="observations",
            text_label=lambda entry: "observation",
            carries={"positive": True, "horseman": False, "reframe": False},
            rules=(Rule("horseman", _negative_only),),
            ratio=True,
            mark=_observation_mark,
            notes=lambda entry: (entry.horseman.value,) if entry.horseman else (),
            asides=lambda entry: (("reframed", entry.reframe),) if entry.reframe else (),
            row="Observations",
            tallies=(Tally("positive", "+", "green"), Tally("negative", "-", "yellow")),
            tally=lambda entry: "positive" if entry.positive else "negative",
            # Love languages are about appreciation, so a negative moment does not count.
            love_language=lambda entry: entry.positive is not False,
        ),
        EntryKind(
            Kind.REFLECTION,
            noun="reflection",
            plural="reflections",
            text_label=lambda entry: "answer",
            carries={"prompt_id": True, "prompt": True},
            mark=lambda entry: Mark("?", "blue", brief="?"),
            asides=lambda entry: (("asked", entry.prompt),) if entry.prompt else (),
            row="Reflections",
            tallies=(Tally("reflection", style="blue"),),
        ),
    )
}
"""Every kind this sparklog knows, in the order views list them."""


SHOWN: Mapping[Kind, tuple[KindField, ...]] = {
    kind: tuple(own for own in FIELDS if own.in_every_entry or own.name in spec.carries)
    for kind, spec in KINDS.items()
}
"""The kinds' own fields an entry's JSON writes, by its kind (see `in_every_entry`)."""


class BuiltinStreak(NamedTuple):
    """A streak every journal has: days holding at least `per_day` entries of its kinds."""

    name: str
    label: str
    """Its name in a list of streaks ("Three things")."""
    phrase: str
    """Its name inside a sentence ("your three-things streak")."""
    per_day: int = 1

    @property
    def kinds(self) -> tuple[Kind, ...]:
        return tuple(kind for kind, spec in KINDS.items() if self.name in spec.streaks)


STREAKS: tuple[BuiltinStreak, ...] = (
    BuiltinStreak("gratitude", "Gratitude", "gratitude"),
    BuiltinStreak("three", "Three things", "three-things", per_day=len(SLOTS)),
)


def definition(kind: Kind | str) -> EntryKind:
    """The definition of a kind by its name, or one clear error when there is none."""
    try:
        return KINDS[Kind(kind)]
    except (ValueError, KeyError):
        raise UnknownKind(
            f"the journal holds an entry of kind {str(kind)!r}, which this sparklog does not"
            f" know (it knows {', '.join(KINDS)}); it was written by a newer sparklog:"
            f" {UPGRADE_HINT}"
        ) from None


def appreciation_kinds() -> tuple[Kind, ...]:
    return tuple(kind for kind, spec in KINDS.items() if spec.appreciation)


def ratio_kinds() -> tuple[Kind, ...]:
    return tuple(kind for kind, spec in KINDS.items() if spec.ratio)


def owners(name: str) -> str:
    """Who carries a field, for messages: 'observations'."""
    return " and ".join(spec.plural for spec in KINDS.values() if name in spec.carries)


def week_rows() -> dict[str, tuple[Tally, ...]]:
    """The week grid's rows, each with the tallies of the kinds counted in it."""
    rows: dict[str, tuple[Tally, ...]] = {}
    for spec in KINDS.values():
        rows[spec.row] = rows.get(spec.row, ()) + spec.tallies
    return rows


def tally_keys() -> tuple[str, ...]:
    """Every day count of the week, in the order `week --json` writes them."""
    return tuple(tally.key for spec in KINDS.values() for tally in spec.tallies)
