"""`sparklog log`: every entry and check-off, newest first, filtered and searched."""

from __future__ import annotations

import typer

from sparklog.app.listings import history as kept_versions, timeline
from sparklog.cli import options
from sparklog.cli.context import day_range, journal_ref
from sparklog.cli.paging import paged
from sparklog.core.entries import Entry
from sparklog.core.text import normalize_tag
from sparklog.core.timeline import CHECK, LOG_KINDS, LogKind, search_words
from sparklog.errors import UsageError
from sparklog.render import console as screen, timeline as show

VIEW_LIMIT = 100
"""Items the terminal view shows unless --limit says otherwise."""


def log(
    ctx: typer.Context,
    since: str | None = options.SinceOption,
    until: str | None = options.UntilOption,
    kind: str | None = typer.Option(
        None,
        "--kind",
        "-k",
        metavar="KIND",
        autocompletion=lambda: list(LOG_KINDS),
        help=f"Only {', '.join(LOG_KINDS[:-1])} or {CHECK} (ritual check-offs).",
    ),
    tag: str | None = options.TagFilterOption,
    search: str | None = typer.Option(
        None,
        "--search",
        "-s",
        metavar="WORDS",
        help="Only entries holding every word (or a word starting with it).",
    ),
    limit: int | None = options.limit_option(
        f"The view shows {VIEW_LIMIT} by default, --json everything."
    ),
    history: bool = typer.Option(
        False,
        "--history",
        help="Also show the versions a merge of your devices kept beside an entry"
        " (an edit made elsewhere meanwhile), and words kept from deleted entries.",
    ),
    json: bool = options.JsonOption,
    no_pager: bool = options.NoPagerOption,
) -> None:
    """Show the timeline of entries and ritual check-offs, newest first.

    Example: sparklog log --search "coffee morning" --since 2024-01-01

    Example: sparklog log --history --since yesterday
    """
    picked = LogKind.parse(kind) if kind is not None else None
    first, last = day_range(ctx, since, until)
    wanted = normalize_tag(tag) if tag else None
    words: list[str] = []
    if search is not None:
        words = search_words(search)
        if not words:
            raise UsageError(f"--search {search!r} has no words to look for; use letters or digits")
    if limit is None:
        limit = 0 if json else VIEW_LIMIT
    # One item more than shown tells the view whether to say there is more.
    wanted_rows = limit + 1 if limit else None
    listing = timeline(
        journal_ref(ctx), first, last, kind=picked, tag=wanted, words=words, limit=wanted_rows
    )
    items = listing.items
    more = bool(limit) and len(items) > limit
    if more:
        items = items[:limit]
    filtered = any(value is not None for value in (since, until, kind, tag, search))
    kept = None
    if history:
        ids = [item.id for item in items if isinstance(item, Entry)]
        kept = kept_versions(journal_ref(ctx), ids, deleted=not filtered)
    if json:
        shown = []
        for item in items:
            data = item.to_json()
            if kept is not None and isinstance(item, Entry):
                data["revisions"] = [rev.to_json() for rev in kept.revisions.get(item.id, [])]
            shown.append(data)
        if kept is not None:
            shown += [revision.deleted_json() for revision in kept.deleted]
        screen.print_json(shown)
        return
    with paged(not no_pager):
        out = screen.console()
        show.render_timeline(
            out,
            items,
            empty=(
                "Nothing matches."
                if filtered
                else 'Nothing logged yet. Start with: sparklog gratitude add "…"'
            ),
            short_ids=listing.short_ids,
            highlight=words,
            revisions=kept.revisions if kept is not None else None,
        )
        if kept is not None:
            show.render_deleted(out, kept.deleted)
        if more:
            out.print(
                f"Showing the newest {limit}; --limit 0 shows all, --since narrows.", style="dim"
            )
