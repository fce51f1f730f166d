# ruff: noqa: S608 - the SQL below is built from constants and "{}" placeholders only; values are bound
"""Read-only aggregates for the dashboards: each figure is one set-based query (GROUP BY), never a loop
over rows with a query each. Nothing here writes, and nothing personal leaves: only counts.

The beheerder and auditors see the whole register; a gemeente only ever its own trajecten (the codes
are passed in from the actor, never from the request).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from register import clock, db, vocabulary
from register.rules import uren as uren_rules
from register.services import verificaties
from register.tables import Jobcoach

COACH_STATUSSEN = vocabulary.JOBCOACH_STATUSSEN.codes
# "Ends soon": the same window as the keurmerk state "verloopt binnenkort" (register/rules/keurmerken.py)
KEURMERK_HORIZON_DAGEN = vocabulary.BINNENKORT_DAGEN
MAANDEN = vocabulary.VENSTER_MAANDEN
KWALIFICATIE = vocabulary.KWALIFICATIE_UITKOMSTEN.codes
# Budget bands by hours spent as a share of the traject's maximum (all its years together).
BUDGET_KLASSEN = vocabulary.BUDGET_KLASSEN.codes


async def _raw(sql: str, *args: Any) -> list[dict[str, Any]]:
    return await Jobcoach.raw(sql, *args)


async def coaches_per_status() -> dict[str, int]:
    """Coaches per status (anonymised coaches are no longer counted)."""
    rows = await _raw(
        "SELECT status, COUNT(*) AS aantal FROM jobcoach WHERE geanonimiseerd_op IS NULL GROUP BY status"
    )
    counts = {s: 0 for s in COACH_STATUSSEN}
    for r in rows:
        counts[r["status"]] = int(r["aantal"])
    return counts


async def keurmerken_aflopend(vandaag: dt.date | None = None) -> dict[str, int]:
    """Keurmerken (verified or not, not withdrawn) ending between today and 90 days from now, per
    schema, split by holder: `jobcoach` and `organisatie` keys each map schema -> count."""
    vandaag = vandaag or clock.today()
    tot = vandaag + dt.timedelta(days=KEURMERK_HORIZON_DAGEN)
    rows = await _raw(
        "SELECT schema, COUNT(*) AS aantal FROM keurmerk "
        "WHERE geldig_tot >= {} AND geldig_tot <= {} AND status NOT IN ('ingetrokken') "
        "GROUP BY schema ORDER BY schema",
        vandaag,
        tot,
    )
    return {r["schema"]: int(r["aantal"]) for r in rows}


async def open_bevindingen() -> dict[str, int]:
    """Open (not closed) audit findings per judgement (minor / major)."""
    rows = await _raw(
        "SELECT oordeel, COUNT(*) AS aantal FROM bevinding "
        "WHERE gesloten_op IS NULL AND oordeel <> 'conform' GROUP BY oordeel"
    )
    counts = {o: 0 for o in vocabulary.BEVINDING_OORDELEN.codes if o != "conform"}
    for r in rows:
        counts[r["oordeel"]] = int(r["aantal"])
    return counts


def maanden_terug(vandaag: dt.date, n: int = MAANDEN) -> list[str]:
    """The last n calendar months up to and including this one, oldest first, as YYYY-MM."""
    out = []
    year, month = vandaag.year, vandaag.month
    for _ in range(n):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


async def verificaties_per_maand(
    vandaag: dt.date | None = None, gemeenten: Sequence[str] | None = None
) -> dict[str, int]:
    """Verifications created per calendar month (UTC) over the last 12 months, oldest first."""
    vandaag = vandaag or clock.today()
    months = maanden_terug(vandaag)
    start = dt.datetime.fromisoformat(months[0] + "-01").replace(tzinfo=dt.UTC)
    maand = (
        "to_char(aangemaakt_op AT TIME ZONE 'UTC', 'YYYY-MM')"
        if db.is_postgres()
        else "substr(aangemaakt_op, 1, 7)"
    )
    scope = ""
    args: list[Any] = [start]
    if gemeenten is not None:
        if not gemeenten:
            return dict.fromkeys(months, 0)
        scope = f" AND gemeente IN ({', '.join('{}' for _ in gemeenten)})"
        args += sorted(gemeenten)
    rows = await _raw(
        f"SELECT {maand} AS maand, COUNT(*) AS aantal FROM verificatie WHERE aangemaakt_op >= {{}}{scope} "
        f"GROUP BY {maand}",
        *args,
    )
    counts = dict.fromkeys(months, 0)
    for r in rows:
        if r["maand"] in counts:
            counts[r["maand"]] = int(r["aantal"])
    return counts


def _in(gemeenten: Sequence[str]) -> str:
    return ", ".join("{}" for _ in gemeenten)


async def trajecten_per_kwalificatie(gemeenten: Sequence[str]) -> dict[str, int]:
    """The gemeente's trajecten by the outcome of their current verdict (verificaties.current_sql: for
    today, or the newest for a later peildatum; a retrospective check never counts here)."""
    counts = dict.fromkeys(KWALIFICATIE, 0)
    if not gemeenten:
        return counts
    rows = await _raw(
        "SELECT CASE WHEN v.id IS NULL THEN 'nog-niet-geverifieerd' "
        "WHEN v.gekwalificeerd THEN 'gekwalificeerd' ELSE 'niet-gekwalificeerd' END AS uitkomst, "
        "COUNT(*) AS aantal FROM traject t "
        f"LEFT JOIN verificatie v ON v.id = {verificaties.current_sql('t', clock.today())} "
        f"WHERE t.gemeente IN ({_in(gemeenten)}) GROUP BY 1",
        *sorted(gemeenten),
    )
    for r in rows:
        counts[r["uitkomst"]] = int(r["aantal"])
    return counts


def budget_klasse(besteed: float, maximaal: float) -> str:
    """The band of a traject's budget use (pure)."""
    if maximaal <= 0:
        return "boven-100" if besteed > 0 else "tot-50"
    pct = 100 * besteed / maximaal
    if pct < 50:
        return "tot-50"
    if pct < 90:
        return "50-90"
    if pct <= 100:
        return "90-100"
    return "boven-100"


