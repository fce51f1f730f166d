"""The transparency log's tables (Merkle tree nodes, checkpoints, the checkpoint key, per-subject data keys)
and the audit log's new shape: `ontvangst` (order of arrival) and nullable `volgnummer`, `vorige_hash`
and `hash` (entries are written unsequenced and numbered later by the sequencer).

The Piccolo operations below describe the schema for Piccolo's own bookkeeping and run as they are on
PostgreSQL. SQLite cannot drop NOT NULL from a column, so there the raw step first rebuilds
`auditlog_regel` in its new shape (copying every row, `ontvangst` = the old `volgnummer`) and takes the
audit log's column operations out of this migration's run. Existing rows keep their number and hashes;
`jobcoach-register migrate` then moves them into the transparency log (register.infra.tlog).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.columns.column_types import BigInt
from piccolo.columns.column_types import Bytea
from piccolo.columns.column_types import Text
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.column_types import UUID
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-29T18:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "transparency log: tables and the audit log's new columns"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="audits", description=DESCRIPTION
    )

    manager.add_table(
        class_name="AuditlogKnoop",
        tablename="auditlog_knoop",
        schema=None,
        columns=None,
    )

    manager.add_table(
        class_name="AuditlogCheckpoint",
        tablename="auditlog_checkpoint",
        schema=None,
        columns=None,
    )

    manager.add_table(
        class_name="Checkpointsleutel",
        tablename="checkpointsleutel",
        schema=None,
        columns=None,
    )

    manager.add_table(
        class_name="Gegevenssleutel",
        tablename="gegevenssleutel",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="AuditlogKnoop",
        tablename="auditlog_knoop",
        column_name="sleutel",
        db_column_name="sleutel",
        column_class_name="BigInt",
        column_class=BigInt,
        params={
            "default": 0,
            "null": False,
            "primary_key": True,
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
        table_class_name="AuditlogKnoop",
        tablename="auditlog_knoop",
        column_name="hash",
        db_column_name="hash",
        column_class_name="Bytea",
        column_class=Bytea,
        params={
            "default": b"",
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
        table_class_name="AuditlogCheckpoint",
        tablename="auditlog_checkpoint",
        column_name="id",
        db_column_name="id",
        column_class_name="UUID",
        column_class=UUID,
        params={
            "default": UUID4(),
            "null": False,
            "primary_key": True,
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
        table_class_name="AuditlogCheckpoint",
        tablename="auditlog_checkpoint",
        column_name="grootte",
        db_column_name="grootte",
        column_class_name="BigInt",
        column_class=BigInt,
        params={
            "default": 0,
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

    manager.add_column(
        table_class_name="AuditlogCheckpoint",
        tablename="auditlog_checkpoint",
        column_name="wortel",
        db_column_name="wortel",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 64,
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
        table_class_name="AuditlogCheckpoint",
        tablename="auditlog_checkpoint",
        column_name="tijdstip",
        db_column_name="tijdstip",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": TimestamptzNow(),
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

    manager.add_column(
        table_class_name="AuditlogCheckpoint",
        tablename="auditlog_checkpoint",
        column_name="sleutel_id",
        db_column_name="sleutel_id",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 8,
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
        table_class_name="AuditlogCheckpoint",
        tablename="auditlog_checkpoint",
        column_name="tekst",
        db_column_name="tekst",
        column_class_name="Text",
        column_class=Text,
        params={
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
        table_class_name="Checkpointsleutel",
        tablename="checkpointsleutel",
        column_name="id",
        db_column_name="id",
        column_class_name="UUID",
        column_class=UUID,
        params={
            "default": UUID4(),
            "null": False,
            "primary_key": True,
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
        table_class_name="Checkpointsleutel",
        tablename="checkpointsleutel",
        column_name="naam",
        db_column_name="naam",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 200,
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
        table_class_name="Checkpointsleutel",
        tablename="checkpointsleutel",
        column_name="sleutel_id",
        db_column_name="sleutel_id",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 8,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": True,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="Checkpointsleutel",
        tablename="checkpointsleutel",
        column_name="publieke_sleutel",
        db_column_name="publieke_sleutel",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 64,
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
        table_class_name="Checkpointsleutel",
        tablename="checkpointsleutel",
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

    manager.add_column(
        table_class_name="Checkpointsleutel",
        tablename="checkpointsleutel",
        column_name="aangemaakt_op",
        db_column_name="aangemaakt_op",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": TimestamptzNow(),
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
        table_class_name="Gegevenssleutel",
        tablename="gegevenssleutel",
        column_name="id",
        db_column_name="id",
        column_class_name="UUID",
        column_class=UUID,
        params={
            "default": UUID4(),
            "null": False,
            "primary_key": True,
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
        table_class_name="Gegevenssleutel",
        tablename="gegevenssleutel",
        column_name="onderwerp",
        db_column_name="onderwerp",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 80,
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

    manager.add_column(
        table_class_name="Gegevenssleutel",
        tablename="gegevenssleutel",
        column_name="sleutel",
        db_column_name="sleutel",
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

    manager.add_column(
        table_class_name="Gegevenssleutel",
        tablename="gegevenssleutel",
        column_name="aangemaakt_op",
        db_column_name="aangemaakt_op",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": TimestamptzNow(),
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
        table_class_name="Gegevenssleutel",
        tablename="gegevenssleutel",
        column_name="vernietigd_op",
        db_column_name="vernietigd_op",
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
        table_class_name="Gegevenssleutel",
        tablename="gegevenssleutel",
        column_name="vernietigd_reden",
        db_column_name="vernietigd_reden",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 40,
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
        table_class_name="AuditlogRegel",
        tablename="auditlog_regel",
        column_name="ontvangst",
        db_column_name="ontvangst",
        column_class_name="BigInt",
        column_class=BigInt,
        params={
            "default": 0,
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

    manager.alter_column(
        table_class_name="AuditlogRegel",
        tablename="auditlog_regel",
        column_name="volgnummer",
        db_column_name="volgnummer",
        params={"default": None, "null": True},
        old_params={"default": 0, "null": False},
        column_class=BigInt,
        old_column_class=BigInt,
        schema=None,
    )

    manager.alter_column(
        table_class_name="AuditlogRegel",
        tablename="auditlog_regel",
        column_name="vorige_hash",
        db_column_name="vorige_hash",
        params={"default": None, "null": True},
        old_params={"default": "", "null": False},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="AuditlogRegel",
        tablename="auditlog_regel",
        column_name="hash",
        db_column_name="hash",
        params={"default": None, "null": True},
        old_params={"default": "", "null": False},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    async def rebuild_auditlog_on_sqlite():
        engine = engine_finder()
        if engine.engine_type != "sqlite":
            return
        for statement in SQLITE_REBUILD:
            await engine.run_ddl(statement)
        manager.add_columns.add_columns = [
            c for c in manager.add_columns.add_columns if c.table_class_name != "AuditlogRegel"
        ]
        manager.alter_columns.alter_columns = [
            c for c in manager.alter_columns.alter_columns if c.table_class_name != "AuditlogRegel"
        ]

    manager.add_raw(rebuild_auditlog_on_sqlite)
    return manager


SQLITE_REBUILD = [
    'DROP TABLE IF EXISTS "auditlog_regel_nieuw"',
    'CREATE TABLE "auditlog_regel_nieuw" ("id" UUID PRIMARY KEY NOT NULL, "volgnummer" INTEGER UNIQUE '
    'DEFAULT null, "ontvangst" INTEGER NOT NULL DEFAULT 0, "tijdstip" TIMESTAMPTZ NOT NULL DEFAULT '
    'current_timestamp, "actor" VARCHAR(36) DEFAULT null, "actor_rol" VARCHAR(20) DEFAULT null, "actie" '
    'VARCHAR(20) NOT NULL DEFAULT \'\', "objecttype" VARCHAR(40) NOT NULL DEFAULT \'\', "object_id" VARCHAR(36) '
    'NOT NULL DEFAULT \'\', "wijziging" JSON NOT NULL DEFAULT \'{}\', "vorige_hash" VARCHAR(64) DEFAULT null, '
    '"hash" VARCHAR(64) DEFAULT null)',
    'INSERT INTO "auditlog_regel_nieuw" ("id", "volgnummer", "ontvangst", "tijdstip", "actor", "actor_rol", '
    '"actie", "objecttype", "object_id", "wijziging", "vorige_hash", "hash") SELECT "id", "volgnummer", '
    '"volgnummer", "tijdstip", "actor", "actor_rol", "actie", "objecttype", "object_id", "wijziging", '
    '"vorige_hash", "hash" FROM "auditlog_regel"',
    'DROP TABLE "auditlog_regel"',
    'ALTER TABLE "auditlog_regel_nieuw" RENAME TO "auditlog_regel"',
    'CREATE INDEX auditlog_regel_objecttype ON "auditlog_regel" ("objecttype")',
    'CREATE INDEX auditlog_regel_object_id ON "auditlog_regel" ("object_id")',
    'CREATE INDEX auditlog_regel_ontvangst ON "auditlog_regel" ("ontvangst")',
]
