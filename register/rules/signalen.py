"""Signals (DOMAIN.md "Signals"), as pure conditions over plain data.

Each condition returns a `Signaal` with a stable `sleutel` (or None): the signals job stores the
signals whose conditions hold and resolves the stored ones whose conditions no longer hold, so running
it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from register import vocabulary
from register.opmaak import datum as _datum
from register.opmaak import getal
from register.rules import rapportages
from register.rules.aanvraag import termijn_verstreken
from register.rules.datums import add_months, months_before
from register.rules.kwalificatie import Oordeel
from register.vocabulary import (
    BEVINDING_OORDELEN,
    CRITERIA,
    KWALITEITSBORGING_GEBIEDEN,
    RAPPORTAGE_SOORTEN,
    keurmerk_naam,
)

KEURMERK_DREMPELS = vocabulary.KEURMERK_HERINNERING_MAANDEN  # months before the end date
EINDE_DAGEN = vocabulary.TRAJECT_EINDE_DAGEN  # a traject "nears its end" two months before its last day
UREN_DREMPEL = vocabulary.URENBUDGET_SIGNAAL_FRACTIE
SCHOLING_VOORUIT_MAANDEN = (
    vocabulary.SCHOLING_VOORUIT_MAANDEN
)  # "falls short of the pace": not enough in 3 months
ZELFEVALUATIE_MAANDEN = vocabulary.ZELFEVALUATIE_BIJNA_OUD_MAANDEN  # "nearly a year old"


@dataclass(frozen=True)
class Signaal:
    sleutel: str
    soort: str
    ontvanger_rol: str  # gemeente | jobcoach | organisatie
    onderwerp_type: str
    onderwerp_id: str
    tekst: str
    gemeente: str | None = None
    jobcoach: str | None = None
    organisatie: str | None = None


def _num(value: float) -> str:
    return getal(value)


# --- gemeente ----------------------------------------------------------------------------------------


def voldoet_niet_sleutel(traject_id: str) -> str:
    return f"jobcoach-voldoet-niet:{traject_id}"


def jobcoach_voldoet_niet(
    *,
    traject_id: str,
    gemeente: str,
    referentie: str,
    jobcoach_naam: str,
    registratienummer: str,
    oordeel: Oordeel,
) -> Signaal | None:
    """The coach on a running traject no longer qualifies under the gemeente's kader."""
    if oordeel.gekwalificeerd:
        return None
    failing = [r for r in oordeel.criteria if r.vereist and not r.voldaan]
    reasons = " ".join(f"{CRITERIA.label(r.code)}: {r.toelichting}" for r in failing)
    return Signaal(
        sleutel=voldoet_niet_sleutel(traject_id),
        soort="jobcoach-voldoet-niet",
        ontvanger_rol="gemeente",
        gemeente=gemeente,
        onderwerp_type="traject",
        onderwerp_id=traject_id,
        tekst=(
            f"Jobcoach {jobcoach_naam} ({registratienummer}) op traject {referentie} voldoet op "
            f"{_datum(oordeel.peildatum)} niet meer aan het toetsingskader. {reasons}"
        ),
    )


def rapportage_te_laat(
    *,
    rapportage_id: str,
    traject_id: str,
    gemeente: str,
    referentie: str,
    soort: str,
    volgnummer: int,
    vervaldatum: dt.date,
    ingediend_op: dt.date | None,
    vandaag: dt.date,
) -> Signaal | None:
    if rapportages.status(vervaldatum, ingediend_op, vandaag) != "te-laat":
        return None
    naam = RAPPORTAGE_SOORTEN.label(soort)
    if soort in rapportages.INTERVALLEN:
        naam = f"{naam} {volgnummer}"
    return Signaal(
        sleutel=f"rapportage-te-laat:{rapportage_id}",
        soort="rapportage-te-laat",
        ontvanger_rol="gemeente",
        gemeente=gemeente,
        onderwerp_type="traject",
        onderwerp_id=traject_id,
        tekst=f"{naam} van traject {referentie} had uiterlijk {_datum(vervaldatum)} ingediend moeten zijn.",
    )


