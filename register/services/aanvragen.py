"""Aanvragen for jobcoach support: the Matchingsformulier of leidraad-jobcoach-aanvraag.txt drafted by a
jobcoach organisation (or its coach) for one gemeente, submitted, assessed and decided (issue 14).

Access: the organisation and the coach named in an aanvraag see it and, while it is a concept or back with
them for aanvulling, change it; the gemeente it is addressed to sees it once it was submitted and decides.
Anyone else gets 404, never 403, so another organisation's or gemeente's aanvraag does not leak. Every
change writes the audit log in the same transaction; every read by someone other than the coach goes in
the access log (the aanvraag names the coach).

Dates: `beslistermijn` is a Dutch calendar day (Awb 4:13: eight weeks after the submission, Awb 4:14:
extendable once, Awb 4:15: suspended while the applicant is asked for aanvulling); moments are UTC.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any, Protocol

import msgspec

from register import clock, db
from register.actor import Actor
from register.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from register.infra import auditlog, inzage
from register.infra.records import as_uuid, update_versioned
from register.opmaak import dag_in_nederland
from register.rules import aanvraag as regels
from register.rules import kader as kaders
from register.rules import namen
from register.rules.historie import loopt_op
from register.rules.kwalificatie import beoordeel
from register.services import feiten, gemeenten, trajecten, verificaties
from register.tables import Aanvraag, Coachingsdoel, Dienstverband, Jobcoach, Organisatie
from register.validators import check_geen_diagnose, check_geen_geboortedatum, check_no_bsn
from register.vocabulary import AANVRAAG_STATUSSEN, BEVESTIGD

NIET_GEVONDEN = "Aanvraag niet gevonden."
DOEL_INZAGE = "aanvraag inzien"
DOEL_VERIFICATIE = "verificatie aanvraag"
# top-level fields the applicant may set (snake_case, as the API's schema decodes them)
VELDEN = (
    "werkgever",
    "regime",
    "regime_motivatie",
    "contracturen",
    "gewenste_startdatum",
    "positie",
    "startbudget",
)
DELEN = ("werknemerprofiel", "werkprofiel", "match")


class Ondertekenaar(Protocol):
    def attest(self, verificatie: dict[str, Any]) -> str: ...


# --- records -----------------------------------------------------------------------------------------


class Doel(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """One coachingsdoel: `streefdatum` a date, `kernactiviteit` one of KERNACTIVITEITEN, `betreft`
    werknemer or werkgever, `status` open, behaald or gesloten."""

    id: str
    volgnummer: int
    omschrijving: str
    indicator: str
    streefwaarde: str
    streefdatum: dt.date | None
    kernactiviteit: str
    betreft: str
    status: str


class Werknemerprofiel(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    krachten: str = ""
    inspiratie: str = ""
    vaardigheden: str = ""
    context: str = ""
    beperkingen: str = ""


class Werkprofiel(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    functie: str = ""
    taken: str = ""
    uren_per_week: float | None = None
    werkplek: str = ""
    werkbegeleider: str = ""
    aanpassingen: str = ""


class Match(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    ondersteuningsbehoefte: str = ""
    kloof: str = ""
    ondersteuning_werkgever: str = ""
    coachingsdoelen: list[Doel] = []


class Vraag(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """A question of the gemeente (aanvulling gevraagd) and the applicant's answer; moments in UTC."""

    vraag: str
    gesteld_op: dt.datetime
    antwoord: str | None = None
    beantwoord_op: dt.datetime | None = None


