"""Names in three parts: the columns `jobcoach.tussenvoegsel` and `jobcoach.sorteersleutel` (issue #16,
case 8). Migration 2026-11-30T08:01 fills them (Piccolo runs a migration's raw steps before its column
steps, so the filling is a migration of its own).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-30T08:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "jobcoach: tussenvoegsel en sorteersleutel (kolommen)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Jobcoach",
        tablename="jobcoach",
        column_name="tussenvoegsel",
        db_column_name="tussenvoegsel",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 30,
            "default": "",
            "null": False,
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
    manager.add_column(
        table_class_name="Jobcoach",
        tablename="jobcoach",
        column_name="sorteersleutel",
        db_column_name="sorteersleutel",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 300,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )
    return manager
