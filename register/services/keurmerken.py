"""Keurmerken of coaches and organisations: claims that an auditor verifies, with their status and
validity kept as history in valid time (KeurmerkVersie; DOMAIN.md, "Consent, access and history").

A change of status or validity is a new version with its `ingangsdatum`; nothing is overwritten, so a
verdict for an earlier peildatum keeps reading what was in force then. Scheme decisions (actief,
herregistratie-in-behandeling, geschorst, ingetrokken) are recorded by an auditor or beheerder; the holder
may only report `herregistratie-in-behandeling`, which keeps the last verified validity counting for the
grace period without re-verification.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from register import clock, db
from register.actor import Actor
from register.errors import Conflict, FieldError, Forbidden, InvalidInput
from register.infra import auditlog, inzage
from register.infra import historie as historie_nu
from register.infra.belangen import conflict_of_interest
from register.infra.records import as_uuid, gebruikersnamen, get_row, snapshot, update_versioned
from register.kwaliteit import keurmerk_verlopen
from register.opmaak import datum
from register.rules.keurmerken import weergave_code
from register.services import abonnementen, documenten
from register.tables import Keurmerk, KeurmerkVersie
from register.validators import check_no_bsn
from register.vocabulary import (
    AFGEWEZEN,
    GEVERIFIEERD,
    HERREGISTRATIE,
    INGEDIEND,
    KEURMERK_BEGINSTATUS,
    KEURMERK_LEVENSLOOP_STATUSSEN,
    KEURMERK_STATUSSEN,
)

FIELDS = ["schema", "nummer", "ingangsdatum", "geldig_tot", "status"]


def view(row: dict[str, Any]) -> dict[str, Any]:
    """A keurmerk with its state today (`weergave`, a code of KEURMERK_WEERGAVEN decided by
    register/rules/keurmerken.py) and the derived `verlopen` (past its end date). `row` must carry the
    status and validity in force today (register.infra.historie.keurmerken_op), not the newest recorded
    version: use `vandaag_view` / `list_for`, which do so."""
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


async def vandaag_views(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keurmerk rows as shown today: each with the version in force today (one query), then `view`, with
    the ids of its attached documents (`bewijsstukken`)."""
    return await documenten.met_bewijsstukken(
        "keurmerk", [view(r) for r in await historie_nu.keurmerken_op(rows)]
    )


async def vandaag_view(keurmerk_id: Any) -> dict[str, Any]:
    """One keurmerk as shown today (NotFound for an unknown id)."""
    return (await vandaag_views([await get_row(Keurmerk, keurmerk_id, "Keurmerk")]))[0]


async def add(actor: Actor, values: dict[str, Any], *, jobcoach=None, organisatie=None) -> dict[str, Any]:
    """A new keurmerk always starts as an unverified claim (`ingediend`); `values["bewijsstukken"]` (ids of
    the holder's own documents) are attached (register.services.documenten.koppel)."""
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
        await _versie(actor, row.id, row.status, row.geldig_tot, row.ingangsdatum, "", melding=False)
        await auditlog.record(
            actor,
            "create",
            "keurmerk",
            row.id,
            {**snapshot(values, FIELDS), "houder": str(jobcoach or organisatie), "verificatie": INGEDIEND},
            betrokkene=f"jobcoach:{jobcoach}" if jobcoach else None,
        )
        await documenten.koppel(
            actor,
            "keurmerk",
            row.id,
            values.get("bewijsstukken") or [],
            jobcoach=jobcoach,
            organisatie=organisatie,
        )
    return await vandaag_view(row.id)


async def list_for(*, jobcoach=None, organisatie=None) -> list[dict[str, Any]]:
    query = Keurmerk.select()
    query = (
        query.where(Keurmerk.jobcoach == jobcoach)
        if jobcoach
        else query.where(Keurmerk.organisatie == organisatie)
    )
    rows = await vandaag_views(await query)
    return sorted(rows, key=lambda r: r["geldig_tot"], reverse=True)


