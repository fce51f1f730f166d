"""Organisations: details, keurmerken, kwaliteitsborging, tevredenheidsmetingen, klachtenregister, coaches."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from register import clock, db, kwaliteit, vocabulary
from register.actor import Actor
from register.errors import FieldError, Forbidden, InvalidInput, NotFound
from register.infra import auditlog, historie, inzage
from register.infra.records import as_uuid, get_row, snapshot, update_versioned
from register.opmaak import dag_in_nederland
from register.rules import feiten, kwalificatie, namen, toestemming
from register.rules.datums import begin_van_dag
from register.services import documenten, gemeenten, keurmerken, toetsingskaders
from register.tables import (
    Dienstverband,
    Klacht,
    Kwaliteitsborging,
    Organisatie,
    Statuswijziging,
    Tevredenheidsmeting,
    Werkgebied,
)
from register.validators import normalize_postcode
from register.vocabulary import VOORGESTELD

FIELDS = ["naam", "kvk_nummer", "postcode", "plaats", "website"]
GEBIEDEN = ("continuiteit", "privacy", "klachtprocedure", "klanttevredenheid", "scholingsbeleid")


def may_edit(actor: Actor, organisatie_id: Any) -> bool:
    return actor.has("beheerder") or actor.is_organisatie(str(organisatie_id))


def require_edit(actor: Actor, organisatie_id: Any) -> None:
    if not may_edit(actor, organisatie_id):
        raise Forbidden("U mag alleen uw eigen organisatie wijzigen.")


def require_klachtenregister(actor: Actor, organisatie_id: Any) -> None:
    """Only the organisation itself keeps its klachtenregister. Raises Forbidden."""
    if not actor.is_organisatie(str(organisatie_id)):
        raise Forbidden("Alleen de organisatie zelf houdt haar klachtenregister bij.")


def may_read_internal(actor: Actor, organisatie_id: Any) -> bool:
    """Klachtenregister and quality details: the organisation itself, auditors and beheerders."""
    return actor.has("beheerder", "auditor") or actor.is_organisatie(str(organisatie_id))


async def _werkgebied(organisatie_id) -> list[str]:
    rows = await Werkgebied.select(Werkgebied.gemeente).where(Werkgebied.organisatie == organisatie_id)
    return sorted(r["gemeente"] for r in rows)


async def view(organisatie_id: Any) -> dict[str, Any]:
    row = await get_row(Organisatie, organisatie_id, "Organisatie")
    return {
        **{k: row[k] for k in FIELDS},
        "id": str(row["id"]),
        "status": row["status"],
        "versie": row["versie"],
        "werkgebied": await _werkgebied(row["id"]),
        "keurmerken": await keurmerken.list_for(organisatie=row["id"]),
    }


async def list_organisaties(offset: int, limit: int) -> tuple[list[dict], int]:
    rows = await Organisatie.select(Organisatie.id).order_by(Organisatie.naam).offset(offset).limit(limit)
    return [await view(r["id"]) for r in rows], await Organisatie.count()


async def find_by_kvk(kvk_nummer: str) -> str | None:
    """The id of the organisation with this KvK-nummer, or None."""
    row = (
        await Organisatie.select(Organisatie.id)
        .where(Organisatie.kvk_nummer == (kvk_nummer or "").strip())
        .first()
    )
    return str(row["id"]) if row else None


async def statushistorie(organisatie_id: Any) -> list[dict[str, Any]]:
    uid = as_uuid(organisatie_id, "Organisatie")
    rows = (
        await Statuswijziging.select()
        .where(Statuswijziging.organisatie == uid)
        .order_by(Statuswijziging.vanaf, ascending=False)
    )
    return [{"status": r["status"], "vanaf": r["vanaf"], "reden": r["reden"]} for r in rows]


async def _check(values: dict[str, Any], organisatie_id=None) -> None:
    errors: list[FieldError] = []
    if "kvk_nummer" in values:
        query = Organisatie.exists().where(Organisatie.kvk_nummer == values["kvk_nummer"])
        if organisatie_id is not None:
            query = query.where(Organisatie.id != organisatie_id)
        if await query:
            errors.append(
                FieldError("kvkNummer", "dit KvK-nummer is al geregistreerd bij een andere organisatie")
            )
    if values.get("werkgebied"):
        behouden = await _werkgebied(organisatie_id) if organisatie_id is not None else []
        errors.extend(await gemeenten.check_in_gebruik(values["werkgebied"], "werkgebied", behouden=behouden))
    if errors:
        raise InvalidInput(errors)


async def create(actor: Actor, values: dict[str, Any], *, sinds: dt.date | None = None) -> dict[str, Any]:
    """Register an organisation (status actief, beheerder only); `sinds` (a past Dutch calendar day)
    records a registration made earlier, e.g. when moving a register over; default now."""
    if not actor.has("beheerder"):
        raise Forbidden("Alleen een beheerder registreert organisaties.")
    if sinds is not None and sinds > clock.today():
        raise InvalidInput.single("ingangsdatum", "mag niet in de toekomst liggen")
    values = {**values, "postcode": normalize_postcode(values["postcode"])}
    now = clock.now()
    async with db.transaction():
        await _check(values)
        row = Organisatie(**{k: values.get(k) for k in FIELDS}, aangemaakt_op=now, gewijzigd_op=now)
        await row.save()
        for code in sorted(set(values.get("werkgebied") or [])):
            await Werkgebied(organisatie=row.id, gemeente=code).save()
        await Statuswijziging(
            organisatie=row.id,
            status="actief",
            vanaf=begin_van_dag(sinds) if sinds else now,
            reden="registratie",
            door=actor.account_id,
        ).save()
        await auditlog.record(
            actor,
            "create",
            "organisatie",
            row.id,
            {
                **snapshot(values, FIELDS),
                "werkgebied": values.get("werkgebied") or [],
                **({"sinds": sinds} if sinds else {}),
            },
        )
    return await view(row.id)


async def update(actor: Actor, organisatie_id: str, values: dict[str, Any]) -> dict[str, Any]:
    uid = as_uuid(organisatie_id, "Organisatie")
    require_edit(actor, uid)
    if "postcode" in values:
        values["postcode"] = normalize_postcode(values["postcode"])
    async with db.transaction():
        before = await get_row(Organisatie, uid, "Organisatie")
        await _check(values, uid)
        changes = {getattr(Organisatie, k): values[k] for k in FIELDS if k in values}
        changes[Organisatie.gewijzigd_op] = clock.now()
        await update_versioned(Organisatie, uid, changes, values.get("versie"), "Deze organisatie")
        change = auditlog.diff(snapshot(before, FIELDS), snapshot(values, [k for k in FIELDS if k in values]))
        if "werkgebied" in values:
            old = await _werkgebied(uid)
            await Werkgebied.delete().where(Werkgebied.organisatie == uid)
            for code in sorted(set(values["werkgebied"])):
                await Werkgebied(organisatie=uid, gemeente=code).save()
            if old != sorted(set(values["werkgebied"])):
                change["werkgebied"] = {"van": old, "naar": sorted(set(values["werkgebied"]))}
        await auditlog.record(actor, "update", "organisatie", uid, change)
    return await view(uid)


async def set_status(
    actor: Actor, organisatie_id: str, status: str, reden: str, *, sinds: dt.date | None = None
) -> dict[str, Any]:
    """Suspend or readmit an organisation (beheerder only), with a reason, in force from now or from the
    start of the Dutch calendar day `sinds` (a decision taken earlier). The change is a new row of the
    status history (valid time): a verdict for a peildatum D reads the status in force on D. Raises
    Forbidden (not a beheerder), InvalidInput (`ingangsdatum` in the future or before the previous
    change). Nothing changes on an error."""
    if not actor.has("beheerder"):
        raise Forbidden("Alleen een beheerder schorst een organisatie.")
    uid = as_uuid(organisatie_id, "Organisatie")
    if sinds is not None and sinds > clock.today():
        raise InvalidInput.single("ingangsdatum", "mag niet in de toekomst liggen")
    async with db.transaction():
        before = await get_row(Organisatie, uid, "Organisatie")
        vanaf = clock.now()
        if sinds is not None:
            vanaf = begin_van_dag(sinds)
            vorige = await (
                Statuswijziging.select(Statuswijziging.vanaf)
                .where(Statuswijziging.organisatie == uid)
                .order_by(Statuswijziging.vanaf, ascending=False)
                .first()
            )
            if vorige is not None and vanaf < vorige["vanaf"]:
                raise InvalidInput.single("ingangsdatum", "ligt vóór de vorige statuswijziging")
        await update_versioned(Organisatie, uid, {Organisatie.status: status}, None, "Deze organisatie")
        await Statuswijziging(
            organisatie=uid, status=status, vanaf=vanaf, reden=reden, door=actor.account_id
        ).save()
        await auditlog.record(
            actor,
            "status",
            "organisatie",
            uid,
            {
                "status": {"van": before["status"], "naar": status},
                "reden": reden,
                **({"ingangsdatum": sinds} if sinds else {}),
            },
        )
    return await view(uid)


async def add_keurmerk(actor: Actor, organisatie_id: str, values: dict[str, Any]) -> dict[str, Any]:
    uid = as_uuid(organisatie_id, "Organisatie")
    await get_row(Organisatie, uid, "Organisatie")
    require_edit(actor, uid)
    return await keurmerken.add(actor, values, organisatie=uid)


# --- kwaliteitsborging ---------------------------------------------------------------------------


async def kwaliteitsborging_versions(organisatie_id) -> list[dict[str, Any]]:
    rows = await Kwaliteitsborging.select().where(Kwaliteitsborging.organisatie == organisatie_id)
    for r in rows:
        if isinstance(r["gegevens"], str):
            r["gegevens"] = json.loads(r["gegevens"] or "{}")
    return rows


def gebied_view(version: dict[str, Any] | None) -> dict[str, Any] | None:
    if version is None:
        return None
    g = version["gegevens"] or {}
    return {
        "ingangsdatum": version["ingangsdatum"],
        "toelichting": version["toelichting"],
        "vastgelegd_op": version["vastgelegd_op"],
        "ontvangstbevestiging_dagen": g.get("ontvangstbevestigingDagen"),
        "afhandeling_weken": g.get("afhandelingWeken"),
        "klachtencommissie": g.get("klachtencommissie"),
    }


async def kwaliteitsborging(organisatie_id: str) -> dict[str, Any]:
    uid = as_uuid(organisatie_id, "Organisatie")
    await get_row(Organisatie, uid, "Organisatie")
    versions = await kwaliteitsborging_versions(uid)
    latest: dict[str, Any] = {}
    chosen: dict[str, Any] = {}
    for gebied in GEBIEDEN:
        # the version in force today, not the newest recorded (which may start later)
        chosen[gebied] = historie.actueel(
            [v for v in versions if v["gebied"] == gebied],
            begin=lambda v: v["ingangsdatum"],
            volgorde=lambda v: v["vastgelegd_op"],
        )
        latest[gebied] = gebied_view(chosen[gebied])
    gekoppeld = await documenten.bij_claims("kwaliteitsborging", [v["id"] for v in versions])
    for gebied in GEBIEDEN:
        if latest[gebied] is not None:
            latest[gebied]["bewijsstukken"] = gekoppeld.get(str(chosen[gebied]["id"]), [])
    return latest


async def set_kwaliteitsborging(actor: Actor, organisatie_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Each PUT records a new version per area given; earlier versions stay for past peildata."""
    uid = as_uuid(organisatie_id, "Organisatie")
    await get_row(Organisatie, uid, "Organisatie")
    require_edit(actor, uid)
    now = clock.now()
    async with db.transaction():
        change = {}
        for gebied in GEBIEDEN:
            item = values.get(gebied)
            if not item:
                continue
            gegevens = {}
            if gebied == "klachtprocedure":
                gegevens = {
                    "ontvangstbevestigingDagen": item["ontvangstbevestiging_dagen"],
                    "afhandelingWeken": item["afhandeling_weken"],
                    "klachtencommissie": item.get("klachtencommissie", ""),
                }
            versie = Kwaliteitsborging(
                organisatie=uid,
                gebied=gebied,
                ingangsdatum=item["ingangsdatum"],
                toelichting=item.get("toelichting", ""),
                gegevens=json.dumps(gegevens),
                vastgelegd_op=now,
            )
            await versie.save()
            try:
                await documenten.koppel(
                    actor, "kwaliteitsborging", versie.id, item.get("bewijsstukken") or [], organisatie=uid
                )
            except InvalidInput as exc:  # name the area's field: `klachtprocedure.bewijsstukken[0]`
                raise InvalidInput([FieldError(f"{gebied}.{e.name}", e.reason) for e in exc.errors]) from None
            change[gebied] = {
                "ingangsdatum": item["ingangsdatum"],
                "toelichting": item.get("toelichting", ""),
                **gegevens,
            }
        await auditlog.record(actor, "update", "kwaliteitsborging", uid, change)
    return await kwaliteitsborging(uid)


