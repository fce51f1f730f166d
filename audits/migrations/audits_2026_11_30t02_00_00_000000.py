"""Co-signature (medeondertekening) of back-dated toetsingen and organisation audits (issue 12, part 6):
who co-signed and when. Existing rows have none; a locked toetsing stays locked."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-30T02:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "medeondertekening of toetsingen and organisation audits"


def _params(**extra) -> dict:
    return {
        "default": None,
        "null": True,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
        **extra,
    }


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="audits", description=DESCRIPTION)
    for table_class_name, tablename in (("Toetsing", "toetsing"), ("OrganisatieAudit", "organisatie_audit")):
        manager.add_column(
            table_class_name=table_class_name,
            tablename=tablename,
            column_name="medeondertekend_door",
            db_column_name="medeondertekend_door",
            column_class_name="Varchar",
            column_class=Varchar,
            params=_params(length=36),
            schema=None,
        )
        manager.add_column(
            table_class_name=table_class_name,
            tablename=tablename,
            column_name="medeondertekend_op",
            db_column_name="medeondertekend_op",
            column_class_name="Timestamptz",
            column_class=Timestamptz,
            params=_params(),
            schema=None,
        )
    return manager
