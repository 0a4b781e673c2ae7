"""Entries and check-offs in one block per day, newest first (`log`, `gratitude list`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from rich.console import Console
from rich.segment import Segments
from rich.text import Text

from sparklog.core.timeline import CHECK, CheckOff, Revision, TimelineItem
from sparklog.render.entries import day_title, entry_text
from sparklog.render.glyphs import glyphs


def check_line(check: CheckOff, mark: str, pad: int = 0) -> Text:
    """A check-off ('✓ Tea  kept'), or a skipped day ('· Tea  skipped')."""
    line = Text("  " + " " * pad)
    line.append(f"{mark} ", style="green" if check.kind == CHECK else "dim")
    line.append(check.ritual)
    line.append("  kept" if check.kind == CHECK else "  skipped", style="dim")
    return line


def revision_line(revision: Revision) -> Text:
    """A kept version under its entry: when it was saved, then its words."""
    try:
        when = datetime.fromisoformat(revision.saved_at).astimezone().strftime("%d %b %H:%M")
    except ValueError:
        when = revision.saved_at
    line = Text("      ")
    line.append(f"also kept ({when}): ", style="dim")
    line.append(revision.text)
    return line


def render_deleted(out: Console, revisions: Sequence[Revision]) -> None:
    """Words written on another device after their entry was deleted here or there."""
    if not revisions:
        return
    out.print()
    out.print(Text("Kept from deleted entries", style="bold"))
    for revision in revisions:
        out.print(revision_line(revision))


def render_timeline(
    out: Console,
    items: Sequence[TimelineItem],
    *,
    empty: str,
    show_kind: bool = True,
    short_ids: Mapping[str, str] | None = None,
    highlight: Sequence[str] = (),
    revisions: Mapping[str, Sequence[Revision]] | None = None,
) -> None:
    """Items grouped under their day; `show_kind` labels each entry with its kind.

    Each entry is led by its short id (from `short_ids`), all of one width, so
    the column lines up and can be typed back to `edit` or `delete`. `highlight`
    holds searched words: each word starting with one is marked (a style, so only
    a colour terminal shows it; piped text stays as written). With `revisions`
    (`log --history`), the versions a merge kept follow their entry.
    """
    marks = glyphs(out)
    if not items:
        out.print(Text(marks.text(empty)))
        return
    shorts = short_ids or {}
    if out.color_system is None:
        highlight = ()  # a mark only a colour terminal would show
    width = max((len(short) for short in shorts.values()), default=0)
    # Lines that fit the width go out together, in one print: a long log is
    # one piece of output, not hundreds.
    block: list[Text] = []

    def line(text: Text, *, fits: bool) -> None:
        if fits:
            block.append(text)
            return
        flush()
        out.print(text)

    def flush() -> None:
        if block:
            # Each line fits already, so its pieces go out as they are, unwrapped.
            out.print(Segments(Text("\n").join(block).render(out, end="\n")), end="")
            block.clear()

    current: date | None = None
    for item in items:
        if item.day != current:
            if current is not None:
                block.append(Text(""))
            block.append(Text(day_title(item.day), style="bold"))
            current = item.day
        if isinstance(item, CheckOff):
            mark = marks.kept if item.kind == CHECK else marks.idle
            check = check_line(item, mark, width + 1 if width else 0)
            line(check, fits=check.cell_len <= out.width)
        else:
            short = shorts.get(item.id, "").ljust(width)
            text, wrapped = entry_text(
                out, item, show_kind=show_kind, short=short, highlight=highlight
            )
            line(text, fits=wrapped)
            for revision in (revisions or {}).get(item.id, ()):
                kept = revision_line(revision)
                line(kept, fits=kept.cell_len <= out.width)
    flush()
