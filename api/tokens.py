"""HS256 session tokens (15 minutes) for the API and the pages.

A page session slides (issue #17): while the user is active, each page request more than
`VERNIEUW_NA_SECONDEN` after the token was made gets a new token with the same session start (claim `sta`),
valid for another `minutes`, but never past `MAX_SESSIE` after the log-in (12 hours); then the user logs in
again. The middleware renews (api/middleware.py); the page warns before the end (static/js/register.js).

Every claim is checked: algorithm (only HS256), issuer, audience, expiry, and the `kid`, which names
the current secret. Headers that try to bring their own key (`jwk`, `jku`, `x5u`, `x5c`) are refused.
Revocation works through `ver`, the account's token version held in the database, so it holds across
workers: logout, deactivation and a role change raise the version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import jwt

AUDIENCE = "jobcoach-register"
MAX_SESSIE = dt.timedelta(hours=12)  # absolute maximum of a page session, however active the user is
VERNIEUW_NA_SECONDEN = 60  # a token younger than this is not renewed (one renewal per minute at most)
FORBIDDEN_HEADERS = ("jwk", "jku", "x5u", "x5c", "crit")


class TokenError(Exception):
    pass


BEPERKT = "tweede-factor"  # claim `inr`: a page session that may only enrol its second factor


@dataclass(frozen=True)
class TokenClaims:
    """`jti` names this one token (per-token revocation); `verloopt_op` is its expiry (UTC)."""

    account_id: str
    versie: int
    jti: str = ""
    verloopt_op: dt.datetime | None = None
    beperkt: bool = False
    begin: dt.datetime | None = None  # the session's start: the log-in (claim `sta`, else `iat`)
    gemaakt_op: dt.datetime | None = None  # when this token was made (`iat`)


class TokenService:
    def __init__(self, secret: str, issuer: str, minutes: int = 15) -> None:
        if len(secret.encode()) < 32:
            raise ValueError("the token secret must be at least 32 bytes")
        self._secret = secret
        self.issuer = issuer
        self.minutes = minutes
        self.kid = "sessie-" + hashlib.sha256(secret.encode()).hexdigest()[:12]
        self._logsleutel = hashlib.sha256(b"log-vingerafdruk:" + secret.encode()).digest()

    def vingerafdruk(self, tekst: str) -> str:
        """A keyed fingerprint of a typed user name for log lines: 12 hex digits of HMAC-SHA256 under a key
        derived from the session secret, over the trimmed lower-case text. The same name gives the same
        fingerprint on every worker (failed log-ins on one account can be followed), while the name itself,
        an e-mail address or a password typed into the wrong field never reaches the log."""
        return hmac.new(self._logsleutel, tekst.strip().lower().encode(), hashlib.sha256).hexdigest()[:12]

    def issue(
        self,
        account_id: str,
        versie: int,
        now: dt.datetime | None = None,
        *,
        beperkt: bool = False,
        begin: dt.datetime | None = None,
    ) -> str:
        """A token for the account at this token version; `beperkt`: a page session of a beheerder or
        auditor who still has to enrol a second factor (claim `inr`), good for that page only. `begin`:
        the start of the session it continues (a renewal); it expires `minutes` from now but never later
        than `MAX_SESSIE` after `begin`."""
        now = now or dt.datetime.now(dt.UTC)
        begin = begin or now
        exp = min(now + dt.timedelta(minutes=self.minutes), begin + MAX_SESSIE)
        claims = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": account_id,
            "iat": int(now.timestamp()),
            "nbf": int(now.timestamp()),
            "exp": int(exp.timestamp()),
            "jti": secrets.token_urlsafe(12),
            "ver": versie,
            "sta": int(begin.timestamp()),
        }
        if beperkt:
            claims["inr"] = BEPERKT
        return jwt.encode(claims, self._secret, algorithm="HS256", headers={"kid": self.kid})

    def verify(self, token: str) -> TokenClaims:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise TokenError("ongeldig token") from exc
        if str(header.get("alg", "")) != "HS256":
            raise TokenError("algoritme niet toegestaan")
        if any(name in header for name in FORBIDDEN_HEADERS):
            raise TokenError("token draagt een eigen sleutel")
        if header.get("kid") != self.kid:
            raise TokenError("onbekende sleutel")
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                audience=AUDIENCE,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "nbf", "sub", "iss", "aud", "ver"]},
            )
        except jwt.PyJWTError as exc:
            raise TokenError("ongeldig token") from exc
        if not isinstance(claims.get("ver"), int) or not isinstance(claims.get("sub"), str):
            raise TokenError("ongeldig token")
        return TokenClaims(
            account_id=claims["sub"],
            versie=claims["ver"],
            jti=str(claims.get("jti") or ""),
            verloopt_op=dt.datetime.fromtimestamp(int(claims["exp"]), tz=dt.UTC),
            beperkt=claims.get("inr") == BEPERKT,
            begin=dt.datetime.fromtimestamp(int(claims.get("sta") or claims["iat"]), tz=dt.UTC),
            gemaakt_op=dt.datetime.fromtimestamp(int(claims["iat"]), tz=dt.UTC),
        )

    def renew(self, claims: TokenClaims, now: dt.datetime | None = None) -> str | None:
        """A successor of a page-session token while the user is active: same account, version and session
        start, a fresh expiry. None when no renewal is due (made less than `VERNIEUW_NA_SECONDEN` ago), the
        session reached `MAX_SESSIE`, or it is a restricted (second-factor enrolment) session."""
        now = now or dt.datetime.now(dt.UTC)
        if claims.beperkt or claims.begin is None or claims.gemaakt_op is None or claims.verloopt_op is None:
            return None
        if (now - claims.gemaakt_op).total_seconds() < VERNIEUW_NA_SECONDEN:
            return None
        if claims.verloopt_op >= claims.begin + MAX_SESSIE:
            return None  # already runs to the absolute end
        return self.issue(claims.account_id, claims.versie, now, begin=claims.begin)
