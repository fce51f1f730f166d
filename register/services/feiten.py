# ruff: noqa: S608 - the SQL below is built from constants and "{}" placeholders only; values are bound
"""Gather the facts behind verdicts for many trajecten at once, in one database round trip.

One SQL statement (a CTE with the trajecten, then a UNION ALL of one branch per kind of fact, each row
as a JSON object) returns the trajecten with their coach and organisation, the status histories, every
claim (opleiding, keurmerk, scholing), dienstverbanden, locked toetsingen, zelfevaluaties,
kwaliteitsborging, tevredenheidsmetingen and the toetsingskaders that may apply. Every branch is a
semi-join on an indexed foreign key, so the cost grows with the facts of the trajecten asked for, not
with the register; a single verification is a bulk of one. Running it as one statement also gives one
consistent snapshot of the facts on PostgreSQL.

Claims are loaded whatever their verification state: the pure rules count only verified ones, and use
the others to explain ("opgegeven, maar nog niet geverifieerd").
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import msgspec

from register import db
from register.rules import feiten as f
from register.rules import kader as kaders
from register.rules import namen
from register.rules.kader import Kader
from register.rules.kwalificatie import Oordeel, beoordeel
from register.tables import Traject

MAX_PER_QUERY = 1000


@dataclass(frozen=True)
class TrajectInfo:
    id: str
    gemeente: str
    referentie: str
    status: str
    startdatum: dt.date
    jobcoach: str
    organisatie: str
    registratienummer: str
    jobcoach_naam: str
    organisatie_naam: str
    kvk_nummer: str


@dataclass
class Geladen:
    trajecten: dict[str, TrajectInfo] = field(default_factory=dict)
    feiten: dict[str, f.Feiten] = field(default_factory=dict)
    kaders: list[Kader] = field(default_factory=list)


def _coach_branches(obj: str, coaches: str) -> list[str]:
    """The coach-level facts: one UNION ALL branch per kind, for the coaches in `coaches` (a subquery or a
    parenthesised placeholder). Shared by the verification and the public profile, so both judge the
    same facts."""
    return [
        # named here too, for when these branches come first (load_coach); later names are ignored
        f"""SELECT 'coachstatus' AS soort, {obj}('eigenaar', s.jobcoach, 'status', s.status, 'vanaf', s.vanaf) AS data
            FROM statuswijziging s WHERE s.jobcoach IN {coaches}""",
        f"""SELECT 'opleiding', {obj}('eigenaar', x.jobcoach, 'id', x.id, 'soort', x.soort, 'datum', x.datum,
                'verificatie', x.verificatie, 'omschrijving', x.omschrijving)
            FROM opleiding x WHERE x.jobcoach IN {coaches}""",
        f"""SELECT 'coachkeurmerk', {obj}('eigenaar', k.jobcoach, 'id', k.id, 'schema', k.schema,
                'nummer', k.nummer, 'ingangsdatum', k.ingangsdatum, 'geldigTot', k.geldig_tot,
                'status', k.status, 'verificatie', k.verificatie)
            FROM keurmerk k WHERE k.jobcoach IN {coaches}""",
        f"""SELECT 'coachkeurmerkversie', {obj}('eigenaar', k.jobcoach, 'keurmerk', v.keurmerk, 'id', v.id,
                'status', v.status, 'geldigTot', v.geldig_tot, 'ingangsdatum', v.ingangsdatum,
                'volgnummer', v.volgnummer, 'melding', v.melding)
            FROM keurmerk_versie v JOIN keurmerk k ON k.id = v.keurmerk WHERE k.jobcoach IN {coaches}""",
        f"""SELECT 'scholing', {obj}('eigenaar', x.jobcoach, 'id', x.id, 'datum', x.datum, 'uren', x.uren,
                'verificatie', x.verificatie, 'titel', x.titel)
            FROM scholing x WHERE x.jobcoach IN {coaches}""",
        f"""SELECT 'toetsing', {obj}('eigenaar', d.jobcoach, 'id', tg.id, 'datum', tg.datum, 'vorm', tg.vorm,
                'beoordeling', d.beoordeling, 'status', tg.status)
            FROM toetsing_deelnemer d JOIN toetsing tg ON tg.id = d.toetsing
            WHERE d.jobcoach IN {coaches} AND tg.status = 'vastgesteld'
              AND NOT EXISTS (SELECT 1 FROM toetsing c WHERE c.corrigeert = tg.id AND c.status = 'vastgesteld')""",
        f"""SELECT 'zelfevaluatie', {obj}('eigenaar', z.jobcoach, 'id', z.id, 'datum', z.datum,
                'volledig', z.volledig)
            FROM zelfevaluatie z WHERE z.jobcoach IN {coaches}""",
    ]


def fact_query(n: int, postgres: bool, gemeenten: int, *, paar: bool = False) -> str:
    """The statement for n trajecten (exposed so the benchmark can EXPLAIN it). With `paar`, for one coach
    and organisation without a traject (an aanvraag): parameters id, jobcoach, organisatie, gemeente,
    startdatum; the one 'traject' row then describes the aanvraag."""
    obj = "json_build_object" if postgres else "json_object"

    def embed(column: str) -> str:
        # PostgreSQL stores Piccolo's JSON columns as json; SQLite as text that json() turns into JSON
        return column if postgres else f"json({column})"

    # PostgreSQL gets the ids as one array parameter: a thousand placeholders cost ~20 ms of planning
    ids = "SELECT unnest({}::uuid[])" if postgres else ", ".join("{}" for _ in range(n))
    scope = f" AND gemeente IN ({', '.join('{}' for _ in range(gemeenten))})" if gemeenten else ""
    coaches = "(SELECT jobcoach FROM t)"
    orgs = "(SELECT organisatie FROM t)"
    branches = [
        f"""SELECT 'traject' AS soort, {obj}(
                'id', tr.id, 'gemeente', tr.gemeente, 'referentie', tr.referentie, 'status', tr.status,
                'startdatum', tr.startdatum, 'jobcoach', tr.jobcoach, 'organisatie', tr.organisatie,
                'registratienummer', j.registratienummer, 'voornaam', j.voornaam,
                'tussenvoegsel', j.tussenvoegsel, 'achternaam', j.achternaam,
                'coachStatus', j.status, 'organisatieNaam', o.naam, 'kvkNummer', o.kvk_nummer,
                'organisatieStatus', o.status) AS data
            FROM traject tr JOIN jobcoach j ON j.id = tr.jobcoach JOIN organisatie o ON o.id = tr.organisatie
            WHERE tr.id IN (SELECT id FROM t)""",
        *_coach_branches(obj, coaches),
        f"""SELECT 'organisatiestatus', {obj}('eigenaar', s.organisatie, 'status', s.status, 'vanaf', s.vanaf)
            FROM statuswijziging s WHERE s.organisatie IN {orgs}""",
        f"""SELECT 'organisatiekeurmerk', {obj}('eigenaar', k.organisatie, 'id', k.id, 'schema', k.schema,
                'nummer', k.nummer, 'ingangsdatum', k.ingangsdatum, 'geldigTot', k.geldig_tot,
                'status', k.status, 'verificatie', k.verificatie)
            FROM keurmerk k WHERE k.organisatie IN {orgs}""",
        f"""SELECT 'organisatiekeurmerkversie', {obj}('eigenaar', k.organisatie, 'keurmerk', v.keurmerk,
                'id', v.id, 'status', v.status, 'geldigTot', v.geldig_tot, 'ingangsdatum', v.ingangsdatum,
                'volgnummer', v.volgnummer, 'melding', v.melding)
            FROM keurmerk_versie v JOIN keurmerk k ON k.id = v.keurmerk WHERE k.organisatie IN {orgs}""",
        f"""SELECT 'dienstverband', {obj}('eigenaar', x.jobcoach, 'id', x.id, 'organisatie', x.organisatie,
                'van', x.van, 'tot', x.tot, 'soort', x.soort, 'status', x.status)
            FROM dienstverband x WHERE x.jobcoach IN {coaches} AND x.organisatie IN {orgs}
                AND x.status <> 'geweigerd'""",
        f"""SELECT 'borging', {obj}('eigenaar', b.organisatie, 'id', b.id, 'gebied', b.gebied,
                'ingangsdatum', b.ingangsdatum, 'gegevens', {embed("b.gegevens")})
            FROM kwaliteitsborging b WHERE b.organisatie IN {orgs}""",
        f"""SELECT 'meting', {obj}('eigenaar', m.organisatie, 'id', m.id, 'periodeVan', m.periode_van,
                'periodeTot', m.periode_tot, 'gemiddeldeScore', m.gemiddelde_score,
                'respondenten', m.respondenten)
            FROM tevredenheidsmeting m WHERE m.organisatie IN {orgs}""",
        f"""SELECT 'kader', {obj}('gemeente', k.gemeente, 'versie', k.versie, 'ingangsdatum', k.ingangsdatum,
                'criteria', {embed("k.criteria")})
            FROM toetsingskader k WHERE k.gemeente IS NULL OR k.gemeente IN (SELECT gemeente FROM t)""",
    ]
    if paar:
        uid, text, day = (
            ("CAST({} AS uuid)", "CAST({} AS varchar)", "CAST({} AS date)") if postgres else ("{}",) * 3
        )
        cte = (
            f"WITH t AS (SELECT {uid} AS id, {uid} AS jobcoach, {uid} AS organisatie, "
            f"{text} AS gemeente, {day} AS startdatum)\n"
        )
        branches[0] = f"""SELECT 'traject' AS soort, {obj}(
                'id', t.id, 'gemeente', t.gemeente, 'referentie', '', 'status', 'aangevraagd',
                'startdatum', t.startdatum, 'jobcoach', j.id, 'organisatie', o.id,
                'registratienummer', j.registratienummer, 'voornaam', j.voornaam, 'tussenvoegsel', j.tussenvoegsel,
                'achternaam', j.achternaam,
                'coachStatus', j.status, 'organisatieNaam', o.naam, 'kvkNummer', o.kvk_nummer,
                'organisatieStatus', o.status) AS data
            FROM t JOIN jobcoach j ON j.id = t.jobcoach JOIN organisatie o ON o.id = t.organisatie"""
        return cte + "\nUNION ALL\n".join(branches)
    cte = f"WITH t AS (SELECT id, jobcoach, organisatie, gemeente FROM traject WHERE id IN ({ids}){scope})\n"
    return cte + "\nUNION ALL\n".join(branches)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _moment(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _json(value: Any) -> Any:
    while isinstance(value, str):
        value = json.loads(value)
    return value


async def load(traject_ids: Sequence[Any], *, gemeenten: Sequence[str] | None = None) -> Geladen:
    """Facts for these trajecten (restricted to `gemeenten` when given; ids outside it are not loaded)."""
    ids = list(dict.fromkeys(uuid.UUID(str(i)) for i in traject_ids))
    out = Geladen()
    for start in range(0, len(ids), MAX_PER_QUERY):
        chunk = ids[start : start + MAX_PER_QUERY]
        scope = sorted(gemeenten) if gemeenten is not None else []
        if gemeenten is not None and not scope:
            return out
        postgres = db.is_postgres()
        sql = fact_query(len(chunk), postgres, len(scope))
        rows = await Traject.raw(sql, *([chunk] if postgres else chunk), *scope)
        _collect(rows, out)
    return out


async def load_paar(
    aanvraag_id: Any, jobcoach: Any, organisatie: Any, gemeente: str, startdatum: dt.date
) -> Geladen:
    """The facts of a coach and organisation for a gemeente without a traject (an aanvraag's
    verification): the same branches as a traject's, keyed by the aanvraag's id."""
    out = Geladen()
    postgres = db.is_postgres()
    sql = fact_query(1, postgres, 0, paar=True)
    args = [uuid.UUID(str(i)) for i in (aanvraag_id, jobcoach, organisatie)] + [gemeente, startdatum]
    rows = await Traject.raw(sql, *args)
    _collect(rows, out)
    return out


def _collect(rows: list[dict[str, Any]], out: Geladen) -> None:
    coach: dict[str, dict[str, list]] = {}
    org: dict[str, dict[str, list]] = {}
    trajecten: list[dict[str, Any]] = []
    kaders: dict[tuple, Kader] = {(k.gemeente, k.versie): k for k in out.kaders}
    decoder = msgspec.json.Decoder()
    for row in rows:
        soort = row["soort"]
        data = row["data"]
        data = decoder.decode(data) if isinstance(data, str | bytes) else data
        if soort == "traject":
            trajecten.append(data)
            continue
        if soort == "kader":
            kader = Kader(
                gemeente=data["gemeente"],
                versie=int(data["versie"]),
                ingangsdatum=_date(data["ingangsdatum"]),  # type: ignore[arg-type]
                criteria=_json(data["criteria"]),
            )
            kaders[(kader.gemeente, kader.versie)] = kader
            continue
        owner = str(data["eigenaar"])
        if soort.startswith("organisatie") or soort in ("borging", "meting"):
            bucket = org.setdefault(owner, {})
        else:
            bucket = coach.setdefault(owner, {})
        bucket.setdefault(soort, []).append(_fact(soort, data))
    out.kaders = list(kaders.values())

    coaches: dict[str, f.CoachFeiten] = {}
    orgs: dict[str, f.OrganisatieFeiten] = {}
    for t in trajecten:
        info = TrajectInfo(
            id=str(t["id"]),
            gemeente=t["gemeente"],
            referentie=t["referentie"],
            status=t["status"],
            startdatum=_date(t["startdatum"]),  # type: ignore[arg-type]
            jobcoach=str(t["jobcoach"]),
            organisatie=str(t["organisatie"]),
            registratienummer=t["registratienummer"],
            jobcoach_naam=namen.volledige_naam(t["voornaam"], t["tussenvoegsel"], t["achternaam"]),
            organisatie_naam=t["organisatieNaam"],
            kvk_nummer=t["kvkNummer"],
        )
        out.trajecten[info.id] = info
        if info.jobcoach not in coaches:
            coaches[info.jobcoach] = _coach_feiten(
                info.jobcoach,
                coach.get(info.jobcoach, {}),
                registratienummer=info.registratienummer,
                naam=info.jobcoach_naam,
                status=t["coachStatus"],
            )
        if info.organisatie not in orgs:
            b = org.get(info.organisatie, {})
            orgs[info.organisatie] = f.OrganisatieFeiten(
                id=info.organisatie,
                naam=info.organisatie_naam,
                kvk_nummer=info.kvk_nummer,
                status=t["organisatieStatus"],
                statushistorie=tuple(b.get("organisatiestatus", ())),
                keurmerken=_met_versies(b.get("organisatiekeurmerk", ()), b.get("organisatiekeurmerkversie", ())),
                kwaliteitsborging=tuple(b.get("borging", ())),
                metingen=tuple(b.get("meting", ())),
            )
        out.feiten[info.id] = f.Feiten(coach=coaches[info.jobcoach], organisatie=orgs[info.organisatie])


def _met_versies(
    keurmerken: Sequence[f.Keurmerk], versies: Sequence[tuple[str, f.KeurmerkVersie]]
) -> tuple[f.Keurmerk, ...]:
    """The keurmerken, each with its versions (from the `...keurmerkversie` branch, keyed by keurmerk)."""
    per: dict[str, list[f.KeurmerkVersie]] = {}
    for keurmerk_id, versie in versies:
        per.setdefault(keurmerk_id, []).append(versie)
    return tuple(
        replace(k, versies=tuple(sorted(per[k.id], key=lambda v: (v.ingangsdatum, v.volgnummer))))
        if k.id in per
        else k
        for k in keurmerken
    )


def _coach_feiten(
    coach_id: str, b: dict[str, list], *, registratienummer: str, naam: str, status: str
) -> f.CoachFeiten:
    return f.CoachFeiten(
        id=coach_id,
        registratienummer=registratienummer,
        naam=naam,
        status=status,
        statushistorie=tuple(b.get("coachstatus", ())),
        opleidingen=tuple(b.get("opleiding", ())),
        keurmerken=_met_versies(b.get("coachkeurmerk", ()), b.get("coachkeurmerkversie", ())),
        dienstverbanden=tuple(b.get("dienstverband", ())),
        scholingen=tuple(b.get("scholing", ())),
        toetsingen=tuple(b.get("toetsing", ())),
        zelfevaluaties=tuple(b.get("zelfevaluatie", ())),
    )


async def load_coach(coach_id: Any, *, registratienummer: str, status: str, naam: str = "") -> f.CoachFeiten:
    """One coach's own facts, without a traject (the public profile judges the coach-level criteria):
    the coach-level branches of the verification's statement, so both judge the same facts."""
    obj = "json_build_object" if db.is_postgres() else "json_object"
    branches = _coach_branches(obj, "({})")
    rows = await Traject.raw("\nUNION ALL\n".join(branches), *([coach_id] * len(branches)))
    decoder = msgspec.json.Decoder()
    buckets: dict[str, list] = {}
    for row in rows:
        data = row["data"]
        data = decoder.decode(data) if isinstance(data, str | bytes) else data
        buckets.setdefault(row["soort"], []).append(_fact(row["soort"], data))
    return _coach_feiten(
        str(coach_id), buckets, registratienummer=registratienummer, naam=naam, status=status
    )