class Criteriumregel(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    code: str
    vereist: bool
    voldaan: bool
    toelichting: str


class AanvraagVerificatie(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """The verdict on the coach and organisation at submission (peildatum: the day of submission)."""

    peildatum: dt.date
    gekwalificeerd: bool
    toetsingskader: dict[str, Any]
    criteria: list[Criteriumregel]
    uitgevoerd_op: dt.datetime


class AanvraagRecord(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """An aanvraag as the API and the pages show it (API.md, "The aanvraag's parts")."""

    id: str
    gemeente: str
    jobcoach: str
    jobcoach_naam: str
    registratienummer: str
    organisatie: str
    organisatie_naam: str
    werkgever: str
    regime: str
    regime_motivatie: str
    contracturen: float | None
    gewenste_startdatum: dt.date | None
    positie: str
    startbudget: bool
    werknemerprofiel: Werknemerprofiel
    werkprofiel: Werkprofiel
    match: Match
    status: str
    ingediend_op: dt.datetime | None
    beslistermijn: dt.date | None
    termijn_verstreken: bool
    verdaging_weken: int
    verdaging_reden: str | None
    verificatie: AanvraagVerificatie | None
    vragen: list[Vraag]
    besluit: str | None
    besluit_toelichting: str | None
    besloten_op: dt.datetime | None
    traject: str | None
    aangemaakt_op: dt.datetime
    gewijzigd_op: dt.datetime
    versie: int


class AanvraagSamenvatting(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """One line of a list (a work queue): no profile texts."""

    id: str
    gemeente: str
    jobcoach: str
    jobcoach_naam: str
    organisatie: str
    organisatie_naam: str
    werkgever: str
    regime: str
    status: str
    ingediend_op: dt.datetime | None
    beslistermijn: dt.date | None
    termijn_verstreken: bool
    traject: str | None
    gewijzigd_op: dt.datetime


# --- loading and access ------------------------------------------------------------------------------


def _columns():
    return (
        Aanvraag.all_columns(),
        Aanvraag.jobcoach.registratienummer.as_alias("registratienummer"),
        Aanvraag.jobcoach.voornaam.as_alias("voornaam"),
        Aanvraag.jobcoach.tussenvoegsel.as_alias("tussenvoegsel"),
        Aanvraag.jobcoach.achternaam.as_alias("achternaam"),
        Aanvraag.organisatie.naam.as_alias("organisatie_naam"),
    )


async def _row(aanvraag_id: Any) -> dict[str, Any]:
    try:
        uid = aanvraag_id if isinstance(aanvraag_id, uuid.UUID) else uuid.UUID(str(aanvraag_id))
    except ValueError:
        raise NotFound(NIET_GEVONDEN) from None
    row = await Aanvraag.select(*_columns()).where(Aanvraag.id == uid).first()
    if row is None:
        raise NotFound(NIET_GEVONDEN)
    for name in ("werknemerprofiel", "werkprofiel", "match"):
        row[name] = feiten._json(row[name]) or {}
    row["vragen"] = feiten._json(row["vragen"]) or []
    row["verificatie"] = feiten._json(row["verificatie"])
    return row


def partij(actor: Actor, row: Mapping[str, Any]) -> str | None:
    """How the actor is involved: organisatie, jobcoach, gemeente (only once submitted) or None."""
    if actor.is_organisatie(str(row["organisatie"])):
        return "organisatie"
    if actor.is_coach(str(row["jobcoach"])):
        return "jobcoach"
    if row["gemeente"] in actor.gemeente_codes and row["ingediend_op"] is not None:
        return "gemeente"
    return None


async def _zichtbaar(actor: Actor, aanvraag_id: Any) -> dict[str, Any]:
    row = await _row(aanvraag_id)
    if partij(actor, row) is None:
        raise NotFound(NIET_GEVONDEN)
    return row


async def _als_aanvrager(actor: Actor, aanvraag_id: Any) -> dict[str, Any]:
    row = await _zichtbaar(actor, aanvraag_id)
    if partij(actor, row) not in ("organisatie", "jobcoach"):
        raise Forbidden(
            "Alleen de organisatie of de jobcoach van deze aanvraag kan haar wijzigen of indienen."
        )
    return row


async def _als_gemeente(actor: Actor, aanvraag_id: Any) -> dict[str, Any]:
    row = await _zichtbaar(actor, aanvraag_id)
    if partij(actor, row) != "gemeente":
        raise Forbidden("Alleen de gemeente waaraan de aanvraag is gericht, beoordeelt haar.")
    return row


# --- views -------------------------------------------------------------------------------------------


async def _doelen(aanvraag_id: Any) -> list[Doel]:
    rows = (
        await Coachingsdoel.select()
        .where(Coachingsdoel.aanvraag == aanvraag_id)
        .order_by(Coachingsdoel.volgnummer)
    )
    return [doel_record(r) for r in rows]


def doel_record(r: Mapping[str, Any]) -> Doel:
    return Doel(
        id=str(r["id"]),
        volgnummer=r["volgnummer"],
        omschrijving=r["omschrijving"],
        indicator=r["indicator"],
        streefwaarde=r["streefwaarde"],
        streefdatum=r["streefdatum"],
        kernactiviteit=r["kernactiviteit"],
        betreft=r["betreft"],
        status=r["status"],
    )


def _verstreken(row: Mapping[str, Any]) -> bool:
    return regels.termijn_verstreken(row["status"], row["beslistermijn"], clock.today())


async def _record(row: dict[str, Any]) -> AanvraagRecord:
    match = row["match"]
    return AanvraagRecord(
        id=str(row["id"]),
        gemeente=row["gemeente"],
        jobcoach=str(row["jobcoach"]),
        jobcoach_naam=namen.volledige_naam(row["voornaam"], row["tussenvoegsel"], row["achternaam"]),
        registratienummer=row["registratienummer"],
        organisatie=str(row["organisatie"]),
        organisatie_naam=row["organisatie_naam"],
        werkgever=row["werkgever"],
        regime=row["regime"],
        regime_motivatie=row["regime_motivatie"],
        contracturen=row["contracturen"],
        gewenste_startdatum=row["gewenste_startdatum"],
        positie=row["positie"],
        startbudget=bool(row["startbudget"]),
        werknemerprofiel=msgspec.convert(row["werknemerprofiel"], Werknemerprofiel),
        werkprofiel=msgspec.convert(row["werkprofiel"], Werkprofiel),
        match=Match(
            ondersteuningsbehoefte=match.get("ondersteuningsbehoefte", ""),
            kloof=match.get("kloof", ""),
            ondersteuning_werkgever=match.get("ondersteuningWerkgever", ""),
            coachingsdoelen=await _doelen(row["id"]),
        ),
        status=row["status"],
        ingediend_op=row["ingediend_op"],
        beslistermijn=row["beslistermijn"],
        termijn_verstreken=_verstreken(row),
        verdaging_weken=row["verdaging_weken"],
        verdaging_reden=row["verdaging_reden"],
        verificatie=(
            msgspec.convert(row["verificatie"], AanvraagVerificatie, strict=False)
            if row["verificatie"]
            else None
        ),
        vragen=msgspec.convert(row["vragen"], list[Vraag], strict=False),
        besluit=row["besluit"],
        besluit_toelichting=row["besluit_toelichting"],
        besloten_op=row["besloten_op"],
        traject=str(row["traject"]) if row["traject"] else None,
        aangemaakt_op=row["aangemaakt_op"],
        gewijzigd_op=row["gewijzigd_op"],
        versie=row["versie"],
    )


def _samenvatting(row: Mapping[str, Any]) -> AanvraagSamenvatting:
    return AanvraagSamenvatting(
        id=str(row["id"]),
        gemeente=row["gemeente"],
        jobcoach=str(row["jobcoach"]),
        jobcoach_naam=namen.volledige_naam(row["voornaam"], row["tussenvoegsel"], row["achternaam"]),
        organisatie=str(row["organisatie"]),
        organisatie_naam=row["organisatie_naam"],
        werkgever=row["werkgever"],
        regime=row["regime"],
        status=row["status"],
        ingediend_op=row["ingediend_op"],
        beslistermijn=row["beslistermijn"],
        termijn_verstreken=_verstreken(row),
        traject=str(row["traject"]) if row["traject"] else None,
        gewijzigd_op=row["gewijzigd_op"],
    )


async def get(actor: Actor, aanvraag_id: str) -> AanvraagRecord:
    """The aanvraag for someone involved (404 otherwise); logged in the access log."""
    row = await _zichtbaar(actor, aanvraag_id)
    await inzage.record_read(actor, row["jobcoach"], DOEL_INZAGE)
    return await _record(row)


async def van_traject(traject_id: Any) -> str | None:
    """The id of the aanvraag a traject was granted on (None for a traject registered without one). The
    caller has already checked that the actor may see the traject; the aanvraag itself checks again."""
    row = await Aanvraag.select(Aanvraag.id).where(Aanvraag.traject == as_uuid(traject_id, "traject")).first()
    return str(row["id"]) if row else None


async def list_aanvragen(
    actor: Actor, offset: int = 0, limit: int = 50, *, status: str | None = None
) -> tuple[list[AanvraagSamenvatting], int]:
    """The caller's own aanvragen: an organisation's, a coach's, and those submitted to a gemeente. A
    gemeente's list is its work queue: the nearest beslistermijn first; the others newest change first."""
    if status is not None and status not in AANVRAAG_STATUSSEN:
        raise InvalidInput.single(
            "status", "moet een van deze waarden zijn: " + ", ".join(AANVRAAG_STATUSSEN.codes)
        )
    scope = None
    for clause in (
        Aanvraag.organisatie.is_in([as_uuid(o, "organisatie") for o in actor.organisatie_ids])
        if actor.organisatie_ids
        else None,
        Aanvraag.jobcoach.is_in([as_uuid(j, "jobcoach") for j in actor.own_jobcoach_ids])
        if actor.own_jobcoach_ids
        else None,
        (Aanvraag.gemeente.is_in(sorted(actor.gemeente_codes)) & Aanvraag.ingediend_op.is_not_null())
        if actor.gemeente_codes
        else None,
    ):
        if clause is not None:
            scope = clause if scope is None else scope | clause
    if scope is None:
        return [], 0
    where = scope if status is None else (scope) & (Aanvraag.status == status)
    query = Aanvraag.select(*_columns()).where(where)
    if actor.gemeente_codes and not actor.organisatie_ids and not actor.own_jobcoach_ids:
        query = query.order_by(Aanvraag.beslistermijn).order_by(Aanvraag.ingediend_op)
    else:
        query = query.order_by(Aanvraag.gewijzigd_op, ascending=False)
    rows = await query.limit(limit).offset(offset)
    total = await Aanvraag.count().where(where)
    if rows:
        await inzage.record_reads(actor, [r["jobcoach"] for r in rows], DOEL_INZAGE)
    return [_samenvatting(r) for r in rows], total


# --- checking input ----------------------------------------------------------------------------------

# API names of the top-level fields, for messages
_API = {
    "werkgever": "werkgever",
    "regime": "regime",
    "regime_motivatie": "regimeMotivatie",
    "contracturen": "contracturen",
    "gewenste_startdatum": "gewensteStartdatum",
    "positie": "positie",
    "startbudget": "startbudget",
}


def _tekstfouten(values: Mapping[str, Any]) -> list[FieldError]:
    """No BSN and no diagnosis in any free text (issue 14, "No identity, no diagnosis")."""
    errors = []
    api = {_API.get(k, k): v for k, v in values.items() if k not in ("gemeente", "jobcoach", "organisatie")}
    for pad, text in regels.teksten(api):
        reason = check_no_bsn(text) or check_geen_diagnose(text) or check_geen_geboortedatum(text)
        if reason:
            errors.append(FieldError(pad, reason))
    return errors


def _wire(value: Any) -> Any:
    """A stored JSON part in the API's names (dates as ISO text)."""
    return msgspec.to_builtins(value)


def _profiel(oud: Mapping[str, Any], nieuw: Mapping[str, Any] | None) -> dict[str, Any]:
    """Merge a part given by the client (API names) into the stored one; None values clear a field."""
    out = dict(oud)
    for k, v in (nieuw or {}).items():
        if k == "coachingsdoelen":
            continue
        out[k] = v
    return out


async def _bewaar_doelen(aanvraag_id: Any, doelen: list[Mapping[str, Any]]) -> None:
    """Replace the goals of an aanvraag (drafts only; a granted aanvraag's goals live on its traject)."""
    await Coachingsdoel.delete().where(Coachingsdoel.aanvraag == aanvraag_id)
    now = clock.now()
    rows = [
        Coachingsdoel(
            aanvraag=aanvraag_id,
            volgnummer=i + 1,
            omschrijving=d.get("omschrijving") or "",
            indicator=d.get("indicator") or "",
            streefwaarde=d.get("streefwaarde") or "",
            streefdatum=d.get("streefdatum"),
            kernactiviteit=d.get("kernactiviteit") or "",
            betreft=d.get("betreft") or "",
            aangemaakt_op=now,
            gewijzigd_op=now,
        )
        for i, d in enumerate(doelen)
    ]
    if rows:
        await Coachingsdoel.insert(*rows)


def _audit_waarden(values: Mapping[str, Any]) -> dict[str, Any]:
    return {_API.get(k, k): _wire(v) for k, v in values.items()}


# --- commands ----------------------------------------------------------------------------------------


async def _dienstverband_fout(jobcoach_id: Any, organisatie_id: Any, dag: dt.date) -> FieldError | None:
    """An error at field `jobcoach` unless the coach has a confirmed (bevestigd) dienstverband with the
    organisation in force on `dag` (Dutch calendar day; register.rules.historie.loopt_op). A proposal
    (voorgesteld), a refused or an ended link does not count: an aanvraag names a coach who works for
    the applying organisation (DOMAIN.md, dienstverband)."""
    rows = await Dienstverband.select(Dienstverband.van, Dienstverband.tot).where(
        (Dienstverband.jobcoach == jobcoach_id)
        & (Dienstverband.organisatie == organisatie_id)
        & (Dienstverband.status == BEVESTIGD)
    )
    if any(loopt_op(r["van"], r["tot"], dag) for r in rows):
        return None
    return FieldError(
        "jobcoach",
        "deze jobcoach heeft vandaag geen bevestigd dienstverband met deze organisatie; "
        "een aanvraag kan alleen voor een jobcoach die bij de organisatie werkt",
    )


async def create(actor: Actor, values: dict[str, Any]) -> AanvraagRecord:
    """A new concept aanvraag. `values`: gemeente (CBS code), jobcoach and organisatie (ids), and any of
    VELDEN and DELEN (API names inside the parts). The organisation drafts for itself, a coach for
    himself; others get 403. Errors: 400 for an unknown gemeente, coach or organisation and for a BSN or
    a diagnosis in a text."""
    code = values["gemeente"]
    # an ended gemeente (GM0370 Beemster) is refused naming its successor, as for an applicatie
    errors: list[FieldError] = await gemeenten.check_in_gebruik([code], "gemeente", lijst=False)
    coach = org = None
    try:
        coach = (
            await Jobcoach.select(Jobcoach.id)
            .where(Jobcoach.id == uuid.UUID(str(values["jobcoach"])))
            .first()
        )
    except ValueError:
        pass
    if coach is None:
        errors.append(FieldError("jobcoach", "deze jobcoach bestaat niet in het register"))
    try:
        org = (
            await Organisatie.select(Organisatie.id)
            .where(Organisatie.id == uuid.UUID(str(values["organisatie"])))
            .first()
        )
    except ValueError:
        pass
    if org is None:
        errors.append(FieldError("organisatie", "deze organisatie bestaat niet in het register"))
    errors += _tekstfouten(values)
    if errors or coach is None or org is None:
        raise InvalidInput(errors)
    if not (actor.is_organisatie(str(org["id"])) or actor.is_coach(str(coach["id"]))):
        raise Forbidden("U kunt alleen een aanvraag doen voor uw eigen organisatie of als de jobcoach zelf.")
    if fout := await _dienstverband_fout(coach["id"], org["id"], clock.today()):
        raise InvalidInput([fout])
    now = clock.now()
    match = values.get("match") or {}
    async with db.transaction():
        row = Aanvraag(
            gemeente=code,
            jobcoach=coach["id"],
            organisatie=org["id"],
            werkgever=values.get("werkgever") or "",
            regime=values.get("regime") or "",
            regime_motivatie=values.get("regime_motivatie") or "",
            contracturen=values.get("contracturen"),
            gewenste_startdatum=values.get("gewenste_startdatum"),
            positie=values.get("positie") or "",
            startbudget=bool(values.get("startbudget") or False),
            werknemerprofiel=_wire(values.get("werknemerprofiel") or {}),
            werkprofiel=_wire(values.get("werkprofiel") or {}),
            match=_wire(_profiel({}, match)),
            vragen=[],
            aangemaakt_op=now,
            gewijzigd_op=now,
        )
        await row.save()
        await _bewaar_doelen(row.id, match.get("coachingsdoelen") or [])
        await auditlog.record(actor, "create", "aanvraag", row.id, _audit_waarden(values))
    return await _record(await _row(row.id))


async def update(actor: Actor, aanvraag_id: str, values: dict[str, Any]) -> AanvraagRecord:
    """The applicant changes a concept (or an aanvraag back for aanvulling): top-level fields replace,
    the parts merge per field, `match.coachingsdoelen` replaces the goals, `antwoord` answers the
    gemeente's open question; `versie` guards against a lost update (409)."""
    async with db.transaction():
        row = await _als_aanvrager(actor, aanvraag_id)
        if row["status"] not in regels.BEWERKBAAR:
            raise Conflict(
                f"Een aanvraag met status {AANVRAAG_STATUSSEN.zin(row['status'])} kan niet meer worden gewijzigd."
            )
        errors = _tekstfouten(values)
        antwoord = values.get("antwoord")
        if antwoord is not None and row["status"] != "aanvulling-gevraagd":
            errors.append(FieldError("antwoord", "er is geen vraag van de gemeente om te beantwoorden"))
        if errors:
            raise InvalidInput(errors)
        changes: dict[Any, Any] = {}
        for name in VELDEN:
            if name in values:
                value = values[name]
                if name in ("werkgever", "regime", "regime_motivatie", "positie") and value is None:
                    value = ""
                changes[getattr(Aanvraag, name)] = value
        for deel in DELEN:
            if deel in values and values[deel] is not None:
                changes[getattr(Aanvraag, deel)] = _wire(_profiel(row[deel], values[deel]))
        if antwoord is not None:
            vragen = list(row["vragen"])
            vragen[-1] = {**vragen[-1], "antwoord": antwoord, "beantwoordOp": clock.now().isoformat()}
            changes[Aanvraag.vragen] = vragen
        doelen = (values.get("match") or {}).get("coachingsdoelen")
        if not changes and doelen is None:
            return await _record(row)
        changes[Aanvraag.gewijzigd_op] = clock.now()
        await update_versioned(Aanvraag, row["id"], changes, values.get("versie"), "Deze aanvraag")
        if doelen is not None:
            await _bewaar_doelen(row["id"], doelen)
        await auditlog.record(
            actor,
            "update",
            "aanvraag",
            row["id"],
            _audit_waarden({k: v for k, v in values.items() if k != "versie"}),
        )
    return await _record(await _row(row["id"]))


def _indiening_gegevens(row: Mapping[str, Any], doelen: list[Doel]) -> dict[str, Any]:
    """The stored aanvraag in the shape of register.rules.aanvraag.gebreken."""
    return {
        "werkgever": row["werkgever"],
        "regime": row["regime"],
        "regimeMotivatie": row["regime_motivatie"],
        "contracturen": row["contracturen"],
        "gewensteStartdatum": row["gewenste_startdatum"],
        "positie": row["positie"],
        "werknemerprofiel": row["werknemerprofiel"],
        "werkprofiel": row["werkprofiel"],
        "match": {
            **row["match"],
            "coachingsdoelen": [
                {
                    "omschrijving": d.omschrijving,
                    "indicator": d.indicator,
                    "streefwaarde": d.streefwaarde,
                    "streefdatum": d.streefdatum,
                    "kernactiviteit": d.kernactiviteit,
                    "betreft": d.betreft,
                }
                for d in doelen
            ],
        },
    }


async def _verificatie(actor: Actor, row: Mapping[str, Any], peildatum: dt.date) -> dict[str, Any]:
    """Does the coach and organisation qualify for this gemeente on the peildatum? The same facts and rules
    as a traject's verification (register.services.feiten, register.rules.kwalificatie)."""
    geladen = await feiten.load_paar(
        row["id"],
        row["jobcoach"],
        row["organisatie"],
        row["gemeente"],
        row["gewenste_startdatum"] or peildatum,
    )
    kader = kaders.in_force(geladen.kaders, row["gemeente"], peildatum)
    oordeel = beoordeel(geladen.feiten[str(row["id"])], kader, peildatum)
    await inzage.record_read(actor, row["jobcoach"], DOEL_VERIFICATIE)
    return {
        "peildatum": peildatum.isoformat(),
        "gekwalificeerd": oordeel.gekwalificeerd,
        "toetsingskader": kader.ref,
        "criteria": [
            {"code": r.code, "vereist": r.vereist, "voldaan": r.voldaan, "toelichting": r.toelichting}
            for r in oordeel.criteria
        ],
        "uitgevoerdOp": clock.now().isoformat(),
    }


async def dien_in(actor: Actor, aanvraag_id: str) -> AanvraagRecord:
    """Submit (or, after aanvulling, submit again). Every missing or vague part is a 400 listing them all
    (register.rules.aanvraag.gebreken); an aanvraag back for aanvulling needs the answer first. On
    submission the coach and organisation are verified and the verdict attached; the first submission
    starts the beslistermijn (Awb 4:13), a resubmission after aanvulling moves it by the days the question
    was open (Awb 4:15)."""
    async with db.transaction():
        row = await _als_aanvrager(actor, aanvraag_id)
        if not regels.mag_naar(row["status"], "ingediend"):
            raise Conflict(
                f"Een aanvraag met status {AANVRAAG_STATUSSEN.zin(row['status'])} kan niet worden ingediend."
            )
        gebreken = regels.gebreken(_indiening_gegevens(row, await _doelen(row["id"])))
        errors = [FieldError(g.veld, g.reden) for g in gebreken]
        if row["status"] == "aanvulling-gevraagd" and not (
            row["vragen"] and row["vragen"][-1].get("antwoord")
        ):
            errors.append(FieldError("antwoord", "beantwoord eerst de vraag van de gemeente"))
        now = clock.now()
        vandaag = dag_in_nederland(now)
        if fout := await _dienstverband_fout(row["jobcoach"], row["organisatie"], vandaag):
            errors.append(fout)
        errors += await gemeenten.check_in_gebruik([row["gemeente"]], "gemeente", lijst=False, op=vandaag)
        if errors:
            raise InvalidInput(
                errors,
                "De aanvraag is nog niet compleet: " + "; ".join(f"{e.name}: {e.reason}" for e in errors),
            )
        changes: dict[Any, Any] = {Aanvraag.status: "ingediend", Aanvraag.gewijzigd_op: now}
        if row["ingediend_op"] is None:
            changes[Aanvraag.ingediend_op] = now
            changes[Aanvraag.beslistermijn] = regels.beslistermijn(vandaag, row["verdaging_weken"])
        elif row["status"] == "aanvulling-gevraagd" and row["beslistermijn"] is not None:
            gesteld = dag_in_nederland(dt.datetime.fromisoformat(row["vragen"][-1]["gesteldOp"]))
            changes[Aanvraag.beslistermijn] = row["beslistermijn"] + (vandaag - gesteld)
        verificatie = await _verificatie(actor, row, vandaag)
        changes[Aanvraag.verificatie] = verificatie
        await update_versioned(Aanvraag, row["id"], changes, None, "Deze aanvraag")
        await auditlog.record(
            actor,
            "submit",
            "aanvraag",
            row["id"],
            {
                "status": "ingediend",
                "beslistermijn": (changes.get(Aanvraag.beslistermijn) or row["beslistermijn"]).isoformat(),
                "gekwalificeerd": verificatie["gekwalificeerd"],
            },
        )
    return await _record(await _row(row["id"]))


async def neem_in_behandeling(actor: Actor, aanvraag_id: str) -> AanvraagRecord:
    """The gemeente takes a submitted aanvraag in hand (ingediend -> in-behandeling)."""
    async with db.transaction():
        row = await _als_gemeente(actor, aanvraag_id)
        if row["status"] != "ingediend":
            raise Conflict(
                f"Een aanvraag met status {AANVRAAG_STATUSSEN.zin(row['status'])} kan niet in behandeling worden genomen."
            )
        await update_versioned(
            Aanvraag,
            row["id"],
            {Aanvraag.status: "in-behandeling", Aanvraag.gewijzigd_op: clock.now()},
            None,
            "Deze aanvraag",
        )
        await auditlog.record(actor, "update", "aanvraag", row["id"], {"status": "in-behandeling"})
    return await _record(await _row(row["id"]))


async def verdaag(actor: Actor, aanvraag_id: str, weken: int, reden: str) -> AanvraagRecord:
    """The gemeente extends the beslistermijn once, by 1 to VERDAGING_MAX_WEKEN weeks, with a reason
    (Awb 4:14). 409 when the aanvraag is not open for a decision."""
    async with db.transaction():
        row = await _als_gemeente(actor, aanvraag_id)
        if row["status"] not in regels.OPEN_VOOR_BESLUIT and row["status"] != "aanvulling-gevraagd":
            raise Conflict("De beslistermijn van een afgehandelde aanvraag kan niet worden verdaagd.")
        fouten = regels.verdaging_fout(row["verdaging_weken"] > 0, weken, reden)
        if fouten:
            raise InvalidInput([FieldError(g.veld, g.reden) for g in fouten])
        errors = _tekstfouten({"reden": reden})
        if errors:
            raise InvalidInput(errors)
        termijn = row["beslistermijn"] + dt.timedelta(weeks=weken)
        await update_versioned(
            Aanvraag,
            row["id"],
            {
                Aanvraag.verdaging_weken: weken,
                Aanvraag.verdaging_reden: reden,
                Aanvraag.beslistermijn: termijn,
                Aanvraag.gewijzigd_op: clock.now(),
            },
            None,
            "Deze aanvraag",
        )
        await auditlog.record(
            actor,
            "extend",
            "aanvraag",
            row["id"],
            {"weken": weken, "reden": reden, "beslistermijn": termijn.isoformat()},
        )
    return await _record(await _row(row["id"]))


async def trek_in(actor: Actor, aanvraag_id: str) -> AanvraagRecord:
    """The applicant withdraws an aanvraag that is not yet decided."""
    async with db.transaction():
        row = await _als_aanvrager(actor, aanvraag_id)
        if not regels.mag_naar(row["status"], "ingetrokken"):
            raise Conflict(
                f"Een aanvraag met status {AANVRAAG_STATUSSEN.zin(row['status'])} kan niet worden ingetrokken."
            )
        await update_versioned(
            Aanvraag,
            row["id"],
            {Aanvraag.status: "ingetrokken", Aanvraag.gewijzigd_op: clock.now()},
            None,
            "Deze aanvraag",
        )
        await auditlog.record(actor, "withdraw", "aanvraag", row["id"], {"status": "ingetrokken"})
    return await _record(await _row(row["id"]))


def _doelen_tekst(doelen: list[Doel]) -> str:
    """The goals as the traject's `doelen` text (the traject shows them structured too)."""
    return "\n".join(
        f"{d.volgnummer}. {d.omschrijving} (indicator: {d.indicator}; streefwaarde: {d.streefwaarde})"
        for d in doelen
    )[:5000]


async def besluit(
    actor: Actor, aanvraag_id: str, values: dict[str, Any], signer: Ondertekenaar | None = None
) -> AanvraagRecord:
    """The gemeente's decision: `besluit` toegekend, afgewezen or aanvulling-gevraagd, `toelichting` (the
    reason, required unless toegekend; the questions for aanvulling), `regime` (optional: grant another
    regime than asked). Toegekend creates the traject (register.services.trajecten: hours budget and
    report schedule) carrying the goals, verifies its coach and organisation today (signed) and records
    the funding decision on it; refused (409) when they do not qualify. All in one transaction."""
    keuze = values["besluit"]
    toelichting = (values.get("toelichting") or "").strip()
    errors = _tekstfouten({"toelichting": toelichting})
    if keuze in ("afgewezen", "aanvulling-gevraagd") and not toelichting:
        reden = (
            "geef de reden van de afwijzing" if keuze == "afgewezen" else "stel de vragen aan de aanvrager"
        )
        errors.append(FieldError("toelichting", f"is verplicht bij dit besluit: {reden}"))
    if errors:
        raise InvalidInput(errors)
    async with db.transaction():
        row = await _als_gemeente(actor, aanvraag_id)
        if not regels.mag_naar(row["status"], keuze) or row["status"] not in regels.OPEN_VOOR_BESLUIT:
            raise Conflict(
                f"Over een aanvraag met status {AANVRAAG_STATUSSEN.zin(row['status'])} kan niet worden besloten."
            )
        now = clock.now()
        changes: dict[Any, Any] = {Aanvraag.status: keuze, Aanvraag.gewijzigd_op: now}
        audit: dict[str, Any] = {"besluit": keuze, "toelichting": toelichting}
        if keuze == "aanvulling-gevraagd":
            changes[Aanvraag.vragen] = [*row["vragen"], {"vraag": toelichting, "gesteldOp": now.isoformat()}]
        else:
            changes |= {
                Aanvraag.besluit: keuze,
                Aanvraag.besluit_toelichting: toelichting,
                Aanvraag.besloten_op: now,
                Aanvraag.besloten_door: actor.account_id,
            }
        if keuze == "toegekend":
            if signer is None:
                raise ValueError("a grant signs the new traject's verification: pass a signer")
            traject_id = await _maak_traject(
                actor, row, values.get("regime") or row["regime"], toelichting, signer
            )
            changes[Aanvraag.traject] = uuid.UUID(traject_id)
            audit |= {"traject": traject_id, "regime": values.get("regime") or row["regime"]}
        await update_versioned(Aanvraag, row["id"], changes, None, "Deze aanvraag")
        await auditlog.record(actor, "decide", "aanvraag", row["id"], audit)
    return await _record(await _row(row["id"]))


async def _maak_traject(
    actor: Actor, row: Mapping[str, Any], regime: str, toelichting: str, signer: Ondertekenaar
) -> str:
    doelen = await _doelen(row["id"])
    startdatum = max(row["gewenste_startdatum"], clock.today())
    made = await trajecten.create(
        actor,
        {
            "gemeente": row["gemeente"],
            "referentie": "AV-" + uuid.UUID(str(row["id"])).hex[:8].upper(),
            "werkgever": row["werkgever"],
            "startdatum": startdatum,
            "regime": regime,
            "contracturen": row["contracturen"],
            "jobcoach": str(row["jobcoach"]),
            "organisatie": str(row["organisatie"]),
            "doelen": _doelen_tekst(doelen),
        },
    )
    [verificatie] = await verificaties.verify(actor, [made["id"]], None, signer)
    if not verificatie.gekwalificeerd:
        raise Conflict(
            "De jobcoach of de organisatie voldoet vandaag niet aan uw toetsingskader; de aanvraag kan zo niet "
            "worden toegekend. Bekijk de verificatie of wijs de aanvraag af."
        )
    await trajecten.besluit(
        actor,
        made["id"],
        {"besluit": "goedgekeurd", "verificatie": verificatie.id, "toelichting": toelichting},
    )
    await Coachingsdoel.update({Coachingsdoel.traject: uuid.UUID(made["id"])}).where(
        Coachingsdoel.aanvraag == row["id"]
    )
    return made["id"]
