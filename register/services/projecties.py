"""Each role's view of a coach, as a named projection: the one place that says who sees which fields.

Source: DOMAIN.md, "Consent, access and history" (access follows purpose) and "Privacy (AVG)"; issue 12,
part 2. A projection is a fixed set of fields of the coach's dossier (register.services.jobcoaches.
dossier); the dossier is cut to the reader's projection before it leaves the service, and the purpose is
written to the access log (register.infra.inzage) by the caller.

| projection | who | fields |
|---|---|---|
| `publiek` | anyone, no log-in (register.services.publiek) | registratienummer, name, status, werkgebied, today's organisations (confirmed links only), verified keurmerken (scheme, status, end date) |
| `gemeente` | a gemeente, for its own trajecten (register.services.trajecten, verificaties) | the public fields, plus per verification the verdict, one line per criterion with its Dutch explanation and the evidence used; never the private record (GET /api/v1/jobcoaches/{id} is 403) |
| `organisatie` | an organisation with a confirmed dienstverband in force today | contact details, status, werkgebied, claims (opleidingen, keurmerken, scholingen) with their verification, zelfevaluaties, scholing hours, and only its own dienstverbanden with the coach; not the status history (reasons of a suspension) nor links with other organisations |
| `auditor` | any auditor (checks claims and toetsingen) | e-mail, status, werkgebied, claims, zelfevaluaties, scholing hours, every dienstverband (for conflict of interest); not the telephone number nor the status history |
| `zelf` | the coach | everything, plus (in the export) who read it |
| `beheerder` | a beheerder | everything |
"""

from __future__ import annotations

from typing import Any

from register.actor import Actor

PUBLIEK = "publiek"
GEMEENTE = "gemeente"
ORGANISATIE = "organisatie"
AUDITOR = "auditor"
ZELF = "zelf"
BEHEERDER = "beheerder"

_KERN = (
    "id",
    "registratienummer",
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "naam",
    "status",
    "versie",
    "werkgebied",
)
_CLAIMS = ("opleidingen", "keurmerken", "scholingen", "zelfevaluaties", "scholingsuren_laatste_12_maanden")
_ALLES = (*_KERN, "email", "telefoon", *_CLAIMS, "dienstverbanden", "statushistorie")

# the dossier fields per projection (publiek and gemeente never get a dossier: their fields are listed
# for the record and served by register.services.publiek and the verification)
VELDEN: dict[str, tuple[str, ...]] = {
    PUBLIEK: (
        "registratienummer",
        "voornaam",
        "tussenvoegsel",
        "achternaam",
        "naam",
        "status",
        "werkgebied",
        "organisaties",
        "keurmerken",
    ),
    GEMEENTE: (
        "registratienummer",
        "voornaam",
        "tussenvoegsel",
        "achternaam",
        "naam",
        "status",
        "werkgebied",
        "organisaties",
        "keurmerken",
        "verificaties",
    ),
    ORGANISATIE: (*_KERN, "email", "telefoon", *_CLAIMS, "dienstverbanden"),
    AUDITOR: (*_KERN, "email", *_CLAIMS, "dienstverbanden"),
    ZELF: _ALLES,
    BEHEERDER: _ALLES,
}

# the access-log purpose of each projection that reads private data
DOELEN: dict[str, str] = {
    ZELF: "eigen gegevens",
    BEHEERDER: "beheer van het register",
    AUDITOR: "audit en verificatie",
    ORGANISATIE: "werkgever of opdrachtgever",
}


def projectie(actor: Actor, jobcoach_id: Any, *, werkgever_nu: bool) -> str:
    """The name of the actor's projection of this coach. `werkgever_nu`: the actor is an organisation with a
    confirmed dienstverband with the coach in force today (the caller asks the database). The strongest
    applicable projection wins: zelf, beheerder, auditor, organisatie, gemeente, publiek."""
    if actor.is_coach(str(jobcoach_id)):
        return ZELF
    if actor.has("beheerder"):
        return BEHEERDER
    if actor.has("auditor"):
        return AUDITOR
    if werkgever_nu:
        return ORGANISATIE
    if actor.has("gemeente"):
        return GEMEENTE
    return PUBLIEK


def snijd(
    naam: str, dossier: dict[str, Any], organisatie_ids: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The dossier cut to projection `naam`; for `organisatie` only the dienstverbanden with the reader's
    own organisations (`organisatie_ids`). Raises KeyError for a projection without a dossier."""
    if naam not in DOELEN:
        raise KeyError(f"projectie {naam} krijgt geen dossier")
    out = {k: v for k, v in dossier.items() if k in VELDEN[naam]}
    if naam == ORGANISATIE and "dienstverbanden" in out:
        out["dienstverbanden"] = [d for d in out["dienstverbanden"] if d["organisatie"] in organisatie_ids]
    return out
