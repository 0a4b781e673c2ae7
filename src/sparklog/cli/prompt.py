"""`sparklog prompt`: today's question to reflect on or bring to your partner,
and `prompt --answer`, which keeps an answer to it as a reflection."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import typer

from sparklog.cli import prompting
from sparklog.cli.context import journal_ref, now, state, today
from sparklog.core.prompts import Prompt, PromptKind, prompt_for
from sparklog.errors import InputClosed, UsageError
from sparklog.render import console as screen, entries as show

if TYPE_CHECKING:
    from rich.console import Console

    from sparklog.core.entries import Entry


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
    share: bool = typer.Option(
        False,
        "--share",
        help=(
            "With --answer: send the answer to your partner too. They see it once they"
            " have answered the same question."
        ),
    ),
) -> None:
    """Show today's question to reflect on or ask your partner.

    It stays the same all day and does not come back within a week. With
    --answer, your answer to it is kept in the journal as a reflection.

    Example: sparklog prompt --kind checkin

    Example: sparklog prompt --answer "More walks after dinner"

    Example: sparklog prompt --answer "Our Sunday walks" --share
    """

    if text is not None and not answer:
        raise UsageError(
            f'{text!r} looks like an answer; to keep it, add --answer: sparklog prompt --answer "…"'
        )
    if share and not answer:
        raise UsageError(
            '--share sends an answer; give one with --answer: sparklog prompt --answer "…" --share'
        )
    day = today(ctx)
    chosen = prompt_for(day, kind)
    out = screen.console()
    if answer:
        entry = _answer(ctx, out, chosen, text, day=day, share=share)
        said = f"Saved your answer for {show.day_title(entry.day)}."
        out.print(show.saved_line(said, entry.tags))
        out.print(f"  asked: {entry.prompt}", style="dim")
        if share:
            out.print(SHARED_ANSWER_LINE)
        return
    out.print(chosen.text, style="bold")
    out.print(hint(chosen, state(ctx).config.partner_name), style="dim")


SHARED_ANSWER_LINE = (
    "Marked for your partner; it goes at the next sparklog partner sync,"
    " and shows once they answer the same question."
)


def _answer(
    ctx: typer.Context,
    out: Console,
    question: Prompt,
    text: str | None,
    *,
    day: date,
    share: bool = False,
) -> Entry:
    """Keep an answer to the day's question; with no TEXT, ask for it after showing it."""
    # Loaded here: the plain `prompt` opens no journal, so it does not load the journal's code.
    from sparklog.app.entries import answer_prompt

    if text is None:
        out.print(question.text, style="bold")
        try:
            text = prompting.compose(state(ctx).config.editor, "Your answer")
        except InputClosed:
            raise UsageError(
                "no answer was given (standard input closed); pass it on the command line:"
                ' sparklog prompt --answer "…" (nothing was saved)'
            ) from None
    return answer_prompt(journal_ref(ctx), question, text, day=day, now=now(), share=share)
