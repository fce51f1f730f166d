"""The `jobcoach-register` command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from api.settings import Settings, base_url_from_address, load_settings, use_piccolo_conf
from register import db
from register.actor import SYSTEEM
from register.errors import DomainError, InvalidInput
from register.infra import keyvault, opslag, tlog
from register.opmaak import datum, tijdstip


def configure_keys(settings: Settings, *, create: bool = True) -> None:
    """Load the key-encryption key (made on first start when `create`) and the log's identity; commands
    sequence their audit entries before they end (inline)."""
    keyvault.configure(keyvault.load_key_file(settings.key_path, create=create))
    tlog.configure(origin=tlog.origin_for(settings.base_url), mode="inline")
    opslag.configure(opslag.voor_data_dir(settings.data_dir))


def _run(
    work: Callable[[], Awaitable[Any]],
    *,
    migrated: bool = True,
    settings: Settings | None = None,
    keys: bool = True,
) -> Any:
    """Run `work` against the configured database (`keys`: with the key file loaded first)."""
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

    if keys:
        configure_keys(settings)
    return asyncio.run(main())


def _fail(message: str) -> int:
    print(f"Fout: {message}", file=sys.stderr)
    return 1


def cmd_migrate(args: argparse.Namespace) -> int:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    use_piccolo_conf()

    async def work() -> tuple[bool, int, int]:
        response = await run_forwards(app_name="all", migration_id="all", fake=False)
        if not response.success:
            return False, 0, 0
        from api import attestatie
        from register.infra import auditlog

        # what needs the key file: private keys still in plain text, the hash chain of before the
        # transparency log (its personal values get sealed)
        secured = await attestatie.secure_plain_keys()
        converted = await auditlog.convert_legacy()
        return True, secured, converted

    try:
        ok, secured, converted = _run(work, migrated=False)
    except tlog.LegacyLog as exc:
        return _fail(f"de auditlog is niet omgezet: {exc.detail}")
    if not ok:
        return _fail("migreren mislukt")
    if secured:
        print(f"{secured} ondertekeningssleutel(s) versleuteld opgeslagen (de leesbare kopie is gewist).")
    if converted:
        print(f"{converted} bestaande auditlogregel(s) overgezet naar het transparantielog.")
    print("Database is bijgewerkt.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from register.migrations_check import NotMigrated

    base_url_from_address(args.host, args.port)
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
        proxy_headers=False,  # X-Forwarded-For is read by the app, from REGISTER_TRUSTED_PROXIES only
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
    if args.tweede_factor:
        # the operator's first beheerder on a server without a browser: the API's password grant gives a
        # beheerder or auditor a token only with a second factor (register.services.tweedefactor)
        from register.services import tweedefactor

        geheim, uri = _run(lambda: tweedefactor.zet_aan_voor_beheer(SYSTEEM, view["id"]))
        print(f"Tweede factor aan. Geheim voor de authenticator-app (eenmalig getoond): {geheim}")
        print(f"otpauth-URI: {uri}")
    return 0


def cmd_import_gemeenten(args: argparse.Namespace) -> int:
    from register.rules import invoerbestand
    from register.services import gemeenten

    path = Path(args.file)
    if not path.exists():
        return _fail(f"bestand {path} bestaat niet")
    try:
        # UTF-8 with or without BOM, or Windows-1252 as Excel saves it (charset-normalizer)
        text = invoerbestand.lees_tekst(path.read_bytes())
    except invoerbestand.OnleesbaarBestand as exc:
        return _fail(str(exc))
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
    """`auditlog verify [--checkpoint FILE] [--sleutel KEY]`: 0 intact, 2 not intact (first difference
    named), 1 when the checkpoint file cannot be read."""
    note = None
    if args.checkpoint:
        path = Path(args.checkpoint)
        try:
            note = path.read_bytes()
        except OSError as exc:
            return _fail(f"checkpointbestand {path} is niet te lezen: {exc.strerror or exc}")

    async def work() -> dict[str, Any]:
        await tlog.sequence()
        return await tlog.verify(checkpoint_note=note, verifier_keys_text=args.sleutel or [])

    result = _run(work)
    if result["intact"]:
        extra = f", {result['wachtend']} wachtend" if result.get("wachtend") else ""
        print(f"Auditlog intact: {result['regels']} regels gecontroleerd{extra}.")
        if checkpoint := result.get("checkpoint"):
            print(
                f"De auditlog bevat precies wat de checkpoint van {checkpoint['tijdstip']} vastlegde "
                f"({checkpoint['grootte']} regels) en is sindsdien alleen aangevuld (consistentiebewijs "
                f"{checkpoint['grootte']} -> {result['regels']} klopt)."
            )
        return 0
    where = ""
    if result.get("eersteFouteRegel") is not None:
        where = f"regel {result['eersteFouteRegel']}"
        if result.get("totEnMetRegel") is not None:
            where += f" tot en met {result['totEnMetRegel']}"
        where += ": "
    print(f"Auditlog NIET intact: {where}{result['reden']}.", file=sys.stderr)
    return 2


def cmd_auditlog_checkpoint(args: argparse.Namespace) -> int:
    """Sequence, issue a checkpoint when the log grew or the newest is a day old, print the newest (run it
    daily, e.g. from cron, until the worker does)."""
    checkpoint = _run(tlog.run_periodic)
    sys.stdout.write(checkpoint["tekst"])
    return 0


def cmd_auditlog_wis(args: argparse.Namespace) -> int:
    from register.services import wissen

    result = _run(lambda: wissen.wis(SYSTEEM, args.objecttype, args.object_id, args.reden))
    if not result["vernietigd"]:
        print(f"Geen sleutel van {result['onderwerp']} om te vernietigen; niets gewijzigd.")
        return 0
    print(
        f"Sleutel van {result['onderwerp']} vernietigd: de persoonsgegevens van dit onderwerp in de auditlog "
        "zijn niet meer leesbaar; de keten en de checkpoints blijven kloppen."
    )
    return 0


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    from api import attestatie

    async def work() -> tuple[str, Any, int]:
        kid, vanaf = await attestatie.rotate(direct=args.direct)
        return kid, vanaf, len((await attestatie.jwks())["keys"])

    kid, vanaf, total = _run(work)
    when = tijdstip(vanaf)
    if total == 1:
        print(f"Eerste ondertekeningssleutel {kid} aangemaakt; hij ondertekent direct.")
    elif args.direct:
        print(
            f"Nieuwe ondertekeningssleutel {kid} ondertekent direct (vanaf {when}). Let op: wie de JWKS in "
            "het afgelopen uur heeft opgehaald, kent hem pas na het verlopen van zijn cache."
        )
    else:
        print(
            f"Nieuwe ondertekeningssleutel {kid} staat in /.well-known/jwks.json en ondertekent vanaf {when} "
            f"(na één JWKS-cachetermijn van {attestatie.JWKS_MAX_AGE} s); tot dan ondertekent de huidige sleutel."
        )
    print(
        f"{total - 1} eerdere sleutel(s) blijven gepubliceerd, zodat eerder ondertekende verklaringen geldig blijven."
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
        header = backup.read_header(args.file)
    except backup.BackupError as exc:
        return _fail(f"niets hersteld: {exc}")
    settings = load_settings()
    try:
        kek = keyvault.load_key_file(settings.key_path, create=False)
    except keyvault.KeyVaultError:
        if not args.sleutelbestand_kwijt:
            return _fail(
                f"niets hersteld: er is geen sleutelbestand op deze machine ({settings.key_path}; instelbaar met "
                f"REGISTER_KEY_FILE). De back-up is gemaakt met sleutelbestand "
                f"{header.get('sleutelbestand') or '(onbekend)'}. Zet een kopie van dat bestand op deze plek en "
                "probeer het opnieuw. Is het echt kwijt, herstel dan met --sleutelbestand-kwijt: de versleutelde "
                "persoonsgegevens in de auditlog van de back-up zijn dan voorgoed onleesbaar."
            )
        kek = keyvault.load_key_file(settings.key_path, create=True)
    keyvault.configure(kek)
    tlog.configure(origin=tlog.origin_for(settings.base_url), mode="inline")
    try:
        result = _run(
            lambda: backup.restore(
                args.file, force=args.force, progress=progress, sleutelbestand_kwijt=args.sleutelbestand_kwijt
            ),
            settings=settings,
            keys=False,
        )
    except backup.BackupError as exc:
        return _fail(f"niets hersteld: {exc}")
    rijen = result["rijen"]
    print(
        f"Hersteld uit {args.file} (gemaakt op {result['gemaaktOp']}, {result['engine']}): "
        f"{sum(rijen.values())} rijen in {len(rijen)} tabellen; "
        f"auditlog intact ({result['auditlog']['regels']} regels)."
    )
    if result.get("gewisteSleutels"):
        print(
            f"{result['gewisteSleutels']} gegevenssleutel(s) van de back-up passen niet bij dit sleutelbestand: "
            "die persoonsgegevens in de auditlog tellen als gewist."
        )
    print(
        "Private ondertekeningssleutels staan nooit in een back-up: de sleutels van deze database blijven "
        "ondertekenen, of er wordt bij het eerste gebruik een nieuwe gemaakt (de oude publieke sleutels "
        "blijven gepubliceerd)."
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
    if result["verwijderdeAanmeldingen"]:
        print(f"{result['verwijderdeAanmeldingen']} onbevestigde aanmelding(en) verwijderd.")
    done = result["geanonimiseerd"]
    if not done:
        print("Geen jobcoaches om te anonimiseren; niets gewijzigd.")
        return 0
    print(f"{len(done)} jobcoach(es) geanonimiseerd:")
    for coach in done:
        print(f"  {coach['registratienummer']} ({coach['accounts']} account(s) gedeactiveerd)")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Deliver the outbox and run the daily jobs: one round with `--once`, else until SIGTERM or Ctrl-C."""
    import logging.config

    from api import worker

    logging.config.dictConfig(LOG_CONFIG)
    settings = load_settings()
    bezorgers = worker_bezorgers(settings)
    if args.once:
        result = _run(lambda: worker.ronde(bezorgers, uur=settings.worker_uur), settings=settings)
        print(
            f"Worker: {result.verzonden} bericht(en) verzonden, {result.mislukt} mislukt (later opnieuw), "
            f"{result.geparkeerd} geparkeerd; dagtaken: {', '.join(result.dagtaken) or 'geen'}."
        )
        return 0
    print(f"Worker draait (dagtaken vanaf {settings.worker_uur}:00 Nederlandse tijd); stop met Ctrl-C.")
    _run(lambda: worker.draai(bezorgers, uur=settings.worker_uur, interval=args.interval), settings=settings)
    return 0


