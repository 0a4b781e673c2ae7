"""The invite code: one line holding a person's channel id, public key and name.

Nothing in it is secret. It ends in a checksum, so a code cut short or mistyped
while being copied is refused in one line instead of joining the wrong key.

    sparklog1.<base64url of "id:key:name" and four checksum bytes>
"""

from __future__ import annotations

import base64
import binascii
from typing import NamedTuple

from sparklog.errors import SyncError, UsageError
from sparklog.sync import crypto
from sparklog.sync.hlc import is_device_id

PREFIX = "sparklog1."
CHECK_BYTES = 4
MAX_NAME = 40


class Invite(NamedTuple):
    """Who a code names: the id of their folder, the key to encrypt to, what to call them."""

    channel_id: str
    public_key: str
    name: str


def clean_name(name: str) -> str:
    """A name as the partner will see it: one line, not empty, not too long."""
    clean = " ".join(name.split())
    if not clean:
        raise UsageError("the name is empty; give the one your partner calls you (--name)")
    if len(clean) > MAX_NAME:
        raise UsageError(f"the name is longer than {MAX_NAME} characters; use a shorter one")
    if not clean.isprintable() or ":" in clean:
        raise UsageError("the name holds a control character or a colon; use plain words")
    return clean


def _check(body: bytes) -> bytes:
    """The code's check bytes: the start of the body's SHA-256."""
    import hashlib  # OpenSSL loads only for an invite, not for every `--help`

    return hashlib.sha256(body).digest()[:CHECK_BYTES]


def encode(invite: Invite) -> str:
    body = f"{invite.channel_id}:{invite.public_key}:{invite.name}".encode()
    check = _check(body)
    text = base64.urlsafe_b64encode(body + check).decode("ascii").rstrip("=")
    return PREFIX + text


def decode(code: str) -> Invite:
    """The invite in a code, or one UsageError saying it is not a whole code."""
    text = "".join(code.split())
    if not text.startswith(PREFIX):
        raise UsageError(
            f"that is not a sparklog invite code (they start with {PREFIX});"
            " copy the whole line sparklog partner invite printed"
        )
    raw = text[len(PREFIX) :]
    try:
        data = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        raise _broken() from None
    body, check = data[:-CHECK_BYTES], data[-CHECK_BYTES:]
    if len(data) <= CHECK_BYTES or _check(body) != check:
        raise _broken()
    try:
        channel_id, key, name = body.decode("utf-8").split(":", 2)
        crypto.check_public_key(key)
    except (UnicodeDecodeError, ValueError, SyncError):
        raise _broken() from None
    if not is_device_id(channel_id):
        raise _broken()
    return Invite(channel_id, key, clean_name(name))


def _broken() -> UsageError:
    return UsageError(
        "that invite code is cut short or mistyped (its checksum does not match);"
        " copy the whole line again"
    )
