"""Signed verification statements (compact JWS, ES256) and the JWKS that lets anyone check them offline.

- The signing keys live in the database (table Ondertekeningssleutel), shared by every worker; the
  private half never leaves the server. The first key is created on first use under a lock (and a
  unique index allows only one active key), so concurrent workers end up with one key.
- Each process caches the loaded active key and looks again at most every `CACHE_SECONDS`, so a
  rotation by another process is picked up without reading the key per signature. Statements signed
  with the previous key in that window stay valid: old public keys stay published.
- `GET /.well-known/jwks.json` publishes the public halves of all keys, current and previous.
- A statement is valid for `GELDIG_JAREN` years: long enough to support the funding decision it was made
  for through the seven-year retention period for financial records.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import jwt
import msgspec
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from litestar import Request, Response, get

from register import clock, db
from register.actor import SYSTEEM, Actor
from register.infra import auditlog
from register.rules.datums import add_years
from register.tables import Ondertekeningssleutel

ALG = "ES256"
TYP = "jobcoach-verificatie+jwt"
GELDIG_JAREN = 7
CACHE_SECONDS = 60.0
LOCK_KEY = 731_905_331  # advisory lock id for creating or rotating keys on PostgreSQL
REQUIRED_CLAIMS = ["iss", "sub", "aud", "iat", "nbf", "exp", "jti"]

_cache: dict[str, Any] = {}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def public_jwk(key: ec.EllipticCurvePrivateKey) -> dict[str, str]:
    numbers = key.public_key().public_numbers()
    jwk = {
        "crv": "P-256",
        "kty": "EC",
        "x": _b64(numbers.x.to_bytes(32, "big")),
        "y": _b64(numbers.y.to_bytes(32, "big")),
    }
    # RFC 7638 thumbprint as the key id: stable, and derived from the public key alone
    canonical = json.dumps(jwk, sort_keys=True, separators=(",", ":")).encode()
    kid = _b64(hashlib.sha256(canonical).digest())
    return {**jwk, "kid": kid, "alg": ALG, "use": "sig"}


def _generate() -> tuple[str, dict[str, str]]:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    return pem, public_jwk(key)


async def _lock() -> None:
    if db.is_postgres():
        await Ondertekeningssleutel.raw("SELECT pg_advisory_xact_lock({})", LOCK_KEY)


async def _insert_new(actor: Actor, reden: str) -> str:
    """Inside a transaction holding the lock: make a new key the active one."""
    pem, jwk = _generate()
    await Ondertekeningssleutel.update({Ondertekeningssleutel.actief: False}).where(
        Ondertekeningssleutel.actief == True  # noqa: E712
    )
    row = Ondertekeningssleutel(
        kid=jwk["kid"], alg=ALG, private_pem=pem, public_jwk=jwk, aangemaakt_op=clock.now(), actief=True
    )
    await row.save()
    await auditlog.record(
        actor, "create", "ondertekeningssleutel", row.id, {"kid": jwk["kid"], "alg": ALG, "reden": reden}
    )
    return jwk["kid"]


async def ensure_key() -> str:
    """The active key's kid, creating the first key if there is none (safe under concurrency)."""
    row = await _active_row(with_pem=False)
    if row is not None:
        return row["kid"]
    async with db.transaction():
        await _lock()
        row = await _active_row(with_pem=False)
        if row is not None:
            return row["kid"]
        return await _insert_new(SYSTEEM, "eerste sleutel")


async def rotate(actor: Actor = SYSTEEM) -> str:
    """Add a new active key; earlier keys stay published so their statements stay valid."""
    async with db.transaction():
        await _lock()
        kid = await _insert_new(actor, "rotatie")
    _cache.clear()
    return kid


async def _active_row(*, with_pem: bool) -> dict[str, Any] | None:
    columns = [Ondertekeningssleutel.kid]
    if with_pem:
        columns.append(Ondertekeningssleutel.private_pem)
    return (
        await Ondertekeningssleutel.select(*columns)
        .where(Ondertekeningssleutel.actief == True)  # noqa: E712
        .first()
    )


async def active_key() -> tuple[str, ec.EllipticCurvePrivateKey]:
    """The active signing key, from the process cache when it was checked recently."""
    now = time.monotonic()
    if _cache and now - _cache["checked"] < CACHE_SECONDS:
        return _cache["kid"], _cache["key"]
    row = await _active_row(with_pem=False)
    if row is None:
        await ensure_key()
        row = await _active_row(with_pem=False)
    assert row is not None  # noqa: S101 - ensure_key created it
    if _cache.get("kid") != row["kid"]:
        full = await Ondertekeningssleutel.select(
            Ondertekeningssleutel.kid, Ondertekeningssleutel.private_pem
        ).where(Ondertekeningssleutel.kid == row["kid"])
        key = serialization.load_pem_private_key(full[0]["private_pem"].encode("ascii"), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)  # noqa: S101
        _cache.update(kid=row["kid"], key=key)
    _cache["checked"] = now
    return _cache["kid"], _cache["key"]


def clear_cache() -> None:
    _cache.clear()