async def update(actor: Actor, keurmerk_id: str, values: dict[str, Any], may_edit) -> dict[str, Any]:
    """The holder corrects an unverified claim (status, end date; a new version from today), or reports
    `herregistratie-in-behandeling` (see `statuswijziging`). A verified claim's status or end date is a
    verified fact: the holder gets Forbidden naming the field (the scheme's decisions are recorded by an
    auditor or beheerder; a renewed keurmerk is a new claim)."""
    changes = {k: v for k, v in values.items() if k in ("status", "geldig_tot")}
    nieuwe_stukken = values.get("bewijsstukken") or []
    async with db.transaction():
        row = (await historie_nu.keurmerken_op([await get_row(Keurmerk, keurmerk_id, "Keurmerk")]))[0]
        if not may_edit(row):
            raise Forbidden("U mag dit keurmerk niet wijzigen.")
        changes = {k: v for k, v in changes.items() if v != row[k]}
        if nieuwe_stukken:
            await documenten.koppel(
                actor,
                "keurmerk",
                row["id"],
                nieuwe_stukken,
                jobcoach=row["jobcoach"],
                organisatie=row["organisatie"],
            )
            if not changes and row["verificatie"] == AFGEWEZEN:
                # a rejected claim with new evidence goes back to the auditors (issue 15, resubmission)
                await update_versioned(
                    Keurmerk,
                    row["id"],
                    {
                        Keurmerk.verificatie: INGEDIEND,
                        Keurmerk.beoordeeld_op: None,
                        Keurmerk.beoordeeld_door: None,
                    },
                    values.get("versie"),
                    "Dit keurmerk",
                )
                await auditlog.record(
                    actor,
                    "herindiening",
                    "keurmerk",
                    row["id"],
                    {
                        "verificatie": {"van": AFGEWEZEN, "naar": INGEDIEND},
                        "afwijzing": row["beoordeling_toelichting"],
                    },
                    betrokkene=f"jobcoach:{row['jobcoach']}" if row.get("jobcoach") else None,
                )
        if not changes:
            return await vandaag_view(row["id"])
        if changes == {"status": HERREGISTRATIE}:
            await _nieuwe_versie(actor, row, HERREGISTRATIE, clock.today(), "", None, values.get("versie"))
            return await vandaag_view(keurmerk_id)
        if row["verificatie"] == GEVERIFIEERD:
            veld = "geldigTot" if "geldig_tot" in changes else "status"
            raise Forbidden(
                f"{veld}: dit keurmerk is geverifieerd; alleen een auditor of beheerder legt een besluit "
                "van de registerhouder vast. U kunt wel herregistratie in behandeling melden, of een "
                "vernieuwd keurmerk opgeven."
            )
        db_changes = {getattr(Keurmerk, k): v for k, v in changes.items()}
        if row["verificatie"] != INGEDIEND:
            db_changes[Keurmerk.verificatie] = INGEDIEND
            db_changes[Keurmerk.beoordeeld_op] = None
            db_changes[Keurmerk.beoordeeld_door] = None
            changes["verificatie"] = INGEDIEND
        await update_versioned(Keurmerk, row["id"], db_changes, values.get("versie"), "Dit keurmerk")
        await _versie(
            actor,
            row["id"],
            changes.get("status", row["status"]),
            changes.get("geldig_tot", row["geldig_tot"]),
            max(clock.today(), row["ingangsdatum"]),
            "",
            melding=False,
        )
        await auditlog.record(
            actor,
            "update",
            "keurmerk",
            row["id"],
            auditlog.diff(snapshot(row, [*FIELDS, "verificatie"]), snapshot(changes, list(changes))),
            betrokkene=f"jobcoach:{row['jobcoach']}" if row.get("jobcoach") else None,
        )
    return await vandaag_view(keurmerk_id)


@dataclass(frozen=True)
class Versie:
    """One version of a keurmerk's status and validity as shown in its history: in force from
    `ingangsdatum` (a calendar date), recorded at `vastgelegd_op` (UTC) by `vastgelegd_door` (account id,
    None for the system; its gebruikersnaam in `vastgelegd_door_naam`); `melding` is a holder's own report
    of a herregistratie."""

    id: str
    status: str
    geldig_tot: dt.date
    ingangsdatum: dt.date
    toelichting: str
    melding: bool
    vastgelegd_op: dt.datetime
    vastgelegd_door: str | None
    vastgelegd_door_naam: str | None = None


async def _versie(
    actor: Actor,
    keurmerk_id: Any,
    status: str,
    geldig_tot: dt.date,
    ingangsdatum: dt.date,
    toelichting: str,
    *,
    melding: bool,
) -> KeurmerkVersie:
    laatste = await (
        KeurmerkVersie.select(KeurmerkVersie.volgnummer)
        .where(KeurmerkVersie.keurmerk == keurmerk_id)
        .order_by(KeurmerkVersie.volgnummer, ascending=False)
        .first()
    )
    versie = KeurmerkVersie(
        keurmerk=keurmerk_id,
        volgnummer=(laatste["volgnummer"] + 1) if laatste else 1,
        status=status,
        geldig_tot=geldig_tot,
        ingangsdatum=ingangsdatum,
        toelichting=toelichting,
        melding=melding,
        vastgelegd_op=clock.now(),
        vastgelegd_door=actor.account_id,
    )
    await versie.save()
    return versie


