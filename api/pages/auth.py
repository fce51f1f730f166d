"""Log-in and log-out pages; the session token lives in an HttpOnly, SameSite cookie."""

from __future__ import annotations

import logging

import segno
from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.middleware.csrf import generate_csrf_token
from litestar.response import Redirect, Template
from litestar.utils.scope.state import ScopeState

import api.pages.bewaren as bewaren
from api.controllers.common import actor_of
from api.csrf import CSRF_COOKIE, SessieVerlopen, bound_secret
from api.guards import logged_in
from api.middleware import INRICHTEN_PATH, SESSION_COOKIE
from api.pages.common import (
    Formulier,
    errors_by_field,
    form_data,
    page,
    parse_form,
    read_form,
    sessie_einde,
)
from api.problems import log_username
from api.schemas import WachtwoordWijziging
from register.errors import InvalidInput
from register.services import accounts, tweedefactor

logger = logging.getLogger("register.security")


def session_cookie(request: Request, token: str | None) -> Cookie:
    settings = request.app.state.settings
    return Cookie(
        key=SESSION_COOKIE,
        value=token or "",
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
        max_age=request.app.state.tokens.minutes * 60 if token else 0,
    )


def _csrf_weg() -> Cookie:
    """Remove the CSRF cookie (api/csrf.py): the next page issues one bound to the new session."""
    return Cookie(key=CSRF_COOKIE, value="", path="/", max_age=0, httponly=True, samesite="strict")


