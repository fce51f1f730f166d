"""The audit log is append-only: on PostgreSQL a trigger refuses UPDATE and DELETE on `auditlog_regel`.

TRUNCATE fires no row trigger, so the test suite can still empty the tables between tests. SQLite has
no such guard (the hash chain still reveals any change there).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "append-only trigger on auditlog_regel (PostgreSQL)"

FUNCTION = """
CREATE OR REPLACE FUNCTION auditlog_regel_alleen_toevoegen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'De auditlog is alleen-toevoegen: % op auditlog_regel is niet toegestaan', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""
DROP_TRIGGER = "DROP TRIGGER IF EXISTS auditlog_regel_alleen_toevoegen ON auditlog_regel"
TRIGGER = (
    "CREATE TRIGGER auditlog_regel_alleen_toevoegen BEFORE UPDATE OR DELETE ON auditlog_regel "
    "FOR EACH ROW EXECUTE FUNCTION auditlog_regel_alleen_toevoegen()"
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="audits", description=DESCRIPTION)

    async def install_trigger():
        engine = engine_finder()
        if engine is None or engine.engine_type != "postgres":
            return
        for statement in (FUNCTION, DROP_TRIGGER, TRIGGER):
            await engine.run_ddl(statement)

    async def remove_trigger():
        engine = engine_finder()
        if engine is None or engine.engine_type != "postgres":
            return
        await engine.run_ddl(DROP_TRIGGER)
        await engine.run_ddl("DROP FUNCTION IF EXISTS auditlog_regel_alleen_toevoegen()")

    manager.add_raw(install_trigger)
    manager.add_raw_backwards(remove_trigger)
    return manager
