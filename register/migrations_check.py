"""Refuse to serve an unmigrated database."""

from __future__ import annotations

import importlib
import pkgutil

from piccolo.engine.base import Engine

APPS = ("register", "audits")


class NotMigrated(SystemExit):
    pass


def migration_ids() -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {}
    for app in APPS:
        package = importlib.import_module(f"{app}.migrations")
        found = set()
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{app}.migrations.{info.name}")
            if hasattr(module, "ID"):
                found.add(module.ID)
        ids[app] = found
    return ids


async def check_migrated(engine: Engine) -> None:
    message = "De database is niet (volledig) gemigreerd. Voer eerst uit: jobcoach-register migrate"
    try:
        rows = await engine.run_ddl("SELECT name, app_name FROM migration", in_pool=False)
    except Exception as exc:
        raise NotMigrated(message) from exc
    done = {(r["app_name"], r["name"]) for r in rows}
    for app, ids in migration_ids().items():
        if any((app, i) not in done for i in ids):
            raise NotMigrated(message)
