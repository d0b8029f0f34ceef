"""Settings from the environment (prefix RVUEDGE_, optional .env file)."""

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent  # the checkout, in a development install


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Registration(StrEnum):
    """Who may create an account through the API."""

    OPEN = "open"  # anyone who reaches the server
    INVITE = "invite"  # only with an invitation (`rvuedge users invite`)
    CLOSED = "closed"  # nobody: the operator creates accounts (`rvuedge users create`)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RVUEDGE_", env_file=".env", extra="ignore")

    ENV: Environment = Environment.DEVELOPMENT
    DATABASE_URL: str = "sqlite:///./rvuedge.db"
    DATA_DIR: Path = Path(".rvuedge")
    SECRET_KEY: SecretStr | None = None
    # After changing SECRET_KEY, the old key for a grace period: tokens it signed keep working.
    SECRET_KEY_PREVIOUS: SecretStr | None = None
    ACCESS_TOKEN_EXPIRE_MINUTES: int = Field(default=15, ge=1, le=24 * 60)
    REFRESH_TOKEN_EXPIRE_DAYS: int = Field(default=30, ge=1, le=365)
    DEFAULT_TIMEZONE: str = "America/New_York"
    # Shipped inside the package, so that an installed wheel finds them from any folder.
    SEED_DIR: Path = PACKAGE_DIR / "seed"
    MIGRATIONS_DIR: Path = PACKAGE_DIR / "alembic"
    PAGE_MAX_LIMIT: int = 200
    SQLITE_BUSY_TIMEOUT_MS: int = 15000
    # Largest file accepted by the import and reconciliation uploads.
    MAX_UPLOAD_BYTES: int = Field(default=10_000_000, ge=10_000)
    # Largest JSON or form request body (uploads: MAX_UPLOAD_BYTES).
    MAX_BODY_BYTES: int = Field(default=1024 * 1024, ge=1024)
    REGISTRATIONS_PER_HOUR: int = Field(default=10, ge=1)
    # Proxies whose X-Forwarded-For / -Proto are believed (comma-separated IPs or networks).
    TRUSTED_PROXIES: str = ""
    # Sent as X-Operator-Token, it makes /health tell the database, releases and version.
    OPERATOR_TOKEN: SecretStr | None = None
    # Unset: /docs and /redoc are served, except in production.
    DOCS_ENABLED: bool | None = None
    # Host names the server answers to (comma-separated; `*.example.org` allowed); empty: any.
    # 127.0.0.1, ::1 and localhost are always allowed (health checks on the machine itself).
    ALLOWED_HOSTS: str = ""
    # The server's log: text lines, or one JSON object a line (for a log collector).
    LOG_FORMAT: Literal["text", "json"] = "text"
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Unset: invite in production, open otherwise (the Quickstart signs up at once).
    REGISTRATION: Registration | None = None
    # The address people open (behind the TLS proxy): the start of invitation and reset links.
    PUBLIC_URL: str = "http://127.0.0.1:8000"
    INVITATION_EXPIRE_DAYS: int = Field(default=7, ge=1, le=90)
    PASSWORD_RESET_EXPIRE_MINUTES: int = Field(default=60, ge=5, le=7 * 24 * 60)
    # Failed sign-ins within LOCKOUT_MINUTES that lock an account, or a client address, out.
    SIGN_IN_FAILURES_PER_ACCOUNT: int = Field(default=5, ge=1)
    SIGN_IN_FAILURES_PER_ADDRESS: int = Field(default=20, ge=1)
    LOCKOUT_MINUTES: int = Field(default=15, ge=1, le=24 * 60)
    # Optional: invitations and reset links sent by email (`--send`).
    SMTP_HOST: str | None = None
    SMTP_PORT: int = 587
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: SecretStr | None = None
    SMTP_FROM: str | None = None
    SMTP_STARTTLS: bool = True

    @field_validator("DATABASE_URL")
    @classmethod
    def _driver(cls, value: str) -> str:
        """postgres:// and postgresql:// (as hosting providers and libpq write them) mean
        PostgreSQL through psycopg 3, the driver rvuedge installs."""
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value

    @field_validator("DEFAULT_TIMEZONE")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r}") from exc
        return value

    @property
    def docs_enabled(self) -> bool:
        if self.DOCS_ENABLED is not None:
            return self.DOCS_ENABLED
        return self.ENV != Environment.PRODUCTION

    @property
    def allowed_hosts(self) -> list[str]:
        """The host names to accept; empty: every one."""
        named = [h.strip().lower() for h in self.ALLOWED_HOSTS.split(",") if h.strip()]
        return [*named, "127.0.0.1", "::1", "localhost"] if named else []

    @property
    def registration(self) -> Registration:
        if self.REGISTRATION is not None:
            return self.REGISTRATION
        return Registration.INVITE if self.ENV == Environment.PRODUCTION else Registration.OPEN

    @property
    def is_sqlite(self) -> bool:
        return self.DATABASE_URL.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