async def historie(keurmerk_ids: list[Any]) -> dict[str, list[Versie]]:
    """The versions of these keurmerken (one query), per keurmerk id, oldest ingangsdatum first."""
    if not keurmerk_ids:
        return {}
    rows = await (
        KeurmerkVersie.select()
        .where(KeurmerkVersie.keurmerk.is_in([as_uuid(k, "keurmerk") for k in keurmerk_ids]))
        .order_by(KeurmerkVersie.ingangsdatum)
        .order_by(KeurmerkVersie.volgnummer)
    )
    namen_door = await gebruikersnamen(r["vastgelegd_door"] for r in rows)
    out: dict[str, list[Versie]] = {}
    for r in rows:
        out.setdefault(str(r["keurmerk"]), []).append(
            Versie(
                id=str(r["id"]),
                status=r["status"],
                geldig_tot=r["geldig_tot"],
                ingangsdatum=r["ingangsdatum"],
                toelichting=r["toelichting"],
                melding=bool(r["melding"]),
                vastgelegd_op=r["vastgelegd_op"],
                vastgelegd_door=r["vastgelegd_door"],
                vastgelegd_door_naam=namen_door.get(str(r["vastgelegd_door"]))
                if r["vastgelegd_door"]
                else None,
            )
        )
    return out


async def _nieuwe_versie(
    actor: Actor,
    row: dict[str, Any],
    status: str,
    ingangsdatum: dt.date,
    toelichting: str,
    geldig_tot: dt.date | None,
    versie: int | None,
) -> None:
    """Add a version (inside the caller's transaction), keep the row's newest values in step (the
    version with the latest ingangsdatum), and write the audit-log entry. The verification state is
    left alone: a scheme decision or a holder's herregistratie report is not a new claim."""
    melding = not actor.has("auditor", "beheerder")
    vorige = await (
        KeurmerkVersie.select()
        .where(KeurmerkVersie.keurmerk == row["id"], KeurmerkVersie.ingangsdatum <= ingangsdatum)
        .order_by(KeurmerkVersie.ingangsdatum, ascending=False)
        .order_by(KeurmerkVersie.volgnummer, ascending=False)
        .first()
    )
    # the validity that counts: the one in force on the ingangsdatum (a herregistratie keeps it)
    tot = geldig_tot or (vorige["geldig_tot"] if vorige else row["geldig_tot"])
    nieuw = await _versie(actor, row["id"], status, tot, ingangsdatum, toelichting, melding=melding)
    later = await KeurmerkVersie.exists().where(
        KeurmerkVersie.keurmerk == row["id"], KeurmerkVersie.ingangsdatum > ingangsdatum
    )
    if not later:
        await update_versioned(
            Keurmerk,
            row["id"],
            {Keurmerk.status: status, Keurmerk.geldig_tot: tot},
            versie,
            "Dit keurmerk",
        )
    await auditlog.record(
        actor,
        "statuswijziging",
        "keurmerk",
        row["id"],
        {
            "versie": str(nieuw.id),
            "status": status,
            "ingangsdatum": ingangsdatum,
            "geldig_tot": tot,
            "toelichting": toelichting,
            "melding": melding,
            "vorige_status": vorige["status"] if vorige else row["status"],
        },
        betrokkene=f"jobcoach:{row['jobcoach']}" if row.get("jobcoach") else None,
    )


def _is_houder(actor: Actor, row: dict[str, Any]) -> bool:
    if row.get("jobcoach") is not None:
        return actor.is_coach(str(row["jobcoach"]))
    return row.get("organisatie") is not None and actor.is_organisatie(str(row["organisatie"]))


