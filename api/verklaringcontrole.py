"""Checking a verification statement as anyone can (the public page /verklaring-controleren).

A statement is genuine when its ES256 signature checks against a key in the register's JWKS, it was issued
by this register (`iss`), is within its validity period, and the transparency log agrees: the audit-log
entry the statement names (`auditlogregel`) is in the log's Merkle tree (its inclusion proof checks against
the tree's root, and against the newest checkpoint that holds it) and records this verification with the
same verdict and peildatum. A statement from before the log (no `auditlogregel`) is checked on its
signature alone, and one whose entry is still waiting for its place in the log (a few seconds) is said to
be so. Source: API.md "Trajecten and verification", register/infra/tlog.py.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from api import attestatie
from register.errors import Conflict, NotFound
from register.infra import tlog
from register.rules import checkpoint as notes
from register.rules import merkle

MAX_LENGTE = 20_000  # characters; a statement is about 1,000


@dataclass(frozen=True)
class Controle:
    """The outcome. `echt`: the signature, issuer and validity period hold and the log does not
    contradict the statement. `reden`: why not (Dutch), else None. `claims`: what the statement says
    (only when `echt`). `log`: a Dutch sentence on the transparency log; `log_ok` True (found, same
    content), None (not checkable: before the log, or not yet in it), False (contradicts or missing)."""

    echt: bool
    reden: str | None = None
    claims: dict[str, Any] | None = None
    log: str = ""
    log_ok: bool | None = None


def _schoon(tekst: str) -> str:
    """The statement without the spaces and line breaks that copying from a PDF or e-mail adds."""
    return "".join(tekst.split())


async def controleer(tekst: str, issuer: str) -> Controle:
    """Check a pasted statement (compact JWS) against the JWKS and the transparency log. Never raises on
    bad input: a text that is no statement is 'not genuine' with its reason."""
    token = _schoon(tekst)
    if not token:
        return Controle(False, "er is geen verklaring ingevuld")
    if len(token) > MAX_LENGTE:
        return Controle(False, "dit is te lang voor een verklaring van het register")
    try:
        _, onveilig = attestatie.decode_unverified(token)
    except Exception:  # noqa: BLE001 - any garbage is simply not a statement
        return Controle(False, "dit is geen verklaring van het register (de code is onleesbaar)")
    audience = onveilig.get("aud")
    if not isinstance(audience, str):
        return Controle(False, "dit is geen verklaring van het register (geen gemeente genoemd)")
    try:
        claims = attestatie.verify_statement(token, await attestatie.jwks(), issuer=issuer, audience=audience)
    except attestatie.OngeldigeVerklaring as exc:
        return Controle(False, str(exc))
    log, log_ok = await _in_het_log(claims)
    if log_ok is False:
        return Controle(False, log, log=log, log_ok=False)
    return Controle(True, None, claims, log, log_ok)


def _vastgelegd(entry: dict[str, Any], claims: dict[str, Any]) -> bool:
    """Whether the audit-log entry records this verification with the statement's verdict."""
    wijziging = entry.get("wijziging") or {}
    if entry.get("objecttype") == "verificatie":
        regels = [{**wijziging, "id": entry.get("objectId")}]
    elif entry.get("objecttype") == "verificatie-bulk":
        regels = list(wijziging.get("verificaties") or [])
    else:
        return False
    peildatum = str(wijziging.get("peildatum", ""))[:10]
    return peildatum == claims.get("peildatum") and any(
        str(r.get("id")) == claims.get("jti") and r.get("gekwalificeerd") == claims.get("gekwalificeerd")
        for r in regels
    )


async def _in_het_log(claims: dict[str, Any]) -> tuple[str, bool | None]:
    regel = claims.get("auditlogregel")
    if not regel:
        return (
            "Deze verklaring is van vóór het transparantielog; alleen de handtekening is gecontroleerd.",
            None,
        )
    try:
        bewijs = await tlog.entry_proof(str(regel))
    except Conflict:
        return (
            "De verklaring is zojuist gemaakt en wacht nog op haar plaats in het transparantielog "
            "(enkele seconden); controleer haar straks opnieuw.",
            None,
        )
    except NotFound:
        return "De verklaring staat niet in het transparantielog van het register.", False
    inhoud = base64.b64decode(bewijs.get("inhoud") or "")
    proof = bewijs["bewijs"]
    leaf = merkle.leaf_hash(inhoud)
    path = [base64.b64decode(h) for h in proof["pad"]]
    root = base64.b64decode(proof["wortel"])
    opgenomen = leaf == base64.b64decode(proof["bladhash"]) and merkle.verify_inclusion(
        proof["bladindex"], proof["grootte"], leaf, path, root
    )
    if not opgenomen or not _vastgelegd(json.loads(inhoud or b"{}"), claims):
        return "Het transparantielog van het register bevestigt deze verklaring niet.", False
    if bewijs.get("checkpoint"):
        # the checkpoint is signed with the log's Ed25519 key: its tree must be the tree of the proof
        keys = [notes.parse_verifier_key(k["verificatiesleutel"]) for k in await tlog.verifier_keys()]
        try:
            cp = notes.parse_body(notes.open_note(bewijs["checkpoint"], keys)[0])
        except notes.NoteError:
            return "Het transparantielog van het register bevestigt deze verklaring niet.", False
        if cp.size != proof["grootte"] or cp.root != root:
            return "Het transparantielog van het register bevestigt deze verklaring niet.", False
    return (
        f"De verklaring staat in het transparantielog van het register (regel {bewijs['volgnummer']}) "
        "met hetzelfde oordeel.",
        True,
    )
