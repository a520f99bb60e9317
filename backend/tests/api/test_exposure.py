"""What the API gives away besides its answers: timing, CORS, headers, stack traces."""

import re
import statistics
import time
from collections.abc import Generator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import crud
from app.core.config import settings
from app.core.headers import CONTENT_SECURITY_POLICY, docs_policy
from app.core.security import get_password_hash
from app.main import app
from app.models import UserCreate
from tests.utils.utils import random_email

API = settings.API_V1_STR
pytestmark = pytest.mark.usefixtures("db")


def test_login_takes_as_long_for_unknown_emails(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The production cost's order of magnitude, so that skipping the hash would show.
    monkeypatch.setattr(settings, "BCRYPT_ROUNDS", 10)
    hashed = get_password_hash("not a real password")
    monkeypatch.setattr("app.crud.users.dummy_hash", lambda: hashed)
    monkeypatch.setattr(settings, "LOGIN_FAILURES_PER_ACCOUNT_ADDRESS", 1000)
    monkeypatch.setattr(settings, "LOGIN_FAILURES_PER_ACCOUNT", 1000)
    monkeypatch.setattr(settings, "LOGIN_FAILURES_PER_ADDRESS", 1000)
    known = crud.create_user(
        session=db,
        user_create=UserCreate(email=random_email(), password="the-right-password"),
    )
    db.commit()

    def login_time(email: str) -> float:
        start = time.perf_counter()
        r = client.post(
            f"{API}/login/access-token",
            data={"username": email, "password": "a-wrong-password"},
        )
        assert r.status_code == 400
        return time.perf_counter() - start

    times: dict[str, list[float]] = {"known": [], "unknown": []}
    for _ in range(15):  # interleaved, so load on the machine hits both alike
        times["known"].append(login_time(known.email))
        times["unknown"].append(login_time(random_email()))
    known_median = statistics.median(times["known"])
    unknown_median = statistics.median(times["unknown"])
    assert abs(known_median - unknown_median) < 0.25 * known_median, times


ALLOWED = settings.all_cors_origins[0]


def test_cors_answers_configured_origins_only(client: TestClient) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization",
    }
    r = client.options(f"{API}/users/me", headers={"Origin": ALLOWED, **preflight})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == ALLOWED

    for origin in ("https://evil.example", "null", ALLOWED + ".evil.example"):
        r = client.options(f"{API}/users/me", headers={"Origin": origin, **preflight})
        assert r.status_code == 400
        assert "access-control-allow-origin" not in r.headers
        r = client.get(f"{API}/utils/health-check/", headers={"Origin": origin})
        assert r.status_code == 200
        assert "access-control-allow-origin" not in r.headers


@pytest.mark.parametrize(
    "path",
    [
        f"{API}/utils/health-check/",
        f"{API}/users/me",  # 401
        f"{API}/no-such-thing",  # 404
        f"{API}/openapi.json",
        "/",
        "/some/client/route",
        "/docs-assets/swagger-ui.css",
        "/redoc.js",
    ],
)
def test_security_headers_everywhere(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    # The policy a browser enforces, written out: loosening any part of it fails here, not
    # only a comparison with the module's own constant.
    assert r.headers["content-security-policy"] == (
        "script-src 'self'; default-src 'self'; style-src 'self' 'unsafe-inline';"
        " img-src 'self' data:; font-src 'self' data:; connect-src 'self';"
        " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def directives(policy: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        assert name not in parsed, f"{name} given twice"
        parsed[name] = values
    return parsed


@pytest.mark.parametrize(
    "path", ["/", "/login", f"{API}/openapi.json", "/docs", "/redoc", "/redoc.js"]
)
def test_no_page_can_be_framed_not_even_by_its_own_origin(
    client: TestClient, path: str
) -> None:
    r = client.get(path)
    assert directives(r.headers["content-security-policy"])["frame-ancestors"] == [
        "'none'"
    ]
    assert r.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_allow_their_own_inline_scripts_only(
    client: TestClient, path: str
) -> None:
    r = client.get(path)
    policy = r.headers["content-security-policy"]
    assert policy == docs_policy(r.content)
    inline = re.findall(r"<script>", r.text)
    assert policy.count("'sha256-") == len(inline)
    assert "'unsafe-inline'" not in policy.split(";")[0]  # script-src


@pytest.fixture
def broken_items(monkeypatch: pytest.MonkeyPatch) -> Generator[TestClient]:
    """A bug in a route: the client must not see it."""

    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret detail of a bug in /work/app/crud.py")

    monkeypatch.setattr(crud, "read_token_user", fail)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_a_bug_shows_no_stack_trace(
    broken_items: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    r = broken_items.get(f"{API}/items/", headers=normal_user_token_headers)
    assert r.status_code == 500
    assert r.json() == {"detail": "Internal Server Error"}
    assert "secret" not in r.text and "Traceback" not in r.text
    assert "server" not in r.headers
