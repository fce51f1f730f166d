"""Exports as spreadsheets (issue 16, part 7): CSV that Dutch Excel opens (UTF-8 with BOM, `;`) and XLSX
(openpyxl), chosen by the `Accept` header. Every cell that a spreadsheet would read as a formula (it
starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe (OWASP, "CSV
injection").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from litestar import Request, Response

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


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


def neutraliseer(value: Any) -> Any:
    """A cell value that no spreadsheet executes: text starting with a formula character gets a leading
    apostrophe; dates become ISO text, None an empty cell, numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULE_TEKENS) else text


def csv_bytes(kolommen: Sequence[str], rijen: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutraliseer(k) for k in kolommen])
    writer.writerows([[neutraliseer(v) for v in rij] for rij in rijen])
    return "\ufeff".encode() + out.getvalue().encode()


def xlsx_bytes(titel: str, kolommen: Sequence[str], rijen: Sequence[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=titel[:31])
    sheet.append([neutraliseer(k) for k in kolommen])
    for rij in rijen:
        sheet.append([neutraliseer(v) for v in rij])
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
        media_type=f"{CSV}; charset=utf-8" if formaat == CSV else XLSX,
        headers={"Content-Disposition": f'attachment; filename="{naam}.{extensie}"'},
    )
