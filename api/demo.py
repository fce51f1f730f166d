"""Demo data for `make run`: gemeenten, organisations, coaches in different states, one account per role.

Everything goes through the services, so the demo register has a real audit log.
"""

from __future__ import annotations

import datetime as dt

from register import clock
from register.actor import SYSTEEM, Actor, Rol
from register.rules.datums import add_years
from register.services import (
    accounts,
    beoordelingen,
    gemeenten,
    jobcoaches,
    keurmerken,
    organisaties,
    tweedefactor,
)
from register.tables import Account
from register.vocabulary import BEVESTIGD

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - documented demo log-in
# The demo beheerder and auditor have a second factor with these TOTP secrets (documented in the README, for
# the demo only): add them to an authenticator app, or `python -c "import pyotp; print(pyotp.TOTP('…').now())"`.
DEMO_TOTP = {"beheerder": "DEMOBEHEERDERJCR234567AB", "auditor": "DEMOAUDITORJCR234567ABCD"}
GEMEENTEN = [
    ("GM0599", "Rotterdam"),
    ("GM0363", "Amsterdam"),
    ("GM0344", "Utrecht"),
    ("GM0518", "'s-Gravenhage"),
    ("GM1930", "Nissewaard"),
    ("GM0772", "Eindhoven"),
    ("GM0439", "Purmerend"),
]
# a herindeling: Beemster went into Purmerend on 1 January 2022 (issue #16, case 10); new trajecten,
# werkgebieden and accounts refuse GM0370 and name Purmerend
OPGEHEVEN = [("GM0370", "Beemster", dt.date(2021, 12, 31), "GM0439")]


def _years(on: dt.date, years: int) -> dt.date:
    return add_years(on, years)  # the register's one convention for 29 February