def urenbudget_bijna_op(
    *, traject_id: str, gemeente: str, referentie: str, jaar: int, besteed: float, maximaal: float
) -> Signaal | None:
    if maximaal <= 0 or besteed < UREN_DREMPEL * maximaal:
        return None
    return Signaal(
        sleutel=f"urenbudget-90:{traject_id}:{jaar}",
        soort="urenbudget-bijna-op",
        ontvanger_rol="gemeente",
        gemeente=gemeente,
        onderwerp_type="traject",
        onderwerp_id=traject_id,
        tekst=(
            f"Traject {referentie}: in trajectjaar {jaar} is {_num(besteed)} van {_num(maximaal)} uur besteed "
            f"({round(100 * besteed / maximaal)}%)."
        ),
    )


def traject_bijna_einde(
    *, traject_id: str, gemeente: str, referentie: str, einddatum: dt.date, verlengd: bool, vandaag: dt.date
) -> Signaal | None:
    if not vandaag <= einddatum <= vandaag + dt.timedelta(days=EINDE_DAGEN):
        return None
    advies = "" if verlengd else " Beslis tijdig of een verlenging van een jaar nodig is."
    return Signaal(
        sleutel=f"traject-einde:{traject_id}:{einddatum}",
        soort="traject-bijna-einde",
        ontvanger_rol="gemeente",
        gemeente=gemeente,
        onderwerp_type="traject",
        onderwerp_id=traject_id,
        tekst=f"Traject {referentie} eindigt op {_datum(einddatum)}.{advies}",
    )


# --- jobcoach and organisatie ------------------------------------------------------------------------


def keurmerk_drempel(geldig_tot: dt.date, vandaag: dt.date) -> int | None:
    """The tightest reminder threshold (1, 3 or 6 months) the end date falls within, if any."""
    if geldig_tot < vandaag:
        return None
    for maanden in KEURMERK_DREMPELS:
        if geldig_tot <= add_months(vandaag, maanden):
            return maanden
    return None


def keurmerk_verloopt(
    *,
    keurmerk_id: str,
    schema: str,
    nummer: str,
    geldig_tot: dt.date,
    status: str,
    verificatie: str,
    vandaag: dt.date,
    jobcoach: str | None = None,
    organisatie: str | None = None,
    organisatie_naam: str = "",
) -> Signaal | None:
    if status not in ("actief", "herregistratie-in-behandeling") or verificatie == "afgewezen":
        return None
    maanden = keurmerk_drempel(geldig_tot, vandaag)
    if maanden is None:
        return None
    naam = keurmerk_naam(schema, nummer)
    termijn = "1 maand" if maanden == 1 else f"{maanden} maanden"
    if jobcoach is not None:
        tekst = (
            f"Uw registratie {naam} verloopt op {_datum(geldig_tot)} (binnen {termijn}). Vraag tijdig "
            "herregistratie aan."
        )
        rol = "jobcoach"
    else:
        tekst = f"{naam} van {organisatie_naam} verloopt op {_datum(geldig_tot)} (binnen {termijn})."
        rol = "organisatie"
    return Signaal(
        sleutel=f"keurmerk-verloopt:{keurmerk_id}:{maanden}",
        soort="keurmerk-verloopt",
        ontvanger_rol=rol,
        jobcoach=jobcoach,
        organisatie=organisatie,
        onderwerp_type="keurmerk",
        onderwerp_id=keurmerk_id,
        tekst=tekst,
    )


def scholing_venster(vandaag: dt.date, maanden: int) -> tuple[dt.date, dt.date]:
    """Scholing dated after the first and up to the second date still counts in three months' time."""
    later = add_months(vandaag, SCHOLING_VOORUIT_MAANDEN)
    return months_before(later, maanden), vandaag


def scholing_achter(*, jobcoach: str, uren: float, minimum: float, maanden: int) -> Signaal | None:
    """Verified hours that will still count three months from now fall short of the minimum."""
    if uren >= minimum:
        return None
    return Signaal(
        sleutel=f"scholing-achter:{jobcoach}",
        soort="scholing-achter",
        ontvanger_rol="jobcoach",
        jobcoach=jobcoach,
        onderwerp_type="jobcoach",
        onderwerp_id=jobcoach,
        tekst=(
            f"Over drie maanden tellen nog {_num(uren)} geverifieerde scholingsuren mee; er zijn er "
            f"{_num(minimum)} nodig per {maanden} maanden. Plan nieuwe scholing en laat die verifiëren."
        ),
    )


