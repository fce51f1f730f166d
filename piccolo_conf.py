"""Piccolo configuration: the engine comes from REGISTER_DATABASE_URL (default: SQLite in data/)."""

from piccolo.conf.apps import AppRegistry

from api.settings import database_url_from_env
from register.db import engine_from_url

DB = engine_from_url(database_url_from_env())

APP_REGISTRY = AppRegistry(apps=["register.piccolo_app", "audits.piccolo_app"])
