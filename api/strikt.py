"""Strict input for every JSON API route, in one place (issue 16, part 3; ../shared/API.md "Strictness").

`strikte_invoer` runs as the application's `before_request` hook, before Litestar decodes anything, and
refuses with a Dutch 400 (problem+json, `invalidParams` naming each field):

- a query parameter the route does not declare (lists also take `pagina` and `paginaGrootte`);
- a JSON body sent with another `Content-Type` than `application/json` (or a `+json` type), and a form
  body (the token endpoint) sent as anything but `application/x-www-form-urlencoded`;
- a body field the schema does not know, at any depth (`{"bsn": ...}` beside the real fields);
- a value of the wrong JSON type: msgspec in strict mode, so `"16"` is not the number 16 (Litestar itself
  decodes leniently).

Pages (HTML forms) are not touched: their form object already ignores the CSRF field and parses strings.
"""

from __future__ import annotations

import contextvars
import functools
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, get_args, get_origin

import msgspec
from litestar import Request, Response
from litestar.enums import RequestEncodingType
from litestar.params import BodyKwarg, CookieParameter, HeaderParameter, ParameterKwarg, PathParameter

from api import tabelexport
from api.validation import validate_payload
from register.errors import DomainError, FieldError, InvalidInput

PAGINERING = ("pagina", "paginaGrootte")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
RESERVED = frozenset({"request", "state", "headers", "cookies", "query", "scope", "data", "socket", "body"})
ONBEKEND_VELD = "is geen bekend veld"
ONBEKENDE_PARAMETER = "is geen bekende parameter van deze bron"


@dataclass(frozen=True)
class Invoerregels:
    """What one route handler accepts: query parameter names, and its body type and media type."""

    query: frozenset[str]
    body_type: Any | None
    media_type: str | None


@functools.cache
def _regels(handler: Any) -> Invoerregels:
    query: set[str] = set()
    for name, field in handler.parsed_fn_signature.parameters.items():
        kwarg = field.kwarg_definition
        if isinstance(kwarg, ParameterKwarg):
            if (
                kwarg.header
                or kwarg.cookie
                or isinstance(kwarg, (PathParameter, HeaderParameter, CookieParameter))
            ):
                continue
            query.add(getattr(kwarg, "name", None) or kwarg.query or name)
        elif kwarg is None and name not in RESERVED:
            query.add(name)
    if _is_lijst(handler.parsed_fn_signature.return_type.annotation):
        query.update(PAGINERING)
    body_type = media = None
    data = handler.parsed_data_field
    if data is not None:
        kwarg = data.kwarg_definition
        media = str(
            kwarg.media_type.value if isinstance(kwarg, BodyKwarg) else RequestEncodingType.JSON.value
        )
        body_type = data.annotation
    return Invoerregels(frozenset(query), body_type, media)


def _is_lijst(annotation: Any) -> bool:
    from api.schemas import Lijst

    origin = get_origin(annotation)
    return isinstance(origin, type) and issubclass(origin, Lijst)


def _strip(tp: Any) -> Any:
    while get_origin(tp) is typing.Annotated:
        tp = get_args(tp)[0]
    if get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None) and a is not msgspec.UnsetType]
        if len(args) == 1:
            return _strip(args[0])
    return tp


def onbekende_velden(tp: Any, value: Any, path: str = "") -> list[FieldError]:
    """Every key in `value` (decoded JSON) that the msgspec type `tp` does not declare, with its path
    (`werkgebied[2].code`); dicts with free keys (`dict[str, X]`) are checked on their values only."""
    tp = _strip(tp)
    errors: list[FieldError] = []
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        if not isinstance(value, dict):
            return []
        fields = {f.encode_name: f.type for f in msgspec.structs.fields(tp)}
        prefix = f"{path}." if path else ""
        for key, item in value.items():
            if key not in fields:
                errors.append(FieldError(prefix + str(key), ONBEKEND_VELD))
            else:
                errors += onbekende_velden(fields[key], item, prefix + key)
    elif get_origin(tp) is list and isinstance(value, list):
        (item_type,) = get_args(tp) or (Any,)
        for i, item in enumerate(value):
            errors += onbekende_velden(item_type, item, f"{path}[{i}]")
    elif get_origin(tp) is dict and isinstance(value, dict):
        args = get_args(tp)
        if len(args) == 2:
            for key, item in value.items():
                errors += onbekende_velden(args[1], item, f"{path}.{key}")
    return errors


