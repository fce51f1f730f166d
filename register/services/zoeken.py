"""Search in the public register: by name or registratienummer, tolerant of case, accents, word order,
small typos and Dutch spellings that sound alike, bounded on a large register. One entry point, `zoek()`,
with an engine-specific implementation that gives the same answers.

Scoring follows pg_trgm on both engines. A text becomes words of letters and digits (accents folded by
`register.rules.tekst.vouw`, lower case); each word, padded as `"  " + word + " "`, gives its trigrams.
For a query q and a name n:
  similarity      = |T(q) & T(n)| / |T(q) | T(n)|
  word similarity = the best similarity between T(q) and a contiguous stretch of the name's trigrams
A name matches when similarity >= 0.3 or word similarity >= 0.6 (pg_trgm's defaults), scored by the higher
of the two; failing that, it matches by sound when the word similarity of the phonetic keys
(register/rules/klank.py: ei/ij, au/ou, c/k, ph/f, ch/g, final d/t, ...) is at least 0.6, scored by it.
Order: matches on the written name first, then matches by sound only; within each, the higher score
first, then the name's sort key. A query that
is a registratienummer (JC-000123, jc 123, 123) finds exactly that coach.

The work is bounded by the page, not by the number of matches (issue #18): only the best
`offset + limit` of each kind are ranked, and the total is counted up to `AANTAL_GRENS`; above it
`Zoekresultaat.ondergrens` says the total is "more than" (the API's `aantalIsOndergrens`).

Both engines keep a search table per kind (`jobcoach_zoektekst`, `organisatie_zoektekst`) with the folded
name `tekst` and its phonetic key `klank` (a generated column), maintained by database triggers
(migrations 2026-11-23T15:55:22 and 2026-12-01T06:00), so every path that changes a name keeps it in
sync. Both fold with the same letter map, computed from Python's folding.
- PostgreSQL: GiST trigram indexes on `tekst` and `klank` return the nearest names in order (KNN with the
  word-distance operator `<->>`, filtered by `%>`), so each kind stops after the page; the count uses the
  same operators with a LIMIT.
- SQLite: FTS5 trigram indexes on `tekst` and `klank` give, per trigram of the query, the rows holding it;
  the rows sharing the most trigrams come first (at most `SQLITE_KANDIDATEN`, and never fewer than the
  page needs), and this module scores them as above.
"""

# SQL is composed here only from the fixed table and column names of _TABELLEN; every value the
# visitor typed travels as a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from register import clock, db, vocabulary
from register.infra import historie
from register.rules.klank import klanksleutel
from register.rules.tekst import vouw
from register.tables import Jobcoach
from register.vocabulary import HERREGISTRATIE_DAGEN

SIMILARITY_THRESHOLD = 0.3
WORD_SIMILARITY_THRESHOLD = 0.6
AANTAL_GRENS = 500  # the total is exact up to this number, a lower bound above it
SQLITE_KANDIDATEN = 500
PUBLIEKE_STATUSSEN = vocabulary.PUBLIEKE_STATUSSEN

_WORD = re.compile(r"[^\W_]+")


# --- pure text rules -----------------------------------------------------------------------------------


def normaliseer(tekst: str) -> str:
    """Lower case, accents folded (register.rules.tekst.vouw, the same map the database applies to stored
    names), words of letters and digits separated by one space."""
    return " ".join(_WORD.findall(vouw(tekst)))


def trigrammen(tekst: str) -> list[str]:
    """The pg_trgm trigrams of a text, in order, per word (duplicates kept)."""
    out: list[str] = []
    for word in normaliseer(tekst).split():
        padded = f"  {word} "
        out.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return out


