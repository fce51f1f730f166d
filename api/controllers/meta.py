"""The OpenAPI document and a health check."""

from __future__ import annotations

import copy
from typing import Any

from litestar import Request, Response, get

from api.settings import API_VERSION
from register import db


def build_openapi(request: Request) -> dict[str, Any]:
    """The generated document, rewritten so paths are relative to the `/api/v1` server URL and every
    2xx/3xx response documents the API-Version header (ADR /core/version-header)."""
    cached = getattr(request.app.state, "openapi_document", None)
    if cached is not None:
        return cached
    schema = copy.deepcopy(request.app.openapi_schema.to_schema())
    paths = {}
    for path, item in schema.get("paths", {}).items():
        if not path.startswith("/api/v1/") or path == "/api/v1/openapi.json":
            continue
        paths[path[len("/api/v1") :]] = item
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, response in operation["responses"].items():
                if code.startswith(("2", "3")):
                    response.setdefault("headers", {})["API-Version"] = {
                        "$ref": "#/components/headers/API-Version"
                    }
    schema["paths"] = paths
    schema.setdefault("components", {}).setdefault("headers", {})["API-Version"] = {
        "description": "De volledige versie van de API (semver).",
        "schema": {"type": "string", "example": API_VERSION},
    }
    request.app.state.openapi_document = schema
    return schema


@get("/api/v1/openapi.json", include_in_schema=False, media_type="application/json")
async def openapi_document(request: Request) -> Response:
    return Response(
        build_openapi(request),
        media_type="application/json",
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300"},
    )


@get("/gezondheid", include_in_schema=False)
async def health() -> dict[str, str]:
    await db.engine().run_ddl("SELECT 1")
    return {"status": "ok"}
