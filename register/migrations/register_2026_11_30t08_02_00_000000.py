"""Gemeenten over time: `gemeente.opvolger`, the code of the gemeente an ended one went into (issue #16,
case 10)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-30T08:02:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "gemeente: opvolger"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Gemeente",
        tablename="gemeente",
        column_name="opvolger",
        db_column_name="opvolger",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 6,
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
