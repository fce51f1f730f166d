"""Hours budget and hours registration of a traject (voorne-putten-basisprocedure-jobcoach.txt, G4).

Maximum hours per traject year for a contract of 24 hours a week or more:

    regime   year 1   year 2   year 3 (extension only)
    licht      36       18       18
    midden     60       36       24

Below 24 contract hours the budget is pro rata (contract hours / 24): 16 hours on midden is 40 hours in
year 1. Year n runs from the start date plus n-1 years up to the day before the start plus n years
(register.rules.datums: 29 February plus one year is 28 February).
Unused hours move to the next year only through an approved carry-over (Overheveling).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from register import vocabulary
from register.errors import FieldError
from register.opmaak import datum as _datum
from register.opmaak import getal
from register.rules.datums import add_years, periode_einde

BASISBUDGET: dict[str, tuple[float, float, float]] = {
    "licht": (36.0, 18.0, 18.0),
    "midden": (60.0, 36.0, 24.0),
}
VOLTIJD_CONTRACTUREN = 24.0
MAX_CONTRACTUREN = 40.0
JAREN = 2  # a traject ends after at most two years ...
JAREN_MET_VERLENGING = 3  # ... or three with an approved extension
# Coaching hours one coach can plausibly make in a day, across all trajecten (courts upheld withdrawing a
# UWV recognition over 16-hour coaching days).
MAX_UREN_PER_DAG = vocabulary.MAX_UREN_PER_DAG
KWARTIER = 0.25
KERNACTIVITEITEN = vocabulary.KERNACTIVITEITEN.codes


def jaarbudget(regime: str, contracturen: float, jaar: int) -> float:
    """Maximum hours in traject year `jaar` (1..3) before any carry-over."""
    basis = BASISBUDGET[regime][jaar - 1]
    factor = min(1.0, contracturen / VOLTIJD_CONTRACTUREN)
    return round(basis * factor, 2)


def aantal_jaren(verlengd: bool) -> int:
    return JAREN_MET_VERLENGING if verlengd else JAREN


def jaar_periode(startdatum: dt.date, jaar: int) -> tuple[dt.date, dt.date]:
    """First and last day of traject year `jaar`."""
    return add_years(startdatum, jaar - 1), periode_einde(startdatum, jaar)


def jaar_van(startdatum: dt.date, datum: dt.date) -> int:
    """The traject year a date falls in (1-based); 0 before the start."""
    if datum < startdatum:
        return 0
    jaar = 1
    while datum >= add_years(startdatum, jaar):
        jaar += 1
    return jaar


def einddatum(startdatum: dt.date, verlengd: bool, beeindigd_op: dt.date | None = None) -> dt.date:
    """The traject's last day: two years (three with an extension), or earlier when it was ended."""
    planned = periode_einde(startdatum, aantal_jaren(verlengd))
    return min(planned, beeindigd_op) if beeindigd_op else planned


@dataclass(frozen=True)
class Overheveling:
    naar_jaar: int
    uren: float


@dataclass(frozen=True)
class Urenjaar:
    jaar: int
    van: dt.date
    tot: dt.date
    basis: float
    overgeheveld_in: float
    overgeheveld_uit: float
    besteed: float

    @property
    def maximaal(self) -> float:
        return round(self.basis + self.overgeheveld_in - self.overgeheveld_uit, 2)

    @property
    def resterend(self) -> float:
        return round(self.maximaal - self.besteed, 2)

    @property
    def percentage(self) -> float:
        return round(100 * self.besteed / self.maximaal, 1) if self.maximaal > 0 else 0.0


def urenbudget(
    startdatum: dt.date,
    regime: str,
    contracturen: float,
    verlengd: bool,
    uren: Iterable[tuple[dt.date, float]],
    overhevelingen: Iterable[Overheveling] = (),
) -> list[Urenjaar]:
    """Budget and hours spent per traject year (year 3 only with an approved extension)."""
    jaren = aantal_jaren(verlengd)
    besteed = dict.fromkeys(range(1, jaren + 1), 0.0)
    for datum, hours in uren:
        jaar = jaar_van(startdatum, datum)
        if jaar in besteed:
            besteed[jaar] += hours
    carried = list(overhevelingen)
    out = []
    for jaar in range(1, jaren + 1):
        van, tot = jaar_periode(startdatum, jaar)
        out.append(
            Urenjaar(
                jaar=jaar,
                van=van,
                tot=tot,
                basis=jaarbudget(regime, contracturen, jaar),
                overgeheveld_in=round(sum(o.uren for o in carried if o.naar_jaar == jaar), 2),
                overgeheveld_uit=round(sum(o.uren for o in carried if o.naar_jaar == jaar + 1), 2),
                besteed=round(besteed[jaar], 2),
            )
        )
    return out


