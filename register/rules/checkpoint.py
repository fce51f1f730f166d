"""Signed checkpoints: the C2SP `tlog-checkpoint` text inside a C2SP `signed-note`, signed with Ed25519.
Pure: no I/O, no clock (the time is a parameter).

A checkpoint commits to the audit log's first `size` entries (c2sp.org/tlog-checkpoint):

    <origin>                 the log's identity, e.g. `register.example.nl/auditlog`
    <size>                   decimal, no leading zeros
    <base64 root hash>       MTH of the first `size` entries (RFC 9162 section 2.1)
    tijdstip <UTC time>      one extension line: when the log signed it (ISO 8601, `Z`)

followed by a blank line and one signature line per key (c2sp.org/signed-note):

    — <key name> base64(key ID || Ed25519 signature over the text above, final newline included)

with key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4]. A verifier key, the one string
an outsider needs to check notes, is `<key name>+<hex key ID>+<base64(0x01 || public key)>`.

The time is an extension line, which tlog-checkpoint calls NOT RECOMMENDED because log monitors cannot
audit it: it is covered by the signature like the rest of the text, and the register's verifier only
reads it to report when a checkpoint was made; trust rests on the size and the root hash alone.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519 = 0x01
DASH = "\u2014"
MAX_SIGNATURES = 16
MAX_NOTE_BYTES = 64 * 1024
TIME_PREFIX = "tijdstip "


class NoteError(ValueError):
    """The note or checkpoint cannot be trusted or read; the message says why, in Dutch."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    tijdstip: dt.datetime | None = None


