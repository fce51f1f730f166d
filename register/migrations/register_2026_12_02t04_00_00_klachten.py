"""Klachtenregister (issue #17, point 10): a complaint gets a `categorie` (existing ones: `overig`), the
jobcoach it concerns (optional), and its `uitkomst` becomes a code (`gegrond`, `deels-gegrond`,
`ongegrond`), explained in `uitkomst_toelichting`. The next migration moves free-text outcomes there
(Piccolo runs a migration's raw steps before its column changes)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import UUID, ForeignKey, Text, Varchar
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Jobcoach(Table, tablename="jobcoach", schema=None):
    id = UUID(
        default=UUID4(),
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name=None,
        secret=False,
    )


ID = "2026-12-02T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "klachten: categorie, uitkomst als code, betrokken jobcoach"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Klacht",
        tablename="klacht",
        column_name="categorie",
        db_column_name="categorie",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 40,
            "default": "overig",
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
        table_class_name="Klacht",
        tablename="klacht",
        column_name="jobcoach",
        db_column_name="jobcoach",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Jobcoach,
            "on_delete": OnDelete.set_null,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
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

    manager.add_column(
        table_class_name="Klacht",
        tablename="klacht",
        column_name="uitkomst_toelichting",
        db_column_name="uitkomst_toelichting",
        column_class_name="Text",
        column_class=Text,
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

    return manager
