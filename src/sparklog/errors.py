"""The one error family sparklog raises for anything a user can cause.

Every message is a single sentence naming what was wrong and what would work.
The entry point turns these into one line on stderr and the exit code below.
"""

from __future__ import annotations

from typing import ClassVar

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

UPGRADE_HINT = "upgrade sparklog (uv tool upgrade sparklog, or pip install -U sparklog)"
"""What to do about a journal or a file that a newer sparklog wrote."""


class SparklogError(Exception):
    """A problem the user can understand and act on."""

    exit_code: ClassVar[int] = EXIT_FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(SparklogError):
    """The command line itself was wrong: a bad value, a missing argument."""

    exit_code: ClassVar[int] = EXIT_USAGE


class InvalidDate(UsageError):
    """A date argument that could not be read, or lies in the future."""


class InvalidText(UsageError):
    """Entry text that is empty, too long, or holds control characters."""


class ConfigError(SparklogError):
    """The configuration file could not be read or holds a bad value."""


class StoreError(SparklogError):
    """The journal file cannot be used: missing rights, foreign, busy, damaged."""


class JournalBusy(StoreError):
    """Another process held the write lock for longer than the busy timeout."""


class NotFound(SparklogError):
    """A named thing (a ritual, an entry) does not exist."""


class Conflict(SparklogError):
    """The request would overwrite something the user did not ask to replace."""


class InputClosed(SparklogError):
    """Standard input ended while sparklog was waiting for an answer."""


class Interrupted(SparklogError):
    """The user pressed Ctrl-C; what was already saved stays saved."""

    exit_code: ClassVar[int] = EXIT_INTERRUPTED


class SyncError(SparklogError):
    """Device or partner sync cannot go on: the folder, one of its files, or the keys."""


class SyncFolderError(SyncError):
    """The sync folder is missing (an unmounted drive), read-only or full; nothing was written."""


class WrongSyncPassphrase(SyncError):
    """The sync passphrase does not open the folder's key file."""


class SyncFileUnreadable(SyncError):
    """A file in the sync folder is truncated, changed, not age at all, or not ours to read."""


class SyncFileNotForUs(SyncFileUnreadable):
    """A well-formed age file encrypted to keys this journal does not hold."""
