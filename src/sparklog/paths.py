"""Where sparklog keeps its files: an environment override first, then platformdirs."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "sparklog"
DB_ENV = "SPARKLOG_DB"
CONFIG_ENV = "SPARKLOG_CONFIG"


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "sparklog.db"


def db_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The journal file: `--db`, then `SPARKLOG_DB`, then the user data folder."""
    chosen = override or os.environ.get(DB_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return default_db_path()


def config_path() -> Path:
    """The configuration file: `SPARKLOG_CONFIG`, then the user config folder."""
    chosen = os.environ.get(CONFIG_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def backups_dir(db: Path) -> Path:
    """Backups live beside the journal they copy."""
    return db.parent / "backups"


def stamp_path(db: Path) -> Path:
    """A tiny file holding the last journal day with anything logged (for `nudge`)."""
    return db.with_name(db.name + ".last")


def sync_key_path(db: Path) -> Path:
    """This device's copy of the sync identity, beside the journal it syncs (mode 0600)."""
    return db.with_name(db.name + ".sync-key")


def sync_lock_path(db: Path) -> Path:
    """Held while this journal writes batch files, so two sends never overlap."""
    return db.with_name(db.name + ".sync-lock")


def partner_key_path(db: Path) -> Path:
    """This person's partner-channel identity (an age secret key), private to this device."""
    return db.with_name(db.name + ".partner-key")
