"""Conflict of interest: an auditor never assesses a coach or organisation they are linked to.

Shared by the claim verification (register.services.beoordelingen) and the audit workflows
(audits.toetsingen, audits.organisatie_audits). Source: DOMAIN.md, "Audits" and "Consent, access and
history".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from register.actor import Actor
from register.infra.records import as_uuid
from register.opmaak import datum
from register.tables import Dienstverband, Organisatie


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
    """Why this auditor may not assess the coach or organisation on `on`, or None.

    An auditor is linked to an organisation through their own coach record's dienstverband on that
    date, or through an organisation role on their account.
    """
    if jobcoach is not None and str(jobcoach) in actor.jobcoach_ids:
        return "U kunt uzelf niet beoordelen."
    mine = await auditor_organisaties(actor, on) | set(actor.organisatie_ids)
    if not mine:
        return None
    if organisatie is not None and str(organisatie) in mine:
        naam = await _organisatie_naam(organisatie)
        return (
            f"U bent op {datum(on)} zelf verbonden aan {naam} en kunt deze organisatie daarom "
            "niet beoordelen (belangenconflict)."
        )
    if jobcoach is not None and (shared := mine & await coach_organisaties(jobcoach, on)):
        naam = await _organisatie_naam(sorted(shared)[0])
        return (
            f"U werkt op {datum(on)} bij dezelfde organisatie ({naam}) als deze jobcoach en kunt "
            "hem of haar daarom niet beoordelen (belangenconflict)."
        )
    return None


async def _organisatie_naam(organisatie_id: Any) -> str:
    row = (
        await Organisatie.select(Organisatie.naam)
        .where(Organisatie.id == as_uuid(organisatie_id, "Organisatie"))
        .first()
    )
    return row["naam"] if row else "deze organisatie"