class Vergelijking:
    """A query's trigrams, computed once, compared with many names."""

    def __init__(self, query: str) -> None:
        self.q = frozenset(trigrammen(query))

    def woord(self, naam: str) -> float:
        """The word similarity of the query and this name (pg_trgm's `word_similarity(query, naam)`)."""
        return self.scores(naam)[1]

    def scores(self, naam: str) -> tuple[float, float]:
        """(similarity, word similarity) of the query and this name."""
        q = self.q
        n = trigrammen(naam)
        if not q or not n:
            return 0.0, 0.0
        names = set(n)
        common = len(q & names)
        sim = common / (len(q) + len(names) - common)
        if common == 0:
            return sim, 0.0
        found = [t in q for t in n]
        last = max(i for i, hit in enumerate(found) if hit)
        best = 0.0
        for start in range(last + 1):
            if not found[start]:
                continue
            seen: set[str] = set()
            hits = 0
            for end in range(start, last + 1):
                t = n[end]
                if t not in seen:
                    seen.add(t)
                    if found[end]:
                        hits += 1
                if found[end]:
                    best = max(best, hits / (len(q) + len(seen) - hits))
            if best == 1.0:
                break
        return sim, best

    def score(self, naam: str) -> float | None:
        """The score of a matching name, or None when the name does not match."""
        sim, word = self.scores(naam)
        if sim >= SIMILARITY_THRESHOLD or word >= WORD_SIMILARITY_THRESHOLD:
            return max(sim, word)
        return None


def similarity(query: str, naam: str) -> float:
    return Vergelijking(query).scores(naam)[0]


def word_similarity(query: str, naam: str) -> float:
    """The best similarity between the query's trigrams and a contiguous stretch of the name's."""
    return Vergelijking(query).scores(naam)[1]


def score(query: str, naam: str) -> float:
    return max(Vergelijking(query).scores(naam))


def matches(query: str, naam: str) -> bool:
    return Vergelijking(query).score(naam) is not None


def registratienummer_in(tekst: str) -> str | None:
    """`JC-000123`, `jc 123`, `000123` or `123` -> `JC-000123`; None when the text is no number."""
    compact = re.sub(r"[\s\-]", "", tekst.lower())
    found = re.fullmatch(r"(?:jc)?([0-9]{1,6})", compact)  # ASCII digits only (issue #16, case 9)
    return f"JC-{int(found.group(1)):06d}" if found else None


# --- the query ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Zoekvraag:
    """What to look for. `gemeenten` None means no filter; an empty tuple finds nothing."""

    soort: Literal["jobcoach", "organisatie"]
    tekst: str = ""
    gemeenten: tuple[str, ...] | None = None
    schema: str | None = None
    peildatum: dt.date = field(default_factory=clock.today)
    kvk_nummer: str | None = None  # organisations only: exactly this KvK number
    # False: the public register only (actief or geschorst); True: every row that is not anonymised, for
    # an auditor choosing toetsing participants (an aangemeld coach may take part) with the same matcher
    ook_niet_publiek: bool = False


@dataclass(frozen=True)
class Zoekresultaat:
    """One page of ids, best first; `totaal` the number of all hits, exact unless `ondergrens`, when
    there are more than `totaal` (= AANTAL_GRENS) of them."""

    ids: list[str]
    totaal: int
    ondergrens: bool = False


@dataclass(frozen=True)
class _Tabel:
    naam: str
    alias: str
    sorteer_sql: str
    basis_sql: str  # only public rows
    intern_sql: str  # every row an auditor may look up (Zoekvraag.ook_niet_publiek)
    naam_kolommen: tuple[str, ...]
    heeft_nummer: bool
    sorteer_kolommen: tuple[str, str]  # SQL for the sort key and a unique tie-breaker
    sorteer_kolom: str  # byte order on both engines (jobcoach.sorteersleutel, register.rules.namen)

    @property
    def zoektekst(self) -> str:
        """The search table (maintained by triggers): one row per row of `naam`, normalised name."""
        return f"{self.naam}_zoektekst"

    def naam_van(self, row: dict[str, Any]) -> str:
        return " ".join(str(row[k]) for k in self.naam_kolommen)

    def sorteer_van(self, row: dict[str, Any]) -> str:
        return str(row[self.sorteer_kolom]).lower()


_TABELLEN = {
    "jobcoach": _Tabel(
        naam="jobcoach",
        alias="j",
        sorteer_sql="j.sorteersleutel, j.registratienummer",
        basis_sql="j.status IN ('actief', 'geschorst') AND j.geanonimiseerd_op IS NULL",
        intern_sql="j.geanonimiseerd_op IS NULL",
        naam_kolommen=("voornaam", "tussenvoegsel", "achternaam"),
        heeft_nummer=True,
        sorteer_kolommen=("j.sorteersleutel", "j.registratienummer"),
        sorteer_kolom="sorteersleutel",
    ),
    "organisatie": _Tabel(
        naam="organisatie",
        alias="o",
        sorteer_sql="lower(o.naam), o.id",
        basis_sql="o.status IN ('actief', 'geschorst')",
        intern_sql="1 = 1",
        naam_kolommen=("naam",),
        heeft_nummer=False,
        sorteer_kolommen=("lower(o.naam)", "CAST(o.id AS TEXT)"),
        sorteer_kolom="naam",
    ),
}


