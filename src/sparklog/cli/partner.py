"""`sparklog partner ...`: the private channel between two people's journals."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from sparklog.app import partner as use
from sparklog.cli import options
from sparklog.cli.context import journal_ref, now, state, today
from sparklog.core.dates import parse_day
from sparklog.paths import partner_key_path
from sparklog.render import console as screen, partner as show

partner_app = typer.Typer(
    help=(
        "Share chosen appreciations and rituals with your partner through a shared folder."
        "\n\nWith no command: the inbox, what your partner shared, newest first."
        "\n\nExample: sparklog partner --since 2026-11-01"
    ),
    invoke_without_command=True,
)


def _key(ctx: typer.Context) -> Path:
    return partner_key_path(state(ctx).db_path)


@partner_app.callback()
def inbox(
    ctx: typer.Context,
    since: str | None = typer.Option(
        None, "--since", metavar="DATE", help="Only items from this day on."
    ),
    json: bool = options.JsonOption,
) -> None:
    """What your partner shared with you, newest first (partner sync fetches it)."""
    if ctx.invoked_subcommand is not None:
        return

    current = today(ctx)
    first = parse_day(since, current) if since else None
    found = use.inbox(journal_ref(ctx), since=first)
    if json:
        screen.print_json(found.to_json())
        return
    show.render_inbox(screen.console(), found, current)


@partner_app.command("invite")
def invite(
    ctx: typer.Context,
    name: str | None = typer.Option(
        None, "--name", metavar="NAME", help="What your partner calls you (remembered)."
    ),
) -> None:
    """Print your invite code: one line to send your partner (nothing secret in it).

    Example: sparklog partner invite --name Alex
    """
    typer.echo(use.invite(journal_ref(ctx), _key(ctx), name=name))


@partner_app.command("join")
def join(
    ctx: typer.Context,
    code: str = typer.Argument(..., metavar="CODE", help="Your partner's invite code."),
    folder: Path = typer.Option(
        ...,
        "--folder",
        metavar="FOLDER",
        help="The folder you both reach (Syncthing, Dropbox, a git clone).",
    ),
) -> None:
    """Join your partner's channel with their invite code and your shared folder.

    Example: sparklog partner join sparklog1.… --folder ~/Sync/us
    """
    joined = use.join(journal_ref(ctx), _key(ctx), code, folder, now=now())
    typer.echo(f"Joined with {joined.name} through {joined.folder}.")
    typer.echo("Share with --share (gratitude add, three), then run sparklog partner sync.")


@partner_app.command("sync")
def sync(ctx: typer.Context) -> None:
    """Send what you marked to share and fetch what your partner shared.

    Only the couple's folder: `sparklog sync` does this too, after your own
    devices, and with \\[sync] auto = true in the config it happens on its own (a write that
    shares sends it; today, week and evening fetch first). One exchange runs at
    a time: a second waits for the first, or says another is running.

    Example: sparklog partner sync   (prints e.g. Sent 1, received 2 from Sam.)
    """
    report = use.exchange(journal_ref(ctx), _key(ctx), now=now())
    for note in report.notes:
        sys.stderr.write(f"sparklog: {note}\n")
    line = f"Sent {report.sent}, received {report.received} from {report.partner}"
    if report.own:
        line += f", {report.own} from your other devices"
    typer.echo(line + ".")
    if report.left_elsewhere:
        typer.echo(
            f"You left the partner channel with {report.partner} on another device;"
            " this one has left too."
        )
    if report.they_left:
        typer.echo(f"{report.partner} left the partner channel; nothing more will be exchanged.")


@partner_app.command("react")
def react(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="REF", help="The item's ref, as the inbox shows it."),
    reaction: str = typer.Argument(..., metavar="EMOJI|WORD", help="One emoji or one word."),
) -> None:
    """React to something your partner shared.

    Example: sparklog partner react 3fa2 ❤️
    """
    use.react(journal_ref(ctx), ref, reaction, now=now())
    typer.echo("Reaction saved; it goes at the next sparklog partner sync.")


@partner_app.command("leave")
def leave(ctx: typer.Context) -> None:
    """Stop exchanging; your partner is told at their next sync. What came stays readable.

    Example: sparklog partner leave
    """
    report = use.leave(journal_ref(ctx), _key(ctx), now=now())
    typer.echo(
        f"Left the partner channel with {report.partner}; what they shared stays in"
        " sparklog partner."
    )
