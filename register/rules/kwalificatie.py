"""The qualification verdict: facts + toetsingskader + peildatum -> one line per criterion.

Pure: no database, no clock. Only verified claims count (opleiding, keurmerk, scholing); a toetsing
counts only when it is locked (`vastgesteld`). Unverified claims are named in the explanation, so a
gemeente sees why a coach who "has" a registration still does not qualify. The verdict is
`gekwalificeerd` exactly when every required criterion is met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from register.opmaak import dag_in_nederland, datum, eerste_hoofdletter, getal, opsomming
from register.rules import keurmerken as keurmerk_rules
from register.rules.datums import in_window, months_before
from register.rules.feiten import (
    GEVERIFIEERD,
    CoachFeiten,
    Feiten,
    Keurmerk,
    Meting,
    OrganisatieFeiten,
    Scholing,
    Statusregel,
)
from register.rules.kader import CRITERIA, Kader
from register.vocabulary import (
    BEOORDELINGEN,
    BEVESTIGD,
    DIENSTVERBAND_SOORTEN,
    JOBCOACH_STATUSSEN,
    KWALITEITSBORGING_GEBIEDEN,
    OPLEIDING_SOORTEN,
    PERSOONSGEBONDEN_CRITERIA,
    TOETSING_VORMEN,
    VOORGESTELD,
    keurmerk_naam,
)


@dataclass(frozen=True)
class Regel:
    """The verdict on one criterion."""

    code: str
    vereist: bool
    voldaan: bool
    toelichting: str
    bewijs: tuple[dict[str, Any], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "vereist": self.vereist,
            "voldaan": self.voldaan,
            "toelichting": self.toelichting,
            "bewijs": list(self.bewijs),
        }


@dataclass(frozen=True)
class Oordeel:
    gekwalificeerd: bool
    peildatum: dt.date
    kader: Kader
    criteria: tuple[Regel, ...]

    def regel(self, code: str) -> Regel:
        return next(r for r in self.criteria if r.code == code)


def _of(names: list[str]) -> str:
    return opsomming(names, "of")


def _and(names: list[str]) -> str:
    return opsomming(names, "en")


def _status_tekst(status: str) -> str:
    """A coach's status inside a sentence: "geschorst", "aangemeld (nog niet toegelaten)"."""
    uitleg = JOBCOACH_STATUSSEN.uitleg(status)
    return JOBCOACH_STATUSSEN.zin(status) + (f" ({uitleg})" if uitleg else "")


# --- status ------------------------------------------------------------------------------------------


def status_op(historie: tuple[Statusregel, ...], huidig: str, peildatum: dt.date) -> tuple[str | None, Any]:
    """The status at the end of the peildatum (Dutch time), with the moment it took effect.
    Without any history the current status is used; with history but no change on or before the
    peildatum the holder was not yet registered then (None)."""
    if not historie:
        return huidig, None
    before = [r for r in historie if dag_in_nederland(r.vanaf) <= peildatum]
    if not before:
        return None, None
    last = max(before, key=lambda r: r.vanaf)
    return last.status, last.vanaf


def _jobcoach_actief(coach: CoachFeiten, d: dt.date) -> tuple[bool, str, tuple]:
    status, vanaf = status_op(coach.statushistorie, coach.status, d)
    if status is None:
        return (
            False,
            f"Jobcoach {coach.registratienummer} stond op {datum(d)} nog niet in het register.",
            (),
        )
    sinds = f" (sinds {datum(dag_in_nederland(vanaf))})" if vanaf else ""
    bewijs = ({"soort": "status", "status": status, "sinds": _iso(vanaf)},)
    if status == "actief":
        return (
            True,
            f"Jobcoach {coach.registratienummer} is op {datum(d)} actief in het register{sinds}.",
            bewijs,
        )
    return (
        False,
        f"Jobcoach {coach.registratienummer} is op {datum(d)} {_status_tekst(status)}{sinds}.",
        bewijs,
    )


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


