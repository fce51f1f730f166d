"""Paging, one helper for the JSON API and the pages.

The API reads `?pagina=1&paginaGrootte=50` strictly (a bad value is a 400 naming the field) and answers
with HAL-style `_links` in the body (`parse_pagina`, `page_body`). Pages read `?pagina=` leniently (a
bad value shows page 1, a page is never an error for a person) and link to the previous and next page
with every other query parameter kept (`pagina_nummer`, `paginering`, `pagineer`). Both take the page
number with the same rule, `_nummer`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from litestar import Request

from register.errors import FieldError, InvalidInput

MAX_PAGE_SIZE = 100
MAX_PAGINA = 100_000
# Query parameters a page link never carries on: the page itself and the one-off success message.
_NIET_DOORGEVEN = ("pagina", "paginaGrootte", "melding")


def _nummer(raw: str | None, upper: int) -> int | None:
    """A whole number from 1 to `upper` from a query value, or None when it is absent or anything else."""
    if raw is None or not raw.isdigit():
        return None
    value = int(raw)
    return value if 1 <= value <= upper else None


# --- the JSON API ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pagina:
    """A requested page: `nummer` from 1, `grootte` items a page."""

    nummer: int
    grootte: int

    @property
    def offset(self) -> int:
        return (self.nummer - 1) * self.grootte


def parse_pagina(request: Request, default_size: int = 50) -> Pagina:
    """The API's paging parameters; raises InvalidInput (400) naming `pagina` or `paginaGrootte` when
    either is given but is not a whole number in range (1..100,000 and 1..MAX_PAGE_SIZE)."""
    errors = []
    values = {}
    for name, default, upper in (("pagina", 1, MAX_PAGINA), ("paginaGrootte", default_size, MAX_PAGE_SIZE)):
        raw = request.query_params.get(name)
        value = default if raw is None else _nummer(raw, upper)
        if value is None:
            errors.append(FieldError(name, f"moet een geheel getal van 1 tot en met {upper} zijn"))
        else:
            values[name] = value
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


# --- pages -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paginering:
    """One page of a list on a web page: which page, how many a page, how many in all, and the links to
    the previous and next page (the path with the other query parameters kept). The template macro
    `paginering` in templates/macros/weergave.html shows it."""

    nummer: int
    grootte: int
    totaal: int
    pad: str
    query: tuple[tuple[str, str], ...] = ()

    @property
    def offset(self) -> int:
        return (self.nummer - 1) * self.grootte

    @property
    def aantal_paginas(self) -> int:
        return max(1, math.ceil(self.totaal / self.grootte))

    def url(self, nummer: int) -> str:
        return f"{self.pad}?{urlencode([*self.query, ('pagina', str(nummer))])}"

    @property
    def vorige(self) -> str | None:
        return self.url(self.nummer - 1) if self.nummer > 1 else None

    @property
    def volgende(self) -> str | None:
        return self.url(self.nummer + 1) if self.nummer < self.aantal_paginas else None


def pagina_nummer(request: Request) -> int:
    """The page asked for with `?pagina=`; 1 when absent or not a whole number from 1 to 100,000."""
    return _nummer(request.query_params.get("pagina"), MAX_PAGINA) or 1


def paginering(request: Request, totaal: int, grootte: int = 25) -> Paginering:
    """The paging of a page's list of `totaal` items, `grootte` a page."""
    query = tuple((k, v) for k, v in request.query_params.multi_items() if k not in _NIET_DOORGEVEN)
    return Paginering(pagina_nummer(request), grootte, totaal, request.url.path, query)


def pagineer(items: list[Any], request: Request, grootte: int = 25) -> tuple[list[Any], Paginering]:
    """Page through a list that is already in memory: the items of the asked page and its paging."""
    pag = paginering(request, len(items), grootte)
    return items[pag.offset : pag.offset + grootte], pag
