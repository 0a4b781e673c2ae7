"""`sparklog info`: where things are and how much is there."""

from __future__ import annotations

import typer

from sparklog import __version__
from sparklog.cli.context import open_store, state
from sparklog.paths import backups_dir


def info(ctx: typer.Context) -> None:
    """Show the paths in use, the schema version and how much is stored."""
    from sparklog.render.console import console
    from sparklog.store.entries import count_by_kind
    from sparklog.store.rituals import ritual_counts

    app_state = state(ctx)
    config = app_state.config
    journal = open_store(ctx, write=False)
    with journal.transaction() as session:
        counts = count_by_kind(session)
        rituals = ritual_counts(session)
    out = console()
    config_note = "" if config.path and config.path.exists() else "  (not present; defaults)"
    out.print(f"sparklog {__version__}")
    made = "" if journal.path.exists() else "  (not created yet; your first entry creates it)"
    out.print(f"journal   {journal.path}{made}")
    out.print(f"config    {config.path}{config_note}")
    out.print(f"backups   {backups_dir(journal.path)}")
    out.print(f"schema    version {journal.schema_version}")
    out.print("encrypted " + ("yes (SQLCipher)" if journal.key is not None else "no"))
    out.print("entries   " + ", ".join(f"{kind} {n}" for kind, n in counts.items()))
    out.print("rituals   " + ", ".join(f"{what} {n}" for what, n in rituals.items()))
