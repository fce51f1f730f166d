"""problem+json (RFC 9457) for every API error; HTML error pages for the web pages."""

from __future__ import annotations

import dataclasses
import json
import logging
import unicodedata
from typing import Any

from litestar import MediaType, Request, Response
from litestar.enums import RequestEncodingType
from litestar.exceptions import HTTPException, SerializationException, ValidationException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from api.validation import validate_payload
from register.errors import DomainError, FieldError, InvalidInput, VersieConflict
from register.vocabulary import DOCUMENT_MAX_BYTES

logger = logging.getLogger("register.errors")
security_logger = logging.getLogger("register.security")

PROBLEM = "application/problem+json"
TOO_DEEP = "is te diep genest"
TITLES = {
    400: "Ongeldige invoer",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet leverbaar in het gevraagde formaat",
    409: "Conflict",
    413: "Verzoek te groot",
    415: "Mediatype niet ondersteund",
    429: "Te veel verzoeken",
    500: "Interne fout",
    503: "Dienst tijdelijk niet beschikbaar",
}
DETAILS = {
    401: "U bent niet ingelogd of uw token is ongeldig of verlopen.",
    403: "U heeft geen toegang tot deze bron.",
    404: "De gevraagde bron bestaat niet.",
    405: "Deze methode is niet toegestaan op deze bron.",
    413: "De body van het verzoek is te groot.",
    500: "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
    503: "De database is tijdelijk niet bereikbaar. Probeer het over enkele ogenblikken opnieuw.",
}


JSON_PATHS = ("/api/", "/.well-known/", "/gezondheid")


def is_api(request: Request) -> bool:
    """JSON endpoints answer errors with problem+json; everything else is a page."""
    return request.url.path.startswith(JSON_PATHS)


def problem(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": f"https://jobcoachregister.nl/problemen/{status}",
        "title": title or TITLES.get(status, "Fout"),
        "status": status,
        "detail": detail or DETAILS.get(status, TITLES.get(status, "Fout")),
    }
    if extra:
        body.update(extra)
    headers = dict(headers or {})
    if status in (429, 503):
        headers.setdefault("Retry-After", "60")
    return Response(content=body, status_code=status, media_type=PROBLEM, headers=headers or None)


def invalid_params(errors: list[FieldError]) -> list[dict[str, str]]:
    return [{"name": e.name, "reason": e.reason} for e in errors]


def _te_groot_op_pagina(request: Request) -> dict[str, str | None]:
    """The page error's title, text and way back for a body over a page route's cap (413): an upload form
    (multipart) names the file and links back to the form (the same path answers GET with the form); any
    other form says the form is too large. Plain Dutch, without the API's word "body"."""
    limiet = f"{DOCUMENT_MAX_BYTES // (1024 * 1024)} MB"
    if request.content_type[0] == RequestEncodingType.MULTI_PART:
        return {
            "titel": "Bestand te groot",
            "detail": f"Het bestand is te groot: een bestand mag hoogstens {limiet} zijn. Er is niets "
            "opgeslagen. Ga terug naar het formulier, kies een kleiner bestand en verstuur het opnieuw.",
            "terug": request.url.path,
        }
    return {
        "titel": "Formulier te groot",
        "detail": "Wat u verstuurde is te groot om te verwerken; er is niets opgeslagen. Maak de tekst korter "
        "en verstuur het formulier opnieuw.",
        "terug": None,
    }


def _page_error(request: Request, status: int, detail: str) -> Response:
    """The error page (templates/fout.html) with the signed-in user's menu: the actor and the session's end
    come from the request, as on every page (api.pages.common.page), so an error never looks like a
    log-out."""
    from api.pages.common import sessie_einde

    if status == 401:
        return Redirect(path="/inloggen")
    context: dict[str, Any] = {"status": status, "titel": TITLES.get(status, "Fout"), "detail": detail}
    if status == 413:
        context.update(_te_groot_op_pagina(request))
    return Template(
        template_name="fout.html",
        context={
            **context,
            "request": request,
            "actor": request.scope.get("user"),
            "sessie_einde": sessie_einde(request),
        },
        status_code=status,
    )


def log_username(request: Request, username: str | None) -> str:
    """A typed user name (or client id) as it may appear in a log line of a failed log-in: its keyed
    fingerprint (`#` and 12 hex digits, api.tokens.TokenService.vingerafdruk), never the text itself, which
    may be an e-mail address, a BSN or a password typed into the wrong field."""
    return "#" + request.app.state.tokens.vingerafdruk(username or "")