class AuthPages(Controller):
    include_in_schema = False

    @get("/inloggen")
    async def form(self, request: Request) -> Template:
        return page(request, "auth/inloggen.html", gebruikersnaam="", fout=None)

    @get("/sessie", guards=[logged_in])
    async def sessie(self, request: Request) -> dict[str, str | None]:
        """When the page session ends (ISO 8601, UTC), asked by the warning's "Ingelogd blijven" button;
        asking is activity, so the middleware renews the session first."""
        return {"einde": sessie_einde(request)}

    @staticmethod
    def sessie_verlopen(request: Request, exc: SessieVerlopen) -> Template:
        """The answer to a form posted after its session ended: the log-in page, with the input kept."""
        sealed = bewaren.verzegel(exc.pad, exc.actie, exc.velden)
        # the CSRF check stopped before a token for the log-in form was made: make one for "no session"
        token = generate_csrf_token(secret=bound_secret(request.app.state.csrf_secret, None))
        ScopeState.from_scope(request.scope).csrf_token = token
        response = page(
            request,
            "auth/inloggen.html",
            status_code=401,
            gebruikersnaam="",
            fout=None,
            sessie_verlopen=True,
            bewaard=sealed if len(sealed) <= bewaren.MAX_COOKIE else bewaren.verzegel(exc.pad, exc.actie, {}),
            te_groot=len(sealed) > bewaren.MAX_COOKIE,
        )
        secure = request.app.state.settings.secure_cookies
        response.set_cookie(
            Cookie(key=CSRF_COOKIE, value=token, path="/", httponly=True, samesite="strict", secure=secure)
        )
        return response

    @post("/inloggen")
    async def submit(self, request: Request) -> Template | Redirect:
        data = await form_data(request)
        username, password = str(data.get("gebruikersnaam", "")), str(data.get("wachtwoord", ""))
        code = str(data.get("code", "")).strip() or None
        bewaard = str(data.get("bewaard", "")) or None
        client = request.client.host if request.client else "onbekend"
        settings = request.app.state.settings
        try:
            account_id, versie = await accounts.authenticate(
                username,
                password,
                client,
                limit=settings.login_attempts,
                window_seconds=settings.login_window_seconds,
                otp=code,
            )
        except (accounts.LoginFailed, accounts.TooManyAttempts) as exc:
            wait = getattr(exc, "retry_after", None)
            logger.info(
                "%s page log-in for user %s from %s",
                "throttled" if wait else "failed",
                log_username(request, username),
                client,
            )
            response = page(
                request,
                "auth/inloggen.html",
                status_code=exc.status,
                gebruikersnaam=username,
                fout=exc.detail,
                bewaard=bewaard if bewaren.open_bewaard(bewaard) else None,
                sessie_verlopen=bool(bewaard),
            )
            if wait:
                response.headers["Retry-After"] = str(wait)
            return response
        logger.info("page log-in by account %s", account_id)
        if await tweedefactor.moet_inrichten(account_id):
            # a beheerder or auditor without a second factor: a session for enrolling it, nothing else
            token = request.app.state.tokens.issue(account_id, versie, beperkt=True)
            return Redirect(
                path=INRICHTEN_PATH, cookies=[session_cookie(request, token), _csrf_weg()], status_code=303
            )
        token = request.app.state.tokens.issue(account_id, versie)
        # the CSRF token rotates: the old one belonged to no session, the next page makes one for this session
        kept = bewaren.open_bewaard(bewaard)
        if kept is not None:
            # back to the form whose session ended, with what the user had typed
            return Redirect(
                path=bewaren.terug_naar(kept),
                cookies=[session_cookie(request, token), _csrf_weg(), bewaren.cookie(request, bewaard)],
                status_code=303,
            )
        return Redirect(
            path="/dashboard", cookies=[session_cookie(request, token), _csrf_weg()], status_code=303
        )

    @get(INRICHTEN_PATH, guards=[logged_in])
    async def tweede_factor(self, request: Request) -> Template:
        """Enrol a second factor (TOTP): a QR code and the secret to type, then the first code."""
        return await self._tweede_factor_pagina(request, None)

    async def _tweede_factor_pagina(
        self, request: Request, fout: str | None, status_code: int = 200
    ) -> Template:
        actor = actor_of(request)
        if await tweedefactor.heeft_tweede_factor(actor.account_id):
            return page(request, "auth/tweede_factor.html", aan=True, inrichting=None, qr=None, fout=None)
        inrichting = await tweedefactor.begin(actor)
        qr = segno.make(inrichting.uri, error="m").svg_data_uri(scale=5, border=2)
        groepen = " ".join(inrichting.geheim[i : i + 4] for i in range(0, len(inrichting.geheim), 4))
        return page(
            request,
            "auth/tweede_factor.html",
            status_code=status_code,
            aan=False,
            inrichting=inrichting,
            geheim=groepen,
            qr=qr,
            fout=fout,
        )

    @post(INRICHTEN_PATH, guards=[logged_in])
    async def tweede_factor_aan(self, request: Request) -> Template:
        actor = actor_of(request)
        data = await form_data(request)
        try:
            codes = await tweedefactor.bevestig(actor, str(data.get("code", "")))
        except InvalidInput as exc:
            return await self._tweede_factor_pagina(request, exc.errors[0].reason, status_code=400)
        logger.info("second factor enrolled by account %s", actor.account_id)
        versie = await accounts.token_versie(actor.account_id)
        response = page(request, "auth/herstelcodes.html", herstelcodes=codes)
        response.set_cookie(session_cookie(request, request.app.state.tokens.issue(actor.account_id, versie)))
        return response

    @post("/uitloggen")
    async def logout(self, request: Request) -> Redirect:
        actor = request.scope.get("user")
        if actor is not None:
            await accounts.revoke_tokens(actor)
        return Redirect(path="/", cookies=[session_cookie(request, None)], status_code=303)

    @get("/account/wachtwoord", guards=[logged_in])
    async def wachtwoord_form(self, request: Request) -> Template:
        return page(request, "auth/wachtwoord.html", formulier=Formulier(WACHTWOORD_VELDEN))

    @post("/account/wachtwoord", guards=[logged_in])
    async def wachtwoord(self, request: Request) -> Template | Redirect:
        """Change your own password: every other session ends, this one goes on with a fresh cookie."""
        actor = actor_of(request)
        raw = await read_form(request)
        parsed, errors = parse_form(WachtwoordWijziging, raw)
        if parsed is not None and raw.get("herhaling") != raw.get("nieuwWachtwoord"):
            errors = {"herhaling": "moet gelijk zijn aan het nieuwe wachtwoord"}
        if not errors:
            try:
                versie = await accounts.change_password(
                    actor, parsed.huidig_wachtwoord, parsed.nieuw_wachtwoord
                )
            except InvalidInput as exc:
                errors = errors_by_field(exc.errors)
        if errors:
            formulier = Formulier(WACHTWOORD_VELDEN)
            formulier.zet_fouten(errors)
            return page(request, "auth/wachtwoord.html", status_code=400, formulier=formulier)
        logger.info("password changed by account %s", actor.account_id)
        token = request.app.state.tokens.issue(actor.account_id, versie)
        return Redirect(
            path="/account/wachtwoord?melding=wachtwoord-gewijzigd",
            cookies=[session_cookie(request, token)],
            status_code=303,
        )


WACHTWOORD_VELDEN = {
    "huidigWachtwoord": "Huidig wachtwoord",
    "nieuwWachtwoord": "Nieuw wachtwoord",
    "herhaling": "Nieuw wachtwoord (nogmaals)",
}
