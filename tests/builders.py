"""The one test-data builder: factories per record and `World`, a small register with an account per role.

Factories in the Open Zaak manner: each makes one valid record with sensible defaults, a test overrides
only what it is about (`await organisatie(naam="Werkfit")`), and everything goes through the real
services, so the audit log and the access log are written as in production. (factory_boy is not used:
its create strategy is synchronous, and these records are made by async services with an actor.)

Scenarios, all returning a `World`:
- `build_world()`: gemeenten X (GM0599) and Y (GM0363), organisations A and B, coach A at A and coach B
  at B (since DIENSTVERBAND_START), one account per role, and traject T of gemeente X with coach A and
  organisation A (with a verification and its report schedule). The authorization matrix fills its paths
  from it.
- `audit_world()`: the same without the traject (organisations "Werkfit A" and "Jobstap B"), plus coach C
  at B and auditor A, an auditor who is also a coach at A (conflict of interest for A's coaches).
- `qualified_world()`: Sanne de Vries at Werkfit Jobcoaching with every fact the national
  toetsingskader asks for, verified by an independent auditor, built at T0 and left at NU.

Test modules import from here and from `tests.helpers`, never from each other.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt
import time_machine
from cryptography.hazmat.primitives.asymmetric import ec

from register import clock
from register.actor import SYSTEEM, Actor, Rol
from register.services import accounts, beoordelingen, gemeenten, jobcoaches, organisaties, trajecten
from register.services.jobcoaches import COMPETENTIES
from tests.helpers import BASE_URL, auth, token_for

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - every account the builder makes
BEHEER = Actor(account_id=None, gebruikersnaam="test-beheer", rollen=(Rol("beheerder"),))

# Fixed dates: no test depends on the real today.
DIENSTVERBAND_START = dt.date(2024, 1, 1)  # the world's coaches work at their organisation since
T0 = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)  # the qualified coach registers
NU = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)  # the qualified world's "now"
VANDAAG = dt.date(2026, 3, 2)
TRAJECT_START = dt.date(2026, 1, 5)  # start of the qualified world's trajecten

# evidence documents: a minimal PDF, the first bytes of a Windows executable ("MZ"), a small PNG
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def png() -> bytes:
    """A 4 x 4 px red PNG (Pillow), a second kind of document beside `PDF`."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


_kvk = itertools.count(10000000)
_names = itertools.count(1)

# --- records -----------------------------------------------------------------------------------------


async def gemeente(code: str = "GM0599", naam: str = "Rotterdam") -> str:
    """The gemeente with this code (made when the register does not know it yet); its code."""
    if not await gemeenten.known_codes([code]):
        await gemeenten.create(SYSTEEM, {"code": code, "naam": naam, "ingangsdatum": None, "einddatum": None})
    return code


async def organisatie(**overrides: Any) -> dict[str, Any]:
    """A jobcoach organisation (status aangemeld) with a fresh KvK number; its view."""
    values = {
        "naam": f"Organisatie {next(_names)}",
        "kvk_nummer": str(next(_kvk)),
        "postcode": "3011 AB",
        "plaats": "Rotterdam",
        "website": None,
        "werkgebied": [],
    }
    values.update(overrides)
    return await organisaties.create(BEHEER, values)


async def jobcoach(*, status: str = "aangemeld", **overrides: Any) -> dict[str, Any]:
    """A jobcoach; `status` actief, geschorst or uitgeschreven goes through admission first, as the
    beheerder would. Its view as created (status aangemeld)."""
    n = next(_names)
    values = {
        "voornaam": "Coach",
        "achternaam": f"Nummer{n}",
        "email": f"coach{n}@voorbeeld.nl",
        "telefoon": None,
        "werkgebied": [],
    }
    values.update(overrides)
    view = await jobcoaches.create(BEHEER, values)
    if status in ("actief", "geschorst", "uitgeschreven"):
        await jobcoaches.set_status(BEHEER, view["id"], "actief", "toegelaten")
    if status in ("geschorst", "uitgeschreven"):
        await jobcoaches.set_status(BEHEER, view["id"], status, "besluit van de beheerder")
    return view


