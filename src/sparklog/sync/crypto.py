"""Encryption for the sync folder, all of it age's through pyrage.

- A journal's sync identity is an age X25519 key pair. Batches are encrypted to
  a set of public keys (recipients): the sync key alone between one person's
  devices, both partners' keys on a couple's channel.
- The sync identity travels to a new device inside the folder, wrapped once with
  the sync passphrase (age's scrypt mode); each device then keeps it in a
  private file of its own.
- age authenticates everything: a truncated, changed or foreign file fails as a
  whole, so nothing is ever half-read.

Everything here is bytes in, bytes out; the files are the folder module's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sparklog.errors import (
    SyncError,
    SyncFileNotForUs,
    SyncFileUnreadable,
    UsageError,
    WrongSyncPassphrase,
)

if TYPE_CHECKING:
    import pyrage
else:
    pyrage = None  # loaded by _age() the first time it is needed


def _age() -> None:
    """Load pyrage on first use, so that importing sync's modules costs nothing.

    A daily view with `[sync] auto` and a sync with nothing new decide that
    from a folder listing; only opening or sealing a file needs age.
    """
    global pyrage
    if pyrage is None:
        import pyrage as loaded

        pyrage = loaded


IDENTITY_PREFIX = "AGE-SECRET-KEY-1"
RECIPIENT_PREFIX = "age1"
KEY_HEADER = "# sparklog sync key, version 1"

# pyrage raises one DecryptError type; its message is the only thing telling
# "no key of ours opens this" apart from damage. The tests pin each case, so a
# pyrage that rewords them fails there rather than misreporting here.
_NOT_OURS = ("No matching keys found",)
_WRONG_PASSPHRASE = ("Decryption failed",)


def generate_identity() -> str:
    """A new X25519 identity, as age's `AGE-SECRET-KEY-1…` text."""
    _age()
    return str(pyrage.x25519.Identity.generate())


def public_key(identity: str) -> str:
    """The recipient (`age1…`) that encrypts to this identity; safe to share."""
    return str(_identity(identity).to_public())


def check_public_key(text: str) -> str:
    """The key itself when `text` is an age X25519 public key, else one clear error."""
    candidate = text.strip()
    _age()
    try:
        pyrage.x25519.Recipient.from_str(candidate)
    except pyrage.RecipientError:
        raise SyncError(
            f"{_shorten(candidate)!r} is not an age public key (they start with {RECIPIENT_PREFIX})"
        ) from None
    return candidate


def seal(data: bytes, recipients: Sequence[str]) -> bytes:
    """Encrypt to every recipient; any one of their identities opens the result."""
    if not recipients:
        raise ValueError("a sealed file needs at least one recipient")
    _age()
    keys = [pyrage.x25519.Recipient.from_str(check_public_key(key)) for key in recipients]
    return pyrage.encrypt(data, keys)


def open_sealed(data: bytes, identities: Sequence[str]) -> bytes:
    """Decrypt and authenticate a whole file, or raise without giving back any of it.

    SyncFileNotForUs: well formed, but none of `identities` is among its
    recipients. SyncFileUnreadable: truncated, changed, or not age at all.
    """
    keys = [_identity(identity) for identity in identities]
    _age()
    try:
        return pyrage.decrypt(data, keys)
    except pyrage.DecryptError as exc:
        if str(exc) in _NOT_OURS:
            raise SyncFileNotForUs(
                "it is not encrypted to this journal's keys (or its header was changed)"
            ) from None
        raise SyncFileUnreadable(_damage(exc)) from None


def wrap_identity(identity: str, passphrase: str) -> bytes:
    """The identity encrypted with a passphrase (age's scrypt mode), for the folder."""
    _identity(identity)
    _check_passphrase(passphrase)
    text = f"{KEY_HEADER}\n{identity}\n"
    _age()
    return pyrage.passphrase.encrypt(text.encode("ascii"), passphrase)


def unwrap_identity(data: bytes, passphrase: str) -> str:
    """The identity from a wrapped key file; a wrong passphrase is WrongSyncPassphrase."""
    _check_passphrase(passphrase)
    _age()
    try:
        plain = pyrage.passphrase.decrypt(data, passphrase)
    except pyrage.DecryptError as exc:
        if str(exc) in _WRONG_PASSPHRASE:
            raise WrongSyncPassphrase(
                "that sync passphrase does not open this folder's key; check it and try again"
            ) from None
        raise SyncFileUnreadable(_damage(exc)) from None
    lines = plain.decode("ascii", "replace").splitlines()
    if len(lines) != 2 or lines[0] != KEY_HEADER:
        raise SyncFileUnreadable("it opens, but holds no sparklog sync key")
    return str(_identity(lines[1]))


def _identity(text: str) -> pyrage.x25519.Identity:
    _age()
    try:
        return pyrage.x25519.Identity.from_str(text.strip())
    except pyrage.IdentityError:
        # Never echo the text: it may be most of a secret key.
        raise SyncError(
            f"that is not an age secret key (they start with {IDENTITY_PREFIX})"
        ) from None


def _check_passphrase(passphrase: str) -> None:
    if not passphrase.strip():
        raise UsageError("the sync passphrase is empty; choose one you can type on every device")


def _damage(exc: Exception) -> str:
    reason = str(exc).splitlines()[0] if str(exc) else "unknown"
    return f"it fails age's authentication (truncated, changed, or not age at all: {reason})"


def _shorten(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
