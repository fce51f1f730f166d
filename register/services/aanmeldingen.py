"""A coach applies on the public page (issue 15, aanmelden; DOMAIN.md, Jobcoach: a coach starts `aangemeld`).

1. `aanmelden`: the application (name, e-mail address, werkgebied, consent to the privacy statement) makes an
   account without a password (its user name is the e-mail address) and e-mails a single-use link of 72 hours
   (register.services.uitnodigingen, soort `aanmelding`). An address that is already known changes nothing and
   sends nothing: the page answers the same either way (no account enumeration).
2. `link_gebruiken` / `bevestig`: using the link (it sets the password, /wachtwoord/instellen/...) confirms the address; in the
   same transaction the jobcoach record (status aangemeld) and the account's jobcoach role come into being.
3. `beslis`: the beheerder admits the coach (status actief) or refuses the application (status uitgeschreven,
   the account switched off), always with a reason; register.services.jobcoaches.set_status keeps the status
   history and writes the audit log.
"""

from __future__ import annotations

import uuid
from typing import Any

from register import clock, db
from register.actor import SYSTEEM, Actor
from register.errors import FieldError, Forbidden, InvalidInput, NotFound
from register.infra import auditlog, inzage
from register.services import accounts, gemeenten, jobcoaches, uitnodigingen
from register.tables import Aanmelding, Account, AccountRol

BESLUITEN = {"toelaten": "actief", "weigeren": "uitgeschreven"}


async def controleer(email: str, werkgebied: list[str]) -> None:
    """The checks of an application that need the register (gemeente codes in use) or the account rules
    (the address becomes the user name), without changing anything and without looking at existing accounts,
    so the answer never tells whether an address is known. Raises InvalidInput (`werkgebied`, `email`)."""
    if errors := await gemeenten.check_in_gebruik(werkgebied, "werkgebied"):
        raise InvalidInput(errors)
    if not accounts.USERNAME_RE.match(email.strip().lower()):
        raise InvalidInput.single(
            "email", "wordt uw gebruikersnaam: alleen letters, cijfers, punt, streepje, @ en liggend streepje"
        )


async def aanmelden(
    voornaam: str, tussenvoegsel: str, achternaam: str, email: str, werkgebied: list[str]
) -> None:
    """Record an application and e-mail its confirmation link; nothing when the e-mail address (or the user
    name it would get) already belongs to an account, an application or a coach (a coach has one
    registratienummer; a coach without an account asks whoever registered it for an invitation). The caller validated the shapes
    and the consent (api.schemas.AanmeldingInvoer). Raises InvalidInput (field `werkgebied`) for a gemeente
    code not in use."""
    await controleer(email, werkgebied)
    adres = email.strip()
    gebruikersnaam = adres.lower()
    async with db.transaction():
        accounts_met_adres = await Account.select(Account.email, Account.gebruikersnaam)
        if any(
            r["email"].strip().lower() == gebruikersnaam or r["gebruikersnaam"] == gebruikersnaam
            for r in accounts_met_adres
        ) or await jobcoaches.coach_met_adres(adres):
            return
        now = clock.now()
        # no role and no password yet: the link sets the password, the confirmation adds the jobcoach role
        account = Account(
            gebruikersnaam=gebruikersnaam,
            email=adres,
            wachtwoord_hash=accounts.GEEN_WACHTWOORD,
            aangemaakt_op=now,
        )
        await account.save()
        account_id = account.id
        await auditlog.record(
            SYSTEEM, "create", "account", account_id, {"gebruikersnaam": gebruikersnaam, "rollen": []}
        )
        aanmelding = Aanmelding(
            account=account_id,
            voornaam=voornaam.strip(),
            tussenvoegsel=(tussenvoegsel or "").strip(),
            achternaam=achternaam.strip(),
            email=adres,
            werkgebied=sorted(set(werkgebied)),
            toestemming_op=now,
            aangemaakt_op=now,
        )
        await aanmelding.save()
        verloopt = await uitnodigingen.link_mail("aanmelding", account_id, adres, gebruikersnaam)
        await auditlog.record(
            SYSTEEM,
            "aanmelden",
            "aanmelding",
            aanmelding.id,
            {"account": str(account_id), "geldigTot": auditlog.format_time(verloopt)},
        )


async def link_gebruiken(token: str, wachtwoord: str) -> uitnodigingen.WachtwoordIngesteld:
    """Set the password with any e-mail link (uitnodigingen.wachtwoord_instellen, same errors) and, in the
    same transaction, confirm the account's open application: every link proves the address, also a reset
    link asked for when the application's own link expired."""
    async with db.transaction():
        gedaan = await uitnodigingen.wachtwoord_instellen(token, wachtwoord)
        await bevestig(uuid.UUID(gedaan.account_id))
    return gedaan