def domain_error_handler(request: Request, exc: DomainError) -> Response:
    if exc.status in (403, 429):
        # Refusals by a service (object level: coach A on coach B's record) and rate limits; the guards log
        # their own refusals. Who and where, never what was sent.
        actor = request.scope.get("user")
        security_logger.info(
            "refused (%d %s) for %s %s by account %s",
            exc.status,
            type(exc).__name__,
            request.method,
            _path(request),
            getattr(actor, "account_id", None) or "anoniem",
        )
    if not is_api(request):
        return _page_error(request, exc.status, exc.detail)
    if isinstance(exc, VersieConflict) and request.scope.get("if_match") is not None:
        # the client named the version in If-Match: a stale one is a failed precondition (RFC 9110, 13.1.1)
        exc = DomainError(exc.detail)
        exc.status, exc.title = 412, "Voorwaarde niet vervuld"
    # field errors of a refused input, or the fields a conflict names (register.errors.Conflict)
    velden = getattr(exc, "errors", None)
    extra = {"invalidParams": invalid_params(velden)} if isinstance(exc, InvalidInput) or velden else {}
    retry_after = getattr(exc, "retry_after", None)  # a throttle knows how long the wait really is
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    if request.url.path == TOKEN_PATH:
        extra.update(oauth_fout(request, exc))
        if extra["error"] == "invalid_client" and request.headers.get("authorization", "").lower().startswith(
            "basic"
        ):
            headers["WWW-Authenticate"] = 'Basic realm="jobcoachregister"'  # RFC 6749, section 5.2
    return problem(exc.status, exc.detail, title=exc.title, extra=extra or None, headers=headers or None)


TOKEN_PATH = "/api/v1/token"  # noqa: S105 - a path, not a password


def oauth_fout(request: Request, exc: DomainError) -> dict[str, str]:
    """The token endpoint's error members of RFC 6749, section 5.2, beside the problem+json members
    (RFC 9457 allows extension members; API.md keeps problem+json and the 401 for wrong credentials):
    `error` is the RFC's code, `error_description` the Dutch detail in the ASCII the RFC allows (accents
    dropped, no quote or backslash). The grant type comes from the handler (`scope["grant_type"]`)."""
    if exc.status == 401:
        code = (
            "invalid_client" if request.scope.get("grant_type") == "client_credentials" else "invalid_grant"
        )
    elif exc.status == 429:
        code = "temporarily_unavailable"
    elif isinstance(exc, InvalidInput) and any(e.name == "grant_type" for e in exc.errors):
        code = "unsupported_grant_type"
    else:
        code = "invalid_request"
    ascii_text = unicodedata.normalize("NFKD", exc.detail).encode("ascii", "ignore").decode()
    beschrijving = "".join(ch for ch in ascii_text if 0x20 <= ord(ch) <= 0x7E and ch not in '"\\')
    return {"error": code, "error_description": beschrijving}


def _cached_body(request: Request) -> bytes | None:
    # Exception handlers are synchronous, so the body cannot be awaited here; Litestar keeps the body
    # it already read in the connection state.
    body = request._connection_state.body  # noqa: SLF001
    return body if isinstance(body, bytes) else None


def _revalidate(request: Request) -> InvalidInput | None:
    """Litestar stops at the first body error; decode again to report every field in Dutch."""
    field = request.route_handler.parsed_data_field
    body = _cached_body(request)
    if field is None or body is None:
        return None
    annotation = field.annotation
    if field.is_annotated or getattr(annotation, "__origin__", None) is not None:
        annotation = field.type_ if hasattr(field, "type_") else annotation
    try:
        raw = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        return InvalidInput([FieldError("body", "is geen geldige JSON")], "De body is geen geldige JSON.")
    except RecursionError:
        return InvalidInput([FieldError("body", TOO_DEEP)], "De body is te diep genest.")
    try:
        validate_payload(annotation, raw)
    except InvalidInput as exc:
        return exc
    except TypeError:
        return None
    return None


def _multipart_fout(request: Request) -> InvalidInput | None:
    """For a route whose body is multipart/form-data (an upload): the Dutch refusal naming each part the
    route expects, instead of Litestar's JSON-minded or English message (a part under another name, a part
    twice, or no multipart body at all)."""
    handler = getattr(request.scope.get("route_handler"), "parsed_data_field", None)
    kwarg = getattr(handler, "kwarg_definition", None)
    if getattr(kwarg, "media_type", None) != RequestEncodingType.MULTI_PART:
        return None
    delen = (
        [f.name for f in dataclasses.fields(handler.annotation)]
        if dataclasses.is_dataclass(handler.annotation)
        else ["body"]
    )
    reden = "moet precies één keer als deel van een multipart/form-data-body worden meegestuurd"
    return InvalidInput(
        [FieldError(deel, reden) for deel in delen],
        f"De body moet multipart/form-data zijn met precies één deel {', '.join(delen)}.",
    )


