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
from typing import Any

from register import clock, db
from register.actor import SYSTEEM, Actor
from register.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from register.infra import auditlog, keyvault, outbox
from register.infra.records import as_uuid
from register.services import accounts, jobcoaches
from register.tables import Account, AccountRol, Jobcoach, Linktoken, Organisatie
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


async def link_mail(
    soort: str, account_id: uuid.UUID, email: str, gebruikersnaam: str, organisatie: str | None = None
) -> dt.datetime:
    """A new token of `soort` for the account and its e-mail in the outbox, in the caller's transaction.
    Every earlier unused link of the account stops working (marked used now): only the newest link sets
    the password. `organisatie` is the name of the organisation that invites (the e-mail names it; not
    personal data). Returns when the link expires (UTC)."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    await Linktoken.update({Linktoken.gebruikt_op: now}).where(
        (Linktoken.account == account_id) & Linktoken.gebruikt_op.is_null()
    )
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
            **({"organisatie": organisatie} if organisatie else {}),
            "geheim": keyvault.seal(token.encode(), f"linktoken:{bericht_id}"),
        },
        bericht_id=bericht_id,
    )
    return verloopt


async def invite(actor: Actor, gebruikersnaam: str, email: str, rollen: list[accounts.RolInvoer]) -> dict:
    """Create an account without a password and e-mail an invitation whose link (72 hours, single use)
    sets it. Validation and errors as `accounts.create_account`; returns the account's view."""
    async with db.transaction():
        view = await accounts.create_account(actor, gebruikersnaam, None, email, rollen)
        verloopt = await link_mail("uitnodiging", uuid.UUID(str(view["id"])), email, view["gebruikersnaam"])
        await auditlog.record(
            actor, "uitnodigen", "account", view["id"], {"geldigTot": auditlog.format_time(verloopt)}
        )
    return view


@dataclass(frozen=True)
class CoachUitnodiging:
    """An organisation's invitation of a coach: the coach, the account the link activates, when the link
    expires (UTC) and, for a new coach, the proposed dienstverband the coach must still confirm."""

    jobcoach_id: str
    registratienummer: str
    account_id: str
    gebruikersnaam: str
    geldig_tot: dt.datetime
    dienstverband_id: str | None = None


def require_eigen_organisatie(actor: Actor, organisatie_id: str) -> None:
    """Only the organisation itself invites its coaches. Raises Forbidden."""
    if not actor.is_organisatie(str(organisatie_id)):
        raise Forbidden("Alleen de organisatie zelf nodigt haar jobcoaches uit.")


async def organisatienaam(organisatie_id: str) -> str | None:
    """The name of the organisation (for the invitation e-mail); None for an unknown id."""
    row = (
        await Organisatie.select(Organisatie.naam)
        .where(Organisatie.id == as_uuid(organisatie_id, "Organisatie"))
        .first()
    )
    return row["naam"] if row else None


async def accountstatus(jobcoach_ids: list[str]) -> dict[str, str]:
    """Per coach id with an account holding its jobcoach role: `account` (a password is set) or
    `uitgenodigd` (an invitation waits); coaches without an account are absent."""
    uids = [as_uuid(j, "Jobcoach") for j in jobcoach_ids]
    if not uids:
        return {}
    rows = await AccountRol.select(
        AccountRol.jobcoach, AccountRol.account.wachtwoord_hash.as_alias("hash")
    ).where((AccountRol.rol == "jobcoach") & AccountRol.jobcoach.is_in(uids))
    out: dict[str, str] = {}
    for r in rows:
        if out.get(str(r["jobcoach"])) != "account":
            out[str(r["jobcoach"])] = "uitgenodigd" if r["hash"] == accounts.GEEN_WACHTWOORD else "account"
    return out


async def invite_coach(
    actor: Actor, organisatie_id: str, jobcoach_id: str, gebruikersnaam: str | None = None
) -> CoachUitnodiging:
    """An organisation invites a coach it employs: a confirmed dienstverband with it in force today
    (DOMAIN.md, Consent: only then does it see the coach's private data). The account gets the role
    jobcoach for this coach only and the coach's own e-mail address from the register, never one the
    organisation chooses, so an organisation cannot obtain the coach's account. `gebruikersnaam` defaults
    to the registratienummer in lower case. A coach whose invitation is still open (no password set yet)
    gets a new link at the address of that account.

    Raises Forbidden (not the organisation itself), InvalidInput (field `jobcoach`: unknown or not employed
    now; `gebruikersnaam` as `accounts.create_account`), Conflict (the coach already has an account, or is
    deregistered)."""
    require_eigen_organisatie(actor, organisatie_id)
    try:
        uid = as_uuid(jobcoach_id, "Jobcoach")
        werkt = await jobcoaches.werkt_nu_bij(uid, organisatie_id)
    except NotFound:
        werkt = False
    if not werkt:
        raise InvalidInput.single(
            "jobcoach", "is geen jobcoach met een bevestigd dienstverband bij uw organisatie dat nu loopt"
        )
    async with db.transaction():
        coach = await Jobcoach.select().where(Jobcoach.id == uid).first()
        if coach["status"] == "uitgeschreven" or coach["geanonimiseerd_op"] is not None:
            raise Conflict("Deze jobcoach is uitgeschreven en kan niet worden uitgenodigd.")
        bestaand = await AccountRol.select(
            AccountRol.account,
            AccountRol.account.wachtwoord_hash.as_alias("hash"),
            AccountRol.account.actief.as_alias("actief"),
            AccountRol.account.email.as_alias("email"),
            AccountRol.account.gebruikersnaam.as_alias("gebruikersnaam"),
        ).where((AccountRol.rol == "jobcoach") & (AccountRol.jobcoach == uid))
        if any(r["hash"] != accounts.GEEN_WACHTWOORD or not r["actief"] for r in bestaand):
            raise Conflict(
                "Deze jobcoach heeft al een account. Is het wachtwoord kwijt? Dan vraagt de jobcoach een "
                "nieuw aan via 'Wachtwoord vergeten'."
            )
        if bestaand:
            account_id, email, naam = (
                bestaand[0]["account"],
                bestaand[0]["email"],
                bestaand[0]["gebruikersnaam"],
            )
        else:
            view = await accounts.create_account(
                actor,
                gebruikersnaam or coach["registratienummer"].lower(),
                None,
                coach["email"],
                [accounts.RolInvoer(rol="jobcoach", jobcoach=str(uid))],
            )
            account_id, email, naam = uuid.UUID(view["id"]), coach["email"], view["gebruikersnaam"]
        verloopt = await link_mail("uitnodiging", account_id, email, naam, await organisatienaam(organisatie_id))
        await auditlog.record(
            actor,
            "uitnodigen",
            "account",
            account_id,
            {
                "jobcoach": str(uid),
                "organisatie": str(organisatie_id),
                "geldigTot": auditlog.format_time(verloopt),
            },
            betrokkene=f"jobcoach:{uid}",
        )
    return CoachUitnodiging(str(uid), coach["registratienummer"], str(account_id), naam, verloopt)


