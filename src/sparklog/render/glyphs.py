"""The few symbols views draw, with ASCII stand-ins for terminals that lack Unicode."""

from __future__ import annotations

from typing import NamedTuple

from rich.console import Console


class Glyphs(NamedTuple):
    kept: str  # a ritual kept
    missed: str  # due and not kept yet (never alarming)
    lapsed: str  # a past due day that was not kept (calm, never red)
    idle: str  # not due, or nothing logged
    shades: tuple[str, ...]  # how much was logged on a day: none, little .. a lot
    bar_full: str
    bar_empty: str
    dot: str  # separator between small items
    ellipsis: str

    def text(self, words: str) -> str:
        """Words with their '…' spelled as this glyph set can show it."""
        return words.replace("…", self.ellipsis)


UNICODE = Glyphs(
    kept="✓",
    missed="○",
    lapsed="✗",
    idle="·",
    shades=("·", "░", "▒", "▓", "█"),
    bar_full="█",
    bar_empty="░",
    dot="·",
    ellipsis="…",
)
ASCII = Glyphs(
    kept="x",
    missed="o",
    lapsed="_",
    idle=".",
    shades=(".", ":", "+", "*", "#"),
    bar_full="#",
    bar_empty="-",
    dot="|",
    ellipsis="...",
)


def glyphs(out: Console) -> Glyphs:
    """Unicode when the output can carry it; plain ASCII otherwise (e.g. a C locale)."""
    encoding = (out.encoding or "").lower().replace("-", "").replace("_", "")
    return UNICODE if encoding.startswith("utf") else ASCII
