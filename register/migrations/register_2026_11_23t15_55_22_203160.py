"""Search index for the public register (raw, engine-specific SQL).

Both engines get a search table per kind, `jobcoach_zoektekst` and `organisatie_zoektekst`: one row
per coach or organisation with its normalised name (accents folded, lower case, punctuation to
spaces), kept in sync with the jobcoach/organisatie table by database triggers, so every path that
changes a name (services, anonymisation, imports, plain SQL) updates the index.

PostgreSQL: the pg_trgm and unaccent extensions, an IMMUTABLE wrapper `register_zoeknorm(text)`, a
plpgsql trigger that upserts the normalised name (deletes follow through the foreign key) and a GIN
trigram index on the stored text. (A GIN index on the expression itself would re-run unaccent for
every candidate row on each search: about ten times slower.)

SQLite: the triggers maintain the plain table, and an external-content FTS5 trigram table
(`jobcoach_zoekindex`, `organisatie_zoekindex`) indexes it, kept in sync by triggers on the plain
table. SQLite has no unaccent, so the triggers fold accents through the `zoek_tekens` table
(character -> replacement, generated below for the Latin letters U+00C0 to U+024F and punctuation).

register/services/zoeken.py normalises queries the same way (a test checks that both engines agree
with it).

This migration is frozen: the character mapping is computed here, not imported from the application.
"""

import string
import unicodedata

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T15:55:22:203160"
VERSION = "1.38.0"
DESCRIPTION = "Openbaar register: zoekindex"

_EXTRA = {
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
}
_PUNCTUATION = string.punctuation + "‘’‚‛“”„´–—…·ʼʻ"


def _fold(ch: str) -> str:
    """One character, accent-free and lower case; anything that is not a letter or digit is a space."""
    out = unicodedata.normalize("NFKD", _EXTRA.get(ch, ch))
    out = "".join(c for c in out if not unicodedata.combining(c)).lower()
    return "".join(c if c.isalnum() else " " for c in out)


def _replacements() -> list[tuple[str, str]]:
    pairs = dict.fromkeys(_PUNCTUATION, " ")
    for code in range(0x00C0, 0x0250):
        ch = chr(code)
        folded = _fold(ch)
        if folded != ch:
            pairs[ch] = folded
    return sorted(pairs.items())


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sqlite_norm(expr: str) -> str:
    """SQL that normalises `expr` like register.services.zoeken.normaliseer (apart from spacing):
    character by character through the `zoek_tekens` table (a replace() chain this long overflows
    SQLite's parser), ASCII letters through lower()."""
    return (
        "(WITH RECURSIVE r(i, o) AS (SELECT 1, '' UNION ALL "
        f"SELECT i + 1, o || coalesce((SELECT naar FROM zoek_tekens WHERE van = substr({expr}, i, 1)), "
        f"lower(substr({expr}, i, 1))) FROM r WHERE i <= length({expr})) "
        "SELECT o FROM r ORDER BY i DESC LIMIT 1)"
    )


def _sqlite_statements() -> list[str]:
    statements = ["CREATE TABLE zoek_tekens (van TEXT PRIMARY KEY, naar TEXT NOT NULL)"]
    statements += [
        f"INSERT INTO zoek_tekens (van, naar) VALUES ({_sql_text(src)}, {_sql_text(dst)})"
        for src, dst in _replacements()
    ]
    for table, key, name_expr in (
        ("jobcoach", "jobcoach", "{row}.voornaam || ' ' || {row}.achternaam"),
        ("organisatie", "organisatie", "{row}.naam"),
    ):
        text = f"{table}_zoektekst"
        index = f"{table}_zoekindex"
        new = sqlite_norm(name_expr.format(row="NEW"))
        columns = "voornaam, achternaam" if table == "jobcoach" else "naam"
        statements += [
            f"CREATE TABLE {text} (rid INTEGER PRIMARY KEY, {key} TEXT NOT NULL UNIQUE, tekst TEXT NOT NULL)",
            f"CREATE VIRTUAL TABLE {index} USING fts5(tekst, content='{text}', content_rowid='rid', "
            "tokenize='trigram')",
            # the plain table follows the register's table
            f"CREATE TRIGGER {table}_zoek_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {text} ({key}, tekst) VALUES (NEW.id, {new}); END",
            f"CREATE TRIGGER {table}_zoek_au AFTER UPDATE OF {columns} ON {table} BEGIN "
            f"UPDATE {text} SET tekst = {new} WHERE {key} = NEW.id; END",
            f"CREATE TRIGGER {table}_zoek_ad AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM {text} WHERE {key} = OLD.id; END",
            # the FTS5 index follows the plain table (external content)
            f"CREATE TRIGGER {text}_ai AFTER INSERT ON {text} BEGIN "
            f"INSERT INTO {index} (rowid, tekst) VALUES (NEW.rid, NEW.tekst); END",
            f"CREATE TRIGGER {text}_ad AFTER DELETE ON {text} BEGIN "
            f"INSERT INTO {index} ({index}, rowid, tekst) VALUES ('delete', OLD.rid, OLD.tekst); END",
            f"CREATE TRIGGER {text}_au AFTER UPDATE ON {text} BEGIN "
            f"INSERT INTO {index} ({index}, rowid, tekst) VALUES ('delete', OLD.rid, OLD.tekst); "
            f"INSERT INTO {index} (rowid, tekst) VALUES (NEW.rid, NEW.tekst); END",
            # rows that exist already
            f"INSERT INTO {text} ({key}, tekst) SELECT id, {sqlite_norm(name_expr.format(row=table))} "
            f"FROM {table}",
        ]
    return statements