# --- tevredenheid --------------------------------------------------------------------------------


def meting_view(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(r["id"]),
        "periode_van": r["periode_van"],
        "periode_tot": r["periode_tot"],
        "respondenten": r["respondenten"],
        "gemiddelde_score": r["gemiddelde_score"],
        "voldoet_aan_uwv_norm": r["gemiddelde_score"] >= vocabulary.UWV_MINIMUM_SCORE,
    }


async def add_meting(actor: Actor, organisatie_id: str, values: dict[str, Any]) -> dict[str, Any]:
    uid = as_uuid(organisatie_id, "Organisatie")
    await get_row(Organisatie, uid, "Organisatie")
    require_edit(actor, uid)
    async with db.transaction():
        row = Tevredenheidsmeting(organisatie=uid, vastgelegd_op=clock.now(), **values)
        await row.save()
        await auditlog.record(
            actor, "create", "tevredenheidsmeting", row.id, {**values, "organisatie": str(uid)}
        )
    return meting_view(await get_row(Tevredenheidsmeting, row.id, "Meting"))


async def list_metingen(organisatie_id: str) -> list[dict[str, Any]]:
    uid = as_uuid(organisatie_id, "Organisatie")
    rows = (
        await Tevredenheidsmeting.select()
        .where(Tevredenheidsmeting.organisatie == uid)
        .order_by(Tevredenheidsmeting.periode_tot, ascending=False)
    )
    return [meting_view(r) for r in rows]


