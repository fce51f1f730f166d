"""Search in the public register: by name or registratienummer, tolerant of case, accents, word order
and small typos, fast on a large register. One entry point, `zoek()`, with an engine-specific
implementation.

Scoring follows pg_trgm on both engines. A text becomes words of letters and digits (accents folded,
lower case); each word, padded as `"  " + word + " "`, gives its trigrams. For a query q and a name n:
  similarity      = |T(q) & T(n)| / |T(q) | T(n)|
  word similarity = the best similarity between T(q) and a contiguous stretch of the name's trigrams
A name matches when similarity >= 0.3 or word similarity >= 0.6 (pg_trgm's defaults). Order: the
exact registratienummer first, then the best score (the higher of the two), then the name.

- PostgreSQL: `register_zoeknorm()` (unaccent + lower + punctuation to spaces, IMMUTABLE) and a GIN
  trigram index on that expression (migration 2026-11-23T15:55:22); the `%` and `<%` operators use the
  index, pg_trgm computes the scores.
- SQLite: an FTS5 trigram index over the normalised names, kept in sync by triggers (same migration).
  It finds candidates that share a trigram with the query, best first (bm25), at most
  `SQLITE_CANDIDATES`; this module then scores them as above. So on SQLite the number of hits of a
  very broad query is capped at that number; PostgreSQL has no cap.
"""

# SQL is composed here only from the fixed table and column names of _TABELLEN; every value the
# visitor typed travels as a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from register import clock, db
from register.tables import Jobcoach

SIMILARITY_THRESHOLD = 0.3
WORD_SIMILARITY_THRESHOLD = 0.6
SQLITE_CANDIDATES = 300
PUBLIEKE_STATUSSEN = ("actief", "geschorst")
GELDIGE_KEURMERK_STATUSSEN = ("actief", "herregistratie-in-behandeling")

_EXTRA = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "h",
        "ŧ": "t",
        "Ŧ": "t",
        "ĸ": "k",
        "ŋ": "n",
        "Ŋ": "n",
        "ŉ": "'n",
        "ſ": "s",
        "ʼ": "'",
        "ʻ": "'",
    }
)
_WORD = re.compile(r"[^\W_]+")


# --- pure text rules -----------------------------------------------------------------------------------


