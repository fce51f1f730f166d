"""Piccolo configuration: the engine comes from the settings (REGISTER_DATABASE_URL; default SQLite in data/)."""

from piccolo.conf.apps import AppRegistry

from api.settings import load_settings

DB = load_settings().engine()

APP_REGISTRY = AppRegistry(apps=["register.piccolo_app", "audits.piccolo_app"])
