"""Index for a gemeente's traject list, newest first: `WHERE gemeente = ... ORDER BY startdatum DESC,
referentie LIMIT 50` reads one page from the index instead of sorting all the gemeente's trajecten
(measured on PostgreSQL, 2,245 trajecten of one gemeente: 11.5 ms -> under 1 ms, and no longer growing
with the number of trajecten)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T11:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "index for the traject list of a gemeente"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)

    async def create_index():
        await engine_finder().run_ddl(
            "CREATE INDEX IF NOT EXISTS traject_gemeente_start ON traject (gemeente, startdatum DESC, referentie)"
        )

    async def drop_index():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS traject_gemeente_start")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