def normaliseer(tekst: str) -> str:
    """Lower case, accents folded, words of letters and digits separated by one space."""
    folded = unicodedata.normalize("NFKD", tekst.translate(_EXTRA).casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(_WORD.findall(folded))


def trigrammen(tekst: str) -> list[str]:
    """The pg_trgm trigrams of a text, in order, per word (duplicates kept)."""
    out: list[str] = []
    for word in normaliseer(tekst).split():
        padded = f"  {word} "
        out.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return out


def similarity(query: str, naam: str) -> float:
    q, n = set(trigrammen(query)), set(trigrammen(naam))
    if not q or not n:
        return 0.0
    common = len(q & n)
    return common / (len(q) + len(n) - common)


def word_similarity(query: str, naam: str) -> float:
    """The best similarity between the query's trigrams and a contiguous stretch of the name's."""
    q = set(trigrammen(query))
    n = trigrammen(naam)
    if not q or not n:
        return 0.0
    found = [t in q for t in n]
    best = 0.0
    for start in range(len(n)):
        if not found[start]:
            continue
        seen: set[str] = set()
        common = 0
        for end in range(start, len(n)):
            t = n[end]
            if t not in seen:
                seen.add(t)
                if found[end]:
                    common += 1
            if found[end]:
                best = max(best, common / (len(q) + len(seen) - common))
        if best == 1.0:
            break
    return best


def score(query: str, naam: str) -> float:
    return max(similarity(query, naam), word_similarity(query, naam))


def matches(query: str, naam: str) -> bool:
    return (
        similarity(query, naam) >= SIMILARITY_THRESHOLD
        or word_similarity(query, naam) >= WORD_SIMILARITY_THRESHOLD
    )


def registratienummer_in(tekst: str) -> str | None:
    """`JC-000123`, `jc 123`, `000123` or `123` -> `JC-000123`; None when the text is no number."""
    compact = re.sub(r"[\s\-]", "", tekst.lower())
    found = re.fullmatch(r"(?:jc)?(\d{1,6})", compact)
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


@dataclass(frozen=True)
class Zoekresultaat:
    ids: list[str]
    totaal: int


@dataclass(frozen=True)
class _Tabel:
    naam: str
    alias: str
    naam_sql: str  # the searchable name of a row
    sorteer_sql: str
    basis_sql: str  # only public rows
    heeft_nummer: bool


_TABELLEN = {
    "jobcoach": _Tabel(
        naam="jobcoach",
        alias="j",
        naam_sql="j.voornaam || ' ' || j.achternaam",
        sorteer_sql="lower(j.achternaam), lower(j.voornaam), j.registratienummer",
        basis_sql="j.status IN ('actief', 'geschorst') AND j.geanonimiseerd_op IS NULL",
        heeft_nummer=True,
    ),
    "organisatie": _Tabel(
        naam="organisatie",
        alias="o",
        naam_sql="o.naam",
        sorteer_sql="lower(o.naam), o.id",
        basis_sql="o.status IN ('actief', 'geschorst')",
        heeft_nummer=False,
    ),
}


def _filters(vraag: Zoekvraag, tabel: _Tabel) -> tuple[list[str], list[Any]]:
    """SQL conditions (with `{}` placeholders) and their arguments for the filters of the query."""
    a = tabel.alias
    conditions = [tabel.basis_sql]
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
    if vraag.schema:
        conditions.append(
            f"EXISTS (SELECT 1 FROM keurmerk k WHERE k.{tabel.naam} = {a}.id AND k.schema = {{}} "
            "AND k.verificatie = 'geverifieerd' AND k.status IN ('actief', 'herregistratie-in-behandeling') "
            "AND k.geldig_tot >= {})"
        )
        args.extend([vraag.schema, vraag.peildatum])
    return conditions, args


async def _rows(sql: str, args: list[Any]) -> list[dict[str, Any]]:
    # Any table's raw() runs on the bound engine; the SQL names its own tables.
    return await Jobcoach.raw(sql, *args)


async def zoek(vraag: Zoekvraag, offset: int, limit: int) -> Zoekresultaat:
    """The ids of the public coaches or organisations that match, best first, one page of them."""
    tabel = _TABELLEN[vraag.soort]
    tekst = normaliseer(vraag.tekst)
    nummer = registratienummer_in(vraag.tekst) if tabel.heeft_nummer else None
    if not tekst and not nummer:
        return await _alles(vraag, tabel, offset, limit)
    if db.is_postgres():
        return await _zoek_postgres(vraag, offset, limit)
    return await _zoek_sqlite(vraag, tabel, tekst, nummer, offset, limit)


async def _alles(vraag: Zoekvraag, tabel: _Tabel, offset: int, limit: int) -> Zoekresultaat:
    conditions, args = _filters(vraag, tabel)
    where = " AND ".join(conditions)
    a = tabel.alias
    rows = await _rows(
        f"SELECT {a}.id AS id FROM {tabel.naam} {a} WHERE {where} ORDER BY {tabel.sorteer_sql} "
        "LIMIT {} OFFSET {}",
        [*args, limit, offset],
    )
    total = await _rows(f"SELECT count(*) AS n FROM {tabel.naam} {a} WHERE {where}", args)
    return Zoekresultaat([str(r["id"]) for r in rows], int(total[0]["n"]))


def postgres_query(vraag: Zoekvraag, offset: int, limit: int) -> tuple[str, list[Any], str, list[Any]]:
    """The page query and the count query for PostgreSQL (exposed so a test can EXPLAIN them)."""
    tabel = _TABELLEN[vraag.soort]
    nummer = registratienummer_in(vraag.tekst) if tabel.heeft_nummer else None
    conditions, filter_args = _filters(vraag, tabel)
    a = tabel.alias
    naam = f"register_zoeknorm({tabel.naam_sql})"
    # `%` (similarity) and `<%` (word similarity) are the operators the GIN trigram index serves.
    match = f"(register_zoeknorm({{}}) % {naam} OR register_zoeknorm({{}}) <% {naam}"
    match_args: list[Any] = [vraag.tekst, vraag.tekst]
    exact, exact_args = "", []
    if tabel.heeft_nummer:
        match += f" OR {a}.registratienummer = {{}}"
        match_args.append(nummer or "")
        exact, exact_args = f"({a}.registratienummer = {{}}) DESC, ", [nummer or ""]
    match += ")"
    where = " AND ".join([*conditions, match])
    where_args = [*filter_args, *match_args]
    page = (
        f"SELECT {a}.id AS id FROM {tabel.naam} {a} WHERE {where} ORDER BY {exact}"
        f"greatest(similarity(register_zoeknorm({{}}), {naam}), word_similarity(register_zoeknorm({{}}), {naam})) "
        f"DESC, {tabel.sorteer_sql} LIMIT {{}} OFFSET {{}}"
    )
    page_args = [*where_args, *exact_args, vraag.tekst, vraag.tekst, limit, offset]
    count = f"SELECT count(*) AS n FROM {tabel.naam} {a} WHERE {where}"
    return page, page_args, count, where_args


async def _zoek_postgres(vraag: Zoekvraag, offset: int, limit: int) -> Zoekresultaat:
    page, page_args, count, count_args = postgres_query(vraag, offset, limit)
    rows = await _rows(page, page_args)
    total = await _rows(count, count_args)
    return Zoekresultaat([str(r["id"]) for r in rows], int(total[0]["n"]))


def fts_query(tekst: str) -> str | None:
    """An FTS5 query for the trigram index: any trigram inside a query word; None for short words."""
    grams = sorted({w[i : i + 3] for w in tekst.split() for i in range(len(w) - 2)})
    return " OR ".join(f'"{g}"' for g in grams) if grams else None


def sqlite_candidates_query(vraag: Zoekvraag) -> tuple[str, list[Any]]:
    """The SQLite query for candidate rows (exposed so a test can EXPLAIN it)."""
    tabel = _TABELLEN[vraag.soort]
    tekst = normaliseer(vraag.tekst)
    conditions, filter_args = _filters(vraag, tabel)
    a = tabel.alias
    where = " AND ".join(conditions)
    kolommen = f"{a}.id AS id, " + (f"{a}.voornaam, {a}.achternaam" if tabel.heeft_nummer else f"{a}.naam")
    query = fts_query(tekst)
    if query is not None:
        return (
            f"SELECT {kolommen} FROM {tabel.naam}_zoekindex f "
            f"JOIN {tabel.naam}_zoektekst t ON t.rid = f.rowid "
            f"JOIN {tabel.naam} {a} ON {a}.id = t.{tabel.naam} "
            f"WHERE {tabel.naam}_zoekindex MATCH {{}} AND {where} "
            f"ORDER BY bm25({tabel.naam}_zoekindex) LIMIT {{}}",
            [query, *filter_args, SQLITE_CANDIDATES],
        )
    # Words under three letters have no trigram in FTS5: look them up as substrings.
    words = tekst.split()
    likes = " OR ".join("t.tekst LIKE {}" for _ in words)
    return (
        f"SELECT {kolommen} FROM {tabel.naam}_zoektekst t JOIN {tabel.naam} {a} ON {a}.id = t.{tabel.naam} "
        f"WHERE ({likes}) AND {where} LIMIT {{}}",
        [*(f"%{w}%" for w in words), *filter_args, SQLITE_CANDIDATES],
    )


async def _zoek_sqlite(
    vraag: Zoekvraag, tabel: _Tabel, tekst: str, nummer: str | None, offset: int, limit: int
) -> Zoekresultaat:
    scored: list[tuple[int, float, str, str]] = []
    if tekst:
        sql, args = sqlite_candidates_query(vraag)
        for row in await _rows(sql, args):
            naam = f"{row['voornaam']} {row['achternaam']}" if tabel.heeft_nummer else row["naam"]
            if matches(tekst, naam):
                sort_name = f"{row['achternaam']} {row['voornaam']}" if tabel.heeft_nummer else naam
                scored.append((1, -score(tekst, naam), sort_name.lower(), str(row["id"])))
    if nummer:
        conditions, filter_args = _filters(vraag, tabel)
        a = tabel.alias
        exact = await _rows(
            f"SELECT {a}.id AS id FROM {tabel.naam} {a} "
            f"WHERE {a}.registratienummer = {{}} AND {' AND '.join(conditions)}",
            [nummer, *filter_args],
        )
        for row in exact:
            key = str(row["id"])
            scored = [s for s in scored if s[3] != key]
            scored.append((0, -1.0, "", key))
    scored.sort()
    return Zoekresultaat([s[3] for s in scored[offset : offset + limit]], len(scored))
