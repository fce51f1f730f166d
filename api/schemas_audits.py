"""Request and response bodies of the audit API: beoordelingen, toetsingen, organisatie-audits, auditlog."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.schemas import Id, Schema, check_dates, check_past
from audits import organisatie_audits, toetsingen
from register import vocabulary as voc
from register.errors import FieldError
from register.services import beoordelingen

Vrijetekst = Annotated[str, Meta(max_length=5000)]
Vorm = Literal[voc.TOETSING_VORMEN.codes]  # type: ignore[valid-type]
DeelnemerBeoordeling = Literal[voc.BEOORDELINGEN.codes]  # type: ignore[valid-type]
Gebied = Literal[voc.KWALITEITSBORGING_GEBIEDEN.codes]  # type: ignore[valid-type]
Oordeel = Literal[voc.BEVINDING_OORDELEN.codes]  # type: ignore[valid-type]
Uitkomst = Literal[voc.AUDIT_UITKOMSTEN.codes]  # type: ignore[valid-type]
AuditSchema = Literal[voc.AUDIT_SCHEMAS.codes]  # type: ignore[valid-type]
Beoordelingsbesluit = Literal[voc.BEOORDELINGSBESLUITEN.codes]  # type: ignore[valid-type]


def _plain(value: Any) -> Any:
    if isinstance(value, msgspec.Struct):
        return {f: _plain(getattr(value, f)) for f in value.__struct_fields__}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --- beoordelingen ------------------------------------------------------------------------------------


class BeoordelingInvoer(Schema, kw_only=True):
    """Verify or reject a claim; a rejection needs a reason (`toelichting`)."""

    object: Id
    besluit: Beoordelingsbesluit
    toelichting: Annotated[str, Meta(max_length=2000)] = ""

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        if "besluit" not in values:
            return []
        return [
            e
            for e in beoordelingen.check_besluit(values["besluit"], values.get("toelichting", ""))
            if e.name != "besluit"
        ]


class BeoordelingUitvoer(Schema, kw_only=True):
    object: str
    soort: str
    besluit: str
    toelichting: str
    beoordeeld_op: dt.datetime


class HerzieningInvoer(Schema, kw_only=True):
    """Reverse an auditor's judgement of a claim; always with the reason (`toelichting`)."""

    besluit: Beoordelingsbesluit
    toelichting: Annotated[str, Meta(max_length=2000)] = ""

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        if not (values.get("toelichting") or "").strip():
            return [
                FieldError("toelichting", "geef bij een herziening de reden (bijvoorbeeld: vals certificaat)")
            ]
        return []


class OordeelRegel(Schema, kw_only=True):
    """One change of a judgement: from `vorig` to `oordeel`, by account `door` (its gebruikersnaam in
    `doorNaam`, so a reader sees who without a second look-up), at `op` (UTC)."""

    vorig: str
    oordeel: str
    toelichting: str
    door: str | None = None
    door_naam: str | None = None
    op: dt.datetime


class OordeelHistorie(Schema, kw_only=True):
    """A claim (opleiding, keurmerk or scholing) with its current judgement and their history, oldest
    first; `houder` is the id of the coach or organisation that holds it."""

    object: str
    soort: str
    samenvatting: str
    verificatie: str
    houder: str
    oordelen: list[OordeelRegel]


class Houder(Schema, kw_only=True):
    soort: str
    id: str
    naam: str
    registratienummer: str | None = None


class WerkvoorraadItem(Schema, kw_only=True):
    object: str
    soort: str
    ingediend_op: dt.datetime
    houder: Houder
    samenvatting: str
    bewijs: str = ""
    # the ids of the documents attached to the claim: GET /api/v1/documenten/{id}/inhoud
    bewijsstukken: list[str] = msgspec.field(default_factory=list)
    belangenconflict: str | None = None


# --- toetsingen ---------------------------------------------------------------------------------------


class DeelnemerInvoer(Schema, kw_only=True):
    jobcoach: Id
    casus: Vrijetekst = ""
    beoordeling: DeelnemerBeoordeling
    feedback: Vrijetekst = ""
    leerdoelen: Vrijetekst = ""


