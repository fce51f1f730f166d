"""Retention (AVG): deregistered coaches are anonymised two years after their deregistration.

Why two years (`BEWAARTERMIJN_JAREN`):
- A gemeente may ask about a past peildatum ("did the coach qualify when we approved?"). Trajecten run
  for at most two years (the third year is an exception), so the register must still be able to explain,
  with names, a verdict on a coach who left during a running traject; funding decisions can be contested
  in bezwaar and beroep, which also runs for months.
- A deregistered coach can be re-admitted (`uitgeschreven` -> `actief`); within two years their scholing,
  toetsing and keurmerken still count, as the real persoonsregisters allow re-entry after a lapse.
- After that, the storage-limitation principle (AVG art. 5(1)(e)) wins: nothing that identifies the
  person is needed any more.

What anonymising does, for every coach with status `uitgeschreven`, deregistered at least two years
before today (Dutch date), and not yet anonymised:
- name, e-mail and phone are replaced; `geanonimiseerd_op` is set;
- free text about the person is cleared: reasons of status changes, descriptions and evidence of
  opleidingen, keurmerk numbers at the schemes, scholing certificates, auditors' explanations, the
  explanations and learning goals of self-assessments, case, feedback and learning goals of peer
  reviews, and descriptions of logged hours; computed signals for the coach and their
  evidence documents (rows and stored files) are removed;
- accounts that only serve this coach are deactivated, renamed and their password made unusable;
- the data keys of the coach and of those accounts are destroyed (crypto-shredding, see
  register.infra.shredding): every personal value about them in the audit log, written before, becomes
  unreadable (`[gewist]`), while the log and its checkpoints still verify;
- one row in the audit log records the anonymisation, without any of the removed values.
What stays: the registratienummer, statuses with their dates, dates and verification states of claims,
dienstverbanden and hours, so past verdicts remain explainable, and every stored verification with its
signed statement (`attestatie`) stays untouched: the statement names the coach by registratienummer,
so it stays valid and verifiable.

The command is idempotent: a second run on the same day finds nothing to do.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from audits.tables import ToetsingDeelnemer
from register import clock, db
from register.actor import SYSTEEM, Actor
from register.infra import auditlog, shredding
from register.opmaak import dag_in_nederland
from register.rules import namen
from register.rules.datums import add_years
from register.services import documenten
from register.services.accounts import GEEN_WACHTWOORD, hash_password
from register.tables import (
    Aanmelding,
    Account,
    AccountRol,
    Competentiescore,
    Jobcoach,
    Keurmerk,
    Opleiding,
    Scholing,
    Signaal,
    Statuswijziging,
    Urenregistratie,
    Zelfevaluatie,
)

BEWAARTERMIJN_JAREN = 2
# an application whose address was never confirmed (the link lives 72 hours) is deleted after this many days
AANMELDING_BEWAARDAGEN = 30
VOORNAAM = "Geanonimiseerd"
ACHTERNAAM = "Jobcoach"
EMAIL = "geanonimiseerd@jobcoachregister.invalid"


def grensdatum(today: dt.date) -> dt.date:
    """Coaches deregistered on or before this date are due: the same day, `BEWAARTERMIJN_JAREN` back
    (register.rules.datums.add_years: from 29 February to 28 February)."""
    return add_years(today, -BEWAARTERMIJN_JAREN)


async def uitgeschreven_op(jobcoach_id: Any) -> dt.date | None:
    """The (Dutch) date of the coach's latest deregistration."""
    row = (
        await Statuswijziging.select(Statuswijziging.vanaf)
        .where((Statuswijziging.jobcoach == jobcoach_id) & (Statuswijziging.status == "uitgeschreven"))
        .order_by(Statuswijziging.vanaf, ascending=False)
        .first()
    )
    return dag_in_nederland(row["vanaf"]) if row else None