def _filters(vraag: Zoekvraag, tabel: _Tabel) -> tuple[list[str], list[Any]]:
    """SQL conditions (with `{}` placeholders) and their arguments for the filters of the query."""
    a = tabel.alias
    conditions = [tabel.intern_sql if vraag.ook_niet_publiek else tabel.basis_sql]
    args: list[Any] = []
    if vraag.gemeenten is not None:
        if not vraag.gemeenten:
            conditions.append("1 = 0")
        else:
            marks = ", ".join("{}" for _ in vraag.gemeenten)
            conditions.append(
                f"EXISTS (SELECT 1 FROM werkgebied w WHERE w.{tabel.naam} = {a}.id AND w.gemeente IN ({marks}))"
            )
            args.extend(vraag.gemeenten)
    if vraag.kvk_nummer is not None and tabel.naam == "organisatie":
        conditions.append(f"{a}.kvk_nummer = {{}}")
        args.append(vraag.kvk_nummer)
    if vraag.schema:
        # A keurmerk that counts on the peildatum, as register/rules/keurmerken.py `geldig` decides:
        # verified, started, `actief` up to its end date or a recertification within its grace period.
        # The status and validity are those of the version in force on the peildatum (valid time).
        status = historie.keurmerkversie_sql("k", "status")
        tot = historie.keurmerkversie_sql("k", "geldig_tot")
        conditions.append(
            f"EXISTS (SELECT 1 FROM keurmerk k WHERE k.{tabel.naam} = {a}.id AND k.schema = {{}} "
            "AND k.verificatie = 'geverifieerd' AND k.ingangsdatum <= {} "
            f"AND (({status} = 'actief' AND {tot} >= {{}}) "
            f"OR ({status} = 'herregistratie-in-behandeling' AND {tot} >= {{}})))"
        )
        coulance = vraag.peildatum - dt.timedelta(days=HERREGISTRATIE_DAGEN)
        p = vraag.peildatum
        args.extend([vraag.schema, p, p, p, p, p, p, coulance])
    return conditions, args


async def _rows(sql: str, args: list[Any]) -> list[dict[str, Any]]:
    # Any table's raw() runs on the bound engine; the SQL names its own tables.
    return await Jobcoach.raw(sql, *args)


async def zoek(vraag: Zoekvraag, offset: int, limit: int) -> Zoekresultaat:
    """The ids of the public coaches or organisations that match, best first, one page of them, and their
    number (exact up to AANTAL_GRENS, see Zoekresultaat)."""
    tabel = _TABELLEN[vraag.soort]
    tekst = normaliseer(vraag.tekst)
    nummer = registratienummer_in(vraag.tekst) if tabel.heeft_nummer else None
    if nummer:
        # A registratienummer (in any spelling) is no name: look up exactly that coach.
        exact = await _exact(vraag, tabel, nummer)
        return Zoekresultaat(exact[offset : offset + limit], len(exact))
    if not tekst and vraag.tekst.strip():
        return Zoekresultaat([], 0)  # only punctuation: nothing to look for (not "everyone")
    if not tekst:
        return await _alles(vraag, tabel, offset, limit)
    if db.is_postgres():
        return await _namen_postgres(vraag, offset, limit)
    return await _namen_sqlite(vraag, offset, limit)


async def _alles(vraag: Zoekvraag, tabel: _Tabel, offset: int, limit: int) -> Zoekresultaat:
    conditions, args = _filters(vraag, tabel)
    where = " AND ".join(conditions)
    a = tabel.alias
    rows = await _rows(
        f"SELECT {a}.id AS id FROM {tabel.naam} {a} WHERE {where} ORDER BY {tabel.sorteer_sql} "
        "LIMIT {} OFFSET {}",
        [*args, limit, offset],
    )
    if offset == 0 and len(rows) < limit:
        return Zoekresultaat([str(r["id"]) for r in rows], len(rows))
    counted = await _rows(
        f"SELECT count(*) AS n FROM (SELECT 1 FROM {tabel.naam} {a} WHERE {where} LIMIT {{}}) g",
        [*args, AANTAL_GRENS + 1],
    )
    return Zoekresultaat([str(r["id"]) for r in rows], *_begrensd(int(counted[0]["n"])))


