"""Auditors verify or reject claims: opleidingen, keurmerken and scholing. Only verified facts count.

A judgement is about the claim as a whole and applies to every date (a diploma verified today was genuine
in 2015 too). Every change of it is kept as a row of `Oordeel` (who, when, why); an auditor may reverse a
judgement later (`herzie`: a forged certificate found), which changes new verdicts for past dates too,
while verifications and statements already issued stay as issued (they store their own result and name
the judgements they used in `bronnen`). Source: DOMAIN.md, "Consent, access and history"; issue 12."""

from __future__ import annotations

from typing import Any

from register import clock, db
from register.actor import Actor
from register.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from register.infra import auditlog, historie, inzage
from register.infra.belangen import conflict_of_interest
from register.infra.records import as_uuid, gebruikersnamen
from register.opmaak import datum, getal
from register.rules import namen
from register.rules.keurmerken import weergave_code
from register.services import documenten
from register.tables import Dienstverband, Jobcoach, Keurmerk, Oordeel, Opleiding, Organisatie, Scholing
from register.validators import check_no_bsn
from register.vocabulary import (
    AFGEWEZEN,
    BEOORDELINGSBESLUITEN,
    BEVESTIGD,
    CLAIM_SOORTEN,
    INGEDIEND,
    KEURMERK_STATUSSEN,
    OPLEIDING_SOORTEN,
    SCHOLING_CATEGORIEEN,
    VERIFICATIE_STATUSSEN,
    keurmerk_naam,
)

CLAIMS = (("opleiding", Opleiding), ("keurmerk", Keurmerk), ("scholing", Scholing))


async def find_claim(object_id: str) -> tuple[str, Any, dict[str, Any]]:
    uid = as_uuid(object_id, "Object")
    for soort, table in CLAIMS:
        row = await table.select().where(table.id == uid).first()
        if row is not None:
            return soort, table, row
    raise NotFound("Er is geen opleiding, keurmerk of scholing met deze id.")


BESLUITEN = BEOORDELINGSBESLUITEN.codes


def check_besluit(besluit: str, toelichting: str | None) -> list[FieldError]:
    """A rejection always carries a reason the owner can act on; no BSN in the reason."""
    errors = []
    if besluit not in BESLUITEN:
        errors.append(FieldError("besluit", "moet geverifieerd of afgewezen zijn"))
    if besluit == "afgewezen" and not (toelichting or "").strip():
        errors.append(
            FieldError(
                "toelichting", "geef bij een afwijzing de reden, zodat de indiener weet wat er ontbreekt"
            )
        )
    if reason := check_no_bsn(toelichting):
        errors.append(FieldError("toelichting", reason))
    return errors


async def beoordeel(actor: Actor, object_id: str, besluit: str, toelichting: str | None) -> dict[str, Any]:
    if not actor.has("auditor"):
        raise Forbidden("Alleen een auditor beoordeelt opgegeven gegevens.")
    toelichting = (toelichting or "").strip()
    if errors := check_besluit(besluit, toelichting):
        raise InvalidInput(errors)
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
            raise Conflict(
                f"{CLAIM_SOORTEN.dit(soort, hoofdletter=True)} is al beoordeeld "
                f"({VERIFICATIE_STATUSSEN.zin(row['verificatie'])})."
            )
        now = clock.now()
        updated = (
            await table.update(
                {
                    table.verificatie: besluit,
                    table.beoordeeld_op: now,
                    table.beoordeeld_door: actor.account_id,
                    table.beoordeling_toelichting: toelichting,
                }
            )
            .where((table.id == row["id"]) & (table.verificatie == "ingediend"))
            .returning(table.id)
        )
        if not updated:
            raise Conflict(f"{CLAIM_SOORTEN.dit(soort, hoofdletter=True)} is intussen al beoordeeld.")
        await _leg_vast(actor, soort, row, besluit, toelichting, now)
        await auditlog.record(
            actor,
            "verify" if besluit == "geverifieerd" else "reject",
            soort,
            row["id"],
            {"verificatie": {"van": row["verificatie"], "naar": besluit}, "toelichting": toelichting},
            betrokkene=f"jobcoach:{holder_coach}" if holder_coach is not None else None,
        )
    return {
        "object": str(row["id"]),
        "soort": soort,
        "besluit": besluit,
        "toelichting": toelichting,
        "beoordeeld_op": now,
    }


