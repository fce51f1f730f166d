import os

from piccolo.conf.apps import AppConfig

from audits import tables

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="audits",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[
        value
        for value in vars(tables).values()
        if isinstance(value, type) and getattr(value, "__module__", "") == tables.__name__
    ],
    migration_dependencies=["register.piccolo_app"],
    commands=[],
)