async def _exact(vraag: Zoekvraag, tabel: _Tabel, nummer: str) -> list[str]:
    """The public row with exactly this registratienummer (and the filters), if any."""
    conditions, args = _filters(vraag, tabel)
    a = tabel.alias
    rows = await _rows(
        f"SELECT {a}.id AS id FROM {tabel.naam} {a} "
        f"WHERE {a}.registratienummer = {{}} AND {' AND '.join(conditions)}",
        [nummer, *args],
    )
    return [str(r["id"]) for r in rows]


def _begrensd(aantal: int) -> tuple[int, bool]:
    """A counted total (counted up to AANTAL_GRENS + 1) as (aantal, ondergrens)."""
    return (AANTAL_GRENS, True) if aantal > AANTAL_GRENS else (aantal, False)


def postgres_query(vraag: Zoekvraag, offset: int, limit: int) -> tuple[str, list[Any], str, list[Any]]:
    """The page and count queries of a name search on PostgreSQL (exposed so a test can EXPLAIN them).

    The page: per way of matching (written name by similarity `%`, by word similarity `%>`, sound by word
    similarity) the best `offset + limit` rows in order from a GiST index (`<->` is 1 - similarity, `<->>`
    is 1 - word similarity), merged, each row once with its best kind, scored, ordered and paged. Any row
    of the true page is among the best `offset + limit` of the way it scores highest by, so the page is
    exact (up to ties at the cut). The count: the hits, counted up to AANTAL_GRENS + 1.
    """
    tabel = _TABELLEN[vraag.soort]
    tekst = normaliseer(vraag.tekst)
    klank = klanksleutel(tekst)
    conditions, filter_args = _filters(vraag, tabel)
    a = tabel.alias
    s1, s2 = tabel.sorteer_kolommen
    where = " AND ".join(conditions)
    base = f"FROM {tabel.zoektekst} z JOIN {tabel.naam} {a} ON {a}.id = z.{tabel.naam} WHERE {where}"
    n = offset + limit

    def branch(laag: int, kolom: str, operator: str, afstand: str) -> str:
        return (
            f"(SELECT {a}.id AS id, {laag} AS laag, z.tekst AS tekst, z.klank AS klank, {s1} AS s1, {s2} AS s2 "
            f"{base} AND z.{kolom} {operator} {{}} ORDER BY z.{kolom} {afstand} {{}} LIMIT {{}})"
        )

    page = (
        "SELECT id FROM (SELECT DISTINCT ON (id) id, laag, "
        "CASE WHEN laag = 0 THEN greatest(similarity({}, tekst), word_similarity({}, tekst)) "
        "ELSE word_similarity({}, klank) END AS score, s1, s2 FROM ("
        f"{branch(0, 'tekst', '%>', '<->>')} UNION ALL {branch(0, 'tekst', '%', '<->')} "
        f"UNION ALL {branch(1, 'klank', '%>', '<->>')}"
        ') c ORDER BY id, laag) d ORDER BY laag, score DESC, s1 COLLATE "C", s2 LIMIT {} OFFSET {}'
    )
    page_args = [
        tekst,
        tekst,
        klank,
        *filter_args,
        tekst,
        tekst,
        n,
        *filter_args,
        tekst,
        tekst,
        n,
        *filter_args,
        klank,
        klank,
        n,
        limit,
        offset,
    ]
    count = (
        f"SELECT count(*) AS n FROM (SELECT 1 {base} AND (z.tekst %> {{}} OR z.tekst % {{}} OR z.klank %> {{}}) "
        "LIMIT {}) g"
    )
    return page, page_args, count, [*filter_args, tekst, tekst, klank, AANTAL_GRENS + 1]


async def _namen_postgres(vraag: Zoekvraag, offset: int, limit: int) -> Zoekresultaat:
    page, page_args, count, count_args = postgres_query(vraag, offset, limit)
    rows = await _rows(page, page_args)
    if offset == 0 and len(rows) < limit:
        total, ondergrens = len(rows), False  # the whole result is on this page
    else:
        total, ondergrens = _begrensd(int((await _rows(count, count_args))[0]["n"]))
    return Zoekresultaat([str(r["id"]) for r in rows], total, ondergrens)


