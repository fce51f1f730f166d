"""Accounts, roles, passwords and log-in (with rate limiting shared by all workers through the database)."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass

from zxcvbn import zxcvbn

from register import clock, db
from register.actor import ROLLEN, Actor, Rol
from register.errors import DomainError, FieldError, Forbidden, InvalidInput, NotFound
from register.infra import auditlog
from register.infra.records import as_uuid

# argon2id hashing lives in register.infra.wachtwoordhash (recovery codes use it too); `use_hasher` is
# re-exported for the test suite
from register.infra.wachtwoordhash import hash_password, verify_password
from register.infra.wachtwoordhash import use_hasher as use_hasher
from register.rules import namen
from register.rules.inloggen import Drempel, nog_wachten
from register.services import gemeenten, tweedefactor
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
MIN_ZXCVBN_SCORE = 3  # zxcvbn: 3 = "safely unguessable" for an online attack (more than 10^8 guesses)
LOGIN_FIRST_WAIT = (
    30  # seconds after the free failures; doubles per further failure (register.rules.inloggen)
)
LOGIN_LOCK_KEY = 731_905_118  # advisory lock class that serializes counting log-in attempts per user name
# the password hash of an account whose password a link has yet to set: no argon2 hash ever equals it
GEEN_WACHTWOORD = "!uitgenodigd"
USERNAME_RE = re.compile(r"^[a-zA-Z0-9._@-]{3,64}$")


class TooManyAttempts(DomainError):
    """Throttled: `retry_after` is the number of whole seconds until the next attempt may be tried."""

    status = 429
    title = "Te veel pogingen"

    def __init__(self, detail: str, retry_after: int = 60) -> None:
        super().__init__(detail)
        self.retry_after = max(1, int(retry_after))


class LoginFailed(DomainError):
    status = 401
    title = "Inloggen mislukt"


# One answer for an unknown user, a wrong password and a missing or wrong second-factor code.
LOGIN_MISLUKT = (
    "Gebruikersnaam, wachtwoord of code onjuist. Gebruikt uw account een tweede factor, "
    "vul dan ook de code uit uw authenticator-app in."
)


class TweedeFactorInrichten(LoginFailed):
    """The password grant of the API for a beheerder or auditor who has not enrolled the second factor the
    role requires (register.services.tweedefactor.VERPLICHT_VOOR): no token; the pages let such an account
    in only to enrol it."""


@dataclass(frozen=True)
class RolInvoer:
    rol: str
    jobcoach: str | None = None
    organisatie: str | None = None
    gemeente: str | None = None


def check_password_strength(password: str, *, bekend: tuple[str, ...] = ()) -> str | None:
    """A Dutch reason when `password` is too weak, else None.

    At least MIN_PASSWORD characters (at most 256), and not guessable: zxcvbn (Dropbox's estimator, with its
    shipped lists of common and breached passwords, names, words, keyboard patterns, repeats and sequences)
    must rate it at least MIN_ZXCVBN_SCORE, counting `bekend` (the user name, the e-mail address) as known to
    an attacker. NIST SP 800-63B 3.1.1.2 and OWASP ASVS 5.0 V6.2: refuse common, expected or compromised
    passwords; no composition rules.
    """
    if len(password) < MIN_PASSWORD:
        return f"moet minstens {MIN_PASSWORD} tekens lang zijn"
    if len(password) > 256:
        return "mag hoogstens 256 tekens lang zijn"
    hints = [h for h in bekend if h] + [p for h in bekend if h for p in re.split(r"[@._-]", h) if len(p) > 2]
    if zxcvbn(password[:100], user_inputs=hints)["score"] < MIN_ZXCVBN_SCORE:
        return (
            "is te makkelijk te raden: het staat op een lijst van veelgebruikte of uitgelekte wachtwoorden, "
            "is een eenvoudig patroon of bevat uw naam; kies bijvoorbeeld een zin van een paar woorden"
        )
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
            else:
                errors.extend(
                    await gemeenten.check_in_gebruik([rol.gemeente], f"{name}.gemeente", lijst=False)
                )
        if rol.rol == "auditor" and rol.jobcoach and not await _exists(Jobcoach, rol.jobcoach):
            errors.append(FieldError(f"{name}.jobcoach", "deze jobcoach bestaat niet"))
    return errors


async def _exists(table, row_id: str) -> bool:
    try:
        return await table.exists().where(table._meta.primary_key == as_uuid(row_id, "record"))
    except NotFound:
        return False


async def create_account(
    actor: Actor, gebruikersnaam: str, wachtwoord: str | None, email: str, rollen: list[RolInvoer]
) -> dict:
    """`wachtwoord` None: an account that cannot log in until a link sets its password (an invitation,
    register.services.uitnodigingen)."""
    errors: list[FieldError] = []
    gebruikersnaam = (gebruikersnaam or "").strip().lower()
    if not USERNAME_RE.match(gebruikersnaam):
        errors.append(
            FieldError(
                "gebruikersnaam", "3 tot 64 tekens: letters, cijfers, punt, streepje, @ of liggend streepje"
            )
        )
    if wachtwoord is not None and (
        reason := check_password_strength(wachtwoord, bekend=(gebruikersnaam, email or ""))
    ):
        errors.append(FieldError("wachtwoord", reason))
    from register.validators import check_email

    if reason := check_email(email):
        errors.append(FieldError("email", reason))
    errors.extend(await validate_rollen(rollen))
    if errors:
        raise InvalidInput(errors)
    # without a password: a value no argon2 hash ever equals, so no password matches it
    password_hash = hash_password(wachtwoord) if wachtwoord is not None else GEEN_WACHTWOORD
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
        AccountRol.jobcoach.tussenvoegsel.as_alias("jobcoach_tussenvoegsel"),
        AccountRol.jobcoach.achternaam.as_alias("jobcoach_achternaam"),
        AccountRol.organisatie.naam.as_alias("organisatie_naam"),
    ).where(AccountRol.account.is_in([r["id"] for r in rows] or [None]))
    gemeente_namen = {
        g["code"]: g["naam"]
        for g in await Gemeente.select(Gemeente.code, Gemeente.naam).where(
            Gemeente.code.is_in([r["gemeente"] for r in rollen if r["gemeente"]] or [""])
        )
    }
    by_account: dict = {}
    for r in rollen:
        item = _rol_dict(r)
        if r["jobcoach"]:
            naam = namen.volledige_naam(
                r["jobcoach_voornaam"], r["jobcoach_tussenvoegsel"], r["jobcoach_achternaam"]
            )
            item["label"] = f"{naam} ({r['jobcoach_nummer']})"
        elif r["organisatie"]:
            item["label"] = r["organisatie_naam"]
        elif r["gemeente"]:
            item["label"] = gemeente_naam(r["gemeente"], gemeente_namen)
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


async def change_password(actor: Actor, huidig: str, nieuw: str) -> int:
    """The actor changes their own password; returns the account's new token version.

    The current password is required (InvalidInput on `huidigWachtwoord` when wrong); the new one must pass
    `check_password_strength` and differ from it (InvalidInput on `nieuwWachtwoord`). Raising the token
    version ends every session and token of the account, so the caller issues a fresh one for this session
    only. One transaction: the hash, the version and an audit-log entry (which holds no password).
    """
    uid = as_uuid(actor.account_id, "Account")
    account = await Account.select().where(Account.id == uid).first()
    if account is None:
        raise NotFound("Account niet gevonden.")
    if not verify_password(account["wachtwoord_hash"], huidig):
        raise InvalidInput.single("huidigWachtwoord", "is niet juist")
    if nieuw == huidig:
        raise InvalidInput.single("nieuwWachtwoord", "moet anders zijn dan het huidige wachtwoord")
    if reason := check_password_strength(nieuw or "", bekend=(account["gebruikersnaam"], account["email"])):
        raise InvalidInput.single("nieuwWachtwoord", reason)
    password_hash = hash_password(nieuw)
    async with db.transaction():
        await Account.update(
            {Account.wachtwoord_hash: password_hash, Account.token_versie: Account.token_versie + 1}
        ).where(Account.id == uid)
        await auditlog.record(actor, "wachtwoord-gewijzigd", "account", actor.account_id, {})
        row = await Account.select(Account.token_versie).where(Account.id == uid).first()
    return int(row["token_versie"])


async def token_versie(account_id: str) -> int:
    """The account's current token version (a new session token carries it)."""
    row = (
        await Account.select(Account.token_versie).where(Account.id == as_uuid(account_id, "Account")).first()
    )
    if row is None:
        raise NotFound("Account niet gevonden.")
    return int(row["token_versie"])


