"""Exports as spreadsheets (issue 16, part 7): CSV that Dutch Excel opens (UTF-8 with BOM, `;`) and XLSX
(openpyxl), chosen by the `Accept` header. Every cell that a spreadsheet would read as a formula (it
starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is kept as text: in CSV with a leading
apostrophe, in XLSX with the cell's quotePrefix style (the value itself unchanged) (OWASP, "CSV
injection"). An API route that offers no spreadsheet answers an Accept asking only for one with a 406.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
SPREADSHEETS = (CSV, XLSX)
# GET routes (below /api/v1) of lists that also answer `Accept: text/csv` or the XLSX type with the whole list
EXPORTEERBAAR = (
    "/trajecten",
    "/verificaties",
    "/signalen",
    "/gebruikers",
    "/jobcoaches",
    "/organisaties",
    "/auditlog",
)
NIET_LEVERBAAR = (
    "Deze bron is alleen als JSON beschikbaar, niet als CSV of Excel. Vraag in de Accept-header "
    "application/json (of laat de header weg)."
)


def gevraagd_formaat(request: Request) -> str | None:
    """CSV or XLSX when the Accept header asks for one of them (and not for JSON first), else None."""
    accept = request.headers.get("accept", "")
    for part in accept.split(","):
        media = part.split(";", 1)[0].strip().lower()
        if media in (CSV, XLSX):
            return media
        if media in ("application/json", "application/*", "*/*"):
            return None
    return None


def _gevraagde_typen(accept: str) -> list[str]:
    """The media ranges of an Accept header that are acceptable (q above 0), lower case, without
    parameters."""
    typen = []
    for part in accept.split(","):
        media, *params = [p.strip().lower() for p in part.split(";")]
        if not media:
            continue
        if any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params):
            continue
        typen.append(media)
    return typen


def weiger_onleverbaar(request: Request) -> None:
    """One rule for every API route (called by the `before_request` hook): an Accept header that asks
    only for spreadsheet types (CSV, XLSX) on a route that offers none (not a GET of `EXPORTEERBAAR`) is
    a 406 with a Dutch problem detail, instead of a JSON answer the client did not ask for (RFC 9110,
    section 15.5.7). Any other Accept (JSON, wildcards, other types) is left to the route.

    Raises: HTTPException 406."""
    typen = _gevraagde_typen(request.headers.get("accept", ""))
    if not typen or not all(t in SPREADSHEETS for t in typen):
        return
    template = str(request.scope.get("path_template") or request.url.path)
    if request.method in ("GET", "HEAD") and template.removeprefix("/api/v1") in EXPORTEERBAAR:
        return
    raise HTTPException(status_code=406, detail=NIET_LEVERBAAR)


def is_formule(value: Any) -> bool:
    """Whether a cell value is text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULE_TEKENS)


def tijdstip_utc(value: dt.datetime) -> dt.datetime:
    """A moment as a naive UTC datetime in whole seconds (a naive value is taken as UTC already): what a
    spreadsheet cell holds, and the base of the CSV's text form."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.replace(microsecond=0)


def celwaarde(value: Any) -> Any:
    """A value as a CSV cell: None an empty cell, booleans ja/nee, whole numbers stay numbers, decimals
    with a decimal comma (`10,5`: Dutch Excel reads `10.5` as text or a date), a moment as ISO 8601 in UTC
    without fractions (`2026-11-30T03:57:46Z`), a date as ISO text, text as it is (see `neutraliseer`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        tekst = format(value, "f") if isinstance(value, Decimal) else repr(value)
        tekst = tekst.rstrip("0").rstrip(".") if "." in tekst else tekst
        return tekst.replace(".", ",")
    if isinstance(value, dt.datetime):
        return tijdstip_utc(value).isoformat() + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def neutraliseer(value: Any) -> Any:
    """A cell value that no spreadsheet executes: text starting with a formula character gets a leading
    apostrophe (for CSV, which has no cell styles); otherwise as `celwaarde`."""
    cel = celwaarde(value)
    return "'" + cel if is_formule(cel) else cel


def csv_bytes(kolommen: Sequence[str], rijen: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutraliseer(k) for k in kolommen])
    writer.writerows([[neutraliseer(v) for v in rij] for rij in rijen])
    return "\ufeff".encode() + out.getvalue().encode()


def xlsx_bytes(titel: str, kolommen: Sequence[str], rijen: Sequence[Sequence[Any]]) -> bytes:
    """An XLSX workbook of one sheet; numbers are numbers, dates and moments (UTC, whole seconds) real
    date cells with a date format; formula-like text is stored as text with the quotePrefix style, so
    Excel shows the value as it is and never evaluates it."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=titel[:31])

    def cel(value: Any) -> Any:
        # real numbers and real dates (with a date format), not text; moments in UTC (the column says so)
        if isinstance(value, float | Decimal) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, dt.date):
            datum = WriteOnlyCell(sheet, value=tijdstip_utc(value) if isinstance(value, dt.datetime) else value)
            datum.number_format = "yyyy-mm-dd hh:mm:ss" if isinstance(value, dt.datetime) else "yyyy-mm-dd"
            return datum
        waarde = celwaarde(value)
        if not is_formule(waarde):
            return waarde
        tekst = WriteOnlyCell(sheet, value=waarde)
        tekst.data_type = "s"  # text, never a formula, whatever the value starts with
        tekst.quotePrefix = True
        return tekst

    sheet.append([cel(k) for k in kolommen])
    for rij in rijen:
        sheet.append([cel(v) for v in rij])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bestand(formaat: str, naam: str, kolommen: Sequence[str], rijen: Sequence[Sequence[Any]]) -> Response:
    """The export as a download (`naam` without extension; nothing personal in it)."""
    if formaat == XLSX:
        content, extensie = xlsx_bytes(naam, kolommen, rijen), "xlsx"
    else:
        content, extensie = csv_bytes(kolommen, rijen), "csv"
    return Response(
        content=content,
        media_type=CSV if formaat == CSV else XLSX,  # Litestar adds "; charset=utf-8" to a text type
        headers={"Content-Disposition": f'attachment; filename="{naam}.{extensie}"'},
    )