def zelfevaluatie_oud(
    *,
    jobcoach: str,
    zelfevaluatie_id: str | None,
    datum: dt.date | None,
    vandaag: dt.date,
    maanden: int = vocabulary.VENSTER_MAANDEN,
) -> Signaal | None:
    if datum is None:
        return Signaal(
            sleutel=f"zelfevaluatie-ontbreekt:{jobcoach}",
            soort="zelfevaluatie-oud",
            ontvanger_rol="jobcoach",
            jobcoach=jobcoach,
            onderwerp_type="jobcoach",
            onderwerp_id=jobcoach,
            tekst="U heeft nog geen volledige zelfevaluatie van de negen competenties ingevuld.",
        )
    if datum > months_before(vandaag, ZELFEVALUATIE_MAANDEN):
        return None
    return Signaal(
        sleutel=f"zelfevaluatie-oud:{jobcoach}:{zelfevaluatie_id}",
        soort="zelfevaluatie-oud",
        ontvanger_rol="jobcoach",
        jobcoach=jobcoach,
        onderwerp_type="zelfevaluatie",
        onderwerp_id=str(zelfevaluatie_id),
        tekst=(
            f"Uw laatste volledige zelfevaluatie is van {_datum(datum)}; na "
            f"{_datum(add_months(datum, maanden))} telt die niet meer mee. Vul een nieuwe zelfevaluatie in."
        ),
    )


def klacht_te_laat(
    *,
    klacht_id: str,
    organisatie: str,
    ontvangen_op: dt.date,
    bevestigd_op: dt.date | None,
    afgehandeld_op: dt.date | None,
    bevestiging_uiterlijk: dt.date | None,
    afhandeling_uiterlijk: dt.date | None,
    vandaag: dt.date,
) -> Signaal | None:
    if afgehandeld_op is not None:
        return None
    if bevestigd_op is None and bevestiging_uiterlijk and vandaag > bevestiging_uiterlijk:
        wat, uiterlijk = "ontvangstbevestiging", bevestiging_uiterlijk
    elif afhandeling_uiterlijk and vandaag > afhandeling_uiterlijk:
        wat, uiterlijk = "afhandeling", afhandeling_uiterlijk
    else:
        return None
    return Signaal(
        sleutel=f"klacht-termijn:{klacht_id}:{wat}",
        soort="klacht-termijn-verstreken",
        ontvanger_rol="organisatie",
        organisatie=organisatie,
        onderwerp_type="klacht",
        onderwerp_id=klacht_id,
        tekst=(
            f"De termijn voor de {wat} van de klacht van {_datum(ontvangen_op)} is op {_datum(uiterlijk)} "
            "verstreken."
        ),
    )


def bevinding_te_laat(
    *,
    bevinding_id: str,
    organisatie: str,
    gebied: str,
    oordeel: str,
    deadline: dt.date | None,
    afgerond: bool,
    audit_datum: dt.date,
    vandaag: dt.date,
) -> Signaal | None:
    if oordeel != "major" or afgerond or deadline is None or vandaag <= deadline:
        return None
    return Signaal(
        sleutel=f"bevinding-termijn:{bevinding_id}",
        soort="bevinding-termijn-verstreken",
        ontvanger_rol="organisatie",
        organisatie=organisatie,
        onderwerp_type="bevinding",
        onderwerp_id=bevinding_id,
        tekst=(
            f"De {BEVINDING_OORDELEN.kort(oordeel).lower()}-bevinding over "
            f"{KWALITEITSBORGING_GEBIEDEN.zin(gebied)} uit de audit van {_datum(audit_datum)} is niet "
            f"afgerond; de deadline was {_datum(deadline)}."
        ),
    )


def beslistermijn_verstreken(
    *, aanvraag_id: str, gemeente: str, status: str, beslistermijn: dt.date | None, vandaag: dt.date
) -> Signaal | None:
    """An aanvraag still open for a decision past its beslistermijn (Awb 4:13; issue 14): a signal to the
    gemeente it is addressed to, until it decides."""
    if beslistermijn is None or not termijn_verstreken(status, beslistermijn, vandaag):
        return None
    return Signaal(
        sleutel=f"beslistermijn-verstreken:{aanvraag_id}",
        soort="beslistermijn-verstreken",
        ontvanger_rol="gemeente",
        gemeente=gemeente,
        onderwerp_type="aanvraag",
        onderwerp_id=aanvraag_id,
        tekst=f"De beslistermijn van een aanvraag voor jobcoaching is op {_datum(beslistermijn)} verstreken.",
    )