async def revoke_tokens(actor: Actor) -> None:
    async with db.transaction():
        await Account.update({Account.token_versie: Account.token_versie + 1}).where(
            Account.id == as_uuid(actor.account_id, "Account")
        )
        await auditlog.record(actor, "logout", "account", actor.account_id, {})


def _attempt_key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value.lower()}".encode()).hexdigest()


def drempels(limit: int, window_seconds: int) -> tuple[Drempel, Drempel]:
    """The throttles of a log-in: per account+client (`limit` free failures) and per client (four times as
    many: one client may mistype several accounts). The first wait is LOGIN_FIRST_WAIT seconds and doubles
    with every further failure; no wait exceeds the window in which failures count."""
    return (
        Drempel(vrij=limit, basis_seconden=LOGIN_FIRST_WAIT, max_seconden=window_seconds),
        Drempel(vrij=limit * 4, basis_seconden=LOGIN_FIRST_WAIT, max_seconden=window_seconds),
    )


async def _recent(key: str, since: dt.datetime) -> tuple[int, dt.datetime | None]:
    rows = await Inlogpoging.select(Inlogpoging.tijdstip).where(
        (Inlogpoging.sleutel == key) & (Inlogpoging.tijdstip > since)
    )
    return len(rows), max((r["tijdstip"] for r in rows), default=None)


