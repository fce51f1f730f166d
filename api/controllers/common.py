"""Small helpers shared by the JSON controllers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import msgspec
from litestar import Request

from api import tabelexport
from api.pagination import page_body, parse_pagina
from api.schemas import Lijst, to_struct
from register.actor import Actor


def actor_of(request: Request) -> Actor:
    return request.scope["user"]  # guards ensure an actor is present


def values(data: msgspec.Struct) -> dict[str, Any]:
    """Plain dict of a decoded body, without the fields the client left out (UNSET)."""
    out = {}
    for name in data.__struct_fields__:
        value = getattr(data, name)
        if value is msgspec.UNSET:
            continue
        if isinstance(value, msgspec.Struct):
            value = values(value)
        elif isinstance(value, list):
            value = [values(v) if isinstance(v, msgspec.Struct) else v for v in value]
        out[name] = value
    return out


async def paged(request: Request, item_type: type, fetch) -> Lijst:
    """Run `fetch(offset, limit) -> (items, total)` for the requested page and wrap it with `_links`."""
    pagina = parse_pagina(request)
    items, totaal = await fetch(pagina.offset, pagina.grootte)
    # services return typed records; the response Struct may be another type with the same fields
    items = [
        msgspec.to_builtins(i, builtin_types=(dt.date, dt.datetime)) if isinstance(i, msgspec.Struct) else i
        for i in items
    ]
    body = page_body(request, pagina, items, totaal)
    body["resultaten"] = to_struct(list[item_type], items)
    return Lijst(
        links=msgspec.convert(body["_links"], type=Any),
        aantal=totaal,
        pagina=pagina.nummer,
        pagina_grootte=pagina.grootte,
        resultaten=body["resultaten"],
    )


EXPORT_STAP = 500  # rows fetched per call when a list is exported whole


async def paged_of_tabel(
    request: Request,
    item_type: type,
    fetch,
    naam: str,
    kolommen: Sequence[tuple[str, str | Callable[[Any], Any]]] | Callable[[list[Any]], Awaitable[Any]],
) -> Any:
    """`paged`, or the whole list as a spreadsheet when the Accept header asks for CSV or XLSX
    (api.tabelexport: UTF-8 with BOM and `;`, formula cells neutralised). `kolommen` pairs a Dutch
    column heading with the item's field (its Python name) or a function of the item. `fetch` is the
    same function `paged` runs, so what it logs as read (the access log) is logged for the export too.
    `naam` is the file name without extension (nothing personal in it)."""
    formaat = tabelexport.gevraagd_formaat(request)
    if formaat is None:
        return await paged(request, item_type, fetch)
    return await als_tabel(formaat, item_type, fetch, naam, kolommen)


async def als_tabel(
    formaat: str,
    item_type: type,
    fetch,
    naam: str,
    kolommen: Sequence[tuple[str, str | Callable[[Any], Any]]] | Callable[[list[Any]], Awaitable[Any]],
) -> Any:
    """The whole list that `fetch(offset, limit) -> (items, total)` pages through, as a CSV or XLSX
    download (`formaat`: tabelexport.CSV or tabelexport.XLSX); the API's negotiation and the pages'
    download buttons both end here. `kolommen` are (header, attribute or function of the item) pairs, or
    an async function of all items that returns them (for columns that look something up)."""
    structs: list[Any] = []
    offset = 0
    while True:
        items, totaal = await fetch(offset, EXPORT_STAP)
        items = [
            msgspec.to_builtins(i, builtin_types=(dt.date, dt.datetime))
            if isinstance(i, msgspec.Struct)
            else i
            for i in items
        ]
        structs += to_struct(list[item_type], items)
        offset += len(items)
        if not items or offset >= totaal:
            break
    if callable(kolommen):  # columns that need a look-up over the whole list (names beside ids)
        kolommen = await kolommen(structs)
    rijen = [[veld(s) if callable(veld) else getattr(s, veld) for _, veld in kolommen] for s in structs]
    return tabelexport.bestand(formaat, naam, [kop for kop, _ in kolommen], rijen)
