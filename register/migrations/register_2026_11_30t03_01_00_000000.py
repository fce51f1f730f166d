"""Every keurmerk recorded before its history was kept gets its first version: its own status and validity,
in force from its ingangsdatum, recorded when it was submitted. The version's id is the keurmerk's id
(one first version per keurmerk, so running it on a copy gives the same ids)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-30T03:01:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "first version of every existing keurmerk"

BACKFILL = (
    "INSERT INTO keurmerk_versie (id, keurmerk, status, geldig_tot, ingangsdatum, toelichting, melding, volgnummer, "
    "vastgelegd_op, vastgelegd_door) SELECT k.id, k.id, k.status, k.geldig_tot, k.ingangsdatum, '', FALSE, 1, "
    "k.ingediend_op, NULL FROM keurmerk k WHERE NOT EXISTS (SELECT 1 FROM keurmerk_versie v WHERE v.keurmerk = k.id)"
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)

    async def backfill():
        await engine_finder().run_ddl(BACKFILL)

    manager.add_raw(backfill)
    return manager
