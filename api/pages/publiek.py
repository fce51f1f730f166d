"""The public register as web pages: search form with results, and public profiles. No login.

The search form uses GET (a bookmarkable, shareable result page); it changes nothing, so it carries
no CSRF token (a token in the URL would only leak it).
"""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from api.pages.common import errors_by_field, page
from api.pagination import pagina_nummer, paginering
from register import arbeidsmarktregios
from register.errors import InvalidInput
from register.services import publiek

PAGINA_GROOTTE = 20
SOORTEN = {"jobcoaches": "jobcoach", "organisaties": "organisatie"}


def _context_common(gemeenten: dict[str, str]) -> dict:
    return {
        "gemeenten": gemeenten,
        "regios": arbeidsmarktregios.alle(),
    }


class PubliekRegisterPages(Controller):
    include_in_schema = False

    @get("/register")
    async def zoeken(self, request: Request) -> Template:
        q = request.query_params
        values = {
            "soort": q.get("soort") if q.get("soort") in SOORTEN else "jobcoaches",
            "zoek": (q.get("zoek") or "")[:200],
            "gemeente": q.get("gemeente") or "",
            "arbeidsmarktregio": q.get("arbeidsmarktregio") or "",
            "keurmerk": q.get("keurmerk") or "",
        }
        soort = SOORTEN[values["soort"]]
        gemeenten = await publiek.gemeente_namen()
        context = {**_context_common(gemeenten), "waarden": values, "fouten": {}, "resultaten": None}
        try:
            filters = await publiek.check_filters(
                soort,
                {
                    "zoek": values["zoek"],
                    "gemeente": values["gemeente"],
                    "arbeidsmarktregio": values["arbeidsmarktregio"],
                    "schema": values["keurmerk"],
                },
            )
            offset = (pagina_nummer(request) - 1) * PAGINA_GROOTTE
            if soort == "jobcoach":
                items, totaal, ondergrens = await publiek.zoek_jobcoaches(filters, offset, PAGINA_GROOTTE)
            else:
                items, totaal, ondergrens = await publiek.zoek_organisaties(filters, offset, PAGINA_GROOTTE)
        except InvalidInput as exc:
            fouten = errors_by_field(exc.errors)
            if fouten.pop("schema", None):
                fouten["keurmerk"] = (
                    "dit keurmerk hoort niet bij "
                    + ("jobcoaches" if soort == "jobcoach" else "organisaties")
                    + "; kies een ander keurmerk of zoek naar "
                    + ("organisaties" if soort == "jobcoach" else "jobcoaches")
                )
            context["fouten"] = fouten
            return page(request, "publiek/zoeken.html", status_code=400, **context)
        context.update(
            resultaten=items,
            totaal=totaal,
            ondergrens=ondergrens,
            pag=paginering(request, totaal, PAGINA_GROOTTE),
        )
        return page(request, "publiek/zoeken.html", **context)

    @get("/register/jobcoaches/{registratienummer:str}")
    async def jobcoach(self, request: Request, registratienummer: FromPath[str]) -> Template:
        coach = await publiek.jobcoach_profiel(registratienummer)
        toetsingskader = await publiek.landelijk_toetsingskader_vandaag(coach["registratienummer"])
        return page(
            request,
            "publiek/jobcoach.html",
            coach=coach,
            toetsingskader=toetsingskader,
            **_context_common(await publiek.gemeente_namen()),
        )

    @get("/register/organisaties/{organisatie_id:str}")
    async def organisatie(self, request: Request, organisatie_id: FromPath[str]) -> Template:
        organisatie = await publiek.organisatie_profiel(organisatie_id)
        return page(
            request,
            "publiek/organisatie.html",
            organisatie=organisatie,
            **_context_common(await publiek.gemeente_namen()),
        )
