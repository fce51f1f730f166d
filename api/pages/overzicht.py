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

STATUS_LABELS = {
    "aangemeld": "Aangemeld",
    "actief": "Actief",
    "geschorst": "Geschorst",
    "uitgeschreven": "Uitgeschreven",
}
SCHEMA_LABELS = {
    "noloc": "Noloc",
    "nvs": "NVS",
    "blik-op-werk": "Blik op Werk",
    "oval": "OVAL",
    "uwv": "UWV",
}
KWALIFICATIE_LABELS = {
    "gekwalificeerd": "Gekwalificeerd",
    "niet-gekwalificeerd": "Niet gekwalificeerd",
    "nog-niet-geverifieerd": "Nog niet geverifieerd",
}
BUDGET_LABELS = {
    "tot-50": "Minder dan 50%",
    "50-90": "50% tot 90%",
    "90-100": "90% tot en met 100%",
    "boven-100": "Meer dan 100%",
}
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
            [(STATUS_LABELS.get(s, s), n) for s, n in status.items()],
        ),
        staafdiagram(
            "grafiek-keurmerken",
            f"Keurmerken die in de komende {overzichten.KEURMERK_HORIZON_DAGEN} dagen aflopen",
            [(SCHEMA_LABELS.get(s, s), n) for s, n in keurmerken.items()],
        ),
        staafdiagram(
            "grafiek-bevindingen",
            "Openstaande auditbevindingen",
            [("Minor", bevindingen["minor"]), ("Major", bevindingen["major"])],
        ),
        staafdiagram(
            "grafiek-verificaties",
            "Verificaties per maand (laatste 12 maanden)",
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
            [(KWALIFICATIE_LABELS[k], n) for k, n in kwalificatie.items()],
        ),
        staafdiagram(
            "grafiek-budget",
            "Lopende trajecten naar gebruik van het urenbudget",
            [(BUDGET_LABELS[k], n) for k, n in budget.items()],
        ),
    ]


class OverzichtPages(Controller):
    include_in_schema = False

    @get("/auditor/overzicht", guards=[roles("auditor")])
    async def auditor_overzicht(self, request: Request) -> Template:
        return page(request, "overzicht/auditor.html", grafieken=await register_grafieken())
