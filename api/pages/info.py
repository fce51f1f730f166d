"""The public site's basics (issue #17 part 9): privacy statement, accessibility statement, contact, help,
the developer documentation (how software checks a statement) and the API reference rendered from the
register's own OpenAPI document, served from this server (no CDN). No login; nothing personal."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Redirect, Template

from api.attestatie import GELDIG_JAREN, JWKS_MAX_AGE
from api.controllers.meta import build_openapi
from api.pages.common import page
from register.services.retentie import BEWAARTERMIJN_JAREN
from register.vocabulary import DOCUMENT_ONGEKOPPELD_UREN, VERWERKINGSACTIVITEITEN

METHODEN = ("get", "post", "put", "patch", "delete")


def api_referentie(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations of an OpenAPI document grouped by tag, in the document's tag order:
    `[{"naam", "beschrijving", "operaties": [{"methode", "pad", "samenvatting", "beschrijving",
    "parameters", "antwoorden", "anker"}]}]`. Pure; for the API documentation page."""
    tags = [t["name"] for t in document.get("tags", [])]
    beschrijvingen = {t["name"]: t.get("description", "") for t in document.get("tags", [])}
    groepen: dict[str, list[dict[str, Any]]] = {}
    for pad, item in document.get("paths", {}).items():
        for methode in METHODEN:
            op = item.get(methode)
            if not op:
                continue
            tag = (op.get("tags") or ["Overig"])[0]
            groepen.setdefault(tag, []).append(
                {
                    "methode": methode.upper(),
                    "pad": pad,
                    "samenvatting": op.get("summary", ""),
                    "beschrijving": op.get("description", ""),
                    "parameters": [
                        {
                            "naam": p.get("name", ""),
                            "plaats": p.get("in", ""),
                            "verplicht": bool(p.get("required")),
                            "beschrijving": p.get("description", ""),
                        }
                        for p in [*item.get("parameters", []), *op.get("parameters", [])]
                        if "name" in p
                    ],
                    "antwoorden": [
                        {"code": code, "beschrijving": a.get("description", "")}
                        for code, a in sorted(op.get("responses", {}).items())
                    ],
                    "anker": op.get("operationId") or f"{methode}-{pad}".replace("/", "-").strip("-"),
                }
            )
    volgorde = [t for t in tags if t in groepen] + sorted(t for t in groepen if t not in tags)
    return [{"naam": t, "beschrijving": beschrijvingen.get(t, ""), "operaties": groepen[t]} for t in volgorde]


class InfoPages(Controller):
    include_in_schema = False

    @get("/privacy")
    async def privacy(self, request: Request) -> Template:
        return page(
            request,
            "info/privacy.html",
            bewaartermijn_jaren=BEWAARTERMIJN_JAREN,
            verklaring_jaren=GELDIG_JAREN,
            ongekoppeld_uren=DOCUMENT_ONGEKOPPELD_UREN,
            activiteiten=VERWERKINGSACTIVITEITEN,
        )

    @get("/toegankelijkheid")
    async def toegankelijkheid(self, request: Request) -> Template:
        return page(request, "info/toegankelijkheid.html")

    @get("/contact")
    async def contact(self, request: Request) -> Template:
        return page(request, "info/contact.html")

    @get("/help")
    async def help(self, request: Request) -> Template:
        return page(request, "info/help.html")

    @get("/ontwikkelaars")
    async def ontwikkelaars(self, request: Request) -> Template:
        base_url = request.app.state.settings.base_url
        return page(
            request,
            "info/ontwikkelaars.html",
            jwks_url=f"{base_url}/.well-known/jwks.json",
            issuer=base_url,
            jwks_max_age=JWKS_MAX_AGE,
            verklaring_jaren=GELDIG_JAREN,
            base_url=base_url,
            token_minuten=request.app.state.tokens.minutes,
        )

    @get("/api-documentatie")
    async def api_documentatie(self, request: Request) -> Template:
        document = build_openapi(request)
        return page(
            request,
            "info/api_documentatie.html",
            info=document.get("info", {}),
            servers=document.get("servers", []),
            groepen=api_referentie(document),
        )

    @get("/favicon.ico")
    async def favicon(self) -> Redirect:
        return Redirect("/static/favicon.svg", status_code=301)