async def due(today: dt.date | None = None) -> list[dict[str, Any]]:
    """Coaches whose retention period has passed: [{id, registratienummer, uitgeschreven_op}]."""
    today = today or clock.today()
    limit = grensdatum(today)
    rows = await Jobcoach.select(Jobcoach.id, Jobcoach.registratienummer, Jobcoach.gewijzigd_op).where(
        (Jobcoach.status == "uitgeschreven") & Jobcoach.geanonimiseerd_op.is_null()
    )
    found = []
    for row in rows:
        since = await uitgeschreven_op(row["id"]) or dag_in_nederland(row["gewijzigd_op"])
        if since <= limit:
            found.append(
                {"id": row["id"], "registratienummer": row["registratienummer"], "uitgeschreven_op": since}
            )
    return sorted(found, key=lambda r: r["registratienummer"])


async def _own_accounts(jobcoach_id: Any) -> list[Any]:
    """Accounts whose every role is the jobcoach role of this coach (an account that also serves as, say,
    auditor is left alone: it is not only this coach's)."""
    linked = await AccountRol.select(AccountRol.account).where(
        (AccountRol.rol == "jobcoach") & (AccountRol.jobcoach == jobcoach_id)
    )
    own = []
    for account_id in {r["account"] for r in linked}:
        roles = await AccountRol.select(AccountRol.rol, AccountRol.jobcoach).where(
            AccountRol.account == account_id
        )
        if all(r["rol"] == "jobcoach" and r["jobcoach"] == jobcoach_id for r in roles):
            own.append(account_id)
    return own