def worker_bezorgers(settings: Settings) -> dict[str, Any]:
    """The sender per outbox channel, configured from the settings: e-mail by SMTP when REGISTER_SMTP_URL
    is set, else as .eml files under the data folder."""
    from api import mail, webhooks

    if settings.smtp_url:
        email: Any = mail.SmtpBezorger(settings.smtp_url, settings.base_url, settings.mail_afzender)
    else:
        email = mail.EmlBezorger(settings.eml_map, settings.base_url, settings.mail_afzender)
    webhook = webhooks.WebhookBezorger(
        settings.base_url, settings.cloudevents_bron, settings.webhook_http_loopback
    )
    return {"email": email, "webhook": webhook}


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
    user.add_argument(
        "--tweede-factor",
        action="store_true",
        help="zet meteen een tweede factor (TOTP) aan en toon het geheim eenmalig; nodig om als beheerder "
        "of auditor via de API in te loggen zonder eerst de website te gebruiken",
    )
    user.set_defaults(func=cmd_create_user)

    imp = sub.add_parser("import-gemeenten", help="importeer gemeenten uit een CSV-bestand")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_import_gemeenten)

    sub.add_parser("demo-data", help="laad eenmalig de demodata").set_defaults(func=cmd_demo_data)

    auditlog = sub.add_parser("auditlog", help="auditlog-opdrachten")
    auditlog_sub = auditlog.add_subparsers(dest="auditlog_command", required=True)
    verify = auditlog_sub.add_parser(
        "verify",
        help="controleer keten, Merkle-boom en checkpoints (optioneel tegen een bewaarde checkpoint)",
    )
    verify.add_argument(
        "--checkpoint", help="een eerder bewaarde checkpoint (signed note), bijvoorbeeld cp.txt"
    )
    verify.add_argument(
        "--sleutel",
        action="append",
        help="verificatiesleutel van de checkpoints (naam+id+sleutel), als u die niet uit de database wilt halen",
    )
    verify.set_defaults(func=cmd_auditlog)
    auditlog_sub.add_parser(
        "checkpoint", help="volgnummer de wachtende regels en toon de nieuwste ondertekende checkpoint"
    ).set_defaults(func=cmd_auditlog_checkpoint)
    wis = auditlog_sub.add_parser(
        "wis",
        help="wisverzoek: vernietig de sleutel van de persoonsgegevens van één onderwerp in de auditlog",
    )
    wis.add_argument("--objecttype", required=True, help="jobcoach, account, klacht, ...")
    wis.add_argument("--object-id", required=True, dest="object_id")
    wis.add_argument(
        "--reden", required=True, help="waarom (bijvoorbeeld: verzoek AVG art. 17 van 2026-11-30)"
    )
    wis.set_defaults(func=cmd_auditlog_wis)

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
    restore.add_argument(
        "--sleutelbestand-kwijt",
        action="store_true",
        dest="sleutelbestand_kwijt",
        help="herstel zonder het sleutelbestand van de back-up (persoonsgegevens in de auditlog worden onleesbaar)",
    )
    restore.set_defaults(func=cmd_restore)

    retentie = sub.add_parser(
        "retentie", help="anonimiseer jobcoaches die langer dan de bewaartermijn zijn uitgeschreven"
    )
    retentie.add_argument("--dry-run", action="store_true", help="toon alleen wie aan de beurt is")
    retentie.set_defaults(func=cmd_retentie)

    keys = sub.add_parser("keys", help="ondertekeningssleutels van verificatieverklaringen")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    rotate = keys_sub.add_parser(
        "rotate",
        help="maak een nieuwe sleutel; hij ondertekent na één JWKS-cachetermijn, oude blijven gepubliceerd",
    )
    rotate.add_argument(
        "--direct",
        action="store_true",
        help="laat de nieuwe sleutel direct ondertekenen (bij een gelekte sleutel)",
    )
    rotate.set_defaults(func=cmd_keys_rotate)

    sub.add_parser(
        "signalen", help="bereken de signalen voor gemeenten, jobcoaches en organisaties"
    ).set_defaults(func=cmd_signalen)

    work = sub.add_parser(
        "worker", help="bezorg e-mail en webhooks uit de outbox en voer de dagelijkse taken uit"
    )
    work.add_argument("--once", action="store_true", help="één ronde: wat nu klaarstaat, daarna stoppen")
    work.add_argument("--interval", type=float, default=2.0, help="seconden tussen twee rondes")
    work.set_defaults(func=cmd_worker)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DomainError as exc:
        return _fail(exc.detail)
    except keyvault.KeyVaultError as exc:
        return _fail(str(exc))
    except SystemExit as exc:
        if isinstance(exc.code, str):
            return _fail(exc.code)
        raise
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