async def bevestig(account_id: Any) -> str | None:
    """The link of an application was used (inside the caller's transaction): make the jobcoach record
    (status aangemeld) and give the account its jobcoach role. Returns the jobcoach id, or None when the
    account has no open application."""
    rij = await (
        Aanmelding.select()
        .where((Aanmelding.account == account_id) & Aanmelding.bevestigd_op.is_null())
        .output(load_json=True)
        .first()
    )
    if rij is None:
        return None
    # a gemeente that ended (herindeling) since the application is left out rather than refusing the link
    werkgebied = [
        c for c in rij["werkgebied"] or [] if not await gemeenten.check_in_gebruik([c], "werkgebied")
    ]
    coach = await jobcoaches.create(
        SYSTEEM,
        {
            "voornaam": rij["voornaam"],
            "tussenvoegsel": rij["tussenvoegsel"],
            "achternaam": rij["achternaam"],
            "email": rij["email"],
            "telefoon": None,
            "werkgebied": werkgebied,
        },
    )
    await AccountRol(account=account_id, rol="jobcoach", jobcoach=uuid.UUID(str(coach["id"]))).save()
    await Aanmelding.update(
        {Aanmelding.bevestigd_op: clock.now(), Aanmelding.jobcoach: uuid.UUID(str(coach["id"]))}
    ).where(Aanmelding.id == rij["id"])
    await auditlog.record(
        SYSTEEM, "aanmelding-bevestigd", "aanmelding", rij["id"], {"jobcoach": str(coach["id"])}
    )
    return str(coach["id"])


def _beheerder(actor: Actor) -> None:
    if not actor.has("beheerder"):
        raise Forbidden("Alleen een beheerder beoordeelt aanmeldingen.")


async def lijst(actor: Actor) -> list[dict[str, Any]]:
    """Confirmed applications whose coach is still `aangemeld`, oldest first: id, jobcoach, registratienummer,
    naam, email, werkgebied (codes), aangemaakt_op and bevestigd_op (UTC). Beheerder only (Forbidden)."""
    _beheerder(actor)
    rows = (
        await Aanmelding.select(
            Aanmelding.id,
            Aanmelding.jobcoach,
            Aanmelding.jobcoach.registratienummer,
            Aanmelding.voornaam,
            Aanmelding.tussenvoegsel,
            Aanmelding.achternaam,
            Aanmelding.email,
            Aanmelding.werkgebied,
            Aanmelding.aangemaakt_op,
            Aanmelding.bevestigd_op,
        )
        .where(Aanmelding.jobcoach.status == "aangemeld")
        .order_by(Aanmelding.bevestigd_op)
        .output(load_json=True)
    )
    # the beheerder reads the applicants' names and addresses: in the access log, per coach
    await inzage.record_reads(actor, [r["jobcoach"] for r in rows], "aanmeldingen beoordelen")
    return [
        {
            "id": str(r["id"]),
            "jobcoach": str(r["jobcoach"]),
            "registratienummer": r["jobcoach.registratienummer"],
            "naam": " ".join(p for p in (r["voornaam"], r["tussenvoegsel"], r["achternaam"]) if p),
            "email": r["email"],
            "werkgebied": list(r["werkgebied"] or []),
            "aangemaakt_op": r["aangemaakt_op"],
            "bevestigd_op": r["bevestigd_op"],
        }
        for r in rows
    ]


async def beslis(actor: Actor, aanmelding_id: str, besluit: str, reden: str) -> dict[str, Any]:
    """Admit (`toelaten`: status actief) or refuse (`weigeren`: status uitgeschreven, account switched off)
    a confirmed application, with a reason. Returns the coach's view. Raises Forbidden (not a beheerder),
    NotFound (no confirmed application), InvalidInput (`besluit`, `reden`), Conflict (the coach is no
    longer aangemeld; from jobcoaches.set_status)."""
    _beheerder(actor)
    errors = []
    if besluit not in BESLUITEN:
        errors.append(("besluit", "moet toelaten of weigeren zijn"))
    reden = (reden or "").strip()
    if not reden:
        errors.append(("reden", "is verplicht"))
    elif len(reden) > 500:
        errors.append(("reden", "mag ten hoogste 500 tekens hebben"))
    if errors:
        raise InvalidInput([FieldError(f, r) for f, r in errors])
    try:
        uid = uuid.UUID(str(aanmelding_id))
    except ValueError:
        raise NotFound("Aanmelding niet gevonden.") from None
    async with db.transaction():
        rij = (
            await Aanmelding.select(Aanmelding.jobcoach, Aanmelding.account)
            .where((Aanmelding.id == uid) & Aanmelding.jobcoach.is_not_null())
            .first()
        )
        if rij is None:
            raise NotFound("Aanmelding niet gevonden.")
        view = await jobcoaches.set_status(actor, str(rij["jobcoach"]), BESLUITEN[besluit], reden)
        if besluit == "weigeren":
            await Account.update(
                {Account.actief: False, Account.token_versie: Account.token_versie + 1}
            ).where(Account.id == rij["account"])
        await auditlog.record(
            actor, "aanmelding-besluit", "aanmelding", uid, {"besluit": besluit, "reden": reden}
        )
    return view
