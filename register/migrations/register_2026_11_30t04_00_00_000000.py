"""A second factor for accounts: the TOTP secret (sealed with the key file), since when it is in use and the
last time step used; single-use recovery codes (argon2 hashes)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import UUID, ForeignKey, Integer, Text, Timestamptz
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-11-30T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "second factor: TOTP columns on account, recovery codes"


class Account(Table, tablename="account", schema=None):
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


def _params(**overrides):
    params = {
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }
    params.update(overrides)
    return params


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="register", description=DESCRIPTION)
    for name, cls, params in (
        ("totp_geheim", Text, _params(default=None, null=True)),
        ("totp_sinds", Timestamptz, _params(default=None, null=True)),
        ("totp_laatste_stap", Integer, _params(default=0)),
    ):
        manager.add_column(
            table_class_name="Account",
            tablename="account",
            column_name=name,
            db_column_name=name,
            column_class_name=cls.__name__,
            column_class=cls,
            params=params,
            schema=None,
        )
    manager.add_table(class_name="Herstelcode", tablename="herstelcode", schema=None, columns=None)
    for name, cls, params in (
        ("id", UUID, _params(default=UUID4(), primary_key=True)),
        (
            "account",
            ForeignKey,
            _params(
                references=Account,
                on_delete=OnDelete.cascade,
                on_update=OnUpdate.cascade,
                target_column=None,
                null=True,
                index=True,
            ),
        ),
        ("code_hash", Text, _params(default="")),
        ("gebruikt_op", Timestamptz, _params(default=None, null=True)),
    ):
        manager.add_column(
            table_class_name="Herstelcode",
            tablename="herstelcode",
            column_name=name,
            db_column_name=name,
            column_class_name=cls.__name__,
            column_class=cls,
            params=params,
            schema=None,
        )
    return manager