@dataclass(frozen=True)
class VerifierKey:
    name: str
    key_id: bytes
    public_key: bytes

    def text(self) -> str:
        raw = base64.b64encode(bytes([ED25519]) + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{raw}"


def _check_name(name: str) -> None:
    if not name or any(c.isspace() or c == "+" for c in name) or any(ord(c) < 0x20 for c in name):
        raise NoteError(f"ongeldige sleutelnaam {name!r}: niet leeg, geen spaties en geen '+'")


def key_id(name: str, public_key: bytes) -> bytes:
    """SHA-256(key name || 0x0A || 0x01 || public key)[:4] (c2sp.org/signed-note, Ed25519)."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([ED25519]) + public_key).digest()[:4]


def verifier_key(name: str, public_key: bytes) -> VerifierKey:
    _check_name(name)
    if len(public_key) != 32:
        raise NoteError("een Ed25519-sleutel is 32 bytes")
    return VerifierKey(name, key_id(name, public_key), public_key)


def public_bytes(private: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def parse_verifier_key(text: str) -> VerifierKey:
    """`<name>+<hex key ID>+<base64(0x01 || public key)>`; NoteError when malformed or inconsistent."""
    parts = text.strip().split("+", 2)  # base64 may hold "+"; name and hex id never do
    if len(parts) != 3:
        raise NoteError("een verificatiesleutel heeft de vorm naam+sleutel-id+base64")
    name, hex_id, raw = parts
    _check_name(name)
    try:
        kid = bytes.fromhex(hex_id)
        data = base64.b64decode(raw, validate=True)
    except (ValueError, binascii.Error):
        raise NoteError("de verificatiesleutel is geen geldige hex/base64") from None
    if len(kid) != 4 or len(data) != 33 or data[0] != ED25519:
        raise NoteError("de verificatiesleutel is geen Ed25519-sleutel in het signed-note-formaat")
    key = verifier_key(name, data[1:])
    if key.key_id != kid:
        raise NoteError("het sleutel-id past niet bij naam en sleutel")
    return key


def format_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def body(checkpoint: Checkpoint) -> str:
    """The note text: origin, size, base64 root, and the time as an extension line."""
    _check_name(checkpoint.origin)
    if checkpoint.size < 0 or len(checkpoint.root) != 32:
        raise NoteError("een checkpoint heeft een grootte >= 0 en een wortelhash van 32 bytes")
    lines = [checkpoint.origin, str(checkpoint.size), base64.b64encode(checkpoint.root).decode()]
    if checkpoint.tijdstip is not None:
        lines.append(TIME_PREFIX + format_time(checkpoint.tijdstip))
    return "\n".join(lines) + "\n"


def parse_body(text: str) -> Checkpoint:
    """Read a checkpoint's note text strictly (c2sp.org/tlog-checkpoint)."""
    if not text.endswith("\n"):
        raise NoteError("de checkpointtekst eindigt niet op een regeleinde")
    lines = text[:-1].split("\n")
    if len(lines) < 3 or any(not line for line in lines):
        raise NoteError("een checkpoint heeft minstens drie niet-lege regels: herkomst, grootte, wortelhash")
    origin, size_text, root_text, *extensions = lines
    if not size_text.isascii() or not size_text.isdigit() or (size_text != "0" and size_text[0] == "0"):
        raise NoteError(f"de grootte {size_text!r} is geen decimaal getal zonder voorloopnullen")
    try:
        root = base64.b64decode(root_text, validate=True)
    except (ValueError, binascii.Error):
        raise NoteError("de wortelhash is geen geldige base64") from None
    if len(root) != 32:
        raise NoteError("de wortelhash is geen 32 bytes")
    tijdstip = None
    for line in extensions:
        if line.startswith(TIME_PREFIX):
            try:
                tijdstip = dt.datetime.fromisoformat(line[len(TIME_PREFIX) :])
            except ValueError:
                raise NoteError("het tijdstip in de checkpoint is onleesbaar") from None
    return Checkpoint(origin=origin, size=int(size_text), root=root, tijdstip=tijdstip)


def sign(text: str, name: str, private: Ed25519PrivateKey) -> str:
    """A signed note: the text, a blank line, and this key's signature line."""
    _check_text(text)
    _check_name(name)
    signature = private.sign(text.encode())
    kid = key_id(name, public_bytes(private))
    return f"{text}\n{DASH} {name} {base64.b64encode(kid + signature).decode()}\n"


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("de notitietekst eindigt niet op een regeleinde")
    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise NoteError("de notitie bevat een stuurteken")


def open_note(note: str | bytes, keys: list[VerifierKey]) -> tuple[str, VerifierKey]:
    """Verify a signed note against trusted keys; returns the text and the key that signed it.

    Follows c2sp.org/signed-note: signatures of unknown keys are ignored, a failing signature of a known
    key rejects the note, and at least one known key must have signed. NoteError (Dutch) otherwise."""
    if isinstance(note, bytes):
        if len(note) > MAX_NOTE_BYTES:
            raise NoteError("de notitie is te groot")
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError:
            raise NoteError("de notitie is geen geldige UTF-8") from None
    if len(note.encode()) > MAX_NOTE_BYTES:
        raise NoteError("de notitie is te groot")
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise NoteError("de notitie bevat een stuurteken (bijvoorbeeld een CR of tab)")
    if not note.endswith("\n"):
        raise NoteError("de notitie eindigt niet op een regeleinde")
    split = note.rfind("\n\n")
    if split < 0:
        raise NoteError("de notitie heeft geen handtekeningen (geen lege regel voor de handtekeningen)")
    text, signature_lines = note[: split + 1], note[split + 2 : -1].split("\n")
    if len(signature_lines) > MAX_SIGNATURES:
        raise NoteError("de notitie heeft te veel handtekeningen")
    known = {(k.name, k.key_id): k for k in keys}
    verified: VerifierKey | None = None
    for line in signature_lines:
        if not line.startswith(DASH + " "):
            raise NoteError("een handtekeningregel begint niet met '— '")
        parts = line[2:].split(" ")
        if len(parts) != 2:
            raise NoteError("een handtekeningregel heeft de vorm '— naam handtekening'")
        name, encoded = parts
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (ValueError, binascii.Error):
            raise NoteError("een handtekening is geen geldige base64") from None
        if len(raw) < 5:
            raise NoteError("een handtekening is te kort")
        key = known.get((name, raw[:4]))
        if key is None:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(key.public_key).verify(raw[4:], text.encode())
        except InvalidSignature:
            raise NoteError(f"de handtekening van sleutel {name} ({key.key_id.hex()}) klopt niet") from None
        verified = verified or key
    if verified is None:
        raise NoteError("de notitie is niet ondertekend met een bekende sleutel van dit register")
    return text, verified
