"""Single-use e-mail links (issue 15): invitations and "wachtwoord vergeten".

A link carries a random token (256 bits, URL-safe); the database keeps only its SHA-256 (`linktoken.hash`).
The e-mail goes through the outbox in the same transaction as the token; until it is delivered the token
waits in the message sealed with the key file's key (register.infra.keyvault, under the field `geheim`),
and the worker drops it once the message is sent. Using a link sets `gebruikt_op` in the same statement
that checks it is empty and unexpired, so it works once, also when used twice at the same moment.

Validity (register.vocabulary.LINKTOKEN_GELDIG_UREN): an invitation 72 hours, a password reset 1 hour, the
confirmation of an application (register.services.aanmeldingen) 72 hours.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from register import clock, db
from register.actor import SYSTEEM, Actor
from register.errors import DomainError, InvalidInput
from register.infra import auditlog, keyvault, outbox
from register.services import accounts
from register.tables import Account, Linktoken
from register.vocabulary import LINKTOKEN_GELDIG_UREN


class LinkOngeldig(DomainError):
    """The link is unknown, expired or already used (400)."""

    status = 400
    title = "Link ongeldig"

    def __init__(self) -> None:
        super().__init__(
            "Deze link is verlopen of al gebruikt. Vraag een nieuwe aan via 'Wachtwoord vergeten' "
            "of bij wie u heeft uitgenodigd."
        )


@dataclass(frozen=True)
class WachtwoordIngesteld:
    """The account whose password a link set (`soort`: a LINKTOKEN_SOORTEN code)."""

    account_id: str
    gebruikersnaam: str
    soort: str


def token_hash(token: str) -> str:
    """The stored form of a link token: SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def open_token(sealed: str, bericht_id: str) -> str:
    """The token sealed in an outbox message (for the e-mail being composed)."""
    return keyvault.open_sealed(sealed, f"linktoken:{bericht_id}").decode()


async def link_mail(soort: str, account_id: uuid.UUID, email: str, gebruikersnaam: str) -> dt.datetime:
    """A new token of `soort` for the account and its e-mail in the outbox, in the caller's transaction.
    Returns when the link expires (UTC)."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    verloopt = now + dt.timedelta(hours=LINKTOKEN_GELDIG_UREN[soort])
    await Linktoken.insert(
        Linktoken(
            soort=soort, hash=token_hash(token), account=account_id, verloopt_op=verloopt, aangemaakt_op=now
        )
    )
    bericht_id = uuid.uuid4()
    await outbox.schrijf(
        "email",
        soort,
        email,
        {
            "gebruikersnaam": gebruikersnaam,
            "geldigUren": LINKTOKEN_GELDIG_UREN[soort],
            "geheim": keyvault.seal(token.encode(), f"linktoken:{bericht_id}"),
        },
        bericht_id=bericht_id,
    )
    return verloopt


async def invite(
    actor: Actor, gebruikersnaam: str, email: str, rollen: list[accounts.RolInvoer]
) -> dict:
    """Create an account without a password and e-mail an invitation whose link (72 hours, single use)
    sets it. Validation and errors as `accounts.create_account`; returns the account's view."""
    async with db.transaction():
        view = await accounts.create_account(actor, gebruikersnaam, None, email, rollen)
        verloopt = await link_mail("uitnodiging", uuid.UUID(str(view["id"])), email, view["gebruikersnaam"])
        await auditlog.record(
            actor, "uitnodigen", "account", view["id"], {"geldigTot": auditlog.format_time(verloopt)}
        )
    return view


async def wachtwoord_vergeten(email: str) -> None:
    """E-mail a reset link (1 hour, single use) to every active account with this address. Says nothing
    about whether there is one: the page answers the same either way."""
    adres = (email or "").strip()
    if not adres or len(adres) > 254:
        return
    async with db.transaction():
        rows = await Account.select(Account.id, Account.email, Account.gebruikersnaam).where(
            Account.actief.eq(True)
        )
        for row in rows:
            if row["email"].strip().lower() != adres.lower():
                continue
            await link_mail("wachtwoord-herstel", row["id"], row["email"], row["gebruikersnaam"])
            await auditlog.record(SYSTEEM, "herstel-aangevraagd", "account", row["id"], {})


async def wachtwoord_instellen(token: str, wachtwoord: str) -> WachtwoordIngesteld:
    """Set the password with a link's token: once, before it expires. Every other open link of the account
    is used up with it, and its sessions end (token version + 1).

    Raises InvalidInput (field `wachtwoord`) for a password the rules refuse, LinkOngeldig otherwise."""
    if reason := accounts.check_password_strength(wachtwoord or ""):
        raise InvalidInput.single("wachtwoord", reason)
    password_hash = accounts.hash_password(wachtwoord)
    now = clock.now()
    async with db.transaction():
        used = await Linktoken.update({Linktoken.gebruikt_op: now}).where(
            (Linktoken.hash == token_hash(token or ""))
            & Linktoken.gebruikt_op.is_null()
            & (Linktoken.verloopt_op > now)
        ).returning(Linktoken.account, Linktoken.soort)
        if not used or used[0]["account"] is None:
            raise LinkOngeldig()
        account_id, soort = used[0]["account"], used[0]["soort"]
        account = await Account.select(Account.gebruikersnaam, Account.actief).where(
            Account.id == account_id
        ).first()
        if account is None or not account["actief"]:
            raise LinkOngeldig()
        await Linktoken.update({Linktoken.gebruikt_op: now}).where(
            (Linktoken.account == account_id) & Linktoken.gebruikt_op.is_null()
        )
        await Account.update(
            {Account.wachtwoord_hash: password_hash, Account.token_versie: Account.token_versie + 1}
        ).where(Account.id == account_id)
        await auditlog.record(SYSTEEM, "wachtwoord-ingesteld", "account", account_id, {"via": soort})
    return WachtwoordIngesteld(str(account_id), account["gebruikersnaam"], soort)