# --- keurmerken --------------------------------------------------------------------------------------


def einde_coulance(k: Keurmerk, dagen: int) -> dt.date:
    return keurmerk_rules.einde_coulance(k.geldig_tot, dagen)


def keurmerk_geldig(k: Keurmerk, d: dt.date, herregistratie_dagen: int) -> bool:
    """Valid on d: verified, started, and `actief` up to its end date, or `herregistratie-in-behandeling`
    up to the end of the grace period after it (register/rules/keurmerken.py decides)."""
    return keurmerk_rules.geldig(
        status=k.status,
        verificatie=k.verificatie,
        geldig_tot=k.geldig_tot,
        op=d,
        ingangsdatum=k.ingangsdatum,
        herregistratie_dagen=herregistratie_dagen,
    )


def keurmerk_toelichting(k: Keurmerk, d: dt.date, dagen: int) -> str:
    naam = keurmerk_naam(k.schema, k.nummer)
    if k.verificatie == "afgewezen":
        return f"{naam} is bij de verificatie door een auditor afgewezen."
    if k.verificatie != GEVERIFIEERD:
        return f"{naam} is opgegeven, maar nog niet geverifieerd door een auditor."
    if k.ingangsdatum > d:
        return f"{naam} gaat pas in op {datum(k.ingangsdatum)}."
    if k.status == "geschorst":
        return f"{naam} is geschorst door de registerhouder."
    if k.status == "ingetrokken":
        return f"{naam} is ingetrokken."
    if k.status == "aangevraagd":
        return f"{naam} is aangevraagd, maar nog niet toegekend."
    if k.status == "herregistratie-in-behandeling":
        einde = einde_coulance(k, dagen)
        if d <= k.geldig_tot:
            return f"{naam} is geldig tot en met {datum(k.geldig_tot)}; de herregistratie is in behandeling."
        if d <= einde:
            return (
                f"{naam} liep af op {datum(k.geldig_tot)}; de herregistratie is in behandeling en telt "
                f"mee tot en met {datum(einde)}."
            )
        return (
            f"{naam} is verlopen op {datum(k.geldig_tot)}; de herregistratie is nog in behandeling, maar "
            f"de termijn van {dagen} dagen daarna is op {datum(einde)} verstreken."
        )
    if d > k.geldig_tot:
        return f"{naam} is verlopen op {datum(k.geldig_tot)}."
    return f"{naam} is geldig tot en met {datum(k.geldig_tot)}."


def keurmerk_bewijs(k: Keurmerk) -> dict[str, Any]:
    return {
        "soort": "keurmerk",
        "id": k.id,
        "schema": k.schema,
        "nummer": k.nummer,
        "status": k.status,
        "geldigTot": k.geldig_tot.isoformat(),
    }


def _keurmerk_criterium(
    keurmerken: tuple[Keurmerk, ...], schemas: list[str], dagen: int, d: dt.date, wie: str
) -> tuple[bool, str, tuple]:
    mine = [k for k in keurmerken if k.schema in schemas]
    valid = [k for k in mine if keurmerk_geldig(k, d, dagen)]
    if valid:
        best = max(valid, key=lambda k: (k.geldig_tot, k.id))
        return True, keurmerk_toelichting(best, d, dagen), (keurmerk_bewijs(best),)
    accepted = _of([keurmerk_naam(s) for s in schemas])
    if not mine:
        others = sorted({keurmerk_naam(k.schema) for k in keurmerken})
        extra = f" ({_and(others)} telt in dit toetsingskader niet mee)" if others else ""
        return False, f"Er is geen {accepted} geregistreerd voor {wie}{extra}.", ()
    verified = [k for k in mine if k.verificatie == GEVERIFIEERD and k.ingangsdatum <= d]
    pool = verified or [k for k in mine if k.verificatie == GEVERIFIEERD] or mine
    best = max(pool, key=lambda k: (k.geldig_tot, k.id))
    bewijs = (keurmerk_bewijs(best),) if best.verificatie == GEVERIFIEERD else ()
    return False, keurmerk_toelichting(best, d, dagen), bewijs


