"""Builders for the trajecten tests: a coach and an organisation with every fact the national
toetsingskader asks for, verified by an independent auditor, at fixed dates.

The register is built at T0 (the coach registers on 2025-01-06); most tests then run on VANDAAG
(2026-03-02) with `time_machine`, so no test depends on the real date.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine

from api import attestatie
from audits.tables import Toetsing, ToetsingDeelnemer
from register.services import accounts, jobcoaches, organisaties
from register.services.jobcoaches import COMPETENTIES
from tests import factories as f

T0 = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)
NU = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
VANDAAG = dt.date(2026, 3, 2)
START = dt.date(2026, 1, 5)


@pytest.fixture(autouse=True)
def fresh_signing_key_cache():
    """Each test has an empty database, so no signing key may be carried over from another test."""
    attestatie.clear_cache()
    yield
    attestatie.clear_cache()


@dataclass
class Opzet:
    gemeente: str
    coach: dict[str, Any]
    org: dict[str, Any]
    coach_account: dict[str, Any]
    gemeente_account: dict[str, Any]
    org_account: dict[str, Any]
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def coach_actor(self):
        return f.actor_for(self.coach_account)

    @property
    def gemeente_actor(self):
        return f.actor_for(self.gemeente_account)


async def opzet(
    *,
    code: str = "GM0599",
    noloc_tot: dt.date = dt.date(2026, 4, 1),
    traveller: Any = None,
) -> Opzet:
    """A qualifying coach and organisation. Call it inside `time_machine.travel(T0)`; it leaves the
    clock at NU."""
    own = traveller is None
    if own:
        traveller = time_machine.travel(T0, tick=False)
        traveller.start()
    try:
        traveller.move_to(T0)
        await f.gemeente(code, "Rotterdam" if code == "GM0599" else f"Gemeente {code}")
        org = await f.organisatie(naam="Werkfit Jobcoaching")
        coach = await f.jobcoach(voornaam="Sanne", achternaam="de Vries")
        traveller.move_to(T0 + dt.timedelta(hours=1))
        await jobcoaches.set_status(f.BEHEER, coach["id"], "actief", "portfolio beoordeeld")
        await jobcoaches.add_dienstverband(
            f.BEHEER,
            coach["id"],
            {"organisatie": org["id"], "van": T0.date(), "tot": None, "soort": "in-dienst"},
        )
        coach_account = await f.coach_account(coach["id"])
        gemeente_account = await f.gemeente_account(code)
        org_account = await f.org_account(org["id"])
        auditor_account = await f.auditor()

        traveller.move_to(NU - dt.timedelta(days=1))
        me = f.actor_for(coach_account)
        ids: dict[str, str] = {}
        opleiding = await jobcoaches.add_opleiding(
            me,
            coach["id"],
            {
                "soort": "hbo-diploma",
                "omschrijving": "Bachelor Toegepaste Psychologie",
                "datum": dt.date(2012, 6, 30),
            },
        )
        keurmerk = await jobcoaches.add_keurmerk(
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
        for claim in (opleiding, keurmerk, scholing):
            await f.verify(claim["id"])
        ids |= {"opleiding": opleiding["id"], "keurmerk": keurmerk["id"], "scholing": scholing["id"]}

        now = NU - dt.timedelta(days=1)
        toetsing = Toetsing(
            datum=dt.date(2025, 10, 1),
            vorm="intercollegiale-toetsing",
            auditor=uuid.UUID(auditor_account["id"]),
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

        org_keurmerk = await organisaties.add_keurmerk(
            f.BEHEER,
            org["id"],
            {
                "schema": "blik-op-werk",
                "nummer": "BOW-77",
                "ingangsdatum": dt.date(2025, 1, 1),
                "geldig_tot": dt.date(2027, 1, 1),
                "status": "actief",
            },
        )
        await f.verify(org_keurmerk["id"])
        ids["org_keurmerk"] = org_keurmerk["id"]
        gebied = {"ingangsdatum": dt.date(2025, 1, 1), "toelichting": "vastgesteld beleid"}
        await organisaties.set_kwaliteitsborging(
            f.BEHEER,
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
            f.BEHEER,
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
    return Opzet(
        gemeente=code,
        coach=coach,
        org=org,
        coach_account=coach_account,
        gemeente_account=gemeente_account,
        org_account=org_account,
        ids=ids,
    )


def traject_body(o: Opzet, **overrides: Any) -> dict[str, Any]:
    body = {
        "gemeente": o.gemeente,
        "referentie": "WMO-2026-0042",
        "werkgever": "Bakkerij Van Dam",
        "startdatum": START.isoformat(),
        "regime": "midden",
        "contracturen": 16,
        "jobcoach": o.coach["id"],
        "organisatie": o.org["id"],
    }
    body.update(overrides)
    return body


__all__ = ["NU", "START", "T0", "VANDAAG", "Opzet", "accounts", "opzet", "traject_body"]
