"""ASGI middleware: identify the caller, refuse trailing slashes, add security and version headers."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
from http.cookies import SimpleCookie
from typing import Any

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from api.settings import API_VERSION
from api.tokens import TokenError, TokenService
from register import db
from register.db import DatabaseUnavailable, is_unavailable
from register.infra import idempotentie
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


async def _send_problem(send: Send, status: int, title: str, detail: str, type_: str | None = None) -> None:
    body = json.dumps(
        {
            "type": type_ or f"https://jobcoachregister.nl/problemen/{status}",
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
                if actor and not is_api_path(path):
                    # a sliding page session: an active user's session is renewed (api/tokens.py)
                    renewed = self.tokens.renew(claims)
                    if renewed:
                        scope["sessie_vernieuwd"] = (renewed, self.tokens.verify(renewed))
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
        renewed = scope.get("sessie_vernieuwd")
        if renewed and not _sets_session_cookie(headers):
            token, claims = renewed
            max_age = max(0, int((claims.verloopt_op - dt.datetime.now(dt.UTC)).total_seconds()))
            cookie = f"{SESSION_COOKIE}={token}; Max-Age={max_age}; Path=/; HttpOnly; SameSite=Lax"
            headers.add("set-cookie", cookie + ("; Secure" if secure else ""))

    return before_send


def _sets_session_cookie(headers: MutableScopeHeaders) -> bool:
    """Whether the answer itself sets or removes the session cookie (log-in, log-out): then that wins."""
    return any(v.startswith(SESSION_COOKIE + "=") for v in headers.getall("set-cookie", []))


UNUSABLE_PATH = "/ongeldig-pad"


def _unusable(path: str) -> bool:
    """A path with a control character (NUL, ...), an undecodable byte (decoded to U+FFFD by the server) or a
    lone surrogate: it names no resource, and handing it to the file system or a database fails."""
    return any(ord(c) < 0x20 or c == "\x7f" or c == "\ufffd" or 0xD800 <= ord(c) <= 0xDFFF for c in path)


def head_and_paths(app: ASGIApp) -> ASGIApp:
    """Wraps the application's ASGI handler (before routing):

    - HEAD on every GET route (RFC 9110, section 9.3.2): the request is routed and answered as a GET, and
      the body is dropped; the headers, Content-Length included, are those of the GET. The server's own
      scope keeps the method HEAD.
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
        # A copy is routed as GET: the server keeps its own scope, whose method HEAD tells it to expect no
        # body despite the GET's Content-Length (uvicorn raises "Response content shorter than
        # Content-Length" when that scope says GET).
        as_get = {**scope, "method": "GET"}

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await app(as_get, receive, send_without_body)

    return handler


IDEMPOTENCY_PROBLEM = "https://jobcoachregister.nl/problemen/idempotency-key-hergebruikt"
IDEMPOTENCY_BUSY = "https://jobcoachregister.nl/problemen/idempotency-key-in-behandeling"
# Answers that hold a secret are never stored, so these POSTs are not replayed (the key is ignored).
NOT_REPLAYED = ("/api/v1/token", "/api/v1/applicaties")
REPLAYED_HEADERS = ("content-type", "location", "etag")
MAX_KEY = 255


class IdempotencyMiddleware:
    """`Idempotency-Key` on every POST of the API (IETF httpapi idempotency-key draft): the first answer
    (below 500) is stored for 24 hours per caller (register.infra.idempotentie); the same key with the
    same request replays it, with another request it is a 409 of its own problem type, and while the first
    is still running a 409 too. The answer is stored before it is sent, so a retry made as soon as the first
    answer arrived is always a replay. Anonymous callers and answers holding a secret are not stored."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, b"idempotency-key")
        actor = scope.get("user")
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or key is None
            or actor is None
            or not is_api_path(scope["path"])
            or scope["path"].startswith(NOT_REPLAYED)
        ):
            await self.app(scope, receive, send)
            return
        if not (1 <= len(key) <= MAX_KEY) or not key.isprintable():
            await _send_problem(
                send, 400, "Ongeldige invoer", "Idempotency-Key moet 1 tot 255 afdrukbare tekens lang zijn."
            )
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        key_hash = idempotentie.sleutel(actor.account_id or "", key)
        fingerprint = idempotentie.vingerafdruk("POST", scope["path"], scope.get("query_string", b""), body)
        uitkomst = await idempotentie.reserveer(key_hash, fingerprint)
        if uitkomst.soort == "ander_verzoek":
            await _send_problem(
                send,
                409,
                "Idempotency-Key al gebruikt",
                "Deze Idempotency-Key is al gebruikt voor een ander verzoek. Kies een nieuwe sleutel.",
                type_=IDEMPOTENCY_PROBLEM,
            )
            return
        if uitkomst.soort == "bezig":
            await _send_problem(
                send,
                409,
                "Verzoek nog in behandeling",
                "Een verzoek met deze Idempotency-Key is nog in behandeling. Probeer het zo opnieuw.",
                type_=IDEMPOTENCY_BUSY,
            )
            return
        if uitkomst.soort == "herhaal" and uitkomst.antwoord is not None:
            await _replay(send, uitkomst.antwoord)
            return

        sent = False

        async def replay_receive() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        start: dict[str, Any] = {}
        parts: list[bytes] = []

        async def capture(message: Message) -> None:
            # Held back until the answer is stored: a retry that arrives the moment the caller has the
            # answer must find it (replayed), not the key still marked as running (409).
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
            else:
                await send(message)

        async def markeer() -> None:
            await idempotentie.markeer_uitgevoerd(key_hash)

        token = db.voor_commit.set(markeer)  # the change and its mark commit together
        try:
            await self.app(scope, replay_receive, capture)
        except BaseException:
            await idempotentie.vergeet(key_hash)
            raise
        finally:
            db.voor_commit.reset(token)
        status = int(start.get("status", 500))
        content = b"".join(parts)
        try:
            text: str | None = content.decode()
        except UnicodeDecodeError:
            text = None
        if status >= 500 or text is None:
            await idempotentie.vergeet(key_hash)
        else:
            headers = {
                name.decode("latin-1").lower(): value.decode("latin-1")
                for name, value in start.get("headers", [])
                if name.decode("latin-1").lower() in REPLAYED_HEADERS
            }
            await idempotentie.bewaar(key_hash, idempotentie.Opgeslagen(status, headers, text))
        if start:
            await send(start)
            await send({"type": "http.response.body", "body": content})


async def _replay(send: Send, antwoord: Any) -> None:
    body = antwoord.body.encode()
    headers = [(k.encode(), v.encode()) for k, v in antwoord.headers.items()]
    headers += [(b"content-length", str(len(body)).encode()), (b"idempotent-replay", b"true")]
    await send({"type": "http.response.start", "status": antwoord.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for header, value in scope.get("headers", []):
        if header == name:
            return value.decode("latin-1")
    return None
