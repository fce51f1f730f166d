"""Index on `toetsing.corrigeert`: the verification fact query asks "is this session replaced by a locked
correction?" for every toetsing of the coaches being verified; without the index that is a scan per row
(measured: fact query for 1,000 trajecten 2.1 s -> 0.19 s on PostgreSQL without planner statistics)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T10:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "index on toetsing.corrigeert"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="audits", description=DESCRIPTION)

    async def create_index():
        await engine_finder().run_ddl("CREATE INDEX IF NOT EXISTS toetsing_corrigeert ON toetsing (corrigeert)")

    async def drop_index():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS toetsing_corrigeert")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