async def _anonymise(actor: Actor, coach: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    uid = coach["id"]
    await Jobcoach.update(
        {
            Jobcoach.voornaam: VOORNAAM,
            Jobcoach.tussenvoegsel: "",
            Jobcoach.achternaam: ACHTERNAAM,
            Jobcoach.sorteersleutel: namen.sorteersleutel(VOORNAAM, "", ACHTERNAAM),
            Jobcoach.email: EMAIL,
            Jobcoach.telefoon: None,
            Jobcoach.geanonimiseerd_op: now,
            Jobcoach.gewijzigd_op: now,
            Jobcoach.versie: Jobcoach.versie + 1,
        }
    ).where(Jobcoach.id == uid)
    await Statuswijziging.update({Statuswijziging.reden: ""}).where(Statuswijziging.jobcoach == uid)
    await Opleiding.update(
        {Opleiding.omschrijving: "", Opleiding.bewijs: "", Opleiding.beoordeling_toelichting: None}
    ).where(Opleiding.jobcoach == uid)
    await Keurmerk.update({Keurmerk.nummer: "", Keurmerk.beoordeling_toelichting: None}).where(
        Keurmerk.jobcoach == uid
    )
    await Scholing.update({Scholing.certificaat: "", Scholing.beoordeling_toelichting: None}).where(
        Scholing.jobcoach == uid
    )
    evaluations = [
        r["id"] for r in await Zelfevaluatie.select(Zelfevaluatie.id).where(Zelfevaluatie.jobcoach == uid)
    ]
    if evaluations:
        await Competentiescore.update(
            {Competentiescore.toelichting: "", Competentiescore.leerdoel: ""}
        ).where(Competentiescore.zelfevaluatie.is_in(evaluations))
    await ToetsingDeelnemer.update(
        {ToetsingDeelnemer.casus: "", ToetsingDeelnemer.feedback: "", ToetsingDeelnemer.leerdoelen: ""}
    ).where(ToetsingDeelnemer.jobcoach == uid)
    await Urenregistratie.update({Urenregistratie.omschrijving: ""}).where(Urenregistratie.jobcoach == uid)
    await Signaal.delete().where(Signaal.jobcoach == uid)
    await documenten.verwijder_van(actor, jobcoach=uid)
    accounts = await _own_accounts(uid)
    # the application copied the name and e-mail address: it goes with the rest
    await Aanmelding.delete().where(Aanmelding.jobcoach == uid)
    if accounts:
        await Aanmelding.delete().where(Aanmelding.account.is_in(accounts))
    for account_id in accounts:
        await Account.update(
            {
                Account.gebruikersnaam: f"geanonimiseerd-{str(account_id)[:8]}",
                Account.email: EMAIL,
                Account.wachtwoord_hash: hash_password(secrets.token_urlsafe(32)),
                Account.actief: False,
                Account.token_versie: Account.token_versie + 1,
            }
        ).where(Account.id == account_id)
    # crypto-shredding: the coach's (and own accounts') values in the audit log become unreadable
    gewist = await shredding.destroy(
        [f"jobcoach:{uid}", *(f"account:{a}" for a in accounts)], "bewaartermijn"
    )
    await auditlog.record(
        actor,
        "anonimiseer",
        "jobcoach",
        uid,
        {
            "reden": f"bewaartermijn van {BEWAARTERMIJN_JAREN} jaar na uitschrijving verstreken",
            "uitgeschrevenOp": coach["uitgeschreven_op"],
            "accounts": sorted(str(a) for a in accounts),
            "sleutelsVernietigd": gewist,
        },
        betrokkene=f"retentie:{uid}",  # a key of its own: the coach's was just destroyed
    )
    return {"registratienummer": coach["registratienummer"], "accounts": len(accounts)}


async def onbevestigde_aanmeldingen(now: dt.datetime) -> list[dict[str, Any]]:
    """Applications (aanmelden) whose e-mail address was never confirmed within `AANMELDING_BEWAARDAGEN` days
    of applying, with the account made for them, while that account still has no password: the person gave
    their name and address for one purpose (AVG art. 5(1)(e), storage limitation), which lapsed with the link.
    Rows as {"id", "account"}."""
    grens = now - dt.timedelta(days=AANMELDING_BEWAARDAGEN)
    rows = await Aanmelding.select(Aanmelding.id, Aanmelding.account).where(
        Aanmelding.bevestigd_op.is_null() & (Aanmelding.aangemaakt_op < grens)
    )
    kept = []
    for row in rows:
        account = await Account.select(Account.wachtwoord_hash).where(Account.id == row["account"]).first()
        if account is None or account["wachtwoord_hash"] == GEEN_WACHTWOORD:
            kept.append(row)
    return kept


async def _verwijder_aanmelding(actor: Actor, row: dict[str, Any]) -> None:
    await Aanmelding.delete().where(Aanmelding.id == row["id"])
    if row["account"] is not None:
        await Account.delete().where(
            (Account.id == row["account"]) & (Account.wachtwoord_hash == GEEN_WACHTWOORD)
        )
    await auditlog.record(
        actor,
        "verwijder",
        "aanmelding",
        row["id"],
        {"reden": f"e-mailadres niet bevestigd binnen {AANMELDING_BEWAARDAGEN} dagen"},
    )


async def run(actor: Actor = SYSTEEM, *, dry_run: bool = False) -> dict[str, Any]:
    """Anonymise every coach that is due and delete applications never confirmed, all in one transaction.
    Returns what was (or would be) done."""
    today = clock.today()
    now = clock.now()
    done: list[dict[str, Any]] = []
    async with db.transaction():
        candidates = await due(today)
        verlopen = await onbevestigde_aanmeldingen(now)
        if not dry_run:
            for coach in candidates:
                done.append(await _anonymise(actor, coach, now))
            for row in verlopen:
                await _verwijder_aanmelding(actor, row)
    return {
        "verwijderdeAanmeldingen": len(verlopen),
        "peildatum": today,
        "grens": grensdatum(today),
        "bewaartermijnJaren": BEWAARTERMIJN_JAREN,
        "geanonimiseerd": done,
        "teAnonimiseren": [c["registratienummer"] for c in candidates] if dry_run else [],
    }
