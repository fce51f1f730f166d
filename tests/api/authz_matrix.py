"""The authorization matrix: every route x the six roles plus anonymous -> expected outcome.

One row per route (method and path exactly as Litestar registers it). Outcomes per role:
  "ok"  the route lets this role in: the answer is neither 401 nor 403 (it may still be 400/404/409);
  401   anonymous callers are refused; 403 the role is refused; 404 a hidden object (never a leak).
Path parameters are filled from the test world (`tests.builders.build_world`): {jobcoach_id} is coach A (the
`jobcoach` role's own record), {organisatie_id} organisation A (the `organisatie` role's own), and so on;
`PARAMS` maps each parameter name to a function of the world.

A test fails for any registered route without a row here, so no route ships unguarded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ROLES = ("anoniem", "jobcoach", "organisatie", "auditor", "gemeente", "beheerder")

OK = "ok"


def allow(*roles: str, anonymous: bool = False, others: int = 403) -> dict[str, Any]:
    """Expected outcome per role: the listed roles get in, the rest get `others` (anonymous 401)."""
    out: dict[str, Any] = {}
    for role in ROLES:
        if role == "anoniem":
            out[role] = OK if anonymous else 401
        else:
            out[role] = OK if (role in roles or anonymous) else others
    return out


EVERYONE = allow(anonymous=True)
LOGGED_IN = allow("jobcoach", "organisatie", "auditor", "gemeente", "beheerder")

# (method, path) -> expected outcome per role
MATRIX: dict[tuple[str, str], dict[str, Any]] = {
    # authentication
    # wrong credentials give 401 to everyone: a role is no way around the password check
    ("POST", "/api/v1/token"): dict.fromkeys(ROLES, 401),
    ("POST", "/api/v1/token/intrekken"): LOGGED_IN,
    # webhook subscriptions (issue 15): a gemeente's own; another's is 404
    ("POST", "/api/v1/abonnementen"): allow("gemeente"),
    ("GET", "/api/v1/abonnementen"): allow("gemeente"),
    ("GET", "/api/v1/abonnementen/typen"): allow("gemeente"),
    ("GET", "/api/v1/abonnementen/{abonnement_id:str}"): allow("gemeente"),
    ("DELETE", "/api/v1/abonnementen/{abonnement_id:str}"): allow("gemeente"),
    ("GET", "/api/v1/abonnementen/{abonnement_id:str}/afleveringen"): allow("gemeente"),
    # evidence documents (issue 15): a coach or organisation uploads its own; an unknown or someone else's
    # document is 404 for everyone (the world has none, so every logged-in role gets the 404)
    ("POST", "/api/v1/documenten"): allow("jobcoach", "organisatie"),
    ("GET", "/api/v1/documenten/{document_id:str}/inhoud"): LOGGED_IN,
    # a wrong current password is a 400 for everyone logged in
    ("POST", "/api/v1/account/wachtwoord"): LOGGED_IN,
    # accounts and gemeenten
    ("POST", "/api/v1/gebruikers"): allow("beheerder"),
    ("GET", "/api/v1/gebruikers"): allow("beheerder"),
    ("GET", "/api/v1/gebruikers/{gebruiker_id:str}"): allow("beheerder"),
    ("PATCH", "/api/v1/gebruikers/{gebruiker_id:str}"): allow("beheerder"),
    ("POST", "/api/v1/gemeenten"): allow("beheerder"),
    ("POST", "/api/v1/applicaties"): allow("beheerder"),
    ("GET", "/api/v1/applicaties"): allow("beheerder"),
    ("POST", "/api/v1/applicaties/{applicatie_id:str}/geheim"): allow("beheerder"),
    ("POST", "/api/v1/applicaties/{applicatie_id:str}/intrekken"): allow("beheerder"),
    ("GET", "/api/v1/gemeenten"): LOGGED_IN,
    # organisaties
    ("POST", "/api/v1/organisaties"): allow("beheerder"),
    ("GET", "/api/v1/organisaties"): LOGGED_IN,
    ("GET", "/api/v1/organisaties/{organisatie_id:str}"): LOGGED_IN,
    ("PATCH", "/api/v1/organisaties/{organisatie_id:str}"): allow("organisatie", "beheerder"),
    ("POST", "/api/v1/organisaties/{organisatie_id:str}/status"): allow("beheerder"),
    ("POST", "/api/v1/organisaties/{organisatie_id:str}/keurmerken"): allow("organisatie", "beheerder"),
    # an organisation invites its own coaches (issue 15): only the organisation itself, for its own coaches
    # (organisation B's coach is a 400 naming `jobcoach`: tests/api/test_uitnodiging_organisatie.py)
    ("POST", "/api/v1/organisaties/{organisatie_id:str}/uitnodigingen"): allow("organisatie"),
    ("GET", "/api/v1/organisaties/{organisatie_id:str}/kwaliteitsborging"): LOGGED_IN,
    ("PUT", "/api/v1/organisaties/{organisatie_id:str}/kwaliteitsborging"): allow("organisatie", "beheerder"),
    ("GET", "/api/v1/organisaties/{organisatie_id:str}/tevredenheidsmetingen"): LOGGED_IN,
    ("POST", "/api/v1/organisaties/{organisatie_id:str}/tevredenheidsmetingen"): allow(
        "organisatie", "beheerder"
    ),
    ("GET", "/api/v1/organisaties/{organisatie_id:str}/klachten"): allow(
        "organisatie", "auditor", "beheerder"
    ),
    ("POST", "/api/v1/organisaties/{organisatie_id:str}/klachten"): allow("organisatie"),
    ("PATCH", "/api/v1/organisaties/{organisatie_id:str}/klachten/{klacht_id:str}"): allow("organisatie"),
    ("GET", "/api/v1/organisaties/{organisatie_id:str}/jobcoaches"): allow(
        "organisatie", "auditor", "beheerder"
    ),
    # jobcoaches: the private record goes to the coach, an organisation that employs the coach now, an
    # auditor and a beheerder; never to a gemeente, not even with a traject (issue 12, case 2: a traject is no
    # key; the gemeente gets the verdict, the evidence lines and the public data)
    ("POST", "/api/v1/jobcoaches"): allow("organisatie", "beheerder"),
    ("GET", "/api/v1/jobcoaches"): allow("organisatie", "auditor", "beheerder"),
    ("GET", "/api/v1/jobcoaches/{jobcoach_id:str}"): allow("jobcoach", "organisatie", "auditor", "beheerder"),
    ("PATCH", "/api/v1/jobcoaches/{jobcoach_id:str}"): allow("jobcoach", "beheerder"),
    ("POST", "/api/v1/jobcoaches/{jobcoach_id:str}/status"): allow("beheerder"),
    # consent: either side proposes, the other confirms or refuses (a beheerder with a reason)
    ("POST", "/api/v1/jobcoaches/{jobcoach_id:str}/dienstverbanden"): allow(
        "jobcoach", "organisatie", "beheerder"
    ),
    (
        "POST",
        "/api/v1/jobcoaches/{jobcoach_id:str}/dienstverbanden/{dienstverband_id:str}/bevestiging",
    ): allow("jobcoach", "organisatie", "beheerder"),
    ("POST", "/api/v1/jobcoaches/{jobcoach_id:str}/dienstverbanden/{dienstverband_id:str}/weigering"): allow(
        "jobcoach", "organisatie", "beheerder"
    ),
    ("PATCH", "/api/v1/jobcoaches/{jobcoach_id:str}/dienstverbanden/{dienstverband_id:str}"): allow(
        "organisatie", "beheerder"
    ),
    ("POST", "/api/v1/jobcoaches/{jobcoach_id:str}/opleidingen"): allow("jobcoach"),
    # resubmitting a rejected claim (issue 15): the coach's own; an unknown claim is 404
    ("POST", "/api/v1/jobcoaches/{jobcoach_id:str}/opleidingen/{opleiding_id:str}/herindiening"): allow(
        "jobcoach"
    ),
    ("POST", "/api/v1/jobcoaches/{jobcoach_id:str}/scholingen/{scholing_id:str}/herindiening"): allow(
        "jobcoach"
    ),
    ("POST", "/api/v1/jobcoaches/{jobcoach_id:str}/keurmerken"): allow("jobcoach"),
    ("PATCH", "/api/v1/jobcoaches/{jobcoach_id:str}/keurmerken/{keurmerk_id:str}"): allow("jobcoach"),
    # the lifecycle of any keurmerk: the service lets a holder report only a herregistratie (on its own)
    ("POST", "/api/v1/keurmerken/{keurmerk_id:str}/statuswijzigingen"): allow(
        "jobcoach", "organisatie", "auditor", "beheerder"
    ),
    ("GET", "/api/v1/keurmerken/{keurmerk_id:str}/statuswijzigingen"): allow(
        "jobcoach", "organisatie", "auditor", "beheerder"
    ),
    ("POST", "/api/v1/jobcoaches/{jobcoach_id:str}/scholingen"): allow("jobcoach"),
    ("POST", "/api/v1/jobcoaches/{jobcoach_id:str}/zelfevaluaties"): allow("jobcoach"),
    ("GET", "/api/v1/jobcoaches/{jobcoach_id:str}/export"): allow("jobcoach"),
    # audits: verifying claims, intercollegiale toetsing, organisation audits, the audit log
    ("POST", "/api/v1/beoordelingen"): allow("auditor"),
    ("GET", "/api/v1/beoordelingen/werkvoorraad"): allow("auditor", "beheerder"),
    # reversing a judgement; its history for the holder (checked by the service), auditors and beheerders
    ("POST", "/api/v1/beoordelingen/{object_id:str}/herzieningen"): allow("auditor"),
    ("GET", "/api/v1/beoordelingen/{object_id:str}/historie"): allow(
        "jobcoach", "organisatie", "auditor", "beheerder"
    ),
    ("POST", "/api/v1/toetsingen"): allow("auditor"),
    ("GET", "/api/v1/toetsingen"): allow("auditor", "beheerder"),
    ("GET", "/api/v1/toetsingen/{toetsing_id:str}"): allow("auditor", "beheerder"),
    ("PUT", "/api/v1/toetsingen/{toetsing_id:str}"): allow("auditor"),
    ("POST", "/api/v1/toetsingen/{toetsing_id:str}/vaststelling"): allow("auditor"),
    ("POST", "/api/v1/toetsingen/{toetsing_id:str}/medeondertekening"): allow("auditor"),
    ("POST", "/api/v1/organisatie-audits/{audit_id:str}/medeondertekening"): allow("auditor"),
    ("GET", "/api/v1/jobcoaches/{jobcoach_id:str}/toetsingen"): allow("jobcoach", "auditor", "beheerder"),
    ("POST", "/api/v1/organisatie-audits"): allow("auditor"),
    ("GET", "/api/v1/organisatie-audits"): allow("auditor", "beheerder", "organisatie"),
    ("GET", "/api/v1/organisatie-audits/verlopen-bevindingen"): allow("auditor", "beheerder"),
    ("GET", "/api/v1/organisatie-audits/{audit_id:str}"): allow("auditor", "beheerder", "organisatie"),
    ("POST", "/api/v1/organisatie-audits/{audit_id:str}/bevindingen/{bevinding_id:str}/afronding"): allow(
        "organisatie"
    ),
    ("POST", "/api/v1/organisatie-audits/{audit_id:str}/bevindingen/{bevinding_id:str}/sluiting"): allow(
        "auditor"
    ),
    ("GET", "/api/v1/auditlog"): allow("beheerder"),
    ("GET", "/api/v1/auditlog/verificatie"): allow("beheerder"),
    ("POST", "/api/v1/auditlog/wisverzoeken"): allow("beheerder"),
    # the transparency log: public, what an outsider needs to check the log
    ("GET", "/api/v1/auditlog/checkpoint"): EVERYONE,
    ("GET", "/api/v1/auditlog/sleutels"): EVERYONE,
    ("GET", "/api/v1/auditlog/bewijs"): EVERYONE,
    ("GET", "/api/v1/auditlog/regels/{regel_id:str}"): EVERYONE,
    # the public register: no login, public fields only (coach A is aangemeld, so its profile is a 404)
    ("GET", "/api/v1/register/jobcoaches"): EVERYONE,
    ("GET", "/api/v1/register/jobcoaches/{registratienummer:str}"): EVERYONE,
    ("GET", "/api/v1/register/organisaties"): EVERYONE,
    ("GET", "/api/v1/register/organisaties/{organisatie_id:str}"): EVERYONE,
    # trajecten and verification (the world has traject T of gemeente X with coach A and organisation A;
    # object-level cases, gemeente X vs Y and coach A vs B, are in tests/api/test_trajecten_*.py)
    ("POST", "/api/v1/trajecten"): allow("gemeente"),
    ("GET", "/api/v1/trajecten"): allow("jobcoach", "organisatie", "gemeente"),
    ("GET", "/api/v1/trajecten/{traject_id:str}"): allow("jobcoach", "organisatie", "gemeente"),
    ("PATCH", "/api/v1/trajecten/{traject_id:str}"): allow("gemeente"),
    ("POST", "/api/v1/trajecten/{traject_id:str}/uren"): allow("jobcoach"),
    ("GET", "/api/v1/trajecten/{traject_id:str}/uren"): allow("jobcoach", "organisatie", "gemeente"),
    ("POST", "/api/v1/trajecten/{traject_id:str}/verlenging"): allow("gemeente"),
    ("POST", "/api/v1/trajecten/{traject_id:str}/overhevelingen"): allow("gemeente"),
    ("POST", "/api/v1/trajecten/{traject_id:str}/rapportages/{rapportage_id:str}/indiening"): allow(
        "jobcoach"
    ),
    ("POST", "/api/v1/trajecten/{traject_id:str}/verificaties"): allow("gemeente"),
    ("GET", "/api/v1/trajecten/{traject_id:str}/verificaties"): allow("jobcoach", "organisatie", "gemeente"),
    ("POST", "/api/v1/trajecten/{traject_id:str}/besluit"): allow("gemeente"),
    ("POST", "/api/v1/verificaties/_bulk"): allow("gemeente"),
    # aanvragen (issue 14): the applicant (organisation or coach) drafts and submits, the gemeente decides;
    # the world has no aanvraag, so object routes answer 404 to the roles let in (object-level cases,
    # organisation A vs B and gemeente X vs Y, are in tests/api/test_aanvragen_api.py)
    ("POST", "/api/v1/aanvragen"): allow("organisatie", "jobcoach"),
    ("GET", "/api/v1/aanvragen"): allow("organisatie", "jobcoach", "gemeente"),
    ("GET", "/api/v1/aanvragen/{aanvraag_id:str}"): allow("organisatie", "jobcoach", "gemeente"),
    ("PATCH", "/api/v1/aanvragen/{aanvraag_id:str}"): allow("organisatie", "jobcoach"),
    ("POST", "/api/v1/aanvragen/{aanvraag_id:str}/indiening"): allow("organisatie", "jobcoach"),
    ("POST", "/api/v1/aanvragen/{aanvraag_id:str}/intrekking"): allow("organisatie", "jobcoach"),
    ("POST", "/api/v1/aanvragen/{aanvraag_id:str}/behandeling"): allow("gemeente"),
    ("POST", "/api/v1/aanvragen/{aanvraag_id:str}/verdaging"): allow("gemeente"),
    ("POST", "/api/v1/aanvragen/{aanvraag_id:str}/besluit"): allow("gemeente"),
    ("GET", "/api/v1/doelenoverzicht"): allow("gemeente"),
    ("GET", "/api/v1/verificaties"): allow("gemeente"),
    ("GET", "/api/v1/verificaties/{verificatie_id:str}"): allow("jobcoach", "organisatie", "gemeente"),
    ("PUT", "/api/v1/gemeenten/{gemeente_code:str}/toetsingskader"): allow("gemeente"),
    ("GET", "/api/v1/gemeenten/{gemeente_code:str}/toetsingskader"): LOGGED_IN,
    ("PUT", "/api/v1/toetsingskader"): allow("beheerder"),
    ("GET", "/api/v1/toetsingskader"): LOGGED_IN,
    ("GET", "/api/v1/signalen"): LOGGED_IN,
    ("GET", "/.well-known/jwks.json"): EVERYONE,
    # public documents
    ("GET", "/api/v1/openapi.json"): EVERYONE,
    ("GET", "/gezondheid"): EVERYONE,
    ("GET", "/api/v1/status"): EVERYONE,
    ("GET", "/_intern/openapi"): allow("beheerder"),
    ("GET", "/_intern/openapi/openapi.json"): allow("beheerder"),
    ("GET", "/_intern/openapi/{path:str}"): allow("beheerder"),
    # pages: a redirect of an anonymous visitor to /inloggen counts as 401
    ("GET", "/"): EVERYONE,
    ("GET", "/inloggen"): EVERYONE,
    ("POST", "/inloggen"): dict.fromkeys(ROLES, 401),  # wrong credentials: the form again, with 401
    ("POST", "/uitloggen"): EVERYONE,
    # e-mail links and "wachtwoord vergeten" (issue 15): public; a made-up token is a 400 form, never a leak
    ("GET", "/wachtwoord/instellen/{token:str}"): EVERYONE,
    ("POST", "/wachtwoord/instellen/{token:str}"): EVERYONE,
    ("GET", "/wachtwoord-vergeten"): EVERYONE,
    ("POST", "/wachtwoord-vergeten"): EVERYONE,
    # aanmelden (issue 15): public form; the beheerder decides on confirmed applications
    ("GET", "/aanmelden"): EVERYONE,
    ("POST", "/aanmelden"): EVERYONE,
    ("GET", "/beheer/aanmeldingen"): allow("beheerder"),
    ("POST", "/beheer/aanmeldingen/{aanmelding_id:str}/besluit"): allow("beheerder"),
    ("GET", "/account/wachtwoord"): LOGGED_IN,
    ("GET", "/account/tweede-factor"): LOGGED_IN,
    ("POST", "/account/tweede-factor"): LOGGED_IN,
    ("POST", "/account/wachtwoord"): LOGGED_IN,
    ("GET", "/dashboard"): LOGGED_IN,
    ("GET", "/sessie"): LOGGED_IN,  # the session's end, for the warning before it (issue #17)
    # the coach's own pages ({jobcoach_id} is coach A, the `jobcoach` role's own record)
    ("GET", "/jobcoach/{jobcoach_id:str}"): allow("jobcoach"),
    ("GET", "/jobcoach/{jobcoach_id:str}/profiel"): allow("jobcoach"),
    ("POST", "/jobcoach/{jobcoach_id:str}/profiel"): allow("jobcoach"),
    ("GET", "/jobcoach/{jobcoach_id:str}/opleidingen"): allow("jobcoach"),
    ("POST", "/jobcoach/{jobcoach_id:str}/opleidingen"): allow("jobcoach"),
    ("GET", "/jobcoach/{jobcoach_id:str}/keurmerken"): allow("jobcoach"),
    ("POST", "/jobcoach/{jobcoach_id:str}/keurmerken"): allow("jobcoach"),
    ("GET", "/jobcoach/{jobcoach_id:str}/keurmerken/{keurmerk_id:str}"): allow("jobcoach"),
    ("POST", "/jobcoach/{jobcoach_id:str}/keurmerken/{keurmerk_id:str}"): allow("jobcoach"),
    ("GET", "/jobcoach/{jobcoach_id:str}/scholing"): allow("jobcoach"),
    # correcting a rejected claim on the page (issue 15): the coach's own; an unknown claim is 404
    ("GET", "/jobcoach/{jobcoach_id:str}/opleidingen/{opleiding_id:str}/herindiening"): allow("jobcoach"),
    ("POST", "/jobcoach/{jobcoach_id:str}/opleidingen/{opleiding_id:str}/herindiening"): allow("jobcoach"),
    ("GET", "/jobcoach/{jobcoach_id:str}/scholing/{scholing_id:str}/herindiening"): allow("jobcoach"),
    ("POST", "/jobcoach/{jobcoach_id:str}/scholing/{scholing_id:str}/herindiening"): allow("jobcoach"),
    ("GET", "/jobcoach/{jobcoach_id:str}/documenten"): allow("jobcoach"),
    ("POST", "/jobcoach/{jobcoach_id:str}/documenten"): allow("jobcoach"),
    # a document's download page: an unknown document is 404 for everyone logged in
    ("GET", "/documenten/{document_id:str}"): LOGGED_IN,
    ("POST", "/jobcoach/{jobcoach_id:str}/scholing"): allow("jobcoach"),
    ("GET", "/jobcoach/{jobcoach_id:str}/zelfevaluatie"): allow("jobcoach"),
    ("POST", "/jobcoach/{jobcoach_id:str}/zelfevaluatie"): allow("jobcoach"),
    # the organisation's own pages ({organisatie_id} is organisation A, the `organisatie` role's own)
    ("GET", "/organisatie/{organisatie_id:str}"): allow("organisatie"),
    ("GET", "/organisatie/{organisatie_id:str}/gegevens"): allow("organisatie"),
    ("POST", "/organisatie/{organisatie_id:str}/gegevens"): allow("organisatie"),
    ("GET", "/organisatie/{organisatie_id:str}/kwaliteitsborging"): allow("organisatie"),
    ("POST", "/organisatie/{organisatie_id:str}/kwaliteitsborging"): allow("organisatie"),
    ("GET", "/organisatie/{organisatie_id:str}/klachten"): allow("organisatie"),
    ("POST", "/organisatie/{organisatie_id:str}/klachten"): allow("organisatie"),
    ("GET", "/organisatie/{organisatie_id:str}/klachten/{klacht_id:str}"): allow("organisatie"),
    ("POST", "/organisatie/{organisatie_id:str}/klachten/{klacht_id:str}"): allow("organisatie"),
    ("GET", "/organisatie/{organisatie_id:str}/tevredenheid"): allow("organisatie"),
    ("POST", "/organisatie/{organisatie_id:str}/tevredenheid"): allow("organisatie"),
    # a keurmerk's history and lifecycle form: holder (checked by the service), auditor, beheerder
    ("GET", "/keurmerken/{keurmerk_id:str}"): allow("jobcoach", "organisatie", "auditor", "beheerder"),
    ("POST", "/keurmerken/{keurmerk_id:str}"): allow("jobcoach", "organisatie", "auditor", "beheerder"),
    # a claim's page with the history of its judgement; only an auditor reverses it
    ("GET", "/beoordelingen/{object_id:str}"): allow("jobcoach", "organisatie", "auditor", "beheerder"),
    ("POST", "/beoordelingen/{object_id:str}"): allow("auditor"),
    ("GET", "/organisatie/{organisatie_id:str}/documenten"): allow("organisatie"),
    ("POST", "/organisatie/{organisatie_id:str}/documenten"): allow("organisatie"),
    ("GET", "/organisatie/{organisatie_id:str}/keurmerken"): allow("organisatie"),
    ("POST", "/organisatie/{organisatie_id:str}/keurmerken"): allow("organisatie"),
    ("GET", "/organisatie/{organisatie_id:str}/jobcoaches"): allow("organisatie"),
    ("POST", "/organisatie/{organisatie_id:str}/jobcoaches"): allow("organisatie"),
    ("GET", "/organisatie/{organisatie_id:str}/jobcoaches/{jobcoach_id:str}"): allow("organisatie"),
    ("POST", "/organisatie/{organisatie_id:str}/jobcoaches/{jobcoach_id:str}/uitnodiging"): allow("organisatie"),
    ("POST", "/organisatie/{organisatie_id:str}/uitnodigingen"): allow("organisatie"),
    ("POST", "/organisatie/{organisatie_id:str}/dienstverbanden/{dienstverband_id:str}/beeindigen"): allow(
        "organisatie"
    ),
    ("POST", "/organisatie/{organisatie_id:str}/dienstverbanden/{dienstverband_id:str}/bevestigen"): allow(
        "organisatie"
    ),
    ("POST", "/organisatie/{organisatie_id:str}/dienstverbanden/{dienstverband_id:str}/weigeren"): allow(
        "organisatie"
    ),
    ("POST", "/jobcoach/{jobcoach_id:str}/dienstverbanden/{dienstverband_id:str}/bevestigen"): allow(
        "jobcoach"
    ),
    ("POST", "/jobcoach/{jobcoach_id:str}/dienstverbanden/{dienstverband_id:str}/weigeren"): allow(
        "jobcoach"
    ),
    ("POST", "/beheer/jobcoaches/{jobcoach_id:str}/dienstverbanden/{dienstverband_id:str}"): allow(
        "beheerder"
    ),
    # beheer pages
    ("GET", "/beheer"): allow("beheerder"),
    ("GET", "/beheer/accounts"): allow("beheerder"),
    ("GET", "/beheer/export/{soort:str}"): allow("beheerder"),
    ("POST", "/beheer/accounts"): allow("beheerder"),
    ("POST", "/beheer/accounts/{gebruiker_id:str}/activering"): allow("beheerder"),
    ("GET", "/beheer/berichten"): allow("beheerder"),
    ("GET", "/beheer/berichten/eml/{naam:str}"): allow("beheerder"),
    # a parked message back in the queue: an unknown one is 404 for the beheerder
    ("POST", "/beheer/berichten/{bericht_id:str}/opnieuw"): allow("beheerder"),
    ("GET", "/beheer/gemeenten"): allow("beheerder"),
    ("POST", "/beheer/gemeenten"): allow("beheerder"),
    ("GET", "/beheer/jobcoaches"): allow("beheerder"),
    ("POST", "/beheer/jobcoaches"): allow("beheerder"),
    ("GET", "/beheer/jobcoaches/{jobcoach_id:str}"): allow("beheerder"),
    ("POST", "/beheer/jobcoaches/{jobcoach_id:str}/status"): allow("beheerder"),
    ("GET", "/beheer/organisaties"): allow("beheerder"),
    ("POST", "/beheer/organisaties"): allow("beheerder"),
    ("GET", "/beheer/organisaties/{organisatie_id:str}"): allow("beheerder"),
    ("POST", "/beheer/organisaties/{organisatie_id:str}/status"): allow("beheerder"),
    # audit pages
    ("GET", "/auditor/werkvoorraad"): allow("auditor"),
    ("GET", "/auditor/overzicht"): allow("auditor"),
    ("POST", "/auditor/werkvoorraad"): allow("auditor"),
    ("GET", "/auditor/toetsingen"): allow("auditor"),
    ("GET", "/auditor/toetsingen/nieuw"): allow("auditor"),
    ("POST", "/auditor/toetsingen/nieuw"): allow("auditor"),
    ("GET", "/auditor/toetsingen/{toetsing_id:str}"): allow("auditor"),
    ("POST", "/auditor/toetsingen/{toetsing_id:str}"): allow("auditor"),
    ("POST", "/auditor/toetsingen/{toetsing_id:str}/vaststelling"): allow("auditor"),
    ("POST", "/auditor/toetsingen/{toetsing_id:str}/medeondertekening"): allow("auditor"),
    ("GET", "/auditor/organisatie-audits"): allow("auditor"),
    ("GET", "/auditor/organisatie-audits/nieuw"): allow("auditor"),
    ("POST", "/auditor/organisatie-audits/nieuw"): allow("auditor"),
    ("GET", "/auditor/organisatie-audits/{audit_id:str}"): allow("auditor"),
    ("POST", "/auditor/organisatie-audits/{audit_id:str}/medeondertekening"): allow("auditor"),
    ("POST", "/auditor/organisatie-audits/{audit_id:str}/bevindingen/{bevinding_id:str}/sluiting"): allow(
        "auditor"
    ),
    ("GET", "/auditor/bevindingen/verlopen"): allow("auditor", "beheerder"),
    ("GET", "/mijn-toetsingen"): allow("jobcoach"),
    ("GET", "/mijn-audits"): allow("organisatie"),
    ("POST", "/mijn-audits/{audit_id:str}/bevindingen/{bevinding_id:str}/afronding"): allow("organisatie"),
    ("GET", "/beheer/auditlog"): allow("beheerder"),
    ("GET", "/beheer/auditlog/verificatie"): allow("beheerder"),
    ("GET", "/register"): EVERYONE,
    ("GET", "/register/jobcoaches/{registratienummer:str}"): EVERYONE,
    ("GET", "/register/organisaties/{organisatie_id:str}"): EVERYONE,
    ("GET", "/gemeente"): allow("gemeente"),
    ("GET", "/gemeente/export/{soort:str}"): allow("gemeente"),
    ("GET", "/gemeente/trajecten/nieuw"): allow("gemeente"),
    ("POST", "/gemeente/trajecten/nieuw"): allow("gemeente"),
    # the traject form's lookup (issue #17): coach and organisation names for the gemeente only; the coaches
    # shown are in the access log
    ("POST", "/gemeente/zoeken/{soort:str}"): allow("gemeente"),
    ("GET", "/gemeente/trajecten/{traject_id:str}"): allow("gemeente"),
    ("POST", "/gemeente/trajecten/{traject_id:str}/verificaties"): allow("gemeente"),
    ("POST", "/gemeente/trajecten/{traject_id:str}/besluit"): allow("gemeente"),
    ("GET", "/gemeente/verificaties/{verificatie_id:str}"): allow("gemeente"),
    ("GET", "/gemeente/verificaties/{verificatie_id:str}/verklaring"): allow("gemeente"),
    ("GET", "/gemeente/verificaties/{verificatie_id:str}/verklaring.pdf"): allow("gemeente"),
    # the public check page of a statement (issue #17): anyone
    ("GET", "/verklaring-controleren"): EVERYONE,
    ("POST", "/verklaring-controleren"): EVERYONE,
    # the public site's basics (issue #17): anyone
    ("GET", "/privacy"): EVERYONE,
    ("GET", "/toegankelijkheid"): EVERYONE,
    ("GET", "/contact"): EVERYONE,
    ("GET", "/help"): EVERYONE,
    ("GET", "/ontwikkelaars"): EVERYONE,
    ("GET", "/api-documentatie"): EVERYONE,
    ("GET", "/favicon.ico"): EVERYONE,
    ("GET", "/jobcoach/trajecten"): allow("jobcoach"),
    ("GET", "/jobcoach/trajecten/{traject_id:str}"): allow("jobcoach"),
    ("POST", "/jobcoach/trajecten/{traject_id:str}/uren"): allow("jobcoach"),
    ("POST", "/jobcoach/trajecten/{traject_id:str}/rapportages/{rapportage_id:str}/indiening"): allow(
        "jobcoach"
    ),
    # aanvraag pages (issue 14): one set of routes for the applicant (organisation or coach) and the
    # gemeente; the world has no aanvraag, so object routes answer 404 to the roles let in (organisation A
    # vs B and gemeente X vs Y are in tests/api/test_aanvragen_pages.py)
    ("GET", "/aanvragen"): allow("organisatie", "jobcoach", "gemeente"),
    ("GET", "/aanvragen/nieuw"): allow("organisatie", "jobcoach"),
    ("POST", "/aanvragen/nieuw"): allow("organisatie", "jobcoach"),
    ("GET", "/aanvragen/{aanvraag_id:str}"): allow("organisatie", "jobcoach", "gemeente"),
    ("POST", "/aanvragen/{aanvraag_id:str}"): allow("organisatie", "jobcoach"),
    ("POST", "/aanvragen/{aanvraag_id:str}/intrekking"): allow("organisatie", "jobcoach"),
    ("POST", "/aanvragen/{aanvraag_id:str}/behandeling"): allow("gemeente"),
    ("POST", "/aanvragen/{aanvraag_id:str}/verdaging"): allow("gemeente"),
    ("POST", "/aanvragen/{aanvraag_id:str}/besluit"): allow("gemeente"),
    ("GET", "/aanvragen/{aanvraag_id:str}/afdruk"): allow("organisatie", "jobcoach", "gemeente"),
    ("GET", "/aanvragen/{aanvraag_id:str}/pdf"): allow("organisatie", "jobcoach", "gemeente"),
    ("GET", "/aanvragen/{aanvraag_id:str}/besluit/pdf"): allow("organisatie", "jobcoach", "gemeente"),
    ("GET", "/aanvragen/{aanvraag_id:str}/begeleidingsplan/pdf"): allow(
        "organisatie", "jobcoach", "gemeente"
    ),
    ("GET", "/gemeente/doelen"): allow("gemeente"),
    ("GET", "/jobcoach/trajecten/{traject_id:str}/rapportages/{rapportage_id:str}"): allow("jobcoach"),
}

# Routes that the matrix does not exercise with a request (static files), with the reason.
NOT_REQUESTED: dict[tuple[str, str], str] = {
    (method, f"{prefix}/{{file_path:path}}"): reason
    for prefix, reason in (
        ("/static", "the register's own CSS, no data"),
        ("/nlds/componenten", "NL Design System CSS, no data"),
        ("/nlds/tokens", "NL Design System design tokens, no data"),
    )
    for method in ("GET", "HEAD")
}

PARAMS: dict[str, Callable[[Any], str]] = {
    "path": lambda w: "onbekend",
    "jobcoach_id": lambda w: w.coach_a["id"],
    "registratienummer": lambda w: w.coach_a["registratienummer"],
    "organisatie_id": lambda w: w.org_a["id"],
    "gebruiker_id": lambda w: w.accounts["jobcoach"]["id"],
    "klacht_id": lambda w: w.ids.get("klacht", "00000000-0000-0000-0000-000000000000"),
    "dienstverband_id": lambda w: w.ids.get("dienstverband", "00000000-0000-0000-0000-000000000000"),
    "keurmerk_id": lambda w: w.ids.get("keurmerk", "00000000-0000-0000-0000-000000000000"),
    "object_id": lambda w: w.ids.get("keurmerk", "00000000-0000-0000-0000-000000000000"),
    "toetsing_id": lambda w: w.ids.get("toetsing", "00000000-0000-0000-0000-000000000000"),
    "audit_id": lambda w: w.ids.get("audit", "00000000-0000-0000-0000-000000000000"),
    "bevinding_id": lambda w: w.ids.get("bevinding", "00000000-0000-0000-0000-000000000000"),
    "traject_id": lambda w: w.ids["traject"],
    "verificatie_id": lambda w: w.ids["verificatie"],
    "rapportage_id": lambda w: w.ids["rapportage"],
    "gemeente_code": lambda w: "GM0599",
    "regel_id": lambda w: "00000000-0000-0000-0000-000000000000",
    "aanvraag_id": lambda w: w.ids.get("aanvraag", "00000000-0000-0000-0000-000000000000"),
    "applicatie_id": lambda w: "00000000-0000-0000-0000-000000000000",
    "token": lambda w: "onbekend-token",
    "abonnement_id": lambda w: "00000000-0000-0000-0000-000000000000",
    "document_id": lambda w: "00000000-0000-0000-0000-000000000000",
    "bericht_id": lambda w: "00000000-0000-0000-0000-000000000000",
    "aanmelding_id": lambda w: "00000000-0000-0000-0000-000000000000",
    "opleiding_id": lambda w: "00000000-0000-0000-0000-000000000000",
    "scholing_id": lambda w: "00000000-0000-0000-0000-000000000000",
    "naam": lambda w: "00000000-0000-0000-0000-000000000000.eml",
    "soort": lambda w: "signalen",  # an export; for the beheerder an unknown one (404, still let in)
}