async def invite_new_coach(
    actor: Actor,
    organisatie_id: str,
    coach: dict[str, Any],
    dienstverband: dict[str, Any],
    gebruikersnaam: str | None = None,
) -> CoachUitnodiging:
    """An organisation registers a new coach (status aangemeld, `jobcoaches.create`), proposes the
    dienstverband (`van`, `tot`, `soort`) that the coach must still confirm (`voorgesteld`, it counts for
    nothing before), and invites the coach at the given e-mail address to an account with the role
    jobcoach for this coach only; all in one transaction. Errors as `jobcoaches.create`,
    `jobcoaches.add_dienstverband` and `accounts.create_account`; Forbidden for anyone but the
    organisation itself; Conflict (field `nieuweJobcoach.email`) when the address already belongs to a
    coach: the organisation then proposes a dienstverband to that coach by registratienummer."""
    require_eigen_organisatie(actor, organisatie_id)
    async with db.transaction():
        made = await jobcoaches.create(actor, coach, email_veld="nieuweJobcoach.email")
        dv = await jobcoaches.add_dienstverband(
            actor, made["id"], {**dienstverband, "organisatie": str(organisatie_id)}
        )
        view = await accounts.create_account(
            actor,
            gebruikersnaam or made["registratienummer"].lower(),
            None,
            coach["email"],
            [accounts.RolInvoer(rol="jobcoach", jobcoach=made["id"])],
        )
        verloopt = await link_mail(
            "uitnodiging",
            uuid.UUID(view["id"]),
            coach["email"],
            view["gebruikersnaam"],
            await organisatienaam(organisatie_id),
        )
        await auditlog.record(
            actor,
            "uitnodigen",
            "account",
            view["id"],
            {
                "jobcoach": made["id"],
                "organisatie": str(organisatie_id),
                "dienstverband": dv["id"],
                "geldigTot": auditlog.format_time(verloopt),
            },
            betrokkene=f"jobcoach:{made['id']}",
        )
    return CoachUitnodiging(
        made["id"], made["registratienummer"], view["id"], view["gebruikersnaam"], verloopt, dv["id"]
    )


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


async def link_geldig(token: str) -> bool:
    """Whether a link's token can still set a password now: known, unused, not expired, and its account
    active (the same conditions wachtwoord_instellen applies; read only, so opening the link uses nothing
    up). The page checks it on GET so a dead link says so before a password is typed."""
    now = clock.now()
    row = (
        await Linktoken.select(Linktoken.account)
        .where(
            (Linktoken.hash == token_hash(token or ""))
            & Linktoken.gebruikt_op.is_null()
            & (Linktoken.verloopt_op > now)
        )
        .first()
    )
    if row is None or row["account"] is None:
        return False
    return await Account.exists().where((Account.id == row["account"]) & Account.actief.eq(True))


async def wachtwoord_instellen(token: str, wachtwoord: str) -> WachtwoordIngesteld:
    """Set the password with a link's token: once, before it expires. Every other open link of the account
    is used up with it, and its sessions end (token version + 1).

    Raises InvalidInput (field `wachtwoord`) for a password the rules refuse, LinkOngeldig otherwise."""
    if reason := accounts.check_password_strength(wachtwoord or ""):
        raise InvalidInput.single("wachtwoord", reason)
    password_hash = accounts.hash_password(wachtwoord)
    now = clock.now()
    async with db.transaction():
        used = (
            await Linktoken.update({Linktoken.gebruikt_op: now})
            .where(
                (Linktoken.hash == token_hash(token or ""))
                & Linktoken.gebruikt_op.is_null()
                & (Linktoken.verloopt_op > now)
            )
            .returning(Linktoken.account, Linktoken.soort)
        )
        if not used or used[0]["account"] is None:
            raise LinkOngeldig()
        account_id, soort = used[0]["account"], used[0]["soort"]
        account = (
            await Account.select(Account.gebruikersnaam, Account.actief)
            .where(Account.id == account_id)
            .first()
        )
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
