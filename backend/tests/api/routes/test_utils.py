import logging
from collections.abc import Generator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, create_engine

from app.api.deps import get_db
from app.api.routes.utils import MAIL_NOT_CONFIGURED
from app.core import db as app_db
from app.core.config import settings
from app.main import app
from tests.utils.smtp import SMTPServer

# Every request runs in the test transaction (without `db` requests would commit for real).
pytestmark = pytest.mark.usefixtures("db")


def test_health_check_and_readiness(client: TestClient) -> None:
    for check in ("health-check", "ready"):
        r = client.get(f"{settings.API_V1_STR}/utils/{check}/")
        assert r.status_code == 200
        assert r.json() is True


def test_readiness_without_a_database(
    client: TestClient,
    normal_user_token_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A database that is not there (no server on that socket): 503, not 500.
    unreachable = create_engine(
        "postgresql+psycopg://postgres@/app?host=/nonexistent", pool_pre_ping=True
    )

    def no_database() -> Generator[Session]:
        with Session(unreachable) as session:
            yield session

    app.dependency_overrides[get_db] = no_database
    # The readiness check asks the database itself.
    monkeypatch.setattr(app_db, "get_engine", lambda: unreachable)
    r = client.get(f"{settings.API_V1_STR}/utils/ready/")
    assert r.status_code == 503
    assert r.json() == {"detail": "The database is unavailable: try again shortly"}
    assert r.headers["retry-after"] == "5"
    r = client.get(f"{settings.API_V1_STR}/users/me", headers=normal_user_token_headers)
    assert r.status_code == 503
    # The process itself still runs: liveness stays true (a restart would not help).
    r = client.get(f"{settings.API_V1_STR}/utils/health-check/")
    assert r.status_code == 200


def test_swagger_ui_is_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower()
    for asset in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"):
        assert asset in page.text
        assert client.get(asset).status_code == 200
    redoc = client.get("/redoc")
    assert '<script src="/redoc.js">' in redoc.text
    assert "fonts.googleapis" not in redoc.text
    script = client.get("/redoc.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert "Redoc" in script.text
    assert "cdn.redoc.ly" not in script.text


def test_login_and_me(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.get(f"{settings.API_V1_STR}/users/me", headers=superuser_token_headers)
    assert r.status_code == 200
    assert r.json()["email"] == settings.FIRST_SUPERUSER
    assert r.json()["is_superuser"] is True


def test_test_email_is_delivered(
    client: TestClient, superuser_token_headers: dict[str, str], mailbox: SMTPServer
) -> None:
    r = client.post(
        f"{settings.API_V1_STR}/utils/test-email/",
        params={"email_to": "someone@example.com"},
        headers=superuser_token_headers,
    )
    assert r.status_code == 201
    assert r.json() == {"message": "Test email sent"}
    [mail] = mailbox.messages
    assert mail.rcpt_tos == ["someone@example.com"]
    assert mail.subject == f"{settings.PROJECT_NAME} - Test email"
    assert "someone@example.com" in mail.html


def test_test_email_without_smtp_says_nothing_was_sent(
    client: TestClient,
    superuser_token_headers: dict[str, str],
    no_smtp: SMTPServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="app.utils.email"):
        r = client.post(
            f"{settings.API_V1_STR}/utils/test-email/",
            params={"email_to": "someone@example.com"},
            headers=superuser_token_headers,
        )
    # Not "Test email sent": the superuser is told why no mail will arrive.
    assert r.status_code == 503, r.text
    assert r.json() == {"detail": MAIL_NOT_CONFIGURED}
    assert no_smtp.messages == []
    assert "SMTP is not configured" in caplog.text


@pytest.mark.usefixtures("smtp_down")
def test_test_email_when_the_mail_server_is_down_is_502(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.post(
        f"{settings.API_V1_STR}/utils/test-email/",
        params={"email_to": "someone@example.com"},
        headers=superuser_token_headers,
    )
    assert r.status_code == 502, r.text
    assert "could not be sent" in r.json()["detail"]
    declared = client.get(f"{settings.API_V1_STR}/openapi.json").json()
    assert "502" in declared["paths"]["/api/v1/utils/test-email/"]["post"]["responses"]


def test_test_email_as_normal_user(
    client: TestClient, normal_user_token_headers: dict[str, str], mailbox: SMTPServer
) -> None:
    r = client.post(
        f"{settings.API_V1_STR}/utils/test-email/",
        params={"email_to": "someone@example.com"},
        headers=normal_user_token_headers,
    )
    assert r.status_code == 403
    assert mailbox.messages == []


def test_test_email_needs_a_valid_address(
    client: TestClient, superuser_token_headers: dict[str, str], mailbox: SMTPServer
) -> None:
    for email_to in ("not-an-email", "a\u0000b@example.com", ""):
        r = client.post(
            f"{settings.API_V1_STR}/utils/test-email/",
            params={"email_to": email_to},
            headers=superuser_token_headers,
        )
        assert r.status_code == 422, email_to
    assert mailbox.messages == []


def test_openapi_operation_ids_read_as_tag_and_route(client: TestClient) -> None:
    schema = client.get(f"{settings.API_V1_STR}/openapi.json").json()
    ids = {
        operation["operationId"]
        for path in schema["paths"].values()
        for operation in path.values()
    }
    assert {
        "login-login_access_token",
        "login-reset_password",
        "users-read_users",
        "users-register_user",
        "items-read_items",
        "items-delete_item",
        "utils-test_email",
        "utils-health_check",
        "utils-ready",
    } <= ids


def test_public_settings_name_the_currency(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = client.get(f"{settings.API_V1_STR}/utils/settings/")
    assert r.status_code == 200
    assert r.json() == {"project_name": settings.PROJECT_NAME, "currency": "EUR"}
    monkeypatch.setattr(settings, "CURRENCY", "CHF")
    assert (
        client.get(f"{settings.API_V1_STR}/utils/settings/").json()["currency"] == "CHF"
    )
