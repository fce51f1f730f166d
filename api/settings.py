"""Runtime settings, read once from the environment."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

API_VERSION = "1.0.0"
DEFAULT_SQLITE = "data/register.sqlite3"


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    secret_key: str
    base_url: str
    redis_url: str | None = None
    secure_cookies: bool = False
    token_minutes: int = 15
    max_body_bytes: int = 256 * 1024
    login_attempts: int = 5
    login_window_seconds: int = 300
    # the key-encryption key's file (REGISTER_KEY_FILE); None: data_dir / "register.key"
    key_file: Path | None = None
    extra: dict = field(default_factory=dict)

    @property
    def key_path(self) -> Path:
        """Where the key-encryption key lives, outside the database (see register.infra.keyvault)."""
        return self.key_file or self.data_dir / "register.key"


def database_url_from_env() -> str:
    return os.environ.get("REGISTER_DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"


def _secret_key(data_dir: Path) -> str:
    """The HS256 secret: from the environment, else generated once into the data folder."""
    from_env = os.environ.get("REGISTER_SECRET_KEY")
    if from_env:
        if len(from_env.encode()) < 32:
            raise SystemExit("REGISTER_SECRET_KEY moet minstens 32 bytes lang zijn.")
        return from_env
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def load_settings() -> Settings:
    data_dir = Path(os.environ.get("REGISTER_DATA_DIR", "data"))
    base_url = os.environ.get("REGISTER_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    secure_env = os.environ.get("REGISTER_SECURE_COOKIES")
    if secure_env is None:
        secure = base_url.startswith("https://")
    else:
        secure = secure_env.lower() in {"1", "true", "ja", "yes"}
    return Settings(
        database_url=database_url_from_env(),
        data_dir=data_dir,
        secret_key=_secret_key(data_dir),
        base_url=base_url,
        redis_url=os.environ.get("REGISTER_REDIS_URL") or None,
        secure_cookies=secure,
        key_file=Path(os.environ["REGISTER_KEY_FILE"]) if os.environ.get("REGISTER_KEY_FILE") else None,
    )
