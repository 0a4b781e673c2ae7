"""`sparklog edit` and `sparklog delete`: correcting the journal."""

from __future__ import annotations

from collections.abc import Callable

import typer

from sparklog.app import corrections as use
from sparklog.app.corrections import Named
from sparklog.cli import complete, options, prompting
from sparklog.cli.context import journal_ref, now, state
from sparklog.cli.entries import LangOption
from sparklog.cli.prompting import ask, confirm, editor_command, write_in_editor
from sparklog.core.entries import Lang
from sparklog.errors import UsageError
from sparklog.render import console as screen, entries as show

LastOption = typer.Option(False, "--last", help="The entry written last.")


def _one(refs: list[str], last: bool) -> list[str]:
    if last and refs:
        raise UsageError("give an entry's short id or --last, not both")
    return refs


def edit(
    ctx: typer.Context,
    ref: str | None = typer.Argument(
        None,
        metavar="ID",
        help="The entry's short id, as log shows it (any unique prefix).",
        autocompletion=complete.entries,
    ),
    last: bool = LastOption,
    text: str | None = typer.Option(
        None, "--text", metavar="TEXT", help="The new text. Leave out to correct it in $EDITOR."
    ),
    tag: list[str] = options.TagOption,
    lang: Lang | None = LangOption,
) -> None:
    """Correct an entry: it keeps its id and day, and is marked edited.

    With no --text (and no --tag or --lang) the entry opens in $EDITOR; it is
    saved only if you change it. Tags written in the text follow the new text;
    tags given with --tag when it was written stay.

    Example: sparklog edit 3f2a --text "You made coffee before I woke up #mornings"
    """

    refs = _one([ref] if ref is not None else [], last)
    journal = journal_ref(ctx)
    [named] = use.find_entries(journal, refs, last=last)
    out = screen.console()
    new_text = text
    if text is None and not tag and lang is None:
        new_text = _rewrite(
            ctx, named, lambda: show.print_entry(out, named.entry, short=named.short)
        )
    done = use.edit_entry(journal, named, text=new_text, tags=tag, lang=lang, now=now())
    if not done.changed:
        out.print("Nothing changed; nothing was saved.")
        return
    said = f"Corrected {done.short} ({show.day_title(done.entry.day)})."
    out.print(show.saved_line(said, done.entry.tags))


def _rewrite(ctx: typer.Context, named: Named, shown: Callable[[], None]) -> str | None:
    """The new text from the editor, or from one prompt line under the entry (`shown`)
    when there is no editor. None keeps the text as it is.
    """
    if not prompting.interactive():
        raise UsageError("give the new text with --text (there is no terminal for an editor)")
    editor = editor_command(state(ctx).config.editor)
    if editor:
        written = write_in_editor(editor, initial=named.entry.text + "\n")
        if not written.strip():
            raise UsageError(
                f"the editor left the text empty; nothing was saved"
                f" (to remove the entry: sparklog delete {named.short})"
            )
        return written
    shown()
    answer = ask("New text (Enter keeps it)")
    return answer if answer.strip() else None


def delete(
    ctx: typer.Context,
    refs: list[str] | None = typer.Argument(
        None,
        metavar="ID",
        help="Short ids of the entries, as log shows them.",
        autocompletion=complete.entries,
    ),
    last: bool = LastOption,
    yes: bool = typer.Option(False, "--yes", "-y", help="Delete without asking."),
) -> None:
    """Delete entries for good; each leaves only a note of its id and when it went.

    In a terminal it shows the entries and asks first; elsewhere it needs --yes.
    The words leave the journal, its search index and its -wal file; no import
    of an older export brings them back.

    Example: sparklog delete 3f2a 9c01
    """

    journal = journal_ref(ctx)
    found = use.find_entries(journal, _one(list(refs or []), last), last=last)
    out = screen.console()
    if not yes:
        if not prompting.interactive():
            raise UsageError(
                "delete asks first, and there is no terminal to ask in; pass --yes"
                " to delete without asking (nothing was deleted)"
            )
        for named in found:
            out.print(show.day_title(named.entry.day), style="bold")
            show.print_entry(out, named.entry, show_kind=True, short=named.short)
        many = f"these {len(found)} entries" if len(found) > 1 else "this entry"
        if not confirm(f"Delete {many}?"):
            out.print("Kept; nothing was deleted.")
            return
    count = use.delete_entries(journal, [named.entry.id for named in found], now=now())
    shorts = ", ".join(named.short for named in found)
    out.print(f"Deleted {count} {'entry' if count == 1 else 'entries'} ({shorts}).")
