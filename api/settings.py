"""Runtime settings: the one reader of the environment.

Everything configurable comes from `load_settings()` (or a `Settings` that a test builds itself) and is
passed down from there: the database engine gets its timeouts as parameters, the command line gets the
initial password from here, no other module reads `os.environ`. The variables are listed in the README
("Configuration").
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from piccolo.engine.base import Engine

from register import db
from register.vocabulary import DAGTAKEN_UUR

API_VERSION = "1.0.0"
DEFAULT_SQLITE = "data/register.sqlite3"
# A web request never waits long for the database: `serve` bounds every statement by this many seconds
# unless REGISTER_DB_COMMAND_TIMEOUT says otherwise; commands such as migrate and backup run unbounded.
SERVE_COMMAND_TIMEOUT = 10.0


@dataclass(frozen=True)
class Settings:
    """The register's configuration.

    `secret_key` is the HS256 secret for session tokens and CSRF (at least 32 bytes); None means "the
    one generated once into `data_dir/secret_key`" (see `signing_secret`). Timeouts are seconds; None
    means no limit. `initial_password` is only for `jobcoach-register create-user`. `key_file` is the
    key-encryption key's file (REGISTER_KEY_FILE), None for `data_dir/register.key` (see `key_path`).
    """

    database_url: str
    data_dir: Path
    secret_key: str | None = field(default=None, repr=False)
    base_url: str = "http://127.0.0.1:8000"
    secure_cookies: bool = False
    token_minutes: int = 15
    max_body_bytes: int = 256 * 1024
    login_attempts: int = 5
    login_window_seconds: int = 300
    # the key-encryption key's file (REGISTER_KEY_FILE); None: data_dir / "register.key"
    key_file: Path | None = None
    db_connect_timeout: float | None = 2.0
    db_acquire_timeout: float | None = 10.0
    db_command_timeout: float | None = None
    initial_password: str | None = field(default=None, repr=False)
    # the worker's daily jobs run from this hour, Dutch time (REGISTER_WORKER_UUR)
    worker_uur: int = DAGTAKEN_UUR
    # e-mail (REGISTER_SMTP_URL, REGISTER_MAIL_AFZENDER); no SMTP: .eml files under data_dir/outbox
    smtp_url: str | None = field(default=None, repr=False)
    mail_afzender: str = "Kwaliteitsregister Jobcoaching <noreply@localhost>"
    # webhooks: plain http to loopback allowed (REGISTER_WEBHOOK_ALLOW_HTTP as API.md names it; the earlier name REGISTER_WEBHOOK_HTTP_LOOPBACK still works; tests only), and the
    # CloudEvents `source` (REGISTER_EVENT_BRON; None: urn:nld:jobcoachregister:<host of base_url>)
    webhook_http_loopback: bool = False
    event_bron: str | None = None
    # REGISTER_TRUSTED_PROXIES: the reverse proxies (addresses or networks) whose X-Forwarded-For is believed;
    # empty (the default): the header is ignored and the connection's own address is the client
    trusted_proxies: tuple[str, ...] = ()

    def engine(self) -> Engine:
        """A new (unbound, pool not started) engine for `database_url` with these timeouts."""
        return db.engine_from_url(
            self.database_url,
            connect_timeout=self.db_connect_timeout,
            acquire_timeout=self.db_acquire_timeout,
            command_timeout=self.db_command_timeout,
        )

    def signing_secret(self) -> str:
        """`secret_key`, else the secret generated once into the data folder (mode 0600). Only the web
        app needs it, so commands such as `migrate` or `signalen` never write to the data folder."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
        return path.read_text().strip()

    @property
    def cloudevents_bron(self) -> str:
        """The URN every CloudEvent names as its `source` (NL GOV profile: a URN, e.g.
        urn:nld:oin:<OIN>:systeem:jobcoachregister when the operator has an OIN)."""
        return (
            self.event_bron or f"urn:nld:jobcoachregister:{urlsplit(self.base_url).hostname or 'localhost'}"
        )

    @property
    def eml_map(self) -> Path:
        """Where e-mails are written as .eml files when there is no SMTP server (REGISTER_SMTP_URL unset)."""
        return self.data_dir / "outbox"

    @property
    def key_path(self) -> Path:
        """Where the key-encryption key lives, outside the database (see register.infra.keyvault)."""
        return self.key_file or self.data_dir / "register.key"


