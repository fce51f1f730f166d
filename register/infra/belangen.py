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
from register.rules.datums import add_months
from register.tables import Dienstverband, Organisatie
from register.vocabulary import BELANG_MAANDEN, GEWEIGERD


def venster(on: dt.date) -> tuple[dt.date, dt.date]:
    """The days around a session date in which a link counts as a conflict of interest: from
    BELANG_MAANDEN (12) months before `on` to 12 months after, inclusive (DOMAIN.md, Consent, access and
    history: "Conflict of interest covers 12 months before and after a session date")."""
    return add_months(on, -BELANG_MAANDEN), add_months(on, BELANG_MAANDEN)


def _binnen(rows: list[dict[str, Any]], on: dt.date) -> set[str]:
    """Organisations of the links (confirmed or still proposed; a refused one never existed) that overlap
    the window around `on`. A proposal counts here: when in doubt, the auditor steps aside."""
    begin, einde = venster(on)
    return {
        str(r["organisatie"])
        for r in rows
        if r["status"] != GEWEIGERD and r["van"] <= einde and (r["tot"] is None or r["tot"] >= begin)
    }


async def auditor_organisaties(actor: Actor, on: dt.date) -> set[str]:
    """Organisations the auditor is linked to within 12 months before or after `on`, through their own
    coach record's dienstverband."""
    if not actor.jobcoach_ids:
        return set()
    rows = await Dienstverband.select(
        Dienstverband.organisatie, Dienstverband.van, Dienstverband.tot, Dienstverband.status
    ).where(Dienstverband.jobcoach.is_in([as_uuid(j, "jobcoach") for j in actor.jobcoach_ids]))
    return _binnen(rows, on)


async def coach_organisaties(jobcoach_id: Any, on: dt.date) -> set[str]:
    """Organisations the coach is linked to within 12 months before or after `on`."""
    rows = await Dienstverband.select(
        Dienstverband.organisatie, Dienstverband.van, Dienstverband.tot, Dienstverband.status
    ).where(Dienstverband.jobcoach == jobcoach_id)
    return _binnen(rows, on)


async def conflict_of_interest(
    actor: Actor, *, jobcoach: Any = None, organisatie: Any = None, on: dt.date
) -> str | None:
    """Why this auditor may not assess the coach or organisation in a session dated `on`, or None.

    An auditor is linked to an organisation through their own coach record's dienstverband at any time
    within 12 months before or after that date (`venster`), or through an organisation role on their
    account; the coach likewise. So back-dating a session to before a colleague joined does not help.
    """
    if jobcoach is not None and str(jobcoach) in actor.jobcoach_ids:
        return "U kunt uzelf niet beoordelen."
    mine = await auditor_organisaties(actor, on) | set(actor.organisatie_ids)
    if not mine:
        return None
    if organisatie is not None and str(organisatie) in mine:
        naam = await _organisatie_naam(organisatie)
        return (
            f"U bent binnen {BELANG_MAANDEN} maanden voor of na {datum(on)} zelf verbonden aan {naam} en "
            "kunt deze organisatie daarom niet beoordelen (belangenconflict)."
        )
    if jobcoach is not None and (shared := mine & await coach_organisaties(jobcoach, on)):
        naam = await _organisatie_naam(sorted(shared)[0])
        return (
            f"U werkt binnen {BELANG_MAANDEN} maanden voor of na {datum(on)} bij dezelfde organisatie ({naam}) "
            "als deze jobcoach en kunt hem of haar daarom niet beoordelen (belangenconflict)."
        )
    return None


async def _organisatie_naam(organisatie_id: Any) -> str:
    row = (
        await Organisatie.select(Organisatie.naam)
        .where(Organisatie.id == as_uuid(organisatie_id, "Organisatie"))
        .first()
    )
    return row["naam"] if row else "deze organisatie"