def http_exception_handler(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    if status == 400 and (multipart := _multipart_fout(request)) is not None:
        return domain_error_handler(request, multipart)
    if isinstance(exc, ValidationException):
        found = _revalidate(request)
        if found is not None:
            return domain_error_handler(request, found)
        errors = [
            FieldError(str(e.get("key") or "body"), "heeft een ongeldige waarde")
            for e in (exc.extra or [])
            if isinstance(e, dict)
        ] or [FieldError("body", "is ongeldig")]
        return domain_error_handler(request, InvalidInput(errors))
    # Litestar's own details are English ("Forbidden", "Request Entity Too Large"): ours are Dutch
    detail = (
        DETAILS.get(status) if status >= 500 or status in (401, 403, 404, 405, 413) else (exc.detail or None)
    )
    if status == 403 and "CSRF" in (exc.detail or ""):
        detail = CSRF_MISLUKT
    if status == 400 and (isinstance(exc.__cause__, SerializationException) or "JSON" in (exc.detail or "")):
        # The body could not be decoded at all; msgspec's English message never reaches the client.
        return domain_error_handler(request, InvalidInput([FieldError("body", _decode_reason(exc.detail))]))
    # A 405 names the methods the resource does allow (RFC 9110, section 15.5.6).
    methods = next((v for k, v in (exc.headers or {}).items() if k.lower() == "allow"), None)
    allow = {"Allow": methods} if status == 405 and methods else None
    if not is_api(request):
        response = _page_error(request, status, detail or DETAILS.get(status, ""))
        if allow:
            response.headers.update(allow)
        return response
    return problem(status, detail, headers=allow)


CSRF_MISLUKT = (
    "Het formulier kon niet worden verwerkt: de CSRF-controle is mislukt (bijvoorbeeld na opnieuw inloggen "
    "in een ander tabblad). Laad de pagina opnieuw en verstuur het formulier nog eens."
)


def _decode_reason(message: str | None) -> str:
    text = (message or "").lower()
    if "recursion" in text or "depth" in text:
        return TOO_DEEP
    if "out of range" in text:
        return "bevat een getal buiten het bereik dat het register kan verwerken"
    if "utf-8" in text or "utf8" in text or "surrogate" in text:
        return "bevat geen geldige UTF-8-tekst"
    return "is geen geldige JSON"


def recursion_error_handler(request: Request, exc: RecursionError) -> Response:
    """msgspec refuses JSON nested deeper than Python's recursion limit with a RecursionError."""
    if request.method in ("POST", "PUT", "PATCH"):
        return domain_error_handler(request, InvalidInput([FieldError("body", TOO_DEEP)]))
    return internal_error_handler(request, exc)


def internal_error_handler(request: Request, exc: Exception) -> Response:
    from register.db import DatabaseUnavailable, is_unavailable

    if isinstance(exc, DatabaseUnavailable) or is_unavailable(exc):
        status = 503
        logger.warning(
            "database unavailable (%s) on %s %s", type(exc).__name__, request.method, _path(request)
        )
    else:
        status = HTTP_500_INTERNAL_SERVER_ERROR
        logger.error("unhandled %s on %s %s", type(exc).__name__, request.method, _path(request))
        logger.debug("traceback", exc_info=exc)
    if not is_api(request):
        return _page_error(request, status, DETAILS[status])
    return problem(status)


def unicode_error_handler(request: Request, exc: UnicodeDecodeError) -> Response:
    return domain_error_handler(request, InvalidInput([FieldError("body", "bevat geen geldige UTF-8-tekst")]))


def _path(request: Request) -> str:
    """The route template (`/api/v1/jobcoaches/{jobcoach_id:str}`) rather than the concrete path."""
    return str(request.scope.get("path_template") or request.scope.get("path", "?"))[:200]


EXCEPTION_HANDLERS = {
    RecursionError: recursion_error_handler,
    UnicodeDecodeError: unicode_error_handler,
    DomainError: domain_error_handler,
    HTTPException: http_exception_handler,
    Exception: internal_error_handler,
}

__all__ = ["EXCEPTION_HANDLERS", "MediaType", "problem"]
