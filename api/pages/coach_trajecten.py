"""Pages for jobcoaches: their trajecten, hours per year against the budget, logging hours, and
submitting the reports of the schedule."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.controllers.common import values
from api.guards import roles
from api.pages.common import Formulier, decimaal, page, read_form, terug, verzend
from api.schemas_trajecten import IndieningInvoer, UrenInvoer
from register import clock
from register.errors import Forbidden
from register.services import gemeenten, trajecten

UREN_VELDEN = {
    "datum": "Datum",
    "uren": "Uren",
    "activiteit": "Kernactiviteit",
    "omschrijving": "Omschrijving",
}
INDIENING_VELDEN = {"samenvatting": "Samenvatting"}


def indiening_formulier(rapportage_id: str, waarden: dict[str, Any] | None = None) -> Formulier:
    """The form of one report on the traject page; each has its own field ids."""
    return Formulier(INDIENING_VELDEN, waarden, voorvoegsel=f"rapportage-{rapportage_id}")


class CoachTrajectenPages(Controller):
    include_in_schema = False
    guards = [roles("jobcoach")]

    @get("/jobcoach/trajecten")
    async def index(self, request: Request) -> Template:
        actor = request.scope["user"]
        items, total = await trajecten.list_trajecten(actor, 0, 100)
        mine = [t for t in items if actor.is_coach(t["jobcoach"])]
        return page(
            request,
            "trajecten/overzicht.html",
            trajecten=mine,
            totaal=len(mine),
            gemeente_namen=await gemeenten.namen(sorted({t["gemeente"] for t in mine})),
        )

    async def _page(
        self,
        request: Request,
        traject_id: str,
        status: int = 200,
        *,
        uren: Formulier | None = None,
        indiening: Formulier | None = None,
    ) -> Template:
        actor = request.scope["user"]
        traject = await trajecten.get(actor, traject_id)
        if not actor.is_coach(traject["jobcoach"]):
            raise Forbidden("Deze pagina is voor de jobcoach van het traject.")
        lijst, aantal = await trajecten.list_uren(actor, traject_id, 0, 50)
        indieningen = {str(r["id"]): indiening_formulier(str(r["id"])) for r in traject["rapportages"]}
        if indiening is not None:
            indieningen[indiening.voorvoegsel.removeprefix("rapportage-")] = indiening
        return page(
            request,
            "trajecten/traject.html",
            status_code=status,
            traject=traject,
            uren=lijst,
            aantal_uren=aantal,
            gemeente_namen=await gemeenten.namen([traject["gemeente"]]),
            uren_form=uren
            or Formulier(
                UREN_VELDEN, {"datum": clock.today().isoformat(), "activiteit": "training-on-the-job"}
            ),
            indieningen=indieningen,
            fout_formulier=uren if uren is not None else indiening,
        )

    @get("/jobcoach/trajecten/{traject_id:str}")
    async def show(self, request: Request, traject_id: FromPath[str]) -> Template:
        return await self._page(request, traject_id)

    @post("/jobcoach/trajecten/{traject_id:str}/uren")
    async def add_uren(self, request: Request, traject_id: FromPath[str]) -> Template | Redirect:
        actor = request.scope["user"]
        raw = await read_form(request)
        return await verzend(
            Formulier(UREN_VELDEN, raw),
            UrenInvoer,
            decimaal(raw, "uren"),
            lambda data: trajecten.add_uren(actor, traject_id, values(data)),
            klaar=terug(f"/jobcoach/trajecten/{traject_id}", "uren-opgeslagen", anker="uren"),
            opnieuw=lambda form, status: self._page(request, traject_id, status, uren=form),
        )

    @post("/jobcoach/trajecten/{traject_id:str}/rapportages/{rapportage_id:str}/indiening")
    async def submit(
        self, request: Request, traject_id: FromPath[str], rapportage_id: FromPath[str]
    ) -> Template | Redirect:
        actor = request.scope["user"]
        raw = await read_form(request)
        return await verzend(
            indiening_formulier(rapportage_id, raw),
            IndieningInvoer,
            raw,
            lambda data: trajecten.dien_in(actor, traject_id, rapportage_id, data.samenvatting),
            klaar=terug(f"/jobcoach/trajecten/{traject_id}", "rapportage-ingediend", anker="rapportages"),
            opnieuw=lambda form, status: self._page(request, traject_id, status, indiening=form),
        )