def _fact(soort: str, d: dict[str, Any]) -> Any:
    if soort in ("coachstatus", "organisatiestatus"):
        return f.Statusregel(status=d["status"], vanaf=_moment(d["vanaf"]))
    if soort == "opleiding":
        return f.Opleiding(
            id=str(d["id"]),
            soort=d["soort"],
            datum=_date(d["datum"]),  # type: ignore[arg-type]
            verificatie=d["verificatie"],
            omschrijving=d.get("omschrijving") or "",
        )
    if soort in ("coachkeurmerk", "organisatiekeurmerk"):
        return f.Keurmerk(
            id=str(d["id"]),
            schema=d["schema"],
            nummer=d["nummer"],
            ingangsdatum=_date(d["ingangsdatum"]),  # type: ignore[arg-type]
            geldig_tot=_date(d["geldigTot"]),  # type: ignore[arg-type]
            status=d["status"],
            verificatie=d["verificatie"],
        )
    if soort in ("coachkeurmerkversie", "organisatiekeurmerkversie"):
        return str(d["keurmerk"]), f.KeurmerkVersie(
            id=str(d["id"]),
            status=d["status"],
            geldig_tot=_date(d["geldigTot"]),  # type: ignore[arg-type]
            ingangsdatum=_date(d["ingangsdatum"]),  # type: ignore[arg-type]
            volgnummer=int(d["volgnummer"]),
            melding=bool(d["melding"]),
        )
    if soort == "dienstverband":
        return f.Dienstverband(
            id=str(d["id"]),
            organisatie=str(d["organisatie"]),
            van=_date(d["van"]),  # type: ignore[arg-type]
            tot=_date(d["tot"]),
            soort=d["soort"],
            status=d["status"],
        )
    if soort == "scholing":
        return f.Scholing(
            id=str(d["id"]),
            datum=_date(d["datum"]),  # type: ignore[arg-type]
            uren=float(d["uren"]),
            verificatie=d["verificatie"],
            titel=d.get("titel") or "",
        )
    if soort == "toetsing":
        return f.Toetsing(
            id=str(d["id"]),
            datum=_date(d["datum"]),  # type: ignore[arg-type]
            beoordeling=d["beoordeling"],
            status=d["status"],
            vorm=d["vorm"],
        )
    if soort == "zelfevaluatie":
        return f.Zelfevaluatie(
            id=str(d["id"]),
            datum=_date(d["datum"]),  # type: ignore[arg-type]
            volledig=bool(d["volledig"]),
        )
    if soort == "borging":
        return f.Borging(
            id=str(d["id"]),
            gebied=d["gebied"],
            ingangsdatum=_date(d["ingangsdatum"]),  # type: ignore[arg-type]
            gegevens=_json(d.get("gegevens")) or {},
        )
    if soort == "meting":
        return f.Meting(
            id=str(d["id"]),
            periode_van=_date(d["periodeVan"]),  # type: ignore[arg-type]
            periode_tot=_date(d["periodeTot"]),  # type: ignore[arg-type]
            gemiddelde_score=float(d["gemiddeldeScore"]),
            respondenten=int(d["respondenten"]),
        )
    raise ValueError(f"unknown fact kind {soort}")


def oordeel_voor(
    geladen: Geladen, traject_id: str, peildatum: dt.date, in_force: dict[str, kaders.Kader] | None = None
) -> Oordeel:
    """The verdict on one loaded traject under the kader in force on the peildatum (used by verification
    and by the signals job). `in_force` remembers the kader per gemeente across the trajecten of one call."""
    info = geladen.trajecten[traject_id]
    cache = {} if in_force is None else in_force
    kader = cache.get(info.gemeente)
    if kader is None:
        kader = cache[info.gemeente] = kaders.in_force(geladen.kaders, info.gemeente, peildatum)
    return beoordeel(geladen.feiten[traject_id], kader, peildatum)
