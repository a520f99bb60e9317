import warnings
from typing import Any

import pytest
from pydantic import ValidationError

from app.core.config import Settings

GOOD = {
    "SECRET_KEY": "a-real-secret-" + "s" * 32,
    "FIRST_SUPERUSER_PASSWORD": "a-real-pw",
}


def make(**values: Any) -> Settings:
    # No .env: only what the test passes (and the process environment, which values beat).
    return Settings(_env_file=None, **values)


@pytest.mark.parametrize("environment", ["staging", "production"])
@pytest.mark.parametrize("secret", ["SECRET_KEY", "FIRST_SUPERUSER_PASSWORD"])
def test_changethis_secrets_are_refused_outside_local(
    environment: str, secret: str
) -> None:
    with pytest.raises(ValidationError, match="changethis"):
        make(ENVIRONMENT=environment, **{**GOOD, secret: "changethis"})


@pytest.mark.parametrize("environment", ["staging", "production"])
def test_real_secrets_are_accepted_outside_local(environment: str) -> None:
    settings = make(ENVIRONMENT=environment, **GOOD)
    assert settings.ENVIRONMENT == environment
    assert settings.SECRET_KEY == GOOD["SECRET_KEY"]


def test_changethis_secrets_only_warn_in_local() -> None:
    with pytest.warns(UserWarning, match="SECRET_KEY") as record:
        settings = make(
            ENVIRONMENT="local",
            SECRET_KEY="changethis",
            FIRST_SUPERUSER_PASSWORD="changethis",
        )
    assert settings.SECRET_KEY == "changethis"
    messages = " ".join(str(w.message) for w in record)
    assert "FIRST_SUPERUSER_PASSWORD" in messages


def test_real_secrets_do_not_warn_in_local() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        make(ENVIRONMENT="local", **GOOD)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            "postgresql://user:pw@db.example.com:5432/app",
            "postgresql+psycopg://user:pw@db.example.com:5432/app",
        ),
        (
            "postgres://user:pw@db.example.com/app",
            "postgresql+psycopg://user:pw@db.example.com/app",
        ),
        (
            "postgresql+psycopg://user:pw@db.example.com/app",
            "postgresql+psycopg://user:pw@db.example.com/app",
        ),
    ],
)
def test_database_url_uses_psycopg3(given: str, expected: str) -> None:
    assert make(DATABASE_URL=given, **GOOD).DATABASE_URL == expected


def test_no_database_url_means_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert make(**GOOD).DATABASE_URL is None
    assert not make(DATABASE_URL="", **GOOD).DATABASE_URL


def test_emails_enabled_needs_host_and_sender() -> None:
    assert not make(
        **GOOD, SMTP_HOST=None, EMAILS_FROM_EMAIL="a@example.com"
    ).emails_enabled
    assert not make(
        **GOOD, SMTP_HOST="smtp.example.com", EMAILS_FROM_EMAIL=None
    ).emails_enabled
    assert make(
        **GOOD, SMTP_HOST="smtp.example.com", EMAILS_FROM_EMAIL="a@example.com"
    ).emails_enabled


def test_emails_from_name_defaults_to_the_project_name() -> None:
    assert make(**GOOD, PROJECT_NAME="Sparkle").EMAILS_FROM_NAME == "Sparkle"
    assert make(**GOOD, EMAILS_FROM_NAME="Ops").EMAILS_FROM_NAME == "Ops"


def test_cors_origins_from_a_comma_separated_string() -> None:
    settings = make(
        **GOOD,
        BACKEND_CORS_ORIGINS="http://localhost, https://example.com/",
        FRONTEND_HOST="http://localhost:5173",
    )
    assert settings.all_cors_origins == [
        "http://localhost",
        "https://example.com",
        "http://localhost:5173",
    ]


@pytest.mark.parametrize("currency", ["eur", "EURO", "E1R", ""])
def test_the_currency_is_an_iso_code(currency: str) -> None:
    with pytest.raises(ValidationError):
        make(CURRENCY=currency)
    assert make(CURRENCY="GBP").CURRENCY == "GBP"
