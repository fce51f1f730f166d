"""Piccolo's migrations match the tables: no drift.

For each app, the schema that its migrations build (Piccolo's own snapshot of the migration managers) is
compared with the `Table` classes by Piccolo's own differ, the machinery of
`piccolo migrations new <app> --auto`. Anything it would write into a new migration is drift: a column
added, changed or dropped in `tables.py` without a migration, or the other way round. (Raw SQL parts of a
migration, such as triggers and operator indexes, are outside what Piccolo compares.)
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from piccolo.apps.migrations.commands.new import AutoMigrationManager
from piccolo.columns import Varchar
from piccolo.conf.apps import AppConfig
from piccolo.table import Table, create_table_class

from audits.piccolo_app import APP_CONFIG as AUDITS
from register.piccolo_app import APP_CONFIG as REGISTER
from register.tables import Gemeente


async def pending_changes(app_config: AppConfig) -> list[str]:
    """The statements `piccolo migrations new <app> --auto` would write (empty: no drift)."""
    # auto_input answers Piccolo's "did you rename this column?" question, so the test never waits for one
    alter = await AutoMigrationManager(auto_input="n").get_alter_statements(app_config=app_config)
    return [statement for group in alter for statement in group.statements]


def with_tables(app_config: AppConfig, tables: Sequence[type[Table]]) -> AppConfig:
    return AppConfig(
        app_name=app_config.app_name,
        migrations_folder_path=app_config.migrations_folder_path,
        table_classes=list(tables),
        migration_dependencies=app_config.migration_dependencies,
        commands=[],
    )


@pytest.mark.parametrize("app_config", [REGISTER, AUDITS], ids=["register", "audits"])
async def test_the_migrations_build_the_tables_as_declared(app_config):
    assert app_config.table_classes, "the app declares no tables"
    assert await pending_changes(app_config) == [], (
        f"tables and migrations of '{app_config.app_name}' differ: write a migration "
        f"(.venv/bin/piccolo migrations new {app_config.app_name} --auto, against PostgreSQL)"
    )


async def test_a_column_added_without_a_migration_is_drift():
    with_website = create_table_class(
        "Gemeente",
        bases=(Gemeente,),
        class_kwargs={"tablename": Gemeente._meta.tablename},
        class_members={"website": Varchar(length=200, null=True)},
    )
    tables = [with_website if table is Gemeente else table for table in REGISTER.table_classes]
    changes = await pending_changes(with_tables(REGISTER, tables))
    assert len(changes) == 1
    assert "add_column(table_class_name='Gemeente'" in changes[0] and "column_name='website'" in changes[0]
