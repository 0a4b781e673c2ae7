"""Entries as short, calm lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from rich.console import Console
from rich.text import Text

from sparklog.core.entries import Entry
from sparklog.core.kinds import definition


def day_title(day: date) -> str:
    return day.strftime("%a %d %b %Y")


def preview(text: str, width: int = 40) -> str:
    """An entry's first line, cut at a word to fit `width`: enough to recognise it."""
    line = text.split("\n", 1)[0]
    if len(line) <= width and line == text:
        return line
    cut = line[:width]
    if len(line) > width and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def slot_words(slots: list[int]) -> str:
    """'item 2', 'items 2 and 3', 'items 1, 2 and 3'."""
    if len(slots) == 1:
        return f"item {slots[0]}"
    return "items " + ", ".join(map(str, slots[:-1])) + f" and {slots[-1]}"


def saved_line(said: str, tags: tuple[str, ...]) -> Text:
    """What a write says, then the entry's tags, dimmed."""
    line = Text(said)
    if tags:
        line.append(" " + " ".join(f"#{tag}" for tag in tags), style="dim")
    return line


MATCH = "bold reverse"


def _marked(text: Text, words: Sequence[str]) -> Text:
    """`text` with every word that starts with one of `words` styled as a match."""
    for word in words:
        text.highlight_regex(
            re.compile(r"(?<![^\W_])" + re.escape(word) + r"[^\W_]*", re.IGNORECASE), MATCH
        )
    return text


def _pieces(
    entry: Entry, show_kind: bool, short: str, words: Sequence[str] = ()
) -> list[tuple[Text, Text]]:
    """The entry's lines as (lead, words): the entry itself, then any reframe."""
    spec = definition(entry.kind)
    mark = spec.mark(entry)
    lead = Text("  ")
    if short:
        lead.append(f"{short} ", style="dim")
    lead.append(f"{mark.text} ", style=mark.style)
    body = Text()
    if show_kind:
        body.append(f"[{entry.kind.value}] ", style="dim")
    body.append_text(_marked(Text(entry.text), words))
    extras = [f"#{tag}" for tag in entry.tags if f"#{tag}" not in entry.text.lower()]
    if entry.lang:
        extras.append(entry.lang.value)
    extras += spec.notes(entry)
    if entry.edited_at is not None:
        extras.append("edited")
    if extras:
        body.append("  " + " · ".join(extras), style="dim")
    pieces = [(lead, body)]
    pad = " " * (len(short) + 1) if short else ""
    for label, aside in spec.asides(entry):
        pieces.append(
            (
                Text(f"    {pad}{label}: ", style="italic"),
                _marked(Text(aside, style="italic"), words),
            )
        )
    return pieces


def entry_text(
    out: Console,
    entry: Entry,
    *,
    show_kind: bool = False,
    short: str = "",
    highlight: Sequence[str] = (),
) -> tuple[Text, bool]:
    """An entry as one text, its long lines wrapped under their words rather than at the margin.

    Returns the text and whether it is wrapped to the console's width already; on a
    console too narrow for that it is not, and printing it must wrap it.
    `short` is its short id, shown first (padded by the caller to line up a list);
    `highlight` holds searched words, marked wherever a word starts with one.
    """
    result = Text()
    wrapped = True
    for number, (lead, words) in enumerate(_pieces(entry, show_kind, short, highlight)):
        indent = lead.cell_len
        room = out.width - indent
        wrapped = wrapped and room >= 20
        if number:
            result.append("\n")
        result.append_text(lead)
        if words.cell_len <= room and "\n" not in words.plain:
            words.rstrip()
            result.append_text(words)  # one line that fits: nothing to wrap
            continue
        for index, line in enumerate(words.wrap(out, max(room, 20))):
            if index:
                result.append("\n" + " " * indent)
            line.rstrip()
            result.append_text(line)
    return result, wrapped


def print_entry(
    out: Console,
    entry: Entry,
    *,
    show_kind: bool = False,
    short: str = "",
    highlight: Sequence[str] = (),
) -> None:
    """An entry (see entry_text), printed."""
    text, wrapped = entry_text(out, entry, show_kind=show_kind, short=short, highlight=highlight)
    # Wrapped already: the console need not wrap it again.
    out.print(text, soft_wrap=wrapped)
