"""Bounded search with one folding and a Dutch phonetic key on both engines (issues #18 and #16, case 12).

1. One folding: the character map that both engines apply to stored names is computed here from Python's
   folding (NFKD without combining marks, case folding, and the letters without a decomposition), for every
   Latin letter (Latin-1 Supplement, Latin Extended-A to -E, Latin Extended Additional, the Latin
   ligatures and the full-width letters) and the combining marks themselves, as PostgreSQL's unaccent
   covers them. SQLite gets the new letters in its `zoek_tekens` table; PostgreSQL's `register_zoeknorm`
   applies the same map with translate() (one letter to one) and replace() (one letter to two), so it no
   longer depends on unaccent's own rules. Stored names are folded again.
2. A phonetic key `klank` beside the folded name `tekst` (register/rules/klank.py: the same replace() steps
   on both engines): on PostgreSQL a generated column; on SQLite a column kept by triggers that walk the
   steps in the table `klank_regels` (SQLite's parser cannot take the chain as one expression).
3. Indexes that yield the nearest names in order: PostgreSQL gets GiST trigram indexes on `tekst` and
   `klank` (KNN with the word-distance operator `<->>`); SQLite an FTS5 trigram index on `klank` beside the
   one on `tekst`.

This migration is frozen: the letter table and the phonetic rules are copied here as they were.
"""

# SQL here is built only from the fixed table names and the frozen tables above.
# ruff: noqa: S608
import unicodedata

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-01T06:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "zoeken: begrensd, een vouwing, klanksleutel"

_EXTRA = str.maketrans(
    {
        "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "ǽ": "ae", "Ǽ": "ae", "œ": "oe", "Œ": "oe", "ø": "o",
        "Ø": "o", "ǿ": "o", "Ǿ": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
        "þ": "th", "Þ": "th", "ı": "i", "ħ": "h", "Ħ": "h", "ŧ": "t", "Ŧ": "t", "ĸ": "k", "ŋ": "n",
        "Ŋ": "n", "ŉ": "'n", "ſ": "s", "ƀ": "b", "Ɓ": "b", "ƈ": "c", "Ƈ": "c", "ɗ": "d", "Ɗ": "d",
        "ƒ": "f", "Ƒ": "f", "ɠ": "g", "Ɠ": "g", "ƙ": "k", "Ƙ": "k", "ƚ": "l", "Ƚ": "l", "ɲ": "n",
        "Ɲ": "n", "ƥ": "p", "Ƥ": "p", "ƫ": "t", "ƭ": "t", "Ƭ": "t", "ʈ": "t", "Ʈ": "t", "ƴ": "y",
        "Ƴ": "y", "ƶ": "z", "Ƶ": "z", "ȥ": "z", "Ȥ": "z", "ɨ": "i", "Ɨ": "i", "ʉ": "u", "Ʉ": "u",
        "ɇ": "e", "Ɇ": "e", "ɍ": "r", "Ɍ": "r", "ɏ": "y", "Ɏ": "y", "ȼ": "c", "Ȼ": "c", "ȿ": "s",
        "ɀ": "z", "ʼ": "'", "ʻ": "'", "‘": "'", "’": "'", "‛": "'", "`": "'", "´": "'",
    }
)  # fmt: skip

_BLOKKEN = (
    (0x00C0, 0x0250),  # Latin-1 Supplement letters, Latin Extended-A and -B
    (0x0300, 0x0370),  # combining diacritical marks (dropped)
    (0x1E00, 0x1F00),  # Latin Extended Additional
    (0x2C60, 0x2C80),  # Latin Extended-C
    (0xA720, 0xA800),  # Latin Extended-D
    (0xAB30, 0xAB70),  # Latin Extended-E
    (0xFB00, 0xFB07),  # Latin ligatures
    (0xFF21, 0xFF3B),  # full-width capitals
    (0xFF41, 0xFF5B),  # full-width small letters
)

