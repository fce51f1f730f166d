"""Documents keep the original file name (`document.bestandsnaam`) as metadata only: sanitised on upload
(register.services.documenten.schone_bestandsnaam), shown to the owner and the auditor, never used as a
path (the bytes stay under their SHA-256). Existing documents have none (NULL)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-02T06:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "document: oorspronkelijke bestandsnaam"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Document",
        tablename="document",
        column_name="bestandsnaam",
        db_column_name="bestandsnaam",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 200,
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
    return manager