async def klanttevredenheid(organisatie_id: str, op: dt.date | None = None) -> kwalificatie.Tevredenheid:
    """The one verdict on the organisation's client satisfaction on `op` (default today, Dutch time),
    by the verification's own rule (register.rules.kwalificatie.klanttevredenheid) under the national kader
    in force then, so a page never judges a measurement differently from a verification."""
    d = op or clock.today()
    metingen = [
        feiten.Meting(
            str(m["id"]), m["periode_van"], m["periode_tot"], m["gemiddelde_score"], m["respondenten"]
        )
        for m in await list_metingen(organisatie_id)
    ]
    return kwalificatie.klanttevredenheid(metingen, await toetsingskaders.landelijk_kader(d), d)


# --- klachten ------------------------------------------------------------------------------------


async def _procedure_on(organisatie_id, on) -> dict[str, Any] | None:
    versions = await kwaliteitsborging_versions(organisatie_id)
    return kwaliteit.in_force(versions, "klachtprocedure", on)


KLACHT_KOLOMMEN = (
    Klacht.all_columns(),
    Klacht.jobcoach.voornaam.as_alias("jobcoach_voornaam"),
    Klacht.jobcoach.tussenvoegsel.as_alias("jobcoach_tussenvoegsel"),
    Klacht.jobcoach.achternaam.as_alias("jobcoach_achternaam"),
)


