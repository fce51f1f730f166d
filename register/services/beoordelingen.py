"""Auditors verify or reject claims: opleidingen, keurmerken and scholing. Only verified facts count."""

from __future__ import annotations

import datetime as dt
from typing import Any

from audits import log as auditlog
from register import clock, db
from register.actor import Actor
from register.errors import Conflict, Forbidden, NotFound
from register.services.common import as_uuid
from register.tables import Dienstverband, Keurmerk, Opleiding, Scholing

CLAIMS = (("opleiding", Opleiding), ("keurmerk", Keurmerk), ("scholing", Scholing))


async def find_claim(object_id: str) -> tuple[str, Any, dict[str, Any]]:
    uid = as_uuid(object_id, "Object")
    for soort, table in CLAIMS:
        row = await table.select().where(table.id == uid).first()
        if row is not None:
            return soort, table, row
    raise NotFound("Er is geen opleiding, keurmerk of scholing met deze id.")


async def auditor_organisaties(actor: Actor, on: dt.date) -> set[str]:
    """Organisations the auditor is linked to on a date, through their own coach record's dienstverband."""
    if not actor.jobcoach_ids:
        return set()
    rows = await Dienstverband.select(Dienstverband.organisatie, Dienstverband.van, Dienstverband.tot).where(
        Dienstverband.jobcoach.is_in([as_uuid(j, "jobcoach") for j in actor.jobcoach_ids])
    )
    return {str(r["organisatie"]) for r in rows if r["van"] <= on and (r["tot"] is None or r["tot"] >= on)}


async def coach_organisaties(jobcoach_id: Any, on: dt.date) -> set[str]:
    rows = await Dienstverband.select(Dienstverband.organisatie, Dienstverband.van, Dienstverband.tot).where(
        Dienstverband.jobcoach == jobcoach_id
    )
    return {str(r["organisatie"]) for r in rows if r["van"] <= on and (r["tot"] is None or r["tot"] >= on)}


async def conflict_of_interest(
    actor: Actor, *, jobcoach: Any = None, organisatie: Any = None, on: dt.date
) -> str | None:
    """Why this auditor may not assess the coach or organisation on `on`, or None."""
    if jobcoach is not None and str(jobcoach) in actor.jobcoach_ids:
        return "U kunt uzelf niet beoordelen."
    mine = await auditor_organisaties(actor, on)
    if not mine:
        return None
    if organisatie is not None and str(organisatie) in mine:
        return "U bent zelf verbonden aan deze organisatie en kunt haar daarom niet beoordelen."
    if jobcoach is not None and mine & await coach_organisaties(jobcoach, on):
        return (
            "U werkt bij dezelfde organisatie als deze jobcoach en kunt hem of haar daarom niet beoordelen."
        )
    return None


async def beoordeel(actor: Actor, object_id: str, besluit: str, toelichting: str) -> dict[str, Any]:
    if not actor.has("auditor"):
        raise Forbidden("Alleen een auditor beoordeelt opgegeven gegevens.")
    async with db.transaction():
        soort, table, row = await find_claim(object_id)
        holder_coach = row.get("jobcoach")
        holder_org = row.get("organisatie") if soort == "keurmerk" else None
        if holder_coach is not None and actor.is_coach(str(holder_coach)):
            raise Forbidden("U kunt uw eigen gegevens niet verifiëren.")
        if holder_org is not None and actor.is_organisatie(str(holder_org)):
            raise Forbidden("U kunt de gegevens van uw eigen organisatie niet verifiëren.")
        if reason := await conflict_of_interest(
            actor, jobcoach=holder_coach, organisatie=holder_org, on=clock.today()
        ):
            raise Forbidden(reason)
        if row["verificatie"] != "ingediend":
            raise Conflict(f"Dit {soort} is al beoordeeld ({row['verificatie']}).")
        now = clock.now()
        await table.update(
            {
                table.verificatie: besluit,
                table.beoordeeld_op: now,
                table.beoordeeld_door: actor.account_id,
                table.beoordeling_toelichting: toelichting,
            }
        ).where((table.id == row["id"]) & (table.verificatie == "ingediend"))
        await auditlog.record(
            actor,
            "verify" if besluit == "geverifieerd" else "reject",
            soort,
            row["id"],
            {"verificatie": {"van": row["verificatie"], "naar": besluit}, "toelichting": toelichting},
        )
    return {
        "object": str(row["id"]),
        "soort": soort,
        "besluit": besluit,
        "toelichting": toelichting,
        "beoordeeld_op": now,
    }