def _seconds(environ: Mapping[str, str], name: str, default: float | None) -> float | None:
    """A timeout in seconds from the environment; unset or empty is the default, 0 or less is no limit."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SystemExit(f"{name} moet een aantal seconden zijn, niet {raw!r}.") from None
    return value if value > 0 else None


def _uur(environ: Mapping[str, str], name: str, default: int) -> int:
    """An hour of the day (0-23) from the environment; unset or empty is the default."""
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 0 <= int(raw) <= 23:
        raise SystemExit(f"{name} moet een uur van de dag zijn (0 tot en met 23), niet {raw!r}.")
    return int(raw)


def _smtp(url: str | None) -> str | None:
    """REGISTER_SMTP_URL checked: smtp://, smtp+starttls:// or smtps://, with a host."""
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtp+starttls", "smtps"} or not parts.hostname:
        raise SystemExit(
            "REGISTER_SMTP_URL moet smtp://host:poort, smtp+starttls://host:poort of smtps://host:poort zijn."
        )
    return url


def base_url_from_address(host: str, port: int) -> None:
    """`serve` without a configured REGISTER_BASE_URL: the server's own address becomes the base URL (OpenAPI
    `servers`, the tokens' `iss`, links in e-mail). It is put in the environment, the one place every uvicorn
    worker process reads its settings from; a wildcard host (0.0.0.0, ::) becomes 127.0.0.1."""
    if os.environ.get("REGISTER_BASE_URL"):
        return
    host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
    host = f"[{host}]" if ":" in host else host
    os.environ["REGISTER_BASE_URL"] = f"http://{host}:{port}"


def load_settings(environ: Mapping[str, str] | None = None, *, serving: bool = False) -> Settings:
    """The settings from the environment (`os.environ` unless given). `serving` is True in the web
    server's workers: their statements get the SERVE_COMMAND_TIMEOUT default.

    Raises SystemExit with a Dutch message for a REGISTER_SECRET_KEY under 32 bytes or a timeout that is
    not a number."""
    env = os.environ if environ is None else environ
    base_url = env.get("REGISTER_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    secure_env = env.get("REGISTER_SECURE_COOKIES")
    if secure_env is None:
        secure = base_url.startswith("https://")
    else:
        secure = secure_env.lower() in {"1", "true", "ja", "yes"}
    secret_key = env.get("REGISTER_SECRET_KEY") or None
    if secret_key is not None and len(secret_key.encode()) < 32:
        raise SystemExit("REGISTER_SECRET_KEY moet minstens 32 bytes lang zijn.")
    return Settings(
        database_url=env.get("REGISTER_DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}",
        data_dir=Path(env.get("REGISTER_DATA_DIR", "data")),
        secret_key=secret_key,
        base_url=base_url,
        secure_cookies=secure,
        db_connect_timeout=_seconds(env, "REGISTER_DB_CONNECT_TIMEOUT", 2.0),
        db_acquire_timeout=_seconds(env, "REGISTER_DB_ACQUIRE_TIMEOUT", 10.0),
        db_command_timeout=_seconds(
            env, "REGISTER_DB_COMMAND_TIMEOUT", SERVE_COMMAND_TIMEOUT if serving else None
        ),
        initial_password=env.get("REGISTER_PASSWORD") or None,
        key_file=Path(env["REGISTER_KEY_FILE"]) if env.get("REGISTER_KEY_FILE") else None,
        worker_uur=_uur(env, "REGISTER_WORKER_UUR", DAGTAKEN_UUR),
        smtp_url=_smtp(env.get("REGISTER_SMTP_URL") or None),
        mail_afzender=env.get("REGISTER_MAIL_AFZENDER") or Settings.mail_afzender,
        webhook_http_loopback=(
            env.get("REGISTER_WEBHOOK_ALLOW_HTTP") or env.get("REGISTER_WEBHOOK_HTTP_LOOPBACK") or ""
        ).lower()
        in {"1", "true", "ja", "yes"},
        event_bron=env.get("REGISTER_EVENT_BRON") or None,
        trusted_proxies=_networks(env, "REGISTER_TRUSTED_PROXIES"),
    )


def _networks(environ: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Comma-separated IP addresses or networks (CIDR); SystemExit with a Dutch message for a bad one."""
    found = []
    for part in (environ.get(name) or "").split(","):
        if not part.strip():
            continue
        try:
            found.append(str(ipaddress.ip_network(part.strip(), strict=False)))
        except ValueError:
            raise SystemExit(
                f"{name} moet IP-adressen of netwerken bevatten (zoals 10.0.0.5 of 10.0.0.0/24), niet {part.strip()!r}."
            ) from None
    return tuple(found)


def use_piccolo_conf() -> None:
    """Point Piccolo's own migration machinery at `piccolo_conf.py` (Piccolo reads PICCOLO_CONF)."""
    os.environ.setdefault("PICCOLO_CONF", "piccolo_conf")
