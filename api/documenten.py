"""Documents for people as PDF (issue 14, part 6): the aanvraag, the decision and the begeleidingsplan, laid
out like the Leidraad's Matchingsformulier. The same Jinja template makes the printable page and, through
WeasyPrint (ARCHITECTURE.md: HTML and CSS to PDF with Debian's pango libraries), the PDF.

WeasyPrint fetches nothing: the stylesheet static/css/document.css is passed as a file and every URL in the
HTML is refused (no network access from a render, no resource chosen by the content). A render is CPU work
and runs in a worker thread so the event loop keeps serving.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
from litestar import Request
from litestar.response import Response

ROOT = Path(__file__).resolve().parent.parent
STIJL = ROOT / "static" / "css" / "document.css"
PDF = "application/pdf"


def _geen_ophalen(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's URL fetcher: nothing is fetched (the stylesheet comes as a file)."""
    raise ValueError(f"een document haalt niets op ({url.split(':', 1)[0]})")


def html(request: Request, template: str, **context: Any) -> str:
    """The document's HTML from a template (the Jinja helpers of api/weergave.py are available)."""
    engine = request.app.template_engine
    return engine.get_template(template).render(request=request, actor=None, document=True, **context)


def pdf_bytes(markup: str) -> bytes:
    """Render HTML to PDF bytes (A4, static/css/document.css)."""
    from weasyprint import CSS, HTML

    return HTML(string=markup, url_fetcher=_geen_ophalen, base_url=str(ROOT)).write_pdf(
        stylesheets=[CSS(filename=str(STIJL))]
    )


async def pdf(request: Request, template: str, bestandsnaam: str, **context: Any) -> Response:
    """The document as an inline PDF download; `bestandsnaam` without extension and with nothing
    personal in it (an id or a reference)."""
    content = await anyio.to_thread.run_sync(pdf_bytes, html(request, template, **context))
    return Response(
        content=content,
        media_type=PDF,
        headers={"Content-Disposition": f'inline; filename="{bestandsnaam}.pdf"'},
    )
