"""Pages for jobcoaches: their trajecten, hours per year against the budget, logging hours, and
submitting the reports of the schedule."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.guards import roles
from api.pages.common import errors_by_field, form_data, page, parse_form
from api.schemas_trajecten import IndieningInvoer, UrenInvoer
from register import clock
from register.errors import Forbidden, InvalidInput
from register.services import gemeenten, trajecten

MELDINGEN = {"uren": "De uren zijn opgeslagen.", "rapportage": "De rapportage is ingediend."}


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

    async def _page(self, request: Request, traject_id: str, status: int = 200, **extra: Any) -> Template:
        actor = request.scope["user"]
        traject = await trajecten.get(actor, traject_id)
        if not actor.is_coach(traject["jobcoach"]):
            raise Forbidden("Deze pagina is voor de jobcoach van het traject.")
        uren, aantal = await trajecten.list_uren(actor, traject_id, 0, 50)
        context = {
            "traject": traject,
            "uren": uren,
            "aantal_uren": aantal,
            "gemeente_namen": await gemeenten.namen([traject["gemeente"]]),
            "melding": MELDINGEN.get(request.query_params.get("melding", "")),
            "fouten": {},
            "waarden": {"datum": clock.today().isoformat(), "activiteit": "training-on-the-job"},
            "rapportage_fouten": {},
            "rapportage_waarden": {},
        }
        context.update(extra)
        return page(request, "trajecten/traject.html", status_code=status, **context)

    @get("/jobcoach/trajecten/{traject_id:str}")
    async def show(self, request: Request, traject_id: FromPath[str]) -> Template:
        return await self._page(request, traject_id)

    @post("/jobcoach/trajecten/{traject_id:str}/uren")
    async def add_uren(self, request: Request, traject_id: FromPath[str]) -> Template | Redirect:
        actor = request.scope["user"]
        raw = {k: str(v) for k, v in (await form_data(request)).items()}
        if "uren" in raw:
            raw["uren"] = raw["uren"].replace(",", ".")  # Dutch decimal comma
        data, fouten = parse_form(UrenInvoer, raw)
        if data is not None:
            try:
                await trajecten.add_uren(
                    actor,
                    traject_id,
                    {
                        "datum": data.datum,
                        "uren": data.uren,
                        "activiteit": data.activiteit,
                        "omschrijving": data.omschrijving,
                    },
                )
            except InvalidInput as exc:
                fouten = errors_by_field(exc.errors)
            else:
                return Redirect(path=f"/jobcoach/trajecten/{traject_id}?melding=uren#uren", status_code=303)
        return await self._page(request, traject_id, status=400, fouten=fouten, waarden=raw)

    @post("/jobcoach/trajecten/{traject_id:str}/rapportages/{rapportage_id:str}/indiening")
    async def submit(
        self, request: Request, traject_id: FromPath[str], rapportage_id: FromPath[str]
    ) -> Template | Redirect:
        actor = request.scope["user"]
        raw = {k: str(v) for k, v in (await form_data(request)).items()}
        data, fouten = parse_form(IndieningInvoer, raw)
        if data is not None:
            try:
                await trajecten.dien_in(actor, traject_id, rapportage_id, data.samenvatting)
            except InvalidInput as exc:
                fouten = errors_by_field(exc.errors)
            else:
                return Redirect(
                    path=f"/jobcoach/trajecten/{traject_id}?melding=rapportage#rapportages", status_code=303
                )
        return await self._page(
            request,
            traject_id,
            status=400,
            rapportage_fouten={rapportage_id: fouten},
            rapportage_waarden={rapportage_id: raw.get("samenvatting", "")},
        )
