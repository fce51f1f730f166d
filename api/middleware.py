"""ASGI middleware: identify the caller, refuse trailing slashes, add security and version headers."""

from __future__ import annotations

import json
from http.cookies import SimpleCookie
from typing import Any

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from api.settings import API_VERSION
from api.tokens import TokenError, TokenService
from register.db import DatabaseUnavailable, is_unavailable
from register.services.accounts import load_actor

SESSION_COOKIE = "sessie"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
)


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

    def __init__(self, app: ASGIApp, tokens: TokenService) -> None:
        self.app = app
        self.tokens = tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
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
                actor = await load_actor(claims.account_id, claims.versie, claims.jti)
            except TokenError as exc:
                scope["auth"] = {"fout": str(exc)}
            except Exception as exc:
                if is_unavailable(exc):
                    # The app's exception handlers answer 503: problem+json for the API, a page otherwise.
                    raise DatabaseUnavailable("de database is niet bereikbaar") from exc
                raise
            else:
                scope["user"] = actor
                scope["auth"] = {"token": token, "claims": claims} if actor else {"fout": "token ingetrokken"}
        await self.app(scope, receive, send)


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


UNUSABLE_PATH = "/ongeldig-pad"


def _unusable(path: str) -> bool:
    """A path with a control character (NUL, ...), an undecodable byte (decoded to U+FFFD by the server) or a
    lone surrogate: it names no resource, and handing it to the file system or a database fails."""
    return any(ord(c) < 0x20 or c == "\x7f" or c == "\ufffd" or 0xD800 <= ord(c) <= 0xDFFF for c in path)


def head_and_paths(app: ASGIApp) -> ASGIApp:
    """Wraps the application's ASGI handler (before routing):

    - HEAD on every GET route (RFC 9110, section 9.3.2): the request is routed and answered as a GET, and
      the body is dropped; the headers, Content-Length included, are those of the GET.
    - A path that no resource can have (see `_unusable`, such as `/static/%00`) is routed to a path that
      does not exist, so it gets the ordinary 404 (problem+json under /api/, a page elsewhere), never a 500.
    """

    async def handler(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if _unusable(scope["path"]):
            prefix = "/api" if scope["path"].startswith("/api/") else ""
            scope["path"] = prefix + UNUSABLE_PATH
            scope["raw_path"] = scope["path"].encode()
        if scope["method"] != "HEAD":
            await app(scope, receive, send)
            return
        scope["method"] = "GET"

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await app(scope, receive, send_without_body)

    return handler
