"""Crypto-shredding of personal values in the audit log.

The audit log can never change, yet a name, an e-mail address or a typed-in diagnosis must be erasable
(AVG art. 17, and retention: register.services.retentie). So every value of an audit entry goes into the
log *encrypted* with a data key of the person it is about (the "data subject"), unless its field is on
the allow-list below; the entry's hash covers the ciphertext. Destroying the subject's key (retention, an
erasure request) makes those values unreadable for ever while the hash chain, the Merkle tree and every
signed checkpoint still verify. A beheerder who reads the log sees the values while the key exists and
`[gewist]` after, so the log still shows that a value existed and which field it was.

Encrypt by default, with an explicit allow-list of non-personal fields (codes, ids, dates, statuses,
numbers), rather than the reverse: a field that a later change adds and nobody classified is then
protected automatically. Forgetting a harmless field on the allow-list only costs readability after an
erasure; forgetting a personal field on a deny-list would write it into an immutable log, which can never
be repaired.

Whose key: a dict that has a `jobcoach` id (the entry's change itself, or a nested part such as one
participant of a toetsing) is about that coach; otherwise an entry is about the record it changes
(`objecttype:object_id`, e.g. `klacht:<id>`), or about the subject its writer names (`betrokkene`).

A sealed value is `{"versleuteld": base64(nonce || AES-256-GCM ciphertext || tag), "sleutel": <data key
id>}`, the plaintext the value's JSON, and the associated data the entry id plus the field's path, so a
ciphertext moved to another entry or field does not decrypt. Data keys are random 256-bit keys stored
wrapped with the key file's KEK (register.infra.keyvault), one live key per subject.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import uuid
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from audits.tables import Gegevenssleutel
from register import clock
from register.infra import keyvault

SEALED = "versleuteld"
KEY_REF = "sleutel"
GEWIST = "[gewist]"
ONLEESBAAR = "[onleesbaar]"

# Field names whose values are not personal: identifiers, codes, statuses, dates, numbers, and the
# structure of changes ("van"/"naar"). A nested dict under an allowed field is checked key by key again.
OPENBAAR = frozenset(
    {
        # structure of a change
        "van",
        "naar",
        # identifiers (pseudonymous ids, public register numbers, codes of gemeenten)
        "id",
        "jobcoach",
        "organisatie",
        "traject",
        "verificatie",
        "verificaties",
        "gemeente",
        "houder",
        "corrigeert",
        "accounts",
        "registratienummer",
        "kid",
        # codes and statuses
        "status",
        "rol",
        "rollen",
        "actief",
        "schema",
        "soort",
        "vorm",
        "beoordeling",
        "oordeel",
        "gebied",
        "categorie",
        "activiteit",
        "besluit",
        "regime",
        "alg",
        "gekwalificeerd",
        "volledig",
        "deelnemers",
        "bevindingen",
        "werkgebied",
        "toetsingskaders",
        "criteria",
        "versie",
        # dates
        "datum",
        "tot",
        "ingangsdatum",
        "geldig_tot",
        "startdatum",
        "peildatum",
        "deadline",
        "beeindigd_op",
        "ontvangen_op",
        "bevestigd_op",
        "afgehandeld_op",
        "uitgeschrevenOp",
        "goedgekeurdOp",
        "ingediendOp",
        "periode_van",
        "periode_tot",
        # numbers
        "uren",
        "pe_punten",
        "contracturen",
        "naar_jaar",
        "volgnummer",
        "respondenten",
        "gemiddelde_score",
        "toegevoegd",
        "bijgewerkt",
        "nieuw",
        "opgelost",
        "regels",
        "laatsteHash",
        "vernietigd",
        "sleutelsVernietigd",
        "actiefVanaf",
    }
)


def subject_of(objecttype: str, object_id: str, wijziging: dict[str, Any], betrokkene: str | None) -> str:
    """The data subject an entry is about, as `type:id` (see the module docstring)."""
    if betrokkene:
        return betrokkene
    if objecttype == "jobcoach":
        return f"jobcoach:{object_id}"
    coach = _coach_in(wijziging)
    return f"jobcoach:{coach}" if coach else f"{objecttype}:{object_id}"


def _coach_in(value: dict[str, Any]) -> str | None:
    coach = value.get("jobcoach")
    if isinstance(coach, str):
        try:
            return str(uuid.UUID(coach))
        except ValueError:
            return None
    return None


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {SEALED, KEY_REF}


# --- data keys ---------------------------------------------------------------------------------------


def _wrap_context(key_id: str) -> str:
    return f"gegevenssleutel:{key_id}"


async def live_key(onderwerp: str) -> tuple[str, bytes]:
    """The subject's live data key `(id, key)`, made on first use. Inside a write transaction; concurrent
    writers for one subject end up with the same key (one live key per subject, unique index)."""
    for _ in range(2):
        rows = await Gegevenssleutel.raw(
            "SELECT id, sleutel FROM gegevenssleutel WHERE onderwerp = {} AND vernietigd_op IS NULL",
            onderwerp,
        )
        if rows:
            key_id = str(rows[0]["id"])
            return key_id, keyvault.open_sealed(rows[0]["sleutel"], _wrap_context(key_id))
        key_id = str(uuid.uuid4())
        wrapped = keyvault.seal(secrets.token_bytes(32), _wrap_context(key_id))
        await Gegevenssleutel.raw(
            "INSERT INTO gegevenssleutel (id, onderwerp, sleutel, aangemaakt_op) VALUES ({}, {}, {}, {}) "
            "ON CONFLICT (onderwerp) WHERE vernietigd_op IS NULL DO NOTHING",
            uuid.UUID(key_id),
            onderwerp,
            wrapped,
            clock.now(),
        )
    raise RuntimeError(f"geen gegevenssleutel voor {onderwerp}")  # pragma: no cover - unique index


async def destroy(onderwerpen: list[str], reden: str) -> int:
    """Destroy the live data keys of these subjects (inside the caller's transaction): their values in the
    audit log become unreadable. Returns how many keys were destroyed."""
    if not onderwerpen:
        return 0
    rows = await Gegevenssleutel.raw(
        "UPDATE gegevenssleutel SET sleutel = NULL, vernietigd_op = {}, vernietigd_reden = {} "  # noqa: S608
        "WHERE onderwerp IN (" + ", ".join("{}" for _ in onderwerpen) + ") AND vernietigd_op IS NULL "
        "RETURNING id",
        clock.now(),
        reden[:40],
        *onderwerpen,
    )
    return len(rows)


# --- sealing -----------------------------------------------------------------------------------------


class Sealer:
    """Seals the personal values of one entry (inside its transaction)."""

    def __init__(self, entry_id: str) -> None:
        self.entry_id = entry_id
        self._keys: dict[str, tuple[str, AESGCM]] = {}

    async def seal(self, wijziging: dict[str, Any], subject: str) -> dict[str, Any]:
        plan: list[tuple[str, str, Any]] = []
        shape = _plan_mapping(wijziging, subject, "", plan)
        for onderwerp in {s for s, _, _ in plan}:
            if onderwerp not in self._keys:
                key_id, key = await live_key(onderwerp)
                self._keys[onderwerp] = (key_id, AESGCM(key))
        sealed = {}
        for onderwerp, path, value in plan:
            key_id, aes = self._keys[onderwerp]
            nonce = secrets.token_bytes(12)
            plaintext = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
            ciphertext = aes.encrypt(nonce, plaintext, self._aad(path))
            sealed[path] = {SEALED: base64.b64encode(nonce + ciphertext).decode(), KEY_REF: key_id}
        return _fill(shape, sealed)

    def _aad(self, path: str) -> bytes:
        return f"{self.entry_id}{path}".encode()


class _Slot:
    """Where a sealed value goes once it is encrypted."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path


def _plan_mapping(value: dict[str, Any], subject: str, path: str, plan: list) -> dict[str, Any]:
    coach = _coach_in(value)
    if coach:
        subject = f"jobcoach:{coach}"
    out: dict[str, Any] = {}
    for key, item in value.items():
        here = f"{path}/{key}"
        if key in OPENBAAR:
            out[key] = _plan_value(item, subject, here, plan)
        else:
            plan.append((subject, here, item))
            out[key] = _Slot(here)
    return out


def _plan_value(value: Any, subject: str, path: str, plan: list) -> Any:
    if isinstance(value, dict):
        return _plan_mapping(value, subject, path, plan)
    if isinstance(value, list):
        return [_plan_value(item, subject, f"{path}/{i}", plan) for i, item in enumerate(value)]
    return value


def _fill(value: Any, sealed: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, sealed) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, sealed) for v in value]
    if isinstance(value, _Slot):
        return sealed[value.path]
    return value


