"""Keurmerken of coaches and organisations: claims that an auditor verifies."""

from __future__ import annotations

from typing import Any

from register import clock, db
from register.actor import Actor
from register.errors import Forbidden
from register.infra import auditlog
from register.infra.records import get_row, snapshot, update_versioned
from register.kwaliteit import keurmerk_verlopen
from register.rules.keurmerken import weergave_code
from register.tables import Keurmerk
from register.vocabulary import INGEDIEND, KEURMERK_BEGINSTATUS

FIELDS = ["schema", "nummer", "ingangsdatum", "geldig_tot", "status"]


def view(row: dict[str, Any]) -> dict[str, Any]:
    """A keurmerk with its state today (`weergave`, a code of KEURMERK_WEERGAVEN decided by
    register/rules/keurmerken.py) and the derived `verlopen` (past its end date)."""
    today = clock.today()
    return {
        "id": str(row["id"]),
        "schema": row["schema"],
        "nummer": row["nummer"],
        "ingangsdatum": row["ingangsdatum"],
        "geldig_tot": row["geldig_tot"],
        "status": row["status"],
        "verlopen": keurmerk_verlopen(row["geldig_tot"], today),
        "weergave": weergave_code(
            row["status"], row["verificatie"], row["geldig_tot"], today, row["ingangsdatum"]
        ),
        "verificatie": row["verificatie"],
        "beoordeling_toelichting": row["beoordeling_toelichting"],
        "beoordeeld_op": row["beoordeeld_op"],
        "versie": row["versie"],
    }


async def add(actor: Actor, values: dict[str, Any], *, jobcoach=None, organisatie=None) -> dict[str, Any]:
    """A new keurmerk always starts as an unverified claim (`ingediend`)."""
    async with db.transaction():
        row = Keurmerk(
            jobcoach=jobcoach,
            organisatie=organisatie,
            schema=values["schema"],
            nummer=values["nummer"],
            ingangsdatum=values["ingangsdatum"],
            geldig_tot=values["geldig_tot"],
            status=values.get("status", KEURMERK_BEGINSTATUS),
            verificatie=INGEDIEND,
            ingediend_op=clock.now(),
        )
        await row.save()
        await auditlog.record(
            actor,
            "create",
            "keurmerk",
            row.id,
            {**snapshot(values, FIELDS), "houder": str(jobcoach or organisatie), "verificatie": INGEDIEND},
            betrokkene=f"jobcoach:{jobcoach}" if jobcoach else None,
        )
    return view(await get_row(Keurmerk, row.id, "Keurmerk"))


async def list_for(*, jobcoach=None, organisatie=None) -> list[dict[str, Any]]:
    query = Keurmerk.select()
    query = (
        query.where(Keurmerk.jobcoach == jobcoach)
        if jobcoach
        else query.where(Keurmerk.organisatie == organisatie)
    )
    return [view(r) for r in await query.order_by(Keurmerk.geldig_tot, ascending=False)]


async def update(actor: Actor, keurmerk_id: str, values: dict[str, Any], may_edit) -> dict[str, Any]:
    """The holder may report a new status or end date; the claim then needs verification again."""
    async with db.transaction():
        row = await get_row(Keurmerk, keurmerk_id, "Keurmerk")
        if not may_edit(row):
            raise Forbidden("U mag dit keurmerk niet wijzigen.")
        changes = {k: v for k, v in values.items() if k in ("status", "geldig_tot")}
        if not changes:
            return view(row)
        db_changes = {getattr(Keurmerk, k): v for k, v in changes.items()}
        if row["verificatie"] != INGEDIEND:
            db_changes[Keurmerk.verificatie] = INGEDIEND
            db_changes[Keurmerk.beoordeeld_op] = None
            db_changes[Keurmerk.beoordeeld_door] = None
            changes["verificatie"] = INGEDIEND
        await update_versioned(Keurmerk, row["id"], db_changes, values.get("versie"), "Dit keurmerk")
        await auditlog.record(
            actor,
            "update",
            "keurmerk",
            row["id"],
            auditlog.diff(snapshot(row, [*FIELDS, "verificatie"]), snapshot(changes, list(changes))),
            betrokkene=f"jobcoach:{row['jobcoach']}" if row.get("jobcoach") else None,
        )
    return view(await get_row(Keurmerk, keurmerk_id, "Keurmerk"))
