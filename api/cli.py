"""The `jobcoach-register` command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from api.settings import database_url_from_env
from register import db
from register.actor import SYSTEEM
from register.errors import DomainError, InvalidInput


def _run(work: Callable[[], Awaitable[Any]], *, migrated: bool = True) -> Any:
    async def main() -> Any:
        engine = db.bind(db.engine_from_url(database_url_from_env()))
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

    os.environ.setdefault("PICCOLO_CONF", "piccolo_conf")

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

    try:
        _run(lambda: asyncio.sleep(0))
    except NotMigrated as exc:
        return _fail(str(exc))
    print(f"Register draait op http://{args.host}:{args.port} ({args.workers} worker(s)).")
    uvicorn.run(
        "api.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
        proxy_headers=True,
        access_log=False,
    )
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    from register.services import accounts

    password = os.environ.get("REGISTER_PASSWORD")
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
    from register.services import demo

    loaded = _run(demo.load)
    print("Demodata geladen." if loaded else "Demodata was al geladen; niets gewijzigd.")
    return 0


def cmd_auditlog(args: argparse.Namespace) -> int:
    from audits import log

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
