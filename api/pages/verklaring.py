"""The statement for people: the QR code and PDF of a verification statement, and the public page where
anyone checks a statement (pasted, or opened from its QR code) and reads what it says. No login for the
check page; it changes nothing (POST only so that a pasted statement stays out of the URL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import segno
from litestar import Controller, Request, get, post
from litestar.response import Response, Template

from api import documenten, verklaringcontrole
from api.pages.common import page, read_form
from register.errors import NotFound
from register.services import gemeenten, publiek, verificaties

ROOT = Path(__file__).resolve().parent.parent.parent
PDF_CSS = ROOT / "static" / "css" / "verklaring.css"
CONTROLE_PAD = "/verklaring-controleren"


def controle_url(base_url: str, kenmerk: str | None = None) -> str:
    """The public check page; with `kenmerk`, the page for that statement (what its QR code opens)."""
    url = f"{base_url}{CONTROLE_PAD}"
    return f"{url}?kenmerk={kenmerk}" if kenmerk else url


def qr_data_uri(url: str) -> str:
    """A QR code (segno, error correction M) of `url` as an SVG data: URI, for an <img> on screen and in the
    PDF."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def pdf(html: str) -> bytes:
    """The PDF of a standalone HTML document (WeasyPrint, A4, the statement's stylesheet). Blocking: call it
    in a worker thread."""
    from weasyprint import CSS, HTML

    return HTML(string=html, base_url=str(ROOT)).write_pdf(stylesheets=[CSS(filename=str(PDF_CSS))])


async def pdf_response(request: Request, template: str, bestandsnaam: str, **context: Any) -> Response:
    """Render `template` and return it as a PDF download named `bestandsnaam`."""
    html = request.app.template_engine.engine.get_template(template).render(**context)
    data = await documenten.render(pdf, html)
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{bestandsnaam}"',
            "Cache-Control": "no-store",
        },
    )


async def _coach_naam(registratienummer: str) -> str | None:
    """The coach's name from the public register (None when the coach is no longer public)."""
    try:
        return (await publiek.jobcoach_profiel(registratienummer))["naam"]
    except NotFound:
        return None


class VerklaringPages(Controller):
    include_in_schema = False

    async def _uitslag(self, request: Request, tekst: str, kenmerk: str = "") -> Template:
        base_url = request.app.state.settings.base_url
        controle = await verklaringcontrole.controleer(tekst, base_url)
        inhoud: dict[str, Any] = {}
        if controle.echt and controle.claims:
            c = controle.claims
            coach = await _coach_naam(str(c.get("sub", "")))
            inhoud = {
                "gemeente": (await gemeenten.namen([str(c["aud"])])).get(str(c["aud"]), str(c["aud"])),
                "coach": coach,
                "uitgegeven": dt.datetime.fromtimestamp(int(c["iat"]), dt.UTC),
                "geldig_tot": dt.datetime.fromtimestamp(int(c["exp"]), dt.UTC),
                "peildatum": dt.date.fromisoformat(str(c["peildatum"])),
            }
        return page(
            request,
            "publiek/verklaring_controleren.html",
            controle=controle,
            inhoud=inhoud,
            tekst=tekst,
            kenmerk=kenmerk,
        )

    @get(CONTROLE_PAD)
    async def controleren(self, request: Request) -> Template:
        kenmerk = (request.query_params.get("kenmerk") or "").strip()[:64]
        if not kenmerk:
            return page(request, "publiek/verklaring_controleren.html", controle=None, tekst="", kenmerk="")
        jws = await verificaties.verklaring_op_kenmerk(kenmerk)
        if jws is None:
            return page(
                request,
                "publiek/verklaring_controleren.html",
                status_code=404,
                controle=None,
                tekst="",
                kenmerk=kenmerk,
                onbekend=True,
            )
        return await self._uitslag(request, jws, kenmerk)

    @post(CONTROLE_PAD, status_code=200)
    async def controleer(self, request: Request) -> Template:
        raw = await read_form(request)
        kenmerk = str(raw.get("kenmerk") or "").strip()[:64]
        tekst = str(raw.get("verklaring") or "")[: verklaringcontrole.MAX_LENGTE * 2]
        if kenmerk and not tekst.strip():
            jws = await verificaties.verklaring_op_kenmerk(kenmerk)
            if jws is None:
                return page(
                    request,
                    "publiek/verklaring_controleren.html",
                    status_code=404,
                    controle=None,
                    tekst="",
                    kenmerk=kenmerk,
                    onbekend=True,
                )
            return await self._uitslag(request, jws, kenmerk)
        return await self._uitslag(request, tekst)