# --- the criteria ------------------------------------------------------------------------------------


def _hbo(coach: CoachFeiten, kader: Kader, d: dt.date) -> tuple[bool, str, tuple]:
    soorten = list(kader.param("hbo-niveau", "soorten"))
    mine = [o for o in coach.opleidingen if o.soort in soorten and o.datum <= d]
    verified = [o for o in mine if o.verificatie == GEVERIFIEERD]
    if verified:
        best = max(verified, key=lambda o: (o.soort == "hbo-diploma", o.datum, o.id))
        text = f"Geverifieerd {OPLEIDING_SOORTEN.label(best.soort)} van {datum(best.datum)}"
        text += f": {best.omschrijving}." if best.omschrijving else "."
        return (
            True,
            text,
            (
                {
                    "soort": "opleiding",
                    "id": best.id,
                    "opleiding": best.soort,
                    "datum": best.datum.isoformat(),
                },
            ),
        )
    accepted = _of([OPLEIDING_SOORTEN.label(s) for s in soorten])
    if mine:
        pending = [o for o in mine if o.verificatie == "ingediend"]
        if pending:
            return (
                False,
                f"Er is een {accepted} opgegeven, maar die is nog niet geverifieerd door een auditor.",
                (),
            )
        return False, f"Het opgegeven {accepted} is bij de verificatie afgewezen.", ()
    return False, f"Er is geen geverifieerd {accepted}.", ()


def _dienstverband(feiten: Feiten, kader: Kader, d: dt.date) -> tuple[bool, str, tuple]:
    coach, org = feiten.coach, feiten.organisatie
    soorten = list(kader.param("dienstverband", "soorten"))
    alle = [x for x in coach.dienstverbanden if x.organisatie == org.id]
    mine = [x for x in alle if x.status == BEVESTIGD]  # a proposal counts for nothing until confirmed
    for x in sorted(mine, key=lambda x: x.van, reverse=True):
        if x.van <= d and (x.tot is None or d <= x.tot) and x.soort in soorten:
            tot = f" tot en met {datum(x.tot)}" if x.tot else ""
            soort = DIENSTVERBAND_SOORTEN.zin(x.soort)
            return (
                True,
                f"Jobcoach {coach.registratienummer} werkt op {datum(d)} voor {org.naam} ({soort}, vanaf "
                f"{datum(x.van)}{tot}).",
                (
                    {
                        "soort": "dienstverband",
                        "id": x.id,
                        "van": x.van.isoformat(),
                        "tot": _iso(x.tot),
                        "dienstverband": x.soort,
                    },
                ),
            )
    current = [x for x in mine if x.van <= d and (x.tot is None or d <= x.tot)]
    if current:
        return (
            False,
            f"Het dienstverband met {org.naam} is van de soort {DIENSTVERBAND_SOORTEN.zin(current[0].soort)}; "
            f"die telt in dit toetsingskader niet mee (wel: {_of([DIENSTVERBAND_SOORTEN.zin(s) for s in soorten])}).",
            (),
        )
    ended = [x for x in mine if x.tot is not None and x.tot < d]
    if ended:
        last = max(ended, key=lambda x: x.tot)  # type: ignore[arg-type, return-value]
        return (
            False,
            f"Het dienstverband van jobcoach {coach.registratienummer} met {org.naam} eindigde op "
            f"{datum(last.tot)}.",
            (),
        )
    future = [x for x in mine if x.van > d]
    if future:
        first = min(future, key=lambda x: x.van)
        return (
            False,
            f"Het dienstverband van jobcoach {coach.registratienummer} met {org.naam} begint pas op "
            f"{datum(first.van)}.",
            (),
        )
    if any(x.status == VOORGESTELD and x.van <= d and (x.tot is None or d <= x.tot) for x in alle):
        return (
            False,
            f"Het dienstverband van jobcoach {coach.registratienummer} met {org.naam} is voorgesteld, maar "
            "nog niet door beide kanten bevestigd; het telt pas mee na bevestiging.",
            (),
        )
    return False, f"Jobcoach {coach.registratienummer} heeft geen dienstverband met {org.naam}.", ()


