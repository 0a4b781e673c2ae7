"""The partner's news, a line or two under `today`, `week` and the evening's close."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sparklog.app.journal_ref import JournalRef

if TYPE_CHECKING:
    from rich.console import Console


def print_news(
    out: Console, journal: JournalRef, first: date, last: date, today: date, *, partner: bool
) -> None:
    """What the partner shared from `first` to `last`; nothing without a partner.

    `partner` is the view's word that one ever joined. Without one, the channel's
    modules are never loaded: most journals have no partner, and each view would
    pay for them on every run.
    """
    if not partner:
        return
    from sparklog.app.news import partner_news
    from sparklog.render.partner import news_lines

    news_lines(out, partner_news(journal, first, last), today)
