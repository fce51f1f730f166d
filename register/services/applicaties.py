"""API clients (applicaties) of gemeenten: registration, the client-credentials log-in, rotation and
revocation (issue 16, part 2; RFC 6749 section 4.4).

An application acts as an account of its own (its `gebruikersnaam` is the client id, its password hash
never verifies, so the password grant cannot be used with it); its roles are that account's roles, and
everything it changes is in the audit log under that account. Only gemeente roles can be given: a case
system needs nothing else, and a machine credential with wider powers is a risk nobody asked for. The
client secret is 256 random bits shown once; the register keeps its SHA-256 (a slow password hash adds
nothing for a secret with that much entropy).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from register import clock, db
from register.actor import Actor
from register.errors import FieldError, InvalidInput, NotFound
from register.infra import auditlog
from register.infra.records import as_uuid
from register.services import accounts
from register.tables import Account, AccountRol, Applicatie

NIET_TE_RADEN = "!applicatie"  # not an argon2 hash: the password grant always fails for this account
ROLLEN_VOOR_APPLICATIES = ("gemeente",)


@dataclass(frozen=True)
class ApplicatieGegevens:
    """An application as the beheerder sees it. `client_secret` is set only in the answer that made or
    rotated it (never stored); times are UTC."""

    id: str
    naam: str
    client_id: str
    rollen: list[dict[str, Any]]
    aangemaakt_op: dt.datetime
    geroteerd_op: dt.datetime | None
    ingetrokken_op: dt.datetime | None
    client_secret: str | None = None


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def _view(row: dict[str, Any], secret: str | None = None) -> ApplicatieGegevens:
    rollen = await AccountRol.select(AccountRol.rol, AccountRol.gemeente).where(AccountRol.account == row["account"])
    return ApplicatieGegevens(
        id=str(row["id"]),
        naam=row["naam"],
        client_id=row["client_id"],
        rollen=[{"rol": r["rol"], "gemeente": r["gemeente"]} for r in rollen],
        aangemaakt_op=row["aangemaakt_op"],
        geroteerd_op=row["geroteerd_op"],
        ingetrokken_op=row["ingetrokken_op"],
        client_secret=secret,
    )


async def registreer(actor: Actor, naam: str, rollen: list[accounts.RolInvoer]) -> ApplicatieGegevens:
    """Register an application with `rollen` (gemeente roles only, each with a known gemeente code).
    Raises InvalidInput naming `naam` or `rollen[i].rol`/`rollen[i].gemeente`. The answer holds the client
    secret, the only time it is shown."""
    naam = (naam or "").strip()
    errors: list[FieldError] = []
    if not naam:
        errors.append(FieldError("naam", "mag niet leeg zijn"))
    if not rollen:
        errors.append(FieldError("rollen", "moet minstens 1 element(en) bevatten"))
    for i, rol in enumerate(rollen):
        if rol.rol not in ROLLEN_VOOR_APPLICATIES:
            errors.append(FieldError(f"rollen[{i}].rol", "een applicatie kan alleen de rol gemeente krijgen"))
    errors.extend(await accounts.validate_rollen(rollen))
    if errors:
        raise InvalidInput(errors)
    client_id = "app-" + secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    now = clock.now()
    async with db.transaction():
        account = Account(
            gebruikersnaam=client_id, email="", wachtwoord_hash=NIET_TE_RADEN, aangemaakt_op=now
        )
        await account.save()
        for rol in rollen:
            await AccountRol(account=account.id, rol=rol.rol, gemeente=rol.gemeente).save()
        applicatie = Applicatie(
            account=account.id, naam=naam, client_id=client_id, geheim_hash=_hash(secret), aangemaakt_op=now
        )
        await applicatie.save()
        await auditlog.record(
            actor,
            "create",
            "applicatie",
            applicatie.id,
            {"naam": naam, "clientId": client_id, "rollen": [r.__dict__ for r in rollen]},
        )
    row = await Applicatie.select().where(Applicatie.id == applicatie.id).first()
    return await _view(row, secret)


async def lijst() -> list[ApplicatieGegevens]:
    """Every application, newest first (without secrets)."""
    rows = await Applicatie.select().order_by(Applicatie.aangemaakt_op, ascending=False)
    return [await _view(r) for r in rows]


async def _row(applicatie_id: str) -> dict[str, Any]:
    row = await Applicatie.select().where(Applicatie.id == as_uuid(applicatie_id, "Applicatie")).first()
    if row is None:
        raise NotFound("Applicatie niet gevonden.")
    return row


async def roteer(actor: Actor, applicatie_id: str) -> ApplicatieGegevens:
    """A new client secret (shown once); the old one stops working at once and the application's tokens
    end (a rotation usually follows a leak). A revoked application cannot be rotated (InvalidInput)."""
    row = await _row(applicatie_id)
    if row["ingetrokken_op"] is not None:
        raise InvalidInput.single("applicatie", "deze applicatie is ingetrokken")
    secret = secrets.token_urlsafe(32)
    async with db.transaction():
        await Applicatie.update({Applicatie.geheim_hash: _hash(secret), Applicatie.geroteerd_op: clock.now()}).where(
            Applicatie.id == row["id"]
        )
        await Account.update({Account.token_versie: Account.token_versie + 1}).where(Account.id == row["account"])
        await auditlog.record(actor, "rotate", "applicatie", row["id"], {"clientId": row["client_id"]})
    return await _view(await _row(applicatie_id), secret)


async def trek_in(actor: Actor, applicatie_id: str) -> None:
    """Revoke: the secret no longer works and every token of the application ends. Revoking twice is a
    no-op."""
    row = await _row(applicatie_id)
    if row["ingetrokken_op"] is not None:
        return
    async with db.transaction():
        await Applicatie.update({Applicatie.ingetrokken_op: clock.now()}).where(Applicatie.id == row["id"])
        await Account.update({Account.actief: False, Account.token_versie: Account.token_versie + 1}).where(
            Account.id == row["account"]
        )
        await auditlog.record(actor, "revoke", "applicatie", row["id"], {"clientId": row["client_id"]})


async def authenticate_client(client_id: str, client_secret: str, client: str, *, limit: int = 5) -> tuple[str, int]:
    """(account id, token version) for a valid, unrevoked client id and secret. Unknown client and
    wrong secret fail identically (LoginFailed, 401); the same rate limit as password log-ins applies
    (TooManyAttempts, 429, with the true number of seconds to wait)."""
    attempts = await accounts.count_attempt(client_id, client, limit=limit)
    row = await Applicatie.select().where(Applicatie.client_id == (client_id or "").strip()).first()
    expected = row["geheim_hash"] if row else _hash(secrets.token_urlsafe(8))
    ok = hmac.compare_digest(expected, _hash(client_secret or ""))
    if row is None or not ok or row["ingetrokken_op"] is not None:
        raise accounts.LoginFailed("Client-id of client-secret onjuist.")
    account = await Account.select(Account.id, Account.token_versie, Account.actief).where(
        Account.id == row["account"]
    ).first()
    if account is None or not account["actief"]:
        raise accounts.LoginFailed("Client-id of client-secret onjuist.")
    await accounts.clear_attempts(client_id, client, attempts)
    return str(account["id"]), int(account["token_versie"])
