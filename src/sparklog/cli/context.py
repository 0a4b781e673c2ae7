"""What every command shares: the chosen journal, the clock, the configuration."""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from sparklog.config import Config, load_config
from sparklog.core.dates import is_evening, journal_day, parse_day
from sparklog.errors import SparklogError, UsageError
from sparklog.paths import db_path

if TYPE_CHECKING:
    from sparklog.app.journal_ref import JournalRef
    from sparklog.store.db import Journal


class AppState:
    __slots__ = ("_config", "db_override", "db_typed", "journal")

    db_override: str | None
    db_typed: bool  # given as --db on this command line, not from the environment
    _config: Config | None
    journal: JournalRef | None
    """The journal this command uses, made once, so a write is seen after the command."""

    def __init__(
        self,
        db_override: str | None = None,
        db_typed: bool = False,
        _config: Config | None = None,
        journal: JournalRef | None = None,
    ) -> None:
        self.db_override = db_override
        self.db_typed = db_typed
        self._config = _config
        self.journal = journal

    @property
    def db_path(self) -> Path:
        return db_path(self.db_override)

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config()
        return self._config


def state(ctx: typer.Context) -> AppState:
    obj = ctx.find_root().obj
    if not isinstance(obj, AppState):
        obj = AppState()
        ctx.find_root().obj = obj
    return obj


def now() -> datetime:
    """The local time, with its UTC offset. Read here and passed down, never deeper."""
    return datetime.now().astimezone()


def quiet_today(db_override: str | None) -> tuple[Path, date]:
    """The journal and today's journal day for `nudge`, which must never fail.

    A config that cannot be read still leaves the default rollover hour.
    """
    config = Config()
    with contextlib.suppress(SparklogError, OSError):
        config = load_config()
    return db_path(db_override), journal_day(now(), config.rollover_hour)


def today(ctx: typer.Context) -> date:
    """The current journal day, honouring the rollover hour."""
    return journal_day(now(), state(ctx).config.rollover_hour)


def risk_shown(ctx: typer.Context) -> bool:
    """Whether "at risk" marks are due: the journal day has reached `risk_hour`."""
    return is_evening(now(), today(ctx), state(ctx).config.risk_hour)


def day_option(ctx: typer.Context, value: str | None) -> date:
    """A `--date` value as a journal day; absent means today."""
    current = today(ctx)
    return current if value is None else parse_day(value, current)


def day_range(
    ctx: typer.Context, since: str | None, until: str | None
) -> tuple[date | None, date | None]:
    """`--since` and `--until` as journal days (None when not given), in order."""
    current = today(ctx)
    first = parse_day(since, current) if since else None
    last = parse_day(until, current) if until else None
    if first and last and first > last:
        raise UsageError(
            f"--since {first.isoformat()} is after --until {last.isoformat()}; swap them"
        )
    return first, last


def journal_ref(ctx: typer.Context) -> JournalRef:
    """The journal this command reads and writes, for the use cases in `sparklog.app`.

    Imported here, not at the top, so completion (which loads the command
    modules) never loads the read side.
    """
    from sparklog.app.journal_ref import JournalRef

    app_state = state(ctx)
    if app_state.journal is None:
        app_state.journal = JournalRef(
            app_state.db_path, ask=_secret, week_start=_week_start(app_state)
        )
    return app_state.journal


def _week_start(app_state: AppState) -> int:
    """The configured week start, for the streak walks a write keeps. A config that
    cannot be read leaves Monday: the commands that need it say what is wrong, and a
    walk kept for another week start is only not used."""
    with contextlib.suppress(SparklogError):
        return app_state.config.week_start
    return 0


def _secret(question: str) -> str:
    """The passphrase prompt, loaded only for a journal that has one."""
    from sparklog.cli.prompting import secret

    return secret(question)


def open_store(ctx: typer.Context) -> Journal:
    """The journal through SQLModel, read-only (for `export` and `backup`).

    Writes never come here: every write goes through `sparklog.app.journal.write`.
    A read through a --db path typed on the command line creates no folder, so a
    typo there never leaves folders behind.
    """
    from sparklog.store.db import open_journal

    app_state = state(ctx)
    journal = journal_ref(ctx)
    return open_journal(
        journal.path, write=False, ask=journal.ask, make_folder=not app_state.db_typed
    )
