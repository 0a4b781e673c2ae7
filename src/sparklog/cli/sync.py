"""`sparklog sync ...`: keep this journal in step with your other devices through a folder."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from sparklog.app import sync as devices, sync_all as use
from sparklog.app.sync_check import look
from sparklog.app.sync_views import status
from sparklog.cli import options
from sparklog.cli.context import journal_ref, now
from sparklog.cli.prompting import secret
from sparklog.errors import InputClosed, UsageError
from sparklog.paths import sync_key_path
from sparklog.render import console as screen, sync as show

PASSPHRASE_ENV = "SPARKLOG_SYNC_PASSPHRASE"

sync_app = typer.Typer(
    help=(
        "Sync with your other devices through a folder that Syncthing, Dropbox or git"
        " keeps the same everywhere. Run it alone to send and receive: with your devices"
        " (once sync init is done), then with your partner through the couple's folder"
        " (once partner join is done); one failing never stops the other.\n\n"
        "With \\[sync] auto = true in the config, writes send at once and today, week"
        " and evening read what is new first.\n\n"
        "Example: sparklog sync init ~/Sync/sparklog --device laptop, then sparklog sync"
        " (prints e.g. sync: 3 in from 1 device, 2 out; partner: 1 in, 1 out)"
    ),
    invoke_without_command=True,
)


def _say(line: str) -> None:
    typer.echo(f"sparklog: {line}", err=True)


@sync_app.callback()
def sync(ctx: typer.Context, json: bool = options.JsonOption) -> None:
    """Send this device's new changes and read the other devices' new ones; then the same
    with your partner through the couple's folder, once you have joined (partner join).

    Each runs where it is set up: a journal with a partner and no devices
    exchanges with the partner alone. One failing (a folder gone away) never
    stops the other; each says what it did, or why not, in one line.
    Everything in the folders is encrypted; a file that cannot be read yet
    (still arriving, a conflict copy, damaged) is named and skipped.

    Example: sparklog sync   (prints e.g. sync: 3 in from 1 device, 2 out; partner: 1 in)
    """
    if ctx.invoked_subcommand is not None:
        return

    journal = journal_ref(ctx)
    # Nothing new is the common case: answered without loading age or the write side.
    looked = look(journal)
    result = use.nothing_new(looked) if looked.idle else use.exchange(journal, looked, now=now())
    if json:
        screen.print_json(result.to_json())
    else:
        for note in result.notes():
            _say(note)
    for problem in result.problems:
        side = "partner: " if problem.side == use.PARTNER else ""
        _say(f"{side}{problem.error.message}")
    if not json:
        if line := result.line():
            typer.echo(line)
        if result.partner is not None and result.partner.they_left:
            name = result.partner.partner
            typer.echo(f"{name} left the partner channel; nothing more will be exchanged.")
    if result.problems:
        raise typer.Exit(result.problems[0].error.exit_code)


def _ask_passphrase(new: bool) -> str:
    """The sync passphrase: SPARKLOG_SYNC_PASSPHRASE for scripts, else typed (twice if new)."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    try:
        if not new:
            return secret("Sync passphrase")
        first = secret("New sync passphrase (every device joins with it)")
        if secret("The same sync passphrase again") != first:
            raise UsageError("the two passphrases differ; nothing was changed")
    except InputClosed:
        raise InputClosed(
            f"no sync passphrase was given (standard input closed); set {PASSPHRASE_ENV}"
            " to run without a terminal; nothing was changed"
        ) from None
    return first


@sync_app.command("init")
def sync_init(
    ctx: typer.Context,
    folder: Path = typer.Argument(
        ...,
        metavar="FOLDER",
        help="The shared folder (Syncthing, Dropbox, a git clone); it must exist.",
    ),
    device: str | None = typer.Option(
        None, "--device", metavar="NAME", help="What to call this device (default: its host name)."
    ),
) -> None:
    """Start syncing through FOLDER: the first device makes the key, the others join.

    The first device asks for a new sync passphrase (twice); each further device
    asks for it once. SPARKLOG_SYNC_PASSPHRASE answers instead, for scripts.
    This journal's history is sent at once.

    Example: sparklog sync init ~/Sync/sparklog --device laptop
    """
    joined = devices.init(
        journal_ref(ctx), folder, name=device, passphrase=_ask_passphrase, now=now()
    )
    how = "made the sync key in" if joined.first else "joined"
    typer.echo(f"sync: {joined.name} {how} {joined.folder}; {joined.sent} sent")
    if joined.first:
        typer.echo("On each other device: sparklog sync init FOLDER, with the same passphrase.")
    else:
        typer.echo("Now `sparklog sync` reads what the other devices sent.")


@sync_app.command("status")
def sync_status(ctx: typer.Context, json: bool = options.JsonOption) -> None:
    """Show the folder, this device, the devices seen, what is unsent and what was skipped.

    Example: sparklog sync status --json
    """

    journal = journal_ref(ctx)
    report = status(journal, sync_key_path(journal.path))
    if json:
        screen.print_json(report.to_json())
        return
    show.render_status(screen.console(), report)


@sync_app.command("leave")
def sync_leave(ctx: typer.Context) -> None:
    """Stop syncing this device; the folder and your other devices are left as they are.

    This device's copy of the sync key is removed; its journal keeps everything.
    `sparklog sync init FOLDER` joins again later.

    Example: sparklog sync leave
    """
    root = devices.leave(journal_ref(ctx))
    typer.echo(f"sync: this device no longer syncs through {root}")
