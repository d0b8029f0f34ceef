"""Settings from the environment (prefix RVUEDGE_, optional .env file)."""

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent  # the checkout, in a development install


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RVUEDGE_", env_file=".env", extra="ignore")

    ENV: Environment = Environment.DEVELOPMENT
    DATABASE_URL: str = "sqlite:///./rvuedge.db"
    DATA_DIR: Path = Path(".rvuedge")
    SECRET_KEY: SecretStr | None = None
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
    DOCS_ENABLED: bool = True

    @field_validator("DEFAULT_TIMEZONE")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r}") from exc
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.DATABASE_URL.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