async def load(password: str = DEMO_PASSWORD) -> bool:
    """Load the demo register once; returns False when it is already there."""
    if await Account.exists().where(Account.gebruikersnaam == "beheerder"):
        return False
    today = clock.today()
    # The demo register has a past (issue 12, case 9): organisations, coaches and their facts start
    # years back, so a check for an earlier peildatum gives a real answer.
    begin = _years(today, -5)
    beheer = Actor(account_id=None, gebruikersnaam="demo", rollen=(Rol("beheerder"),))
    existing = await gemeenten.known_codes([c for c, _ in GEMEENTEN] + [c for c, *_ in OPGEHEVEN])
    await gemeenten.import_rows(
        SYSTEEM,
        [
            *(
                {"code": c, "naam": n, "ingangsdatum": None, "einddatum": None}
                for c, n in GEMEENTEN
                if c not in existing
            ),
            *(
                {"code": c, "naam": n, "ingangsdatum": None, "einddatum": eind, "opvolger": opvolger}
                for c, n, eind, opvolger in OPGEHEVEN
                if c not in existing
            ),
        ],
    )

    orgs = []
    for naam, kvk, postcode, plaats, werk in [
        ("Werkfit Jobcoaching", "12345678", "3011 AB", "Rotterdam", ["GM0599", "GM1930"]),
        ("Samen Aan Het Werk", "23456789", "3511 CD", "Utrecht", ["GM0344", "GM0363"]),
        ("Jobcoach Zuid", "34567890", "5611 EF", "Eindhoven", ["GM0772"]),
    ]:
        org = await organisaties.create(
            beheer,
            sinds=_years(today, -6),
            values={
                "naam": naam,
                "kvk_nummer": kvk,
                "postcode": postcode,
                "plaats": plaats,
                "website": None,
                "werkgebied": werk,
            },
        )
        orgs.append(org)

    coaches = []
    # names in three parts (register.rules.namen): the lists sort them as Bakker, van den Berg, El Amrani,
    # Jansen, Öztürk, de Vries
    for voornaam, tussenvoegsel, achternaam, werk in [
        ("Sanne", "de", "Vries", ["GM0599"]),
        ("Mohammed", "", "El Amrani", ["GM0599", "GM1930"]),
        ("Eva", "", "Jansen", ["GM0344"]),
        ("Pieter", "", "Bakker", ["GM0772"]),
        ("Fatima", "", "Öztürk", ["GM0363"]),
        ("Joost", "van den", "Berg", ["GM0599"]),
    ]:
        coach = await jobcoaches.create(
            beheer,
            sinds=begin,
            values={
                "voornaam": voornaam,
                "tussenvoegsel": tussenvoegsel,
                "achternaam": achternaam,
                "email": f"{voornaam.lower()}@voorbeeld.nl",
                "telefoon": None,
                "werkgebied": werk,
            },
        )
        coaches.append(coach)

    start = begin + dt.timedelta(days=14)
    for coach, org in zip(coaches, [orgs[0], orgs[0], orgs[1], orgs[2], orgs[1], orgs[0]], strict=True):
        link = await jobcoaches.add_dienstverband(
            beheer, coach["id"], {"organisatie": org["id"], "van": start, "tot": None, "soort": "in-dienst"}
        )
        await jobcoaches.beslis_dienstverband(
            beheer, coach["id"], link["id"], BEVESTIGD, "arbeidsovereenkomst gezien (demo)"
        )
    # one open proposal: the second organisation proposes Sanne as a zzp'er; she sees it on her dashboard
    tweede = Actor(None, "demo-organisatie", (Rol("organisatie", organisatie=orgs[1]["id"]),))
    await jobcoaches.add_dienstverband(
        tweede, coaches[0]["id"], {"organisatie": orgs[1]["id"], "van": today, "tot": None, "soort": "zzp"}
    )
    for coach in coaches[:4]:
        await jobcoaches.set_status(
            beheer, coach["id"], "actief", "portfolio beoordeeld en toegelaten", sinds=begin + dt.timedelta(days=30)
        )
    await jobcoaches.set_status(beheer, coaches[3]["id"], "geschorst", "klacht in onderzoek")

    accounts_made = {}
    for name, rollen in [
        ("beheerder", [accounts.RolInvoer("beheerder")]),
        ("auditor", [accounts.RolInvoer("auditor")]),
        ("auditor-2", [accounts.RolInvoer("auditor")]),  # co-signs back-dated toetsingen
        ("gemeente-rotterdam", [accounts.RolInvoer("gemeente", gemeente="GM0599")]),
        ("organisatie-werkfit", [accounts.RolInvoer("organisatie", organisatie=orgs[0]["id"])]),
        ("jobcoach-sanne", [accounts.RolInvoer("jobcoach", jobcoach=coaches[0]["id"])]),
        ("jobcoach-eva", [accounts.RolInvoer("jobcoach", jobcoach=coaches[2]["id"])]),
    ]:
        # one person, one address: a coach's account has the e-mail address of the coach's profile, so
        # "wachtwoord vergeten" with the address the coach sees on the profile reaches the account
        coach_rol = next((r for r in rollen if r.rol == "jobcoach"), None)
        adres = next(
            (c["email"] for c in coaches if coach_rol is not None and c["id"] == coach_rol.jobcoach),
            f"{name}@voorbeeld.nl",
        )
        accounts_made[name] = await accounts.create_account(beheer, name, password, adres, rollen)

    def as_actor(name: str) -> Actor:
        view = accounts_made[name]
        return Actor(view["id"], name, tuple(Rol(**r) for r in view["rollen"]))

    for name, geheim in DEMO_TOTP.items():
        await tweedefactor.zet_aan_met_geheim(beheer, accounts_made[name]["id"], geheim)

    auditor = as_actor("auditor")
    noloc: dict[str, str] = {}
    for i, coach in enumerate(coaches[:4]):
        me = Actor(None, "demo-coach", (Rol("jobcoach", jobcoach=coach["id"]),))
        opleiding = await jobcoaches.add_opleiding(
            me,
            coach["id"],
            {
                "soort": "hbo-diploma",
                "omschrijving": "Bachelor Toegepaste Psychologie",
                "datum": dt.date(2015, 6, 30),
                "bewijs": "Diploma, gecontroleerd",
            },
        )
        geldig_tot = today - dt.timedelta(days=20) if i == 2 else _years(today, 2)
        keurmerk = await jobcoaches.add_keurmerk(
            me,
            coach["id"],
            {
                "schema": "noloc",
                "nummer": f"NOLOC-{1000 + i}",
                "ingangsdatum": begin + dt.timedelta(days=30),
                "geldig_tot": geldig_tot,
                "status": "actief",
            },
        )
        # every year a course and a self-assessment, so each past year has its own facts
        scholingen = []
        for jaar in range(5):
            scholingen.append(
                await jobcoaches.add_scholing(
                    me,
                    coach["id"],
                    {
                        "titel": "Supported Employment in de praktijk" if jaar == 0 else f"Methodiekdag {jaar}",
                        "aanbieder": "Kenniscentrum Jobcoaching",
                        "datum": _years(today, -jaar) - dt.timedelta(days=60),
                        "uren": 24.0,
                        "pe_punten": 24.0,
                        "categorie": "methodieken",
                        "certificaat": f"Certificaat SE-{today.year - jaar}",
                    },
                )
            )
            await jobcoaches.add_zelfevaluatie(
                me,
                coach["id"],
                {
                    "datum": _years(today, -jaar) - dt.timedelta(days=30),
                    "competenties": [
                        {"code": c, "score": 3 + (j % 3), "toelichting": "Voorbeeld", "leerdoel": "Verdiepen"}
                        for j, c in enumerate(jobcoaches.COMPETENTIES)
                    ],
                },
            )
        for claim in (opleiding, keurmerk, *scholingen):
            await beoordelingen.beoordeel(auditor, claim["id"], "geverifieerd", "Bewijs gecontroleerd")
        noloc[coach["id"]] = keurmerk["id"]

    # Mohammed's Noloc registration was withdrawn last month: his traject qualifies for a peildatum
    # before that, not after it.
    await keurmerken.statuswijziging(
        auditor,
        noloc[coaches[1]["id"]],
        status="ingetrokken",
        ingangsdatum=today - dt.timedelta(days=30),
        toelichting="Besluit Noloc: registratie ingetrokken (geen herregistratie aangevraagd)",
    )
    # Eva's Noloc registration ended 20 days ago while its renewal was under assessment: the auditor
    # recorded the herregistratie before the end date, so it keeps counting for the grace period.
    await keurmerken.statuswijziging(
        auditor,
        noloc[coaches[2]["id"]],
        status="herregistratie-in-behandeling",
        ingangsdatum=today - dt.timedelta(days=25),
        toelichting="Herregistratie aangevraagd bij Noloc, besluit volgt",
    )

    # Eva's renewed Noloc registration is submitted but not yet verified: it waits in the auditor's queue.
    eva = Actor(None, "demo-coach", (Rol("jobcoach", jobcoach=coaches[2]["id"]),))
    await jobcoaches.add_keurmerk(
        eva,
        coaches[2]["id"],
        {
            "schema": "noloc",
            "nummer": "NOLOC-2002",
            "ingangsdatum": today - dt.timedelta(days=5),
            "geldig_tot": _years(today, 3),
            "status": "actief",
        },
    )
    # A locked intercollegiale toetsing in which the coaches who should qualify took part with `voldoende`.
    from audits import toetsingen

    for jaar in range(4, 0, -1):
        eerder = await toetsingen.create(
            auditor,
            {
                "datum": _years(today, -jaar) - dt.timedelta(days=45),
                "vorm": "intercollegiale-toetsing",
                "deelnemers": [
                    {
                        "jobcoach": coach["id"],
                        "casus": "Begeleiding bij terugkeer na ziekte",
                        "beoordeling": "voldoende",
                        "feedback": "Heldere afspraken met werkgever en werknemer",
                        "leerdoelen": "Meer aandacht voor afbouw van begeleiding",
                    }
                    for coach in coaches[:2]
                ],
            },
        )
        # recorded today for a session years back: co-signed by a second auditor (medeondertekening)
        await toetsingen.medeondertekenen(as_actor("auditor-2"), eerder["id"])
        await toetsingen.vaststellen(auditor, eerder["id"])
    toetsing = await toetsingen.create(
        auditor,
        {
            "datum": today - dt.timedelta(days=45),
            "vorm": "intercollegiale-toetsing",
            "deelnemers": [
                {
                    "jobcoach": coach["id"],
                    "casus": "Begeleiding bij terugkeer na ziekte",
                    "beoordeling": "voldoende",
                    "feedback": "Heldere afspraken met werkgever en werknemer",
                    "leerdoelen": "Meer aandacht voor afbouw van begeleiding",
                }
                for coach in coaches[:2]
            ],
        },
    )
    # dated 45 days back: a second auditor co-signs it before it is locked (medeondertekening)
    await toetsingen.medeondertekenen(as_actor("auditor-2"), toetsing["id"])
    await toetsingen.vaststellen(auditor, toetsing["id"])

    org_actor = as_actor("organisatie-werkfit")
    for org in orgs:
        actor = Actor(None, "demo-org", (Rol("organisatie", organisatie=org["id"]),))
        keurmerk = await organisaties.add_keurmerk(
            actor,
            org["id"],
            {
                "schema": "blik-op-werk",
                "nummer": f"BOW-{org['kvk_nummer'][:4]}",
                "ingangsdatum": _years(today, -5),
                "geldig_tot": _years(today, 1),
                "status": "actief",
            },
        )
        await beoordelingen.beoordeel(
            auditor, keurmerk["id"], "geverifieerd", "Certificaat Blik op Werk gezien"
        )
        ingang = _years(today, -5)
        await organisaties.set_kwaliteitsborging(
            actor,
            org["id"],
            {
                "continuiteit": {
                    "ingangsdatum": ingang,
                    "toelichting": "Vervangingsregeling bij afwezigheid",
                },
                "privacy": {
                    "ingangsdatum": ingang,
                    "toelichting": "Privacyverklaring en verwerkingsregister",
                },
                "klachtprocedure": {
                    "ingangsdatum": ingang,
                    "toelichting": "Klachtenreglement 2025",
                    "ontvangstbevestiging_dagen": 5,
                    "afhandeling_weken": 6,
                    "klachtencommissie": "Onafhankelijke klachtencommissie",
                },
                "scholingsbeleid": {
                    "ingangsdatum": ingang,
                    "toelichting": "Opleidingsplan en inwerkprogramma",
                },
            },
        )
        for jaar in range(4, -1, -1):
            await organisaties.add_meting(
                actor,
                org["id"],
                {
                    "periode_van": _years(today, -jaar) - dt.timedelta(days=200),
                    "periode_tot": _years(today, -jaar) - dt.timedelta(days=20),
                    "respondenten": 42,
                    "gemiddelde_score": 7.8,
                },
            )
    await organisaties.add_klacht(
        org_actor,
        orgs[0]["id"],
        {
            "ontvangen_op": today - dt.timedelta(days=10),
            "onderwerp": "Afspraak te laat afgezegd",
            "categorie": "afspraken",
            "jobcoach": coaches[1]["id"],
        },
    )
    from register.services import trajecten

    for referentie, werkgever, coach, regime, uren in [
        ("WMO-2026-0042", "Bakkerij Van Dam", coaches[0], "midden", 16.0),
        ("WMO-2026-0043", "Groenvoorziening De Linde", coaches[1], "licht", 24.0),
    ]:
        await trajecten.create(
            as_actor("gemeente-rotterdam"),
            {
                "gemeente": "GM0599",
                "referentie": referentie,
                "werkgever": werkgever,
                "startdatum": today,
                "regime": regime,
                "contracturen": uren,
                "jobcoach": coach["id"],
                "organisatie": orgs[0]["id"],
            },
        )
    await _aanvragen(org_actor, as_actor("gemeente-rotterdam"), coaches[0]["id"], orgs[0]["id"], today)
    return True