def fts_query(tekst: str) -> str | None:
    """An FTS5 query for the trigram index: any trigram inside a query word; None for short words."""
    grams = _fts_trigrammen(tekst)
    return " OR ".join(f'"{g}"' for g in grams) if grams else None


def _fts_trigrammen(tekst: str) -> list[str]:
    return sorted({w[i : i + 3] for w in tekst.split() for i in range(len(w) - 2)})


def sqlite_candidates_query(vraag: Zoekvraag, n: int = SQLITE_KANDIDATEN) -> tuple[str, list[Any]]:
    """The SQLite query for candidate rows (exposed so a test can EXPLAIN it): the public rows that share
    the most in-word trigrams with the query, on the written name and on the sound, at most `n`."""
    tabel = _TABELLEN[vraag.soort]
    tekst = normaliseer(vraag.tekst)
    klank = klanksleutel(tekst)
    conditions, filter_args = _filters(vraag, tabel)
    a = tabel.alias
    where = " AND ".join(conditions)
    kolommen = ", ".join(
        [f"{a}.id AS id", "t.tekst AS tekst", "t.klank AS klank", f"{tabel.sorteer_kolommen[0]} AS s1",
         f"{tabel.sorteer_kolommen[1]} AS s2"]
    )  # fmt: skip
    treffers = [
        (f"SELECT rowid AS rid FROM {tabel.naam}_{index} WHERE {tabel.naam}_{index} MATCH {{}}", f'"{g}"')
        for index, woorden in (("zoekindex", tekst), ("klankindex", klank))
        for g in _fts_trigrammen(woorden)
    ]
    if treffers:
        return (
            f"SELECT {kolommen} FROM (SELECT rid, count(*) AS gedeeld FROM ("
            + " UNION ALL ".join(sql for sql, _ in treffers)
            + f") GROUP BY rid) g JOIN {tabel.zoektekst} t ON t.rid = g.rid "
            f"JOIN {tabel.naam} {a} ON {a}.id = t.{tabel.naam} WHERE {where} "
            "ORDER BY g.gedeeld DESC, g.rid LIMIT {}",
            [*(arg for _, arg in treffers), *filter_args, n],
        )
    # Words under three letters have no trigram in FTS5: look them up as substrings.
    words = tekst.split()
    likes = " OR ".join("t.tekst LIKE {}" for _ in words)
    return (
        f"SELECT {kolommen} FROM {tabel.zoektekst} t JOIN {tabel.naam} {a} ON {a}.id = t.{tabel.naam} "
        f"WHERE ({likes}) AND {where} LIMIT {{}}",
        [*(f"%{w}%" for w in words), *filter_args, n],
    )


async def _namen_sqlite(vraag: Zoekvraag, offset: int, limit: int) -> Zoekresultaat:
    tekst = normaliseer(vraag.tekst)
    n = max(SQLITE_KANDIDATEN, offset + limit)
    sql, args = sqlite_candidates_query(vraag, n)
    op_tekst = Vergelijking(tekst)
    op_klank = Vergelijking(klanksleutel(tekst))
    scored: list[tuple[int, float, str, str, str]] = []  # (kind, -score, sort key, tie-breaker, id)
    rows = await _rows(sql, args)
    for row in rows:
        if (score := op_tekst.score(row["tekst"])) is not None:
            scored.append((0, -score, str(row["s1"]), str(row["s2"]), str(row["id"])))
        elif (score := op_klank.woord(row["klank"])) >= WORD_SIMILARITY_THRESHOLD:
            scored.append((1, -score, str(row["s1"]), str(row["s2"]), str(row["id"])))
    scored.sort()
    if len(rows) < n:  # every candidate was read: counted as on PostgreSQL
        total, ondergrens = (
            (len(scored), False) if offset == 0 and len(scored) < limit else _begrensd(len(scored))
        )
    else:  # there may be more candidates than were read
        total, ondergrens = min(len(scored), AANTAL_GRENS), True
    return Zoekresultaat([s[4] for s in scored[offset : offset + limit]], total, ondergrens)