_REGELS = (
    ("uij", "ui"), ("uy", "ui"), ("eij", "ei"), ("ij", "ei"), ("ey", "ei"), ("y", "i"), ("auw", "ou"), ("ouw", "ou"), ("au", "ou"),
    ("sch", "sg"), ("ch", "g"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("qu", "kw"), ("q", "k"),
    ("x", "ks"), ("ck", "k"), ("c", "k"), ("v", "f"), ("z", "s"), ("dt ", "t "), ("d ", "t "),
    ("ie", "i"), ("ae", "a"),
    *((c + c, c) for c in "abcdefghijklmnopqrstuvwxyz"),
)  # fmt: skip

_NAMEN = {
    "jobcoach": "{row}.voornaam || ' ' || {row}.tussenvoegsel || ' ' || {row}.achternaam",
    "organisatie": "{row}.naam",
}


def _vouw(ch: str) -> str:
    folded = unicodedata.normalize("NFKD", ch.translate(_EXTRA))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold().translate(_EXTRA)
    folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return "".join(c if c.isalnum() else " " for c in folded)


def letterkaart() -> dict[str, str]:
    """Every character of the Latin blocks whose folding differs from itself -> its folding."""
    kaart = {}
    for start, end in _BLOKKEN:
        for code in range(start, end):
            ch = chr(code)
            if unicodedata.category(ch) == "Cn":
                continue
            folded = _vouw(ch)
            if folded != ch:
                kaart[ch] = folded
    return kaart


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _klank_sql(expr: str) -> str:
    sql = f"(' ' || {expr} || ' ')"
    for van, naar in _REGELS:
        sql = f"replace({sql}, '{van}', '{naar}')"
    return sql


def _sqlite_norm(expr: str) -> str:
    """As sqlite_norm() of migration 2026-11-23T15:55:22 (through its `zoek_tekens` table)."""
    return (
        "(WITH RECURSIVE r(i, o) AS (SELECT 1, '' UNION ALL "
        f"SELECT i + 1, o || coalesce((SELECT naar FROM zoek_tekens WHERE van = substr({expr}, i, 1)), "
        f"lower(substr({expr}, i, 1))) FROM r WHERE i <= length({expr})) "
        "SELECT o FROM r ORDER BY i DESC LIMIT 1)"
    )


def _sqlite_klank(expr: str) -> str:
    """The phonetic key of `expr` on SQLite: the rules of `klank_regels` one after the other (a chain of
    nested replace() calls this long overflows SQLite's parser stack, so a recursive query walks them)."""
    return (
        f"(WITH RECURSIVE r(i, o) AS (SELECT 0, ' ' || {expr} || ' ' UNION ALL "
        "SELECT i + 1, replace(o, (SELECT van FROM klank_regels WHERE stap = i + 1), "
        "(SELECT naar FROM klank_regels WHERE stap = i + 1)) FROM r "
        "WHERE i < (SELECT max(stap) FROM klank_regels)) SELECT o FROM r ORDER BY i DESC LIMIT 1)"
    )


async def _sqlite_forwards(engine) -> None:
    await engine.run_ddl(
        "CREATE TABLE klank_regels (stap INTEGER PRIMARY KEY, van TEXT NOT NULL, naar TEXT NOT NULL)"
    )
    for stap, (van, naar) in enumerate(_REGELS, start=1):
        await engine.run_ddl(f"INSERT INTO klank_regels (stap, van, naar) VALUES ({stap}, '{van}', '{naar}')")
    for van, naar in sorted(letterkaart().items()):
        await engine.run_ddl(
            f"INSERT OR REPLACE INTO zoek_tekens (van, naar) VALUES ({_sql_text(van)}, {_sql_text(naar)})"
        )
    for table, naam in _NAMEN.items():
        text = f"{table}_zoektekst"
        index = f"{table}_klankindex"
        await engine.run_ddl(
            f"UPDATE {text} SET tekst = (SELECT {_sqlite_norm(naam.format(row='x'))} FROM {table} x "
            f"WHERE x.id = {text}.{table})"
        )
        await engine.run_ddl(f"ALTER TABLE {text} ADD COLUMN klank TEXT")
        # The written-name index follows changes of the name only (no longer of every column: setting
        # the key below must not touch it, least of all before the row is in it).
        await engine.run_ddl(f"DROP TRIGGER {text}_au")
        await engine.run_ddl(
            f"CREATE TRIGGER {text}_au AFTER UPDATE OF tekst ON {text} BEGIN "
            f"INSERT INTO {table}_zoekindex ({table}_zoekindex, rowid, tekst) VALUES ('delete', OLD.rid, OLD.tekst); "
            f"INSERT INTO {table}_zoekindex (rowid, tekst) VALUES (NEW.rid, NEW.tekst); END"
        )
        await engine.run_ddl(
            f"CREATE VIRTUAL TABLE {index} USING fts5(klank, content='{text}', content_rowid='rid', "
            "tokenize='trigram')"
        )
        zet = f"UPDATE {text} SET klank = {_sqlite_klank('NEW.tekst')} WHERE rid = NEW.rid"
        for statement in (
            f"CREATE TRIGGER {text}_klank_ai AFTER INSERT ON {text} BEGIN {zet}; END",
            f"CREATE TRIGGER {text}_klank_at AFTER UPDATE OF tekst ON {text} BEGIN {zet}; END",
            f"CREATE TRIGGER {text}_klank_ak AFTER UPDATE OF klank ON {text} BEGIN "
            f"INSERT INTO {index} ({index}, rowid, klank) SELECT 'delete', OLD.rid, OLD.klank "
            "WHERE OLD.klank IS NOT NULL; "
            f"INSERT INTO {index} (rowid, klank) VALUES (NEW.rid, NEW.klank); END",
            f"CREATE TRIGGER {text}_klank_ad AFTER DELETE ON {text} BEGIN "
            f"INSERT INTO {index} ({index}, rowid, klank) SELECT 'delete', OLD.rid, OLD.klank "
            "WHERE OLD.klank IS NOT NULL; END",
            f"UPDATE {text} SET klank = {_sqlite_klank('tekst')}",
        ):
            await engine.run_ddl(statement)


async def _sqlite_backwards(engine) -> None:
    for table in _NAMEN:
        text = f"{table}_zoektekst"
        for suffix in ("ai", "at", "ak", "ad"):
            await engine.run_ddl(f"DROP TRIGGER IF EXISTS {text}_klank_{suffix}")
        await engine.run_ddl(f"DROP TABLE IF EXISTS {table}_klankindex")
        await engine.run_ddl(f"ALTER TABLE {text} DROP COLUMN klank")
    await engine.run_ddl("DROP TABLE IF EXISTS klank_regels")


async def _schema_of(engine, extension: str) -> str:
    rows = await engine.run_ddl(
        f"SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = '{extension}'"
    )
    return rows[0]["schema"]


def _postgres_norm_sql() -> str:
    """The body of register_zoeknorm: the letter map (translate for one letter, replace for more), lower
    case for ASCII, anything but letters and digits to one space."""
    kaart = letterkaart()
    een = {k: v for k, v in kaart.items() if len(v) == 1 and v != " "}
    weg = [k for k, v in kaart.items() if v == ""]
    meer = {k: v for k, v in kaart.items() if k not in een and k not in weg}
    sql = f"translate(tekst, {_sql_text(''.join(een) + ''.join(weg))}, {_sql_text(''.join(een.values()))})"
    for van, naar in sorted(meer.items()):
        sql = f"replace({sql}, {_sql_text(van)}, {_sql_text(naar)})"
    return f"SELECT btrim(regexp_replace(lower({sql}), '[^[:alnum:]]+', ' ', 'g'))"


async def _postgres_forwards(engine) -> None:
    trgm = await _schema_of(engine, "pg_trgm")
    await engine.run_ddl(
        "CREATE OR REPLACE FUNCTION register_zoeknorm(tekst text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ {_postgres_norm_sql()} $fn$"
    )
    for table, naam in _NAMEN.items():
        text = f"{table}_zoektekst"
        await engine.run_ddl(
            f"UPDATE {text} z SET tekst = register_zoeknorm({naam.format(row='x')}) FROM {table} x "
            f"WHERE x.id = z.{table}"
        )
        await engine.run_ddl(
            f"ALTER TABLE {text} ADD COLUMN klank text GENERATED ALWAYS AS ({_klank_sql('tekst')}) STORED"
        )
        await engine.run_ddl(f"CREATE INDEX {text}_gist ON {text} USING gist (tekst {trgm}.gist_trgm_ops)")
        await engine.run_ddl(
            f"CREATE INDEX {text}_klank_gist ON {text} USING gist (klank {trgm}.gist_trgm_ops)"
        )


async def _postgres_backwards(engine) -> None:
    for table in _NAMEN:
        text = f"{table}_zoektekst"
        await engine.run_ddl(f"DROP INDEX IF EXISTS {text}_gist")
        await engine.run_ddl(f"DROP INDEX IF EXISTS {text}_klank_gist")
        await engine.run_ddl(f"ALTER TABLE {text} DROP COLUMN IF EXISTS klank")
    # register_zoeknorm keeps the new map: the folding of 2026-11-23T15:55:22 was a subset of it


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        if engine.engine_type == "postgres":
            await _postgres_forwards(engine)
        else:
            await _sqlite_forwards(engine)

    async def run_backwards():
        engine = engine_finder()
        if engine.engine_type == "postgres":
            await _postgres_backwards(engine)
        else:
            await _sqlite_backwards(engine)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
