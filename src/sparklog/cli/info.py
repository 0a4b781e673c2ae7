"""`sparklog info`: where things are and how much is there."""

from __future__ import annotations

import typer

from sparklog import __version__
from sparklog.app.info import journal_info
from sparklog.app.partner import partner_info
from sparklog.app.sync_check import syncing
from sparklog.cli.context import journal_ref, state
from sparklog.paths import backups_dir
from sparklog.render.console import console


def info(ctx: typer.Context) -> None:
    """Show the paths in use, the schema version and how much is stored."""
    config = state(ctx).config
    journal = journal_ref(ctx)
    report = journal_info(journal)
    synced = syncing(journal)
    out = console()
    config_note = "" if config.path and config.path.exists() else "  (not present; defaults)"
    out.print(f"sparklog {__version__}")
    out.print(f"journal   {report.path}")
    if not report.exists:
        # On a line of its own, so a long path never splits the sentence at 80 columns.
        out.print("          not created yet; your first entry creates it")
    out.print(f"config    {config.path}{config_note}")
    out.print(f"backups   {backups_dir(report.path)}")
    out.print(f"schema    version {report.schema_version}")
    out.print("encrypted " + ("yes (SQLCipher)" if report.encrypted else "no"))
    out.print("entries   " + ", ".join(f"{kind} {n}" for kind, n in report.entries.items()))
    out.print("rituals   " + ", ".join(f"{what} {n}" for what, n in report.rituals.items()))
    if synced is None:
        out.print("sync      off (sparklog sync init FOLDER starts it)")
    else:
        # Whole lines, so a long folder can be copied from the terminal in one piece.
        out.print(f"sync      {synced.folder}", soft_wrap=True)
        out.print(f"device    {synced.name} ({synced.device})", soft_wrap=True)
    partner = partner_info(journal)
    if partner is not None:
        state_note = "" if partner.active else f"  (you left on {(partner.left_at or '')[:10]})"
        out.print(f"partner   {partner.name}{state_note}")
        out.print(f"folder    {partner.folder}", soft_wrap=True)