async def _leg_vast(
    actor: Actor, soort: str, row: dict[str, Any], oordeel: str, toelichting: str, op: Any
) -> None:
    """Add the judgement's history row (inside the caller's transaction)."""
    await Oordeel(
        soort=soort,
        claim=row["id"],
        jobcoach=row.get("jobcoach"),
        organisatie=row.get("organisatie") if soort == "keurmerk" else None,
        vorig=row["verificatie"],
        oordeel=oordeel,
        toelichting=toelichting,
        door=actor.account_id,
        op=op,
    ).save()


async def herzie(actor: Actor, object_id: str, besluit: str, toelichting: str | None) -> dict[str, Any]:
    """Reverse an auditor's judgement of a claim (geverifieerd -> afgewezen, e.g. a forged certificate
    found; or afgewezen -> geverifieerd), always with a reason. The claim's `verificatie` changes, a row
    of history is added and the audit log records it; verdicts computed from now on use the new judgement
    for every peildatum, stored verifications stay as issued.

    Returns the BeoordelingUitvoer shape. Raises Forbidden (not an auditor; own data or own organisation;
    a conflict of interest today), InvalidInput (besluit unknown, reason missing, a BSN in the reason),
    NotFound (no such claim), Conflict (not judged yet: use POST /beoordelingen; the same judgement
    already holds). Nothing changes on an error."""
    if not actor.has("auditor"):
        raise Forbidden("Alleen een auditor herziet een oordeel.")
    toelichting = (toelichting or "").strip()
    errors = check_besluit(besluit, toelichting)
    if not toelichting and not any(e.name == "toelichting" for e in errors):
        errors.append(
            FieldError("toelichting", "geef bij een herziening de reden (bijvoorbeeld: vals certificaat)")
        )
    if errors:
        raise InvalidInput(errors)
    async with db.transaction():
        soort, table, row = await find_claim(object_id)
        holder_coach = row.get("jobcoach")
        holder_org = row.get("organisatie") if soort == "keurmerk" else None
        if holder_coach is not None and actor.is_coach(str(holder_coach)):
            raise Forbidden("U kunt uw eigen gegevens niet beoordelen.")
        if holder_org is not None and actor.is_organisatie(str(holder_org)):
            raise Forbidden("U kunt de gegevens van uw eigen organisatie niet beoordelen.")
        if reason := await conflict_of_interest(
            actor, jobcoach=holder_coach, organisatie=holder_org, on=clock.today()
        ):
            raise Forbidden(reason)
        if row["verificatie"] == "ingediend":
            raise Conflict(
                f"{CLAIM_SOORTEN.dit(soort, hoofdletter=True)} is nog niet beoordeeld; leg eerst een oordeel vast "
                "in de werkvoorraad."
            )
        if row["verificatie"] == besluit:
            raise Conflict(
                f"{CLAIM_SOORTEN.dit(soort, hoofdletter=True)} is al {VERIFICATIE_STATUSSEN.zin(besluit)}."
            )
        now = clock.now()
        updated = (
            await table.update(
                {
                    table.verificatie: besluit,
                    table.beoordeeld_op: now,
                    table.beoordeeld_door: actor.account_id,
                    table.beoordeling_toelichting: toelichting,
                }
            )
            .where((table.id == row["id"]) & (table.verificatie == row["verificatie"]))
            .returning(table.id)
        )
        if not updated:
            raise Conflict(f"Het oordeel over {CLAIM_SOORTEN.dit(soort)} is intussen gewijzigd.")
        await _leg_vast(actor, soort, row, besluit, toelichting, now)
        await auditlog.record(
            actor,
            "herziening",
            soort,
            row["id"],
            {"verificatie": {"van": row["verificatie"], "naar": besluit}, "toelichting": toelichting},
            betrokkene=f"jobcoach:{holder_coach}" if holder_coach is not None else None,
        )
    return {
        "object": str(row["id"]),
        "soort": soort,
        "besluit": besluit,
        "toelichting": toelichting,
        "beoordeeld_op": now,
    }


def _mag_historie_zien(actor: Actor, soort: str, row: dict[str, Any]) -> bool:
    if actor.has("auditor", "beheerder"):
        return True
    if row.get("jobcoach") is not None and actor.is_coach(str(row["jobcoach"])):
        return True
    return (
        soort == "keurmerk"
        and row.get("organisatie") is not None
        and actor.is_organisatie(str(row["organisatie"]))
    )


