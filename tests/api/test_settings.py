"""The settings: the one reader of the environment, and what it passes down."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from api import settings as settings_module
from api.settings import SERVE_COMMAND_TIMEOUT, Settings, load_settings
from register.db import RegisterPostgresEngine, engine_from_url
from tests.helpers import PG_URL, ROOT, needs_postgres


def test_defaults_without_any_variable(tmp_path):
    settings = load_settings({})
    assert settings.database_url == "sqlite:///data/register.sqlite3"
    assert settings.data_dir == Path("data")
    assert settings.base_url == "http://127.0.0.1:8000"
    assert settings.secure_cookies is False
    assert (settings.db_connect_timeout, settings.db_acquire_timeout, settings.db_command_timeout) == (
        2.0,
        10.0,
        None,
    )
    assert settings.initial_password is None
    assert settings.secret_key is None


def test_every_variable_is_read():
    settings = load_settings(
        {
            "REGISTER_DATABASE_URL": "postgresql://register@db.example:5432/register",
            "REGISTER_DATA_DIR": "/srv/register",
            "REGISTER_SECRET_KEY": "k" * 32,
            "REGISTER_BASE_URL": "https://jobcoachregister.nl/",
            "REGISTER_DB_CONNECT_TIMEOUT": "1.5",
            "REGISTER_DB_ACQUIRE_TIMEOUT": "0",
            "REGISTER_DB_COMMAND_TIMEOUT": "7",
            "REGISTER_PASSWORD": "een-lang-genoeg-wachtwoord",
        }
    )
    assert settings.database_url == "postgresql://register@db.example:5432/register"
    assert settings.data_dir == Path("/srv/register")
    assert settings.signing_secret() == "k" * 32
    assert settings.base_url == "https://jobcoachregister.nl"
    assert settings.secure_cookies is True  # from the https base URL
    assert settings.db_connect_timeout == 1.5
    assert settings.db_acquire_timeout is None  # 0 means no limit
    assert settings.db_command_timeout == 7.0
    assert settings.initial_password == "een-lang-genoeg-wachtwoord"
    assert "een-lang-genoeg" not in repr(settings) and "kkkk" not in repr(settings)


def test_secure_cookies_can_be_forced_either_way():
    assert load_settings({"REGISTER_SECURE_COOKIES": "1"}).secure_cookies is True
    off = {"REGISTER_BASE_URL": "https://x.example", "REGISTER_SECURE_COOKIES": "0"}
    assert load_settings(off).secure_cookies is False


def test_the_server_bounds_statements_unless_configured():
    assert load_settings({}, serving=True).db_command_timeout == SERVE_COMMAND_TIMEOUT
    assert load_settings({"REGISTER_DB_COMMAND_TIMEOUT": "3"}, serving=True).db_command_timeout == 3.0
    assert load_settings({"REGISTER_DB_COMMAND_TIMEOUT": "0"}, serving=True).db_command_timeout is None


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"REGISTER_SECRET_KEY": "te-kort"}, "REGISTER_SECRET_KEY moet minstens 32 bytes lang zijn."),
        ({"REGISTER_DB_ACQUIRE_TIMEOUT": "tien"}, "REGISTER_DB_ACQUIRE_TIMEOUT moet een aantal seconden"),
    ],
)
def test_bad_values_stop_with_a_dutch_message(environ, message):
    with pytest.raises(SystemExit) as stopped:
        load_settings(environ)
    assert str(stopped.value.code).startswith(message)


def test_the_engine_gets_the_timeouts(monkeypatch):
    made = {}

    def engine_from_url(url, **timeouts):
        made.update(url=url, **timeouts)
        return "engine"

    monkeypatch.setattr(settings_module.db, "engine_from_url", engine_from_url)
    settings = Settings(
        database_url="postgresql://register@db.example:5432/register",
        data_dir=Path("data"),
        db_connect_timeout=1.0,
        db_acquire_timeout=4.0,
        db_command_timeout=None,
    )
    assert settings.engine() == "engine"
    assert made == {
        "url": "postgresql://register@db.example:5432/register",
        "connect_timeout": 1.0,
        "acquire_timeout": 4.0,
        "command_timeout": None,
    }


@needs_postgres
def test_a_postgresql_engine_applies_the_timeouts():
    # Piccolo connects once when an engine is made (it checks the server version), hence a real server.
    engine = engine_from_url(PG_URL, connect_timeout=1.0, acquire_timeout=4.0, command_timeout=6.0)
    assert isinstance(engine, RegisterPostgresEngine)
    assert engine.config["timeout"] == 1.0
    assert engine.config["command_timeout"] == 6.0
    assert engine.acquire_timeout == 4.0
    assert "command_timeout" not in engine_from_url(PG_URL).config  # no statement limit unless asked


def test_a_generated_secret_is_made_once_and_kept(tmp_path):
    settings = Settings(database_url="sqlite:///x.sqlite3", data_dir=tmp_path / "data")
    first = settings.signing_secret()
    assert len(first.encode()) >= 32
    assert settings.signing_secret() == first
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o777 == 0o600


def _reads_environment(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "environb"}:
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            if any(alias.name in {"environ", "getenv"} for alias in node.names):
                return True
    return False


def test_only_the_settings_module_reads_the_environment():
    readers = sorted(
        str(path.relative_to(ROOT))
        for package in ("api", "register", "audits")
        for path in (ROOT / package).rglob("*.py")
        if _reads_environment(path)
    )
    assert readers == ["api/settings.py"]
    assert not _reads_environment(ROOT / "piccolo_conf.py")


@pytest.mark.parametrize(
    ("env", "allowed"),
    [
        ({}, False),
        ({"REGISTER_WEBHOOK_ALLOW_HTTP": "1"}, True),  # the name API.md gives (outsider finding, 2026-11-30)
        ({"REGISTER_WEBHOOK_HTTP_LOOPBACK": "1"}, True),  # the earlier name keeps working
        ({"REGISTER_WEBHOOK_ALLOW_HTTP": "0"}, False),
    ],
)
def test_plain_http_webhooks_follow_the_contract_setting(env, allowed):
    assert load_settings(env).webhook_http_loopback is allowed
