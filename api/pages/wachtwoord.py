"""Public pages of the e-mail links (issue 15): set a password with an invitation or reset link, and
"wachtwoord vergeten" (the same answer whether or not an account has the address; throttled per client like
the log-in).

The token is in the path of the link; it is never logged (there is no access log) and only its hash is
stored (register.services.uitnodigingen).
"""

from __future__ import annotations

import logging

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.pages.aanmelden import throttle
from api.pages.common import form_data, page
from register.errors import InvalidInput
from register.services import aanmeldingen, uitnodigingen

logger = logging.getLogger("register.security")


class WachtwoordPages(Controller):
    include_in_schema = False

    @get("/wachtwoord/instellen/{token:str}")
    async def instellen_form(self, request: Request, token: FromPath[str]) -> Template:
        """The form of an invitation, confirmation or reset link; a link that is unknown, used or expired
        gets the page that says so (410) with the way to a new one, before a password is typed."""
        if not await uitnodigingen.link_geldig(token):
            fout = uitnodigingen.LinkOngeldig().detail
            return page(request, "auth/wachtwoord_instellen.html", status_code=410, token=None, fout=fout)
        return page(request, "auth/wachtwoord_instellen.html", token=token, fout=None)

    @post("/wachtwoord/instellen/{token:str}")
    async def instellen(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        data = await form_data(request)
        wachtwoord, herhaling = str(data.get("wachtwoord", "")), str(data.get("herhaling", ""))
        if wachtwoord != herhaling:
            fout = "De twee wachtwoorden zijn niet gelijk."
            return page(request, "auth/wachtwoord_instellen.html", status_code=400, token=token, fout=fout)
        try:
            gedaan = await aanmeldingen.link_gebruiken(token, wachtwoord)
        except InvalidInput as exc:
            fout = f"Het wachtwoord {exc.errors[0].reason}."
            return page(request, "auth/wachtwoord_instellen.html", status_code=400, token=token, fout=fout)
        except uitnodigingen.LinkOngeldig as exc:
            return page(request, "auth/wachtwoord_instellen.html", status_code=400, token=None, fout=exc.detail)
        logger.info("password set by link for account %s", gedaan.account_id)
        return Redirect(path="/inloggen?melding=wachtwoord-ingesteld", status_code=303)

    @get("/wachtwoord-vergeten")
    async def vergeten_form(self, request: Request) -> Template:
        return page(request, "auth/wachtwoord_vergeten.html", verstuurd=False)

    @post("/wachtwoord-vergeten")
    async def vergeten(self, request: Request) -> Template:
        data = await form_data(request)
        if (geweigerd := await throttle(request, "wachtwoord-vergeten")) is not None:
            return geweigerd
        await uitnodigingen.wachtwoord_vergeten(str(data.get("email", "")))
        return page(request, "auth/wachtwoord_vergeten.html", verstuurd=True)
