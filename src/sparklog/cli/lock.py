"""`sparklog lock`, `unlock` and `passphrase`: encryption at rest, switched on and off.

The work (copy, verify, swap) lives in `store/crypto.py`; these commands ask for
the passphrase, call it, and say what happened.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from sparklog.cli.context import state
from sparklog.cli.prompting import secret
from sparklog.errors import StoreError, UsageError
from sparklog.store import crypto
from sparklog.store.migrations import APPLICATION_ID

RememberOption = typer.Option(
    False,
    "--remember",
    help="Also keep the passphrase in the system keyring, so you are not asked again.",
)


def _say(line: str) -> None:
    typer.echo(f"sparklog: {line}", err=True)


def _typed_twice() -> str:
    """A new passphrase typed twice, hidden."""

    first = crypto.check_passphrase(secret("New passphrase"))
    if secret("The same passphrase again") != first:
        raise UsageError("the two passphrases differ; nothing was changed")
    return first


def _new_passphrase() -> str:
    """SPARKLOG_PASSPHRASE for scripts; otherwise typed twice."""

    given = os.environ.get(crypto.PASSPHRASE_ENV)
    return crypto.check_passphrase(given) if given else _typed_twice()


def _journal(ctx: typer.Context) -> Path:
    path = state(ctx).db_path
    if not path.is_file() or path.stat().st_size == 0:
        raise StoreError(f"no journal at {path} yet; write something first")
    return path


def _entries(counts: dict[str, int]) -> str:
    number = counts.get("entry", 0)
    return f"{number} {'entry' if number == 1 else 'entries'}"


def _need_extra() -> None:

    if not crypto.available():
        raise StoreError(f"encryption needs the encrypt extra: {crypto.INSTALL_HINT}")


def lock(ctx: typer.Context, remember: bool = RememberOption) -> None:
    """Encrypt the journal with a passphrase (SQLCipher).

    The encrypted copy is checked row by row before it replaces the plain file,
    and the plain backups sparklog made itself are removed. Without the
    passphrase the journal cannot be read, so keep it somewhere safe.
    Needs the encrypt extra: pip install 'sparklog\\[encrypt]'. Scripts can give
    the passphrase in SPARKLOG_PASSPHRASE instead of typing it twice.
    """
    from sparklog.store.db import open_journal  # the write side, for the upgrade

    path = _journal(ctx)
    _need_extra()
    if crypto.looks_encrypted(path):
        raise UsageError(
            f"{path} is already encrypted; `sparklog passphrase` changes its passphrase"
        )
    open_journal(path, write=False).close()  # refuses foreign files, upgrades old ones
    if remember:
        crypto.check_keyring()
    passphrase = _new_passphrase()
    counts = crypto.lock(path, passphrase)
    if remember:
        try:
            crypto.remember(path, passphrase)
        except StoreError as exc:
            remember = False
            _say(f"locked, but {exc.message}; you will be asked for the passphrase")
    backups = crypto.plain_backups(path, APPLICATION_ID)
    target = crypto.journal_file(path)
    if target != path:  # reached through a link: the file's own backups count too
        backups += [
            item for item in crypto.plain_backups(target, APPLICATION_ID) if item not in backups
        ]
    if backups:
        _say(
            f"removing {len(backups)} plain {'backup' if len(backups) == 1 else 'backups'}"
            f" sparklog made in {backups[0].parent},"
            " since they would keep every entry readable"
        )
        crypto.remove_backups(backups)
    typer.echo(f"Locked {path}: {_entries(counts)}, encrypted.")
    if remember:
        typer.echo("The passphrase is in your system keyring.")
    else:
        typer.echo(f"You will be asked for the passphrase (or set {crypto.PASSPHRASE_ENV}).")


def unlock(ctx: typer.Context) -> None:
    """Decrypt the journal back to a plain SQLite file.

    Anyone who can read the file can then read every entry.
    """

    path = _journal(ctx)
    if not crypto.looks_encrypted(path):
        raise UsageError(f"{path} is not encrypted; nothing to unlock")
    _say("warning: unlocking writes your journal as plain text on disk")
    passphrase = crypto.unlock(path, secret)
    counts = crypto.unlock_file(path, passphrase)
    crypto.forget(path)
    typer.echo(f"Unlocked {path}: {_entries(counts)}, stored as plain text.")
    if crypto.encrypted_backups(path):
        typer.echo("Backups taken while it was locked stay encrypted with the old passphrase.")


def passphrase(ctx: typer.Context, remember: bool = RememberOption) -> None:
    """Change the passphrase of an encrypted journal (asks the current one first)."""

    path = _journal(ctx)
    if not crypto.looks_encrypted(path):
        raise UsageError(f"{path} is not encrypted; `sparklog lock` encrypts it")
    crypto.driver(path)
    if remember:
        crypto.check_keyring()
    given = os.environ.get(crypto.PASSPHRASE_ENV)
    old = given or secret("Current passphrase")
    crypto.connect(path, old, readonly=True).close()
    new = _typed_twice()
    kept = crypto.from_keyring(path) is not None
    crypto.rekey(path, old, new)
    if remember or kept:
        try:
            crypto.remember(path, new)
        except StoreError:
            crypto.forget(path)
            _say("the keyring could not keep the new passphrase; you will be asked for it")
    typer.echo(f"Changed the passphrase of {path}.")
    if crypto.encrypted_backups(path):
        typer.echo("Backups taken before this keep the old passphrase.")