async def dienstverband(
    jobcoach_id: str,
    organisatie_id: str,
    van: dt.date = DIENSTVERBAND_START,
    tot: dt.date | None = None,
    *,
    soort: str = "in-dienst",
    bevestigd: bool = True,
) -> dict[str, Any]:
    """The coach works at the organisation (in dienst) from `van` to `tot` (open when None): proposed and
    confirmed by a beheerder (with a reason), so the link counts; `bevestigd=False` leaves it a proposal."""
    made = await jobcoaches.add_dienstverband(
        BEHEER, jobcoach_id, {"organisatie": organisatie_id, "van": van, "tot": tot, "soort": soort}
    )
    if not bevestigd:
        return made
    return await jobcoaches.beslis_dienstverband(
        BEHEER, jobcoach_id, made["id"], "bevestigd", "bevestigd bij het opbouwen van de testgegevens"
    )


async def keurmerk(
    jobcoach_id: str,
    schema: str = "noloc",
    *,
    dagen_geldig: int = 400,
    status: str = "actief",
    verified: bool = True,
) -> dict[str, Any]:
    """A persoonsregister keurmerk of the coach, claimed by the coach, valid until `dagen_geldig` days
    after today (negative: expired), verified by an independent auditor unless `verified` is False."""
    me = Actor(None, "coach", (Rol("jobcoach", jobcoach=jobcoach_id),))
    today = clock.today()
    view = await jobcoaches.add_keurmerk(
        me,
        jobcoach_id,
        {
            "schema": schema,
            "nummer": f"{schema.upper()}-{jobcoach_id[:6]}-{dagen_geldig}",
            "ingangsdatum": today - dt.timedelta(days=700),
            "geldig_tot": today + dt.timedelta(days=dagen_geldig),
            "status": status,
        },
    )
    if verified:
        await verify(view["id"])
    return view


async def org_keurmerk(organisatie_id: str, schema: str = "uwv", verified: bool = True) -> dict[str, Any]:
    """An organisation keurmerk valid from 100 days ago to 1000 days ahead, verified unless told not."""
    today = clock.today()
    view = await organisaties.add_keurmerk(
        BEHEER,
        organisatie_id,
        {
            "schema": schema,
            "nummer": f"{schema}-1",
            "ingangsdatum": today - dt.timedelta(days=100),
            "geldig_tot": today + dt.timedelta(days=1000),
            "status": "actief",
        },
    )
    if verified:
        await verify(view["id"])
    return view


async def verify(claim_id: str) -> None:
    """Verify a claim as an independent auditor."""
    view = await auditor()
    await beoordelingen.beoordeel(actor_for(view), claim_id, "geverifieerd", "gecontroleerd")


def days_ago(n: int) -> dt.date:
    return clock.today() - dt.timedelta(days=n)


# --- accounts ----------------------------------------------------------------------------------------


async def account(*rollen: accounts.RolInvoer, name: str | None = None) -> dict[str, Any]:
    """An account with these roles and the password PASSWORD; its view."""
    name = name or f"gebruiker{next(_names)}"
    return await accounts.create_account(BEHEER, name, PASSWORD, f"{name}@voorbeeld.nl", list(rollen))


def actor_for(view: dict[str, Any]) -> Actor:
    """The actor of an account view, as the services receive it."""
    return Actor(view["id"], view["gebruikersnaam"], tuple(Rol(**r) for r in view["rollen"]))


async def beheerder(name: str | None = None) -> dict[str, Any]:
    return await account(accounts.RolInvoer("beheerder"), name=name)


async def auditor(jobcoach_id: str | None = None, name: str | None = None) -> dict[str, Any]:
    """An auditor account; with `jobcoach_id` the auditor is also that coach (conflict-of-interest cases)."""
    return await account(accounts.RolInvoer("auditor", jobcoach=jobcoach_id), name=name)