def _organisatie_keurmerk(org: OrganisatieFeiten, kader: Kader, d: dt.date) -> tuple[bool, str, tuple]:
    status, vanaf = status_op(org.statushistorie, org.status, d)
    if status == "geschorst":
        sinds = f" sinds {datum(dag_in_nederland(vanaf))}" if vanaf else ""
        return (
            False,
            f"{org.naam} is op {datum(d)} geschorst in het register{sinds}.",
            ({"soort": "status", "status": status, "sinds": _iso(vanaf)},),
        )
    schemas = list(kader.param("organisatie-keurmerk", "schemas"))
    dagen = int(kader.param("organisatie-keurmerk", "herregistratieDagen"))
    return _keurmerk_criterium(org.keurmerken, schemas, dagen, d, org.naam)


def scholingsuren(
    scholingen: Iterable[Scholing], d: dt.date, maanden: int, *, alleen_geverifieerd: bool = True
) -> float:
    """Hours of scholing dated in the `maanden` months up to and including d (verified ones only, or every
    submitted one), rounded to 2 decimals."""
    return round(
        sum(
            s.uren
            for s in scholingen
            if in_window(s.datum, d, maanden) and (not alleen_geverifieerd or s.verificatie == GEVERIFIEERD)
        ),
        2,
    )


def scholingsuren_per_verificatie(
    scholingen: Iterable[Scholing], d: dt.date, maanden: int
) -> dict[str, float]:
    """Hours of scholing dated in the `maanden` months up to and including d, apart per verification state
    (`geverifieerd`, `ingediend`, `afgewezen`; every state present, 0 when none), each rounded to 2
    decimals. Only `geverifieerd` counts for a verdict; the others are shown beside it, never summed in."""
    uren = {code: 0.0 for code in (GEVERIFIEERD, "ingediend", "afgewezen")}
    for s in scholingen:
        if in_window(s.datum, d, maanden):
            uren[s.verificatie] = uren.get(s.verificatie, 0.0) + s.uren
    return {code: round(u, 2) for code, u in uren.items()}


def _scholing(coach: CoachFeiten, kader: Kader, d: dt.date) -> tuple[bool, str, tuple]:
    minimum = float(kader.param("scholing", "urenMinimaal"))
    maanden = int(kader.param("scholing", "maanden"))
    window = [s for s in coach.scholingen if in_window(s.datum, d, maanden)]
    verified = sorted((s for s in window if s.verificatie == GEVERIFIEERD), key=lambda s: (s.datum, s.id))
    pending = sum(s.uren for s in window if s.verificatie == "ingediend")
    uren = round(sum(s.uren for s in verified), 2)
    periode = f"de {maanden} maanden tot en met {datum(d)}"
    extra = f" Nog {_num(pending)} uur wacht op verificatie." if pending else ""
    bewijs = tuple(
        {"soort": "scholing", "id": s.id, "datum": s.datum.isoformat(), "uren": s.uren} for s in verified
    )
    if uren >= minimum:
        return (
            True,
            f"{_num(uren)} geverifieerde scholingsuren in {periode} (minimaal {_num(minimum)}).",
            bewijs,
        )
    return (
        False,
        f"Slechts {_num(uren)} geverifieerde scholingsuren in {periode}; minimaal {_num(minimum)} nodig.{extra}",
        bewijs,
    )


def _first_upper(text: str) -> str:
    return eerste_hoofdletter(text)


def _num(value: float) -> str:
    return getal(value)