async def oordeelhistorie(actor: Actor, object_id: str) -> dict[str, Any]:
    """A claim with the history of its judgement, oldest first, for its holder (the coach; the
    organisation for its own keurmerk), an auditor or a beheerder (Forbidden otherwise; NotFound for an
    unknown id). A read of a coach's claim by someone else goes into the access log.

    Returns {"object", "soort", "samenvatting", "verificatie", "houder" (jobcoach or organisatie id),
    "oordelen": [{"vorig", "oordeel", "toelichting", "door" (account id or None), "door_naam" (that account's
    gebruikersnaam, or None), "op" (UTC)}]}. A claim
    judged before this history was kept shows its one judgement from the claim's own fields."""
    soort, _table, row = await find_claim(object_id)
    if not _mag_historie_zien(actor, soort, row):
        raise Forbidden("U mag de beoordeling van dit gegeven niet inzien.")
    if row.get("jobcoach") is not None and not actor.is_coach(str(row["jobcoach"])):
        async with db.transaction():
            await inzage.record_read(actor, row["jobcoach"], "historie van een beoordeling")
    rows = await Oordeel.select().where(Oordeel.claim == row["id"]).order_by(Oordeel.op).order_by(Oordeel.id)
    oordelen = [
        {
            "vorig": r["vorig"],
            "oordeel": r["oordeel"],
            "toelichting": r["toelichting"],
            "door": r["door"],
            "op": r["op"],
        }
        for r in rows
    ]
    if not oordelen and row["verificatie"] != "ingediend" and row.get("beoordeeld_op") is not None:
        oordelen = [
            {
                "vorig": "ingediend",
                "oordeel": row["verificatie"],
                "toelichting": row.get("beoordeling_toelichting") or "",
                "door": row.get("beoordeeld_door"),
                "op": row["beoordeeld_op"],
            }
        ]
    namen_door = await gebruikersnamen(o["door"] for o in oordelen)
    for o in oordelen:
        o["door_naam"] = namen_door.get(str(o["door"])) if o["door"] else None
    if soort == "keurmerk":
        row = (await historie.keurmerken_op([row]))[0]
    return {
        "object": str(row["id"]),
        "soort": soort,
        "samenvatting": _samenvatting(soort, row),
        "verificatie": row["verificatie"],
        "houder": str(row.get("jobcoach") or row.get("organisatie")),
        "oordelen": oordelen,
    }


# --- the auditor's work queue ------------------------------------------------------------------------

SOORTEN = tuple(soort for soort, _table in CLAIMS)


def _samenvatting(soort: str, row: dict[str, Any]) -> str:
    if soort == "opleiding":
        return f"{OPLEIDING_SOORTEN.label(row['soort'])}: {row['omschrijving']} ({datum(row['datum'])})"
    if soort == "scholing":
        return (
            f"{row['titel']} bij {row['aanbieder']}, {getal(row['uren'])} uur, "
            f"categorie {SCHOLING_CATEGORIEEN.label(row['categorie'])} ({datum(row['datum'])})"
        )
    return (
        f"{keurmerk_naam(row['schema'], row['nummer'])}, status {KEURMERK_STATUSSEN.zin(row['status'])}, "
        f"geldig van {datum(row['ingangsdatum'])} tot en met {datum(row['geldig_tot'])}"
    )


def _bewijs(soort: str, row: dict[str, Any]) -> str:
    if soort == "opleiding":
        return row.get("bewijs") or ""
    if soort == "scholing":
        return row.get("certificaat") or ""
    return ""


