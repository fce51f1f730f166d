"""Organisation audits: findings per kwaliteitsborging area with a corrective action and deadline.

The organisation sees its findings and reports an action done (with a note); an auditor then closes
the finding. Open major findings past their deadline are listed for auditors.
"""

from __future__ import annotations

from typing import Any

from audits import regels
from audits.tables import Bevinding, OrganisatieAudit
from register import clock, db
from register.actor import Actor
from register.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from register.infra import auditlog
from register.infra.belangen import conflict_of_interest
from register.infra.records import as_uuid, gebruikersnamen, get_row
from register.opmaak import dag_in_nederland, datum, opsomming
from register.tables import Organisatie
from register.validators import check_no_bsn
from register.vocabulary import BEVINDING_OORDELEN, KWALITEITSBORGING_GEBIEDEN, MEDEONDERTEKENING_DAGEN


def may_read(actor: Actor, organisatie_id: Any) -> bool:
    return actor.has("auditor", "beheerder") or actor.is_organisatie(str(organisatie_id))


def check_audit(values: dict[str, Any]) -> list[FieldError]:
    """Areas known and each at most once; action and deadline for minor/major; deadline not before the
    audit date; an outcome consistent with a major finding; no BSN-shaped numbers."""
    errors: list[FieldError] = []
    datum = values.get("datum")
    bevindingen = values.get("bevindingen") or []
    if not bevindingen:
        errors.append(FieldError("bevindingen", "leg minstens één bevinding vast"))
    seen: set[str] = set()
    for i, b in enumerate(bevindingen):
        gebied, oordeel = b.get("gebied"), b.get("oordeel")
        if gebied not in regels.GEBIEDEN:
            errors.append(
                FieldError(
                    f"bevindingen[{i}].gebied",
                    "onbekend gebied; kies uit " + ", ".join(regels.GEBIEDEN),
                )
            )
        elif gebied in seen:
            errors.append(
                FieldError(f"bevindingen[{i}].gebied", "dit gebied heeft al een bevinding in deze audit")
            )
        seen.add(gebied)
        if oordeel not in regels.OORDELEN:
            keuzes = opsomming(BEVINDING_OORDELEN.codes, "of")
            errors.append(FieldError(f"bevindingen[{i}].oordeel", f"moet {keuzes} zijn"))
        deadline = b.get("deadline")
        if oordeel in ("minor", "major"):
            if not (b.get("maatregel") or "").strip():
                errors.append(
                    FieldError(f"bevindingen[{i}].maatregel", "beschrijf de maatregel bij een minor of major")
                )
            if deadline is None:
                errors.append(
                    FieldError(f"bevindingen[{i}].deadline", "geef een deadline bij een minor of major")
                )
        if deadline is not None and datum is not None and deadline < datum:
            errors.append(FieldError(f"bevindingen[{i}].deadline", "mag niet voor de auditdatum liggen"))
        if reason := check_no_bsn(b.get("maatregel")):
            errors.append(FieldError(f"bevindingen[{i}].maatregel", reason))
    if values.get("uitkomst") == "positief" and any(b.get("oordeel") == "major" for b in bevindingen):
        errors.append(
            FieldError(
                "uitkomst", "kan niet positief zijn bij een major-bevinding; kies voorwaardelijk of negatief"
            )
        )
    return errors