def klacht_view(r: dict[str, Any], procedure: dict[str, Any] | None) -> dict[str, Any]:
    """One complaint as the API and pages show it; `r` a row selected with KLACHT_KOLOMMEN (the coach's
    name joined in); deadlines from the klachtprocedure in force on the day it was received."""
    bevestiging, afhandeling = kwaliteit.klacht_termijnen(r["ontvangen_op"], procedure)
    coach = r["jobcoach"]
    return {
        "id": str(r["id"]),
        "ontvangen_op": r["ontvangen_op"],
        "onderwerp": r["onderwerp"],
        "categorie": r["categorie"],
        "status": kwaliteit.klacht_status(r),
        "jobcoach": str(coach) if coach else None,
        "jobcoach_naam": namen.volledige_naam(
            r["jobcoach_voornaam"], r["jobcoach_tussenvoegsel"], r["jobcoach_achternaam"]
        )
        if coach
        else None,
        "bevestigd_op": r["bevestigd_op"],
        "afgehandeld_op": r["afgehandeld_op"],
        "uitkomst": r["uitkomst"],
        "uitkomst_toelichting": r["uitkomst_toelichting"],
        "bevestiging_uiterlijk": bevestiging,
        "afhandeling_uiterlijk": afhandeling,
        "termijn_overschreden": kwaliteit.klacht_te_laat(r, bevestiging, afhandeling, clock.today()),
        "versie": r["versie"],
    }


