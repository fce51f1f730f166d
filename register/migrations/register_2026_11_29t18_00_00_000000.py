"""Signing keys at rest: the private half moves to `private_versleuteld` (AES-GCM under the key file's KEK,
done by `jobcoach-register migrate` after this migration, see api.attestatie), `private_pem` becomes
nullable (and is emptied), and `actief_vanaf` says from when a key may sign (one JWKS cache lifetime after
it was published; NULL for older keys means: since it was made).

On SQLite, which cannot drop NOT NULL from a column, the raw step rebuilds the table in its new shape
and takes this migration's column operations out of the run; on PostgreSQL they run as they are.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.indexes import IndexMethod
from piccolo.engine.finder import engine_finder

ID = "2026-11-29T18:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "signing keys encrypted at rest, delayed activation"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Ondertekeningssleutel",
        tablename="ondertekeningssleutel",
        column_name="actief_vanaf",
        db_column_name="actief_vanaf",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
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

    manager.add_column(
        table_class_name="Ondertekeningssleutel",
        tablename="ondertekeningssleutel",
        column_name="private_versleuteld",
        db_column_name="private_versleuteld",
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
            "secret": True,
        },
        schema=None,
    )

    manager.alter_column(
        table_class_name="Ondertekeningssleutel",
        tablename="ondertekeningssleutel",
        column_name="private_pem",
        db_column_name="private_pem",
        params={"default": None, "null": True, "secret": True},
        old_params={"default": "", "null": False, "secret": False},
        column_class=Text,
        old_column_class=Text,
        schema=None,
    )

    async def rebuild_on_sqlite():
        engine = engine_finder()
        if engine.engine_type != "sqlite":
            return
        for statement in SQLITE_REBUILD:
            await engine.run_ddl(statement)
        manager.add_columns.add_columns = []
        manager.alter_columns.alter_columns = []

    manager.add_raw(rebuild_on_sqlite)
    return manager


SQLITE_REBUILD = [
    'DROP TABLE IF EXISTS "ondertekeningssleutel_nieuw"',
    'CREATE TABLE "ondertekeningssleutel_nieuw" ("id" UUID PRIMARY KEY NOT NULL, "kid" VARCHAR(64) UNIQUE '
    "NOT NULL DEFAULT '', \"alg\" VARCHAR(10) NOT NULL DEFAULT '', \"private_pem\" TEXT DEFAULT null, "
    '"private_versleuteld" TEXT DEFAULT null, "public_jwk" JSON NOT NULL DEFAULT \'{}\', "aangemaakt_op" '
    'TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "actief_vanaf" TIMESTAMPTZ DEFAULT null, "actief" '
    "BOOLEAN NOT NULL DEFAULT true)",
    'INSERT INTO "ondertekeningssleutel_nieuw" ("id", "kid", "alg", "private_pem", "public_jwk", '
    '"aangemaakt_op", "actief") SELECT "id", "kid", "alg", "private_pem", "public_jwk", "aangemaakt_op", '
    '"actief" FROM "ondertekeningssleutel"',
    'DROP TABLE "ondertekeningssleutel"',
    'ALTER TABLE "ondertekeningssleutel_nieuw" RENAME TO "ondertekeningssleutel"',
    "CREATE UNIQUE INDEX ondertekeningssleutel_een_actief ON ondertekeningssleutel (actief) WHERE actief",
]
