"""The `jobcoach-register` command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from api.settings import Settings, load_settings, use_piccolo_conf
from register import db
from register.actor import SYSTEEM
from register.errors import DomainError, InvalidInput
from register.opmaak import datum


def _run(work: Callable[[], Awaitable[Any]], *, migrated: bool = True, settings: Settings | None = None) -> Any:
    settings = settings or load_settings()

    async def main() -> Any:
        engine = db.bind(settings.engine())
        if migrated:
            from register.migrations_check import check_migrated

            await check_migrated(engine)
        await db.start_pool(engine, max_size=4)
        try:
            return await work()
        finally:
            await db.close_pool(engine)

    return asyncio.run(main())


def _fail(message: str) -> int:
    print(f"Fout: {message}", file=sys.stderr)
    return 1


def cmd_migrate(args: argparse.Namespace) -> int:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    use_piccolo_conf()

    async def work() -> bool:
        response = await run_forwards(app_name="all", migration_id="all", fake=False)
        return response.success

    ok = _run(work, migrated=False)
    if not ok:
        return _fail("migreren mislukt")
    print("Database is bijgewerkt.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from register.migrations_check import NotMigrated

    settings = load_settings()
    try:
        _run(lambda: asyncio.sleep(0), settings=settings)
    except NotMigrated as exc:
        return _fail(str(exc))
    if args.workers > 1 and settings.database_url.startswith("sqlite"):
        print(
            "Let op: meerdere workers op SQLite schrijven om de beurt; gebruik PostgreSQL voor productie.",
            file=sys.stderr,
        )
    print(f"Register draait op http://{args.host}:{args.port} ({args.workers} worker(s)).")
    uvicorn.run(
        "api.cli:serve_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
        log_config=LOG_CONFIG,
        proxy_headers=True,
        access_log=False,
    )
    return 0


def serve_app() -> Any:
    """uvicorn's factory for `serve`: the app, with one log format (process id included) in every worker.
    Litestar configures logging when the app is created, so the format is applied after that. Each worker
    reads the settings itself; a web request never waits long for the database (`serving=True`: a
    statement limit, see `api.settings.SERVE_COMMAND_TIMEOUT`)."""
    import logging.config

    from api.app import create_app

    app = create_app(load_settings(serving=True))
    logging.config.dictConfig(LOG_CONFIG)
    return app


# One format for the register and uvicorn, with the worker's process id so lines of several workers can
# be told apart. Request bodies, passwords and tokens are never logged.
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "uvicorn": {"level": "INFO"},
        "uvicorn.error": {"level": "INFO"},
        # No access log: query strings may carry search terms such as a name.
        "uvicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        # Their debug output carries query parameters (personal data): never below WARNING.
        "aiosqlite": {"level": "WARNING"},
        "asyncpg": {"level": "WARNING"},
    },
}


def cmd_create_user(args: argparse.Namespace) -> int:
    from register.services import accounts

    password = load_settings().initial_password
    if not password:
        if not sys.stdin.isatty():
            return _fail("geef het wachtwoord in REGISTER_PASSWORD of start interactief")
        password = getpass.getpass("Wachtwoord: ")
        if password != getpass.getpass("Nogmaals: "):
            return _fail("de wachtwoorden zijn niet gelijk")
    rol = accounts.RolInvoer(
        rol=args.role, jobcoach=args.jobcoach, organisatie=args.organisatie, gemeente=args.gemeente
    )
    try:
        view = _run(
            lambda: accounts.create_account(
                SYSTEEM, args.username, password, args.email or f"{args.username}@localhost.invalid", [rol]
            )
        )
    except InvalidInput as exc:
        return _fail("; ".join(f"{e.name}: {e.reason}" for e in exc.errors))
    print(f"Account {view['gebruikersnaam']} aangemaakt met rol {args.role}.")
    return 0


def cmd_import_gemeenten(args: argparse.Namespace) -> int:
    from register.services import gemeenten

    path = Path(args.file)
    if not path.exists():
        return _fail(f"bestand {path} bestaat niet")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    try:
        rows = gemeenten.parse_csv(text)
        result = _run(lambda: gemeenten.import_rows(SYSTEEM, rows))
    except InvalidInput as exc:
        for e in exc.errors:
            print(f"  {e.name}: {e.reason}", file=sys.stderr)
        return _fail("niets geïmporteerd; herstel de fouten hierboven")
    print(
        f"{len(rows)} gemeenten gelezen: {result['toegevoegd']} toegevoegd, {result['bijgewerkt']} bijgewerkt."
    )
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    from api import demo

    loaded = _run(demo.load)
    print("Demodata geladen." if loaded else "Demodata was al geladen; niets gewijzigd.")
    return 0


def cmd_auditlog(args: argparse.Namespace) -> int:
    from register.infra import auditlog as log

    result = _run(log.verify)
    if result["intact"]:
        print(f"Auditlog intact: {result['regels']} regels gecontroleerd.")
        return 0
    print(f"Auditlog NIET intact: regel {result['eersteFouteRegel']}: {result['reden']}.", file=sys.stderr)
    return 2


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    from api import attestatie

    async def work() -> tuple[str, int]:
        kid = await attestatie.rotate()
        return kid, len((await attestatie.jwks())["keys"])

    kid, total = _run(work)
    print(
        f"Nieuwe ondertekeningssleutel {kid} is actief. {total - 1} eerdere sleutel(s) blijven gepubliceerd "
        "in /.well-known/jwks.json, zodat eerder ondertekende verklaringen geldig blijven."
    )
    return 0


def cmd_signalen(args: argparse.Namespace) -> int:
    from register.services import signalen

    def voortgang(done: int, total: int) -> None:
        if total > signalen.CHUNK:
            print(f"  {done}/{total} lopende trajecten beoordeeld ...", flush=True)

    result = _run(lambda: signalen.compute(voortgang=voortgang))
    print(
        f"Signalen berekend: {result['nieuw']} nieuw, {result['bijgewerkt']} bijgewerkt, "
        f"{result['opgelost']} opgelost, {result['open']} open."
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from register.services import backup

    def progress(tabel: str, rijen: int) -> None:
        print(f"  {tabel}: {rijen} rijen", flush=True)

    try:
        counts = _run(lambda: backup.dump(args.file, progress))
    except backup.BackupError as exc:
        return _fail(f"geen back-up gemaakt: {exc}")
    print(f"Back-up gemaakt: {args.file} ({sum(counts.values())} rijen uit {len(counts)} tabellen).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from register.services import backup

    def progress(tabel: str, rijen: int) -> None:
        print(f"  {tabel}: {rijen} rijen", flush=True)

    try:
        result = _run(lambda: backup.restore(args.file, force=args.force, progress=progress))
    except backup.BackupError as exc:
        return _fail(f"niets hersteld: {exc}")
    rijen = result["rijen"]
    print(
        f"Hersteld uit {args.file} (gemaakt op {result['gemaaktOp']}, {result['engine']}): "
        f"{sum(rijen.values())} rijen in {len(rijen)} tabellen; "
        f"auditlog intact ({result['auditlog']['regels']} regels)."
    )
    return 0


def cmd_retentie(args: argparse.Namespace) -> int:
    from register.services import retentie

    result = _run(lambda: retentie.run(dry_run=args.dry_run))
    print(
        f"Bewaartermijn: {result['bewaartermijnJaren']} jaar na uitschrijving "
        f"(uitgeschreven op of voor {datum(result['grens'])}, peildatum {datum(result['peildatum'])})."
    )
    if args.dry_run:
        due = result["teAnonimiseren"]
        print(
            f"Proefdraaien: {len(due)} jobcoach(es) zou(den) worden geanonimiseerd"
            + (f": {', '.join(due)}." if due else ".")
        )
        return 0
    done = result["geanonimiseerd"]
    if not done:
        print("Geen jobcoaches om te anonimiseren; niets gewijzigd.")
        return 0
    print(f"{len(done)} jobcoach(es) geanonimiseerd:")
    for coach in done:
        print(f"  {coach['registratienummer']} ({coach['accounts']} account(s) gedeactiveerd)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobcoach-register", description="Kwaliteitsregister Jobcoaching")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="voer alle databasemigraties uit").set_defaults(func=cmd_migrate)

    serve = sub.add_parser("serve", help="start de webserver")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)

    user = sub.add_parser("create-user", help="maak een account aan (wachtwoord uit REGISTER_PASSWORD)")
    user.add_argument("--username", required=True)
    user.add_argument(
        "--role", required=True, choices=["jobcoach", "organisatie", "auditor", "gemeente", "beheerder"]
    )
    user.add_argument("--email")
    user.add_argument("--jobcoach")
    user.add_argument("--organisatie")
    user.add_argument("--gemeente")
    user.set_defaults(func=cmd_create_user)

    imp = sub.add_parser("import-gemeenten", help="importeer gemeenten uit een CSV-bestand")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_import_gemeenten)

    sub.add_parser("demo-data", help="laad eenmalig de demodata").set_defaults(func=cmd_demo_data)

    auditlog = sub.add_parser("auditlog", help="auditlog-opdrachten")
    auditlog_sub = auditlog.add_subparsers(dest="auditlog_command", required=True)
    auditlog_sub.add_parser("verify", help="controleer de hashketen").set_defaults(func=cmd_auditlog)

    backup = sub.add_parser(
        "backup", help="maak een consistente back-up van de hele database (gzip, JSON-regels)"
    )
    backup.add_argument("file", help="doelbestand, bijvoorbeeld register-2026-11-23.jsonl.gz")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="zet een back-up terug in een lege, gemigreerde database")
    restore.add_argument("file")
    restore.add_argument(
        "--force", action="store_true", help="vervang ook een niet-lege database volledig door de back-up"
    )
    restore.set_defaults(func=cmd_restore)

    retentie = sub.add_parser(
        "retentie", help="anonimiseer jobcoaches die langer dan de bewaartermijn zijn uitgeschreven"
    )
    retentie.add_argument("--dry-run", action="store_true", help="toon alleen wie aan de beurt is")
    retentie.set_defaults(func=cmd_retentie)

    keys = sub.add_parser("keys", help="ondertekeningssleutels van verificatieverklaringen")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    keys_sub.add_parser(
        "rotate", help="maak een nieuwe actieve sleutel; oude blijven gepubliceerd"
    ).set_defaults(func=cmd_keys_rotate)

    sub.add_parser(
        "signalen", help="bereken de signalen voor gemeenten, jobcoaches en organisaties"
    ).set_defaults(func=cmd_signalen)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DomainError as exc:
        return _fail(exc.detail)
    except SystemExit as exc:
        if isinstance(exc.code, str):
            return _fail(exc.code)
        raise
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
