"""age encryption of batches and of the sync key: recipients, passphrase, damage."""

from __future__ import annotations

import random

import pytest

from sparklog.errors import (
    SyncError,
    SyncFileNotForUs,
    SyncFileUnreadable,
    UsageError,
    WrongSyncPassphrase,
)
from sparklog.sync import crypto

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def wrapped() -> tuple[str, bytes]:
    """One identity wrapped once: scrypt takes about a second each way on purpose."""
    identity = crypto.generate_identity()
    return identity, crypto.wrap_identity(identity, PASSPHRASE)


def test_an_identity_and_its_public_key_look_like_age_keys() -> None:
    identity = crypto.generate_identity()
    assert identity.startswith("AGE-SECRET-KEY-1")
    public = crypto.public_key(identity)
    assert public.startswith("age1") and identity not in public
    assert crypto.check_public_key(f"  {public}\n") == public
    assert crypto.generate_identity() != identity


def test_a_batch_for_one_device_key_opens_with_it_alone() -> None:
    key, stranger = crypto.generate_identity(), crypto.generate_identity()
    sealed = crypto.seal(b"you made soup", [crypto.public_key(key)])
    assert sealed.startswith(b"age-encryption.org/v1\n")
    assert b"soup" not in sealed
    assert crypto.open_sealed(sealed, [key]) == b"you made soup"
    with pytest.raises(SyncFileNotForUs, match="not encrypted to this journal's keys"):
        crypto.open_sealed(sealed, [stranger])


def test_a_partner_batch_opens_for_both_partners_and_nobody_else() -> None:
    alex, sam, outsider = (crypto.generate_identity() for _ in range(3))
    sealed = crypto.seal(b"shared", [crypto.public_key(alex), crypto.public_key(sam)])
    assert crypto.open_sealed(sealed, [alex]) == b"shared"
    assert crypto.open_sealed(sealed, [sam]) == b"shared"
    # A device holding several identities (its own sync key, the couple's) tries each.
    assert crypto.open_sealed(sealed, [outsider, sam]) == b"shared"
    with pytest.raises(SyncFileNotForUs):
        crypto.open_sealed(sealed, [outsider])


def test_every_truncation_and_every_flipped_byte_fails_authentication(rng: random.Random) -> None:
    key = crypto.generate_identity()
    plain = rng.randbytes(150_000)  # more than two of age's 64 KiB chunks
    sealed = crypto.seal(plain, [crypto.public_key(key)])
    cuts = [
        0,
        1,
        20,
        len(sealed) - 1,
        len(sealed) - 16,
        65_536,
        *rng.sample(range(len(sealed)), 20),
    ]
    for cut in cuts:
        with pytest.raises(SyncFileUnreadable):
            crypto.open_sealed(sealed[:cut], [key])
    for position in [*rng.sample(range(len(sealed)), 40), len(sealed) - 1]:
        damaged = bytearray(sealed)
        damaged[position] ^= 1 << rng.randrange(8)
        with pytest.raises(SyncFileUnreadable):  # either kind: nothing is returned
            crypto.open_sealed(bytes(damaged), [key])
    with pytest.raises(SyncFileUnreadable, match="fails age's authentication"):
        crypto.open_sealed(sealed + b"\n", [key])
    with pytest.raises(SyncFileUnreadable, match="fails age's authentication"):
        crypto.open_sealed(b"plain text someone dropped in the folder\n", [key])


def test_a_changed_body_is_damage_not_a_stranger() -> None:
    key = crypto.generate_identity()
    sealed = bytearray(crypto.seal(b"x" * 1000, [crypto.public_key(key)]))
    sealed[-10] ^= 0x40
    with pytest.raises(SyncFileUnreadable) as caught:
        crypto.open_sealed(bytes(sealed), [key])
    assert not isinstance(caught.value, SyncFileNotForUs)


def test_seal_needs_a_recipient_and_refuses_a_bad_one() -> None:
    with pytest.raises(ValueError, match="at least one recipient"):
        crypto.seal(b"x", [])
    with pytest.raises(SyncError, match="is not an age public key"):
        crypto.seal(b"x", ["age1notakey"])


def test_a_bad_secret_key_is_refused_without_echoing_it() -> None:
    secret_looking = "AGE-SECRET-KEY-1" + "Q" * 58
    with pytest.raises(SyncError) as caught:
        crypto.public_key(secret_looking)
    assert "Q" * 10 not in caught.value.message


def test_the_wrapped_key_opens_with_the_passphrase(wrapped: tuple[str, bytes]) -> None:
    identity, data = wrapped
    assert data.startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert identity.encode() not in data
    assert crypto.unwrap_identity(data, PASSPHRASE) == identity


def test_a_wrong_passphrase_is_one_clear_error(wrapped: tuple[str, bytes]) -> None:
    with pytest.raises(WrongSyncPassphrase, match="does not open this folder's key"):
        crypto.unwrap_identity(wrapped[1], PASSPHRASE + "!")


@pytest.mark.parametrize("how", ["truncated", "changed"])
def test_a_damaged_key_file_is_not_called_a_wrong_passphrase(
    wrapped: tuple[str, bytes], how: str
) -> None:
    data = wrapped[1]
    damaged = data[:-5] if how == "truncated" else data[:-3] + bytes([data[-3] ^ 1]) + data[-2:]
    with pytest.raises(SyncFileUnreadable, match="fails age's authentication") as caught:
        crypto.unwrap_identity(damaged, PASSPHRASE)
    assert not isinstance(caught.value, WrongSyncPassphrase)


def test_a_key_file_that_is_not_passphrase_wrapped_is_damage() -> None:
    key = crypto.generate_identity()
    other = crypto.seal(b"x", [crypto.public_key(key)])
    with pytest.raises(SyncFileUnreadable):
        crypto.unwrap_identity(other, PASSPHRASE)


def test_an_empty_passphrase_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="passphrase is empty"):
        crypto.wrap_identity(crypto.generate_identity(), "  ")