async def coach_account(jobcoach_id: str, name: str | None = None) -> dict[str, Any]:
    return await account(accounts.RolInvoer("jobcoach", jobcoach=jobcoach_id), name=name)


async def org_account(organisatie_id: str, name: str | None = None) -> dict[str, Any]:
    return await account(accounts.RolInvoer("organisatie", organisatie=organisatie_id), name=name)


async def gemeente_account(code: str, name: str | None = None) -> dict[str, Any]:
    await gemeente(code, "Rotterdam" if code == "GM0599" else f"Gemeente {code}")
    return await account(accounts.RolInvoer("gemeente", gemeente=code), name=name)


# --- the world ---------------------------------------------------------------------------------------

# World.accounts keys: the six roles of the authorization matrix, plus the other side of each pair.
ROLE_KEYS = (
    "jobcoach",  # coach A
    "jobcoach-b",
    "organisatie",  # organisation A
    "organisatie-b",
    "auditor",  # independent
    "auditor-a",  # also a coach at organisation A (audit_world only)
    "gemeente",  # gemeente X
    "gemeente-y",
    "beheerder",
)


@dataclass
class World:
    """A small register. Records are service views (dicts); `accounts` maps a role key (ROLE_KEYS) to an
    account view; `ids` holds further record ids by name ("traject", "verificatie", "keurmerk", ...)."""

    gemeente: str
    coach_a: dict[str, Any]
    org_a: dict[str, Any]
    accounts: dict[str, dict[str, Any]]
    coach_b: dict[str, Any] | None = None
    org_b: dict[str, Any] | None = None
    coach_c: dict[str, Any] | None = None  # at organisation B (audit_world)
    auditor_coach: dict[str, Any] | None = None  # auditor A's own coach record, at A (audit_world)
    ids: dict[str, str] = field(default_factory=dict)

    def actor(self, role: str) -> Actor:
        return actor_for(self.accounts[role])

    def headers(self, role: str) -> dict[str, str]:
        """The API's Bearer header for the role's account ({} for "anoniem")."""
        return {} if role == "anoniem" else auth(self.accounts[role])

    def log_in_pages(self, client: httpx.AsyncClient, role: str) -> None:
        """Pages read the session cookie (and never a Bearer token)."""
        client.cookies.clear()
        if role != "anoniem":
            client.cookies.set("sessie", token_for(self.accounts[role]))

    # the accounts under the names the tests read best
    coach_a_account = property(lambda self: self.accounts["jobcoach"])
    coach_b_account = property(lambda self: self.accounts["jobcoach-b"])
    org_a_account = property(lambda self: self.accounts["organisatie"])
    org_b_account = property(lambda self: self.accounts["organisatie-b"])
    auditor = property(lambda self: self.accounts["auditor"])
    auditor_a = property(lambda self: self.accounts["auditor-a"])
    gemeente_account = property(lambda self: self.accounts["gemeente"])
    gemeente_y_account = property(lambda self: self.accounts["gemeente-y"])
    beheerder = property(lambda self: self.accounts["beheerder"])


async def _two_of_each(org_names: tuple[str, str]) -> World:
    await gemeente("GM0599", "Rotterdam")
    await gemeente("GM0363", "Amsterdam")
    org_a = await organisatie(naam=org_names[0])
    org_b = await organisatie(naam=org_names[1])
    coach_a = await jobcoach(voornaam="Anna", achternaam="Aalbers")
    coach_b = await jobcoach(voornaam="Bram", achternaam="Bos")
    await dienstverband(coach_a["id"], org_a["id"])
    await dienstverband(coach_b["id"], org_b["id"])
    made = {
        "jobcoach": await coach_account(coach_a["id"], name="coach-a"),
        "jobcoach-b": await coach_account(coach_b["id"], name="coach-b"),
        "organisatie": await org_account(org_a["id"], name="org-a"),
        "organisatie-b": await org_account(org_b["id"], name="org-b"),
        "auditor": await auditor(name="auditor"),
        "gemeente": await gemeente_account("GM0599", name="gemeente-x"),
        "gemeente-y": await gemeente_account("GM0363", name="gemeente-y"),
        "beheerder": await beheerder(name="beheerder"),
    }
    return World(gemeente="GM0599", coach_a=coach_a, org_a=org_a, coach_b=coach_b, org_b=org_b, accounts=made)


