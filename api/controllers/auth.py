"""Log-in (OAuth2 password grant names) and logout for the API."""

from __future__ import annotations

import base64
import logging
from typing import Annotated
from urllib.parse import unquote_plus

from litestar import Controller, Request, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, JSONBody

from api.controllers.common import actor_of
from api.guards import logged_in
from api.problems import log_username
from api.schemas import TokenAntwoord, WachtwoordWijziging
from register.errors import FieldError, InvalidInput
from register.services import accounts, applicaties, tweedefactor

logger = logging.getLogger("register.security")


class AuthController(Controller):
    path = "/api/v1/token"
    tags = ["Authenticatie"]

    @post(
        "",
        summary="Token aanvragen",
        description="OAuth2 (RFC 6749), form-encoded. `grant_type=password` (of weggelaten) met `username` en "
        "`password` voor een persoon; een account met een tweede factor stuurt ook `otp` mee: de code uit de "
        "authenticator-app of een herstelcode. `grant_type=client_credentials` met `client_id` en "
        "`client_secret` (of HTTP Basic) voor een applicatie van een gemeente (RFC 6749, paragraaf 4.4). Het "
        "token geldt 15 minuten; een applicatie vraagt daarna gewoon een nieuw.",
        status_code=200,
        security=[],
    )
    async def token(
        self,
        request: Request,
        data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> TokenAntwoord:
        grant = data.get("grant_type") or "password"
        request.scope["grant_type"] = grant  # type: ignore[typeddict-unknown-key] # for RFC 6749 errors
        client = request.client.host if request.client else "onbekend"
        settings = request.app.state.settings
        limit = settings.login_attempts
        if grant == "client_credentials":
            client_id, client_secret = _client_credentials(request, data)
            errors = [
                FieldError(n, "is verplicht")
                for n, val in (("client_id", client_id), ("client_secret", client_secret))
                if not val
            ]
            if errors:
                raise InvalidInput(errors)
            try:
                account_id, versie = await applicaties.authenticate_client(
                    client_id, client_secret, client, limit=limit
                )
            except accounts.LoginFailed:
                logger.info(
                    "failed client-credentials log-in for client %s from %s",
                    log_username(request, client_id),
                    client,
                )
                raise
            logger.info("log-in by application account %s", account_id)
        elif grant == "password":
            username, password = data.get("username"), data.get("password")
            errors = [
                FieldError(n, "is verplicht")
                for n, val in (("username", username), ("password", password))
                if not val
            ]
            if errors:
                raise InvalidInput(errors)
            try:
                account_id, versie = await accounts.authenticate(
                    username,
                    password,
                    client,
                    limit=limit,
                    window_seconds=settings.login_window_seconds,
                    otp=data.get("otp"),
                )
            except accounts.LoginFailed:
                logger.info("failed log-in for user %s from %s", log_username(request, username), client)
                raise
            except accounts.TooManyAttempts as exc:
                logger.info(
                    "throttled log-in for user %s from %s (%d s)",
                    log_username(request, username),
                    client,
                    exc.retry_after,
                )
                raise
            if await tweedefactor.moet_inrichten(account_id):
                # no token without the second factor the role requires; the pages let the account enrol it
                logger.info("refused API log-in by account %s: second factor not enrolled", account_id)
                raise accounts.TweedeFactorInrichten(
                    "Dit account moet eerst een tweede factor inrichten: log in op de website en volg de "
                    "stappen. Daarna werkt inloggen via de API met de code erbij."
                )
            logger.info("log-in by account %s", account_id)
        else:
            raise InvalidInput.single("grant_type", "moet password of client_credentials zijn")
        tokens = request.app.state.tokens
        return TokenAntwoord(
            access_token=tokens.issue(account_id, versie),
            token_type="bearer",  # noqa: S106
            expires_in=tokens.minutes * 60,
        )

    @post(
        "/intrekken",
        summary="Dit token intrekken (uitloggen)",
        description="Trekt alleen het meegestuurde token in; andere tokens van hetzelfde account of dezelfde "
        "applicatie blijven geldig.",
        status_code=204,
        guards=[logged_in],
    )
    async def revoke(self, request: Request) -> None:
        claims = request.scope["auth"]["claims"]
        await accounts.revoke_token(actor_of(request), claims.jti, claims.verloopt_op)


def _client_credentials(request: Request, data: dict[str, str]) -> tuple[str | None, str | None]:
    """client_id and client_secret from the form, or from HTTP Basic (RFC 6749, section 2.3.1)."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (ValueError, UnicodeDecodeError):
            raise InvalidInput.single("Authorization", "is geen geldige HTTP Basic-waarde") from None
        user, _, password = decoded.partition(":")
        return unquote_plus(user), unquote_plus(password)
    return data.get("client_id"), data.get("client_secret")


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
