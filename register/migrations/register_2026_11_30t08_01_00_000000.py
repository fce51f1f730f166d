"""Names in three parts: fills `jobcoach.tussenvoegsel` and the stored sort key `jobcoach.sorteersleutel`
(issue #16, case 8; the columns come from migration 2026-11-30T08:00).

Existing achternamen that open with lower-case tussenvoegsel words ("van den Berg", "'t Hart") are split
into tussenvoegsel and achternaam; a capitalised "De Vries" or an elided "d'Hondt" stays whole (it may be
one name) and the sort key leaves those words out anyway. On PostgreSQL the key column gets
`COLLATE "C"` (byte order, as SQLite's BINARY), so both engines sort it alike whatever the locale.
The search index triggers of migration 2026-11-23T15:55:22 now read the tussenvoegsel too, so
"Sanne de Vries" is found as typed.

This migration is frozen: the split and the sort key are copied here from register.rules.namen and
register.rules.tekst as they were, not imported.
"""

import re
import unicodedata

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.querystring import QueryString

ID = "2026-11-30T08:01:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "jobcoach: tussenvoegsel en sorteersleutel (vullen, zoekindex)"

_WOORDEN = frozenset(
    {
        "aan", "af", "bij", "d'", "da", "das", "de", "del", "della", "den", "der", "des", "di", "do",
        "dos", "du", "het", "in", "l'", "la", "le", "les", "'n", "o'", "op", "over", "'s", "'t", "te",
        "ten", "ter", "tot", "uit", "uijt", "van", "vande", "vanden", "vander", "voor", "von", "vom",
        "zu", "zur",
    }
)  # fmt: skip
_ELIDEREND = ("d'", "l'", "o'")
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
_NIET_LETTER = re.compile(r"[^\w]|_")


def _vouw(tekst: str) -> str:
    folded = unicodedata.normalize("NFKD", tekst.translate(_EXTRA))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


def _zonder_voorvoegsel(achternaam: str) -> str:
    rest = _vouw(achternaam).strip()
    original = achternaam.strip()
    while True:
        woorden = rest.split(" ", 1)
        if len(woorden) == 2 and woorden[0] in _WOORDEN and woorden[1].strip():
            rest = woorden[1].strip()
            continue
        for prefix in _ELIDEREND:
            if rest.startswith(prefix) and len(rest) > len(prefix) and rest[len(prefix)].isalpha():
                rest = rest[len(prefix) :]
                break
        else:
            break
    return rest if rest else original


def _sorteersleutel(voornaam: str, tussenvoegsel: str, achternaam: str) -> str:
    delen = (_zonder_voorvoegsel(achternaam), voornaam, tussenvoegsel or "")
    return " ".join(_NIET_LETTER.sub("", _vouw(d)) for d in delen).rstrip()[:300]


def _splits(achternaam: str) -> tuple[str, str]:
    woorden = achternaam.strip().split()
    i = 0
    while i < len(woorden) - 1 and woorden[i] == woorden[i].lower() and _vouw(woorden[i]) in _WOORDEN:
        i += 1
    return " ".join(woorden[:i]), " ".join(woorden[i:])


_NAAM = "{row}.voornaam || ' ' || {row}.tussenvoegsel || ' ' || {row}.achternaam"


def _sqlite_norm(expr: str) -> str:
    """As sqlite_norm() of migration 2026-11-23T15:55:22 (through its `zoek_tekens` table)."""
    return (
        "(WITH RECURSIVE r(i, o) AS (SELECT 1, '' UNION ALL "
        f"SELECT i + 1, o || coalesce((SELECT naar FROM zoek_tekens WHERE van = substr({expr}, i, 1)), "
        f"lower(substr({expr}, i, 1))) FROM r WHERE i <= length({expr})) "
        "SELECT o FROM r ORDER BY i DESC LIMIT 1)"
    )


