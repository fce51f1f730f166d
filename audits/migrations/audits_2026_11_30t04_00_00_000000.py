"""The access log in the shape of Logius' Logboek Dataverwerkingen: each entry names its processing activity
(`verwerkingsactiviteit`) and the trace (`trace_id`) that links the entries written for one request.
Older entries keep an empty value in both."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-30T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "access log: processing activity and trace id"


def _varchar(length: int, index: bool) -> dict:
    return {
        "length": length,
        "default": "",
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": index,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="audits", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Inzagelog",
        tablename="inzagelog",
        column_name="verwerkingsactiviteit",
        db_column_name="verwerkingsactiviteit",
        column_class_name="Varchar",
        column_class=Varchar,
        params=_varchar(64, False),
        schema=None,
    )
    manager.add_column(
        table_class_name="Inzagelog",
        tablename="inzagelog",
        column_name="trace_id",
        db_column_name="trace_id",
        column_class_name="Varchar",
        column_class=Varchar,
        params=_varchar(32, True),
        schema=None,
    )
    return manager
