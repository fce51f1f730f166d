"""Evidence documents on the pages (issue 15): the upload form shared by the coach's and the organisation's
pages, the choice of one's own documents in a claim's form, and the download for everyone who may open a
document (the session cookie; the API has its own route with a Bearer token).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.datastructures import UploadFile
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.controllers.documenten import ENVELOP_BYTES, download
from api.guards import logged_in
from api.pages.common import Formulier, Formulierspec, terug
from register.actor import Actor
from register.errors import InvalidInput, TeGroot
from register.opmaak import datum, getal
from register.services import documenten
from register.vocabulary import DOCUMENT_MAX_BYTES, DOCUMENT_MEDIATYPES

# The body a page form with an upload may send (bytes): twice the document limit plus the form's other fields.
# A file between the document limit and this cap reaches the handler, which refuses it beside its field with
# the form and the typed input kept (413); only a body above this absolute cap is cut off before the handler,
# as the page error of api.problems (a form carries one file, so twice the limit is room enough).
PAGINA_UPLOAD_MAX_BYTES = 2 * DOCUMENT_MAX_BYTES + ENVELOP_BYTES

UPLOAD = Formulierspec(
    {"bestand": "Bestand (PDF, PNG of JPEG, hoogstens 10 MB)"}, dict, "documenten", "document-geupload"
)


def grootte_tekst(grootte: int) -> str:
    """A size in bytes the Dutch way: "850 kB", "2,4 MB" (1 kB = 1024 bytes)."""
    if grootte < 1024 * 1024:
        return f"{getal(max(grootte / 1024, 0.1), 0 if grootte >= 10 * 1024 else 1)} kB"
    return f"{getal(grootte / (1024 * 1024), 1)} MB"


def omschrijving(d: dict[str, Any]) -> str:
    """One line per document: type, size and upload date, e.g. "PDF, 120 kB, geüpload op 3 januari 2026"."""
    when = datum(d["geupload_op"]) if d.get("geupload_op") else ""
    return f"{DOCUMENT_MEDIATYPES.label(d['mediatype'])}, {grootte_tekst(d['grootte'])}, geüpload op {when}"


def documentkeuzes(eigen: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The owner's documents as (id, description) choices for a claim's `bewijsstukken` checkboxes: the
    original file name first when it was kept."""
    return [
        (d["id"], f"{d['bestandsnaam']}: {omschrijving(d)}" if d.get("bestandsnaam") else omschrijving(d))
        for d in eigen
    ]


async def documentinfo(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """For the documents attached to these claim views (their `bewijsstukken` ids): per id the file name
    (or None), "PDF, 120 kB, geüpload op …" and the SHA-256, as templates/macros/weergave.html
    `bewijsstukken` shows them to the auditor (DOMAIN.md: the auditor sees the hash)."""
    views = await documenten.gegevens(d for item in items for d in item.get("bewijsstukken") or [])
    return {
        i: {"naam": v["bestandsnaam"], "omschrijving": omschrijving(v), "sha256": v["sha256"]}
        for i, v in views.items()
    }


async def upload_formulier(
    request: Request,
    actor: Actor,
    pad: str,
    opnieuw: Callable[[Formulier, int], Awaitable[Template]],
) -> Template | Redirect:
    """Handle the multipart upload form (field `bestand`): back to `pad` with the success message, or the
    page again with the refusal next to the field (400; 413 for a file over the limit)."""
    form_data = await request.form()
    bestand = form_data.get("bestand")
    form = UPLOAD.nieuw()
    if not isinstance(bestand, UploadFile) or not bestand.filename:
        form.zet_fouten({"bestand": "kies een bestand"})
        return await opnieuw(form, 400)
    try:
        await documenten.upload(actor, await bestand.read(), bestand.filename)
    except InvalidInput as exc:
        form.zet_fouten(exc.errors)
        return await opnieuw(form, 400)
    except TeGroot as exc:
        form.zet_fouten({"bestand": exc.detail})
        return await opnieuw(form, 413)
    return terug(pad, "document-geupload")


class DocumentPages(Controller):
    """GET /documenten/{id}: the download of a document for the signed-in user who may open it."""

    path = "/documenten"
    include_in_schema = False
    guards = [logged_in]

    @get("/{document_id:str}")
    async def openen(self, request: Request, document_id: FromPath[str]) -> Response[bytes]:
        view, inhoud = await documenten.openen(request.scope["user"], document_id)
        return download(view, inhoud)
