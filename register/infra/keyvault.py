"""The key-encryption key (KEK): private keys and per-subject data keys are stored encrypted with it.

The KEK lives outside the database, in a key file (`REGISTER_KEY_FILE`, default `data/register.key`):
one line, the base64 of 32 random bytes, mode 0600. A copy of the database (or a backup) without this
file holds no usable private key and no readable personal value of the audit log. Every worker and
machine of one register needs the same file.

Encryption is AES-256-GCM (`cryptography`), with a fresh 96-bit nonce per value and the value's context
(which key, which row) as associated data, so a ciphertext moved to another row or column does not
decrypt. The AES key is derived from the KEK with HKDF-SHA256 (RFC 5869), so the KEK itself never keys
anything directly. A stored value is `base64(nonce || ciphertext || tag)`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12
logger = logging.getLogger("register.keyvault")

_state: dict[str, object] = {}


class KeyVaultError(Exception):
    """The key file is missing or unusable, or a value does not decrypt; the message is Dutch."""


def load_key_file(path: Path, *, create: bool) -> bytes:
    """Read the KEK from `path`; with `create`, make a new one (mode 0600) when the file does not exist.

    Raises KeyVaultError (Dutch) when the file is missing (and not created) or malformed."""
    if not path.exists():
        if not create:
            raise KeyVaultError(
                f"het sleutelbestand {path} ontbreekt (REGISTER_KEY_FILE). Zonder dit bestand zijn de "
                "versleutelde sleutels en persoonsgegevens in de database niet te gebruiken."
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return load_key_file(path, create=False)
        with os.fdopen(fd, "w") as handle:
            handle.write(base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode() + "\n")
        logger.warning("Nieuw sleutelbestand aangemaakt: %s (bewaar een kopie buiten de database)", path)
    try:
        text = path.read_text().strip()
        kek = base64.b64decode(text, validate=True)
    except (OSError, ValueError, binascii.Error) as exc:
        raise KeyVaultError(f"het sleutelbestand {path} is onleesbaar: {exc}") from None
    if len(kek) != KEY_BYTES:
        raise KeyVaultError(f"het sleutelbestand {path} bevat geen sleutel van {KEY_BYTES} bytes (base64)")
    if path.stat().st_mode & 0o077:
        logger.warning("Het sleutelbestand %s is leesbaar voor anderen; zet de rechten op 0600", path)
    return kek


def configure(kek: bytes) -> None:
    """Use this KEK in this process (the app factory and the command line call it at start)."""
    if len(kek) != KEY_BYTES:
        raise KeyVaultError("een sleutel-versleutelsleutel is 32 bytes")
    aes = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"jobcoach-register/aes-gcm").derive(kek)
    _state.update(kek=kek, aes=AESGCM(aes), fingerprint=_fingerprint(kek))


def configured() -> bool:
    return "aes" in _state


def _fingerprint(kek: bytes) -> str:
    return hashlib.sha256(b"jobcoach-register/vingerafdruk\n" + kek).hexdigest()[:16]


def fingerprint() -> str:
    """A short, non-secret identifier of the configured KEK (to tell key files apart)."""
    _require()
    return str(_state["fingerprint"])


def fingerprint_of(kek: bytes) -> str:
    return _fingerprint(kek)


def _require() -> AESGCM:
    aes = _state.get("aes")
    if not isinstance(aes, AESGCM):
        raise KeyVaultError("er is geen sleutelbestand geladen (REGISTER_KEY_FILE)")
    return aes


def seal(plaintext: bytes, context: str) -> str:
    """Encrypt with the KEK: base64(nonce || ciphertext || tag), bound to `context`."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return base64.b64encode(nonce + _require().encrypt(nonce, plaintext, context.encode())).decode()


def open_sealed(sealed: str, context: str) -> bytes:
    """Decrypt what `seal` made for this `context`. KeyVaultError when it does not decrypt (another key
    file, another context, or altered)."""
    try:
        raw = base64.b64decode(sealed, validate=True)
        return _require().decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except (InvalidTag, ValueError, binascii.Error):
        raise KeyVaultError(
            "een versleutelde sleutel past niet bij het sleutelbestand van deze machine "
            "(ander sleutelbestand, of gewijzigde gegevens)"
        ) from None
