"""`sparklog prompt`: today's question to reflect on or bring to your partner."""

from __future__ import annotations

import typer

from sparklog.cli.context import state, today
from sparklog.core.prompts import Prompt, PromptKind, prompt_for


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
    kind: PromptKind | None = typer.Option(
        None,
        "--kind",
        "-k",
        metavar="KIND",
        case_sensitive=False,
        help="Which kind: checkin (to ask your partner), appreciation or memory.",
    ),
) -> None:
    """Show today's question to reflect on or ask your partner.

    It stays the same all day and does not come back within a week.
    """
    from sparklog.render.console import console

    chosen = prompt_for(today(ctx), kind)
    out = console()
    out.print(chosen.text, style="bold")
    out.print(hint(chosen, state(ctx).config.partner_name), style="dim")
