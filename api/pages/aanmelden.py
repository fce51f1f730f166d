"""Aanmelden (issue 15): a coach applies on a public page, and the beheerder admits or refuses the
confirmed applications. The public form answers the same whether or not the e-mail address is known and is
throttled per client like the log-in (accounts.count_request with the log-in's limit and window)."""

from __future__ import annotations

import logging
import re

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.controllers.common import actor_of
from api.guards import roles
from api.pages.common import Formulier, errors_by_field, page, parse_form, read_form
from api.pages.jobcoach import gemeente_keuzes
from api.schemas import AanmeldingInvoer
from register.errors import Conflict, InvalidInput, NotFound
from register.services import aanmeldingen, accounts, gemeenten

logger = logging.getLogger("register.security")

AANMELD_VELDEN = {
    "voornaam": "Voornaam",
    "tussenvoegsel": "Tussenvoegsel",
    "achternaam": "Achternaam",
    "email": "E-mailadres",
    "werkgebied": "Werkgebied",
    "toestemming": "Privacyverklaring",
}


def client_van(request: Request) -> str:
    return request.client.host if request.client else "onbekend"


async def throttle(request: Request, soort: str) -> Template | None:
    """None when the client may send the form `soort` now; else the 429 page (with Retry-After)."""
    settings = request.app.state.settings
    try:
        await accounts.count_request(
            soort,
            client_van(request),
            limit=settings.login_attempts,
            window_seconds=settings.login_window_seconds,
        )
    except accounts.TooManyAttempts as exc:
        logger.info("throttled %s form from %s", soort, client_van(request))
        response = page(request, "fout.html", status_code=429, titel=exc.title, detail=exc.detail)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    return None


class AanmeldenPages(Controller):
    include_in_schema = False

    @get("/aanmelden")
    async def form(self, request: Request) -> Template:
        formulier = Formulier(AANMELD_VELDEN)
        return page(request, "auth/aanmelden.html", form=formulier, gemeenten=await gemeente_keuzes())

    @post("/aanmelden")
    async def submit(self, request: Request) -> Template:
        raw = await read_form(request, "werkgebied")
        parsed, errors = parse_form(AanmeldingInvoer, raw)
        if not errors:
            try:
                await aanmeldingen.controleer(parsed.email, parsed.werkgebied)
            except InvalidInput as exc:
                errors = errors_by_field(exc.errors)
        if not errors:
            # only a valid application counts towards the limit: an applicant correcting mistakes is never
            # throttled, while every submission that could create an account or send an e-mail still is
            # (the answer to a valid one is the same for a known and an unknown address)
            if (geweigerd := await throttle(request, "aanmelden")) is not None:
                return geweigerd
            await aanmeldingen.aanmelden(
                parsed.voornaam, parsed.tussenvoegsel, parsed.achternaam, parsed.email, parsed.werkgebied
            )
        if errors:
            formulier = Formulier(AANMELD_VELDEN, raw)
            # an unknown field is named in the summary, the others beside their field
            bekend = {k: v for k, v in errors.items() if re.sub(r"\[\d+\]$", "", k) in AANMELD_VELDEN}
            formulier.zet_fouten(bekend)
            formulier.algemeen = [f"{k}: {v}" for k, v in errors.items() if k not in bekend]
            keuzes = await gemeente_keuzes(formulier.lijst("werkgebied"))
            return page(request, "auth/aanmelden.html", status_code=400, form=formulier, gemeenten=keuzes)
        return page(request, "auth/aanmelden.html", verstuurd=True, form=None, gemeenten=[])


BESLUIT_VELDEN = {"besluit": "Besluit", "reden": "Reden"}


def besluit_formulier(aanmelding_id: str, waarden: dict | None = None) -> Formulier:
    """The decision form of one aanmelding; its fields' ids carry the aanmelding's id (one form per
    aanmelding on the page)."""
    return Formulier(BESLUIT_VELDEN, waarden, voorvoegsel=f"aanmelding-{aanmelding_id}")


class AanmeldingenBeheerPages(Controller):
    path = "/beheer/aanmeldingen"
    include_in_schema = False
    guards = [roles("beheerder")]

    async def _lijst(
        self, request: Request, formulier: tuple[str, Formulier] | None = None, status_code: int = 200
    ):
        """The page; `formulier` is the (aanmelding id, refused form) to show again with its errors."""
        actor = actor_of(request)
        items = await aanmeldingen.lijst(actor)
        codes = sorted({c for item in items for c in item["werkgebied"]})
        formulieren = {str(a["id"]): besluit_formulier(str(a["id"])) for a in items}
        if formulier is not None:
            formulieren[formulier[0]] = formulier[1]
        return page(
            request,
            "beheer/aanmeldingen.html",
            status_code=status_code,
            aanmeldingen=items,
            gemeente_namen=await gemeenten.namen(codes),
            formulieren=formulieren,
            actief="aanmeldingen",
        )

    @get("")
    async def lijst(self, request: Request) -> Template:
        return await self._lijst(request)

    @post("/{aanmelding_id:str}/besluit")
    async def besluit(self, request: Request, aanmelding_id: FromPath[str]) -> Template | Redirect:
        raw = await read_form(request)
        form = besluit_formulier(aanmelding_id, raw)
        form.eis(raw, "besluit", "reden")
        try:
            if not form.heeft_fouten:
                await aanmeldingen.beslis(
                    actor_of(request), aanmelding_id, str(raw.get("besluit", "")), str(raw.get("reden", ""))
                )
        except InvalidInput as exc:
            form.zet_fouten(exc.errors)
        except Conflict as exc:
            form.algemeen.append(exc.detail)
            form.status_code = exc.status
        except NotFound:
            form.algemeen.append(
                "Deze aanmelding is niet gevonden; misschien heeft een andere beheerder al besloten."
            )
            form.status_code = 404
        if form.heeft_fouten:
            return await self._lijst(request, (aanmelding_id, form), status_code=form.status)
        return Redirect(path="/beheer/aanmeldingen?melding=aanmelding-beslist", status_code=303)