def _bevinding_view(b: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    today = clock.today()
    return {
        "id": str(b["id"]),
        "audit": str(b["audit"]),
        "gebied": b["gebied"],
        "gebied_naam": KWALITEITSBORGING_GEBIEDEN.label(b["gebied"]),
        "oordeel": b["oordeel"],
        "maatregel": b["maatregel"],
        "deadline": b["deadline"],
        "status": regels.bevinding_status(b["oordeel"], b["afgerond_op"], b["gesloten_op"]),
        "verlopen": regels.bevinding_verlopen(b["oordeel"], b["deadline"], b["gesloten_op"], today),
        "afgerond_op": b["afgerond_op"],
        "afronding_toelichting": b["afronding_toelichting"],
        "gesloten_op": b["gesloten_op"],
        "gesloten_door": names.get(str(b["gesloten_door"])) if b["gesloten_door"] else None,
    }


async def _view(audit_id: Any) -> dict[str, Any]:
    row = (
        await OrganisatieAudit.select(
            OrganisatieAudit.all_columns(), OrganisatieAudit.organisatie.naam.as_alias("organisatie_naam")
        )
        .where(OrganisatieAudit.id == audit_id)
        .first()
    )
    if row is None:
        raise NotFound("Audit niet gevonden.")
    bevindingen = await Bevinding.select().where(Bevinding.audit == row["id"])
    names = await gebruikersnamen({row["auditor"], *(b["gesloten_door"] for b in bevindingen)})
    order = {g: i for i, g in enumerate(regels.GEBIEDEN)}
    return {
        "id": str(row["id"]),
        "organisatie": str(row["organisatie"]),
        "organisatie_naam": row["organisatie_naam"],
        "datum": row["datum"],
        "auditor": str(row["auditor"]),
        "auditor_naam": names.get(str(row["auditor"]), "onbekend"),
        "schema": row["schema"],
        "uitkomst": row["uitkomst"],
        "aangemaakt_op": row["aangemaakt_op"],
        "medeondertekening_nodig": regels.medeondertekening_nodig(
            row["datum"], dag_in_nederland(row["aangemaakt_op"])
        ),
        "medeondertekend_door": row["medeondertekend_door"],
        "medeondertekend_op": row["medeondertekend_op"],
        "bevindingen": [
            _bevinding_view(b, names) for b in sorted(bevindingen, key=lambda b: order.get(b["gebied"], 99))
        ],
    }


async def get(actor: Actor, audit_id: str) -> dict[str, Any]:
    view = await _view(as_uuid(audit_id, "Audit"))
    if not may_read(actor, view["organisatie"]):
        raise Forbidden("U ziet alleen de audits van uw eigen organisatie.")
    return view


async def list_audits(
    actor: Actor, *, organisatie: str | None = None, offset: int = 0, limit: int = 50
) -> tuple[list[dict[str, Any]], int]:
    """Auditors and beheerders see every audit; an organisation sees its own."""
    query = OrganisatieAudit.select(OrganisatieAudit.id)
    count = OrganisatieAudit.count()
    if organisatie:
        org = as_uuid(organisatie, "Organisatie")
        if not may_read(actor, org):
            raise Forbidden("U ziet alleen de audits van uw eigen organisatie.")
        query = query.where(OrganisatieAudit.organisatie == org)
        count = count.where(OrganisatieAudit.organisatie == org)
    elif not actor.has("auditor", "beheerder"):
        own = [as_uuid(o, "Organisatie") for o in actor.organisatie_ids] or [None]
        query = query.where(OrganisatieAudit.organisatie.is_in(own))
        count = count.where(OrganisatieAudit.organisatie.is_in(own))
    rows = (
        await query.order_by(OrganisatieAudit.datum, ascending=False)
        .order_by(OrganisatieAudit.aangemaakt_op, ascending=False)
        .offset(offset)
        .limit(limit)
    )
    return [await _view(r["id"]) for r in rows], await count


async def create(actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    if not actor.has("auditor"):
        raise Forbidden("Alleen een auditor legt een organisatie-audit vast.")
    errors = check_audit(values)
    try:
        org = as_uuid(values.get("organisatie"), "Organisatie")
    except NotFound:
        org = None
    if org is None or not await Organisatie.exists().where(Organisatie.id == org):
        errors.insert(0, FieldError("organisatie", "deze organisatie bestaat niet"))
    if errors:
        raise InvalidInput(errors)
    if reason := await conflict_of_interest(actor, organisatie=org, on=values["datum"]):
        raise Forbidden(reason)
    async with db.transaction():
        row = OrganisatieAudit(
            organisatie=org,
            datum=values["datum"],
            auditor=as_uuid(actor.account_id, "Account"),
            schema=values["schema"],
            uitkomst=values["uitkomst"],
            aangemaakt_op=clock.now(),
        )
        await row.save()
        for b in values["bevindingen"]:
            await Bevinding(
                audit=row.id,
                gebied=b["gebied"],
                oordeel=b["oordeel"],
                maatregel=b.get("maatregel") or "",
                deadline=b.get("deadline"),
            ).save()
        await auditlog.record(
            actor,
            "create",
            "organisatie-audit",
            row.id,
            {
                "organisatie": str(org),
                "datum": values["datum"],
                "schema": values["schema"],
                "uitkomst": values["uitkomst"],
                "bevindingen": [
                    {k: b.get(k) for k in ("gebied", "oordeel", "maatregel", "deadline")}
                    for b in values["bevindingen"]
                ],
            },
        )
    return await _view(row.id)


async def medeondertekenen(actor: Actor, audit_id: str) -> dict[str, Any]:
    """A second auditor co-signs an audit (needed for one dated more than 30 days before it was recorded;
    until then its findings cannot be closed). Raises Forbidden (not an auditor, the recording auditor, or
    a conflict of interest with the organisation within 12 months of the audit date), Conflict (already
    co-signed). Written to the audit log."""
    if not actor.has("auditor"):
        raise Forbidden("Alleen een auditor ondertekent een organisatie-audit mede.")
    uid = as_uuid(audit_id, "Audit")
    async with db.transaction():
        row = await get_row(OrganisatieAudit, uid, "Audit")
        if str(row["auditor"]) == str(actor.account_id):
            raise Forbidden("De auditor die de audit vastlegt, kan haar niet zelf medeondertekenen.")
        if row["medeondertekend_door"] is not None:
            raise Conflict("Deze audit is al medeondertekend.")
        if reason := await conflict_of_interest(actor, organisatie=row["organisatie"], on=row["datum"]):
            raise Forbidden(reason)
        await OrganisatieAudit.update(
            {
                OrganisatieAudit.medeondertekend_door: actor.account_id,
                OrganisatieAudit.medeondertekend_op: clock.now(),
            }
        ).where(OrganisatieAudit.id == uid)
        await auditlog.record(actor, "medeondertekening", "organisatie-audit", uid, {"datum": row["datum"]})
    return await _view(uid)


def _wacht_op_medeondertekening(audit: dict[str, Any]) -> None:
    """Conflict while a back-dated audit (a table row) lacks its co-signature."""
    nodig = regels.medeondertekening_nodig(audit["datum"], dag_in_nederland(audit["aangemaakt_op"]))
    if nodig and audit["medeondertekend_door"] is None:
        raise Conflict(
            f"Deze audit is gedateerd op {datum(audit['datum'])}, meer dan {MEDEONDERTEKENING_DAGEN} dagen voor "
            "ze werd vastgelegd; een tweede auditor ondertekent haar eerst mede (medeondertekening)."
        )


async def _bevinding(audit_id: str, bevinding_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    audit = await get_row(OrganisatieAudit, audit_id, "Audit")
    bevinding = await get_row(Bevinding, bevinding_id, "Bevinding")
    if bevinding["audit"] != audit["id"]:
        raise NotFound("Bevinding niet gevonden in deze audit.")
    return audit, bevinding


async def afronden(actor: Actor, audit_id: str, bevinding_id: str, toelichting: str) -> dict[str, Any]:
    """The organisation reports the corrective action done, with a note for the auditor."""
    async with db.transaction():
        audit, b = await _bevinding(audit_id, bevinding_id)
        if not actor.is_organisatie(str(audit["organisatie"])):
            raise Forbidden("Alleen de organisatie zelf meldt een maatregel als uitgevoerd.")
        if not (toelichting or "").strip():
            raise InvalidInput.single("toelichting", "beschrijf wat u heeft gedaan")
        if reason := check_no_bsn(toelichting):
            raise InvalidInput.single("toelichting", reason)
        status = regels.bevinding_status(b["oordeel"], b["afgerond_op"], b["gesloten_op"])
        if status == "conform":
            raise Conflict("Bij een conforme bevinding hoort geen maatregel.")
        if status != "open":
            raise Conflict("Deze maatregel is al als uitgevoerd gemeld.")
        now = clock.now()
        done = await (
            Bevinding.update(
                {Bevinding.afgerond_op: now, Bevinding.afronding_toelichting: toelichting.strip()}
            )
            .where((Bevinding.id == b["id"]) & Bevinding.afgerond_op.is_null())
            .returning(Bevinding.id)
        )
        if not done:
            raise Conflict("Deze maatregel is al als uitgevoerd gemeld.")
        await auditlog.record(
            actor,
            "afronding",
            "bevinding",
            b["id"],
            {"status": {"van": "open", "naar": "uitgevoerd"}, "toelichting": toelichting.strip()},
        )
    return await _view(audit["id"])


async def sluiten(actor: Actor, audit_id: str, bevinding_id: str) -> dict[str, Any]:
    """An auditor (without a conflict of interest) closes a finding the organisation reported done."""
    if not actor.has("auditor"):
        raise Forbidden("Alleen een auditor sluit een bevinding.")
    async with db.transaction():
        audit, b = await _bevinding(audit_id, bevinding_id)
        if reason := await conflict_of_interest(actor, organisatie=audit["organisatie"], on=clock.today()):
            raise Forbidden(reason)
        _wacht_op_medeondertekening(audit)
        status = regels.bevinding_status(b["oordeel"], b["afgerond_op"], b["gesloten_op"])
        if status == "conform":
            raise Conflict("Een conforme bevinding hoeft niet te worden gesloten.")
        if status == "gesloten":
            raise Conflict("Deze bevinding is al gesloten.")
        if status == "open":
            raise Conflict("De organisatie heeft de maatregel nog niet als uitgevoerd gemeld.")
        closed = await (
            Bevinding.update({Bevinding.gesloten_op: clock.now(), Bevinding.gesloten_door: actor.account_id})
            .where((Bevinding.id == b["id"]) & Bevinding.gesloten_op.is_null())
            .returning(Bevinding.id)
        )
        if not closed:
            raise Conflict("Deze bevinding is al gesloten.")
        await auditlog.record(
            actor, "sluiting", "bevinding", b["id"], {"status": {"van": "uitgevoerd", "naar": "gesloten"}}
        )
    return await _view(audit["id"])


async def verlopen_bevindingen(actor: Actor, *, oordeel: str = "major") -> list[dict[str, Any]]:
    """Open findings (not closed by an auditor) past their deadline, oldest deadline first."""
    if not actor.has("auditor", "beheerder"):
        raise Forbidden("Alleen auditors en beheerders zien verlopen bevindingen.")
    today = clock.today()
    rows = (
        await Bevinding.select(
            Bevinding.all_columns(),
            Bevinding.audit.organisatie.as_alias("organisatie"),
            Bevinding.audit.organisatie.naam.as_alias("organisatie_naam"),
            Bevinding.audit.datum.as_alias("auditdatum"),
        )
        .where(
            (Bevinding.oordeel == oordeel)
            & Bevinding.gesloten_op.is_null()
            & Bevinding.deadline.is_not_null()
            & (Bevinding.deadline < today)
        )
        .order_by(Bevinding.deadline)
    )
    return [
        {
            **_bevinding_view(r, {}),
            "organisatie": str(r["organisatie"]),
            "organisatie_naam": r["organisatie_naam"],
            "auditdatum": r["auditdatum"],
            "dagen_te_laat": (today - r["deadline"]).days,
        }
        for r in rows
    ]


async def organisatie_keuzes() -> list[dict[str, str]]:
    """Every organisation's id and name, for filter lists."""
    rows = await Organisatie.select(Organisatie.id, Organisatie.naam).order_by(Organisatie.naam)
    return [{"id": str(r["id"]), "naam": r["naam"]} for r in rows]


async def zoek_organisaties(actor: Actor, zoek: str, limit: int = 20) -> list[dict[str, Any]]:
    """Organisations by name, KvK-nummer or place, each with this auditor's conflict of interest today."""
    from audits.toetsingen import contains

    term = (zoek or "").strip().replace("%", "").replace("_", "")
    if len(term) < 2:
        return []
    rows = (
        await Organisatie.select(Organisatie.id, Organisatie.naam, Organisatie.plaats, Organisatie.kvk_nummer)
        .where(
            contains(Organisatie.naam, term)
            | contains(Organisatie.kvk_nummer, term)
            | contains(Organisatie.plaats, term)
        )
        .order_by(Organisatie.naam)
        .limit(limit)
    )
    return [
        {
            "id": str(r["id"]),
            "naam": r["naam"],
            "plaats": r["plaats"],
            "kvk_nummer": r["kvk_nummer"],
            "belangenconflict": await conflict_of_interest(actor, organisatie=r["id"], on=clock.today()),
        }
        for r in rows
    ]


async def organisatie_kaart(organisatie_id: str) -> dict[str, str] | None:
    try:
        uid = as_uuid(organisatie_id, "Organisatie")
    except NotFound:
        return None
    row = (
        await Organisatie.select(Organisatie.id, Organisatie.naam, Organisatie.plaats)
        .where(Organisatie.id == uid)
        .first()
    )
    return {"id": str(row["id"]), "naam": row["naam"], "plaats": row["plaats"]} if row else None
