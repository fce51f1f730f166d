"""Signed checkpoints: the C2SP tlog-checkpoint text in a C2SP signed note (Ed25519), checked here against
the formats as the specifications define them (c2sp.org/signed-note, c2sp.org/tlog-checkpoint)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given, settings
from hypothesis import strategies as st

from register.rules import checkpoint as notes

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PUBLIC = notes.public_bytes(KEY)
NAME = "register.example.nl/auditlog"
ROOT = hashlib.sha256(b"wortel").digest()
WHEN = dt.datetime(2026, 11, 23, 10, 15, tzinfo=dt.UTC)


def signed(size: int = 20852163, root: bytes = ROOT) -> str:
    text = notes.body(notes.Checkpoint(origin=NAME, size=size, root=root, tijdstip=WHEN))
    return notes.sign(text, NAME, KEY)


def test_the_note_has_the_c2sp_layout_and_an_independent_check_accepts_it():
    note = signed()
    text, signatures = note.split("\n\n")
    assert text == f"{NAME}\n20852163\n{base64.b64encode(ROOT).decode()}\ntijdstip 2026-11-23T10:15:00Z"
    line = signatures.rstrip("\n")
    assert line.startswith("\u2014 " + NAME + " ")  # em dash, space, key name, space
    raw = base64.b64decode(line.split(" ")[2])
    # key ID = SHA-256(key name || 0x0A || 0x01 || public key)[:4]; the rest signs the text and its newline
    assert raw[:4] == hashlib.sha256(NAME.encode() + b"\n\x01" + PUBLIC).digest()[:4]
    Ed25519PublicKey.from_public_bytes(PUBLIC).verify(raw[4:], (text + "\n").encode())


def test_verifier_key_round_trip_even_when_base64_holds_a_plus():
    for seed in range(40):  # some public keys encode with "+" in base64
        private = Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
        key = notes.verifier_key(NAME, notes.public_bytes(private))
        text = key.text()
        name, hex_id, raw = text.split("+", 2)
        assert name == NAME and bytes.fromhex(hex_id) == key.key_id
        assert base64.b64decode(raw) == b"\x01" + key.public_key
        assert notes.parse_verifier_key(text) == key


def test_open_note_returns_the_text_and_the_key():
    key = notes.verifier_key(NAME, PUBLIC)
    text, signer = notes.open_note(signed(), [key])
    assert signer == key
    parsed = notes.parse_body(text)
    assert (parsed.origin, parsed.size, parsed.root, parsed.tijdstip) == (NAME, 20852163, ROOT, WHEN)


def test_unknown_keys_are_ignored_and_a_note_without_a_known_key_is_refused():
    other = Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)
    note = signed()
    both = (
        note.rstrip("\n")
        + "\n"
        + notes.sign(note.split("\n\n")[0] + "\n", "elders.example/log", other).split("\n\n")[1]
    )
    key = notes.verifier_key(NAME, PUBLIC)
    assert notes.open_note(both, [key])[1] == key
    with pytest.raises(notes.NoteError, match="bekende sleutel"):
        notes.open_note(note, [notes.verifier_key("elders.example/log", notes.public_bytes(other))])


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda n: n.replace("20852163", "20852162"), "klopt niet"),
        (lambda n: n.replace("\n\n", "\n"), "geen handtekeningen"),
        (lambda n: n.replace("\u2014", "--"), "begint niet met"),
        (lambda n: n.replace("\n", "\r\n"), "stuurteken"),
        (lambda n: n.rstrip("\n"), "regeleinde"),
    ],
)
def test_a_changed_note_is_refused_with_a_dutch_reason(change, reason):
    with pytest.raises(notes.NoteError, match=reason):
        notes.open_note(change(signed()), [notes.verifier_key(NAME, PUBLIC)])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (f"{NAME}\n007\n{base64.b64encode(ROOT).decode()}\n", "voorloopnullen"),
        (f"{NAME}\n-1\n{base64.b64encode(ROOT).decode()}\n", "voorloopnullen"),
        (f"{NAME}\n7\n{base64.b64encode(ROOT[:31]).decode()}\n", "32 bytes"),
        (f"{NAME}\n7\nniet-base64!\n", "base64"),
        (f"{NAME}\n7\n", "drie"),
        (f"{NAME}\n7\n{base64.b64encode(ROOT).decode()}\n\nextra\n", "niet-lege"),
    ],
)
def test_the_checkpoint_text_is_read_strictly(text, reason):
    with pytest.raises(notes.NoteError, match=reason):
        notes.parse_body(text)


@settings(max_examples=100, deadline=None)
@given(
    size=st.integers(0, 2**63),
    root=st.binary(min_size=32, max_size=32),
    origin=st.from_regex(r"[a-z0-9.\-]{1,20}/[a-z0-9/]{1,20}", fullmatch=True),
)
def test_any_checkpoint_signs_and_reads_back(size, root, origin):
    text = notes.body(notes.Checkpoint(origin=origin, size=size, root=root, tijdstip=WHEN))
    note = notes.sign(text, origin, KEY)
    opened, _ = notes.open_note(note.encode(), [notes.verifier_key(origin, PUBLIC)])
    assert notes.parse_body(opened) == notes.Checkpoint(origin=origin, size=size, root=root, tijdstip=WHEN)