async def _klachten_rows(organisatie_id, klacht_id=None) -> list[dict[str, Any]]:
    query = Klacht.select(*KLACHT_KOLOMMEN).where(Klacht.organisatie == organisatie_id)
    if klacht_id is not None:
        query = query.where(Klacht.id == klacht_id)
    return await query.order_by(Klacht.ontvangen_op, ascending=False)


async def _klacht_out(actor: Actor, organisatie_id, klacht_id) -> dict[str, Any]:
    (r,) = await _klachten_rows(organisatie_id, klacht_id)
    if r["jobcoach"]:
        await inzage.record_reads(actor, [r["jobcoach"]], "klachtenregister tonen")
    return klacht_view(r, await _procedure_on(organisatie_id, r["ontvangen_op"]))


async def _check_klacht_coach(organisatie_id, jobcoach_id: Any) -> None:
    """A complaint names only a coach who works or worked for the organisation (a confirmed dienstverband,
    any period): an organisation cannot attach complaints to another organisation's coaches.
    Raises InvalidInput (field `jobcoach`)."""
    fout = InvalidInput([FieldError("jobcoach", "is geen jobcoach (geweest) van uw organisatie")])
    try:
        coach = as_uuid(jobcoach_id, "Jobcoach")
    except NotFound as exc:
        raise fout from exc
    linked = await Dienstverband.exists().where(
        (Dienstverband.organisatie == organisatie_id)
        & (Dienstverband.jobcoach == coach)
        & (Dienstverband.status == vocabulary.BEVESTIGD)
    )
    if not linked:
        raise fout


async def list_klachten(actor: Actor, organisatie_id: str) -> list[dict[str, Any]]:
    """The klachtenregister, newest first; the coaches named in it are logged as read (access log).
    Raises Forbidden for anyone but the organisation itself, auditors and beheerders."""
    uid = as_uuid(organisatie_id, "Organisatie")
    await get_row(Organisatie, uid, "Organisatie")
    if not may_read_internal(actor, uid):
        raise Forbidden("Alleen de organisatie zelf, auditors en beheerders zien het klachtenregister.")
    versions = await kwaliteitsborging_versions(uid)
    rows = await _klachten_rows(uid)
    await inzage.record_reads(actor, {r["jobcoach"] for r in rows if r["jobcoach"]}, "klachtenregister tonen")
    return [klacht_view(r, kwaliteit.in_force(versions, "klachtprocedure", r["ontvangen_op"])) for r in rows]