async def jwks() -> dict[str, Any]:
    """Every public key: the active one first, then the earlier ones, newest first."""
    rows = (
        await Ondertekeningssleutel.select(
            Ondertekeningssleutel.public_jwk,
            Ondertekeningssleutel.aangemaakt_op,
            Ondertekeningssleutel.actief,
        )
        .order_by(Ondertekeningssleutel.actief, ascending=False)
        .order_by(Ondertekeningssleutel.aangemaakt_op, ascending=False)
    )
    keys = []
    for r in rows:
        jwk = r["public_jwk"]
        keys.append(json.loads(jwk) if isinstance(jwk, str) else jwk)
    return {"keys": keys}


# --- statements --------------------------------------------------------------------------------------


def claims(verificatie: dict[str, Any], issuer: str) -> dict[str, Any]:
    """The statement's claims (API.md "Trajecten and verification")."""
    made: dt.datetime = verificatie["aangemaakt_op"]
    iat = int(made.timestamp())
    exp = dt.datetime.combine(add_years(made.date(), GELDIG_JAREN), made.timetz())
    return {
        "iss": issuer,
        "sub": verificatie["registratienummer"],
        "aud": verificatie["gemeente"],
        "iat": iat,
        "nbf": iat,
        "exp": int(exp.timestamp()),
        "jti": verificatie["id"],
        "traject": verificatie["referentie"],
        "peildatum": verificatie["peildatum"].isoformat(),
        "gekwalificeerd": verificatie["gekwalificeerd"],
        "criteria": [{"code": c["code"], "voldaan": c["voldaan"]} for c in verificatie["criteria"]],
        "toetsingskader": verificatie["toetsingskader"],
        "organisatie": verificatie["kvk_nummer"],
    }


@dataclass(frozen=True)
class Ondertekenaar:
    """Signs statements with the key that was active when it was made (one per request or batch).

    A compact JWS built directly (the same bytes PyJWT would produce, up to the random ECDSA nonce):
    the header segment is encoded once per signer, the claims with msgspec, and the signature is the
    raw r||s form RFC 7518 prescribes for ES256. This is the per-statement cost of bulk verification."""

    issuer: str
    kid: str
    key: ec.EllipticCurvePrivateKey

    @cached_property
    def _header(self) -> bytes:
        header = {"alg": ALG, "kid": self.kid, "typ": TYP}
        return _b64(json.dumps(header, separators=(",", ":"), sort_keys=True).encode()).encode("ascii")

    def attest(self, verificatie: dict[str, Any]) -> str:
        payload = base64.urlsafe_b64encode(_encode(claims(verificatie, self.issuer))).rstrip(b"=")
        signing_input = self._header + b"." + payload
        r, s = decode_dss_signature(self.key.sign(signing_input, _ECDSA_SHA256))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        return (signing_input + b"." + base64.urlsafe_b64encode(signature).rstrip(b"=")).decode("ascii")


_encode = msgspec.json.Encoder().encode
_ECDSA_SHA256 = ec.ECDSA(hashes.SHA256())


async def ondertekenaar(issuer: str) -> Ondertekenaar:
    kid, key = await active_key()
    return Ondertekenaar(issuer=issuer, kid=kid, key=key)


class OngeldigeVerklaring(Exception):
    """The statement cannot be trusted; the message says why (in Dutch)."""


def verify_statement(token: str, keys: dict[str, Any], *, issuer: str, audience: str) -> dict[str, Any]:
    """Check a statement with nothing but the JWKS: algorithm, type, key, signature, issuer, audience
    and validity period. Returns the claims."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise OngeldigeVerklaring("geen geldige JWS") from exc
    if header.get("alg") != ALG:
        raise OngeldigeVerklaring(f"algoritme {header.get('alg')!r} wordt niet geaccepteerd")
    if header.get("typ") != TYP:
        raise OngeldigeVerklaring("dit is geen verificatieverklaring van het register")
    jwk = next((k for k in keys.get("keys", []) if k.get("kid") == header.get("kid")), None)
    if jwk is None:
        raise OngeldigeVerklaring("de sleutel van deze verklaring staat niet in de JWKS")
    try:
        key = jwt.PyJWK(jwk, algorithm=ALG)
        return jwt.decode(
            token,
            key,
            algorithms=[ALG],
            audience=audience,
            issuer=issuer,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as exc:
        raise OngeldigeVerklaring("de verklaring is verlopen") from exc
    except jwt.PyJWTError as exc:
        raise OngeldigeVerklaring(f"de verklaring is ongeldig: {exc}") from exc


def decode_unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims for display (the printable statement); never for trust decisions."""
    return jwt.get_unverified_header(token), jwt.decode(token, options={"verify_signature": False})


@get("/.well-known/jwks.json", include_in_schema=False, media_type="application/json")
async def jwks_document(request: Request) -> Response:
    """The public keys of the statements (JWKS, RFC 7517): public and cacheable."""
    body = await jwks()
    if not body["keys"]:
        await ensure_key()
        body = await jwks()
    return Response(
        body,
        media_type="application/json",
        headers={"Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*"},
    )
