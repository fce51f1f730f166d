"""`auditlog_toevoegen(...)`: append one audit-log row in a single round trip (PostgreSQL).

The append lock serializes every write of the register until its commit, so every round trip made while
holding it limits how many writes per second the whole register can take. This function takes the lock,
reads the chain's last row, computes the new row's SHA-256 and inserts it, in one call; the lock is then
held only until the commit that follows.

The caller passes the row's canonical JSON (see register.infra.auditlog.compute_hash) split around the two values only
the database knows: `voor` ends with `"volgnummer":` and `na` starts after the previous hash. The
function is VOLATILE on purpose: in READ COMMITTED each statement of a volatile function takes a fresh
snapshot, so the SELECT runs after the lock is granted and sees the row the previous holder committed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T13:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit log: append a row in one call"

FUNCTION = """
CREATE OR REPLACE FUNCTION auditlog_toevoegen(
    sleutel bigint, p_id uuid, p_tijdstip timestamptz, p_actor varchar, p_actor_rol varchar,
    p_actie varchar, p_objecttype varchar, p_object_id varchar, p_wijziging text, voor text, na text
) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    vorig_nummer bigint;
    vorige_hash varchar;
BEGIN
    PERFORM pg_advisory_xact_lock(sleutel);
    SELECT a.volgnummer, a.hash INTO vorig_nummer, vorige_hash
        FROM auditlog_regel a ORDER BY a.volgnummer DESC LIMIT 1;
    IF vorig_nummer IS NULL THEN
        vorig_nummer := 0;
        vorige_hash := repeat('0', 64);
    END IF;
    INSERT INTO auditlog_regel (id, volgnummer, tijdstip, actor, actor_rol, actie, objecttype, object_id,
                                wijziging, vorige_hash, hash)
    VALUES (p_id, vorig_nummer + 1, p_tijdstip, p_actor, p_actor_rol, p_actie, p_objecttype, p_object_id,
            p_wijziging::json, vorige_hash,
            encode(sha256(convert_to(
                voor || (vorig_nummer + 1)::text || ',"vorigeHash":"' || vorige_hash || '"' || na, 'UTF8'
            )), 'hex'));
    RETURN vorig_nummer + 1;
END $fn$
"""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="audits", description=DESCRIPTION)

    async def create_function():
        engine = engine_finder()
        if engine.engine_type == "postgres":
            await engine.run_ddl(FUNCTION)

    async def drop_function():
        engine = engine_finder()
        if engine.engine_type == "postgres":
            await engine.run_ddl(
                "DROP FUNCTION IF EXISTS auditlog_toevoegen(bigint, uuid, timestamptz, varchar, varchar, "
                "varchar, varchar, varchar, text, text, text)"
            )

    manager.add_raw(create_function)
    manager.add_raw_backwards(drop_function)
    return manager
