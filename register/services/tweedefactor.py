"""The second factor of an account: TOTP (RFC 6238, pyotp) with single-use recovery codes.

Enrolment: `begin` makes a secret (kept sealed with the key file, register.infra.keyvault) and returns it
with its otpauth URI for a QR code; `bevestig` checks the first code from the app, switches the factor on
and returns ten recovery codes, shown once and stored as argon2 hashes. At log-in `controleer` accepts the
current code (one step either side for clock drift, never a step used before) or an unused recovery code.
Required for beheerder and auditor in the pages (enrolled at their first log-in), optional for the others;
once an account has it, the API's password grant needs it too.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import Any

import pyotp

from register import clock, db
from register.actor import Actor
from register.errors import Conflict, InvalidInput, NotFound
from register.infra import auditlog, keyvault
from register.infra.records import as_uuid
from register.infra.wachtwoordhash import hash_password, verify_password
from register.tables import Account, AccountRol, Herstelcode

ISSUER = "Kwaliteitsregister Jobcoaching"
VERPLICHT_VOOR = ("beheerder", "auditor")
AANTAL_HERSTELCODES = 10
STAP = 30  # seconds per TOTP code (RFC 6238 default; what every authenticator app shows)
CODE_RE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Inrichting:
    """A secret waiting for its first code: base32 `geheim` (to type in) and the `uri` for the QR code."""

    geheim: str
    uri: str


def _context(account_id: Any) -> str:
    return f"totp:{account_id}"


def _totp(geheim: str) -> pyotp.TOTP:
    return pyotp.TOTP(geheim, interval=STAP)


def _stap(moment: dt.datetime) -> int:
    return int(moment.timestamp()) // STAP


async def _account(account_id: Any) -> dict[str, Any]:
    row = await Account.select().where(Account.id == as_uuid(str(account_id), "Account")).first()
    if row is None:
        raise NotFound("Account niet gevonden.")
    return row


async def heeft_tweede_factor(account_id: Any) -> bool:
    return (await _account(account_id))["totp_sinds"] is not None


async def moet_inrichten(account_id: Any) -> bool:
    """True for a beheerder or auditor without a second factor: the pages let them in only to enrol."""
    row = await _account(account_id)
    if row["totp_sinds"] is not None:
        return False
    return await AccountRol.exists().where(
        (AccountRol.account == row["id"]) & AccountRol.rol.is_in(list(VERPLICHT_VOOR))
    )


async def begin(actor: Actor) -> Inrichting:
    """The secret waiting for the actor's first code (made now if there is none). Conflict when the
    account already has a second factor."""
    row = await _account(actor.account_id)
    if row["totp_sinds"] is not None:
        raise Conflict("U gebruikt al een tweede factor.")
    if row["totp_geheim"]:
        geheim = keyvault.open_sealed(row["totp_geheim"], _context(row["id"])).decode()
    else:
        geheim = pyotp.random_base32()
        async with db.transaction():
            await Account.update(
                {Account.totp_geheim: keyvault.seal(geheim.encode(), _context(row["id"]))}
            ).where(Account.id == row["id"])
            await auditlog.record(actor, "totp-inrichten", "account", actor.account_id, {})
    return Inrichting(geheim, _totp(geheim).provisioning_uri(name=row["gebruikersnaam"], issuer_name=ISSUER))


def _nieuwe_herstelcode() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy from paper
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


async def bevestig(actor: Actor, code: str) -> list[str]:
    """Switch the second factor on with the first code from the app; returns the recovery codes (shown once).

    InvalidInput on `code` when it is not the current code of the waiting secret."""
    row = await _account(actor.account_id)
    if row["totp_sinds"] is not None:
        raise Conflict("U gebruikt al een tweede factor.")
    if not row["totp_geheim"]:
        raise Conflict("Begin opnieuw met het inrichten van de tweede factor.")
    geheim = keyvault.open_sealed(row["totp_geheim"], _context(row["id"])).decode()
    stap = _geldige_stap(geheim, code, 0)
    if stap is None:
        raise InvalidInput.single("code", "is niet de code die uw app nu toont; probeer de volgende code")
    codes = [_nieuwe_herstelcode() for _ in range(AANTAL_HERSTELCODES)]
    hashes = [hash_password(c) for c in codes]
    async with db.transaction():
        await Account.update({Account.totp_sinds: clock.now(), Account.totp_laatste_stap: stap}).where(
            Account.id == row["id"]
        )
        await Herstelcode.delete().where(Herstelcode.account == row["id"])
        await Herstelcode.insert(*[Herstelcode(account=row["id"], code_hash=h) for h in hashes])
        await auditlog.record(actor, "tweede-factor-aan", "account", actor.account_id, {})
    return codes


def _geldige_stap(geheim: str, code: str, laatste: int) -> int | None:
    """The time step whose code `code` is (now, or one step either side), if it is later than `laatste`."""
    code = (code or "").strip().replace(" ", "")
    if not CODE_RE.match(code):
        return None
    nu = _stap(clock.now())
    totp = _totp(geheim)
    for stap in (nu, nu - 1, nu + 1):
        if stap > laatste and secrets.compare_digest(totp.at(stap * STAP), code):
            return stap
    return None


async def controleer(account: dict[str, Any], code: str) -> bool:
    """At log-in (after the password): is `code` the account's current TOTP code (not used before) or one
    of its unused recovery codes? Uses it up when it is. `account` is the account's row."""
    if account["totp_sinds"] is None or not account["totp_geheim"]:
        return True
    geheim = keyvault.open_sealed(account["totp_geheim"], _context(account["id"])).decode()
    async with db.transaction():
        if db.is_postgres():  # two log-ins with the same code: only one may use its step
            await Account.raw("SELECT id FROM account WHERE id = {} FOR UPDATE", account["id"])
        laatste = (
            await Account.select(Account.totp_laatste_stap).where(Account.id == account["id"]).first()
        )["totp_laatste_stap"]
        stap = _geldige_stap(geheim, code, int(laatste or 0))
        if stap is not None:
            await Account.update({Account.totp_laatste_stap: stap}).where(Account.id == account["id"])
            return True
        herstel = (code or "").strip().lower()
        if len(herstel) != 11:
            return False
        for row in await Herstelcode.select().where(
            (Herstelcode.account == account["id"]) & Herstelcode.gebruikt_op.is_null()
        ):
            if verify_password(row["code_hash"], herstel):
                await Herstelcode.update({Herstelcode.gebruikt_op: clock.now()}).where(
                    Herstelcode.id == row["id"]
                )
                return True
    return False


async def zet_aan_voor_beheer(actor: Actor, account_id: str) -> tuple[str, str]:
    """Switch the second factor on with a new random secret, for `jobcoach-register create-user
    --tweede-factor` (the operator's console, never a page or the API): (base32 secret, otpauth URI), shown
    once on the console. Audit-logged as `tweede-factor-aan`; no recovery codes (the operator makes them
    later on the account page)."""
    geheim = pyotp.random_base32()
    await zet_aan_met_geheim(actor, account_id, geheim)
    row = await _account(account_id)
    return geheim, _totp(geheim).provisioning_uri(name=row["gebruikersnaam"], issuer_name=ISSUER)


async def zet_aan_met_geheim(actor: Actor, account_id: str, geheim: str) -> None:
    """Switch the second factor on with a known secret, without recovery codes: the demo data (its secret
    is in the README) and zet_aan_voor_beheer. Never reachable from a page or the API."""
    row = await _account(account_id)
    async with db.transaction():
        await Account.update(
            {
                Account.totp_geheim: keyvault.seal(geheim.encode(), _context(row["id"])),
                Account.totp_sinds: clock.now(),
            }
        ).where(Account.id == row["id"])
        await auditlog.record(actor, "tweede-factor-aan", "account", account_id, {})