def _toetsing(coach: CoachFeiten, kader: Kader, d: dt.date) -> tuple[bool, str, tuple]:
    maanden = int(kader.param("intercollegiale-toetsing", "maanden"))
    vormen = list(kader.param("intercollegiale-toetsing", "vormen"))
    locked = [t for t in coach.toetsingen if t.status == "vastgesteld" and t.vorm in vormen and t.datum <= d]
    good = [t for t in locked if t.beoordeling == "voldoende"]
    recent = [t for t in good if in_window(t.datum, d, maanden)]
    if recent:
        best = max(recent, key=lambda t: (t.datum, t.id))
        return (
            True,
            f"Vastgestelde {TOETSING_VORMEN.zin(best.vorm)} op {datum(best.datum)} met beoordeling "
            f"{BEOORDELINGEN.zin('voldoende')}.",
            ({"soort": "toetsing", "id": best.id, "datum": best.datum.isoformat(), "vorm": best.vorm},),
        )
    in_period = [t for t in locked if in_window(t.datum, d, maanden)]
    if in_period:
        last = max(in_period, key=lambda t: (t.datum, t.id))
        return (
            False,
            f"De vastgestelde toetsing van {datum(last.datum)} had als beoordeling "
            f"{BEOORDELINGEN.zin(last.beoordeling)}; in de {maanden} maanden tot en met {datum(d)} is er "
            "geen toetsing met beoordeling voldoende.",
            (),
        )
    if good:
        last = max(good, key=lambda t: (t.datum, t.id))
        return (
            False,
            f"De laatste vastgestelde toetsing met beoordeling voldoende is van {datum(last.datum)}, meer "
            f"dan {maanden} maanden voor {datum(d)}.",
            (),
        )
    return False, "Er is geen vastgestelde intercollegiale toetsing met beoordeling voldoende.", ()


def _zelfevaluatie(coach: CoachFeiten, kader: Kader, d: dt.date) -> tuple[bool, str, tuple]:
    maanden = int(kader.param("zelfevaluatie", "maanden"))
    complete = [z for z in coach.zelfevaluaties if z.volledig and z.datum <= d]
    if not complete:
        partial = [z for z in coach.zelfevaluaties if z.datum <= d]
        if partial:
            return False, "De zelfevaluatie is niet volledig: niet alle negen competenties zijn gescoord.", ()
        return False, "Er is geen volledige zelfevaluatie van de negen competenties.", ()
    newest = max(complete, key=lambda z: (z.datum, z.id))
    bewijs = ({"soort": "zelfevaluatie", "id": newest.id, "datum": newest.datum.isoformat()},)
    if in_window(newest.datum, d, maanden):
        return True, f"Volledige zelfevaluatie van {datum(newest.datum)}.", bewijs
    return (
        False,
        f"De laatste volledige zelfevaluatie is van {datum(newest.datum)}, meer dan {maanden} maanden "
        f"voor {datum(d)}.",
        bewijs,
    )


def _in_force(org: OrganisatieFeiten, gebied: str, d: dt.date):
    versions = [b for b in org.kwaliteitsborging if b.gebied == gebied and b.ingangsdatum <= d]
    return max(versions, key=lambda b: (b.ingangsdatum, b.id)) if versions else None


def _klachtprocedure(org: OrganisatieFeiten, kader: Kader, d: dt.date) -> tuple[bool, str, tuple]:
    version = _in_force(org, "klachtprocedure", d)
    if version is None:
        later = [b for b in org.kwaliteitsborging if b.gebied == "klachtprocedure"]
        if later:
            first = min(later, key=lambda b: b.ingangsdatum)
            return (
                False,
                f"De klachtprocedure van {org.naam} gaat pas in op {datum(first.ingangsdatum)}.",
                (),
            )
        return (
            False,
            f"{org.naam} heeft op {datum(d)} geen klachtenreglement en klachtprocedure van kracht.",
            (),
        )
    g = version.gegevens or {}
    termijnen = []
    if g.get("ontvangstbevestigingDagen"):
        termijnen.append(f"ontvangstbevestiging binnen {g['ontvangstbevestigingDagen']} dagen")
    if g.get("afhandelingWeken"):
        termijnen.append(f"afhandeling binnen {g['afhandelingWeken']} weken")
    extra = f" ({_and(termijnen)})" if termijnen else ""
    return (
        True,
        f"Klachtenreglement en klachtprocedure van kracht sinds {datum(version.ingangsdatum)}{extra}.",
        (
            {
                "soort": "kwaliteitsborging",
                "id": version.id,
                "gebied": "klachtprocedure",
                "ingangsdatum": version.ingangsdatum.isoformat(),
            },
        ),
    )


