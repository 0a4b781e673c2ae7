"""A day's appreciations as a message for the partner, plain enough for any chat app.

Pure text: no markup, no colour, no journal syntax. Tags are for the journal, so
trailing `#tags` are dropped and an inline `#word` keeps just its word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from sparklog.core.entries import Entry
from sparklog.core.kinds import definition
from sparklog.core.text import TAG_IN_TEXT

_TRAILING_TAGS = re.compile(r"(?:\s+#\w[\w-]*)+\s*$")


def plain(text: str) -> str:
    """An entry's text as a person would write it in a message."""
    body = _TRAILING_TAGS.sub("", text)
    body = re.sub(TAG_IN_TEXT, r"\1", body)
    return " ".join(body.split())


def appreciations(entries: Iterable[Entry]) -> list[str]:
    """The day's three things in slot order, then its other appreciations; no repeats."""
    chosen = [e for e in entries if definition(e.kind).appreciation]
    chosen.sort(key=lambda e: (not definition(e.kind).slotted, e.slot or 0, e.written_at))
    seen: set[str] = set()
    lines: list[str] = []
    for entry in chosen:
        line = plain(entry.text)
        if line and line.casefold() not in seen:
            seen.add(line.casefold())
            lines.append(line)
    return lines


def _when(day: date, today: date) -> str:
    if day == today:
        return "today"
    if (today - day).days == 1:
        return "yesterday"
    if 0 < (today - day).days < 7:
        return f"on {day.strftime('%A')}"
    return f"on {day.day} {day.strftime('%B %Y')}"


def week_when(first: date, this_week: date) -> str:
    """'this week', 'last week', or 'in the week of 9 November 2026', by the week's first day."""
    if first == this_week:
        return "this week"
    if first == this_week - timedelta(days=7):
        return "last week"
    return f"in the week of {first.day} {first.strftime('%B %Y')}"


def week_appreciations(entries: Iterable[Entry]) -> list[str]:
    """A week's appreciations day by day, oldest first, each day as `appreciations` orders it."""
    by_day: dict[date, list[Entry]] = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append(entry)
    seen: set[str] = set()
    lines: list[str] = []
    for day in sorted(by_day):
        for line in appreciations(by_day[day]):
            if line.casefold() not in seen:
                seen.add(line.casefold())
                lines.append(line)
    return lines


def share_message(
    lines: list[str],
    *,
    day: date | None = None,
    today: date,
    partner: str | None,
    when: str | None = None,
) -> str:
    """The message text, ending with a newline; `lines` must not be empty.

    `when` says when it was ("this week"); without it, `day` is named relative to `today`.
    """
    if when is None:
        assert day is not None, "a message names a day or says when"
        when = _when(day, today)
    opening = "one thing" if len(lines) == 1 else "a few things"
    greeting = f"Hi {partner}, " if partner else ""
    first = f"{opening} I appreciated about you {when}:"
    head = greeting + first if greeting else first[0].upper() + first[1:]
    body = "\n".join(f"- {line}" for line in lines)
    return f"{head}\n{body}\nThank you for being you.\n"