def maximaal(regime: str, contracturen: float, verlengd: bool) -> float:
    """The traject's maximum hours over all its years (carry-over moves hours between years only)."""
    jaren = uren_rules.aantal_jaren(verlengd)
    return round(sum(uren_rules.jaarbudget(regime, contracturen, j) for j in range(1, jaren + 1)), 2)


async def budgetgebruik(gemeenten: Sequence[str]) -> dict[str, int]:
    """The gemeente's running trajecten (goedgekeurd / lopend) per band of hours spent vs maximum.
    Hours are summed per traject in one GROUP BY query."""
    counts = dict.fromkeys(BUDGET_KLASSEN, 0)
    if not gemeenten:
        return counts
    rows = await _raw(
        "SELECT t.regime AS regime, t.contracturen AS contracturen, "
        "CASE WHEN t.verlenging_goedgekeurd_op IS NULL THEN 0 ELSE 1 END AS verlengd, "
        "COALESCE(SUM(u.uren), 0) AS besteed FROM traject t "
        "LEFT JOIN urenregistratie u ON u.traject = t.id "
        f"WHERE t.gemeente IN ({_in(gemeenten)}) AND t.status IN ('goedgekeurd', 'lopend') "
        "GROUP BY t.id, t.regime, t.contracturen, t.verlenging_goedgekeurd_op",
        *sorted(gemeenten),
    )
    for r in rows:
        top = maximaal(r["regime"], float(r["contracturen"]), bool(int(r["verlengd"])))
        counts[budget_klasse(float(r["besteed"]), top)] += 1
    return counts