def _toetsing_checks(values: dict[str, Any]) -> list[FieldError]:
    errors = check_dates(values, "datum")
    if "deelnemers" in values:
        errors += toetsingen.check_deelnemers(_plain(values["deelnemers"]))
    return errors


class ToetsingInvoer(Schema, kw_only=True):
    datum: dt.date
    vorm: Vorm
    deelnemers: Annotated[list[DeelnemerInvoer], Meta(max_length=100)]
    corrigeert: Id | None = None

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return _toetsing_checks(values)


class ToetsingWijziging(Schema, kw_only=True):
    """The whole draft again (PUT): date, form and every participant."""

    datum: dt.date
    vorm: Vorm
    deelnemers: Annotated[list[DeelnemerInvoer], Meta(max_length=100)]
    versie: Annotated[int, Meta(ge=1)] | UnsetType = UNSET

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return _toetsing_checks(values)


class Deelnemer(Schema, kw_only=True):
    jobcoach: str
    naam: str
    registratienummer: str
    casus: str
    beoordeling: str
    feedback: str
    leerdoelen: str


class ToetsingKop(Schema, kw_only=True):
    id: str
    datum: dt.date
    vorm: str
    status: str
    auditor: str
    auditor_naam: str
    aangemaakt_op: dt.datetime
    versie: int
    vastgesteld_op: dt.datetime | None = None
    corrigeert: str | None = None
    gecorrigeerd_door: list[str] = []
    # dated more than 30 days before it was recorded: a second auditor co-signs it before it is locked
    medeondertekening_nodig: bool = False
    medeondertekend_door: str | None = None
    medeondertekend_op: dt.datetime | None = None


class Toetsing(ToetsingKop, kw_only=True):
    deelnemers: list[Deelnemer]


class ToetsingSamenvatting(ToetsingKop, kw_only=True):
    deelnemers: list[str]


class CoachToetsing(ToetsingKop, kw_only=True):
    """One session from a coach's point of view: their own case, assessment, feedback, learning goals.

    `teltMee`: the session is locked and not superseded by a locked correction, so it counts (with its
    `beoordeling`) for the `intercollegiale-toetsing` criterion."""

    deelname: Deelnemer
    telt_mee: bool


# --- organisatie-audits -------------------------------------------------------------------------------


class BevindingInvoer(Schema, kw_only=True):
    gebied: Gebied
    oordeel: Oordeel
    maatregel: Vrijetekst = ""
    deadline: dt.date | None = None


class OrganisatieAuditInvoer(Schema, kw_only=True):
    organisatie: Id
    datum: dt.date
    schema: AuditSchema
    bevindingen: Annotated[list[BevindingInvoer], Meta(max_length=20)]
    uitkomst: Uitkomst

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        errors = check_dates(values, "datum") + check_past(values, "datum")
        plain = {k: _plain(v) for k, v in values.items()}
        errors += [
            e
            for e in organisatie_audits.check_audit(plain)
            if "bevindingen" in values or e.name != "bevindingen"
        ]
        for i, b in enumerate(plain.get("bevindingen") or []):
            if isinstance(b.get("deadline"), dt.date):
                errors += [
                    FieldError(f"bevindingen[{i}].deadline", e.reason)
                    for e in check_dates({"deadline": b["deadline"]}, "deadline")
                ]
        return errors


class AfrondingInvoer(Schema, kw_only=True):
    toelichting: Annotated[str, Meta(min_length=1, max_length=2000)]


class Bevinding(Schema, kw_only=True):
    id: str
    audit: str
    gebied: str
    gebied_naam: str
    oordeel: str
    maatregel: str
    status: str
    verlopen: bool
    deadline: dt.date | None = None
    afgerond_op: dt.datetime | None = None
    afronding_toelichting: str | None = None
    gesloten_op: dt.datetime | None = None
    gesloten_door: str | None = None


class VerlopenBevinding(Bevinding, kw_only=True):
    organisatie: str
    organisatie_naam: str
    auditdatum: dt.date
    dagen_te_laat: int


class OrganisatieAudit(Schema, kw_only=True):
    id: str
    organisatie: str
    organisatie_naam: str
    datum: dt.date
    auditor: str
    auditor_naam: str
    schema: str
    uitkomst: str
    aangemaakt_op: dt.datetime
    bevindingen: list[Bevinding]
    # dated more than 30 days before it was recorded: a second auditor co-signs it before findings close
    medeondertekening_nodig: bool = False
    medeondertekend_door: str | None = None
    medeondertekend_op: dt.datetime | None = None