async def build_world() -> World:
    """Two of each, an account per role, and traject T (see the module docstring)."""
    world = await _two_of_each(("Organisatie A", "Organisatie B"))
    await _traject_t(world)
    return world


async def audit_world() -> World:
    """Two of each and an account per role, no traject; plus coach C at B and auditor A (a coach at A)."""
    world = await _two_of_each(("Werkfit A", "Jobstap B"))
    world.coach_c = await jobcoach(voornaam="Carla", achternaam="Claes")
    world.auditor_coach = await jobcoach(voornaam="Ouda", achternaam="Auditor")
    await dienstverband(world.coach_c["id"], world.org_b["id"])
    await dienstverband(world.auditor_coach["id"], world.org_a["id"])
    world.accounts["auditor-a"] = await auditor(world.auditor_coach["id"], name="auditor-a")
    return world


async def _traject_t(world: World) -> None:
    """Traject T of gemeente X with coach A and organisation A, one verification and its report schedule."""
    from api import attestatie
    from register.services import verificaties
    from register.tables import Rapportage

    gemeente_x = world.actor("gemeente")
    made = await trajecten.create(
        gemeente_x,
        {
            "gemeente": "GM0599",
            "referentie": "T-1",
            "werkgever": "Werkgever T",
            "startdatum": clock.today(),
            "regime": "midden",
            "contracturen": 24.0,
            "jobcoach": world.coach_a["id"],
            "organisatie": world.org_a["id"],
        },
    )
    signer = await attestatie.ondertekenaar(BASE_URL)
    [verificatie] = await verificaties.verify(gemeente_x, [made["id"]], None, signer)
    rapportage = await Rapportage.select(Rapportage.id).where(Rapportage.traject == made["id"]).first()
    world.ids |= {"traject": made["id"], "verificatie": verificatie.id, "rapportage": str(rapportage["id"])}


