"""`auditlog_kop(key)`: take the audit log's append lock and read the chain's last row in one round trip
(PostgreSQL). The lock serializes every write of the register until its commit, so each round trip
inside it limits the register's write throughput.

The function is VOLATILE on purpose: in READ COMMITTED each statement of a volatile function takes a
fresh snapshot, so the SELECT runs after the lock is granted and sees the row the previous holder
committed. (A plain `SELECT pg_advisory_xact_lock(..), (SELECT ...)` would read with the snapshot taken
before it waited for the lock.)
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T13:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit log: lock and read the chain head in one call"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="audits", description=DESCRIPTION)

    async def create_function():
        engine = engine_finder()
        if engine.engine_type != "postgres":
            return
        await engine.run_ddl(
            "CREATE OR REPLACE FUNCTION auditlog_kop(sleutel bigint) "
            "RETURNS TABLE (volgnummer bigint, hash varchar) LANGUAGE plpgsql VOLATILE AS $fn$ "
            "BEGIN PERFORM pg_advisory_xact_lock(sleutel); "
            "RETURN QUERY SELECT a.volgnummer, a.hash FROM auditlog_regel a "
            "ORDER BY a.volgnummer DESC LIMIT 1; END $fn$"
        )

    async def drop_function():
        engine = engine_finder()
        if engine.engine_type == "postgres":
            await engine.run_ddl("DROP FUNCTION IF EXISTS auditlog_kop(bigint)")

    manager.add_raw(create_function)
    manager.add_raw_backwards(drop_function)
    return manager
