"""Failed logins are counted per account and per client address; past a limit, 429."""

from collections.abc import Generator

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from app.core.config import settings
from app.crud.login_throttle import account_key
from app.main import app
from tests.api.test_races import all_at_once
from tests.utils.marketplace import Account, sign_up
from tests.utils.utils import random_email

API = settings.API_V1_STR
LOGIN = f"{API}/login/access-token"
PER_ACCOUNT = 3
PER_ADDRESS = 10


@pytest.fixture(autouse=True)
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "LOGIN_FAILURES_PER_ACCOUNT", PER_ACCOUNT)
    monkeypatch.setattr(settings, "LOGIN_FAILURES_PER_ADDRESS", PER_ADDRESS)


def log_in(client: TestClient, email: str, password: str) -> httpx2.Response:
    return client.post(LOGIN, data={"username": email, "password": password})


def assert_throttled(r: httpx2.Response) -> None:
    assert r.status_code == 429, r.text
    wait = int(r.headers["retry-after"])
    assert 0 < wait <= settings.LOGIN_WINDOW_SECONDS
    assert r.json() == {
        "detail": f"Too many failed logins: try again in {wait} seconds"
    }


def fail(client: TestClient, email: str, times: int) -> None:
    for _ in range(times):
        r = log_in(client, email, "wrong-password")
        assert r.status_code == 400, r.text
        assert r.json() == {"detail": "Incorrect email or password"}


@pytest.fixture
def account(client: TestClient, db: Session) -> Account:  # noqa: ARG001
    return sign_up(client)


@pytest.fixture
def elsewhere(db: Session) -> Generator[TestClient]:  # noqa: ARG001
    """A client from another address (the `client` fixture's is "testclient")."""
    with TestClient(app, client=("192.0.2.7", 50000)) as c:
        yield c


def test_past_the_limit_an_account_is_refused_even_with_its_password(
    client: TestClient, account: Account
) -> None:
    fail(client, account.email, PER_ACCOUNT)
    assert_throttled(log_in(client, account.email, account.password))
    assert_throttled(log_in(client, account.email.upper(), account.password))


def test_unknown_emails_are_counted_the_same(client: TestClient, db: Session) -> None:  # noqa: ARG001
    # No difference tells whether an email is registered.
    email = random_email()
    fail(client, email, PER_ACCOUNT)
    assert_throttled(log_in(client, email, "wrong-password"))


def test_the_account_limit_holds_from_every_address(
    client: TestClient, elsewhere: TestClient, account: Account
) -> None:
    fail(client, account.email, PER_ACCOUNT - 1)
    fail(elsewhere, account.email, 1)
    assert_throttled(log_in(elsewhere, account.email, account.password))
    assert_throttled(log_in(client, account.email, account.password))


def test_a_successful_login_resets_the_account(
    client: TestClient, account: Account
) -> None:
    for _ in range(2):
        fail(client, account.email, PER_ACCOUNT - 1)
        assert log_in(client, account.email, account.password).status_code == 200
    fail(client, account.email, PER_ACCOUNT)
    assert_throttled(log_in(client, account.email, "wrong-password"))


def test_an_address_is_limited_across_accounts(
    client: TestClient, elsewhere: TestClient, account: Account
) -> None:
    # One failure each on many emails: the address is what reaches its limit.
    for _ in range(PER_ADDRESS):
        fail(client, random_email(), 1)
    assert_throttled(log_in(client, account.email, account.password))
    # Another address is not affected, and the account itself has no failures.
    assert log_in(elsewhere, account.email, account.password).status_code == 200


def test_successful_logins_do_not_use_up_the_address(
    client: TestClient, account: Account
) -> None:
    for _ in range(PER_ADDRESS * 2):
        assert log_in(client, account.email, account.password).status_code == 200
    fail(client, random_email(), 1)


def test_the_limit_ends_with_its_window(
    client: TestClient, db: Session, account: Account
) -> None:
    fail(client, account.email, PER_ACCOUNT)
    assert_throttled(log_in(client, account.email, account.password))
    db.execute(
        text(
            "UPDATE login_throttle SET window_started_at = now() - (:window + 1)"
            " * interval '1 second' WHERE key = :key"
        ),
        {"window": settings.LOGIN_WINDOW_SECONDS, "key": account_key(account.email)},
    )
    assert log_in(client, account.email, account.password).status_code == 200


def test_expired_windows_are_purged(client: TestClient, db: Session) -> None:
    fail(client, random_email(), 1)
    db.execute(
        text(
            "UPDATE login_throttle SET window_started_at = now() - 2 * :window"
            " * interval '1 second'"
        ),
        {"window": settings.LOGIN_WINDOW_SECONDS},
    )
    fail(client, random_email(), 1)
    # The new attempt's two keys are all that is left.
    assert db.execute(text("SELECT count(*) FROM login_throttle")).scalar_one() == 2


def test_guesses_sent_together_cannot_pass_the_limit(
    committed: Engine,  # noqa: ARG001 (real commits: the guesses meet in PostgreSQL)
    client: TestClient,
) -> None:
    account = sign_up(client)
    guesses = 10
    responses = all_at_once(
        [
            lambda c: c.post(
                LOGIN, data={"username": account.email, "password": "wrong-password"}
            )
        ]
        * guesses
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [400] * PER_ACCOUNT + [429] * (guesses - PER_ACCOUNT)
