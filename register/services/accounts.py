"""Accounts, roles, passwords and log-in (with rate limiting shared by all workers through the database)."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from register import clock, db
from register.actor import ROLLEN, Actor, Rol
from register.errors import DomainError, FieldError, Forbidden, InvalidInput, NotFound
from register.infra import auditlog
from register.infra.records import as_uuid
from register.tables import (
    Account,
    AccountRol,
    Gemeente,
    IngetrokkenToken,
    Inlogpoging,
    Jobcoach,
    Organisatie,
)
from register.vocabulary import gemeente_naam

MIN_PASSWORD = 12
LOGIN_LOCK_KEY = 731_905_118  # advisory lock class that serializes counting log-in attempts per user name
USERNAME_RE = re.compile(r"^[a-zA-Z0-9._@-]{3,64}$")

# argon2id with the library's defaults (RFC 9106's second recommended option); tests swap in a cheaper
# hasher with `use_hasher`, production never does.
_hasher = PasswordHasher()
# Verified for an unknown user name, so that answer takes as long as a wrong password for a known one.
_dummy_hash = _hasher.hash("dummy-password-for-timing")


def use_hasher(hasher: PasswordHasher) -> None:
    """Hash and verify passwords with `hasher` from now on (the test suite's cheap argon2 parameters).
    Hashes made earlier still verify: argon2 hashes carry their own parameters."""
    global _hasher, _dummy_hash
    _hasher = hasher
    _dummy_hash = hasher.hash("dummy-password-for-timing")


class TooManyAttempts(DomainError):
    status = 429
    title = "Te veel pogingen"

    def __init__(self, detail: str, *, retry_after: int = 60) -> None:
        super().__init__(detail)
        self.retry_after = retry_after  # seconds until a new attempt is counted again (Retry-After)


class LoginFailed(DomainError):
    status = 401
    title = "Inloggen mislukt"


@dataclass(frozen=True)
class RolInvoer:
    rol: str
    jobcoach: str | None = None
    organisatie: str | None = None
    gemeente: str | None = None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_strength(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"moet minstens {MIN_PASSWORD} tekens lang zijn"
    if len(password) > 256:
        return "mag hoogstens 256 tekens lang zijn"
    return None


async def validate_rollen(rollen: list[RolInvoer], field: str = "rollen") -> list[FieldError]:
    errors: list[FieldError] = []
    if not rollen:
        errors.append(FieldError(field, "kies minstens één rol"))
    for i, rol in enumerate(rollen):
        name = f"{field}[{i}]"
        if rol.rol not in ROLLEN:
            errors.append(FieldError(f"{name}.rol", "moet een van deze waarden zijn: " + ", ".join(ROLLEN)))
            continue
        if rol.rol == "jobcoach":
            if not rol.jobcoach:
                errors.append(FieldError(f"{name}.jobcoach", "is verplicht bij de rol jobcoach"))
            elif not await _exists(Jobcoach, rol.jobcoach):
                errors.append(FieldError(f"{name}.jobcoach", "deze jobcoach bestaat niet"))
        if rol.rol == "organisatie":
            if not rol.organisatie:
                errors.append(FieldError(f"{name}.organisatie", "is verplicht bij de rol organisatie"))
            elif not await _exists(Organisatie, rol.organisatie):
                errors.append(FieldError(f"{name}.organisatie", "deze organisatie bestaat niet"))
        if rol.rol == "gemeente":
            if not rol.gemeente:
                errors.append(FieldError(f"{name}.gemeente", "is verplicht bij de rol gemeente"))
            elif not await Gemeente.exists().where(Gemeente.code == rol.gemeente):
                errors.append(FieldError(f"{name}.gemeente", "deze gemeente is niet bekend in het register"))
        if rol.rol == "auditor" and rol.jobcoach and not await _exists(Jobcoach, rol.jobcoach):
            errors.append(FieldError(f"{name}.jobcoach", "deze jobcoach bestaat niet"))
    return errors


async def _exists(table, row_id: str) -> bool:
    try:
        return await table.exists().where(table._meta.primary_key == as_uuid(row_id, "record"))
    except NotFound:
        return False


async def create_account(
    actor: Actor, gebruikersnaam: str, wachtwoord: str, email: str, rollen: list[RolInvoer]
) -> dict:
    errors: list[FieldError] = []
    gebruikersnaam = (gebruikersnaam or "").strip().lower()
    if not USERNAME_RE.match(gebruikersnaam):
        errors.append(
            FieldError(
                "gebruikersnaam", "3 tot 64 tekens: letters, cijfers, punt, streepje, @ of liggend streepje"
            )
        )
    if reason := check_password_strength(wachtwoord or ""):
        errors.append(FieldError("wachtwoord", reason))
    from register.validators import check_email

    if reason := check_email(email):
        errors.append(FieldError("email", reason))
    errors.extend(await validate_rollen(rollen))
    if errors:
        raise InvalidInput(errors)
    password_hash = hash_password(wachtwoord)
    async with db.transaction():
        if await Account.exists().where(Account.gebruikersnaam == gebruikersnaam):
            raise InvalidInput.single("gebruikersnaam", "deze gebruikersnaam is al in gebruik")
        account = Account(
            gebruikersnaam=gebruikersnaam,
            email=email,
            wachtwoord_hash=password_hash,
            aangemaakt_op=clock.now(),
        )
        await account.save()
        for rol in rollen:
            await AccountRol(
                account=account.id,
                rol=rol.rol,
                jobcoach=as_uuid(rol.jobcoach, "jobcoach") if rol.jobcoach else None,
                organisatie=as_uuid(rol.organisatie, "organisatie") if rol.organisatie else None,
                gemeente=rol.gemeente,
            ).save()
        await auditlog.record(
            actor,
            "create",
            "account",
            account.id,
            {"gebruikersnaam": gebruikersnaam, "rollen": [r.__dict__ for r in rollen]},
        )
    return await account_view(account.id)


async def account_view(account_id) -> dict:
    row = await Account.select().where(Account.id == as_uuid(account_id, "Account")).first()
    if row is None:
        raise NotFound("Account niet gevonden.")
    rollen = await AccountRol.select().where(AccountRol.account == row["id"])
    return {
        "id": str(row["id"]),
        "gebruikersnaam": row["gebruikersnaam"],
        "email": row["email"],
        "actief": row["actief"],
        "rollen": [_rol_dict(r) for r in rollen],
    }


def _rol_dict(r: dict) -> dict:
    out = {"rol": r["rol"]}
    for key in ("jobcoach", "organisatie"):
        if r[key]:
            out[key] = str(r[key])
    if r["gemeente"]:
        out["gemeente"] = r["gemeente"]
    return out


async def list_accounts() -> list[dict]:
    rows = await Account.select(Account.id).order_by(Account.gebruikersnaam)
    return [await account_view(r["id"]) for r in rows]


async def list_accounts_page(offset: int, limit: int) -> tuple[list[dict], int]:
    """One page of accounts by user name, each role with a readable label for its scope."""
    rows = await Account.select().order_by(Account.gebruikersnaam).offset(offset).limit(limit)
    rollen = await AccountRol.select(
        AccountRol.all_columns(),
        AccountRol.jobcoach.registratienummer.as_alias("jobcoach_nummer"),
        AccountRol.jobcoach.voornaam.as_alias("jobcoach_voornaam"),
        AccountRol.jobcoach.achternaam.as_alias("jobcoach_achternaam"),
        AccountRol.organisatie.naam.as_alias("organisatie_naam"),
    ).where(AccountRol.account.is_in([r["id"] for r in rows] or [None]))
    namen = {
        g["code"]: g["naam"]
        for g in await Gemeente.select(Gemeente.code, Gemeente.naam).where(
            Gemeente.code.is_in([r["gemeente"] for r in rollen if r["gemeente"]] or [""])
        )
    }
    by_account: dict = {}
    for r in rollen:
        item = _rol_dict(r)
        if r["jobcoach"]:
            item["label"] = f"{r['jobcoach_voornaam']} {r['jobcoach_achternaam']} ({r['jobcoach_nummer']})"
        elif r["organisatie"]:
            item["label"] = r["organisatie_naam"]
        elif r["gemeente"]:
            item["label"] = gemeente_naam(r["gemeente"], namen)
        by_account.setdefault(r["account"], []).append(item)
    items = [
        {
            "id": str(r["id"]),
            "gebruikersnaam": r["gebruikersnaam"],
            "email": r["email"],
            "actief": r["actief"],
            "laatst_ingelogd_op": r["laatst_ingelogd_op"],
            "rollen": sorted(by_account.get(r["id"], []), key=lambda x: x["rol"]),
        }
        for r in rows
    ]
    return items, await Account.count()


async def set_active(actor: Actor, account_id: str, actief: bool) -> dict:
    async with db.transaction():
        account = await Account.objects().where(Account.id == as_uuid(account_id, "Account")).first()
        if account is None:
            raise NotFound("Account niet gevonden.")
        if str(account.id) == actor.account_id and not actief:
            raise Forbidden("U kunt uw eigen account niet deactiveren.")
        await Account.update({Account.actief: actief, Account.token_versie: Account.token_versie + 1}).where(
            Account.id == account.id
        )
        await auditlog.record(
            actor, "update", "account", account.id, {"actief": {"van": account.actief, "naar": actief}}
        )
    return await account_view(account_id)


async def set_roles(actor: Actor, account_id: str, rollen: list[RolInvoer]) -> dict:
    errors = await validate_rollen(rollen)
    if errors:
        raise InvalidInput(errors)
    if account_id == actor.account_id and "beheerder" not in {rol.rol for rol in rollen}:
        # Like deactivating oneself: a beheerder cannot lock themselves (perhaps the last one) out.
        raise Forbidden("U kunt uw eigen beheerdersrol niet intrekken.")
    async with db.transaction():
        before = await account_view(account_id)
        uid = as_uuid(account_id, "Account")
        await AccountRol.delete().where(AccountRol.account == uid)
        for rol in rollen:
            await AccountRol(
                account=uid,
                rol=rol.rol,
                jobcoach=as_uuid(rol.jobcoach, "jobcoach") if rol.jobcoach else None,
                organisatie=as_uuid(rol.organisatie, "organisatie") if rol.organisatie else None,
                gemeente=rol.gemeente,
            ).save()
        # A role change invalidates every token of the account at once.
        await Account.update({Account.token_versie: Account.token_versie + 1}).where(Account.id == uid)
        await auditlog.record(
            actor,
            "update",
            "account",
            uid,
            {"rollen": {"van": before["rollen"], "naar": [r.__dict__ for r in rollen]}},
        )
    return await account_view(account_id)


async def revoke_token(actor: Actor, jti: str, verloopt_op: dt.datetime) -> None:
    """End one API token (by its `jti`), not the account's other tokens: one worker of a case system
    logging out leaves the others logged in (issue 16). Kept until `verloopt_op` (UTC), when the token
    would have expired anyway."""
    now = clock.now()
    async with db.transaction():
        if not await IngetrokkenToken.exists().where(IngetrokkenToken.jti == jti):
            await IngetrokkenToken(jti=jti, verloopt_op=verloopt_op).save()
        await IngetrokkenToken.delete().where(IngetrokkenToken.verloopt_op < now)
        await auditlog.record(actor, "logout", "account", actor.account_id, {})


async def revoke_tokens(actor: Actor) -> None:
    async with db.transaction():
        await Account.update({Account.token_versie: Account.token_versie + 1}).where(
            Account.id == as_uuid(actor.account_id, "Account")
        )
        await auditlog.record(actor, "logout", "account", actor.account_id, {})


def _attempt_key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value.lower()}".encode()).hexdigest()


async def count_attempt(
    gebruikersnaam: str, client: str, *, limit: int = 5, window_seconds: int = 300
) -> list[Inlogpoging]:
    """Count and record one log-in attempt for the user (or client id) and the client address, in one
    serialized step before the (slow) secret check: parallel attempts on several workers cannot all slip
    under the limit. Raises TooManyAttempts with the true wait: until the oldest counted failure leaves
    the window. Returns the recorded attempts (for `clear_attempts` after a success)."""
    now = clock.now()
    since = now - dt.timedelta(seconds=window_seconds)
    keys = [_attempt_key("user", gebruikersnaam or ""), _attempt_key("client", client or "")]
    async with db.transaction():
        if db.is_postgres():
            await Inlogpoging.raw("SELECT pg_advisory_xact_lock({}, hashtext({}))", LOGIN_LOCK_KEY, keys[0])
        for key, most in ((keys[0], limit), (keys[1], limit * 4)):
            recent = (
                await Inlogpoging.select(Inlogpoging.tijdstip)
                .where((Inlogpoging.sleutel == key) & (Inlogpoging.tijdstip > since))
                .order_by(Inlogpoging.tijdstip, ascending=False)
                .limit(most)
            )
            if len(recent) >= most:
                # the attempt that must leave the window before one more is allowed
                vrij = _as_utc(recent[-1]["tijdstip"]) + dt.timedelta(seconds=window_seconds)
                raise TooManyAttempts(
                    "Te veel mislukte inlogpogingen. Wacht enkele minuten en probeer het opnieuw.",
                    retry_after=max(1, math.ceil((vrij - now).total_seconds())),
                )
        attempts = [Inlogpoging(sleutel=key, tijdstip=now) for key in keys]
        await Inlogpoging.insert(*attempts)
        await Inlogpoging.delete().where(Inlogpoging.tijdstip < now - dt.timedelta(days=1))
    return attempts


def _as_utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


async def clear_attempts(gebruikersnaam: str, attempts: list[Inlogpoging]) -> None:
    """After a successful log-in: forget the user's failures and this attempt's client record."""
    async with db.transaction():
        await Inlogpoging.delete().where(
            (Inlogpoging.sleutel == _attempt_key("user", gebruikersnaam or ""))
            | Inlogpoging.id.is_in([a.id for a in attempts])
        )


async def authenticate(
    gebruikersnaam: str, wachtwoord: str, client: str, *, limit: int = 5, window_seconds: int = 300
) -> tuple[str, int]:
    """Return (account id, token version). Unknown user and wrong password fail identically."""
    gebruikersnaam = (gebruikersnaam or "").strip().lower()
    now = clock.now()
    attempts = await count_attempt(gebruikersnaam, client, limit=limit, window_seconds=window_seconds)
    account = await Account.select().where(Account.gebruikersnaam == (gebruikersnaam or "")).first()
    ok = False
    try:
        ok = _hasher.verify(account["wachtwoord_hash"] if account else _dummy_hash, wachtwoord or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not account or not ok or not account["actief"]:
        raise LoginFailed("Gebruikersnaam of wachtwoord onjuist.")
    await clear_attempts(gebruikersnaam, attempts)
    await Account.update({Account.laatst_ingelogd_op: now}).where(Account.id == account["id"])
    return str(account["id"]), int(account["token_versie"])


async def load_actor(account_id: str, token_versie: int, jti: str | None = None) -> Actor | None:
    """The acting account, or None when it is gone, deactivated or the token was revoked (all its tokens
    through the version, or this one token through its `jti`)."""
    try:
        uid = as_uuid(account_id, "Account")
    except NotFound:
        return None
    # One round trip on every authenticated request: the account and its roles together.
    rows = await Account.raw(
        "SELECT a.gebruikersnaam, a.actief, a.token_versie, r.rol, r.jobcoach, r.organisatie, r.gemeente, "
        "(SELECT count(*) FROM ingetrokken_token t WHERE t.jti = {}) AS ingetrokken "
        "FROM account a LEFT JOIN account_rol r ON r.account = a.id WHERE a.id = {}",
        jti or "",
        uid,
    )
    if not rows or not rows[0]["actief"] or int(rows[0]["token_versie"]) != int(token_versie):
        return None
    if int(rows[0]["ingetrokken"] or 0):
        return None
    return Actor(
        account_id=str(uid),
        gebruikersnaam=rows[0]["gebruikersnaam"],
        rollen=tuple(
            Rol(
                rol=r["rol"],
                jobcoach=str(r["jobcoach"]) if r["jobcoach"] else None,
                organisatie=str(r["organisatie"]) if r["organisatie"] else None,
                gemeente=r["gemeente"],
            )
            for r in rows
            if r["rol"] is not None
        ),
    )
