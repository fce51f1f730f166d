"""The published OpenAPI document and a health check."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from litestar import Request, Response, get
from msgspec import Struct

from api.operaties import benoem
from api.settings import API_VERSION
from api.tabelexport import EXPORTEERBAAR, XLSX
from register import db
from register.vocabulary import DOCUMENT_EXTENSIES

PROBLEM_REF = {"$ref": "#/components/schemas/Probleem"}
ERROR_RESPONSES = {
    "400": "Ongeldige invoer: elke fout staat in invalidParams",
    "401": "Niet ingelogd, of het token is ongeldig, verlopen of ingetrokken",
    "403": "Geen toegang tot deze bron",
    "404": "Bron niet gevonden",
    "409": "Conflict: de bron is intussen gewijzigd of laat deze handeling niet toe",
    "413": "De body is te groot",
    "429": "Te veel verzoeken",
    "500": "Interne fout",
    "503": "De database is tijdelijk niet bereikbaar",
}
DUTCH_SUCCESS = {
    "200": "Gelukt",
    "201": "Aangemaakt",
    "202": "Aangenomen, wordt verwerkt",
    "204": "Gelukt, zonder inhoud",
}
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Een foutmelding volgens RFC 9457 (problem+json).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "reason"],
                "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}


def _clean_schema_name(name: str) -> str:
    """`Lijst_api.schemas.Jobcoach_` -> `LijstJobcoach` (ADR: UpperCamelCase schema names)."""
    if re.fullmatch(r"[A-Z][A-Za-z0-9]*", name):
        return name
    head, _, rest = name.partition("_")
    tail = rest.rstrip("_").split(".")[-1]
    return re.sub(r"[^A-Za-z0-9]", "", head + tail[:1].upper() + tail[1:])


# The Dutch description of every path parameter, by name (the API Design Rules want every parameter
# described; tests/api/test_openapi_lint.py fails on a path parameter missing here).
PAD_PARAMETERS: dict[str, str] = {
    "gebruiker_id": "Het id van het account (gebruiker).",
    "applicatie_id": "Het id van de applicatie (koppeling van een zaaksysteem).",
    "organisatie_id": "Het id van de jobcoachorganisatie.",
    "klacht_id": "Het id van de klacht in het klachtenregister van de organisatie.",
    "keurmerk_id": "Het id van het keurmerk (van een jobcoach of een organisatie).",
    "jobcoach_id": "Het id van de jobcoach (niet het registratienummer).",
    "dienstverband_id": "Het id van het dienstverband tussen de jobcoach en een organisatie.",
    "opleiding_id": "Het id van de opleiding van de jobcoach.",
    "scholing_id": "Het id van de scholing van de jobcoach.",
    "object_id": "Het id van de beoordeelde claim: een opleiding, keurmerk of scholing.",
    "toetsing_id": "Het id van de intercollegiale toetsing.",
    "audit_id": "Het id van de organisatie-audit.",
    "bevinding_id": "Het id van de bevinding binnen de organisatie-audit.",
    "regel_id": "Het id van de regel in de auditlog.",
    "registratienummer": "Het registratienummer van de jobcoach in dit register, zoals JC-000123.",
    "traject_id": "Het id van het traject.",
    "rapportage_id": "Het id van de rapportage binnen het traject.",
    "verificatie_id": "Het id van de verificatie.",
    "gemeente_code": "De CBS-gemeentecode, zoals GM0599.",
    "aanvraag_id": "Het id van de aanvraag.",
    "abonnement_id": "Het id van het abonnement op berichten (webhook).",
    "document_id": "Het id van het document (bewijsstuk).",
}


NEWLINE_GUARD = r"(?!\n)$"  # api/schemas.py GemeenteCode: no line break before the end


def _plain_schemas(node: Any) -> Any:
    """Shapes that generated clients read as meant, throughout the document (issue #17):

    - a one-element `oneOf` (Litestar's rendering of an optional field, `X | UnsetType`) becomes that
      element with its neighbours merged in, so `maxLength` and the like sit beside `type` again instead
      of beside a `oneOf` that clients read as a union and ignore the limits of;
    - a pattern written for Python's `re` ending in NEWLINE_GUARD (Python's `$` also matches before a final
      line break; the server keeps refusing one) is published as plain `...$`: in the ECMA-262 dialect of
      JSON Schema `$` only matches at the end, so it is the same set of values, in a form every client
      generator understands.
    """
    if isinstance(node, list):
        return [_plain_schemas(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _plain_schemas(value) for key, value in node.items()}
    variants = node.get("oneOf")
    if isinstance(variants, list) and len(variants) == 1 and isinstance(variants[0], dict):
        rest = {key: value for key, value in node.items() if key != "oneOf"}
        if not rest.keys() & variants[0].keys():
            node = {**variants[0], **rest}
    pattern = node.get("pattern")
    if isinstance(pattern, str) and pattern.endswith(NEWLINE_GUARD):
        node["pattern"] = pattern[: -len(NEWLINE_GUARD)] + "$"
    return node


def public_operations(app: Any) -> set[tuple[str, str]]:
    """(path, method) of every route without a guard: documented with `security: []`."""
    from litestar.routes import HTTPRoute

    found = set()
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if not handler.resolve_guards():
                for method in handler.http_methods:
                    found.add((route.path_format, method.lower()))
    return found


def rewrite(schema: dict[str, Any], public: set[tuple[str, str]] = frozenset()) -> dict[str, Any]:
    """Paths relative to the `/api/v1` server URL, the API-Version header on 2xx/3xx, problem+json errors,
    a 400 on every operation, bearer security except on public operations, UpperCamelCase schema names."""
    paths = {}
    for path, item in schema.get("paths", {}).items():
        if not path.startswith("/api/v1/") or path == "/api/v1/openapi.json":
            continue
        paths[path[len("/api/v1") :]] = item
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            is_public = (path, method) in public
            responses = operation["responses"]
            for code, response in list(responses.items()):
                if code.startswith(("2", "3")):
                    if code in DUTCH_SUCCESS:  # Litestar writes Python's English reason phrases
                        response["description"] = DUTCH_SUCCESS[code]
                    response.setdefault("headers", {})["API-Version"] = {
                        "$ref": "#/components/headers/API-Version"
                    }
                elif code.startswith(("4", "5")):
                    del responses[code]
            for code, description in ERROR_RESPONSES.items():
                if is_public and code in ("401", "403"):
                    continue
                responses[code] = {
                    "description": description,
                    "content": {"application/problem+json": {"schema": PROBLEM_REF}},
                }
            operation["security"] = [] if is_public else [{"bearer": []}, {"oauth2": []}]
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter.get("name") in PAD_PARAMETERS:
                    parameter["description"] = PAD_PARAMETERS[parameter["name"]]
            _koppeling(path[len("/api/v1") :], method, operation)
    schema["paths"] = paths
    components = schema.setdefault("components", {})
    components.setdefault("headers", {})["API-Version"] = {
        "description": "De volledige versie van de API (semver).",
        "schema": {"type": "string", "example": API_VERSION},
    }
    components.setdefault("securitySchemes", {})["bearer"] = {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "Token van POST /token (15 minuten geldig).",
    }
    base = next((srv["url"] for srv in schema.get("servers", [])), "")
    components["securitySchemes"]["oauth2"] = {
        "type": "oauth2",
        "description": "Hetzelfde token als `bearer`, zoals een OAuth2-client het ophaalt: een persoon met "
        "gebruikersnaam en wachtwoord, een zaaksysteem met client-id en client-secret (RFC 6749, 4.4).",
        "flows": {
            "password": {"tokenUrl": f"{base}/token", "scopes": {}},
            "clientCredentials": {"tokenUrl": f"{base}/token", "scopes": {}},
        },
    }
    schema = _plain_schemas(schema)
    components = schema["components"]
    schemas = components.setdefault("schemas", {})
    schemas["Probleem"] = PROBLEM_SCHEMA
    schemas["TokenProbleem"] = TOKEN_PROBLEEM
    renames = {name: _clean_schema_name(name) for name in schemas if _clean_schema_name(name) != name}
    if renames:
        text = json.dumps(schema)
        for old, new in renames.items():
            text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
        schema = json.loads(text)
        schemas = schema["components"]["schemas"]
        for old, new in renames.items():
            schemas[new] = schemas.pop(old)
    return schema


PAGINERING = [
    {
        "name": "pagina",
        "in": "query",
        "required": False,
        "description": "Het paginanummer, vanaf 1.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1},
    },
    {
        "name": "paginaGrootte",
        "in": "query",
        "required": False,
        "description": "Het aantal resultaten per pagina (hoogstens 100).",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50},
    },
]
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Een unieke sleutel per handeling (IETF-draft idempotency-key): een herhaald verzoek met "
    "dezelfde sleutel en body krijgt het eerste antwoord opnieuw; met een andere body volgt 409. De sleutel "
    "geldt 24 uur, per aanroeper.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": 'De ETag van de versie die u het laatst las, zoals "3": is de bron intussen gewijzigd, dan volgt 412.',
    "schema": {"type": "string"},
}
TOKEN_FORM = {
    "type": "object",
    "description": "OAuth2-tokenverzoek (RFC 6749), form-encoded.",
    "properties": {
        "grant_type": {
            "type": "string",
            "enum": ["password", "client_credentials"],
            "description": "password (standaard) voor een persoon, client_credentials voor een applicatie.",
        },
        "username": {"type": "string", "description": "Gebruikersnaam (password)."},
        "password": {"type": "string", "format": "password", "description": "Wachtwoord (password)."},
        "client_id": {"type": "string", "description": "Client-id van de applicatie (client_credentials)."},
        "client_secret": {
            "type": "string",
            "format": "password",
            "description": "Client-secret van de applicatie (client_credentials).",
        },
        "otp": {
            "type": "string",
            "description": "Code uit de authenticator-app of een herstelcode (password, bij een account met "
            "een tweede factor).",
        },
    },
}
TOKEN_FOUT = {
    "description": "Onjuiste gebruikersnaam, wachtwoord, client-id of client-secret. Naast de velden van "
    "problem+json staan `error` (invalid_grant of invalid_client) en `error_description` (RFC 6749, "
    "paragraaf 5.2).",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/TokenProbleem"}}},
}
TOKEN_PROBLEEM = {
    "description": "Een fout van POST /token: problem+json met de foutvelden van OAuth2 (RFC 6749, 5.2).",
    "allOf": [
        {"$ref": "#/components/schemas/Probleem"},
        {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "string",
                    "enum": [
                        "invalid_request",
                        "invalid_client",
                        "invalid_grant",
                        "unsupported_grant_type",
                        "temporarily_unavailable",
                    ],
                    "description": "De foutcode van RFC 6749, paragraaf 5.2.",
                },
                "error_description": {"type": "string", "description": "De uitleg, in ASCII."},
            },
        },
    ],
}
# 201s without one resource of their own: a bulk answer lists the verifications it made; a beoordeling and
# its herziening are decisions on the claim they name (`object`; its history is .../historie); an
# organisation's uitnodiging is an e-mail about the coach and account it names, not a resource to fetch
ZONDER_LOCATIE = (
    "/verificaties/_bulk",
    "/beoordelingen",
    "/beoordelingen/{object_id}/herzieningen",
    "/organisaties/{organisatie_id}/uitnodigingen",
)
LOCATION = {
    "description": "Het adres van wat is aangemaakt (RFC 9110, 10.2.2).",
    "schema": {"type": "string", "format": "uri"},
}


def _koppeling(path: str, method: str, operation: dict[str, Any]) -> None:
    """What a generated client needs (issue 16): paging parameters on lists, Idempotency-Key on POSTs,
    If-Match and 412 on writes of versioned resources, the token form and its 401."""
    parameters = operation.setdefault("parameters", [])
    names = {p.get("name") for p in parameters}
    ok = operation["responses"].get("200", {})
    ref = json.dumps(ok.get("content", {}))
    if method == "get" and ("Lijst" in ref or "Zoeklijst" in ref):
        parameters.extend(p for p in PAGINERING if p["name"] not in names)
    if method == "post" and "Idempotency-Key" not in names:
        parameters.append(IDEMPOTENCY_KEY)
    if method in ("patch", "put") and "If-Match" not in names:
        parameters.append(IF_MATCH)
        operation["responses"]["412"] = {
            "description": "De bron is gewijzigd sinds de versie in If-Match",
            "content": {"application/problem+json": {"schema": PROBLEM_REF}},
        }
    if path == "/token" and method == "post":
        operation["requestBody"] = {
            "required": True,
            "content": {"application/x-www-form-urlencoded": {"schema": TOKEN_FORM}},
        }
        for code in ("400", "429"):
            operation["responses"][code] = {
                **operation["responses"][code],
                "content": TOKEN_FOUT["content"],
            }
        operation["responses"]["401"] = TOKEN_FOUT
    if method == "get" and path in EXPORTEERBAAR and "200" in operation["responses"]:
        # the same list as a spreadsheet, by content negotiation (api.tabelexport)
        content = operation["responses"]["200"].setdefault("content", {})
        content["text/csv"] = {
            "schema": {"type": "string", "description": "CSV: UTF-8 met BOM, puntkomma's, een kopregel."}
        }
        content[XLSX] = {"schema": {"type": "string", "format": "binary", "description": "Excel-werkmap."}}
    if method == "get" and path == "/documenten/{document_id}/inhoud" and "200" in operation["responses"]:
        # a document is served with its own stored type (PDF, PNG or JPEG), never a generic one
        operation["responses"]["200"]["content"] = {
            mediatype: {"schema": {"type": "string", "format": "binary"}} for mediatype in DOCUMENT_EXTENSIES
        }
    created = operation["responses"].get("201")
    if created is not None and path not in ZONDER_LOCATIE:
        # every POST that makes one resource names it (api.strikt.locatie)
        created.setdefault("headers", {})["Location"] = LOCATION
    body = operation.get("requestBody")
    if body is not None:
        schema = body.get("content", {}).get("application/json", {}).get("schema", {})
        variants = schema.get("oneOf") or []
        if {"type": "null"} in variants:
            # an optional body (`JSONBody[X | None] = None`): it may be left out, not sent as `null`
            body["required"] = False
            rest = [v for v in variants if v != {"type": "null"}]
            body["content"]["application/json"]["schema"] = rest[0] if len(rest) == 1 else {"oneOf": rest}
    if not parameters:
        del operation["parameters"]


def build_openapi(request: Request) -> dict[str, Any]:
    cached = getattr(request.app.state, "openapi_document", None)
    if cached is None:
        cached = benoem(
            rewrite(copy.deepcopy(request.app.openapi_schema.to_schema()), public_operations(request.app))
        )
        request.app.state.openapi_document = cached
    return cached


@get("/api/v1/openapi.json", include_in_schema=False, media_type="application/json")
async def openapi_document(request: Request) -> Response:
    return Response(
        build_openapi(request),
        media_type="application/json",
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300"},
    )


class Status(Struct):
    status: str
    versie: str


@get("/api/v1/status", summary="Status van de API", tags=["Status"], security=[], sync_to_thread=False)
def status() -> Status:
    """Liveness: answers without touching the database (also the benchmark's bare reference endpoint)."""
    return Status(status="ok", versie=API_VERSION)


@get("/gezondheid", include_in_schema=False)
async def health() -> dict[str, str]:
    """Readiness: the database answers."""
    await db.engine().run_ddl("SELECT 1")
    return {"status": "ok"}
