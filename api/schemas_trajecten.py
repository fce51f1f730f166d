"""Request and response bodies for trajecten, verification, toetsingskaders and signals."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from msgspec import UNSET, Meta, UnsetType

from api.schemas import (
    GemeenteCode,
    Id,
    LangeTekst,
    Schema,
    Tekst,
    check_dates,
    check_een_van,
    check_past,
)
from api.schemas_aanvragen import DoelInvoer
from register import clock
from register import vocabulary as voc
from register.errors import FieldError
from register.rules import kader as kaderrules
from register.rules import rapportages as rapportregels
from register.rules.uren import MAX_CONTRACTUREN, MAX_UREN_PER_DAG
from register.services.doelen import DoelMetVoortgang
from register.services.verificaties import Uitslag

Regime = Literal[voc.REGIMES.codes]  # type: ignore[valid-type]
Activiteit = Literal[voc.KERNACTIVITEITEN.codes]  # type: ignore[valid-type]
Financieringsbesluit = Literal[voc.FINANCIERINGSBESLUITEN.codes]  # type: ignore[valid-type]
Referentie = Annotated[str, Meta(min_length=1, max_length=64)]
Motivatie = Annotated[str, Meta(min_length=10, max_length=2000)]


# --- trajecten ---------------------------------------------------------------------------------------


class TrajectInvoer(Schema, kw_only=True):
    gemeente: GemeenteCode
    referentie: Referentie
    werkgever: Tekst
    startdatum: dt.date
    regime: Regime
    contracturen: Annotated[
        float, Meta(description="Uren per week volgens het contract: meer dan 0, hoogstens 40.")
    ]
    jobcoach: (
        Annotated[Id, Meta(description="De id van de jobcoach; of geef jobcoachRegistratienummer.")]
        | UnsetType
    ) = UNSET
    organisatie: (
        Annotated[Id, Meta(description="De id van de organisatie; of geef organisatieKvkNummer.")] | UnsetType
    ) = UNSET
    jobcoach_registratienummer: (
        Annotated[
            str, Meta(max_length=20, description="Het registratienummer van de jobcoach, zoals JC-000123.")
        ]
        | UnsetType
    ) = UNSET
    organisatie_kvk_nummer: (
        Annotated[str, Meta(max_length=20, description="Het KvK-nummer van de organisatie (8 cijfers).")]
        | UnsetType
    ) = UNSET
    doelen: LangeTekst = ""

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        errors = check_dates(values, "startdatum")
        errors += check_een_van(values, "jobcoach", "jobcoach_registratienummer")
        errors += check_een_van(values, "organisatie", "organisatie_kvk_nummer")
        if isinstance(values.get("referentie"), str) and not values["referentie"].strip():
            errors.append(FieldError("referentie", "mag niet leeg zijn"))
        uren = values.get("contracturen")
        if isinstance(uren, int | float) and not 0 < uren <= MAX_CONTRACTUREN:
            errors.append(
                FieldError(
                    "contracturen", f"moet meer dan 0 en hoogstens {MAX_CONTRACTUREN:g} uur per week zijn"
                )
            )
        return errors


class TrajectWijziging(Schema, kw_only=True):
    werkgever: Tekst | UnsetType = UNSET
    doelen: LangeTekst | UnsetType = UNSET
    status: Literal["lopend", "beeindigd"] | UnsetType = UNSET
    beeindigd_op: dt.date | None | UnsetType = UNSET
    versie: Annotated[int, Meta(ge=1)] | UnsetType = UNSET

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        clean = {k: v for k, v in values.items() if v is not UNSET}
        return check_dates(clean, "beeindigd_op")


class Urenjaar(Schema, kw_only=True):
    jaar: int
    maximaal: float
    besteed: float
    resterend: float
    van: dt.date
    tot: dt.date
    basis: float
    overgeheveld_in: float = 0.0
    overgeheveld_uit: float = 0.0
    percentage: float = 0.0


class RapportageUitvoer(Schema, kw_only=True):
    id: str
    soort: str
    titel: str
    volgnummer: int
    vervaldatum: dt.date
    status: str
    indienbaar_vanaf: dt.date
    indienbaar: bool
    ingediend_op: dt.date | None = None
    samenvatting: str = ""
    zonder_jobcoach: bool | None = None
    werkgever_neemt_over: bool | None = None


class OverhevelingUitvoer(Schema, kw_only=True):
    id: str
    naar_jaar: int
    uren: float
    reden: str
    goedgekeurd_op: dt.datetime


class Verlenging(Schema, kw_only=True):
    motivatie: str
    goedgekeurd_op: dt.date


class BesluitUitvoer(Schema, kw_only=True):
    besluit: str
    verificatie: str
    toelichting: str
    genomen_op: dt.datetime


class VerificatieSamenvatting(Schema, kw_only=True):
    id: str
    peildatum: dt.date
    gekwalificeerd: bool
    aangemaakt_op: dt.datetime


class TrajectSamenvatting(Schema, kw_only=True):
    id: str
    gemeente: str
    referentie: str
    werkgever: str
    startdatum: dt.date
    einddatum: dt.date
    regime: str
    contracturen: float
    status: str
    jobcoach: str
    registratienummer: str
    jobcoach_naam: str
    organisatie: str
    organisatie_naam: str
    versie: int
    laatste_verificatie: VerificatieSamenvatting | None = None
    actuele_verificatie: VerificatieSamenvatting | None = None  # the verdict for today (DOMAIN.md, Consent)
    rapportages_te_laat: int = 0


class Traject(Schema, kw_only=True):
    id: str
    gemeente: str
    referentie: str
    werkgever: str
    startdatum: dt.date
    einddatum: dt.date
    regime: str
    contracturen: float
    status: str
    jobcoach: str
    registratienummer: str
    jobcoach_naam: str
    organisatie: str
    organisatie_naam: str
    versie: int
    doelen: str
    urenbudget: list[Urenjaar]
    rapportages: list[RapportageUitvoer]
    overhevelingen: list[OverhevelingUitvoer] = []
    verlenging: Verlenging | None = None
    beeindigd_op: dt.date | None = None
    besluit: BesluitUitvoer | None = None
    laatste_verificatie: VerificatieSamenvatting | None = None
    coachingsdoelen: list[DoelMetVoortgang] = []
    actuele_verificatie: VerificatieSamenvatting | None = None  # the verdict for today (DOMAIN.md, Consent)
    aangemaakt_op: dt.datetime


class UrenInvoer(Schema, kw_only=True):
    datum: dt.date
    uren: Annotated[float, Meta(description="Uren op deze dag: meer dan 0, hoogstens 10, in kwartieren.")]
    activiteit: Activiteit
    omschrijving: Annotated[str, Meta(max_length=500)] = ""

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        errors = check_dates(values, "datum") + check_past(values, "datum")
        uren = values.get("uren")
        if isinstance(uren, int | float) and not 0 < uren <= MAX_UREN_PER_DAG:
            errors.append(
                FieldError("uren", f"moet meer dan 0 en hoogstens {MAX_UREN_PER_DAG:g} uur per dag zijn")
            )
        return errors


class Urenregistratie(Schema, kw_only=True):
    id: str
    traject: str
    datum: dt.date
    uren: float
    activiteit: str
    omschrijving: str
    vastgelegd_op: dt.datetime


class VerlengingInvoer(Schema, kw_only=True):
    motivatie: Motivatie


class OverhevelingInvoer(Schema, kw_only=True):
    naar_jaar: Annotated[int, Meta(ge=2, le=3)]
    uren: Annotated[float, Meta(description="Over te hevelen uren: meer dan 0.")]
    reden: Motivatie

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        errors = []
        if isinstance(values.get("uren"), int | float) and not 0 < values["uren"] <= 100:
            errors.append(FieldError("uren", "moet meer dan 0 en hoogstens 100 uur zijn"))
        return errors


class DoelVoortgangInvoer(Schema, kw_only=True, forbid_unknown_fields=True):
    """Progress of one coachingsdoel in a report (issue 14)."""

    doel: Id
    voortgang: Literal[(*rapportregels.VOORTGANG_TUSSENTIJDS, "niet-behaald")]  # type: ignore[valid-type]
    toelichting: Annotated[str, Meta(max_length=2000)] = ""
    nieuwe_streefwaarde: Annotated[str, Meta(max_length=200)] | None = None
    nieuwe_streefdatum: dt.date | None = None


class DoelSluitInvoer(Schema, kw_only=True, forbid_unknown_fields=True):
    doel: Id
    toelichting: Annotated[str, Meta(max_length=2000)] = ""


class IndieningInvoer(Schema, kw_only=True):
    samenvatting: Annotated[str, Meta(min_length=1, max_length=2000)]
    doelen: Annotated[list[DoelVoortgangInvoer], Meta(max_length=24)] = []
    nieuwe_doelen: Annotated[list[DoelInvoer], Meta(max_length=12)] = []
    sluit_doelen: Annotated[list[DoelSluitInvoer], Meta(max_length=24)] = []
    zonder_jobcoach: bool | None = None
    werkgever_neemt_over: bool | None = None


class BesluitInvoer(Schema, kw_only=True):
    besluit: Financieringsbesluit
    verificatie: Id
    toelichting: Annotated[str, Meta(max_length=2000)] = ""


# --- verification ------------------------------------------------------------------------------------


class VerificatieInvoer(Schema, kw_only=True):
    peildatum: dt.date | None = None

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return check_past(values, "peildatum") + check_dates(values, "peildatum")


class BulkInvoer(Schema, kw_only=True):
    trajecten: Annotated[list[Id], Meta(min_length=1, max_length=1000)]
    peildatum: dt.date | None = None

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        errors = check_past(values, "peildatum") + check_dates(values, "peildatum")
        ids = values.get("trajecten")
        if isinstance(ids, list):
            seen: set[str] = set()
            errors += [
                FieldError(f"trajecten[{i}]", "staat al eerder in de lijst")
                for i, traject_id in enumerate(ids)
                if traject_id in seen or seen.add(traject_id)
            ]
        return errors


class KaderRef(Schema, kw_only=True):
    gemeente: str | None
    versie: int


class Criterium(Schema, kw_only=True):
    code: str
    vereist: bool
    voldaan: bool
    toelichting: str
    bewijs: list[dict[str, Any]] = []


class Verificatie(Schema, kw_only=True):
    id: str
    traject: str
    jobcoach: str
    organisatie: str
    peildatum: dt.date
    gekwalificeerd: bool
    toetsingskader: KaderRef
    criteria: list[Criterium]
    attestatie: str
    aangemaakt_op: dt.datetime


def verificatie_struct(v: Uitslag) -> Verificatie:
    """A verification as returned by register.services.verificaties, built field by field: a bulk of
    1,000 with ten criteria each spent a third of its time in the generic `to_struct` conversion. The
    evidence dicts are passed on as they are (their keys are camelCase already)."""
    return Verificatie(
        id=v.id,
        traject=v.traject,
        jobcoach=v.jobcoach,
        organisatie=v.organisatie,
        peildatum=v.peildatum,
        gekwalificeerd=v.gekwalificeerd,
        toetsingskader=KaderRef(gemeente=v.toetsingskader.gemeente, versie=v.toetsingskader.versie),
        criteria=[
            Criterium(
                code=c["code"],
                vereist=c["vereist"],
                voldaan=c["voldaan"],
                toelichting=c["toelichting"],
                bewijs=c.get("bewijs") or [],
            )
            for c in v.criteria
        ],
        attestatie=v.attestatie,
        aangemaakt_op=v.aangemaakt_op,
    )


class BulkUitvoer(Schema, kw_only=True):
    aantal: int
    verificaties: list[Verificatie]


# --- toetsingskader ----------------------------------------------------------------------------------


class KaderInvoer(Schema, kw_only=True):
    ingangsdatum: dt.date
    criteria: dict[str, Any]

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        errors = check_dates(values, "ingangsdatum")
        if isinstance(values.get("ingangsdatum"), dt.date) and values["ingangsdatum"] < clock.today():
            errors.append(FieldError("ingangsdatum", kaderrules.KADER_TERUGWERKEND))
        if "criteria" in values:
            errors += kaderrules.validate(values["criteria"])
        return errors


class KaderVersie(Schema, kw_only=True):
    versie: int
    ingangsdatum: dt.date
    vastgesteld_op: dt.datetime


class Toetsingskader(Schema, kw_only=True):
    gemeente: str | None
    versie: int
    ingangsdatum: dt.date | None
    criteria: dict[str, dict[str, Any]]
    vastgesteld_op: dt.datetime | None = None
    versies: list[KaderVersie] = []


# --- signals -----------------------------------------------------------------------------------------


class Signaal(Schema, kw_only=True):
    id: str
    soort: str
    tekst: str
    ontvanger_rol: str
    onderwerp_type: str
    onderwerp_id: str
    aangemaakt_op: dt.datetime
    gemeente: str | None = None
    jobcoach: str | None = None
    organisatie: str | None = None
    opgelost_op: dt.datetime | None = None
