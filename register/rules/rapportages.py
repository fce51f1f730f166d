"""The report schedule of a traject (voorne-putten-basisprocedure-jobcoach.txt).

- begeleidingsplan: drawn up at the start (due four weeks after the start date), shared with the
  werkadviseur;
- voortgangsrapportage: to the gemeente every quarter;
- evaluatieverslag: every 3 months;
- bijstelling-begeleidingsplan: the plan revised every 6 months, with the half-yearly check whether
  coaching is still needed;
- eindverslag: when the traject ends (after two years, three with an extension, or earlier).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from register.rules.aanvraag import Gebrek, doel_gebreken
from register.rules.datums import add_months
from register.vocabulary import RAPPORTAGE_SOORTEN

SOORTEN: tuple[str, ...] = RAPPORTAGE_SOORTEN.codes  # in the order of the schedule; labels in the vocabulary
BEGELEIDINGSPLAN_DAGEN = 28
INTERVALLEN = {"voortgangsrapportage": 3, "evaluatieverslag": 3, "bijstelling-begeleidingsplan": 6}


@dataclass(frozen=True)
class Gepland:
    soort: str
    volgnummer: int
    vervaldatum: dt.date


def plan(startdatum: dt.date, einddatum: dt.date) -> list[Gepland]:
    """Every report due between the start and the last day, in due-date order."""
    out = [Gepland("begeleidingsplan", 1, startdatum + dt.timedelta(days=BEGELEIDINGSPLAN_DAGEN))]
    for soort, maanden in INTERVALLEN.items():
        n = 1
        while (due := add_months(startdatum, n * maanden)) < einddatum:
            out.append(Gepland(soort, n, due))
            n += 1
    out.append(Gepland("eindverslag", 1, einddatum))
    order = list(SOORTEN)
    return sorted(out, key=lambda g: (g.vervaldatum, order.index(g.soort), g.volgnummer))


# A report of the schedule is written at the end of the period it covers: it can be submitted from this
# many months before its due date, never earlier (issue #17: an eindverslag due in 2028 is not submitted
# today). The begeleidingsplan is drawn up around the start: from a month before the traject's start date.
INDIENEN_VOORAF_MAANDEN = 1


def indienbaar_vanaf(soort: str, vervaldatum: dt.date) -> dt.date:
    """The first day a report can be submitted: INDIENEN_VOORAF_MAANDEN months before the traject's start
    for the begeleidingsplan (due BEGELEIDINGSPLAN_DAGEN after the start), else INDIENEN_VOORAF_MAANDEN
    months before the due date. An ended
    traject's eindverslag is due on the end date, so it opens a month before the traject ended."""
    if soort == "begeleidingsplan":
        return add_months(vervaldatum - dt.timedelta(days=BEGELEIDINGSPLAN_DAGEN), -INDIENEN_VOORAF_MAANDEN)
    return add_months(vervaldatum, -INDIENEN_VOORAF_MAANDEN)


def indienbaar(soort: str, vervaldatum: dt.date, ingediend_op: dt.date | None, vandaag: dt.date) -> bool:
    """Can be submitted on `vandaag`: not submitted yet and on or after indienbaar_vanaf."""
    return ingediend_op is None and vandaag >= indienbaar_vanaf(soort, vervaldatum)


