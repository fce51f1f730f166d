"""Consent on a dienstverband, step 2: the links made before consent existed count as confirmed.

They were made by the organisation itself or a beheerder and have counted for verdicts, the public profile
and access until now; refusing them after the fact would change past verdicts. New links start as
`voorgesteld` (the column default of the previous migration).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-30T02:01:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "existing dienstverbanden are bevestigd"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)

    async def existing_links_are_confirmed():
        await engine_finder().run_ddl("UPDATE dienstverband SET status = 'bevestigd'")

    manager.add_raw(existing_links_are_confirmed)
    return manager