# --- auditlog -----------------------------------------------------------------------------------------


class AuditlogRegel(Schema, kw_only=True):
    """One audit-log entry. Personal values read `[gewist]` once their data key was destroyed; `volgnummer`
    is empty for the few seconds before the sequencer numbers the entry."""

    id: str
    volgnummer: int | None
    tijdstip: dt.datetime | None
    actor_naam: str
    actie: str
    objecttype: str
    object_id: str
    wijziging: dict[str, Any]
    hash: str | None
    actor: str | None = None
    actor_rol: str | None = None


class AuditlogVerificatie(Schema, kw_only=True, omit_defaults=True):
    """`{"intact": true, "regels": N}` (plus `wachtend`: entries not yet numbered), or the first difference:
    `eersteFouteRegel` (with `totEnMetRegel` when only a range can be named), `regelId`, `reden`."""

    intact: bool
    regels: int
    eerste_foute_regel: int | None = None
    tot_en_met_regel: int | None = None
    regel_id: str | None = None
    reden: str | None = None
    wachtend: int | None = None


Hash = Annotated[
    str,
    Meta(
        description="SHA-256-hash, base64 (RFC 4648 sectie 4, met opvulling)",
        examples=["3cnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="],
    ),
]


class Bewijs(Schema, kw_only=True, omit_defaults=True):
    """Een Merkle-bewijs volgens RFC 9162 sectie 2.1 (bladhash = SHA-256(0x00 || regel), knoophash =
    SHA-256(0x01 || links || rechts)). `soort` is `inclusie` (met `regel`, `bladindex`, `grootte`,
    `bladhash`, `wortel`: het pad van blad naar wortel, sectie 2.1.3) of `consistentie` (met `van`, `tot`,
    `wortelVan`, `wortelTot`: sectie 2.1.4). Controleer het tegen de wortelhash van een checkpoint die u zelf
    bewaart."""

    soort: Literal["inclusie", "consistentie"]
    pad: list[Hash]
    regel: int | None = None
    bladindex: int | None = None
    grootte: int | None = None
    bladhash: Hash | None = None
    wortel: Hash | None = None
    van: int | None = None
    tot: int | None = None
    wortel_van: Hash | None = None
    wortel_tot: Hash | None = None


class RegelBewijs(Schema, kw_only=True, omit_defaults=True):
    """De plaats van een auditlogregel (op id, zoals een ondertekende verklaring haar noemt) met haar
    inclusiebewijs. `inhoud` (base64) is de regel zelf, alleen voor verificatieregels: SHA-256(0x00 ||
    inhoud) is de bladhash. `checkpoint` is de ondertekende checkpoint van de bewijsgrootte, als die er is."""

    id: str
    volgnummer: int
    bewijs: Bewijs
    checkpoint: str | None = None
    inhoud: str | None = None


class Checkpointsleutel(Schema, kw_only=True):
    """Een sleutel waarmee het register checkpoints ondertekent (Ed25519, C2SP signed-note)."""

    naam: str
    sleutel_id: str
    verificatiesleutel: str
    algoritme: str
    aangemaakt_op: dt.datetime


class Checkpointsleutels(Schema, kw_only=True):
    """De verificatiesleutels van de checkpoints, nieuwste eerst. Bewaar de `verificatiesleutel`
    (`naam+sleutel-id+base64(0x01 || publieke sleutel)`) buiten het register."""

    sleutels: list[Checkpointsleutel]


class WisverzoekInvoer(Schema, kw_only=True):
    """Een wisverzoek: vernietig de sleutel van de persoonsgegevens van één onderwerp in de auditlog."""

    objecttype: Annotated[
        str, Meta(min_length=2, max_length=40, description="jobcoach, account, klacht, ...")
    ]
    object_id: Annotated[str, Meta(min_length=1, max_length=36)]
    reden: Annotated[str, Meta(min_length=1, max_length=500)]


class WisverzoekUitvoer(Schema, kw_only=True):
    onderwerp: str
    vernietigd: int