def _num(value: float) -> str:
    return getal(value)


def check_uren(
    *,
    startdatum: dt.date,
    verlengd: bool,
    beeindigd_op: dt.date | None,
    vandaag: dt.date,
    datum: dt.date,
    uren: float,
    budget: list[Urenjaar],
    al_op_dag: float,
    max_per_dag: float = MAX_UREN_PER_DAG,
) -> list[FieldError]:
    """Every reason the coach may not register these hours, at once (empty when they may)."""
    errors: list[FieldError] = []
    einde = einddatum(startdatum, verlengd, beeindigd_op)
    datum_ok = False
    if datum > vandaag:
        errors.append(FieldError("datum", "mag niet in de toekomst liggen"))
    elif datum < startdatum:
        errors.append(
            FieldError("datum", f"mag niet voor de startdatum van het traject ({_datum(startdatum)}) liggen")
        )
    elif datum > einde:
        if beeindigd_op is None and not verlengd and jaar_van(startdatum, datum) == 3:
            errors.append(
                FieldError(
                    "datum",
                    "valt in het derde trajectjaar; uren daarin kunnen pas na een goedgekeurde verlenging",
                )
            )
        else:
            errors.append(FieldError("datum", f"valt na het einde van het traject ({_datum(einde)})"))
    else:
        datum_ok = True
    if uren <= 0:
        errors.append(FieldError("uren", "moet groter dan 0 zijn"))
        return errors
    if abs(uren / KWARTIER - round(uren / KWARTIER)) > 1e-9:
        errors.append(FieldError("uren", "geef de uren op in kwartieren (een veelvoud van 0,25)"))
    if al_op_dag + uren > max_per_dag + 1e-9:
        errors.append(
            FieldError(
                "uren",
                f"op {_datum(datum)} staat al {_num(al_op_dag)} uur jobcoaching geregistreerd voor deze jobcoach; "
                f"samen zou dat {_num(al_op_dag + uren)} uur zijn, meer dan de {_num(max_per_dag)} uur per "
                "dag die aannemelijk is",
            )
        )
    if datum_ok:
        jaar = jaar_van(startdatum, datum)
        year = next((y for y in budget if y.jaar == jaar), None)
        if year is not None and year.besteed + uren > year.maximaal + 1e-9:
            errors.append(
                FieldError(
                    "uren",
                    f"past niet meer in het urenbudget van trajectjaar {jaar}: {_num(year.besteed)} van "
                    f"{_num(year.maximaal)} uur is al besteed, er resteert {_num(max(year.resterend, 0))} uur",
                )
            )
    return errors


def check_overheveling(
    budget: list[Urenjaar], naar_jaar: int, uren: float, verlengd: bool
) -> list[FieldError]:
    errors: list[FieldError] = []
    if naar_jaar not in (2, 3):
        return [
            FieldError("naarJaar", "moet 2 of 3 zijn: ongebruikte uren gaan naar het volgende trajectjaar")
        ]
    if naar_jaar == 3 and not verlengd:
        errors.append(
            FieldError("naarJaar", "een derde trajectjaar bestaat alleen na een goedgekeurde verlenging")
        )
    if uren <= 0:
        errors.append(FieldError("uren", "moet groter dan 0 zijn"))
        return errors
    van = next((y for y in budget if y.jaar == naar_jaar - 1), None)
    if van is not None and uren > van.resterend + 1e-9:
        errors.append(
            FieldError(
                "uren",
                f"in trajectjaar {naar_jaar - 1} zijn nog maar {_num(max(van.resterend, 0))} uur ongebruikt",
            )
        )
    return errors
