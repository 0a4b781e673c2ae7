"""`sparklog prompt`: today's question to reflect on or bring to your partner,
and `prompt --answer`, which keeps an answer to it as a reflection."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from sparklog.cli import prompting
from sparklog.cli.context import journal_ref, now, state, today
from sparklog.core.prompts import Prompt, PromptKind, prompt_for
from sparklog.errors import InputClosed, UsageError

if TYPE_CHECKING:
    from rich.console import Console


def hint(prompt: Prompt, partner: str | None) -> str:
    """One quiet line saying what the prompt is for."""
    who = partner or "your partner"
    if prompt.kind is PromptKind.CHECKIN:
        return f"A check-in question to ask {who}."
    if prompt.kind is PromptKind.MEMORY:
        return f"A memory to revisit with {who}."
    line = f"Something to notice or say to {who} today."
    return f"{line} Love language: {prompt.lang.value}." if prompt.lang else line


def prompt(
    ctx: typer.Context,
    text: str | None = typer.Argument(
        None,
        metavar="TEXT",
        help="With --answer: your answer. Leave out to write it in $EDITOR (or at a prompt).",
        show_default=False,
    ),
    kind: PromptKind | None = typer.Option(
        None,
        "--kind",
        "-k",
        metavar="KIND",
        case_sensitive=False,
        help="Which kind: checkin (to ask your partner), appreciation or memory.",
    ),
    answer: bool = typer.Option(
        False,
        "--answer",
        "-a",
        help="Answer today's question; the answer is kept as a reflection.",
    ),
) -> None:
    """Show today's question to reflect on or ask your partner.

    It stays the same all day and does not come back within a week. With
    --answer, your answer to it is kept in the journal as a reflection.

    Example: sparklog prompt --kind checkin

    Example: sparklog prompt --answer "More walks after dinner, like in the spring"
    """
    from sparklog.render.console import console

    if text is not None and not answer:
        raise UsageError(
            f'{text!r} looks like an answer; to keep it, add --answer: sparklog prompt --answer "…"'
        )
    chosen = prompt_for(today(ctx), kind)
    out = console()
    if answer:
        _answer(ctx, out, chosen, text)
        return
    out.print(chosen.text, style="bold")
    out.print(hint(chosen, state(ctx).config.partner_name), style="dim")


def _answer(ctx: typer.Context, out: Console, question: Prompt, text: str | None) -> None:
    """Keep an answer to the day's question; with no TEXT, ask for it after showing it."""
    # Loaded here: the plain `prompt` reads nothing from the journal.
    from sparklog.app.entries import answer_prompt
    from sparklog.render import entries as show

    day = today(ctx)
    if text is None:
        out.print(question.text, style="bold")
        try:
            text = prompting.compose(state(ctx).config.editor, "Your answer")
        except InputClosed:
            raise UsageError(
                "no answer was given (standard input closed); pass it on the command line:"
                ' sparklog prompt --answer "…" (nothing was saved)'
            ) from None
    entry = answer_prompt(journal_ref(ctx), question, text, day=day, now=now())
    out.print(show.saved_line(f"Saved your answer for {show.day_title(entry.day)}.", entry.tags))
    if entry.prompt:
        out.print(f"  asked: {entry.prompt}", style="dim")