async def count_attempt(
    gebruikersnaam: str, client: str, *, limit: int = 5, window_seconds: int = 300
) -> list[Inlogpoging]:
    """Count and record one log-in attempt of `gebruikersnaam` (a user name or an application's client id)
    from `client` (its address), in one serialized step before the (slow) secret check, so parallel attempts
    on several workers cannot all slip under the limit. Throttled per account+client and per client
    (register.rules.inloggen, doubling waits): raises TooManyAttempts with the true number of seconds to
    wait. Returns the recorded attempts, for `clear_attempts` after a success."""
    now = clock.now()
    since = now - dt.timedelta(seconds=window_seconds)
    keys = _attempt_keys(gebruikersnaam, client)
    async with db.transaction():
        if db.is_postgres():
            for key in keys:  # always in this order, so two log-ins never wait for each other in a cycle
                await Inlogpoging.raw("SELECT pg_advisory_xact_lock({}, hashtext({}))", LOGIN_LOCK_KEY, key)
        wait = 0
        for key, drempel in zip(keys, drempels(limit, window_seconds), strict=True):
            failures, last = await _recent(key, since)
            wait = max(wait, nog_wachten(failures, last, now, drempel))
        if wait:
            raise TooManyAttempts(
                f"Te veel mislukte inlogpogingen vanaf dit adres. Probeer het over {wacht_tekst(wait)} opnieuw.",
                retry_after=wait,
            )
        attempts = [Inlogpoging(sleutel=key, tijdstip=now) for key in keys]
        await Inlogpoging.insert(*attempts)
        await Inlogpoging.delete().where(Inlogpoging.tijdstip < now - dt.timedelta(days=1))
    return attempts


