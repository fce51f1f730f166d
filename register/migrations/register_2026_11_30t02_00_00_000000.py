"""Consent on a dienstverband (issue 12, part 1): `status` (voorgesteld, bevestigd, geweigerd), who proposed
it, and who confirmed or refused it, when and why.

Links made before consent existed were agreed to by the organisation (or a beheerder) and have been
counting ever since; they migrate as `bevestigd` (in the next migration, register_2026_11_30t02_01, as
Piccolo runs a migration's raw steps before its column operations). The column's default is
`voorgesteld`, so a new link counts for nothing until confirmed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text, Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-30T02:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "dienstverband consent: status, proposer, confirmation"


def _params(default, *, null: bool, index: bool = False, length: int | None = None) -> dict:
    params = {
        "default": default,
        "null": null,
        "primary_key": False,
        "unique": False,
        "index": index,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }
    if length is not None:
        params["length"] = length
    return params


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)

    def add(name: str, column_class, params: dict) -> None:
        manager.add_column(
            table_class_name="Dienstverband",
            tablename="dienstverband",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )

    add("status", Varchar, _params("voorgesteld", null=False, index=True, length=20))
    add("voorgesteld_door", Varchar, _params(None, null=True, length=20))
    add("beoordeeld_op", Timestamptz, _params(None, null=True))
    add("beoordeeld_door", Varchar, _params(None, null=True, length=36))
    add("toelichting", Text, _params(None, null=True))

    return manager