async def _aanvragen(org: Actor, gemeente: Actor, coach_id: str, org_id: str, today: dt.date) -> None:
    """Aanvragen of Werkfit for Rotterdam with coach Sanne, one in each state a gemeente works on."""
    from register.services import aanvragen

    start = today + dt.timedelta(days=30)

    def doel(omschrijving: str, indicator: str, streefwaarde: str, kern: str, betreft: str) -> dict:
        return {
            "omschrijving": omschrijving,
            "indicator": indicator,
            "streefwaarde": streefwaarde,
            "streefdatum": start + dt.timedelta(days=180),
            "kernactiviteit": kern,
            "betreft": betreft,
        }

    def formulier(werkgever: str, functie: str) -> dict:
        return {
            "gemeente": "GM0599",
            "jobcoach": coach_id,
            "organisatie": org_id,
            "werkgever": werkgever,
            "regime": "midden",
            "regime_motivatie": "Nieuwe werkplek met wisselende taken; een intensieve start is nodig",
            "contracturen": 24.0,
            "gewenste_startdatum": start,
            "positie": "dienstbetrekking",
            "startbudget": True,
            "werknemerprofiel": {
                "krachten": "Nauwkeurig en betrouwbaar, werkt graag met de handen",
                "inspiratie": "Iets maken of verzorgen dat anderen direct gebruiken",
                "vaardigheden": "Volgt een werkinstructie stap voor stap",
                "context": "Een vaste plek, een vast aanspreekpunt en een voorspelbaar rooster",
                "beperkingen": "Raakt het overzicht kwijt bij onverwachte wijzigingen in de taakvolgorde",
            },
            "werkprofiel": {
                "functie": functie,
                "taken": "Voorbereiden, uitvoeren en opruimen volgens de dagplanning",
                "urenPerWeek": 24,
                "werkplek": "Een team van vijf collega's, vroege diensten",
                "werkbegeleider": "De teamleider van de ochtenddienst",
                "aanpassingen": "Een takenlijst op het whiteboard",
            },
            "match": {
                "ondersteuningsbehoefte": "Structuur in de dienst en omgaan met wijzigingen",
                "kloof": "Zelfstandig schakelen bij een gewijzigde planning",
                "ondersteuningWerkgever": "De teamleider leert wijzigingen vooraf aan te kondigen",
                "coachingsdoelen": [
                    doel(
                        "Werkt zelfstandig een ochtenddienst af volgens de dagplanning",
                        "ochtenddiensten per week zonder hulp",
                        "4 van de 4",
                        "training-on-the-job",
                        "werknemer",
                    ),
                    doel(
                        "De teamleider kondigt wijzigingen in de planning een dag vooraf aan",
                        "aandeel vooraf aangekondigde wijzigingen",
                        "90%",
                        "introductie-op-de-werkplek",
                        "werkgever",
                    ),
                ],
            },
        }

    await aanvragen.create(
        org,
        {
            "gemeente": "GM0599",
            "jobcoach": coach_id,
            "organisatie": org_id,
            "werkgever": "Drukkerij Het Anker",
        },
    )
    ingediend = await aanvragen.create(org, formulier("Bakkerij Van Dam", "Productiemedewerker bakkerij"))
    await aanvragen.dien_in(org, ingediend.id)
    behandeling = await aanvragen.create(org, formulier("Hotel De Maas", "Medewerker huishouding"))
    await aanvragen.dien_in(org, behandeling.id)
    await aanvragen.neem_in_behandeling(gemeente, behandeling.id)
    vraag = await aanvragen.create(org, formulier("Zorgcentrum De Linde", "Medewerker facilitaire dienst"))
    await aanvragen.dien_in(org, vraag.id)
    await aanvragen.besluit(
        gemeente,
        vraag.id,
        {"besluit": "aanvulling-gevraagd", "toelichting": "Hoe vaak overlegt de jobcoach met de teamleider?"},
    )
    afgewezen = await aanvragen.create(org, formulier("Garage Snel", "Medewerker werkplaats"))
    await aanvragen.dien_in(org, afgewezen.id)
    await aanvragen.besluit(
        gemeente,
        afgewezen.id,
        {"besluit": "afgewezen", "toelichting": "De werkgever biedt zelf voldoende begeleiding."},
    )
