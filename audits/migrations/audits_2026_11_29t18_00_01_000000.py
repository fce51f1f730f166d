"""The transparency log's guards and indexes.

PostgreSQL:
- `auditlog_regel` stays append-only, with one exception: the sequencer may fill `volgnummer`,
  `vorige_hash` and `hash` of an entry that has none yet, changing nothing else (the trigger compares
  every other column). Every other UPDATE and every DELETE is refused.
- TRUNCATE fires no row trigger, so a statement-level `BEFORE TRUNCATE` trigger refuses it on
  `auditlog_regel`, `auditlog_knoop` and `auditlog_checkpoint` (a restore with `--force` switches these
  triggers off inside its own transaction, as their owner; see register.services.backup).
- The tree nodes and the checkpoints are append-only too.
- `ontvangst` (order of arrival) comes from a sequence that starts after the existing entries, whose
  `ontvangst` becomes their old number; the one-call append function of 2026-11-24T13:00 is no longer
  used (entries are written without a lock now) and is dropped.

Both engines: one live data key per data subject, and an index on the entries still waiting for a number.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-29T18:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "transparency log: append-only guards, TRUNCATE refused, arrival sequence, indexes"

ENTRY_GUARD = """
CREATE OR REPLACE FUNCTION auditlog_regel_alleen_toevoegen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.volgnummer IS NULL AND OLD.vorige_hash IS NULL AND OLD.hash IS NULL
           AND NEW.volgnummer IS NOT NULL AND NEW.vorige_hash IS NOT NULL AND NEW.hash IS NOT NULL
           AND NEW.id = OLD.id AND NEW.ontvangst = OLD.ontvangst AND NEW.tijdstip = OLD.tijdstip
           AND NEW.actor IS NOT DISTINCT FROM OLD.actor AND NEW.actor_rol IS NOT DISTINCT FROM OLD.actor_rol
           AND NEW.actie = OLD.actie AND NEW.objecttype = OLD.objecttype AND NEW.object_id = OLD.object_id
           AND NEW.wijziging::text = OLD.wijziging::text THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'De auditlog is alleen-toevoegen: % op % is niet toegestaan', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION auditlog_alleen_toevoegen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'De auditlog is alleen-toevoegen: % op % is niet toegestaan', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""
POSTGRES_FORWARDS = [
    "DROP TRIGGER IF EXISTS auditlog_regel_alleen_toevoegen ON auditlog_regel",
    "DROP FUNCTION IF EXISTS auditlog_toevoegen(bigint, uuid, timestamptz, varchar, varchar, varchar, "
    "varchar, varchar, text, text, text)",
    "UPDATE auditlog_regel SET ontvangst = volgnummer",
    "CREATE SEQUENCE IF NOT EXISTS auditlog_regel_ontvangst_seq AS bigint",
    "SELECT setval('auditlog_regel_ontvangst_seq', COALESCE((SELECT MAX(ontvangst) FROM auditlog_regel), 0) "
    "+ 1, false)",
    ENTRY_GUARD,
    APPEND_ONLY,
    "CREATE TRIGGER auditlog_regel_alleen_toevoegen BEFORE UPDATE OR DELETE ON auditlog_regel "
    "FOR EACH ROW EXECUTE FUNCTION auditlog_regel_alleen_toevoegen()",
    "CREATE TRIGGER auditlog_regel_geen_truncate BEFORE TRUNCATE ON auditlog_regel "
    "FOR EACH STATEMENT EXECUTE FUNCTION auditlog_alleen_toevoegen()",
    "CREATE TRIGGER auditlog_knoop_alleen_toevoegen BEFORE UPDATE OR DELETE ON auditlog_knoop "
    "FOR EACH ROW EXECUTE FUNCTION auditlog_alleen_toevoegen()",
    "CREATE TRIGGER auditlog_knoop_geen_truncate BEFORE TRUNCATE ON auditlog_knoop "
    "FOR EACH STATEMENT EXECUTE FUNCTION auditlog_alleen_toevoegen()",
    "CREATE TRIGGER auditlog_checkpoint_alleen_toevoegen BEFORE UPDATE OR DELETE ON auditlog_checkpoint "
    "FOR EACH ROW EXECUTE FUNCTION auditlog_alleen_toevoegen()",
    "CREATE TRIGGER auditlog_checkpoint_geen_truncate BEFORE TRUNCATE ON auditlog_checkpoint "
    "FOR EACH STATEMENT EXECUTE FUNCTION auditlog_alleen_toevoegen()",
]
BOTH_FORWARDS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS gegevenssleutel_een_levend ON gegevenssleutel (onderwerp) "
    "WHERE vernietigd_op IS NULL",
    "CREATE INDEX IF NOT EXISTS auditlog_regel_wachtend ON auditlog_regel (ontvangst) WHERE volgnummer IS NULL",
]
POSTGRES_BACKWARDS = [
    *(
        f"DROP TRIGGER IF EXISTS {name} ON {table}"
        for table in ("auditlog_regel", "auditlog_knoop", "auditlog_checkpoint")
        for name in (f"{table}_alleen_toevoegen", f"{table}_geen_truncate")
    ),
    "DROP FUNCTION IF EXISTS auditlog_alleen_toevoegen()",
    "DROP SEQUENCE IF EXISTS auditlog_regel_ontvangst_seq",
]
BOTH_BACKWARDS = [
    "DROP INDEX IF EXISTS gegevenssleutel_een_levend",
    "DROP INDEX IF EXISTS auditlog_regel_wachtend",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="audits", description=DESCRIPTION)

    async def install():
        engine = engine_finder()
        statements = [*POSTGRES_FORWARDS, *BOTH_FORWARDS] if engine.engine_type == "postgres" else BOTH_FORWARDS
        for statement in statements:
            await engine.run_ddl(statement)

    async def remove():
        engine = engine_finder()
        statements = (
            [*POSTGRES_BACKWARDS, *BOTH_BACKWARDS] if engine.engine_type == "postgres" else BOTH_BACKWARDS
        )
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(install)
    manager.add_raw_backwards(remove)
    return manager