_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS jobcoach_zoek_ai",
    "DROP TRIGGER IF EXISTS jobcoach_zoek_au",
    "DROP TRIGGER IF EXISTS jobcoach_zoek_ad",
    "DROP TRIGGER IF EXISTS organisatie_zoek_ai",
    "DROP TRIGGER IF EXISTS organisatie_zoek_au",
    "DROP TRIGGER IF EXISTS organisatie_zoek_ad",
    "DROP TABLE IF EXISTS jobcoach_zoekindex",
    "DROP TABLE IF EXISTS jobcoach_zoektekst",
    "DROP TABLE IF EXISTS organisatie_zoekindex",
    "DROP TABLE IF EXISTS organisatie_zoektekst",
    "DROP TABLE IF EXISTS zoek_tekens",
]


async def _schema_of(engine, extension: str) -> str:
    rows = await engine.run_ddl(
        f"SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = '{extension}'"
    )
    return rows[0]["schema"]


def _trgm_costs(schema: str, cost: int) -> str:
    """pg_trgm declares its similarity operators as cheap as `=` (cost 1), so on a narrow table of
    some thousands of names the planner prefers comparing every row (a sequential scan) over the GIN
    index; comparing trigram sets is about a hundred times dearer than that. Tell the planner so.
    Only the owner of the extension may; without that right the search still works, only slower on
    small registers. (pg_dump does not keep this setting: run it again after a restore.)"""
    return (
        "DO $do$ BEGIN "
        + " ".join(
            f"ALTER FUNCTION {schema}.{name}(text, text) COST {cost};"
            for name in ("similarity_op", "word_similarity_op", "word_similarity_commutator_op")
        )
        + " EXCEPTION WHEN insufficient_privilege THEN "
        "RAISE NOTICE 'pg_trgm: operator costs unchanged (not the owner of the extension)'; END $do$"
    )


async def _postgres_forwards(engine) -> None:
    await engine.run_ddl("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    await engine.run_ddl("CREATE EXTENSION IF NOT EXISTS unaccent")
    trgm = await _schema_of(engine, "pg_trgm")
    unaccent = await _schema_of(engine, "unaccent")
    await engine.run_ddl(_trgm_costs(trgm, 100))
    # unaccent() is only STABLE (its dictionary could change); with the dictionary named explicitly
    # the wrapper may be declared IMMUTABLE.
    await engine.run_ddl(
        "CREATE OR REPLACE FUNCTION register_zoeknorm(tekst text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ "
        f"SELECT btrim(regexp_replace(lower({unaccent}.unaccent('{unaccent}.unaccent'::regdictionary, tekst)), "
        "'[^[:alnum:]]+', ' ', 'g')) $fn$"
    )
    for table, name_expr, columns in (
        ("jobcoach", "NEW.voornaam || ' ' || NEW.achternaam", "voornaam, achternaam"),
        ("organisatie", "NEW.naam", "naam"),
    ):
        text = f"{table}_zoektekst"
        await engine.run_ddl(
            f"CREATE TABLE {text} ({table} uuid PRIMARY KEY REFERENCES {table} (id) ON DELETE CASCADE, "
            "tekst text NOT NULL)"
        )
        await engine.run_ddl(f"CREATE INDEX {text}_trgm ON {text} USING gin (tekst {trgm}.gin_trgm_ops)")
        await engine.run_ddl(
            f"CREATE OR REPLACE FUNCTION {text}_bijwerken() RETURNS trigger LANGUAGE plpgsql "
            "SET search_path FROM CURRENT AS $fn$ BEGIN "
            f"INSERT INTO {text} ({table}, tekst) VALUES (NEW.id, register_zoeknorm({name_expr})) "
            f"ON CONFLICT ({table}) DO UPDATE SET tekst = EXCLUDED.tekst; "
            "RETURN NULL; END $fn$"
        )
        await engine.run_ddl(
            f"CREATE TRIGGER {table}_zoek_aiu AFTER INSERT OR UPDATE OF {columns} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {text}_bijwerken()"
        )
        # rows that exist already; deletes follow through the foreign key
        await engine.run_ddl(
            f"INSERT INTO {text} ({table}, tekst) "
            f"SELECT id, register_zoeknorm({name_expr.replace('NEW.', '')}) FROM {table}"
        )


async def _postgres_backwards(engine) -> None:
    for table in ("jobcoach", "organisatie"):
        await engine.run_ddl(f"DROP TRIGGER IF EXISTS {table}_zoek_aiu ON {table}")
        await engine.run_ddl(f"DROP TABLE IF EXISTS {table}_zoektekst")
        await engine.run_ddl(f"DROP FUNCTION IF EXISTS {table}_zoektekst_bijwerken()")
    await engine.run_ddl("DROP FUNCTION IF EXISTS register_zoeknorm(text)")
    await engine.run_ddl(_trgm_costs(await _schema_of(engine, "pg_trgm"), 1))


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        if engine.engine_type == "postgres":
            await _postgres_forwards(engine)
        else:
            for statement in _sqlite_statements():
                await engine.run_ddl(statement)

    async def run_backwards():
        engine = engine_finder()
        if engine.engine_type == "postgres":
            await _postgres_backwards(engine)
        else:
            for statement in _SQLITE_DROP:
                await engine.run_ddl(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
