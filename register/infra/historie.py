# ruff: noqa: S608 - the SQL fragments below hold column names given by the code and "{}" placeholders only
"""The current state of facts with history: the version in force today (Dutch calendar day).

One place answers "what holds now" for every fact kept in valid time (keurmerk status and validity,
dienstverband, kwaliteitsborging items such as the klachtprocedure, organisation status), so a change
recorded with a future ingangsdatum never shows as current before its day. Everything here is
register.rules.historie.geldend_op applied on `vandaag()`; verdicts for a peildatum D call geldend_op
with D themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from register import clock
from register.rules.historie import geldend_op, loopt_op
from register.tables import KeurmerkVersie

T = TypeVar("T")


def vandaag() -> dt.date:
    """Today's date in the Netherlands: the day "current" means everywhere."""
    return clock.today()


def actueel(
    versies: Iterable[T], *, begin: Callable[[T], dt.date], volgorde: Callable[[T], Any] | None = None
) -> T | None:
    """The version in force today (see register.rules.historie.geldend_op); None if none had started."""
    return geldend_op(versies, vandaag(), begin=begin, volgorde=volgorde)


def loopt_nu(van: dt.date, tot: dt.date | None) -> bool:
    """Whether a period (a dienstverband: from `van` through `tot`, None open-ended) covers today."""
    return loopt_op(van, tot, vandaag())


async def keurmerken_op(rows: list[dict[str, Any]], d: dt.date | None = None) -> list[dict[str, Any]]:
    """Keurmerk rows (dicts with `id`, `status`, `geldig_tot`) with the status and validity of the version
    in force on `d` (default today), in one query; the row's own values (the newest recorded) are kept
    for a keurmerk without a started version. Adds `versie_status_id` (the version used, or None).
    Returns new dicts in the same order."""
    if not rows:
        return []
    op = d or vandaag()
    versies = await KeurmerkVersie.select(
        KeurmerkVersie.id,
        KeurmerkVersie.keurmerk,
        KeurmerkVersie.status,
        KeurmerkVersie.geldig_tot,
        KeurmerkVersie.ingangsdatum,
        KeurmerkVersie.volgnummer,
    ).where(KeurmerkVersie.keurmerk.is_in([r["id"] for r in rows]))
    per: dict[str, list[dict[str, Any]]] = {}
    for v in versies:
        per.setdefault(str(v["keurmerk"]), []).append(v)
    out = []
    for r in rows:
        v = geldend_op(
            per.get(str(r["id"]), []),
            op,
            begin=lambda x: x["ingangsdatum"],
            volgorde=lambda x: x["volgnummer"],
        )
        if v is None:
            out.append({**r, "versie_status_id": None})
        else:
            out.append(
                {**r, "status": v["status"], "geldig_tot": v["geldig_tot"], "versie_status_id": str(v["id"])}
            )
    return out


def keurmerkversie_sql(keurmerk: str, kolom: str) -> str:
    """A correlated SQL subquery: column `kolom` (status or geldig_tot) of the version of keurmerk alias
    `keurmerk` in force on the date bound to its one "{}" placeholder, falling back to the keurmerk's
    own column when no version had started."""
    return (
        f"COALESCE((SELECT v.{kolom} FROM keurmerk_versie v WHERE v.keurmerk = {keurmerk}.id "
        "AND v.ingangsdatum <= {} ORDER BY v.ingangsdatum DESC, v.volgnummer DESC LIMIT 1), "
        f"{keurmerk}.{kolom})"
    )