def volgorde_tijdlijn(
    rapporten: Sequence[Mapping[str, Any]], vandaag: dt.date
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """The schedule as a timeline, next due report first: (to do now: overdue or submittable, by due date;
    later: not yet submittable, by due date; done: submitted, newest first). Each report a mapping with
    `soort`, `vervaldatum` and `ingediend_op`."""
    nu, later, klaar = [], [], []
    for r in rapporten:
        if r["ingediend_op"] is not None:
            klaar.append(r)
        elif indienbaar(r["soort"], r["vervaldatum"], None, vandaag):
            nu.append(r)
        else:
            later.append(r)
    order = list(SOORTEN)
    sleutel = lambda r: (r["vervaldatum"], order.index(r["soort"]))  # noqa: E731
    return (
        sorted(nu, key=sleutel),
        sorted(later, key=sleutel),
        sorted(klaar, key=lambda r: (r["ingediend_op"], r["vervaldatum"]), reverse=True),
    )


def status(vervaldatum: dt.date, ingediend_op: dt.date | None, vandaag: dt.date) -> str:
    """`ingediend`, `te-laat-ingediend`, `te-laat` (overdue) or `open`."""
    if ingediend_op is not None:
        return "ingediend" if ingediend_op <= vervaldatum else "te-laat-ingediend"
    return "te-laat" if vandaag > vervaldatum else "open"


# --- following the coachingsdoelen (issue 14) ----------------------------------------------------------

# the reports that carry progress per goal; the plan revision may also add and close goals
DOELVERSLAGEN = ("evaluatieverslag", "bijstelling-begeleidingsplan", "eindverslag")
VOORTGANG_TUSSENTIJDS = ("behaald", "op-schema", "achter", "bijgesteld")
VOORTGANG_EIND = ("behaald", "niet-behaald")


def doelverslag_gebreken(
    soort: str,
    open_doelen: Sequence[str],
    voortgang: Sequence[Mapping[str, Any]],
    nieuwe_doelen: Sequence[Mapping[str, Any]],
    sluit: Sequence[Mapping[str, Any]],
    zonder_jobcoach: bool | None,
    werkgever_neemt_over: bool | None,
    periode: tuple[dt.date, dt.date],
) -> list[Gebrek]:
    """Every missing or wrong part of a report's goal section, at once (API paths as `veld`).

    `open_doelen`: ids of the traject's goals still open, in order. `voortgang`: entries
    {doel, voortgang, toelichting, nieuweStreefwaarde, nieuweStreefdatum}. An evaluatieverslag and an
    eindverslag report on every open goal; the plan revision may report on some, add goals (SMART, as in the
    aanvraag, target date within `periode`) and close goals with a reason; the eindverslag says per goal
    behaald or niet-behaald, and whether the worker goes on without a jobcoach and whether the employer
    takes over. Other reports carry no goal section. Source: issue 14, voorne-putten-basisprocedure-jobcoach.txt.
    """
    out: list[Gebrek] = []
    if soort not in DOELVERSLAGEN:
        for veld, waarde in (("doelen", voortgang), ("nieuweDoelen", nieuwe_doelen), ("sluitDoelen", sluit)):
            if waarde:
                out.append(Gebrek(veld, f"hoort niet bij een {RAPPORTAGE_SOORTEN.zin(soort)}"))
        return out
    toegestaan = VOORTGANG_EIND if soort == "eindverslag" else VOORTGANG_TUSSENTIJDS
    gezien: set[str] = set()
    for i, e in enumerate(voortgang):
        pad = f"doelen[{i}]"
        doel = str(e.get("doel") or "")
        if doel not in open_doelen:
            out.append(Gebrek(f"{pad}.doel", "dit doel hoort niet bij dit traject of is al afgesloten"))
        elif doel in gezien:
            out.append(Gebrek(f"{pad}.doel", "over dit doel is in deze rapportage al gerapporteerd"))
        gezien.add(doel)
        if e.get("voortgang") not in toegestaan:
            out.append(Gebrek(f"{pad}.voortgang", "moet een van deze waarden zijn: " + ", ".join(toegestaan)))
        if not str(e.get("toelichting") or "").strip():
            out.append(Gebrek(f"{pad}.toelichting", "ontbreekt: licht de voortgang kort toe"))
        if e.get("voortgang") == "bijgesteld" and not (
            str(e.get("nieuweStreefwaarde") or "").strip() or e.get("nieuweStreefdatum")
        ):
            out.append(Gebrek(f"{pad}.nieuweStreefwaarde", "geef bij een bijgesteld doel het nieuwe streven"))
        nieuwe_datum = e.get("nieuweStreefdatum")
        if nieuwe_datum and not periode[0] <= nieuwe_datum <= periode[1]:
            out.append(Gebrek(f"{pad}.nieuweStreefdatum", "moet binnen de looptijd van het traject liggen"))
    if soort in ("evaluatieverslag", "eindverslag"):
        for n, doel in enumerate(open_doelen, start=1):
            if doel not in gezien:
                out.append(Gebrek("doelen", f"geef de voortgang van doel {n}"))
    if soort != "bijstelling-begeleidingsplan":
        if nieuwe_doelen:
            out.append(
                Gebrek("nieuweDoelen", "doelen toevoegen kan bij de bijstelling van het begeleidingsplan")
            )
        if sluit:
            out.append(
                Gebrek("sluitDoelen", "doelen afsluiten kan bij de bijstelling van het begeleidingsplan")
            )
    for i, doel in enumerate(nieuwe_doelen):
        out.extend(doel_gebreken(doel, f"nieuweDoelen[{i}]", periode, "de looptijd van het traject"))
    for i, s in enumerate(sluit):
        if str(s.get("doel") or "") not in open_doelen:
            out.append(
                Gebrek(f"sluitDoelen[{i}].doel", "dit doel hoort niet bij dit traject of is al afgesloten")
            )
        elif str(s.get("doel")) in gezien:
            out.append(
                Gebrek(f"sluitDoelen[{i}].doel", "een doel kan niet tegelijk worden bijgesteld en afgesloten")
            )
        if not str(s.get("toelichting") or "").strip():
            out.append(Gebrek(f"sluitDoelen[{i}].toelichting", "ontbreekt: waarom vervalt dit doel?"))
    if soort == "eindverslag":
        if zonder_jobcoach is None:
            out.append(Gebrek("zonderJobcoach", "ontbreekt: kan de werknemer verder zonder jobcoach?"))
        if werkgever_neemt_over is None:
            out.append(Gebrek("werkgeverNeemtOver", "ontbreekt: neemt de werkgever de begeleiding over?"))
    return out
