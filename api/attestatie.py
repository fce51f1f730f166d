"""Signed verification statements (compact JWS, ES256) and the JWKS that lets anyone check them offline.

- The signing keys live in the database (table Ondertekeningssleutel), shared by every worker. The private
  half is stored encrypted (AES-256-GCM under the key file's KEK, register.infra.keyvault), never in plain
  text, and never copied into a backup. The first key is created on first use under a lock (and a unique
  index allows only one newest key), so concurrent workers end up with one key.
- A new key is published in the JWKS at once but signs only from `actief_vanaf`, one JWKS cache lifetime
  (`JWKS_MAX_AGE`, the `max-age` of /.well-known/jwks.json) later, so a relying party with a cached JWKS
  always knows the key of every statement it receives. Until then the previous key keeps signing. Only
  when no key can sign at all (a new register, or a restore on another machine, whose backup holds no
  private keys) does a new key sign at once.
- Each process caches the loaded signing key and looks again at most every `CACHE_SECONDS`, and at the
  moment the next key becomes active.
- `GET /.well-known/jwks.json` publishes the public halves of all keys, current, coming and previous.
- A statement is valid for `GELDIG_JAREN` years: long enough to support the funding decision it was made
  for through the seven-year retention period for financial records.
- Every statement names the audit-log entry that recorded it (claim `auditlogregel`), whose position and
  inclusion proof `GET /api/v1/auditlog/regels/{id}` gives.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
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
from register.infra import auditlog, keyvault
from register.rules.datums import add_years
from register.tables import Ondertekeningssleutel

ALG = "ES256"
TYP = "jobcoach-verificatie+jwt"
GELDIG_JAREN = 7
CACHE_SECONDS = 60.0
JWKS_MAX_AGE = 3600  # seconds; also the wait before a new key signs
LOCK_KEY = 731_905_331  # advisory lock id for creating or rotating keys on PostgreSQL
REQUIRED_CLAIMS = ["iss", "sub", "aud", "iat", "nbf", "exp", "jti"]

logger = logging.getLogger("register.attestatie")
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


def _context(kid: str) -> str:
    return f"ondertekeningssleutel:{kid}"


def _seal(key: ec.EllipticCurvePrivateKey, kid: str) -> str:
    der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return keyvault.seal(der, _context(kid))


def _unseal(sealed: str, kid: str) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_der_private_key(keyvault.open_sealed(sealed, _context(kid)), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)  # noqa: S101
    return key


async def _lock() -> None:
    if db.is_postgres():
        await Ondertekeningssleutel.raw("SELECT pg_advisory_xact_lock({})", LOCK_KEY)


async def _insert_new(actor: Actor, reden: str, *, direct: bool) -> tuple[str, dt.datetime]:
    """Inside a transaction holding the lock: add a new key, published now, signing from `actief_vanaf`."""
    key = ec.generate_private_key(ec.SECP256R1())
    jwk = public_jwk(key)
    now = clock.now()
    vanaf = now if direct else now + dt.timedelta(seconds=JWKS_MAX_AGE)
    await Ondertekeningssleutel.update({Ondertekeningssleutel.actief: False}).where(
        Ondertekeningssleutel.actief == True  # noqa: E712
    )
    row = Ondertekeningssleutel(
        kid=jwk["kid"],
        alg=ALG,
        private_pem=None,
        private_versleuteld=_seal(key, jwk["kid"]),
        public_jwk=jwk,
        aangemaakt_op=now,
        actief_vanaf=vanaf,
        actief=True,
    )
    await row.save()
    await auditlog.record(
        actor,
        "create",
        "ondertekeningssleutel",
        row.id,
        {"kid": jwk["kid"], "alg": ALG, "reden": reden, "actiefVanaf": vanaf},
    )
    return jwk["kid"], vanaf


_SIGNING = (
    "SELECT kid, private_versleuteld, private_pem, COALESCE(actief_vanaf, aangemaakt_op) AS vanaf "
    "FROM ondertekeningssleutel WHERE (private_versleuteld IS NOT NULL OR private_pem IS NOT NULL) "
    "AND COALESCE(actief_vanaf, aangemaakt_op) <= {} ORDER BY COALESCE(actief_vanaf, aangemaakt_op) DESC, "
    "aangemaakt_op DESC LIMIT 1"
)


async def _signing_row(now: dt.datetime) -> dict[str, Any] | None:
    rows = await Ondertekeningssleutel.raw(_SIGNING, now)
    return rows[0] if rows else None


async def _next_activation(now: dt.datetime) -> dt.datetime | None:
    rows = await Ondertekeningssleutel.raw(
        "SELECT MIN(actief_vanaf) AS volgende FROM ondertekeningssleutel WHERE actief_vanaf > {} "
        "AND private_versleuteld IS NOT NULL",
        now,
    )
    value = rows[0]["volgende"] if rows else None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value


async def ensure_key() -> str:
    """The kid of the key that signs now, creating one that signs at once when no key can (a new register,
    or private keys lost with a restore on another machine). Safe under concurrency."""
    row = await _signing_row(clock.now())
    if row is not None:
        return row["kid"]
    async with db.transaction():
        await _lock()
        row = await _signing_row(clock.now())
        if row is not None:
            return row["kid"]
        if await Ondertekeningssleutel.exists():
            logger.warning(
                "Geen ondertekeningssleutel kan ondertekenen; een nieuwe sleutel ondertekent direct"
            )
        kid, _ = await _insert_new(SYSTEEM, "eerste sleutel", direct=True)
        return kid


async def rotate(actor: Actor = SYSTEEM, *, direct: bool = False) -> tuple[str, dt.datetime]:
    """Add a new key: published in the JWKS now, signing one JWKS cache lifetime later (`direct`, or when
    no key can sign at all: at once). Earlier keys stay published so their statements stay valid. Returns
    the new kid and when it starts signing."""
    async with db.transaction():
        await _lock()
        # with no key that can sign now, waiting would only leave the register unable to sign
        direct = direct or await _signing_row(clock.now()) is None
        kid, vanaf = await _insert_new(actor, "rotatie", direct=direct)
    _cache.clear()
    return kid, vanaf


async def secure_plain_keys() -> int:
    """Encrypt private keys still stored in plain text (before keys at rest were encrypted) and erase the
    plain text. `migrate` runs it; signing does too when it meets one."""
    rows = await Ondertekeningssleutel.select(
        Ondertekeningssleutel.id, Ondertekeningssleutel.kid, Ondertekeningssleutel.private_pem
    ).where(Ondertekeningssleutel.private_pem.is_not_null())
    for row in rows:
        if not row["private_pem"]:
            continue
        key = serialization.load_pem_private_key(row["private_pem"].encode("ascii"), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)  # noqa: S101
        await Ondertekeningssleutel.update(
            {
                Ondertekeningssleutel.private_versleuteld: _seal(key, row["kid"]),
                Ondertekeningssleutel.private_pem: None,
            }
        ).where(Ondertekeningssleutel.id == row["id"])
    return len(rows)


async def active_key() -> tuple[str, ec.EllipticCurvePrivateKey]:
    """The key that signs now, from the process cache when it was checked recently."""
    now = clock.now()
    monotonic = time.monotonic()
    if (
        _cache
        and monotonic - _cache["checked"] < CACHE_SECONDS
        and (_cache["until"] is None or now < _cache["until"])
    ):
        return _cache["kid"], _cache["key"]
    row = await _signing_row(now)
    if row is None:
        await ensure_key()
        now = clock.now()
        row = await _signing_row(now)
    assert row is not None  # noqa: S101 - ensure_key created it
    if row["private_versleuteld"] is None:
        await secure_plain_keys()
        row = await _signing_row(now)
        assert row is not None  # noqa: S101
    until = await _next_activation(now)
    # one update with no await in between: a request running while this one waited must never see a
    # cache with some keys set and others not
    key = (
        _cache["key"] if _cache.get("kid") == row["kid"] else _unseal(row["private_versleuteld"], row["kid"])
    )
    _cache.update(kid=row["kid"], key=key, checked=monotonic, until=until)
    return row["kid"], key


def clear_cache() -> None:
    _cache.clear()


async def jwks() -> dict[str, Any]:
    """Every public key: the newest first (it may not sign yet), then the earlier ones, newest first."""
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
        **({"auditlogregel": str(verificatie["auditlogregel"])} if verificatie.get("auditlogregel") else {}),
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
    except jwt.InvalidSignatureError as exc:
        raise OngeldigeVerklaring(
            "de handtekening klopt niet: de verklaring is na het ondertekenen veranderd"
        ) from exc
    except (jwt.InvalidIssuerError, jwt.InvalidAudienceError) as exc:
        raise OngeldigeVerklaring(
            "de verklaring is niet door dit register voor deze gemeente afgegeven"
        ) from exc
    except jwt.ImmatureSignatureError as exc:
        raise OngeldigeVerklaring("de verklaring is nog niet geldig") from exc
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
        headers={"Cache-Control": f"public, max-age={JWKS_MAX_AGE}", "Access-Control-Allow-Origin": "*"},
    )
