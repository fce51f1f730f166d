"""The webhook secret travels in a backup, sealed: `abonnement.geheim_versleuteld` is no longer marked
`secret` (it is sealed with the key file's key, like the audit log's data keys, so a backup without the key
file cannot open it). Marked secret, a backup wrote it as null and the restore failed on NOT NULL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text

ID = "2026-12-01T00:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "abonnement: geheim_versleuteld not secret"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)
    manager.alter_column(
        table_class_name="Abonnement",
        tablename="abonnement",
        column_name="geheim_versleuteld",
        db_column_name="geheim_versleuteld",
        params={"secret": False},
        old_params={"secret": True},
        column_class=Text,
        old_column_class=Text,
        schema=None,
    )
    return manager
