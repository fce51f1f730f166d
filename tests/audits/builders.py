"""Shared set-up for the audit tests: two organisations, coaches, an independent and a linked auditor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from register.services import jobcoaches
from tests import factories as f

START = dt.date(2024, 1, 1)


async def link(
    coach_id: str, org_id: str, van: dt.date = START, tot: dt.date | None = None
) -> dict[str, Any]:
    return await jobcoaches.add_dienstverband(
        f.BEHEER, coach_id, {"organisatie": org_id, "van": van, "tot": tot, "soort": "in-dienst"}
    )


@dataclass
class Setup:
    org_a: dict[str, Any]
    org_b: dict[str, Any]
    coach_a: dict[str, Any]  # works at A
    coach_b: dict[str, Any]  # works at B
    coach_c: dict[str, Any]  # works at B
    auditor: dict[str, Any]  # independent
    auditor_a: dict[str, Any]  # an auditor who is also a coach at A
    auditor_coach: dict[str, Any]  # the auditor's own coach record
    coach_a_account: dict[str, Any]
    coach_b_account: dict[str, Any]
    org_a_account: dict[str, Any]
    org_b_account: dict[str, Any]
    beheerder: dict[str, Any]


async def setup() -> Setup:
    org_a = await f.organisatie(naam="Werkfit A")
    org_b = await f.organisatie(naam="Jobstap B")
    coach_a = await f.jobcoach(voornaam="Anna", achternaam="Aalbers")
    coach_b = await f.jobcoach(voornaam="Bram", achternaam="Bos")
    coach_c = await f.jobcoach(voornaam="Carla", achternaam="Claes")
    auditor_coach = await f.jobcoach(voornaam="Ouda", achternaam="Auditor")
    await link(coach_a["id"], org_a["id"])
    await link(coach_b["id"], org_b["id"])
    await link(coach_c["id"], org_b["id"])
    await link(auditor_coach["id"], org_a["id"])
    return Setup(
        org_a=org_a,
        org_b=org_b,
        coach_a=coach_a,
        coach_b=coach_b,
        coach_c=coach_c,
        auditor=await f.auditor(),
        auditor_a=await f.auditor(auditor_coach["id"]),
        auditor_coach=auditor_coach,
        coach_a_account=await f.coach_account(coach_a["id"]),
        coach_b_account=await f.coach_account(coach_b["id"]),
        org_a_account=await f.org_account(org_a["id"]),
        org_b_account=await f.org_account(org_b["id"]),
        beheerder=await f.beheerder(),
    )


def deelnemer(coach: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return {
        "jobcoach": coach["id"],
        "casus": "Werknemer met autisme in een distributiecentrum; structuur in de werkdag.",
        "beoordeling": "voldoende",
        "feedback": "Sterke analyse, duidelijke afspraken met de leidinggevende.",
        "leerdoelen": "Eerder de werkgever betrekken bij evaluaties.",
        **overrides,
    }
