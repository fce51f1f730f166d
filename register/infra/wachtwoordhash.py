"""Password hashing (argon2id) for passwords and recovery codes: one hasher for the whole register."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2id with the library's defaults (RFC 9106's second recommended option); tests swap in a cheaper
# hasher with `use_hasher`, production never does.
_state: dict[str, PasswordHasher | str] = {}


def use_hasher(hasher: PasswordHasher) -> None:
    """Hash and verify with `hasher` from now on (the test suite's cheap argon2 parameters). Hashes made
    earlier still verify: argon2 hashes carry their own parameters."""
    _state["hasher"] = hasher
    # verified for an unknown user name, so that answer takes as long as a wrong password for a known one
    _state["dummy"] = hasher.hash("dummy-password-for-timing")


use_hasher(PasswordHasher())


def hash_password(password: str) -> str:
    """The argon2id hash (PHC string) of a password or recovery code."""
    return _state["hasher"].hash(password)  # type: ignore[union-attr]


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches the hash; None (an unknown account) verifies a dummy hash, so it takes as
    long, and is False. A wrong or unreadable hash is False, never an error."""
    try:
        return _state["hasher"].verify(password_hash or _state["dummy"], password or "")  # type: ignore[union-attr]
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
