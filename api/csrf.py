"""CSRF protection bound to the session (issue 13, finding 9).

Litestar's own CSRF middleware is a signed double-submit cookie: the form's token must equal the `csrftoken`
cookie and carry a valid HMAC. Alone that binds the token to nothing: a token from before the log-in, or
one planted in the browser, stays good for every session. Here the HMAC key is the app secret together
with a hash of the session (account, token version and the session's start, from the verified session
token), so a token is valid only for the session it was made in (or only for "no session", on the log-in
form). The session cookie itself is renewed while the user is active (a sliding session, api/tokens.py);
the session's identity stays, so a form loaded before a renewal still posts.

A form posted after the session ended (its token was made in a session, and there is none now) is not
refused: the posted fields go, sealed with the key file's key, into a log-in page (`SessieVerlopen`,
answered by api/pages/auth.py), and after the log-in the user is back on the form with the input. On a page view a cookie whose token does not fit the current session is
replaced, and the log-in answer removes the old cookie, so the token rotates at every log-in, log-out and
password change. Everything else is Litestar's (`litestar.middleware.csrf`).
"""

from __future__ import annotations

import hashlib
from secrets import compare_digest
from typing import Any

from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.middleware._utils import should_bypass_middleware
from litestar.middleware.csrf import CSRFMiddleware, generate_csrf_hash, generate_csrf_token
from litestar.types import Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

CSRF_COOKIE = "csrftoken"
_LENGTH = 64  # hex characters of the random part (Litestar's CSRF_SECRET_LENGTH)


def bound_secret(secret: str, session: str | None) -> str:
    """The HMAC key for CSRF tokens of this session (`session`: the session's identity, see
    `session_identity`; None when there is no valid session)."""
    binding = hashlib.sha256(session.encode()).hexdigest() if session else "geen-sessie"
    return f"{secret}:sessie:{binding}"


def session_identity(scope: Scope) -> str | None:
    """What stays the same for one log-in while its token is renewed: account, token version and the
    session's start (from the token the AuthMiddleware verified). None without a valid session."""
    auth = scope.get("auth") or {}
    claims = auth.get("claims")
    if not claims or scope.get("user") is None:
        return None
    begin = int(claims.begin.timestamp()) if claims.begin else 0
    return f"{claims.account_id}:{claims.versie}:{begin}"


class SessieVerlopen(Exception):
    """A form was posted after its session ended. `pad`: the page of the form (same site); `velden`: the
    posted fields (without the CSRF token), each a list of values."""

    def __init__(self, pad: str, actie: str, velden: dict[str, list[str]]) -> None:
        super().__init__("sessie verlopen")
        self.pad = pad
        self.actie = actie
        self.velden = velden


def token_fits(token: str | None, secret: str) -> str | None:
    """The random part of `token` when its HMAC was made with `secret`, else None."""
    if not token or len(token) <= _LENGTH:
        return None
    random, mac = token[:_LENGTH], token[_LENGTH:]
    return random if compare_digest(mac, generate_csrf_hash(token=random, secret=secret)) else None


class SessieCSRFMiddleware(CSRFMiddleware):
    """Litestar's CSRFMiddleware with the token's HMAC key bound to the session cookie."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or should_bypass_middleware(
            scope=scope,
            scopes=self.scopes,
            exclude_opt_key=self.config.exclude_from_csrf_key,
            exclude_path_pattern=self.exclude,
        ):
            await self.app(scope, receive, send)
            return
        request: Any = scope["litestar_app"].request_class(scope=scope, receive=receive)
        secret = bound_secret(self.config.secret, session_identity(scope))
        cookie = request.cookies.get(self.config.cookie_name)
        if token_fits(cookie, secret) is None:
            cookie = None  # made for another session (or none): not good here, a new one is issued
        state = ScopeState.from_scope(scope)
        if cookie is not None:
            # this session's own token, for a page answered before the check below (the error page of a
            # body over the route's cap, raised while the form is read) so its log-out form still works
            state.csrf_token = cookie
        sent = request.headers.get(self.config.header_name)
        content_type, _ = request.content_type
        if not sent and content_type in {RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART}:
            form = await request.form()
            sent = form.get("_csrf_token", None)
        if request.method in self.config.safe_methods:
            token = state.csrf_token = cookie or generate_csrf_token(secret=secret)
            await self.app(
                scope, receive, self.create_send_wrapper(send=send, csrf_cookie=cookie, token=token)
            )
            return
        random = token_fits(sent if isinstance(sent, str) else None, secret)
        if cookie is not None and random is not None and compare_digest(random, cookie[:_LENGTH]):
            state.csrf_token = sent
            await self.app(scope, receive, send)
            return
        if (
            isinstance(sent, str)
            and len(sent) > _LENGTH
            and scope.get("user") is None
            and token_fits(sent, secret) is None
            and content_type == RequestEncodingType.URL_ENCODED
        ):
            # a token made in a session, and no session now: the session ended while the form was open
            form = await request.form()
            velden = {
                key: [v for v in form.getall(key) if isinstance(v, str)]
                for key in form
                if key != "_csrf_token"
            }
            raise SessieVerlopen(_form_page(request), scope["path"], velden)
        raise PermissionDeniedException("CSRF token verification failed")


def _form_page(request: Any) -> str:
    """The page the form was on: the Referer when it is of this site (path and query), else the path the
    form was posted to."""
    referer = request.headers.get("referer") or ""
    base = str(request.base_url).rstrip("/")
    if referer.startswith(base + "/"):
        path = referer[len(base) :]
        if path.startswith("/") and not path.startswith("//"):
            return path
    return request.scope["path"]
