"""Documents for people as PDF (issue 14, part 6): the aanvraag, the decision and the begeleidingsplan, laid
out like the Leidraad's Matchingsformulier. The same Jinja template makes the printable page and, through
WeasyPrint (ARCHITECTURE.md: HTML and CSS to PDF with Debian's pango libraries), the PDF.

WeasyPrint fetches nothing: the stylesheet static/css/document.css is passed as a file and every URL in the
HTML is refused (no network access from a render, no resource chosen by the content). A render is CPU work
and runs in a worker thread so the event loop keeps serving; at most GELIJKTIJDIG renders run at once (the
verification statement's PDF shares the limit through `render`), so a burst of PDF requests queues instead
of taking every core. WeasyPrint's INFO progress lines stay out of the server log.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
from litestar import Request
from litestar.response import Response

ROOT = Path(__file__).resolve().parent.parent
STIJL = ROOT / "static" / "css" / "document.css"
PDF = "application/pdf"
GELIJKTIJDIG = 2  # PDF renders at once per process (the machine has few cores)

logging.getLogger("weasyprint").setLevel(logging.WARNING)

_grenzen: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def _grens() -> asyncio.Semaphore:
    """The render limit of the running event loop (a semaphore belongs to one loop)."""
    loop = asyncio.get_running_loop()
    if (grens := _grenzen.get(loop)) is None:
        grens = _grenzen[loop] = asyncio.Semaphore(GELIJKTIJDIG)
    return grens


async def render(maak: Callable[[str], bytes], markup: str) -> bytes:
    """Run the blocking renderer `maak` (HTML string to PDF bytes) on `markup` in a worker thread, waiting
    while GELIJKTIJDIG renders are running."""
    async with _grens():
        return await anyio.to_thread.run_sync(maak, markup)


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
    content = await render(pdf_bytes, html(request, template, **context))
    return Response(
        content=content,
        media_type=PDF,
        headers={"Content-Disposition": f'inline; filename="{bestandsnaam}.pdf"'},
    )
