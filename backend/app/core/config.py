import secrets
import warnings
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AnyUrl,
    BeforeValidator,
    EmailStr,
    Field,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[3]


def parse_cors(v: Any) -> list[str] | str:
    if isinstance(v, str) and not v.startswith("["):
        return [i.strip() for i in v.split(",") if i.strip()]
    if isinstance(v, list | str):
        return v
    raise ValueError(v)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        # The root .env, wherever the command runs from; environment variables win.
        env_file=REPO_ROOT / ".env",
        env_ignore_empty=True,
        extra="ignore",
    )
    API_V1_STR: str = "/api/v1"
    SECRET_KEY: str = secrets.token_urlsafe(32)
    # 60 minutes * 24 hours * 8 days = 8 days
    ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24 * 8
    FRONTEND_HOST: str = "http://localhost:8000"
    ENVIRONMENT: Literal["local", "staging", "production"] = "local"

    BACKEND_CORS_ORIGINS: Annotated[
        list[AnyUrl] | str, BeforeValidator(parse_cors)
    ] = []

    @computed_field  # type: ignore[prop-decorator]
    @property
    def all_cors_origins(self) -> list[str]:
        return [str(origin).rstrip("/") for origin in self.BACKEND_CORS_ORIGINS] + [
            self.FRONTEND_HOST
        ]

    PROJECT_NAME: str = "Spotless"
    # The currency of every price (ISO 4217), shown by the web UI with each amount.
    CURRENCY: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")

    # Unset: an embedded PostgreSQL whose data lives in EMBEDDED_PGDATA.
    DATABASE_URL: str | None = None
    # A hot-standby replica (or a pooler in front of one) for the reads that tolerate a little
    # lag (app.core.replica). Unset: every read goes to DATABASE_URL.
    DATABASE_READ_URL: str | None = None
    # Reads skip a replica that is further behind than this (or unreachable).
    REPLICA_MAX_LAG_SECONDS: float = Field(default=5.0, gt=0)
    # The URLs go through a pooler in transaction mode (PgBouncer): no prepared statements,
    # which a server connection of another client would not know.
    DATABASE_POOLER: bool = False
    EMBEDDED_PGDATA: Path = REPO_ROOT / ".data" / "postgres"
    # Connections each process keeps (and may add beyond that) in its pool. SQLAlchemy's
    # defaults; ./scripts/run.sh sets them so that every worker fits into max_connections.
    DB_POOL_SIZE: int = 5
    DB_MAX_OVERFLOW: int = 10
    # Threads per process that run the sync routes (app.core.trips). Two per core of this
    # machine took the least CPU a request; with a distant database (each statement waiting
    # milliseconds for its answer) more keep the cores busy.
    TRIP_THREADS: int = Field(default=4, ge=1)
    # The web UI's build (`npm run build` in frontend/), served at /.
    FRONTEND_DIST: Path = REPO_ROOT / "frontend" / "dist"

    @field_validator("DATABASE_URL", "DATABASE_READ_URL")
    @classmethod
    def _psycopg3_url(cls, v: str | None) -> str | None:
        # Plain postgresql:// URLs (docker, managed servers) go through psycopg 3.
        if v and v.startswith("postgres://"):
            v = "postgresql://" + v.removeprefix("postgres://")
        if v and v.startswith("postgresql://"):
            v = "postgresql+psycopg://" + v.removeprefix("postgresql://")
        return v

    # bcrypt's work factor; tests lower it, production keeps the default.
    BCRYPT_ROUNDS: int = 12

    # Throttling (counted in PostgreSQL, so shared by every API process; app.crud.throttle):
    # failed logins per (account, client address), the tight limit; per account from every
    # address, looser (an address that logged in to the account before is not refused by it);
    # per address across accounts. Past a limit, 429 with Retry-After until the window ends.
    LOGIN_FAILURES_PER_ACCOUNT_ADDRESS: int = Field(default=10, ge=1)
    LOGIN_FAILURES_PER_ACCOUNT: int = Field(default=50, ge=1)
    LOGIN_FAILURES_PER_ADDRESS: int = Field(default=100, ge=1)
    LOGIN_WINDOW_SECONDS: int = Field(default=900, ge=1)
    # Password recovery: requests per client address (429 past it) and mails per account (not
    # sent past it; the answer is the same) in a window.
    RECOVERY_REQUESTS_PER_ADDRESS: int = Field(default=20, ge=1)
    RECOVERY_MAILS_PER_ACCOUNT: int = Field(default=3, ge=1)
    RECOVERY_WINDOW_SECONDS: int = Field(default=900, ge=1)
    # Signups per client address in a window (429 past it).
    SIGNUP_REQUESTS_PER_ADDRESS: int = Field(default=100, ge=1)
    SIGNUP_WINDOW_SECONDS: int = Field(default=900, ge=1)
    # The proxies whose X-Forwarded-For / X-Forwarded-Proto uvicorn believes (comma-separated
    # addresses or networks, `*` for any). Empty: none, the client is the TCP peer.
    FORWARDED_ALLOW_IPS: str = ""

    SMTP_TLS: bool = True
    SMTP_SSL: bool = False
    SMTP_PORT: int = 587
    SMTP_HOST: str | None = None
    SMTP_USER: str | None = None
    SMTP_PASSWORD: str | None = None
    EMAILS_FROM_EMAIL: EmailStr | None = None
    EMAILS_FROM_NAME: str | None = None

    @model_validator(mode="after")
    def _set_default_emails_from(self) -> Self:
        if not self.EMAILS_FROM_NAME:
            self.EMAILS_FROM_NAME = self.PROJECT_NAME
        return self

    EMAIL_RESET_TOKEN_EXPIRE_HOURS: int = 48

    @computed_field  # type: ignore[prop-decorator]
    @property
    def emails_enabled(self) -> bool:
        return bool(self.SMTP_HOST and self.EMAILS_FROM_EMAIL)

    EMAIL_TEST_USER: EmailStr = "test@example.com"
    FIRST_SUPERUSER: EmailStr = "admin@example.com"
    FIRST_SUPERUSER_PASSWORD: str = "changethis"

    def _check_default_secret(self, var_name: str, value: str | None) -> None:
        if value == "changethis":
            message = (
                f'The value of {var_name} is "changethis", '
                "for security, please change it, at least for deployments."
            )
            if self.ENVIRONMENT == "local":
                warnings.warn(message, stacklevel=1)
            else:
                raise ValueError(message)

    @model_validator(mode="after")
    def _enforce_non_default_secrets(self) -> Self:
        self._check_default_secret("SECRET_KEY", self.SECRET_KEY)
        self._check_default_secret(
            "FIRST_SUPERUSER_PASSWORD", self.FIRST_SUPERUSER_PASSWORD
        )
        return self


settings = Settings()
