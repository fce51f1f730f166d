"""Dashboards: the register at a glance as server-rendered SVG bar charts with text alternatives.

The charts are built here from the read-only aggregates (register.services.overzichten) and rendered by
register.grafieken; the beheer overview, the auditor overview and the gemeente overview include them.
"""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, get
from litestar.response import Template

from api.guards import roles
from api.pages.common import page
from register import clock
from register.grafieken import Grafiek, staafdiagram
from register.services import overzichten
from register.vocabulary import (
    BEVINDING_OORDELEN,
    BINNENKORT_DAGEN,
    BUDGET_KLASSEN,
    JOBCOACH_STATUSSEN,
    KEURMERK_SCHEMAS,
    KWALIFICATIE_UITKOMSTEN,
)

MAANDNAMEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _maand(code: str) -> str:
    year, month = code.split("-")
    return f"{MAANDNAMEN[int(month) - 1]} {year}"


async def register_grafieken(vandaag: dt.date | None = None) -> list[Grafiek]:
    """The four register-wide charts for the beheerder and auditors."""
    vandaag = vandaag or clock.today()
    status = await overzichten.coaches_per_status()
    keurmerken = await overzichten.keurmerken_aflopend(vandaag)
    bevindingen = await overzichten.open_bevindingen()
    maanden = await overzichten.verificaties_per_maand(vandaag)
    return [
        staafdiagram(
            "grafiek-status",
            "Jobcoaches per status",
            [(JOBCOACH_STATUSSEN.label(s), n) for s, n in status.items()],
        ),
        staafdiagram(
            "grafiek-keurmerken",
            f"Keurmerken die in de komende {BINNENKORT_DAGEN} dagen aflopen",
            [(KEURMERK_SCHEMAS.kort(s), n) for s, n in keurmerken.items()],
        ),
        staafdiagram(
            "grafiek-bevindingen",
            "Openstaande auditbevindingen",
            [(BEVINDING_OORDELEN.kort(o), n) for o, n in bevindingen.items()],
        ),
        staafdiagram(
            "grafiek-verificaties",
            f"Verificaties per maand (laatste {len(maanden)} maanden)",
            [(_maand(m), n) for m, n in maanden.items()],
        ),
    ]


async def gemeente_grafieken(gemeenten: list[str]) -> list[Grafiek]:
    """The gemeente's own charts: trajecten by qualification and by budget use."""
    kwalificatie = await overzichten.trajecten_per_kwalificatie(gemeenten)
    budget = await overzichten.budgetgebruik(gemeenten)
    return [
        staafdiagram(
            "grafiek-kwalificatie",
            "Trajecten naar uitkomst van de laatste verificatie",
            [(KWALIFICATIE_UITKOMSTEN.kort(k), n) for k, n in kwalificatie.items()],
        ),
        staafdiagram(
            "grafiek-budget",
            "Lopende trajecten naar gebruik van het urenbudget",
            [(BUDGET_KLASSEN.label(k), n) for k, n in budget.items()],
        ),
    ]


class OverzichtPages(Controller):
    include_in_schema = False

    @get("/auditor/overzicht", guards=[roles("auditor")])
    async def auditor_overzicht(self, request: Request) -> Template:
        return page(request, "overzicht/auditor.html", grafieken=await register_grafieken())
