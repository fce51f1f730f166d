"""Request bodies for aanvragen (API.md, "The aanvraag's parts"). A concept may be incomplete, so every
part is optional here; completeness and SMART-ness are checked at submission
(register.rules.aanvraag.gebreken), BSN and diagnosis terms in every text by the service. The answers are
the service's records (register.services.aanvragen), camelCase on the wire."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from msgspec import UNSET, Meta, UnsetType

from api.schemas import GemeenteCode, Id, Schema, check_dates
from register import vocabulary as voc
from register.errors import FieldError
from register.rules.uren import MAX_CONTRACTUREN

Regime = Literal[voc.REGIMES.codes]  # type: ignore[valid-type]
Positie = Literal[voc.WERKNEMER_POSITIES.codes]  # type: ignore[valid-type]
Kernactiviteit = Literal[voc.KERNACTIVITEITEN.codes]  # type: ignore[valid-type]
Betreft = Literal[voc.DOEL_BETREFT.codes]  # type: ignore[valid-type]
Besluit = Literal[voc.AANVRAAG_BESLUITEN.codes]  # type: ignore[valid-type]
Kort = Annotated[str, Meta(max_length=200)]
Veld = Annotated[str, Meta(max_length=4000)]
MAX_DOELEN = 12


class WerknemerprofielInvoer(Schema, kw_only=True, forbid_unknown_fields=True):
    krachten: Veld | UnsetType = UNSET
    inspiratie: Veld | UnsetType = UNSET
    vaardigheden: Veld | UnsetType = UNSET
    context: Veld | UnsetType = UNSET
    beperkingen: Veld | UnsetType = UNSET


class WerkprofielInvoer(Schema, kw_only=True, forbid_unknown_fields=True):
    functie: Kort | UnsetType = UNSET
    taken: Veld | UnsetType = UNSET
    uren_per_week: Annotated[float, Meta(gt=0, le=MAX_CONTRACTUREN)] | None | UnsetType = UNSET
    werkplek: Veld | UnsetType = UNSET
    werkbegeleider: Veld | UnsetType = UNSET
    aanpassingen: Veld | UnsetType = UNSET


class DoelInvoer(Schema, kw_only=True, forbid_unknown_fields=True):
    omschrijving: Veld = ""
    indicator: Veld = ""
    streefwaarde: Kort = ""
    streefdatum: dt.date | None = None
    kernactiviteit: Kernactiviteit | None = None
    betreft: Betreft | None = None

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return check_dates(values, "streefdatum")


class MatchInvoer(Schema, kw_only=True, forbid_unknown_fields=True):
    ondersteuningsbehoefte: Veld | UnsetType = UNSET
    kloof: Veld | UnsetType = UNSET
    ondersteuning_werkgever: Veld | UnsetType = UNSET
    coachingsdoelen: Annotated[list[DoelInvoer], Meta(max_length=MAX_DOELEN)] | UnsetType = UNSET


def _checks(values: dict[str, Any]) -> list[FieldError]:
    clean = {k: v for k, v in values.items() if v is not UNSET}
    errors = check_dates(clean, "gewenste_startdatum")
    uren = clean.get("contracturen")
    if isinstance(uren, int | float) and not 0 < uren <= MAX_CONTRACTUREN:
        errors.append(
            FieldError("contracturen", f"moet meer dan 0 en hoogstens {MAX_CONTRACTUREN:g} uur per week zijn")
        )
    return errors


class AanvraagInvoer(Schema, kw_only=True, forbid_unknown_fields=True):
    gemeente: GemeenteCode
    jobcoach: Id
    organisatie: Id
    werkgever: Kort | UnsetType = UNSET
    regime: Regime | UnsetType = UNSET
    regime_motivatie: Veld | UnsetType = UNSET
    contracturen: float | None | UnsetType = UNSET
    gewenste_startdatum: dt.date | None | UnsetType = UNSET
    positie: Positie | UnsetType = UNSET
    startbudget: bool | UnsetType = UNSET
    werknemerprofiel: WerknemerprofielInvoer | UnsetType = UNSET
    werkprofiel: WerkprofielInvoer | UnsetType = UNSET
    match: MatchInvoer | UnsetType = UNSET

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return _checks(values)


class AanvraagWijziging(Schema, kw_only=True, forbid_unknown_fields=True):
    werkgever: Kort | UnsetType = UNSET
    regime: Regime | UnsetType = UNSET
    regime_motivatie: Veld | UnsetType = UNSET
    contracturen: float | None | UnsetType = UNSET
    gewenste_startdatum: dt.date | None | UnsetType = UNSET
    positie: Positie | UnsetType = UNSET
    startbudget: bool | UnsetType = UNSET
    werknemerprofiel: WerknemerprofielInvoer | UnsetType = UNSET
    werkprofiel: WerkprofielInvoer | UnsetType = UNSET
    match: MatchInvoer | UnsetType = UNSET
    antwoord: Annotated[str, Meta(min_length=1, max_length=4000)] | UnsetType = UNSET
    versie: Annotated[int, Meta(ge=1)] | UnsetType = UNSET

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return _checks(values)


class AanvraagBesluitInvoer(Schema, kw_only=True, forbid_unknown_fields=True):
    besluit: Besluit
    toelichting: Annotated[str, Meta(max_length=4000)] = ""
    regime: Regime | UnsetType = UNSET


class VerdagingInvoer(Schema, kw_only=True, forbid_unknown_fields=True):
    weken: Annotated[int, Meta(ge=1, le=voc.VERDAGING_MAX_WEKEN)]
    reden: Annotated[str, Meta(min_length=1, max_length=2000)]