async def qualified_world(
    *, code: str = "GM0599", noloc_tot: dt.date = dt.date(2026, 4, 1), traveller: Any = None
) -> World:
    """A qualifying coach (coach A: Sanne de Vries) and organisation (A: Werkfit Jobcoaching) of gemeente
    `code`, with accounts jobcoach, organisatie, gemeente and auditor. Built at T0 and after; call it
    inside `time_machine.travel(T0, tick=False) as t` with `traveller=t`: it leaves the clock at NU.
    `ids`: opleiding, keurmerk (Noloc, valid to `noloc_tot`), scholing, toetsing, org_keurmerk."""
    from audits.tables import Toetsing, ToetsingDeelnemer

    own = traveller is None
    if own:
        traveller = time_machine.travel(T0, tick=False)
        traveller.start()
    try:
        traveller.move_to(T0)
        await gemeente(code, "Rotterdam" if code == "GM0599" else f"Gemeente {code}")
        org = await organisatie(naam="Werkfit Jobcoaching")
        coach = await jobcoach(voornaam="Sanne", achternaam="de Vries")
        traveller.move_to(T0 + dt.timedelta(hours=1))
        await jobcoaches.set_status(BEHEER, coach["id"], "actief", "portfolio beoordeeld")
        await dienstverband(coach["id"], org["id"], van=T0.date())
        made = {
            "jobcoach": await coach_account(coach["id"]),
            "gemeente": await gemeente_account(code),
            "organisatie": await org_account(org["id"]),
            "auditor": await auditor(),
        }

        traveller.move_to(NU - dt.timedelta(days=1))
        me = actor_for(made["jobcoach"])
        opleiding = await jobcoaches.add_opleiding(
            me,
            coach["id"],
            {
                "soort": "hbo-diploma",
                "omschrijving": "Bachelor Toegepaste Psychologie",
                "datum": dt.date(2012, 6, 30),
            },
        )
        noloc = await jobcoaches.add_keurmerk(
            me,
            coach["id"],
            {
                "schema": "noloc",
                "nummer": "NOLOC-1234",
                "ingangsdatum": dt.date(2023, 4, 1),
                "geldig_tot": noloc_tot,
                "status": "actief",
            },
        )
        scholing = await jobcoaches.add_scholing(
            me,
            coach["id"],
            {
                "titel": "Supported Employment in de praktijk",
                "aanbieder": "Kenniscentrum",
                "datum": dt.date(2025, 11, 15),
                "uren": 24.0,
                "pe_punten": None,
                "categorie": "methodieken",
                "certificaat": "",
            },
        )
        await jobcoaches.add_zelfevaluatie(
            me,
            coach["id"],
            {
                "datum": dt.date(2026, 1, 10),
                "competenties": [
                    {"code": c, "score": 4, "toelichting": "", "leerdoel": ""} for c in COMPETENTIES
                ],
            },
        )
        for claim in (opleiding, noloc, scholing):
            await verify(claim["id"])
        ids = {"opleiding": opleiding["id"], "keurmerk": noloc["id"], "scholing": scholing["id"]}

        now = NU - dt.timedelta(days=1)
        toetsing = Toetsing(
            datum=dt.date(2025, 10, 1),
            vorm="intercollegiale-toetsing",
            auditor=uuid.UUID(made["auditor"]["id"]),
            status="vastgesteld",
            vastgesteld_op=now,
            aangemaakt_op=now,
        )
        await toetsing.save()
        await ToetsingDeelnemer(
            toetsing=toetsing.id,
            jobcoach=uuid.UUID(coach["id"]),
            casus="",
            beoordeling="voldoende",
            feedback="",
            leerdoelen="",
        ).save()
        ids["toetsing"] = str(toetsing.id)

        bow = await organisaties.add_keurmerk(
            BEHEER,
            org["id"],
            {
                "schema": "blik-op-werk",
                "nummer": "BOW-77",
                "ingangsdatum": dt.date(2025, 1, 1),
                "geldig_tot": dt.date(2027, 1, 1),
                "status": "actief",
            },
        )
        await verify(bow["id"])
        ids["org_keurmerk"] = bow["id"]
        gebied = {"ingangsdatum": dt.date(2025, 1, 1), "toelichting": "vastgesteld beleid"}
        await organisaties.set_kwaliteitsborging(
            BEHEER,
            org["id"],
            {
                "continuiteit": gebied,
                "privacy": gebied,
                "scholingsbeleid": gebied,
                "klachtprocedure": {
                    **gebied,
                    "ontvangstbevestiging_dagen": 5,
                    "afhandeling_weken": 6,
                    "klachtencommissie": "Stichting Klachtrecht",
                },
            },
        )
        await organisaties.add_meting(
            BEHEER,
            org["id"],
            {
                "periode_van": dt.date(2025, 6, 1),
                "periode_tot": dt.date(2025, 12, 31),
                "respondenten": 40,
                "gemiddelde_score": 7.8,
            },
        )
        traveller.move_to(NU)
    finally:
        if own:
            traveller.stop()
    return World(gemeente=code, coach_a=coach, org_a=org, accounts=made, ids=ids)


# --- trajecten ---------------------------------------------------------------------------------------


def traject_body(world: World, **overrides: Any) -> dict[str, Any]:
    """The JSON body of `POST /api/v1/trajecten` for the world's gemeente, coach A and organisation A."""
    body = {
        "gemeente": world.gemeente,
        "referentie": "WMO-2026-0042",
        "werkgever": "Bakkerij Van Dam",
        "startdatum": TRAJECT_START.isoformat(),
        "regime": "midden",
        "contracturen": 16,
        "jobcoach": world.coach_a["id"],
        "organisatie": world.org_a["id"],
    }
    body.update(overrides)
    return body


