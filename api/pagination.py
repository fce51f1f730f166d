"""Pagination with `?pagina=1&paginaGrootte=50` and HAL-style `_links` in the body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from litestar import Request

from register.errors import FieldError, InvalidInput

MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Pagina:
    nummer: int
    grootte: int

    @property
    def offset(self) -> int:
        return (self.nummer - 1) * self.grootte


def parse_pagina(request: Request, default_size: int = 50) -> Pagina:
    errors = []
    values = {}
    for name, default, upper in (("pagina", 1, 100_000), ("paginaGrootte", default_size, MAX_PAGE_SIZE)):
        raw = request.query_params.get(name)
        if raw is None:
            values[name] = default
            continue
        if not raw.isdigit() or not (1 <= int(raw) <= upper):
            errors.append(FieldError(name, f"moet een geheel getal van 1 tot en met {upper} zijn"))
        else:
            values[name] = int(raw)
    if errors:
        raise InvalidInput(errors)
    return Pagina(values["pagina"], values["paginaGrootte"])


def _href(request: Request, nummer: int, grootte: int) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("pagina", "paginaGrootte")]
    params += [("pagina", str(nummer)), ("paginaGrootte", str(grootte))]
    return f"{request.url.path}?{urlencode(params)}"


def page_body(request: Request, pagina: Pagina, items: list[Any], totaal: int) -> dict[str, Any]:
    links: dict[str, Any] = {"self": {"href": _href(request, pagina.nummer, pagina.grootte)}}
    if pagina.offset + len(items) < totaal:
        links["next"] = {"href": _href(request, pagina.nummer + 1, pagina.grootte)}
    if pagina.nummer > 1:
        links["prev"] = {"href": _href(request, pagina.nummer - 1, pagina.grootte)}
    return {
        "_links": links,
        "aantal": totaal,
        "pagina": pagina.nummer,
        "paginaGrootte": pagina.grootte,
        "resultaten": items,
    }
