"""`[sync] auto = true`: writes send their change at once, daily views read new ones first.

Neither ever stands in the way of the journal: a sync that fails is one quiet
line on stderr, the write it followed is kept, and `sparklog sync` catches up.
"""

from __future__ import annotations

import typer

from sparklog.app.sync_check import new_files
from sparklog.cli.context import AppState, journal_ref, now, state
from sparklog.errors import SparklogError


def _quiet(line: str) -> None:
    typer.echo(f"sparklog: sync: {line}", err=True)


def read_new_first(ctx: typer.Context) -> None:
    """Before a daily view: apply other devices' new files, if the folder shows any.

    With nothing new this is one query and a folder listing; age and the
    write side load only when there is something to read.
    """
    app_state = state(ctx)
    if not app_state.config.sync_auto:
        return
    journal = journal_ref(ctx)
    try:
        if not new_files(journal):
            return
        from sparklog.app import sync as use

        result = use.receive_only(journal, now=now())
    except (SparklogError, OSError) as exc:
        _quiet(f"not read ({_reason(exc)}); `sparklog sync` tries again")
        return
    for skipped in result.skipped:
        _quiet(skipped.line())
    if result.received:
        _quiet(result.line().removeprefix("sync: "))


def send_after_write(app_state: AppState) -> None:
    """After a write command: send what it wrote, when this journal syncs automatically."""
    journal = app_state.journal
    if journal is None or journal.writer is None:
        return  # nothing was opened for writing
    try:
        if not app_state.config.sync_auto:
            return
        from sparklog.app import sync as use

        if use.syncs(journal):
            use.send_only(journal)
    except (SparklogError, OSError) as exc:
        _quiet(f"not sent ({_reason(exc)}); it is kept, and `sparklog sync` sends it")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SparklogError):
        return exc.message
    return str(getattr(exc, "strerror", None) or exc)
