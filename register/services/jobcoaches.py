"""Jobcoaches: profile, status, dienstverbanden and the claims that prove their quality."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Any

from piccolo.columns.combination import WhereRaw

from register import clock, db, vocabulary
from register.actor import Actor
from register.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from register.infra import auditlog, inzage
from register.infra.records import as_uuid, get_row, snapshot, update_versioned
from register.opmaak import dag_in_nederland
from register.rules import feiten, kwalificatie, namen, toestemming
from register.rules import stand as stand_rules
from register.rules.datums import begin_van_dag
from register.rules.kwalificatie import Oordeel
from register.services import abonnementen, documenten, gemeenten, keurmerken, projecties, toetsingskaders
from register.services import feiten as feiten_loader
from register.tables import (
    Account,
    AccountRol,
    Competentiescore,
    Dienstverband,
    Jobcoach,
    Nummering,
    Opleiding,
    Organisatie,
    Scholing,
    Statuswijziging,
    Werkgebied,
    Zelfevaluatie,
)
from register.tables import Oordeel as OordeelRegel
from register.vocabulary import HERINDIEND_TOELICHTING, INGEDIEND, JOBCOACH_STATUSSEN

FIELDS = ["voornaam", "tussenvoegsel", "achternaam", "email", "telefoon"]
NAAM_FIELDS = ("voornaam", "tussenvoegsel", "achternaam")
COMPETENTIES = vocabulary.COMPETENTIES.codes
STATUS_TRANSITIONS = {
    "aangemeld": {"actief", "uitgeschreven"},
    "actief": {"geschorst", "uitgeschreven"},
    "geschorst": {"actief", "uitgeschreven"},
    "uitgeschreven": {"actief"},
}


# --- access ----------------------------------------------------------------------------------------


async def projectie_van(actor: Actor, jobcoach_id) -> str:
    """The name of the actor's view of this coach (register.services.projecties): zelf, beheerder,
    auditor, organisatie (a confirmed dienstverband in force today), gemeente or publiek."""
    werkgever_nu = bool(actor.organisatie_ids) and await Dienstverband.exists().where(
        (Dienstverband.jobcoach == jobcoach_id)
        & Dienstverband.organisatie.is_in([as_uuid(o, "organisatie") for o in actor.organisatie_ids])
        & _nu_in_dienst(clock.today())
    )
    return projecties.projectie(actor, jobcoach_id, werkgever_nu=werkgever_nu)


async def read_purpose(actor: Actor, jobcoach_id) -> str | None:
    """Why this actor may read the coach's non-public data (the purpose written to the access log), or
    None when they may not: the coach, a beheerder, an auditor, or an organisation with a confirmed
    dienstverband in force today. Never a gemeente, not even through a traject: it gets the verdict, its
    evidence lines and the public data (DOMAIN.md, Consent, access and history)."""
    return projecties.DOELEN.get(await projectie_van(actor, jobcoach_id))


def _nu_in_dienst(vandaag: dt.date):
    """Confirmed dienstverbanden in force on `vandaag` (DOMAIN.md: an organisation sees the private data of
    the coaches it employs now)."""
    return (
        (Dienstverband.status == vocabulary.BEVESTIGD)
        & (Dienstverband.van <= vandaag)
        & (Dienstverband.tot.is_null() | (Dienstverband.tot >= vandaag))
    )


async def werkt_nu_bij(jobcoach_id, organisatie_id) -> bool:
    """Whether the coach has a confirmed dienstverband with the organisation in force today (Dutch date):
    the link that lets an organisation see the coach's private data and invite the coach (issue 15)."""
    return await Dienstverband.exists().where(
        (Dienstverband.jobcoach == as_uuid(jobcoach_id, "Jobcoach"))
        & (Dienstverband.organisatie == as_uuid(organisatie_id, "Organisatie"))
        & _nu_in_dienst(clock.today())
    )


async def require_read(actor: Actor, jobcoach_id) -> str:
    doel = await read_purpose(actor, jobcoach_id)
    if doel is None:
        raise Forbidden("U heeft geen toegang tot de gegevens van deze jobcoach.")
    return doel


def require_own(actor: Actor, jobcoach_id) -> None:
    if not actor.is_coach(str(jobcoach_id)):
        raise Forbidden("Alleen de jobcoach zelf legt dit vast.")


def require_edit(actor: Actor, jobcoach_id) -> None:
    if not (actor.is_coach(str(jobcoach_id)) or actor.has("beheerder")):
        raise Forbidden("U mag alleen uw eigen profiel wijzigen.")


# --- views -----------------------------------------------------------------------------------------


async def _werkgebied(jobcoach_id) -> list[str]:
    rows = await Werkgebied.select(Werkgebied.gemeente).where(Werkgebied.jobcoach == jobcoach_id)
    return sorted(r["gemeente"] for r in rows)


def _base_view(row: dict[str, Any], werkgebied: list[str]) -> dict[str, Any]:
    return {
        "id": str(row["id"]),
        "registratienummer": row["registratienummer"],
        "voornaam": row["voornaam"],
        "tussenvoegsel": row["tussenvoegsel"],
        "achternaam": row["achternaam"],
        "naam": namen.volledige_naam(row["voornaam"], row["tussenvoegsel"], row["achternaam"]),
        "email": row["email"],
        "telefoon": row["telefoon"],
        "status": row["status"],
        "versie": row["versie"],
        "werkgebied": werkgebied,
    }


async def view(jobcoach_id) -> dict[str, Any]:
    row = await get_row(Jobcoach, jobcoach_id, "Jobcoach")
    return _base_view(row, await _werkgebied(row["id"]))


