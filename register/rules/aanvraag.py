"""The aanvraag (Matchingsformulier of leidraad-jobcoach-aanvraag.txt) as pure rules: completeness and
SMART-ness at submission, the lifecycle, the beslistermijn (Awb 4:13 and 4:14), and the diagnosis terms a
free text may not hold.

No I/O and no clock: dates come in as parameters, the list of diagnosis terms as a parameter too (it is
read from `register/data/diagnosetermen.txt` by `register.validators`). Field names in the findings are
the API's camelCase paths (`werknemerprofiel.krachten`, `match.coachingsdoelen[0].indicator`), so a 400
names exactly the part that is missing or vague.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from register import vocabulary as voc
from register.opmaak import datum
from register.rules import uren as urenrules

# --- the parts of the Matchingsformulier -----------------------------------------------------------------

# (API name, Dutch name in a message); every part is required at submission unless listed as optional.
WERKNEMERPROFIEL = (
    ("krachten", "de krachten van de werknemer"),
    ("inspiratie", "wat de werknemer inspireert in werk"),
    ("vaardigheden", "de functionele vaardigheden"),
    ("context", "de (sociale) context waarin de werknemer het best functioneert"),
    ("beperkingen", "de beperkingen in functioneren die ondersteuning nodig maken"),
)
WERKPROFIEL = (
    ("functie", "de functie"),
    ("taken", "de taken"),
    ("urenPerWeek", "de arbeidsuren per week"),
    ("werkplek", "de werkplek en haar sociale context"),
    ("werkbegeleider", "de rol van de interne werkbegeleider"),
    ("aanpassingen", "de aanpassingen die al zijn gedaan (of 'geen')"),
)
MATCH = (
    ("ondersteuningsbehoefte", "de ondersteuning die nodig is"),
    ("kloof", "wat er nog ontbreekt tussen werknemerprofiel en werkprofiel"),
)
# `ondersteuningWerkgever`: what the werkgever or werkbegeleider needs; when filled in, a goal must concern
# the werkgever side (coach-the-coach, the seed letter).
MATCH_OPTIONEEL = ("ondersteuningWerkgever",)
DOEL_VELDEN = ("omschrijving", "indicator", "streefwaarde", "streefdatum", "kernactiviteit", "betreft")
# words that make a goal's description unmeasurable when it has nothing else to hold on to
VAGE_WOORDEN = ("beter", "meer", "proberen", "zo goed mogelijk", "verbeteren", "leren omgaan")

STATUSSEN = voc.AANVRAAG_STATUSSEN
BEWERKBAAR = ("concept", "aanvulling-gevraagd")  # the applicant may change the form
OPEN_VOOR_BESLUIT = ("ingediend", "in-behandeling")  # the gemeente may decide
OVERGANGEN: Mapping[str, frozenset[str]] = {
    "concept": frozenset({"ingediend", "ingetrokken"}),
    "ingediend": frozenset(
        {"in-behandeling", "toegekend", "afgewezen", "aanvulling-gevraagd", "ingetrokken"}
    ),
    "in-behandeling": frozenset({"toegekend", "afgewezen", "aanvulling-gevraagd", "ingetrokken"}),
    "aanvulling-gevraagd": frozenset({"ingediend", "ingetrokken"}),
    "toegekend": frozenset(),
    "afgewezen": frozenset(),
    "ingetrokken": frozenset(),
}


@dataclass(frozen=True)
class Gebrek:
    """One missing or vague part: `veld` is its API path, `reden` a Dutch sentence part."""

    veld: str
    reden: str


def mag_naar(van: str, naar: str) -> bool:
    """Whether the lifecycle allows `van` -> `naar` (issue 14: concept -> ingediend -> in-behandeling ->
    toegekend | afgewezen | aanvulling-gevraagd (-> ingediend again) | ingetrokken)."""
    return naar in OVERGANGEN.get(van, frozenset())


def periode(gewenste_startdatum: dt.date) -> tuple[dt.date, dt.date]:
    """The requested period: from the requested start to the last day of a traject without extension
    (two years, DOMAIN.md "Schedule"); both days included."""
    return gewenste_startdatum, urenrules.einddatum(gewenste_startdatum, False)


def _leeg(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _vaag(omschrijving: str) -> bool:
    text = omschrijving.strip().lower()
    if len(text) < voc.DOEL_OMSCHRIJVING_MIN:
        return True
    return any(re.fullmatch(rf"(\w+\s+){{0,3}}{re.escape(w)}(\s+\w+){{0,2}}", text) for w in VAGE_WOORDEN)


def gebreken(aanvraag: Mapping[str, Any]) -> list[Gebrek]:
    """Every missing or vague part of an aanvraag at submission, all at once, in form order.

    `aanvraag` holds the API's names: `regime`, `regimeMotivatie`, `contracturen` (hours per week),
    `gewensteStartdatum` (date), `positie`, `werkgever`, `werknemerprofiel`, `werkprofiel` and `match`
    (mappings; `match.coachingsdoelen` a list of mappings with `streefdatum` a date). A goal is SMART when
    it has a description of at least DOEL_OMSCHRIJVING_MIN characters that is more than a vague word, a
    measurable indicator, a target value, a target date within the requested period (`periode`), one of
    the four core activities and whom it concerns; when the match names support for the werkgever, at
    least one goal concerns the werkgever (coach-the-coach). Source: leidraad-jobcoach-aanvraag.txt, issue 14.
    """
    out: list[Gebrek] = []
    for veld, naam in (
        ("werkgever", "de werkgever"),
        ("regime", "het regime (licht of midden)"),
        ("regimeMotivatie", "de motivatie van het regime"),
        ("contracturen", "de contracturen"),
        ("gewensteStartdatum", "de gewenste startdatum"),
        ("positie", "de positie van de werknemer"),
    ):
        if _leeg(aanvraag.get(veld)):
            out.append(Gebrek(veld, f"ontbreekt: vul {naam} in"))
    for deel, velden in (
        ("werknemerprofiel", WERKNEMERPROFIEL),
        ("werkprofiel", WERKPROFIEL),
        ("match", MATCH),
    ):
        waarden = aanvraag.get(deel) or {}
        for veld, naam in velden:
            if _leeg(waarden.get(veld)):
                out.append(Gebrek(f"{deel}.{veld}", f"ontbreekt: vul {naam} in"))
    match = aanvraag.get("match") or {}
    doelen: Sequence[Mapping[str, Any]] = match.get("coachingsdoelen") or []
    if not doelen:
        out.append(Gebrek("match.coachingsdoelen", "ontbreekt: geef ten minste één SMART coachingsdoel"))
    start = aanvraag.get("gewensteStartdatum")
    van_tot = periode(start) if isinstance(start, dt.date) else None
    for i, doel in enumerate(doelen):
        out.extend(doel_gebreken(doel, f"match.coachingsdoelen[{i}]", van_tot))
    if not _leeg(match.get("ondersteuningWerkgever")) and not any(
        d.get("betreft") == "werkgever" for d in doelen
    ):
        out.append(
            Gebrek(
                "match.coachingsdoelen",
                "de match noemt ondersteuning van de werkgever; geef ook een doel dat de werkgever of "
                "werkbegeleider betreft (coach-the-coach)",
            )
        )
    return out


def doel_gebreken(
    doel: Mapping[str, Any],
    pad: str,
    van_tot: tuple[dt.date, dt.date] | None,
    periode_naam: str = "de aangevraagde periode",
) -> list[Gebrek]:
    """What a single coachingsdoel misses to be SMART (see `gebreken`); `pad` prefixes the field names,
    `van_tot` is the period its target date must lie in (None: not checked), named `periode_naam`."""
    out = []
    if _leeg(doel.get("omschrijving")):
        out.append(Gebrek(f"{pad}.omschrijving", "ontbreekt: beschrijf wat er bereikt moet worden"))
    elif _vaag(doel["omschrijving"]):
        out.append(
            Gebrek(
                f"{pad}.omschrijving",
                "is te vaag: beschrijf concreet welk gedrag of resultaat er bereikt moet worden",
            )
        )
    if _leeg(doel.get("indicator")):
        out.append(Gebrek(f"{pad}.indicator", "ontbreekt: hoe wordt gemeten of het doel is bereikt?"))
    if _leeg(doel.get("streefwaarde")):
        out.append(Gebrek(f"{pad}.streefwaarde", "ontbreekt: welke waarde van de indicator is het doel?"))
    streef = doel.get("streefdatum")
    if streef is None:
        out.append(Gebrek(f"{pad}.streefdatum", "ontbreekt: wanneer moet het doel bereikt zijn?"))
    elif van_tot is not None and not van_tot[0] <= streef <= van_tot[1]:
        out.append(
            Gebrek(
                f"{pad}.streefdatum",
                f"moet binnen {periode_naam} liggen ({datum(van_tot[0])} tot en met {datum(van_tot[1])})",
            )
        )
    if _leeg(doel.get("kernactiviteit")):
        out.append(Gebrek(f"{pad}.kernactiviteit", "ontbreekt: kies een van de vier kernactiviteiten"))
    if _leeg(doel.get("betreft")):
        out.append(Gebrek(f"{pad}.betreft", "ontbreekt: betreft het doel de werknemer of de werkgever?"))
    return out


# --- beslistermijn ---------------------------------------------------------------------------------------


def beslistermijn(ingediend_op: dt.date, verdaging_weken: int = 0) -> dt.date:
    """The last day for the decision: eight weeks after the (first complete) submission (Awb 4:13), plus
    the weeks of the one extension (Awb 4:14). Dates are Dutch calendar days."""
    return ingediend_op + dt.timedelta(weeks=voc.BESLISTERMIJN_WEKEN + verdaging_weken)


def verdaging_fout(al_verdaagd: bool, weken: int, reden: str) -> list[Gebrek]:
    """Why an extension of the beslistermijn is refused (empty: allowed): once only, 1 to
    VERDAGING_MAX_WEKEN weeks, with a reason."""
    out = []
    if al_verdaagd:
        out.append(Gebrek("weken", "de beslistermijn is al eens verdaagd; dat kan maar één keer (Awb 4:14)"))
    if not 1 <= weken <= voc.VERDAGING_MAX_WEKEN:
        out.append(Gebrek("weken", f"moet tussen 1 en {voc.VERDAGING_MAX_WEKEN} weken liggen"))
    if _leeg(reden):
        out.append(Gebrek("reden", "geef een reden voor de verdaging"))
    return out


def termijn_verstreken(status: str, termijn: dt.date | None, vandaag: dt.date) -> bool:
    """Whether a decision is overdue: still open for a decision and past its last day."""
    return status in OPEN_VOOR_BESLUIT and termijn is not None and vandaag > termijn


# --- no diagnosis ----------------------------------------------------------------------------------------

DIAGNOSE_MELDING = "beschrijf wat iemand wel en niet kan in het werk, niet de diagnose"


def _normaal(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in folded if not unicodedata.combining(c))


def diagnoseterm(text: str, termen: Iterable[str]) -> str | None:
    """The first diagnosis term in `text` (whole words, case and accents ignored), or None. A term ending
    in `*` matches every word form starting so ("autisti*": autistisch, autistische trekken); words
    within a term may be separated by any whitespace. UWV's rule for jobcoach reports: functioning, never
    a diagnosis."""
    norm = _normaal(text)
    for term in termen:
        t = _normaal(term.strip())
        stam = t.endswith("*")
        t = t.rstrip("*").strip()
        if not t:
            continue
        patroon = r"\s+".join(re.escape(w) for w in t.split())
        if re.search(rf"(?<!\w){patroon}" + (r"\w*" if stam else r"(?!\w)"), norm):
            return term.strip()
    return None


GEBOORTEDATUM = re.compile(r"\bgeboren\b\D{0,20}\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b", re.IGNORECASE)


def noemt_geboortedatum(text: str) -> bool:
    """Whether `text` gives a date of birth ("geboren op 12-03-1990", dd-mm-yyyy with - / or .): a free
    text of an aanvraag identifies nobody (issue 14, "No identity, no diagnosis")."""
    return bool(GEBOORTEDATUM.search(text))


def teksten(value: Any, pad: str = "") -> Iterable[tuple[str, str]]:
    """Every (API path, text) in a nested aanvraag body, for the BSN and diagnosis checks."""
    if isinstance(value, str):
        yield pad, value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from teksten(v, f"{pad}.{k}" if pad else str(k))
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from teksten(v, f"{pad}[{i}]")
