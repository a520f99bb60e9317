"""X-Forwarded-For is believed only from the proxies FORWARDED_ALLOW_IPS names: by default a
client cannot pick its own address for the throttles (the server listens on 127.0.0.1, which
uvicorn trusts unless told otherwise)."""

from collections.abc import Iterator

import httpx
import pytest

from app.core.config import settings
from tests.utils.servers import owned_postgres, running_api

API = settings.API_V1_STR
PER_PAIR = 2


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with owned_postgres() as pg:
        yield pg.url


def serve(database_url: str, **env: str) -> Iterator[httpx.Client]:
    limits = {"LOGIN_FAILURES_PER_ACCOUNT_ADDRESS": str(PER_PAIR)}
    with (
        running_api({**limits, **env, "DATABASE_URL": database_url}) as base,
        httpx.Client(base_url=base) as client,
    ):
        yield client


def fail_then_log_in(client: httpx.Client, email: str, password: str) -> int:
    """PER_PAIR failures, then the right password, each claiming another address; the
    status of the last."""
    for n in range(PER_PAIR):
        r = client.post(
            f"{API}/login/access-token",
            data={"username": email, "password": "wrong-password"},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
        )
        assert r.status_code == 400, r.text
    r = client.post(
        f"{API}/login/access-token",
        data={"username": email, "password": password},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    return r.status_code


def sign_up(client: httpx.Client, email: str) -> None:
    r = client.post(
        f"{API}/users/signup", json={"email": email, "password": "a-good-password"}
    )
    assert r.status_code == 200, r.text


def test_by_default_a_forwarded_address_is_not_believed(database_url: str) -> None:
    for client in serve(database_url, FORWARDED_ALLOW_IPS=""):
        sign_up(client, "spoofer@example.com")
        # Every attempt came from 127.0.0.1, whatever the header said: the limit holds.
        status = fail_then_log_in(client, "spoofer@example.com", "a-good-password")
        assert status == 429


def test_a_named_proxy_is_believed(database_url: str) -> None:
    for client in serve(database_url, FORWARDED_ALLOW_IPS="127.0.0.1"):
        sign_up(client, "behind-a-proxy@example.com")
        # The proxy says each came from another client: none reached the limit.
        status = fail_then_log_in(
            client, "behind-a-proxy@example.com", "a-good-password"
        )
        assert status == 200
