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


# --- auditlog -----------------------------------------------------------------------------------------


class AuditlogRegel(Schema, kw_only=True):
    volgnummer: int
    tijdstip: dt.datetime
    actor_naam: str
    actie: str
    objecttype: str
    object_id: str
    wijziging: dict[str, Any]
    hash: str
    actor: str | None = None
    actor_rol: str | None = None


class AuditlogVerificatie(Schema, kw_only=True, omit_defaults=True):
    """`{"intact": true, "regels": N}`, or the first broken row with the reason."""

    intact: bool
    regels: int
    eerste_foute_regel: int | None = None
    reden: str | None = None
