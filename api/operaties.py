"""The operationId of every operation of the published OpenAPI document, chosen here once.

A generated client names its functions after the operationId (openapi-python-client: `trajecten_lijst`), so
the names are Dutch and follow one scheme: the domain noun first, then what happens to it, in camelCase:
a collection is `<meervoud>Lijst`, one record `<enkelvoud>Ophalen`, a new record `<enkelvoud>Aanmaken` (or the
domain's own verb: registreren, opgeven, vastleggen), a change `<enkelvoud>Wijzigen`, and an action the verb
of its path (`trajectVerifieren`, `aanvraagIndienen`). Litestar's own ids (`ApiV1TrajectenIndex`) are replaced;
a test fails when an operation has no name here, or a name here no operation.
"""

from __future__ import annotations

from typing import Any

# (method, path relative to the /api/v1 server) -> operationId
OPERATIES: dict[tuple[str, str], str] = {
    # authenticatie en accounts
    ("post", "/token"): "tokenAanvragen",
    ("post", "/token/intrekken"): "tokenIntrekken",
    ("post", "/account/wachtwoord"): "eigenWachtwoordWijzigen",
    ("get", "/gebruikers"): "gebruikersLijst",
    ("post", "/gebruikers"): "gebruikerAanmaken",
    ("get", "/gebruikers/{gebruiker_id}"): "gebruikerOphalen",
    ("patch", "/gebruikers/{gebruiker_id}"): "gebruikerWijzigen",
    ("get", "/applicaties"): "applicatiesLijst",
    ("post", "/applicaties"): "applicatieRegistreren",
    ("post", "/applicaties/{applicatie_id}/intrekken"): "applicatieIntrekken",
    ("post", "/applicaties/{applicatie_id}/geheim"): "applicatieGeheimRoteren",
    ("get", "/gemeenten"): "gemeentenLijst",
    ("post", "/gemeenten"): "gemeenteToevoegen",
    # organisaties
    ("get", "/organisaties"): "organisatiesLijst",
    ("post", "/organisaties"): "organisatieRegistreren",
    ("get", "/organisaties/{organisatie_id}"): "organisatieOphalen",
    ("patch", "/organisaties/{organisatie_id}"): "organisatieWijzigen",
    ("post", "/organisaties/{organisatie_id}/status"): "organisatieStatusWijzigen",
    ("post", "/organisaties/{organisatie_id}/keurmerken"): "organisatieKeurmerkOpgeven",
    ("get", "/organisaties/{organisatie_id}/klachten"): "klachtenLijst",
    ("post", "/organisaties/{organisatie_id}/klachten"): "klachtRegistreren",
    ("patch", "/organisaties/{organisatie_id}/klachten/{klacht_id}"): "klachtWijzigen",
    ("get", "/organisaties/{organisatie_id}/tevredenheidsmetingen"): "tevredenheidsmetingenLijst",
    ("post", "/organisaties/{organisatie_id}/tevredenheidsmetingen"): "tevredenheidsmetingVastleggen",
    ("get", "/organisaties/{organisatie_id}/jobcoaches"): "organisatieJobcoachesLijst",
    ("post", "/organisaties/{organisatie_id}/uitnodigingen"): "jobcoachUitnodigen",
    ("get", "/organisaties/{organisatie_id}/kwaliteitsborging"): "kwaliteitsborgingOphalen",
    ("put", "/organisaties/{organisatie_id}/kwaliteitsborging"): "kwaliteitsborgingVastleggen",
    ("get", "/keurmerken/{keurmerk_id}/statuswijzigingen"): "keurmerkHistorieOphalen",
    ("post", "/keurmerken/{keurmerk_id}/statuswijzigingen"): "keurmerkStatuswijzigingVastleggen",
    # jobcoaches
    ("get", "/jobcoaches"): "jobcoachesLijst",
    ("post", "/jobcoaches"): "jobcoachAanmelden",
    ("get", "/jobcoaches/{jobcoach_id}"): "jobcoachOphalen",
    ("patch", "/jobcoaches/{jobcoach_id}"): "jobcoachWijzigen",
    ("post", "/jobcoaches/{jobcoach_id}/status"): "jobcoachStatusWijzigen",
    ("get", "/jobcoaches/{jobcoach_id}/export"): "jobcoachExporteren",
    ("post", "/jobcoaches/{jobcoach_id}/dienstverbanden"): "dienstverbandVoorstellen",
    ("patch", "/jobcoaches/{jobcoach_id}/dienstverbanden/{dienstverband_id}"): "dienstverbandBeeindigen",
    (
        "post",
        "/jobcoaches/{jobcoach_id}/dienstverbanden/{dienstverband_id}/bevestiging",
    ): "dienstverbandBevestigen",
    (
        "post",
        "/jobcoaches/{jobcoach_id}/dienstverbanden/{dienstverband_id}/weigering",
    ): "dienstverbandWeigeren",
    ("post", "/jobcoaches/{jobcoach_id}/opleidingen"): "opleidingOpgeven",
    ("post", "/jobcoaches/{jobcoach_id}/opleidingen/{opleiding_id}/herindiening"): "opleidingHerindienen",
    ("post", "/jobcoaches/{jobcoach_id}/scholingen"): "scholingOpgeven",
    ("post", "/jobcoaches/{jobcoach_id}/scholingen/{scholing_id}/herindiening"): "scholingHerindienen",
    ("post", "/jobcoaches/{jobcoach_id}/keurmerken"): "jobcoachKeurmerkOpgeven",
    ("patch", "/jobcoaches/{jobcoach_id}/keurmerken/{keurmerk_id}"): "jobcoachKeurmerkWijzigen",
    ("post", "/jobcoaches/{jobcoach_id}/zelfevaluaties"): "zelfevaluatieVastleggen",
    ("get", "/jobcoaches/{jobcoach_id}/toetsingen"): "jobcoachToetsingenLijst",
    # beoordelingen, toetsingen en audits
    ("post", "/beoordelingen"): "beoordelingVastleggen",
    ("post", "/beoordelingen/{object_id}/herzieningen"): "beoordelingHerzien",
    ("get", "/beoordelingen/{object_id}/historie"): "beoordelingHistorieOphalen",
    ("get", "/beoordelingen/werkvoorraad"): "werkvoorraadLijst",
    ("get", "/toetsingen"): "toetsingenLijst",
    ("post", "/toetsingen"): "toetsingVastleggen",
    ("get", "/toetsingen/{toetsing_id}"): "toetsingOphalen",
    ("put", "/toetsingen/{toetsing_id}"): "toetsingWijzigen",
    ("post", "/toetsingen/{toetsing_id}/medeondertekening"): "toetsingMedeondertekenen",
    ("post", "/toetsingen/{toetsing_id}/vaststelling"): "toetsingVaststellen",
    ("get", "/organisatie-audits"): "organisatieAuditsLijst",
    ("post", "/organisatie-audits"): "organisatieAuditVastleggen",
    ("get", "/organisatie-audits/{audit_id}"): "organisatieAuditOphalen",
    ("post", "/organisatie-audits/{audit_id}/medeondertekening"): "organisatieAuditMedeondertekenen",
    ("post", "/organisatie-audits/{audit_id}/bevindingen/{bevinding_id}/afronding"): "bevindingAfronden",
    ("post", "/organisatie-audits/{audit_id}/bevindingen/{bevinding_id}/sluiting"): "bevindingSluiten",
    ("get", "/organisatie-audits/verlopen-bevindingen"): "verlopenBevindingenLijst",
    ("get", "/auditlog"): "auditlogLijst",
    ("get", "/auditlog/verificatie"): "auditlogVerifieren",
    ("post", "/auditlog/wisverzoeken"): "wisverzoekVastleggen",
    ("get", "/auditlog/bewijs"): "auditlogBewijsOphalen",
    ("get", "/auditlog/checkpoint"): "auditlogCheckpointOphalen",
    ("get", "/auditlog/regels/{regel_id}"): "auditlogRegelOphalen",
    ("get", "/auditlog/sleutels"): "auditlogSleutelsLijst",
    # openbaar register
    ("get", "/register/jobcoaches"): "openbareJobcoachesZoeken",
    ("get", "/register/jobcoaches/{registratienummer}"): "openbareJobcoachOphalen",
    ("get", "/register/organisaties"): "openbareOrganisatiesZoeken",
    ("get", "/register/organisaties/{organisatie_id}"): "openbareOrganisatieOphalen",
    # trajecten en verificaties
    ("get", "/trajecten"): "trajectenLijst",
    ("post", "/trajecten"): "trajectRegistreren",
    ("get", "/trajecten/{traject_id}"): "trajectOphalen",
    ("patch", "/trajecten/{traject_id}"): "trajectWijzigen",
    ("get", "/trajecten/{traject_id}/uren"): "urenLijst",
    ("post", "/trajecten/{traject_id}/uren"): "urenRegistreren",
    ("post", "/trajecten/{traject_id}/besluit"): "trajectBesluitVastleggen",
    ("post", "/trajecten/{traject_id}/rapportages/{rapportage_id}/indiening"): "rapportageIndienen",
    ("post", "/trajecten/{traject_id}/overhevelingen"): "urenOverhevelen",
    ("post", "/trajecten/{traject_id}/verlenging"): "trajectVerlengen",
    ("get", "/trajecten/{traject_id}/verificaties"): "trajectVerificatiesLijst",
    ("post", "/trajecten/{traject_id}/verificaties"): "trajectVerifieren",
    ("post", "/verificaties/_bulk"): "trajectenBulkVerifieren",
    ("get", "/verificaties"): "verificatiesLijst",
    ("get", "/verificaties/{verificatie_id}"): "verificatieOphalen",
    ("get", "/gemeenten/{gemeente_code}/toetsingskader"): "gemeenteToetsingskaderOphalen",
    ("put", "/gemeenten/{gemeente_code}/toetsingskader"): "gemeenteToetsingskaderVaststellen",
    ("get", "/toetsingskader"): "toetsingskaderOphalen",
    ("put", "/toetsingskader"): "toetsingskaderVaststellen",
    ("get", "/signalen"): "signalenLijst",
    # aanvragen
    ("get", "/aanvragen"): "aanvragenLijst",
    ("post", "/aanvragen"): "aanvraagOpstellen",
    ("get", "/aanvragen/{aanvraag_id}"): "aanvraagOphalen",
    ("patch", "/aanvragen/{aanvraag_id}"): "aanvraagWijzigen",
    ("post", "/aanvragen/{aanvraag_id}/indiening"): "aanvraagIndienen",
    ("post", "/aanvragen/{aanvraag_id}/behandeling"): "aanvraagInBehandelingNemen",
    ("post", "/aanvragen/{aanvraag_id}/besluit"): "aanvraagBesluitVastleggen",
    ("post", "/aanvragen/{aanvraag_id}/intrekking"): "aanvraagIntrekken",
    ("post", "/aanvragen/{aanvraag_id}/verdaging"): "aanvraagVerdagen",
    ("get", "/doelenoverzicht"): "doelenoverzichtOphalen",
    # abonnementen en documenten
    ("get", "/abonnementen"): "abonnementenLijst",
    ("post", "/abonnementen"): "abonnementAanmaken",
    ("get", "/abonnementen/typen"): "abonnementTypenLijst",
    ("get", "/abonnementen/{abonnement_id}"): "abonnementOphalen",
    ("delete", "/abonnementen/{abonnement_id}"): "abonnementBeeindigen",
    ("get", "/abonnementen/{abonnement_id}/afleveringen"): "afleveringenLijst",
    ("post", "/documenten"): "documentUploaden",
    ("get", "/documenten/{document_id}/inhoud"): "documentInhoudOphalen",
    ("get", "/status"): "statusOphalen",
}

# The form body of POST /token under its own name (a generator otherwise invents ApiV1TokenTokenBody).
FORMULIER_SCHEMA = "TokenVerzoek"


def benoem(document: dict[str, Any]) -> dict[str, Any]:
    """Give every operation of `document` (paths relative to the /api/v1 server) its operationId from
    OPERATIES and put the token form body under components.schemas.TokenVerzoek. An operation without a
    name keeps Litestar's (the test of this module fails on it). Returns the same document, changed."""
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if isinstance(operation, dict) and (naam := OPERATIES.get((method, path))) is not None:
                operation["operationId"] = naam
    form = (
        document.get("paths", {})
        .get("/token", {})
        .get("post", {})
        .get("requestBody", {})
        .get("content", {})
        .get("application/x-www-form-urlencoded")
    )
    if form is not None and "$ref" not in form.get("schema", {}):
        document.setdefault("components", {}).setdefault("schemas", {})[FORMULIER_SCHEMA] = form["schema"]
        form["schema"] = {"$ref": f"#/components/schemas/{FORMULIER_SCHEMA}"}
    return document