# --- reading -----------------------------------------------------------------------------------------


def _key_refs(value: Any, found: set[str]) -> None:
    if is_sealed(value):
        found.add(str(value[KEY_REF]))
    elif isinstance(value, dict):
        for item in value.values():
            _key_refs(item, found)
    elif isinstance(value, list):
        for item in value:
            _key_refs(item, found)


async def unseal(entries: list[tuple[str, Any]]) -> list[Any]:
    """The readable form of each `(entry id, wijziging)`: sealed values decrypted while their key lives,
    `[gewist]` once it is destroyed, `[onleesbaar]` when the key is missing or does not fit. Never raises
    on bad data."""
    refs: set[str] = set()
    for _, wijziging in entries:
        _key_refs(wijziging, refs)
    keys: dict[str, AESGCM | None] = {}
    valid = []
    for ref in refs:
        try:
            valid.append(uuid.UUID(ref))
        except ValueError:
            continue
    if valid:
        rows = await Gegevenssleutel.select(Gegevenssleutel.id, Gegevenssleutel.sleutel).where(
            Gegevenssleutel.id.is_in(valid)
        )
        for row in rows:
            key_id = str(row["id"])
            if row["sleutel"] is None:
                keys[key_id] = None
                continue
            try:
                keys[key_id] = AESGCM(keyvault.open_sealed(row["sleutel"], _wrap_context(key_id)))
            except keyvault.KeyVaultError:
                continue
    return [_open(wijziging, entry_id, "", keys) for entry_id, wijziging in entries]


def _open(value: Any, entry_id: str, path: str, keys: dict[str, AESGCM | None]) -> Any:
    if is_sealed(value):
        ref = str(value[KEY_REF])
        if ref in keys and keys[ref] is None:
            return GEWIST
        aes = keys.get(ref)
        if aes is None:
            return ONLEESBAAR
        try:
            raw = base64.b64decode(str(value[SEALED]), validate=True)
            plaintext = aes.decrypt(raw[:12], raw[12:], f"{entry_id}{path}".encode())
            return json.loads(plaintext)
        except (InvalidTag, ValueError, binascii.Error):
            return ONLEESBAAR
    if isinstance(value, dict):
        return {k: _open(v, entry_id, f"{path}/{k}", keys) for k, v in value.items()}
    if isinstance(value, list):
        return [_open(v, entry_id, f"{path}/{i}", keys) for i, v in enumerate(value)]
    return value