async def add_klacht(actor: Actor, organisatie_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Register a received complaint (`ontvangen_op`, `onderwerp`, `categorie`, optional `jobcoach`).
    Raises Forbidden unless the actor is the organisation, InvalidInput for a coach not of it."""
    uid = as_uuid(organisatie_id, "Organisatie")
    await get_row(Organisatie, uid, "Organisatie")
    require_klachtenregister(actor, uid)
    async with db.transaction():
        if values.get("jobcoach"):
            await _check_klacht_coach(uid, values["jobcoach"])
            values = {**values, "jobcoach": as_uuid(values["jobcoach"], "Jobcoach")}
        else:
            values = {**values, "jobcoach": None}
        row = Klacht(organisatie=uid, vastgelegd_op=clock.now(), **values)
        await row.save()
        await auditlog.record(actor, "create", "klacht", row.id, {**values, "organisatie": str(uid)})
    return await _klacht_out(actor, uid, row.id)


KLACHT_WIJZIGBAAR = ["categorie", "jobcoach", "bevestigd_op", "afgehandeld_op", "uitkomst", "uitkomst_toelichting"]


async def update_klacht(actor: Actor, organisatie_id: str, klacht_id: str, values: dict[str, Any]) -> dict:
    """Change a complaint (any of KLACHT_WIJZIGBAAR, with `versie` for optimistic locking). A handled
    complaint needs an `uitkomst` code. Raises Forbidden, InvalidInput (dates, outcome, coach) or Conflict."""
    uid = as_uuid(organisatie_id, "Organisatie")
    require_klachtenregister(actor, uid)
    async with db.transaction():
        before = await get_row(Klacht, klacht_id, "Klacht")
        if before["organisatie"] != uid:
            raise Forbidden("Deze klacht hoort niet bij uw organisatie.")
        values = dict(values)
        if values.get("jobcoach"):
            await _check_klacht_coach(uid, values["jobcoach"])
            values["jobcoach"] = as_uuid(values["jobcoach"], "Jobcoach")
        elif "jobcoach" in values:
            values["jobcoach"] = None
        merged = {**before, **values}
        errors = []
        for name in ("bevestigd_op", "afgehandeld_op"):
            if merged.get(name) and merged[name] < before["ontvangen_op"]:
                errors.append(FieldError(name.replace("_op", "Op"), "mag niet voor de ontvangstdatum liggen"))
        if merged.get("afgehandeld_op") and not merged.get("uitkomst"):
            errors.append(FieldError("uitkomst", "is verplicht zodra de klacht is afgehandeld"))
        if errors:
            raise InvalidInput(errors)
        changes = {getattr(Klacht, k): values[k] for k in KLACHT_WIJZIGBAAR if k in values}
        await update_versioned(Klacht, before["id"], changes, values.get("versie"), "Deze klacht")
        await auditlog.record(
            actor,
            "update",
            "klacht",
            before["id"],
            auditlog.diff(
                snapshot(before, KLACHT_WIJZIGBAAR),
                snapshot(values, [k for k in KLACHT_WIJZIGBAAR if k in values]),
            ),
        )
    return await _klacht_out(actor, uid, before["id"])


async def coaches(actor: Actor, organisatie_id: str) -> list[dict[str, Any]]:
    uid = as_uuid(organisatie_id, "Organisatie")
    await get_row(Organisatie, uid, "Organisatie")
    if not may_read_internal(actor, uid):
        raise Forbidden("Alleen de organisatie zelf, auditors en beheerders zien deze lijst.")
    rows = (
        await Dienstverband.select(
            Dienstverband.id,
            Dienstverband.jobcoach,
            Dienstverband.soort,
            Dienstverband.van,
            Dienstverband.tot,
            Dienstverband.status.as_alias("dienstverband_status"),
            Dienstverband.voorgesteld_door,
            Dienstverband.aangemaakt_op,
            Dienstverband.jobcoach.registratienummer.as_alias("registratienummer"),
            Dienstverband.jobcoach.voornaam.as_alias("voornaam"),
            Dienstverband.jobcoach.tussenvoegsel.as_alias("tussenvoegsel"),
            Dienstverband.jobcoach.achternaam.as_alias("achternaam"),
            Dienstverband.jobcoach.status.as_alias("status"),
        )
        .where(Dienstverband.organisatie == uid)
        .order_by(Dienstverband.van, ascending=False)
    )
    await inzage.record_reads(actor, [r["jobcoach"] for r in rows], "jobcoaches van de organisatie tonen")
    return [
        {
            "id": str(r["jobcoach"]),
            "dienstverband": str(r["id"]),
            "registratienummer": r["registratienummer"],
            "naam": namen.volledige_naam(r["voornaam"], r["tussenvoegsel"], r["achternaam"]),
            "status": r["status"],
            "soort": r["soort"],
            "van": r["van"],
            "tot": r["tot"],
            "dienstverband_status": r["dienstverband_status"],
            # confirmed and in force today (register.infra.historie); `toekomstig`: starts after today
            "lopend": r["dienstverband_status"] == "bevestigd" and historie.loopt_nu(r["van"], r["tot"]),
            "toekomstig": r["van"] > historie.vandaag(),
            "voorgesteld_door": r["voorgesteld_door"],
            "voorgesteld_op": r["aangemaakt_op"],
            # a back-dated proposal waits for a beheerder (register.rules.toestemming)
            "alleen_beheerder": r["dienstverband_status"] == VOORGESTELD
            and toestemming.teruggedateerd(r["van"], dag_in_nederland(r["aangemaakt_op"])),
        }
        for r in rows
    ]
