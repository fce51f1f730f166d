"""Search in the public register: by name or registratienummer, tolerant of case, accents, word order
and small typos, fast on a large register. One entry point, `zoek()`, with an engine-specific
implementation.

Scoring follows pg_trgm on both engines. A text becomes words of letters and digits (accents folded,
lower case); each word, padded as `"  " + word + " "`, gives its trigrams. For a query q and a name n:
  similarity      = |T(q) & T(n)| / |T(q) | T(n)|
  word similarity = the best similarity between T(q) and a contiguous stretch of the name's trigrams
A name matches when similarity >= 0.3 or word similarity >= 0.6 (pg_trgm's defaults); the best score
(the higher of the two) comes first, then the name. A query that is a registratienummer (JC-000123,
jc 123, 123) finds exactly that coach.

Both engines keep a search table per kind (`jobcoach_zoektekst`, `organisatie_zoektekst`) with the
normalised name, maintained by database triggers (migration 2026-11-23T15:55:22), so every path that
changes a name keeps the index in sync.
- PostgreSQL: the trigger normalises with `register_zoeknorm()` (unaccent, lower case, punctuation to
  spaces); a GIN trigram index serves the `%` and `%>` operators and pg_trgm computes the scores, so the
  hits, their number and their order come from one indexed query.
- SQLite: an FTS5 trigram index over that table finds candidates that share a trigram with the query,
  best first (bm25), at most `SQLITE_CANDIDATES`; this module scores them as above. So on SQLite the
  number of hits of a very broad query is capped at that number; PostgreSQL has no cap.
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

from register import clock, db, vocabulary
from register.infra import historie
from register.tables import Jobcoach
from register.vocabulary import HERREGISTRATIE_DAGEN

SIMILARITY_THRESHOLD = 0.3
WORD_SIMILARITY_THRESHOLD = 0.6
SQLITE_CANDIDATES = 300
PUBLIEKE_STATUSSEN = vocabulary.PUBLIEKE_STATUSSEN

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


class Vergelijking:
    """A query's trigrams, computed once, compared with many names."""

    def __init__(self, query: str) -> None:
        self.q = frozenset(trigrammen(query))

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


@dataclass(frozen=True)
class Zoekresultaat:
    ids: list[str]
    totaal: int


@dataclass(frozen=True)
class _Tabel:
    naam: str
    alias: str
    sorteer_sql: str
    basis_sql: str  # only public rows
    naam_kolommen: tuple[str, ...]
    heeft_nummer: bool
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
        naam_kolommen=("voornaam", "tussenvoegsel", "achternaam"),
        heeft_nummer=True,
        sorteer_kolom="sorteersleutel",
    ),
    "organisatie": _Tabel(
        naam="organisatie",
        alias="o",
        sorteer_sql="lower(o.naam), o.id",
        basis_sql="o.status IN ('actief', 'geschorst')",
        naam_kolommen=("naam",),
        heeft_nummer=False,
        sorteer_kolom="naam",
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
    """The ids of the public coaches or organisations that match, best first, one page of them."""
    tabel = _TABELLEN[vraag.soort]
    tekst = normaliseer(vraag.tekst)
    nummer = registratienummer_in(vraag.tekst) if tabel.heeft_nummer else None
    if nummer:
        # A registratienummer (in any spelling) is no name: look up exactly that coach.
        exact = await _exact(vraag, tabel, nummer)
        return Zoekresultaat(exact[offset : offset + limit], len(exact))
    if not tekst:
        return await _alles(vraag, tabel, offset, limit)
    if db.is_postgres():
        ids, total = await _namen_postgres(vraag, offset, limit)
    else:
        ids, total = await _namen_sqlite(vraag, offset, limit)
    return Zoekresultaat(ids, total)


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


def postgres_query(vraag: Zoekvraag, offset: int, limit: int) -> tuple[str, list[Any], str, list[Any]]:
    """The page and count queries of a name search on PostgreSQL (exposed so a test can EXPLAIN them).

    The normalised query is compared with the stored normalised names: `%` (similarity) and `%>`
    (word similarity, the commutator of `<%`) are served by the GIN trigram index.
    """
    tabel = _TABELLEN[vraag.soort]
    tekst = normaliseer(vraag.tekst)
    conditions, filter_args = _filters(vraag, tabel)
    a = tabel.alias
    where = " AND ".join([*conditions, "(z.tekst % {} OR z.tekst %> {})"])
    where_args = [*filter_args, tekst, tekst]
    base = f"FROM {tabel.naam} {a} JOIN {tabel.zoektekst} z ON z.{tabel.naam} = {a}.id WHERE {where}"
    page = (
        f"SELECT {a}.id AS id, count(*) OVER () AS totaal {base} "
        "ORDER BY greatest(similarity({}, z.tekst), word_similarity({}, z.tekst)) DESC, "
        f"{tabel.sorteer_sql} LIMIT {{}} OFFSET {{}}"
    )
    page_args = [*where_args, tekst, tekst, limit, offset]
    return page, page_args, f"SELECT count(*) AS n {base}", where_args


async def _namen_postgres(vraag: Zoekvraag, offset: int, limit: int) -> tuple[list[str], int]:
    page, page_args, count, count_args = postgres_query(vraag, offset, limit)
    rows = await _rows(page, page_args)
    if rows:
        total = int(rows[0]["totaal"])  # one pass: the page and the number of all hits
    elif offset == 0:
        total = 0
    else:
        total = int((await _rows(count, count_args))[0]["n"])
    return [str(r["id"]) for r in rows], total


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
    kolommen = ", ".join(
        [f"{a}.id AS id", *(f"{a}.{k}" for k in dict.fromkeys([*tabel.naam_kolommen, tabel.sorteer_kolom]))]
    )
    query = fts_query(tekst)
    if query is not None:
        return (
            f"SELECT {kolommen} FROM {tabel.naam}_zoekindex f "
            f"JOIN {tabel.zoektekst} t ON t.rid = f.rowid "
            f"JOIN {tabel.naam} {a} ON {a}.id = t.{tabel.naam} "
            f"WHERE {tabel.naam}_zoekindex MATCH {{}} AND {where} "
            f"ORDER BY bm25({tabel.naam}_zoekindex) LIMIT {{}}",
            [query, *filter_args, SQLITE_CANDIDATES],
        )
    # Words under three letters have no trigram in FTS5: look them up as substrings.
    words = tekst.split()
    likes = " OR ".join("t.tekst LIKE {}" for _ in words)
    return (
        f"SELECT {kolommen} FROM {tabel.zoektekst} t JOIN {tabel.naam} {a} ON {a}.id = t.{tabel.naam} "
        f"WHERE ({likes}) AND {where} LIMIT {{}}",
        [*(f"%{w}%" for w in words), *filter_args, SQLITE_CANDIDATES],
    )


async def _namen_sqlite(vraag: Zoekvraag, offset: int, limit: int) -> tuple[list[str], int]:
    tabel = _TABELLEN[vraag.soort]
    tekst = normaliseer(vraag.tekst)
    sql, args = sqlite_candidates_query(vraag)
    vergelijking = Vergelijking(tekst)
    scored: list[tuple[float, str, str]] = []
    for row in await _rows(sql, args):
        found = vergelijking.score(tabel.naam_van(row))
        if found is not None:
            scored.append((-found, tabel.sorteer_van(row), str(row["id"])))
    scored.sort()
    return [s[2] for s in scored[offset : offset + limit]], len(scored)