@dataclass(frozen=True)
class Tevredenheid:
    """The client-satisfaction part of `kwaliteitsborging` on a date: met (`voldaan`) when a measurement
    ends in the kader's window (`maanden` up to and including the date) and scores at least the kader's
    `minimaleScore`. `meting` is the newest measurement that meets it, else the newest in the window
    (None without one); `toelichting` a Dutch phrase (lower case, no full stop) saying why it fails."""

    voldaan: bool
    meting: Meting | None
    minimum: float | None
    maanden: int
    toelichting: str = ""


def klanttevredenheid(metingen: Iterable[Meting], kader: Kader, d: dt.date) -> Tevredenheid:
    """The one verdict on client satisfaction on `d` (DOMAIN.md: "a client-satisfaction measurement in
    the 12 months before D"; UWV expects at least 6.5), for the verification and every page alike."""
    maanden = int(kader.param("kwaliteitsborging", "maanden"))
    minimum = kader.param("kwaliteitsborging", "minimaleScore")
    minimum = None if minimum is None else float(minimum)
    recent = [m for m in metingen if in_window(m.periode_tot, d, maanden)]
    good = [m for m in recent if minimum is None or m.gemiddelde_score >= minimum]
    if good:
        return Tevredenheid(True, max(good, key=lambda m: (m.periode_tot, m.id)), minimum, maanden)
    if recent:
        return Tevredenheid(
            False,
            max(recent, key=lambda m: (m.periode_tot, m.id)),
            minimum,
            maanden,
            f"de klanttevredenheid in de {maanden} maanden tot en met {datum(d)} scoort onder het minimum "
            f"van {_num(minimum)}",
        )
    return Tevredenheid(
        False,
        None,
        minimum,
        maanden,
        f"geen klanttevredenheidsmeting in de {maanden} maanden tot en met {datum(d)}",
    )


def _kwaliteitsborging(org: OrganisatieFeiten, kader: Kader, d: dt.date) -> tuple[bool, str, tuple]:
    gebieden = list(kader.param("kwaliteitsborging", "gebieden"))
    bewijs: list[dict[str, Any]] = []
    missing: list[str] = []
    for gebied in gebieden:
        version = _in_force(org, gebied, d)
        if version is None:
            missing.append(KWALITEITSBORGING_GEBIEDEN.zin(gebied))
        else:
            bewijs.append(
                {
                    "soort": "kwaliteitsborging",
                    "id": version.id,
                    "gebied": gebied,
                    "ingangsdatum": version.ingangsdatum.isoformat(),
                }
            )
    tevredenheid = klanttevredenheid(org.metingen, kader, d)
    problems = []
    if missing:
        problems.append(f"op {datum(d)} niet van kracht: {_and(missing)}")
    if tevredenheid.voldaan:
        m = tevredenheid.meting
        bewijs.append(
            {
                "soort": "tevredenheidsmeting",
                "id": m.id,
                "periodeTot": m.periode_tot.isoformat(),
                "gemiddeldeScore": m.gemiddelde_score,
            }
        )
    else:
        problems.append(tevredenheid.toelichting)
    if problems:
        return (
            False,
            f"Kwaliteitsborging van {org.naam} onvolledig: " + "; ".join(problems) + ".",
            tuple(bewijs),
        )
    m = tevredenheid.meting
    return (
        True,
        f"{_first_upper(_and([KWALITEITSBORGING_GEBIEDEN.zin(g) for g in gebieden]))} zijn van kracht; "
        f"klanttevredenheid gemeten over {datum(m.periode_van)} tot en met {datum(m.periode_tot)} "
        f"(gemiddeld {_num(m.gemiddelde_score)}).",
        tuple(bewijs),
    )