def _sqlite_triggers(name_expr: str, columns: str) -> list[str]:
    new = _sqlite_norm(name_expr.format(row="NEW"))
    return [
        "DROP TRIGGER IF EXISTS jobcoach_zoek_ai",
        "DROP TRIGGER IF EXISTS jobcoach_zoek_au",
        "CREATE TRIGGER jobcoach_zoek_ai AFTER INSERT ON jobcoach BEGIN "
        f"INSERT INTO jobcoach_zoektekst (jobcoach, tekst) VALUES (NEW.id, {new}); END",
        f"CREATE TRIGGER jobcoach_zoek_au AFTER UPDATE OF {columns} ON jobcoach BEGIN "
        f"UPDATE jobcoach_zoektekst SET tekst = {new} WHERE jobcoach = NEW.id; END",
        f"UPDATE jobcoach_zoektekst SET tekst = (SELECT {_sqlite_norm(name_expr.format(row='j'))} "
        "FROM jobcoach j WHERE j.id = jobcoach_zoektekst.jobcoach)",
    ]


def _postgres_triggers(name_expr: str, columns: str) -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION jobcoach_zoektekst_bijwerken() RETURNS trigger LANGUAGE plpgsql "
        "SET search_path FROM CURRENT AS $fn$ BEGIN "
        "INSERT INTO jobcoach_zoektekst (jobcoach, tekst) "
        f"VALUES (NEW.id, register_zoeknorm({name_expr.format(row='NEW')})) "
        "ON CONFLICT (jobcoach) DO UPDATE SET tekst = EXCLUDED.tekst; RETURN NULL; END $fn$",
        "DROP TRIGGER IF EXISTS jobcoach_zoek_aiu ON jobcoach",
        f"CREATE TRIGGER jobcoach_zoek_aiu AFTER INSERT OR UPDATE OF {columns} ON jobcoach "
        "FOR EACH ROW EXECUTE FUNCTION jobcoach_zoektekst_bijwerken()",
        f"UPDATE jobcoach_zoektekst z SET tekst = register_zoeknorm({name_expr.format(row='j')}) "
        "FROM jobcoach j WHERE j.id = z.jobcoach",
    ]


async def _names_forwards() -> None:
    engine = engine_finder()
    if engine.engine_type == "postgres":
        # byte order whatever the database's locale, as SQLite's BINARY; the index follows
        await engine.run_ddl('ALTER TABLE jobcoach ALTER COLUMN sorteersleutel TYPE varchar(300) COLLATE "C"')
    columns = "voornaam, tussenvoegsel, achternaam"
    statements = (
        _postgres_triggers(_NAAM, columns)
        if engine.engine_type == "postgres"
        else _sqlite_triggers(_NAAM, columns)
    )
    for statement in statements:
        await engine.run_ddl(statement)
    rows = await engine.run_ddl("SELECT id, voornaam, achternaam FROM jobcoach")
    for row in rows:
        tussenvoegsel, achternaam = _splits(row["achternaam"])
        sleutel = _sorteersleutel(row["voornaam"], tussenvoegsel, achternaam)
        await engine.run_querystring(
            QueryString(
                "UPDATE jobcoach SET tussenvoegsel = {}, achternaam = {}, sorteersleutel = {} WHERE id = {}",
                tussenvoegsel,
                achternaam,
                sleutel,
                row["id"],
            )
        )


async def _names_backwards() -> None:
    engine = engine_finder()
    await engine.run_ddl(
        "UPDATE jobcoach SET achternaam = tussenvoegsel || ' ' || achternaam WHERE tussenvoegsel <> ''"
    )
    columns = "voornaam, achternaam"
    old = "{row}.voornaam || ' ' || {row}.achternaam"
    statements = (
        _postgres_triggers(old, columns)
        if engine.engine_type == "postgres"
        else _sqlite_triggers(old, columns)
    )
    for statement in statements:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)
    manager.add_raw(_names_forwards)
    manager.add_raw_backwards(_names_backwards)
    return manager