async def traject(world: World, **overrides: Any) -> dict[str, Any]:
    """A traject of the world's gemeente with coach A and organisation A, made by the gemeente; its view."""
    values = {
        "gemeente": world.gemeente,
        "referentie": "WMO-1",
        "werkgever": "Bakkerij Van Dam",
        "startdatum": TRAJECT_START,
        "regime": "midden",
        "contracturen": 16.0,
        "jobcoach": world.coach_a["id"],
        "organisatie": world.org_a["id"],
    }
    values.update(overrides)
    return await trajecten.create(world.actor("gemeente"), values)


async def approve(world: World, made: dict[str, Any]) -> None:
    """Mark the traject approved the way the funding decision does (via a real verification)."""
    from api import attestatie
    from register.services import verificaties

    signer = await attestatie.ondertekenaar(BASE_URL)
    gemeente_actor = world.actor("gemeente")
    [v] = await verificaties.verify(gemeente_actor, [made["id"]], None, signer)
    await trajecten.besluit(
        gemeente_actor, made["id"], {"besluit": "goedgekeurd", "verificatie": v.id, "toelichting": ""}
    )


# --- aanvragen ---------------------------------------------------------------------------------------

AANVRAAG_START = dt.date(2026, 4, 1)  # the requested start of the qualified world's aanvragen


def doel_body(**overrides: Any) -> dict[str, Any]:
    """One SMART coachingsdoel (API names) within the requested period of `aanvraag_body`."""
    body = {
        "omschrijving": "Werkt zelfstandig een ochtenddienst in de bakkerij af",
        "indicator": "aantal ochtenddiensten per week zonder hulp van de werkbegeleider",
        "streefwaarde": "4 van de 4",
        "streefdatum": "2026-09-01",
        "kernactiviteit": "training-on-the-job",
        "betreft": "werknemer",
    }
    body.update(overrides)
    return body


def aanvraag_body(world: World, **overrides: Any) -> dict[str, Any]:
    """The JSON body of a complete, SMART `POST /api/v1/aanvragen` for the world's gemeente, coach A and
    organisation A (a Matchingsformulier in the Leidraad's three parts)."""
    body = {
        "gemeente": world.gemeente,
        "jobcoach": world.coach_a["id"],
        "organisatie": world.org_a["id"],
        "werkgever": "Bakkerij Van Dam",
        "regime": "midden",
        "regimeMotivatie": "Nieuwe werkplek met wisselende taken; intensieve start nodig",
        "contracturen": 24,
        "gewensteStartdatum": AANVRAAG_START.isoformat(),
        "positie": "dienstbetrekking",
        "startbudget": True,
        "werknemerprofiel": {
            "krachten": "Nauwkeurig, betrouwbaar, werkt graag met de handen",
            "inspiratie": "Iets maken dat klanten dezelfde dag kopen",
            "vaardigheden": "Kan recepten volgen en apparaten veilig bedienen",
            "context": "Een vaste plek, een vast aanspreekpunt en een voorspelbaar rooster",
            "beperkingen": "Raakt het overzicht kwijt bij onverwachte wijzigingen in de taakvolgorde",
        },
        "werkprofiel": {
            "functie": "Productiemedewerker bakkerij",
            "taken": "Deeg afwegen, ovens vullen, brood verpakken",
            "urenPerWeek": 24,
            "werkplek": "Productieruimte met vier collega's, vroege diensten",
            "werkbegeleider": "Ploegleider van de ochtenddienst",
            "aanpassingen": "Takenlijst op het whiteboard bij de ovens",
        },
        "match": {
            "ondersteuningsbehoefte": "Structuur aanbrengen in de dienst en omgaan met wijzigingen",
            "kloof": "Zelfstandig schakelen bij een gewijzigde planning",
            "ondersteuningWerkgever": "De ploegleider leert wijzigingen vooraf aan te kondigen",
            "coachingsdoelen": [
                doel_body(),
                doel_body(
                    omschrijving="De ploegleider kondigt wijzigingen in de planning een dag vooraf aan",
                    indicator="aandeel wijzigingen dat vooraf is aangekondigd",
                    streefwaarde="90%",
                    kernactiviteit="introductie-op-de-werkplek",
                    betreft="werkgever",
                ),
            ],
        },
    }
    body.update(overrides)
    return body


