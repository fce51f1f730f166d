from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Date
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-23T15:57:28:699204"
VERSION = "1.38.0"
DESCRIPTION = "Trajecten and verification: end date, uniqueness and lookup indexes"

# Raw SQL that runs unchanged on PostgreSQL and SQLite (expression and partial indexes work on both).
INDEXES = {
    # a gemeente's own case reference identifies one traject of that gemeente
    "traject_gemeente_referentie": "CREATE UNIQUE INDEX traject_gemeente_referentie ON traject (gemeente, referentie)",
    # one version number per kader (the national kader has gemeente NULL)
    "toetsingskader_gemeente_versie": (
        "CREATE UNIQUE INDEX toetsingskader_gemeente_versie ON toetsingskader ((COALESCE(gemeente, '')), versie)"
    ),
    # at most one signing key is the active one, whatever concurrent workers do
    "ondertekeningssleutel_een_actief": (
        "CREATE UNIQUE INDEX ondertekeningssleutel_een_actief ON ondertekeningssleutel (actief) WHERE actief"
    ),
    # the daily plausibility bound sums a coach's hours on one date
    "urenregistratie_jobcoach_datum": "CREATE INDEX urenregistratie_jobcoach_datum ON urenregistratie (jobcoach, datum)",
    # the latest verification per traject
    "verificatie_traject_aangemaakt": (
        "CREATE INDEX verificatie_traject_aangemaakt ON verificatie (traject, aangemaakt_op)"
    ),
}


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="register", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="Traject",
        tablename="traject",
        column_name="beeindigd_op",
        db_column_name="beeindigd_op",
        column_class_name="Date",
        column_class=Date,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    async def create_indexes():
        from piccolo.engine.finder import engine_finder

        engine = engine_finder()
        for sql in INDEXES.values():
            await engine.run_ddl(sql)

    async def drop_indexes():
        from piccolo.engine.finder import engine_finder

        engine = engine_finder()
        for name in INDEXES:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)

    return manager