async def werkvoorraad(
    actor: Actor,
    *,
    soort: str | None = None,
    organisatie: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[dict[str, Any]], int]:
    """Submitted claims waiting for an auditor, oldest first, optionally of one kind or organisation.

    The organisation filter covers the organisation's own keurmerken and the claims of the coaches who
    work there today. Each item says whether this auditor has a conflict of interest with its holder.
    Reading coaches' claims is logged in the access log (one row per coach shown). `bewijsstukken` lists
    the ids of the documents attached to each claim (opened through register.services.documenten).
    """
    if not actor.has("auditor", "beheerder"):
        raise Forbidden("Alleen een auditor of beheerder ziet de werkvoorraad.")
    if soort is not None and soort not in SOORTEN:
        raise InvalidInput.single("soort", "moet opleiding, keurmerk of scholing zijn")
    today = clock.today()
    coach_filter = org_filter = None
    if organisatie:
        org = as_uuid(organisatie, "Organisatie")
        if not await Organisatie.exists().where(Organisatie.id == org):
            raise InvalidInput.single("organisatie", "deze organisatie bestaat niet")
        rows = await Dienstverband.select(Dienstverband.jobcoach, Dienstverband.van, Dienstverband.tot).where(
            (Dienstverband.organisatie == org) & (Dienstverband.status == BEVESTIGD)
        )
        coach_filter = [r["jobcoach"] for r in rows if historie.loopt_nu(r["van"], r["tot"])]
        org_filter = org
    items: list[dict[str, Any]] = []
    for kind, table in CLAIMS:
        if soort is not None and kind != soort:
            continue
        query = table.select().where(table.verificatie == "ingediend")
        if organisatie:
            condition = table.jobcoach.is_in(coach_filter or [None])
            if kind == "keurmerk":
                condition = condition | (table.organisatie == org_filter)
            query = query.where(condition)
        rows = await query
        if kind == "keurmerk":  # shown with the status and validity in force today
            rows = await historie.keurmerken_op(rows)
        for row in rows:
            items.append({"soort": kind, "row": row})
    items.sort(key=lambda i: (i["row"]["ingediend_op"], str(i["row"]["id"])))
    total = len(items)
    page = items[offset : offset + limit]
    coach_ids = {i["row"]["jobcoach"] for i in page if i["row"].get("jobcoach") is not None}
    org_ids = {i["row"]["organisatie"] for i in page if i["row"].get("organisatie") is not None}
    coaches = {
        r["id"]: r
        for r in await Jobcoach.select(
            Jobcoach.id,
            Jobcoach.voornaam,
            Jobcoach.tussenvoegsel,
            Jobcoach.achternaam,
            Jobcoach.registratienummer,
        ).where(Jobcoach.id.is_in(list(coach_ids) or [None]))
    }
    orgs = {
        r["id"]: r
        for r in await Organisatie.select(Organisatie.id, Organisatie.naam).where(
            Organisatie.id.is_in(list(org_ids) or [None])
        )
    }
    gekoppeld: dict[str, list[str]] = {}
    for kind in SOORTEN:
        gekoppeld |= await documenten.bij_claims(kind, [i["row"]["id"] for i in page if i["soort"] == kind])
    # claims the coach corrected after a rejection: the queue shows that earlier rejection
    herindiend = {
        r["claim"]
        for r in await Oordeel.select(Oordeel.claim).where(
            Oordeel.claim.is_in([i["row"]["id"] for i in page] or [None])
            & (Oordeel.vorig == AFGEWEZEN)
            & (Oordeel.oordeel == INGEDIEND)
        )
    }
    out = []
    for item in page:
        row, kind = item["row"], item["soort"]
        coach = coaches.get(row.get("jobcoach"))
        org = orgs.get(row.get("organisatie"))
        if coach is not None:
            houder = {
                "soort": "jobcoach",
                "id": str(coach["id"]),
                "naam": namen.volledige_naam(coach["voornaam"], coach["tussenvoegsel"], coach["achternaam"]),
                "registratienummer": coach["registratienummer"],
            }
        else:
            houder = {
                "soort": "organisatie",
                "id": str(org["id"]),
                "naam": org["naam"],
                "registratienummer": None,
            }
        conflict = None
        if actor.has("auditor"):
            if coach is not None and actor.is_coach(str(coach["id"])):
                conflict = "U kunt uw eigen gegevens niet verifiëren."
            else:
                conflict = await conflict_of_interest(
                    actor,
                    jobcoach=coach["id"] if coach else None,
                    organisatie=org["id"] if org else None,
                    on=today,
                )
        out.append(
            {
                "object": str(row["id"]),
                "soort": kind,
                "ingediend_op": row["ingediend_op"],
                "houder": houder,
                "samenvatting": _samenvatting(kind, row),
                # the keurmerk's state as every page shows it (a claim in the queue is not verified yet)
                "keurmerk_weergave": (
                    weergave_code(
                        row["status"], row["verificatie"], row["geldig_tot"], today, row["ingangsdatum"]
                    )
                    if kind == "keurmerk"
                    else None
                ),
                "bewijs": _bewijs(kind, row),
                "bewijsstukken": gekoppeld.get(str(row["id"]), []),
                "eerdere_afwijzing": (row.get("beoordeling_toelichting") or "—")
                if row["id"] in herindiend
                else None,
                "belangenconflict": conflict,
            }
        )
    for coach_id in sorted(coach_ids, key=str):
        await inzage.record_read(actor, coach_id, "verificatie van opgegeven gegevens")
    return out, total