def beoordeel(feiten: Feiten, kader: Kader, peildatum: dt.date) -> Oordeel:
    """The verdict on the traject's coach and organisation on the peildatum under this kader."""
    d = peildatum
    coach = replace(feiten.coach, keurmerken=tuple(k.op_datum(d) for k in feiten.coach.keurmerken))
    org = replace(feiten.organisatie, keurmerken=tuple(k.op_datum(d) for k in feiten.organisatie.keurmerken))
    feiten = Feiten(coach=coach, organisatie=org)
    results = {
        "jobcoach-actief": _jobcoach_actief(coach, d),
        "hbo-niveau": _hbo(coach, kader, d),
        "persoonsregister": _keurmerk_criterium(
            coach.keurmerken,
            list(kader.param("persoonsregister", "schemas")),
            int(kader.param("persoonsregister", "herregistratieDagen")),
            d,
            f"jobcoach {coach.registratienummer}",
        ),
        "dienstverband": _dienstverband(feiten, kader, d),
        "organisatie-keurmerk": _organisatie_keurmerk(org, kader, d),
        "scholing": _scholing(coach, kader, d),
        "intercollegiale-toetsing": _toetsing(coach, kader, d),
        "zelfevaluatie": _zelfevaluatie(coach, kader, d),
        "klachtprocedure": _klachtprocedure(org, kader, d),
        "kwaliteitsborging": _kwaliteitsborging(org, kader, d),
    }
    regels = tuple(
        Regel(code, kader.vereist(code), results[code][0], results[code][1], results[code][2])
        for code in CRITERIA
    )
    return Oordeel(
        gekwalificeerd=all(r.voldaan for r in regels if r.vereist),
        peildatum=d,
        kader=kader,
        criteria=regels,
    )


# The criteria a gemeente is warned about before it registers a traject (issue #17 point 6): the coach is
# not active, or does not work for the organisation, on the start date.
REGISTRATIE_WAARSCHUWINGEN = ("jobcoach-actief", "dienstverband")


def waarschuwingen_bij_registratie(feiten: Feiten, kader: Kader, startdatum: dt.date) -> tuple[Regel, ...]:
    """The lines of REGISTRATIE_WAARSCHUWINGEN that the verdict on `startdatum` does not meet, with the
    verdict's own Dutch explanation; empty when the traject can be registered without a warning."""
    oordeel = beoordeel(feiten, kader, startdatum)
    return tuple(r for r in oordeel.criteria if r.code in REGISTRATIE_WAARSCHUWINGEN and not r.voldaan)


def beoordeel_persoonsgebonden(coach: CoachFeiten, kader: Kader, peildatum: dt.date) -> Oordeel:
    """The verdict on the coach-level criteria alone (PERSOONSGEBONDEN_CRITERIA), for when there is no
    traject: the public profile and the coach's own overview. The organisation-level criteria are not
    judged (a placeholder organisation stands in and their lines are dropped); `gekwalificeerd` is about
    the required coach-level criteria only."""
    organisatie = OrganisatieFeiten(id="", naam="")
    oordeel = beoordeel(Feiten(coach=coach, organisatie=organisatie), kader, peildatum)
    regels = tuple(r for r in oordeel.criteria if r.code in PERSOONSGEBONDEN_CRITERIA)
    return Oordeel(
        gekwalificeerd=all(r.voldaan for r in regels if r.vereist),
        peildatum=peildatum,
        kader=kader,
        criteria=regels,
    )


__all__ = [
    "Oordeel",
    "Regel",
    "beoordeel",
    "beoordeel_persoonsgebonden",
    "klanttevredenheid",
    "keurmerk_geldig",
    "months_before",
    "scholingsuren",
    "scholingsuren_per_verificatie",
    "waarschuwingen_bij_registratie",
    "status_op",
]