async def statuswijziging(
    actor: Actor,
    keurmerk_id: str,
    *,
    status: str,
    ingangsdatum: dt.date,
    toelichting: str | None = None,
    geldig_tot: dt.date | None = None,
) -> dict[str, Any]:
    """Record a scheme decision on a personal or organisation keurmerk as a new version from
    `ingangsdatum` (POST /api/v1/keurmerken/{id}/statuswijzigingen). Auditors and beheerders record any
    status of KEURMERK_LEVENSLOOP_STATUSSEN (and may give a new `geldig_tot` when confirming a
    recertification); the holder (the coach, or the organisation for its own keurmerk) may only report
    `herregistratie-in-behandeling`, from today, without a new end date.

    Raises Forbidden (not the holder nor auditor/beheerder; a holder's other status or end date; an
    auditor with a conflict of interest on the ingangsdatum), InvalidInput (status unknown, ingangsdatum
    before the keurmerk's start, holder's report not dated today, reason missing for a schorsing or
    intrekking, a BSN in the reason), Conflict (a holder reporting on a suspended or withdrawn keurmerk,
    the same status already in force on that date). Nothing changes on an error."""
    toelichting = (toelichting or "").strip()
    beslisser = actor.has("auditor", "beheerder")
    async with db.transaction():
        row = await get_row(Keurmerk, keurmerk_id, "Keurmerk")
        # the state in force on the change's date, not the newest recorded version
        op_datum = (await historie_nu.keurmerken_op([row], max(ingangsdatum, row["ingangsdatum"])))[0]
        houder = _is_houder(actor, row)
        if not beslisser and not houder:
            raise Forbidden("U mag de status van dit keurmerk niet wijzigen.")
        if not beslisser:
            if status != HERREGISTRATIE:
                raise Forbidden(
                    "status: als houder meldt u alleen 'herregistratie in behandeling'; een ander besluit "
                    "van de registerhouder legt een auditor of beheerder vast."
                )
            if geldig_tot is not None:
                raise Forbidden(
                    "geldigTot: de geldigheid van een geverifieerd keurmerk wijzigt alleen een auditor "
                    "of beheerder."
                )
        errors: list[FieldError] = []
        if status not in KEURMERK_LEVENSLOOP_STATUSSEN:
            errors.append(
                FieldError("status", f"moet een van {', '.join(KEURMERK_LEVENSLOOP_STATUSSEN)} zijn")
            )
        if ingangsdatum < row["ingangsdatum"]:
            errors.append(
                FieldError(
                    "ingangsdatum",
                    f"ligt vóór de ingangsdatum van het keurmerk ({datum(row['ingangsdatum'])})",
                )
            )
        if not beslisser and ingangsdatum != clock.today():
            errors.append(
                FieldError(
                    "ingangsdatum", "een melding van herregistratie geldt vanaf vandaag, niet eerder of later"
                )
            )
        if status in ("geschorst", "ingetrokken") and not toelichting:
            errors.append(
                FieldError("toelichting", "geef bij een schorsing of intrekking het besluit en de reden")
            )
        if geldig_tot is not None and geldig_tot < ingangsdatum:
            errors.append(FieldError("geldigTot", "ligt vóór de ingangsdatum van de wijziging"))
        if reason := check_no_bsn(toelichting):
            errors.append(FieldError("toelichting", reason))
        if errors:
            raise InvalidInput(errors)
        if beslisser and (
            reason := await conflict_of_interest(
                actor, jobcoach=row.get("jobcoach"), organisatie=row.get("organisatie"), on=ingangsdatum
            )
        ):
            raise Forbidden(reason)
        if not beslisser and op_datum["status"] in ("geschorst", "ingetrokken"):
            raise Conflict(
                f"Dit keurmerk is {KEURMERK_STATUSSEN.zin(op_datum['status'])}; een herregistratie meldt u "
                "bij een actief keurmerk."
            )
        await _nieuwe_versie(actor, row, status, ingangsdatum, toelichting, geldig_tot, None)
        if status == "ingetrokken" and row["status"] != "ingetrokken" and row.get("jobcoach") is not None:
            # gemeenten with a running traject of the holder are told at once (issue 15)
            await abonnementen.traject_kwalificatie_gewijzigd(
                row["jobcoach"], "ingetrokken", soort="keurmerk"
            )
    return await vandaag_view(keurmerk_id)


async def historie_voor(actor: Actor, keurmerk_id: str) -> list[Versie]:
    """The history of one keurmerk for its holder, an auditor or a beheerder (Forbidden otherwise); a read
    of a coach's keurmerk by someone else goes into the access log."""
    row = await get_row(Keurmerk, keurmerk_id, "Keurmerk")
    if not (actor.has("auditor", "beheerder") or _is_houder(actor, row)):
        raise Forbidden("U mag de historie van dit keurmerk niet inzien.")
    if row.get("jobcoach") is not None:
        async with db.transaction():
            await inzage.record_read(actor, row["jobcoach"], "historie van een keurmerk")
    return (await historie([row["id"]])).get(str(row["id"]), [])


async def detail(actor: Actor, keurmerk_id: str) -> tuple[dict[str, Any], list[Versie], bool]:
    """One keurmerk as shown today, its history (oldest first) and whether the actor is its holder; for
    the holder, an auditor or a beheerder (Forbidden otherwise, NotFound for an unknown id)."""
    versies = await historie_voor(actor, keurmerk_id)
    row = await get_row(Keurmerk, keurmerk_id, "Keurmerk")
    return await vandaag_view(keurmerk_id), versies, _is_houder(actor, row)