def claim_view(row: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    out = {k: row[k] for k in fields}
    out["id"] = str(row["id"])
    out["verificatie"] = row["verificatie"]
    out["beoordeling_toelichting"] = row["beoordeling_toelichting"]
    out["beoordeeld_op"] = row["beoordeeld_op"]
    return out


OPLEIDING_FIELDS = ["soort", "omschrijving", "datum", "bewijs"]
SCHOLING_FIELDS = ["titel", "aanbieder", "datum", "uren", "pe_punten", "categorie", "certificaat"]


async def opleidingen(jobcoach_id) -> list[dict[str, Any]]:
    rows = await Opleiding.select().where(Opleiding.jobcoach == jobcoach_id).order_by(Opleiding.datum)
    return await documenten.met_bewijsstukken("opleiding", [claim_view(r, OPLEIDING_FIELDS) for r in rows])


async def scholingen(jobcoach_id) -> list[dict[str, Any]]:
    rows = (
        await Scholing.select()
        .where(Scholing.jobcoach == jobcoach_id)
        .order_by(Scholing.datum, ascending=False)
    )
    return await documenten.met_bewijsstukken("scholing", [claim_view(r, SCHOLING_FIELDS) for r in rows])


async def zelfevaluaties(jobcoach_id) -> list[dict[str, Any]]:
    rows = (
        await Zelfevaluatie.select()
        .where(Zelfevaluatie.jobcoach == jobcoach_id)
        .order_by(Zelfevaluatie.datum, ascending=False)
        .order_by(Zelfevaluatie.aangemaakt_op, ascending=False)
    )
    if not rows:
        return []
    scores = await Competentiescore.select().where(
        Competentiescore.zelfevaluatie.is_in([r["id"] for r in rows])
    )
    by_eval: dict[Any, list[dict]] = {}
    order = {code: i for i, code in enumerate(COMPETENTIES)}
    for s in scores:
        by_eval.setdefault(s["zelfevaluatie"], []).append(
            {
                "code": s["code"],
                "score": s["score"],
                "toelichting": s["toelichting"],
                "leerdoel": s["leerdoel"],
            }
        )
    return [
        {
            "id": str(r["id"]),
            "datum": r["datum"],
            "volledig": r["volledig"],
            "competenties": sorted(by_eval.get(r["id"], []), key=lambda c: order.get(c["code"], 99)),
        }
        for r in rows
    ]


async def dienstverbanden(jobcoach_id) -> list[dict[str, Any]]:
    rows = (
        await Dienstverband.select(
            Dienstverband.all_columns(), Dienstverband.organisatie.naam.as_alias("organisatie_naam")
        )
        .where(Dienstverband.jobcoach == jobcoach_id)
        .order_by(Dienstverband.van, ascending=False)
    )
    return [
        {
            "id": str(r["id"]),
            "jobcoach": str(r["jobcoach"]),
            "organisatie": str(r["organisatie"]),
            "organisatie_naam": r["organisatie_naam"],
            "van": r["van"],
            "tot": r["tot"],
            "soort": r["soort"],
            "status": r["status"],
            "voorgesteld_door": r["voorgesteld_door"],
            "voorgesteld_op": r["aangemaakt_op"],
            "beoordeeld_op": r["beoordeeld_op"],
            "toelichting": r["toelichting"],
            # a back-dated proposal waits for a beheerder (register.rules.toestemming)
            "alleen_beheerder": r["status"] == vocabulary.VOORGESTELD
            and toestemming.teruggedateerd(r["van"], dag_in_nederland(r["aangemaakt_op"])),
        }
        for r in rows
    ]


async def open_voorstellen(actor: Actor) -> list[dict[str, Any]]:
    """Every dienstverband still `voorgesteld`, oldest first, for the beheerder's inbox: coach (id,
    registratienummer, naam), organisation name, dates, who proposed it, and `alleen_beheerder` (back-dated
    more than 30 days: only a beheerder confirms it). Raises Forbidden for anyone but a beheerder."""
    if not actor.has("beheerder"):
        raise Forbidden("Alleen een beheerder ziet alle open voorstellen.")
    rows = (
        await Dienstverband.select(
            Dienstverband.all_columns(),
            Dienstverband.organisatie.naam.as_alias("organisatie_naam"),
            Dienstverband.jobcoach.registratienummer.as_alias("registratienummer"),
            Dienstverband.jobcoach.voornaam.as_alias("voornaam"),
            Dienstverband.jobcoach.achternaam.as_alias("achternaam"),
        )
        .where(Dienstverband.status == vocabulary.VOORGESTELD)
        .order_by(Dienstverband.aangemaakt_op)
    )
    return [
        {
            "id": str(r["id"]),
            "jobcoach": str(r["jobcoach"]),
            "registratienummer": r["registratienummer"],
            "naam": f"{r['voornaam']} {r['achternaam']}",
            "organisatie_naam": r["organisatie_naam"],
            "van": r["van"],
            "tot": r["tot"],
            "soort": r["soort"],
            "voorgesteld_door": r["voorgesteld_door"],
            "voorgesteld_op": r["aangemaakt_op"],
            "alleen_beheerder": toestemming.teruggedateerd(r["van"], dag_in_nederland(r["aangemaakt_op"])),
        }
        for r in rows
    ]


async def statushistorie(jobcoach_id) -> list[dict[str, Any]]:
    rows = (
        await Statuswijziging.select()
        .where(Statuswijziging.jobcoach == jobcoach_id)
        .order_by(Statuswijziging.vanaf, ascending=False)
    )
    return [{"status": r["status"], "vanaf": r["vanaf"], "reden": r["reden"]} for r in rows]


def scholingsuren(
    scholing: list[dict[str, Any]], on: dt.date, *, verified_only: bool = False, maanden: int | None = None
) -> float:
    """Hours of scholing in the `maanden` (default VENSTER_MAANDEN, 12) months up to and including `on`:
    verified ones only, or every submitted one that was not rejected. The verdict's own rule
    (register.rules.kwalificatie.scholingsuren) counts them."""
    return kwalificatie.scholingsuren(
        [
            feiten.Scholing(id=str(s["id"]), datum=s["datum"], uren=s["uren"], verificatie=s["verificatie"])
            for s in scholing
        ],
        on,
        maanden or vocabulary.VENSTER_MAANDEN,
        alleen_geverifieerd=verified_only,
    )


@dataclass(frozen=True)
class Kwalificatiebeeld:
    """How a coach stands on `peildatum` against the national toetsingskader then in force (the built-in
    default or the beheerder's version): the verdict on the coach-level criteria (register.rules.
    kwalificatie.beoordeel_persoonsgebonden), the same criteria line by line with their standing and next
    step (`lijnen`, register.rules.stand), and the figures shown next to it. Hours are scholing hours in
    the kader's scholing window apart per verification state: accepted (`uren_geverifieerd`, the only ones
    that count), waiting for an auditor and rejected; `uren_norm` is the minimum."""

    peildatum: dt.date
    oordeel: Oordeel
    lijnen: tuple[stand_rules.Lijn, ...]
    uren_geverifieerd: float
    uren_in_behandeling: float
    uren_afgewezen: float
    uren_norm: float
    scholing_maanden: int
    zelfevaluatie_maanden: int


async def kwalificatiebeeld(
    actor: Actor, jobcoach_id: str, peildatum: dt.date | None = None
) -> Kwalificatiebeeld:
    """The coach's standing today (or on `peildatum`), judged by the same rules and facts as a
    verification, without a traject. Forbidden for whoever may not read the coach's data (the caller
    logged the read with the dossier)."""
    uid = as_uuid(jobcoach_id, "Jobcoach")
    row = await get_row(Jobcoach, uid, "Jobcoach")
    await require_read(actor, uid)
    d = peildatum or clock.today()
    kader = await toetsingskaders.landelijk_kader(d)
    coach = await feiten_loader.load_coach(
        uid,
        registratienummer=row["registratienummer"],
        status=row["status"],
        naam=namen.volledige_naam(row["voornaam"], row["tussenvoegsel"], row["achternaam"]),
    )
    maanden = int(kader.param("scholing", "maanden"))
    uren = kwalificatie.scholingsuren_per_verificatie(coach.scholingen, d, maanden)
    return Kwalificatiebeeld(
        peildatum=d,
        oordeel=kwalificatie.beoordeel_persoonsgebonden(coach, kader, d),
        lijnen=stand_rules.stand(coach, kader, d),
        uren_geverifieerd=uren[vocabulary.GEVERIFIEERD],
        uren_in_behandeling=uren[vocabulary.INGEDIEND],
        uren_afgewezen=uren["afgewezen"],
        uren_norm=float(kader.param("scholing", "urenMinimaal")),
        scholing_maanden=maanden,
        zelfevaluatie_maanden=int(kader.param("zelfevaluatie", "maanden")),
    )


async def dossier(actor: Actor, jobcoach_id: str) -> dict[str, Any]:
    """The coach's dossier cut to the reader's projection (register.services.projecties: zelf and
    beheerder everything, auditor and organisatie less); the read is logged with its purpose. Raises
    Forbidden for a gemeente or anyone else without a private projection, NotFound for an unknown id."""
    uid = as_uuid(jobcoach_id, "Jobcoach")
    row = await get_row(Jobcoach, uid, "Jobcoach")
    naam = await projectie_van(actor, uid)
    if naam not in projecties.DOELEN:
        raise Forbidden("U heeft geen toegang tot de gegevens van deze jobcoach.")
    await inzage.record_read(actor, uid, projecties.DOELEN[naam])
    scholing = await scholingen(uid)
    volledig = {
        **_base_view(row, await _werkgebied(uid)),
        "opleidingen": await opleidingen(uid),
        "keurmerken": await keurmerken.list_for(jobcoach=uid),
        "scholingen": scholing,
        "zelfevaluaties": await zelfevaluaties(uid),
        "dienstverbanden": await dienstverbanden(uid),
        "statushistorie": await statushistorie(uid),
        "scholingsuren_laatste_12_maanden": scholingsuren(scholing, clock.today()),
    }
    return projecties.snijd(naam, volledig, actor.organisatie_ids)


async def find_by_registratienummer(registratienummer: str) -> str | None:
    """The id of the coach with this registratienummer (e.g. JC-000123), or None."""
    nummer = (registratienummer or "").strip().upper()
    row = await Jobcoach.select(Jobcoach.id).where(Jobcoach.registratienummer == nummer).first()
    return str(row["id"]) if row else None


async def list_jobcoaches(
    actor: Actor,
    offset: int,
    limit: int,
    *,
    status: str | None = None,
    zoek: str | None = None,
    getoond: bool = True,
) -> tuple[list[dict], int]:
    """Beheerders and auditors see all coaches; an organisation sees its own. Optionally only one status,
    or only coaches whose first name, surname or registratienummer contains `zoek`. Each coach returned is
    a read in the access log, unless `getoond` is False (a caller that only uses the count)."""
    query = Jobcoach.select()
    count = Jobcoach.count()
    if status:
        query = query.where(Jobcoach.status == status)
        count = count.where(Jobcoach.status == status)
    if zoek and zoek.strip() and not re.sub(r"[%_\\]", "", zoek.strip()):
        return [], 0  # only LIKE wildcards: they would match everyone
    if zoek and (term := re.sub(r"[%_\\]", "", zoek.strip())):
        pattern = f"%{term}%"
        like = (lambda c: c.ilike(pattern)) if db.is_postgres() else (lambda c: c.like(pattern))
        match = like(Jobcoach.achternaam) | like(Jobcoach.voornaam) | like(Jobcoach.registratienummer)
        query = query.where(match)
        count = count.where(match)
    if not actor.has("beheerder", "auditor"):
        org_ids = [as_uuid(o, "organisatie") for o in actor.organisatie_ids]
        linked = Dienstverband.select(Dienstverband.jobcoach).where(
            Dienstverband.organisatie.is_in(org_ids or [None]) & _nu_in_dienst(clock.today())
        )
        ids = [r["jobcoach"] for r in await linked] or [None]
        query = query.where(Jobcoach.id.is_in(ids))
        count = count.where(Jobcoach.id.is_in(ids))
    rows = (
        await query.order_by(Jobcoach.sorteersleutel, Jobcoach.registratienummer).offset(offset).limit(limit)
    )
    werk = await Werkgebied.select().where(Werkgebied.jobcoach.is_in([r["id"] for r in rows] or [None]))
    by_coach: dict[Any, list[str]] = {}
    for w in werk:
        by_coach.setdefault(w["jobcoach"], []).append(w["gemeente"])
    if getoond:  # the list shows e-mail and telephone
        await inzage.record_reads(actor, [r["id"] for r in rows], "jobcoaches tonen")
    return [_base_view(r, sorted(by_coach.get(r["id"], []))) for r in rows], await count


# --- commands --------------------------------------------------------------------------------------


async def next_registratienummer() -> str:
    rows = await Nummering.raw(
        "INSERT INTO nummering (soort, laatste) VALUES ('jobcoach', 1) "
        "ON CONFLICT (soort) DO UPDATE SET laatste = nummering.laatste + 1 RETURNING laatste"
    )
    return f"JC-{int(rows[0]['laatste']):06d}"


async def coach_met_adres(email: str | None) -> str | None:
    """The registratienummer of a coach (not anonymised) whose e-mail address is `email`, compared
    trimmed and case-insensitively by the database; None when there is none."""
    adres = (email or "").strip()
    if not adres:
        return None
    row = (
        await Jobcoach.select(Jobcoach.registratienummer)
        .where(WhereRaw("lower(trim(email)) = lower({})", adres) & Jobcoach.geanonimiseerd_op.is_null())
        .first()
    )
    return row["registratienummer"] if row else None


async def _adres_vrij(actor: Actor, email: str | None, veld: str) -> None:
    """A coach has one registratienummer (DOMAIN.md, Jobcoach): refuse a second record for an address that
    already belongs to a coach. Only the beheerder learns which coach; anyone else is told no more than that
    the address is taken and how to reach that coach. Raises Conflict naming `veld`."""
    nummer = await coach_met_adres(email)
    if nummer is None:
        return
    if actor.has("beheerder"):
        reden = f"dit e-mailadres hoort al bij jobcoach {nummer}; een jobcoach heeft één registratienummer"
    else:
        reden = (
            "er staat al een jobcoach met dit e-mailadres in het register. Vraag die jobcoach om het "
            "registratienummer en stel met dat nummer een dienstverband voor"
        )
    raise Conflict(f"De jobcoach is niet aangemaakt: {reden}.", [FieldError(veld, reden)])


async def create(
    actor: Actor, values: dict[str, Any], *, sinds: dt.date | None = None, email_veld: str = "email"
) -> dict[str, Any]:
    """Register a coach (status aangemeld). `sinds` (beheerder only, a past Dutch calendar day) records
    an application made earlier, e.g. when moving a register over; default now. The system actor creates
    the record of a coach who applied and confirmed the e-mail address (register.services.aanmeldingen).

    Raises Forbidden, InvalidInput (`werkgebied`) and Conflict (field `email_veld`: the address already
    belongs to a coach, compared trimmed and case-insensitively; `_adres_vrij`)."""
    if not actor.has("beheerder", "organisatie", "systeem"):
        raise Forbidden("Alleen een beheerder of organisatie meldt een jobcoach aan.")
    if errors := await gemeenten.check_in_gebruik(values.get("werkgebied") or [], "werkgebied"):
        raise InvalidInput(errors)
    now = clock.now()
    vanaf = _vanaf(actor, sinds, None)
    async with db.transaction():
        # the numbering row stays locked until commit, so two records for one address cannot race past
        # the check below
        registratienummer = await next_registratienummer()
        await _adres_vrij(actor, values.get("email"), email_veld)
        velden = {k: values.get(k) for k in FIELDS}
        velden["tussenvoegsel"] = velden["tussenvoegsel"] or ""
        row = Jobcoach(
            registratienummer=registratienummer,
            **velden,
            sorteersleutel=namen.sorteersleutel(
                velden["voornaam"], velden["tussenvoegsel"], velden["achternaam"]
            ),
            status=vocabulary.JOBCOACH_BEGINSTATUS,
            aangemaakt_op=now,
            gewijzigd_op=now,
        )
        await row.save()
        for code in sorted(set(values.get("werkgebied") or [])):
            await Werkgebied(jobcoach=row.id, gemeente=code).save()
        await Statuswijziging(
            jobcoach=row.id,
            status=vocabulary.JOBCOACH_BEGINSTATUS,
            vanaf=vanaf or now,
            reden="aanmelding",
            door=actor.account_id,
        ).save()
        await auditlog.record(
            actor,
            "create",
            "jobcoach",
            row.id,
            {
                **snapshot(values, FIELDS),
                "registratienummer": row.registratienummer,
                "werkgebied": values.get("werkgebied") or [],
                **({"sinds": sinds} if sinds else {}),
            },
        )
    return await view(row.id)


async def update(actor: Actor, jobcoach_id: str, values: dict[str, Any]) -> dict[str, Any]:
    uid = as_uuid(jobcoach_id, "Jobcoach")
    before = await get_row(Jobcoach, uid, "Jobcoach")
    require_edit(actor, uid)
    if "werkgebied" in values and (
        errors := await gemeenten.check_in_gebruik(
            values["werkgebied"], "werkgebied", behouden=await _werkgebied(uid)
        )
    ):
        raise InvalidInput(errors)
    async with db.transaction():
        changes = {getattr(Jobcoach, k): values[k] for k in FIELDS if k in values}
        if any(k in values for k in NAAM_FIELDS):
            naam = {k: values.get(k, before[k]) for k in NAAM_FIELDS}
            changes[Jobcoach.sorteersleutel] = namen.sorteersleutel(**naam)
        changes[Jobcoach.gewijzigd_op] = clock.now()
        await update_versioned(Jobcoach, uid, changes, values.get("versie"), "Dit profiel")
        change = auditlog.diff(snapshot(before, FIELDS), snapshot(values, [k for k in FIELDS if k in values]))
        if "werkgebied" in values:
            old = await _werkgebied(uid)
            new = sorted(set(values["werkgebied"]))
            await Werkgebied.delete().where(Werkgebied.jobcoach == uid)
            for code in new:
                await Werkgebied(jobcoach=uid, gemeente=code).save()
            if old != new:
                change["werkgebied"] = {"van": old, "naar": new}
        await auditlog.record(actor, "update", "jobcoach", uid, change)
    return await view(uid)


def _vanaf(actor: Actor, sinds: dt.date | None, vorige: dt.datetime | None) -> dt.datetime | None:
    """The moment a status recorded with an ingangsdatum `sinds` takes effect (None: now). Only a
    beheerder dates a status change; never in the future, never before the previous change."""
    if sinds is None:
        return None
    if not actor.has("beheerder"):
        raise Forbidden(
            "ingangsdatum: alleen een beheerder legt een statuswijziging met terugwerkende kracht vast."
        )
    if sinds > clock.today():
        raise InvalidInput.single("ingangsdatum", "mag niet in de toekomst liggen")
    vanaf = begin_van_dag(sinds)
    if vorige is not None and vanaf < vorige:
        raise InvalidInput.single("ingangsdatum", "ligt vóór de vorige statuswijziging")
    return vanaf


async def set_status(
    actor: Actor, jobcoach_id: str, status: str, reden: str, *, sinds: dt.date | None = None
) -> dict[str, Any]:
    """Admit, suspend or deregister a coach (beheerder only), always with a reason; in force from now,
    or from the start of the Dutch calendar day `sinds` (a decision taken earlier, not before the
    previous change)."""
    if not actor.has("beheerder"):
        raise Forbidden("Alleen een beheerder wijzigt de status van een jobcoach.")
    uid = as_uuid(jobcoach_id, "Jobcoach")
    async with db.transaction():
        before = await get_row(Jobcoach, uid, "Jobcoach")
        if before["geanonimiseerd_op"] is not None:
            raise Conflict(
                "Deze jobcoach is geanonimiseerd (bewaartermijn verstreken); meld de persoon opnieuw aan."
            )
        if status not in STATUS_TRANSITIONS.get(before["status"], set()):
            raise Conflict(
                f"Een jobcoach met status {JOBCOACH_STATUSSEN.zin(before['status'])} kan niet naar status "
                f"{JOBCOACH_STATUSSEN.zin(status)}."
            )
        vorige = await (
            Statuswijziging.select(Statuswijziging.vanaf)
            .where(Statuswijziging.jobcoach == uid)
            .order_by(Statuswijziging.vanaf, ascending=False)
            .first()
        )
        vanaf = _vanaf(actor, sinds, vorige["vanaf"] if vorige else None) or clock.now()
        await update_versioned(
            Jobcoach, uid, {Jobcoach.status: status, Jobcoach.gewijzigd_op: clock.now()}, None, "Dit profiel"
        )
        await Statuswijziging(
            jobcoach=uid, status=status, vanaf=vanaf, reden=reden, door=actor.account_id
        ).save()
        await auditlog.record(
            actor,
            "status",
            "jobcoach",
            uid,
            {
                "status": {"van": before["status"], "naar": status},
                "reden": reden,
                **({"ingangsdatum": sinds} if sinds else {}),
            },
        )
        if status == "uitgeschreven":  # evidence documents leave with the coach (issue 15; data minimisation)
            await documenten.verwijder_van(actor, jobcoach=uid)
        if status in ("geschorst", "uitgeschreven"):  # gemeenten with a running traject are told at once
            await abonnementen.traject_kwalificatie_gewijzigd(uid, status)
    return await view(uid)


def _kant(actor: Actor, jobcoach_id: Any, organisatie_id: Any) -> str | None:
    """The side of the link this actor acts for (register.rules.toestemming), or None."""
    if actor.is_organisatie(str(organisatie_id)):
        return toestemming.ORGANISATIE
    if actor.is_coach(str(jobcoach_id)):
        return toestemming.JOBCOACH
    if actor.has("beheerder"):
        return toestemming.BEHEERDER
    return None


async def add_dienstverband(actor: Actor, jobcoach_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Propose a link between the coach and an organisation: status `voorgesteld` until the other side
    (or a beheerder with a reason) confirms it (`bevestig_dienstverband`); it counts for nothing before.
    The organisation proposes for itself, the coach for themselves, a beheerder for anyone.

    Raises InvalidInput (`organisatie` unknown, `van` overlapping a link with the same organisation that
    is not refused), Forbidden (anyone else). Source: DOMAIN.md, Consent, access and history."""
    uid = as_uuid(jobcoach_id, "Jobcoach")
    await get_row(Jobcoach, uid, "Jobcoach")
    org = as_uuid(values["organisatie"], "Organisatie")
    if not await Organisatie.exists().where(Organisatie.id == org):
        raise InvalidInput.single("organisatie", "deze organisatie bestaat niet")
    kant = _kant(actor, uid, org)
    if kant is None:
        raise Forbidden(
            "Alleen de organisatie zelf of de jobcoach zelf stelt een dienstverband voor (of een beheerder)."
        )
    async with db.transaction():
        existing = await Dienstverband.select().where(
            (Dienstverband.jobcoach == uid)
            & (Dienstverband.organisatie == org)
            & (Dienstverband.status != vocabulary.GEWEIGERD)
        )
        for other in existing:
            if _overlaps(values["van"], values.get("tot"), other["van"], other["tot"]):
                raise InvalidInput.single(
                    "van", "er is al een dienstverband (of voorstel) met deze organisatie in die periode"
                )
        row = Dienstverband(
            jobcoach=uid,
            organisatie=org,
            van=values["van"],
            tot=values.get("tot"),
            soort=values["soort"],
            aangemaakt_op=clock.now(),
            status=vocabulary.VOORGESTELD,
            voorgesteld_door=kant,
        )
        await row.save()
        await auditlog.record(
            actor,
            "create",
            "dienstverband",
            row.id,
            {
                "jobcoach": str(uid),
                "organisatie": str(org),
                "van": values["van"],
                "tot": values.get("tot"),
                "soort": values["soort"],
                "status": vocabulary.VOORGESTELD,
                "voorgesteldDoor": kant,
            },
        )
    return next(d for d in await dienstverbanden(uid) if d["id"] == str(row.id))


def _overlaps(a_from, a_to, b_from, b_to) -> bool:
    far = dt.date.max
    return a_from <= (b_to or far) and b_from <= (a_to or far)


async def beslis_dienstverband(
    actor: Actor, jobcoach_id: str, dienstverband_id: str, besluit: str, toelichting: str | None
) -> dict[str, Any]:
    """Confirm (`besluit` = vocabulary.BEVESTIGD) or refuse (GEWEIGERD) a proposed dienstverband.

    Who may decide comes from register.rules.toestemming: the side that did not propose it; a beheerder
    always, with a `toelichting` (the reason, at least 3 characters); a proposal whose `van` lies more
    than 30 days before the day it was proposed is confirmed by a beheerder only. Raises NotFound,
    Forbidden (not this coach's link, or not a side that may decide, e.g. the proposer or another
    organisation), InvalidInput (`toelichting` missing for a beheerder), Conflict (no longer
    `voorgesteld`). Nothing changes on an error; the decision is in the audit log."""
    uid = as_uuid(jobcoach_id, "Jobcoach")
    async with db.transaction():
        row = await get_row(Dienstverband, dienstverband_id, "Dienstverband")
        if row["jobcoach"] != uid:
            raise Forbidden("Dit dienstverband hoort niet bij deze jobcoach.")
        voorgesteld_op = dag_in_nederland(row["aangemaakt_op"])
        toegestaan = (
            toestemming.beslissers(row["voorgesteld_door"], row["van"], voorgesteld_op)
            if besluit == vocabulary.BEVESTIGD
            else toestemming.weigeraars(row["voorgesteld_door"])
        )
        kant = _kant(actor, uid, row["organisatie"])
        eigen_voorstel = kant == row["voorgesteld_door"] and kant != toestemming.BEHEERDER
        if eigen_voorstel:
            kant = None  # the side that proposed never decides on its own proposal
        if (kant is None or kant not in toegestaan) and actor.has("beheerder"):
            kant = toestemming.BEHEERDER
        if kant is None or kant not in toegestaan:
            if eigen_voorstel:
                raise Forbidden("U heeft dit dienstverband zelf voorgesteld; de andere kant beslist erover.")
            if toegestaan == {toestemming.BEHEERDER}:
                raise Forbidden(
                    f"Dit voorstel begint meer dan {vocabulary.TERUGDATEREN_DAGEN} dagen voor de dag waarop "
                    "het is gedaan; alleen een beheerder bevestigt het."
                )
            raise Forbidden("U kunt niet beslissen over het voorstel van een ander.")
        if row["status"] != vocabulary.VOORGESTELD:
            raise Conflict(
                "Over dit dienstverband is al beslist: het is "
                f"{vocabulary.DIENSTVERBAND_STATUSSEN.label(row['status']).lower()}."
            )
        reden = (toelichting or "").strip()
        if kant == toestemming.BEHEERDER and len(reden) < 3:
            raise InvalidInput.single(
                "toelichting", "een beheerder geeft altijd een reden (ten minste 3 tekens)"
            )
        await Dienstverband.update(
            {
                Dienstverband.status: besluit,
                Dienstverband.beoordeeld_op: clock.now(),
                Dienstverband.beoordeeld_door: actor.account_id,
                Dienstverband.toelichting: reden or None,
            }
        ).where((Dienstverband.id == row["id"]) & (Dienstverband.status == vocabulary.VOORGESTELD))
        await auditlog.record(
            actor,
            "bevestiging" if besluit == vocabulary.BEVESTIGD else "weigering",
            "dienstverband",
            row["id"],
            {
                "jobcoach": str(uid),
                "status": {"van": row["status"], "naar": besluit},
                "door": kant,
                "toelichting": reden or None,
            },
        )
    return next(d for d in await dienstverbanden(uid) if d["id"] == str(row["id"]))


async def end_dienstverband(actor: Actor, jobcoach_id: str, dienstverband_id: str, tot) -> dict[str, Any]:
    """Set the end date of a confirmed dienstverband (the organisation or a beheerder). Raises Forbidden,
    InvalidInput (`tot` before `van`), Conflict (not confirmed: refuse a proposal instead)."""
    uid = as_uuid(jobcoach_id, "Jobcoach")
    async with db.transaction():
        row = await get_row(Dienstverband, dienstverband_id, "Dienstverband")
        if row["jobcoach"] != uid:
            raise Forbidden("Dit dienstverband hoort niet bij deze jobcoach.")
        if not (actor.has("beheerder") or actor.is_organisatie(str(row["organisatie"]))):
            raise Forbidden("Alleen de organisatie zelf ontkoppelt een jobcoach.")
        if row["status"] != vocabulary.BEVESTIGD:
            raise Conflict(
                "Alleen een bevestigd dienstverband kan eindigen; weiger een voorstel in plaats daarvan."
            )
        if tot is not None and tot < row["van"]:
            raise InvalidInput.single("tot", "mag niet voor de begindatum (van) liggen")
        await Dienstverband.update({Dienstverband.tot: tot}).where(Dienstverband.id == row["id"])
        await auditlog.record(
            actor, "update", "dienstverband", row["id"], auditlog.diff({"tot": row["tot"]}, {"tot": tot})
        )
    return next(d for d in await dienstverbanden(uid) if d["id"] == str(row["id"]))


async def _claim(actor: Actor, jobcoach_id: str, table, values: dict[str, Any], soort: str, fields) -> dict:
    uid = as_uuid(jobcoach_id, "Jobcoach")
    await get_row(Jobcoach, uid, "Jobcoach")
    require_own(actor, uid)
    values = dict(values)
    bewijsstukken = values.pop("bewijsstukken", None) or []
    async with db.transaction():
        row = table(jobcoach=uid, **values, verificatie=INGEDIEND, ingediend_op=clock.now())
        await row.save()
        await auditlog.record(
            actor,
            "create",
            soort,
            row.id,
            {**snapshot(values, list(values)), "jobcoach": str(uid), "verificatie": INGEDIEND},
        )
        await documenten.koppel(actor, soort, row.id, bewijsstukken, jobcoach=uid)
    view = claim_view(await get_row(table, row.id, soort), fields)
    return (await documenten.met_bewijsstukken(soort, [view]))[0]


async def herindienen(
    actor: Actor,
    jobcoach_id: str,
    soort: str,
    claim_id: str,
    values: dict[str, Any],
    bestand: bytes | None = None,
    bestandsnaam: str | None = None,
) -> dict[str, Any]:
    """The coach corrects a rejected opleiding or scholing (`soort`) and submits it again (issue 15): the
    corrected fields replace the old ones, the new `bewijsstukken` are attached beside the earlier ones,
    and the claim is `ingediend` again for an auditor. `bestand` (the bytes of a new document from the
    page's upload field, with its original name `bestandsnaam`) is stored and attached in the same
    transaction, so a refused resubmission leaves no new document behind. The history stays: the rejection and this resubmission are rows of the
    judgement's history (`Oordeel`, afgewezen -> ingediend, by the coach's account) and of the audit log
    (with the values before it); the earlier documents stay attached. Raises NotFound for an unknown
    claim or one of another coach, Forbidden for anyone but the coach, Conflict when the claim is not
    rejected (a submitted claim waits, a verified one is a fact), InvalidInput (field `bestand`) or
    TeGroot (413) for a new document that is not a PDF, PNG or JPEG of at most 10 MB."""
    table, fields = {"opleiding": (Opleiding, OPLEIDING_FIELDS), "scholing": (Scholing, SCHOLING_FIELDS)}[
        soort
    ]
    uid = as_uuid(jobcoach_id, "Jobcoach")
    await get_row(Jobcoach, uid, "Jobcoach")
    require_own(actor, uid)
    values = dict(values)
    bewijsstukken = values.pop("bewijsstukken", None) or []
    async with db.transaction():
        row = await get_row(table, claim_id, vocabulary.CLAIM_SOORTEN.label(soort))
        if row["jobcoach"] != uid:
            raise NotFound(f"{vocabulary.CLAIM_SOORTEN.label(soort)} niet gevonden.")
        if row["verificatie"] != vocabulary.AFGEWEZEN:
            raise Conflict(
                f"Alleen een afgewezen {vocabulary.CLAIM_SOORTEN.zin(soort)} kan opnieuw worden ingediend; "
                f"deze is {vocabulary.VERIFICATIE_STATUSSEN.zin(row['verificatie'])}."
            )
        updated = (
            await table.update(
                {
                    **{getattr(table, k): v for k, v in values.items()},
                    table.verificatie: INGEDIEND,
                    table.ingediend_op: clock.now(),
                    table.beoordeeld_op: None,
                    table.beoordeeld_door: None,
                }
            )
            .where((table.id == row["id"]) & (table.verificatie == vocabulary.AFGEWEZEN))
            .returning(table.id)
        )
        if not updated:
            raise Conflict("Dit gegeven is intussen al gewijzigd.")
        if bestand is not None:
            bewijsstukken = [*bewijsstukken, (await documenten.upload(actor, bestand, bestandsnaam))["id"]]
        await OordeelRegel(
            soort=soort,
            claim=row["id"],
            jobcoach=uid,
            vorig=row["verificatie"],
            oordeel=INGEDIEND,
            toelichting=HERINDIEND_TOELICHTING,
            door=actor.account_id,
            op=clock.now(),
        ).save()
        await auditlog.record(
            actor,
            "herindiening",
            soort,
            row["id"],
            {
                **auditlog.diff(snapshot(row, list(values)), snapshot(values, list(values))),
                "verificatie": {"van": row["verificatie"], "naar": INGEDIEND},
                "afwijzing": row["beoordeling_toelichting"],
            },
            betrokkene=f"jobcoach:{uid}",
        )
        await documenten.koppel(actor, soort, row["id"], bewijsstukken, jobcoach=uid)
    view = claim_view(await get_row(table, row["id"], soort), fields)
    return (await documenten.met_bewijsstukken(soort, [view]))[0]


async def add_opleiding(actor: Actor, jobcoach_id: str, values: dict[str, Any]) -> dict[str, Any]:
    return await _claim(actor, jobcoach_id, Opleiding, values, "opleiding", OPLEIDING_FIELDS)


async def add_scholing(actor: Actor, jobcoach_id: str, values: dict[str, Any]) -> dict[str, Any]:
    return await _claim(actor, jobcoach_id, Scholing, values, "scholing", SCHOLING_FIELDS)


async def add_keurmerk(actor: Actor, jobcoach_id: str, values: dict[str, Any]) -> dict[str, Any]:
    uid = as_uuid(jobcoach_id, "Jobcoach")
    await get_row(Jobcoach, uid, "Jobcoach")
    require_own(actor, uid)
    return await keurmerken.add(actor, values, jobcoach=uid)


async def add_zelfevaluatie(actor: Actor, jobcoach_id: str, values: dict[str, Any]) -> dict[str, Any]:
    uid = as_uuid(jobcoach_id, "Jobcoach")
    await get_row(Jobcoach, uid, "Jobcoach")
    require_own(actor, uid)
    scores = values["competenties"]
    codes = {c["code"] for c in scores}
    if len(codes) != len(scores):
        raise InvalidInput([FieldError("competenties", "elke competentie mag maar één keer voorkomen")])
    volledig = codes == set(COMPETENTIES)
    async with db.transaction():
        row = Zelfevaluatie(jobcoach=uid, datum=values["datum"], volledig=volledig, aangemaakt_op=clock.now())
        await row.save()
        for c in scores:
            await Competentiescore(
                zelfevaluatie=row.id,
                code=c["code"],
                score=c["score"],
                toelichting=c.get("toelichting", ""),
                leerdoel=c.get("leerdoel", ""),
            ).save()
        await auditlog.record(
            actor,
            "create",
            "zelfevaluatie",
            row.id,
            {
                "jobcoach": str(uid),
                "datum": values["datum"],
                "volledig": volledig,
                "scores": {c["code"]: c["score"] for c in scores},
            },
        )
    return next(z for z in await zelfevaluaties(uid) if z["id"] == str(row.id))


async def export(actor: Actor, jobcoach_id: str) -> dict[str, Any]:
    """The register's part of the coach's export (AVG art. 15): the dossier, logged hours, complaints
    naming the coach, who read their
    data, their evidence documents (metadata and the path of each one's content), every judgement of their
    claims with its history (`oordelen`) and their own accounts. `api.export` adds the trajecten, aanvragen
    and the audits' part (toetsingen). Forbidden for anyone but the coach."""
    uid = as_uuid(jobcoach_id, "Jobcoach")
    await get_row(Jobcoach, uid, "Jobcoach")
    require_own(actor, uid)
    data = await dossier(actor, str(uid))
    from register.tables import Urenregistratie

    uren = await Urenregistratie.select(
        Urenregistratie.datum, Urenregistratie.uren, Urenregistratie.activiteit, Urenregistratie.traject
    ).where(Urenregistratie.jobcoach == uid)
    from register.tables import Klacht

    # complaints an organisation recorded as concerning the coach (subject and outcome; never the client)
    klachten = await Klacht.select(
        Klacht.organisatie.naam.as_alias("organisatie"),
        Klacht.ontvangen_op,
        Klacht.categorie,
        Klacht.onderwerp,
        Klacht.afgehandeld_op,
        Klacht.uitkomst,
        Klacht.uitkomst_toelichting,
    ).where(Klacht.jobcoach == uid)
    return {
        "jobcoach": data,
        "uren": [{**u, "traject": str(u["traject"])} for u in uren],
        "klachten": klachten,
        "inzage": await inzage.reads_of(uid),
        "documenten": [
            {**d, "inhoud": f"/api/v1/documenten/{d['id']}/inhoud"}
            for d in await documenten.van(jobcoach=uid)
        ],
        "oordelen": await _oordelen(uid),
        "accounts": await _accounts(uid),
        "geexporteerdOp": clock.now(),
    }


async def _oordelen(uid: uuid.UUID) -> list[dict[str, Any]]:
    """Every change of an auditor's judgement of the coach's claims, oldest first (the history a reversal
    adds to; `door` is the auditor's account id, `op` UTC)."""

    rows = (
        await OordeelRegel.select(
            OordeelRegel.soort,
            OordeelRegel.claim,
            OordeelRegel.vorig,
            OordeelRegel.oordeel,
            OordeelRegel.toelichting,
            OordeelRegel.door,
            OordeelRegel.op,
        )
        .where(OordeelRegel.jobcoach == uid)
        .order_by(OordeelRegel.op)
    )
    return [{**r, "claim": str(r["claim"]), "door": str(r["door"]) if r["door"] else None} for r in rows]


async def _accounts(uid: uuid.UUID) -> list[dict[str, Any]]:
    """The coach's own accounts: user name, e-mail, active, last log-in (UTC) and whether a second factor is
    on; never a hash, secret or recovery code."""
    ids = [
        r["account"] for r in await AccountRol.select(AccountRol.account).where(AccountRol.jobcoach == uid)
    ]
    rows = await Account.select(
        Account.gebruikersnaam, Account.email, Account.actief, Account.laatst_ingelogd_op, Account.totp_sinds
    ).where(Account.id.is_in(ids or [None]))
    return [
        {
            "gebruikersnaam": r["gebruikersnaam"],
            "email": r["email"],
            "actief": r["actief"],
            "laatstIngelogdOp": r["laatst_ingelogd_op"],
            "tweedeFactor": r["totp_sinds"] is not None,
        }
        for r in rows
    ]
