"""ASGI middleware: identify the caller, refuse trailing slashes, add security and version headers."""

from __future__ import annotations

import ipaddress
import json
from http.cookies import SimpleCookie
from typing import Any

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from api.settings import API_VERSION
from api.tokens import TokenError, TokenService
from register.db import DatabaseUnavailable, is_unavailable
from register.infra.inzage import begin_trace
from register.services.accounts import load_actor

SESSION_COOKIE = "sessie"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
)


INRICHTEN_PATH = "/account/tweede-factor"
VRIJ_BIJ_INRICHTEN = (INRICHTEN_PATH, "/inloggen", "/uitloggen", "/static/", "/nlds/", "/gezondheid")


async def _send_redirect(send: Send, location: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [
                (b"location", location.encode()),
                (b"content-length", b"0"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})


def is_api_path(path: str) -> bool:
    """The JSON API (Bearer tokens) as opposed to the pages (session cookie)."""
    return path.startswith("/api/")


async def _send_problem(send: Send, status: int, title: str, detail: str) -> None:
    body = json.dumps(
        {
            "type": f"https://jobcoachregister.nl/problemen/{status}",
            "title": title,
            "status": status,
            "detail": detail,
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class AuthMiddleware:
    """Sets `scope["user"]` to the acting account (or None). The API reads a Bearer token, the pages
    the session cookie, never the other way round: a cookie cannot authorize an API call, so the API
    needs no CSRF token, and the pages are CSRF-protected."""

    def __init__(self, app: ASGIApp, tokens: TokenService, trusted_proxies: tuple[str, ...] = ()) -> None:
        self.app = app
        self.tokens = tokens
        self.proxies = tuple(ipaddress.ip_network(p) for p in trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        begin_trace()  # the access-log entries of this request share one trace id (Logboek Dataverwerkingen)
        if self.proxies and scope.get("client"):
            scope["client"] = (client_address(scope, self.proxies), 0)
        path = scope["path"]
        raw = scope.get("raw_path") or path.encode()
        raw_path = raw.split(b"?", 1)[0]
        if len(raw_path) > 1 and raw_path.endswith(b"/"):
            await _send_problem(send, 404, "Niet gevonden", "De gevraagde bron bestaat niet.")
            return
        token = _bearer(scope) if is_api_path(path) else _cookie(scope, SESSION_COOKIE)
        scope["user"] = None
        scope["auth"] = None
        if token:
            try:
                claims = self.tokens.verify(token)
                if claims.beperkt and is_api_path(path):
                    raise TokenError("token alleen geldig voor het inrichten van de tweede factor")
                actor = await load_actor(claims.account_id, claims.versie)
            except TokenError as exc:
                scope["auth"] = {"fout": str(exc)}
            except Exception as exc:
                if is_unavailable(exc):
                    # The app's exception handlers answer 503: problem+json for the API, a page otherwise.
                    raise DatabaseUnavailable("de database is niet bereikbaar") from exc
                raise
            else:
                scope["user"] = actor
                scope["auth"] = {"token": token} if actor else {"fout": "token ingetrokken"}
                if actor and claims.beperkt and not path.startswith(VRIJ_BIJ_INRICHTEN):
                    # a beheerder or auditor without a second factor: first enrol it (issue 13, finding 8)
                    await _send_redirect(send, INRICHTEN_PATH)
                    return
        await self.app(scope, receive, send)


def _trusted(address: str, proxies: tuple[Any, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(scope: Scope, proxies: tuple[Any, ...]) -> str:
    """The client's address: the connection's own, unless that is one of the configured proxies; then the
    right-most address in X-Forwarded-For that is not a proxy (entries further left are whatever the client
    chose to send, so they are never believed). A malformed entry ends the walk at the last trusted hop."""
    peer = scope["client"][0]
    if not _trusted(peer, proxies):
        return peer
    hops: list[str] = []
    for name, value in scope["headers"]:
        if name == b"x-forwarded-for":
            hops += [h.strip() for h in value.decode("latin-1").split(",")]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer
        if not _trusted(hop, proxies):
            return hop
        peer = hop
    return peer


def _bearer(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, credentials = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and credentials.strip():
                return credentials.strip()
    return None


def _cookie(scope: Scope, name: str) -> str | None:
    for header, value in scope["headers"]:
        if header == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return None
            if name in jar:
                return jar[name].value
    return None


def make_before_send(secure: bool) -> Any:
    async def before_send(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        headers["API-Version"] = API_VERSION
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        if "content-security-policy" not in headers:
            headers["Content-Security-Policy"] = CSP
        path = scope.get("path", "")
        # Personal pages and API answers are never cached; static assets and the JWKS set their own.
        if "cache-control" not in headers and not path.startswith(("/static/", "/nlds/", "/.well-known/")):
            headers["Cache-Control"] = "no-store"
        if secure or scope.get("scheme") == "https":
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    return before_send