# --- a stored verification with a test signature -------------------------------------------------------

SIGNING_KEY = ec.generate_private_key(ec.SECP256R1())
KID = "test-sleutel-1"


def sign(claims: dict[str, Any]) -> str:
    """A compact JWS over `claims` with the test key (ES256, the register's `typ`)."""
    return jwt.encode(
        claims, SIGNING_KEY, algorithm="ES256", headers={"kid": KID, "typ": "jobcoach-verificatie+jwt"}
    )


def check_signature(token: str) -> dict[str, Any]:
    """The claims of a statement signed by `sign` for gemeente GM0599 (raises when it does not verify)."""
    return jwt.decode(token, SIGNING_KEY.public_key(), algorithms=["ES256"], audience="GM0599")


async def signed_verification(
    coach: dict[str, Any], organisatie_id: Any, peildatum: dt.date
) -> dict[str, Any]:
    """A traject of gemeente GM0599 with a stored verification (signed with the test key, awkward text
    values) and a funding decision, written straight into the tables; {"traject", "verificatie"} ids."""
    from register.tables import Besluit, Traject, Verificatie

    now = clock.now()
    row_traject = Traject(
        gemeente="GM0599",
        referentie=f"ZAAK-{uuid.uuid4().hex[:6]}",
        werkgever="Bakkerij 'De Eik' & Zn.",
        startdatum=peildatum - dt.timedelta(days=30),
        regime="midden",
        contracturen=16.5,
        jobcoach=uuid.UUID(coach["id"]),
        organisatie=organisatie_id,
        status="lopend",
        doelen='Doel "één"\nregel twee — €',
        aangemaakt_op=now,
        gewijzigd_op=now,
    )
    await row_traject.save()
    verificatie_id = uuid.uuid4()
    claims = {
        "iss": "https://jobcoachregister.nl",
        "sub": coach["registratienummer"],
        "aud": "GM0599",
        "iat": 1_790_000_000,
        "nbf": 1_790_000_000,
        "exp": 4_102_444_800,
        "jti": str(verificatie_id),
        "traject": row_traject.referentie,
        "peildatum": peildatum.isoformat(),
        "gekwalificeerd": False,
        "criteria": [{"code": "scholing", "voldaan": False}],
        "toetsingskader": {"gemeente": "GM0599", "versie": 1},
    }
    criteria = [
        {
            "code": "scholing",
            "vereist": True,
            "voldaan": False,
            "toelichting": "12,5 van de 20 uur scholing — geen ✓",
            "bewijs": [{"soort": "scholing", "id": str(uuid.uuid4()), "geldigTot": None}],
        }
    ]
    row = Verificatie(
        id=verificatie_id,
        traject=row_traject.id,
        jobcoach=uuid.UUID(coach["id"]),
        organisatie=organisatie_id,
        gemeente="GM0599",
        peildatum=peildatum,
        gekwalificeerd=False,
        kader_gemeente="GM0599",
        kader_versie=1,
        criteria=json.dumps(criteria, ensure_ascii=False),
        attestatie=sign(claims),
        aangemaakt_op=now,
        aangemaakt_door=None,
    )
    await row.save()
    await Besluit(
        traject=row_traject.id,
        besluit="afgewezen",
        verificatie=row.id,
        toelichting="voldoet niet",
        genomen_op=now,
    ).save()
    return {"traject": row_traject.id, "verificatie": verificatie_id}


# --- toetsing ----------------------------------------------------------------------------------------


def deelnemer(coach: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """One participant of an intercollegiale toetsing, with a casus, a verdict and feedback."""
    return {
        "jobcoach": coach["id"],
        "casus": "Werknemer met autisme in een distributiecentrum; structuur in de werkdag.",
        "beoordeling": "voldoende",
        "feedback": "Sterke analyse, duidelijke afspraken met de leidinggevende.",
        "leerdoelen": "Eerder de werkgever betrekken bij evaluaties.",
        **overrides,
    }