def _media(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _is_json(media: str) -> bool:
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


_VERZOEK: contextvars.ContextVar[Request | None] = contextvars.ContextVar("verzoek", default=None)


async def strikte_invoer(request: Request) -> None:
    """The `before_request` hook: raise InvalidInput (a Dutch 400) on input the route does not accept."""
    if not request.url.path.startswith("/api/"):
        return None
    _VERZOEK.set(request)  # for the Location of a 201 (zet_etag); same task as the handler
    tabelexport.weiger_onleverbaar(request)
    regels = _regels(request.route_handler)
    errors = [
        FieldError(name, ONBEKENDE_PARAMETER)
        for name in dict.fromkeys(request.query_params.keys())
        if name not in regels.query and name not in request.path_params
    ]
    if regels.body_type is not None and request.method in BODY_METHODS:
        errors += await _check_body(request, regels)
    if errors:
        raise InvalidInput(errors)
    if request.method in ("PATCH", "PUT") and "if-match" in request.headers:
        await _if_match(request, regels)
    return None


ETAG_RE = re.compile(r'^\s*(?:W/)?"(\d{1,9})"\s*$')


def etag(versie: int) -> str:
    """The entity tag of a versioned resource: its `versie`, quoted (RFC 9110, section 8.8.3)."""
    return f'"{versie}"'


async def _if_match(request: Request, regels: Invoerregels) -> None:
    """`If-Match: "N"` on a write of a versioned resource (its body has `versie`): the version the client
    last read. A body `versie` that differs is a 412; otherwise the tag becomes the body's `versie`, so the
    service's optimistic lock checks it in the same statement as the write, and a stale tag is a 412
    (api.problems turns the VersieConflict into one for requests marked here)."""
    if not _has_versie(regels.body_type):
        return
    match = ETAG_RE.match(request.headers["if-match"])
    if match is None:
        raise InvalidInput.single("If-Match", 'moet een ETag van deze bron zijn, zoals "3"')
    versie = int(match.group(1))
    body = await request.body()
    try:
        raw = msgspec.json.decode(body) if body.strip() else {}
    except msgspec.DecodeError:
        return
    if not isinstance(raw, dict):
        return
    request.scope["if_match"] = versie  # type: ignore[typeddict-unknown-key]
    if "versie" in raw and raw["versie"] != versie:
        raise VoorwaardeNietVervuld("De versie in de body verschilt van If-Match.")
    raw["versie"] = versie
    # Litestar decodes the body it cached; give it the body with the version (its documented cache slot)
    new_body = msgspec.json.encode(raw)
    request._body = request._connection_state.body = new_body  # noqa: SLF001


def _has_versie(tp: Any) -> bool:
    tp = _strip(tp)
    return isinstance(tp, type) and issubclass(tp, msgspec.Struct) and "versie" in tp.__struct_fields__


class VoorwaardeNietVervuld(DomainError):
    status = 412
    title = "Voorwaarde niet vervuld"


async def zet_etag(response: Response) -> Response:
    """The `after_request` hook: a response whose body is a versioned resource (a Struct with `versie`)
    carries its ETag, for a later `If-Match`; a 201 of the API carries the `Location` of what it made."""
    content = getattr(response, "content", None)  # a file or stream response has no content
    versie = getattr(content, "versie", None) if isinstance(content, msgspec.Struct) else None
    if isinstance(versie, int) and not isinstance(versie, bool):
        response.headers["ETag"] = etag(versie)
    request = _VERZOEK.get()
    if response.status_code == 201 and request is not None and isinstance(content, msgspec.Struct):
        adres = locatie(request.url.path, content)
        if adres is not None:
            response.headers["Location"] = request.app.state.settings.base_url + adres
    return response


# Resources with an address of their own, whichever POST made them (a traject made by granting an
# aanvraag, a verification made under /trajecten/{id}/verificaties).
EIGEN_ADRES = {
    "Traject": "/api/v1/trajecten/{}",
    "Verificatie": "/api/v1/verificaties/{}",
    "Organisatie": "/api/v1/organisaties/{}",
    "Jobcoach": "/api/v1/jobcoaches/{}",
    "Gebruiker": "/api/v1/gebruikers/{}",
    "Toetsing": "/api/v1/toetsingen/{}",
    "OrganisatieAudit": "/api/v1/organisatie-audits/{}",
    "AanvraagRecord": "/api/v1/aanvragen/{}",
    "NieuwAbonnement": "/api/v1/abonnementen/{}",
}


def locatie(path: str, content: msgspec.Struct) -> str | None:
    """The path of the resource a 201 made (RFC 9110, section 10.2.2): its own address when it has one
    (EIGEN_ADRES), the request path when the answer is the resource the path already names (a decision on
    a traject answers with the traject), else the request path plus the new id (a coach's keurmerk:
    `/api/v1/jobcoaches/{id}/keurmerken/{keurmerkId}`). None for an answer without an id (a bulk answer
    made many resources; each is in its body)."""
    ident = getattr(content, "id", None) or getattr(content, "code", None)
    if not isinstance(ident, str) or not ident:
        return None
    eigen = EIGEN_ADRES.get(type(content).__name__)
    if eigen is not None:
        return eigen.format(ident)
    if ident in path.split("/"):
        return path
    return f"{path.rstrip('/')}/{ident}"


async def _check_body(request: Request, regels: Invoerregels) -> list[FieldError]:
    body = await request.body()
    media = _media(request)
    if regels.media_type == RequestEncodingType.URL_ENCODED.value:
        if media != regels.media_type:
            return [FieldError("Content-Type", f"moet {regels.media_type} zijn")]
        return []
    if regels.media_type != RequestEncodingType.JSON.value:
        return []
    if not body.strip():
        return []  # an absent body: Litestar answers it (or the body is optional)
    if not _is_json(media):
        return [FieldError("Content-Type", "moet application/json zijn")]
    try:
        raw = msgspec.json.decode(body)
    except (msgspec.DecodeError, RecursionError):
        return []  # Litestar reports undecodable JSON in Dutch (api.problems)
    unknown = onbekende_velden(regels.body_type, raw)
    try:
        msgspec.convert(raw, type=regels.body_type, strict=True)
    except (msgspec.ValidationError, ValueError):
        try:
            validate_payload(_strip(regels.body_type), raw, strict=True)
        except InvalidInput as exc:
            return unknown + [e for e in exc.errors if e.name not in {u.name for u in unknown}]
        except TypeError:
            return unknown
    return unknown
