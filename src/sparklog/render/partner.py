"""The partner inbox and the exchange's report, drawn with Rich."""

from __future__ import annotations

from datetime import date

from rich.console import Console
from rich.text import Text

from sparklog.partner.inbox import Inbox, InboxRow
from sparklog.partner.items import ME, ItemKind

_ABOUT = 40


def when(day: date, today: date) -> str:
    """A day as the inbox says it: today, yesterday, on Friday, on 13 Nov 2026."""
    gap = (today - day).days
    if gap == 0:
        return "today"
    if gap == 1:
        return "yesterday"
    if 0 < gap < 7:
        return f"on {day:%A}"
    return f"on {day.day} {day:%b %Y}"


def which_question(day: date, today: date) -> str:
    """The question of a day as the inbox names it: today's, yesterday's, of Tue 1 Dec."""
    gap = (today - day).days
    if gap == 0:
        return "today's question"
    if gap == 1:
        return "yesterday's question"
    year = "" if day.year == today.year else f" {day.year}"
    return f"the question of {day:%a} {day.day} {day:%b}{year}"


def row_lines(row: InboxRow, name: str, today: date) -> list[str]:
    """One item of the inbox as plain lines (the first one says what it is)."""
    item = row.item
    body = item.body
    edited = " (edited)" if item.edited else ""
    if item.kind is ItemKind.APPRECIATION:
        lines = [f"From {name} {when(item.day, today)}: {body['text']}{edited}"]
    elif item.kind is ItemKind.MESSAGE:
        lines = [f"A message from {name} {when(item.day, today)}{edited}:"]
        lines += [f"  {line}" for line in body["text"].splitlines()]
    elif item.kind is ItemKind.CHECK:
        lines = [f"{name} kept {body['ritual']} {when(item.day, today)}"]
    elif item.kind is ItemKind.ANSWER:
        question = which_question(item.day, today)
        if row.hidden:
            lines = [f"{name} answered {question}; answer it to see"]
        else:
            first, *rest = body["text"].splitlines() or [""]
            lines = [f"{name} answered {question}{edited}: {first}"]
            lines += [f"  {line}" for line in rest]
        lines.append(f"  “{body['question']}”")
    else:
        about = row.about or ""
        short = about if len(about) <= _ABOUT else about[: _ABOUT - 1] + "…"
        lines = [f"{name} reacted {body['reaction']} to “{short}”"]
    if row.reactions:
        shown = ", ".join(f"{'you' if who == ME else name} {what}" for who, what in row.reactions)
        lines.append(f"  ({shown})")
    return lines


def render_inbox(out: Console, inbox: Inbox, today: date) -> None:
    if inbox.partner is None:
        out.print(
            "No partner yet. Swap codes (sparklog partner invite), then"
            " sparklog partner join CODE --folder FOLDER."
        )
        return
    name = inbox.partner
    if inbox.they_left:
        out.print(f"{name} left the partner channel on {inbox.they_left[:10]}.")
    if inbox.left:
        out.print(f"You left the partner channel on {inbox.left[:10]}.")
    if not inbox.rows:
        out.print(f"Nothing from {name} yet; run sparklog partner sync to look.")
        return
    for row in inbox.rows:
        lines = row_lines(row, name, today)
        first = Text(f"{row.ref}  ", style="dim")
        first.append(lines[0])
        out.print(first)
        for line in lines[1:]:
            out.print(" " * (len(row.ref) + 2) + line)


NEWS_LINES = 2


def news_lines(out: Console, news: Inbox, today: date) -> None:
    """One or two lines from the partner under a view; nothing when there is nothing."""
    if news.partner is None or not news.rows:
        return
    for row in news.rows[:NEWS_LINES]:
        out.print(Text(row_lines(row, news.partner, today)[0], style="magenta"))
    more = len(news.rows) - NEWS_LINES
    if more > 0:
        out.print(Text(f"…and {more} more from {news.partner}: sparklog partner", style="dim"))
