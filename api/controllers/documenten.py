"""Evidence documents (bewijsstukken, issue 15): upload (multipart) and download.

The upload route accepts a larger body than the rest of the API (a document of at most
`DOCUMENT_MAX_BYTES` plus the multipart envelope); the service refuses anything above the document limit
with a Dutch 413 and anything but a PDF, PNG or JPEG (read from the content) with a 400.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from api.controllers.common import actor_of
from api.guards import logged_in, roles
from api.schemas import Document, to_struct
from register.errors import FieldError, InvalidInput
from register.services import documenten
from register.vocabulary import (
    DOCUMENT_EXTENSIES,
    DOCUMENT_MAX_BYTES,
    DOCUMENT_MAX_LOS,
    DOCUMENT_MAX_TOTAAL_BYTES,
)

# the multipart envelope around the file (boundaries, part headers) fits well within this
ENVELOP_BYTES = 64 * 1024


@dataclass
class DocumentUpload:
    """The multipart body: one part `bestand`, the file (PDF, PNG or JPEG, at most 10 MB)."""

    bestand: UploadFile


def download(view: dict, inhoud: bytes) -> Response[bytes]:
    """A document as a download: its stored media type (never sniffed), `Content-Disposition: attachment`
    with a name made from the id (never the uploader's file name), and no caching by shared caches."""
    naam = f"bewijsstuk-{view['id'][:8]}.{DOCUMENT_EXTENSIES[view['mediatype']]}"
    return Response(
        inhoud,
        media_type=view["mediatype"],
        headers={
            "Content-Disposition": f'attachment; filename="{naam}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


async def lees_upload(request: Request, data: DocumentUpload) -> tuple[bytes, str | None]:
    """The bytes of the upload's `bestand` and the file name the client sent (unsanitised; the service
    cleans it); refuses any other form field (strict input)."""
    form = await request.form()
    onbekend = [
        FieldError(str(k), "is geen bekend veld") for k in dict.fromkeys(form.keys()) if k != "bestand"
    ]
    if onbekend:
        raise InvalidInput(onbekend)
    if not isinstance(data.bestand, UploadFile):
        raise InvalidInput.single("bestand", "moet een bestand zijn")
    return await data.bestand.read(), data.bestand.filename


class DocumentenController(Controller):
    path = "/api/v1/documenten"
    tags = ["Documenten"]
    guards = [logged_in]

    @post(
        "",
        summary="Bewijsstuk uploaden (PDF, PNG of JPEG, hoogstens 10 MB)",
        description="Multipart met één deel `bestand`. Het type wordt uit de inhoud bepaald, niet uit de naam; "
        "een groter bestand is een 413. Het document hoort bij de eigen jobcoach of organisatie en kan daarna "
        "met `bewijsstukken: [id]` aan een opleiding, keurmerk, scholing of kwaliteitsborging worden gekoppeld. "
        f"Eén eigenaar heeft hoogstens {DOCUMENT_MAX_LOS} bewijsstukken die nog nergens aan gekoppeld zijn en "
        f"hoogstens {DOCUMENT_MAX_TOTAAL_BYTES // (1024 * 1024)} MB samen; daarboven volgt 409.",
        status_code=201,
        guards=[roles("jobcoach", "organisatie")],
        request_max_body_size=DOCUMENT_MAX_BYTES + ENVELOP_BYTES,
    )
    async def upload(
        self,
        request: Request,
        data: Annotated[DocumentUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> Document:
        inhoud, naam = await lees_upload(request, data)
        return to_struct(Document, await documenten.upload(actor_of(request), inhoud, naam))

    @get(
        "/{document_id:str}/inhoud",
        summary="Inhoud van een bewijsstuk (download)",
        description="Voor de eigenaar, auditors, beheerders en wie de gegevens van de jobcoach mag zien; "
        "anderen krijgen 404. Elke opening door een ander dan de jobcoach staat in het inzagelog.",
        media_type="application/octet-stream",
    )
    async def inhoud(self, request: Request, document_id: FromPath[str]) -> Response[bytes]:
        view, inhoud = await documenten.openen(actor_of(request), document_id)
        return download(view, inhoud)
