"""`[sync] auto = true`: writes send their change at once, daily views read new ones first.

Both go to the other devices (where this journal syncs) and to the couple's
folder (where a partner is joined): a write that shared something sends it to
the partner, and a daily view reads what the partner sent.

Neither ever stands in the way of the journal: a sync that fails is one quiet
line on stderr, the write it followed is kept, and `sparklog sync` catches up.
"""

from __future__ import annotations

import typer

from sparklog.cli.context import AppState, journal_ref, now, state
from sparklog.errors import SparklogError


def _quiet(line: str) -> None:
    typer.echo(f"sparklog: sync: {line}", err=True)


def read_new_first(ctx: typer.Context) -> None:
    """Before a daily view: apply the new files of other devices and of the partner, if the
    folders show any.

    With nothing new this is one read transaction and a listing of each folder;
    age and the write side load only when there is something to read.
    """
    app_state = state(ctx)
    if not app_state.config.sync_auto:
        return
    # Only here: a journal without `[sync] auto` never loads the sync folder's code.
    from sparklog.app.sync_check import new_files

    journal = journal_ref(ctx)
    try:
        new = new_files(journal)
        if not new.devices and not new.partner:
            return
        from sparklog.app import sync_all as use

        result = use.receive_new(journal, new, now=now())
    except (SparklogError, OSError) as exc:
        _quiet(f"not read ({_reason(exc)}); `sparklog sync` tries again")
        return
    for problem in result.problems:
        side = "partner: " if problem.side == use.PARTNER else ""
        _quiet(f"{side}not read ({problem.error.message}); `sparklog sync` tries again")
    for note in result.notes():
        _quiet(note)
    if result.devices is not None and result.devices.received:
        _quiet(result.devices.line().removeprefix("sync: "))
    if result.partner is not None and result.partner.received:
        _quiet(use.partner_line(result.partner))
    if result.partner is not None and result.partner.they_left:
        _quiet(f"{result.partner.partner} left the partner channel")


def send_after_write(app_state: AppState) -> None:
    """After a write command: send what it wrote, when this journal syncs automatically.

    To the other devices when it syncs, and to the couple's folder when the
    write marked something to share.
    """
    journal = app_state.journal
    if journal is None or journal.writer is None:
        return  # nothing was opened for writing
    try:
        if not app_state.config.sync_auto:
            return
        from sparklog.app import sync_all as use

        result = use.send_new(journal, now=now())
    except (SparklogError, OSError) as exc:
        _quiet(f"not sent ({_reason(exc)}); it is kept, and `sparklog sync` sends it")
        return
    for problem in result.problems:
        side = "partner: " if problem.side == use.PARTNER else ""
        _quiet(
            f"{side}not sent ({problem.error.message}); it is kept, and `sparklog sync` sends it"
        )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SparklogError):
        return exc.message
    return str(getattr(exc, "strerror", None) or exc)
