"""Klachtenregister (issue #17, point 10), after the columns exist: an outcome recorded earlier as free
text is kept as the explanation (`uitkomst_toelichting`) and the code stays empty until the organisation
chooses one. The three codes are frozen here as they were."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-02T04:01:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "klachten: vrije uitkomst wordt toelichting"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)

    async def move_free_text():
        # free-text outcomes become the explanation; only the three codes stay in `uitkomst`
        await engine_finder().run_ddl(
            "UPDATE klacht SET uitkomst_toelichting = uitkomst, uitkomst = NULL "
            "WHERE uitkomst IS NOT NULL AND uitkomst NOT IN ('gegrond', 'deels-gegrond', 'ongegrond')"
        )

    async def move_back():
        await engine_finder().run_ddl(
            "UPDATE klacht SET uitkomst = COALESCE(uitkomst_toelichting, uitkomst) "
            "WHERE uitkomst_toelichting IS NOT NULL"
        )

    manager.add_raw(move_free_text)
    manager.add_raw_backwards(move_back)
    return manager
