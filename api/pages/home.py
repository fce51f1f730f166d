"""The front page and the dashboard, which sends each role to its own overview."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Redirect, Template

from api.pages.common import page
from register.actor import Actor
from register.errors import NotFound
from register.services import gemeenten, jobcoaches, organisaties
from register.vocabulary import gemeente_naam


async def secties(actor: Actor) -> list[dict[str, Any]]:
    """One section per role the account holds, each with the links to that role's pages."""
    out: list[dict[str, Any]] = []
    for jobcoach_id in sorted(actor.own_jobcoach_ids):
        try:
            coach = await jobcoaches.view(jobcoach_id)
        except NotFound:
            continue
        out.append(
            {
                "rol": "jobcoach",
                "titel": f"Jobcoach: {coach['naam']} ({coach['registratienummer']})",
                "tekst": "Uw profiel, opleiding, persoonsregister, scholing en zelfevaluatie.",
                "href": f"/jobcoach/{jobcoach_id}",
                "link": "Naar mijn profiel",
            }
        )
    for organisatie_id in sorted(actor.organisatie_ids):
        try:
            org = await organisaties.view(organisatie_id)
        except NotFound:
            continue
        out.append(
            {
                "rol": "organisatie",
                "titel": f"Organisatie: {org['naam']}",
                "tekst": "Gegevens, kwaliteitsborging, klachtenregister, tevredenheid, keurmerken en jobcoaches.",
                "href": f"/organisatie/{organisatie_id}",
                "link": "Naar de organisatie",
            }
        )
    if actor.has("beheerder"):
        out.append(
            {
                "rol": "beheerder",
                "titel": "Beheer van het register",
                "tekst": "Accounts, gemeenten, jobcoaches en organisaties.",
                "href": "/beheer",
                "link": "Naar het beheer",
            }
        )
    if actor.has("auditor"):
        out.append(
            {
                "rol": "auditor",
                "titel": "Auditor",
                "tekst": "Opgegeven opleidingen, keurmerken en scholing verifiëren, intercollegiale "
                "toetsingen en organisatie-audits vastleggen.",
                "href": "/auditor/werkvoorraad",
                "link": "Naar de werkvoorraad",
            }
        )
    namen = await gemeenten.namen(sorted(actor.gemeente_codes))
    for code in sorted(actor.gemeente_codes):
        out.append(
            {
                "rol": "gemeente",
                "titel": f"Gemeente {gemeente_naam(code, namen)}",
                "tekst": "Trajecten van uw gemeente: verificaties, besluiten, uren en rapportages.",
                "href": "/gemeente",
                "link": "Naar de trajecten",
            }
        )
    return out


class HomePages(Controller):
    include_in_schema = False

    @get("/")
    async def home(self, request: Request) -> Template:
        return page(request, "home.html")

    @get("/dashboard")
    async def dashboard(self, request: Request) -> Template | Redirect:
        actor: Actor | None = request.scope.get("user")
        if actor is None:
            return Redirect(path="/inloggen")
        items = await secties(actor)
        pages = [s for s in items if not s["href"].startswith("/api/")]
        if len(items) == 1 and pages:
            # One role with its own pages: go straight there.
            return Redirect(path=pages[0]["href"], status_code=303)
        return page(request, "dashboard.html", secties=items)
