"""Log-in (OAuth2 password grant names) and logout for the API."""

from __future__ import annotations

import logging
from typing import Annotated

from litestar import Controller, Request, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, JSONBody

from api.controllers.common import actor_of
from api.guards import logged_in
from api.problems import log_username
from api.schemas import TokenAntwoord, WachtwoordWijziging
from register.errors import FieldError, InvalidInput
from register.services import accounts

logger = logging.getLogger("register.security")


class AuthController(Controller):
    path = "/api/v1/token"
    tags = ["Authenticatie"]

    @post(
        "",
        summary="Token aanvragen",
        description="Wisselt gebruikersnaam en wachtwoord (form-encoded) in voor een token van 15 minuten. "
        "Een account met een tweede factor stuurt ook `otp` mee: de code uit de authenticator-app of een "
        "herstelcode.",
        status_code=200,
        security=[],
    )
    async def token(
        self,
        request: Request,
        data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> TokenAntwoord:
        username, password = data.get("username"), data.get("password")
        errors = [
            FieldError(n, "is verplicht")
            for n, val in (("username", username), ("password", password))
            if not val
        ]
        if errors:
            raise InvalidInput(errors)
        client = request.client.host if request.client else "onbekend"
        settings = request.app.state.settings
        try:
            account_id, versie = await accounts.authenticate(
                username,
                password,
                client,
                limit=settings.login_attempts,
                window_seconds=settings.login_window_seconds,
                otp=data.get("otp"),
            )
        except accounts.LoginFailed:
            logger.info("failed log-in for user %s from %s", log_username(username), client)
            raise
        except accounts.TooManyAttempts as exc:
            logger.info(
                "throttled log-in for user %s from %s (%d s)", log_username(username), client, exc.retry_after
            )
            raise
        logger.info("log-in by account %s", account_id)
        tokens = request.app.state.tokens
        return TokenAntwoord(
            access_token=tokens.issue(account_id, versie),
            token_type="bearer",  # noqa: S106
            expires_in=tokens.minutes * 60,
        )

    @post("/intrekken", summary="Tokens intrekken (uitloggen)", status_code=204, guards=[logged_in])
    async def revoke(self, request: Request) -> None:
        await accounts.revoke_tokens(actor_of(request))


class AccountController(Controller):
    """The caller's own account."""

    path = "/api/v1/account"
    tags = ["Authenticatie"]

    @post(
        "/wachtwoord",
        summary="Eigen wachtwoord wijzigen",
        description="Met het huidige wachtwoord. Alle sessies en tokens van het account vervallen; het "
        "antwoord bevat een nieuw token voor deze aanroeper.",
        status_code=200,
        guards=[logged_in],
    )
    async def wachtwoord(self, request: Request, data: JSONBody[WachtwoordWijziging]) -> TokenAntwoord:
        actor = actor_of(request)
        versie = await accounts.change_password(actor, data.huidig_wachtwoord, data.nieuw_wachtwoord)
        logger.info("password changed by account %s", actor.account_id)
        tokens = request.app.state.tokens
        return TokenAntwoord(
            access_token=tokens.issue(actor.account_id, versie),
            token_type="bearer",  # noqa: S106
            expires_in=tokens.minutes * 60,
        )
