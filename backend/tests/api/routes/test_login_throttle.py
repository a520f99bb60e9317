"""Failed logins are counted per (account, address), per account and per address; past a
limit, 429. No limit lets an attacker lock the owner out: another address, an address the owner
logged in from before, or a password reset still gets in."""

from collections.abc import Callable

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from app import crud
from app.core.config import settings
from app.crud.throttle import pair_key
from app.utils.email import generate_password_reset_token
from tests.api.test_races import all_at_once
from tests.utils.marketplace import Account, sign_in_superuser, sign_up
from tests.utils.utils import random_email

API = settings.API_V1_STR
LOGIN = f"{API}/login/access-token"
PER_PAIR = 3
PER_ACCOUNT = 7
PER_ADDRESS = 10


@pytest.fixture(autouse=True)
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "LOGIN_FAILURES_PER_ACCOUNT_ADDRESS", PER_PAIR)
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
def elsewhere(from_address: Callable[[str], TestClient]) -> TestClient:
    return from_address("192.0.2.7")


def test_past_the_limit_an_address_is_refused_for_the_account_even_with_its_password(
    client: TestClient, account: Account
) -> None:
    fail(client, account.email, PER_PAIR)
    assert_throttled(log_in(client, account.email, account.password))
    assert_throttled(log_in(client, account.email.upper(), account.password))


def test_the_owner_gets_in_from_another_address_while_the_attacker_stays_blocked(
    client: TestClient, elsewhere: TestClient, account: Account
) -> None:
    fail(client, account.email, PER_PAIR)
    assert log_in(elsewhere, account.email, account.password).status_code == 200
    assert_throttled(log_in(client, account.email, account.password))


def test_unknown_emails_are_counted_the_same(client: TestClient, db: Session) -> None:  # noqa: ARG001
    # No difference tells whether an email is registered.
    email = random_email()
    fail(client, email, PER_PAIR)
    assert_throttled(log_in(client, email, "wrong-password"))


def spread_failures(
    from_address: Callable[[str], TestClient], email: str, total: int
) -> None:
    """`total` failures from addresses that each stay under the (account, address) limit."""
    n = 0
    while n < total:
        attacker = from_address(f"198.51.100.{n}")
        times = min(PER_PAIR - 1, total - n)
        fail(attacker, email, times)
        n += times


def test_guessing_spread_over_many_addresses_stops_at_the_account_limit(
    from_address: Callable[[str], TestClient], account: Account
) -> None:
    spread_failures(from_address, account.email, PER_ACCOUNT)
    assert_throttled(log_in(from_address("203.0.113.1"), account.email, "guess"))
    assert_throttled(
        log_in(from_address("203.0.113.2"), account.email, account.password)
    )


def test_the_account_limit_does_not_refuse_an_address_the_owner_logged_in_from(
    from_address: Callable[[str], TestClient], account: Account
) -> None:
    home = from_address("192.0.2.50")
    assert log_in(home, account.email, account.password).status_code == 200
    spread_failures(from_address, account.email, PER_ACCOUNT)
    assert_throttled(log_in(from_address("203.0.113.1"), account.email, "guess"))
    assert log_in(home, account.email, account.password).status_code == 200


def reset_password(
    client: TestClient, db: Session, account: Account, new_password: str
) -> None:
    """The reset through the mailed link, sent from `client`'s address."""
    user = crud.get_user_by_email(session=db, email=account.email)
    assert user is not None
    token = generate_password_reset_token(user)
    r = client.post(
        f"{API}/reset-password/", json={"token": token, "new_password": new_password}
    )
    assert r.status_code == 200, r.text


def test_a_reset_lets_the_owner_in_while_the_attacker_stays_blocked(
    from_address: Callable[[str], TestClient], db: Session, account: Account
) -> None:
    attacker = from_address("198.51.100.200")
    fail(attacker, account.email, PER_PAIR)
    spread_failures(from_address, account.email, PER_ACCOUNT - PER_PAIR)
    owner = from_address("192.0.2.80")  # never logged in from here
    assert_throttled(log_in(owner, account.email, account.password))

    reset_password(owner, db, account, "a-new-password")
    assert log_in(owner, account.email, "a-new-password").status_code == 200
    assert_throttled(log_in(attacker, account.email, "a-new-password"))


def test_a_reset_lifts_the_owners_own_lockout(
    client: TestClient, db: Session, account: Account
) -> None:
    # Forgot the password, tried too often, reset it: in at once, not in 15 minutes.
    fail(client, account.email, PER_PAIR)
    assert_throttled(log_in(client, account.email, account.password))
    reset_password(client, db, account, "a-new-password")
    assert log_in(client, account.email, "a-new-password").status_code == 200


def test_a_superuser_setting_the_password_clears_the_accounts_counts(
    client: TestClient, from_address: Callable[[str], TestClient], account: Account
) -> None:
    blocked = from_address("192.0.2.90")
    fail(blocked, account.email, PER_PAIR)
    spread_failures(from_address, account.email, PER_ACCOUNT - PER_PAIR)
    assert_throttled(log_in(from_address("192.0.2.91"), account.email, "x"))

    admin = sign_in_superuser(client)
    r = client.patch(
        f"{API}/users/{account.id}",
        headers=admin.headers,
        json={"password": "set-by-the-admin"},
    )
    assert r.status_code == 200, r.text
    for address in ("192.0.2.90", "192.0.2.91"):
        r = log_in(from_address(address), account.email, "set-by-the-admin")
        assert r.status_code == 200, r.text


def test_refused_attempts_are_not_counted(
    client: TestClient,
    from_address: Callable[[str], TestClient],
    elsewhere: TestClient,
    account: Account,
) -> None:
    fail(client, account.email, PER_PAIR)
    for _ in range(PER_ACCOUNT * 2):
        assert_throttled(log_in(client, account.email, "wrong-password"))
    # Only the PER_PAIR failures count for the account, so it is one short of its limit.
    spread_failures(from_address, account.email, PER_ACCOUNT - PER_PAIR - 1)
    assert log_in(elsewhere, account.email, account.password).status_code == 200


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


def end_windows(db: Session) -> None:
    db.execute(text("UPDATE throttle SET window_ends_at = now() - interval '1 second'"))


def test_when_the_window_ends_the_full_number_of_tries_comes_back(
    client: TestClient, db: Session, account: Account
) -> None:
    for _ in range(2):
        fail(client, account.email, PER_PAIR)
        assert_throttled(log_in(client, account.email, account.password))
        end_windows(db)
    # Exactly PER_PAIR tries again, not one fewer: the new window starts at the first.
    fail(client, account.email, PER_PAIR)
    assert_throttled(log_in(client, account.email, account.password))
    end_windows(db)
    assert log_in(client, account.email, account.password).status_code == 200


def test_expired_windows_are_purged(client: TestClient, db: Session) -> None:
    fail(client, random_email(), 1)
    end_windows(db)
    email = random_email()
    fail(client, email, 1)
    # The new attempt's three keys are all that is left.
    keys = set(db.execute(text("SELECT key FROM throttle")).scalars())
    assert len(keys) == 3
    assert pair_key(email, "testclient") in keys


def test_the_table_holds_no_email_or_address(
    client: TestClient, db: Session, account: Account
) -> None:
    fail(client, account.email, 1)
    assert log_in(client, account.email, account.password).status_code == 200
    keys = " ".join(db.execute(text("SELECT key FROM throttle")).scalars())
    assert account.email.split("@")[0] not in keys
    assert "testclient" not in keys


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
    assert codes == [400] * PER_PAIR + [429] * (guesses - PER_PAIR)