async def count_request(soort: str, client: str, *, limit: int = 5, window_seconds: int = 300) -> None:
    """Count and record one request of a public form that mails (`soort`: "aanmelden", "wachtwoord-vergeten")
    from `client` (its address), throttled per form and client like a log-in (`limit` free requests in
    `window_seconds`, then doubling waits; register.rules.inloggen). Raises TooManyAttempts with the
    number of seconds to wait."""
    now = clock.now()
    key = _attempt_key(f"formulier:{soort}", client)
    drempel = drempels(limit, window_seconds)[0]
    async with db.transaction():
        if db.is_postgres():
            await Inlogpoging.raw("SELECT pg_advisory_xact_lock({}, hashtext({}))", LOGIN_LOCK_KEY, key)
        aantal, laatste = await _recent(key, now - dt.timedelta(seconds=window_seconds))
        if wait := nog_wachten(aantal, laatste, now, drempel):
            raise TooManyAttempts(
                f"Te veel aanvragen vanaf dit adres. Probeer het over {wacht_tekst(wait)} opnieuw.",
                retry_after=wait,
            )
        await Inlogpoging.insert(Inlogpoging(sleutel=key, tijdstip=now))


def _attempt_keys(gebruikersnaam: str, client: str) -> list[str]:
    return [_attempt_key("account+client", f"{gebruikersnaam}\n{client}"), _attempt_key("client", client)]


async def clear_attempts(gebruikersnaam: str, client: str, attempts: list[Inlogpoging]) -> None:
    """After a successful log-in: forget the account+client failures and this attempt's client record."""
    async with db.transaction():
        await Inlogpoging.delete().where(
            (Inlogpoging.sleutel == _attempt_keys(gebruikersnaam, client)[0])
            | Inlogpoging.id.is_in([a.id for a in attempts])
        )


async def authenticate(
    gebruikersnaam: str,
    wachtwoord: str,
    client: str,
    *,
    limit: int = 5,
    window_seconds: int = 300,
    otp: str | None = None,
) -> tuple[str, int]:
    """Return (account id, token version). Unknown user and wrong password fail identically (LoginFailed).

    Throttled per account+client and per client (register.rules.inloggen): raises TooManyAttempts with the
    true number of seconds to wait. Failures count for `window_seconds`; a success clears the account+client
    counter. The account itself is never locked, so the right password on another client still works.
    An account with a second factor also needs `otp` (its TOTP code or a recovery code); a missing or
    wrong code fails exactly like a wrong password (LoginFailed, one message, a counted attempt), so the
    answer never tells that the password alone was right.
    """
    gebruikersnaam = (gebruikersnaam or "").strip().lower()
    client = client or "onbekend"
    now = clock.now()
    attempts = await count_attempt(gebruikersnaam, client, limit=limit, window_seconds=window_seconds)
    account = await Account.select().where(Account.gebruikersnaam == (gebruikersnaam or "")).first()
    ok = verify_password(account["wachtwoord_hash"] if account else None, wachtwoord)
    if not account or not ok or not account["actief"]:
        raise LoginFailed(LOGIN_MISLUKT)
    if account["totp_sinds"] is not None and not (
        (otp or "").strip() and await tweedefactor.controleer(account, otp or "")
    ):
        raise LoginFailed(LOGIN_MISLUKT)
    await clear_attempts(gebruikersnaam, client, attempts)
    await Account.update({Account.laatst_ingelogd_op: now}).where(Account.id == account["id"])
    return str(account["id"]), int(account["token_versie"])


def wacht_tekst(seconds: int) -> str:
    """A wait in Dutch words: "1 seconde", "45 seconden", "3 minuten"."""
    if seconds < 60:
        return f"{seconds} seconde" if seconds == 1 else f"{seconds} seconden"
    minutes = math.ceil(seconds / 60)
    return "1 minuut" if minutes == 1 else f"{minutes} minuten"


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
