"""A stolen token must not take an account: a new email is a credential change, a change of
`is_active` ends tokens, a logout ends its token on the server; and recovery and signup cannot
be used as a firehose or an oracle."""

from collections.abc import Callable

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from app import crud
from app.core.config import settings
from app.utils.email import generate_password_reset_token
from tests.utils.marketplace import Account, sign_in_superuser, sign_up
from tests.utils.smtp import SMTPServer
from tests.utils.user import user_authentication_headers
from tests.utils.utils import random_email

API = settings.API_V1_STR
pytestmark = pytest.mark.usefixtures("db")


def me(client: TestClient, headers: dict[str, str]) -> httpx2.Response:
    return client.get(f"{API}/users/me", headers=headers)


def change_me(client: TestClient, account: Account, **body: object) -> httpx2.Response:
    return client.patch(f"{API}/users/me", headers=account.headers, json=body)


def reset_token_of(db: Session, email: str) -> str:
    user = crud.get_user_by_email(session=db, email=email)
    assert user is not None
    return generate_password_reset_token(user)


def reset(client: TestClient, token: str, password: str) -> httpx2.Response:
    return client.post(
        f"{API}/reset-password/", json={"token": token, "new_password": password}
    )


# --- A new email needs the password, and ends every earlier token ------------------------


@pytest.mark.parametrize("password", [None, "wrong-password", ""])
def test_a_new_email_without_the_current_password_is_refused(
    client: TestClient, password: str | None
) -> None:
    victim = sign_up(client)
    body: dict[str, object] = {"email": random_email()}
    if password is not None:
        body["current_password"] = password
    r = change_me(client, victim, **body)
    assert r.status_code == 400, r.text
    assert r.json()["detail"] in (
        "Enter your current password to change your email",
        "Incorrect password",
    )
    # Nothing changed, and the token still works.
    assert me(client, victim.headers).json()["email"] == victim.email


def test_a_stolen_token_cannot_take_the_account_through_the_email(
    client: TestClient, mailbox: SMTPServer
) -> None:
    victim = sign_up(client)
    attacker_email = random_email()
    # With the token alone: no new email, so no recovery mail reaches the attacker.
    assert change_me(client, victim, email=attacker_email).status_code == 400
    r = client.post(f"{API}/password-recovery/{attacker_email}")
    assert r.status_code == 200
    assert mailbox.to(attacker_email) == []
    # The victim still logs in with their password.
    user_authentication_headers(
        client=client, email=victim.email, password=victim.password
    )


def test_a_new_email_with_the_password_ends_every_earlier_token(
    client: TestClient, db: Session, mailbox: SMTPServer
) -> None:
    user = sign_up(client)
    other_session = user_authentication_headers(
        client=client, email=user.email, password=user.password
    )
    reset_token = reset_token_of(db, user.email)
    new_email = random_email()

    r = change_me(client, user, email=new_email, current_password=user.password)
    assert r.status_code == 200, r.text
    assert r.json()["email"] == new_email

    for headers in (user.headers, other_session):
        assert me(client, headers).status_code == 401
    # The reset link mailed to the old address no longer works.
    assert reset(client, reset_token, "taken-over-password").status_code == 400
    # The old address is told, the new one logs in.
    [notice] = mailbox.to(user.email)
    assert "email" in notice.subject.lower()
    assert new_email in notice.html
    headers = user_authentication_headers(
        client=client, email=new_email, password=user.password
    )
    assert me(client, headers).json()["email"] == new_email


def test_the_same_email_needs_no_password_and_ends_nothing(
    client: TestClient, mailbox: SMTPServer
) -> None:
    user = sign_up(client)
    r = change_me(client, user, email=user.email, full_name="Same Mail")
    assert r.status_code == 200, r.text
    assert me(client, user.headers).json()["full_name"] == "Same Mail"
    assert mailbox.messages == []


def test_a_mail_failure_does_not_change_the_answer(
    client: TestClient,
    smtp_down: None,  # noqa: ARG001
) -> None:
    user = sign_up(client)
    new_email = random_email()
    r = change_me(client, user, email=new_email, current_password=user.password)
    assert r.status_code == 200, r.text
    assert r.json()["email"] == new_email


def test_a_superuser_changes_their_own_email_only_with_their_password(
    client: TestClient,
) -> None:
    admin = sign_in_superuser(client)
    r = client.patch(
        f"{API}/users/{admin.id}",
        headers=admin.headers,
        json={"email": random_email()},
    )
    assert r.status_code == 409, r.text
    assert "PATCH /users/me" in r.json()["detail"]
    assert me(client, admin.headers).json()["email"] == admin.email


def test_a_superuser_changing_someones_email_ends_their_tokens(
    client: TestClient, db: Session, mailbox: SMTPServer
) -> None:
    admin = sign_in_superuser(client)
    user = sign_up(client)
    reset_token = reset_token_of(db, user.email)
    new_email = random_email()
    r = client.patch(
        f"{API}/users/{user.id}", headers=admin.headers, json={"email": new_email}
    )
    assert r.status_code == 200, r.text
    assert me(client, user.headers).status_code == 401
    assert reset(client, reset_token, "another-password").status_code == 400
    assert len(mailbox.to(user.email)) == 1
    # The superuser's own session is untouched.
    assert me(client, admin.headers).status_code == 200


# --- is_active ---------------------------------------------------------------------------


def test_deactivating_and_reactivating_ends_earlier_tokens(
    client: TestClient, db: Session
) -> None:
    admin = sign_in_superuser(client)
    user = sign_up(client)
    reset_token = reset_token_of(db, user.email)
    for active in (False, True):
        r = client.patch(
            f"{API}/users/{user.id}",
            headers=admin.headers,
            json={"is_active": active},
        )
        assert r.status_code == 200, r.text
    assert me(client, user.headers).status_code == 401
    assert reset(client, reset_token, "another-password").status_code == 400
    # Active again: a new login works.
    headers = user_authentication_headers(
        client=client, email=user.email, password=user.password
    )
    assert me(client, headers).status_code == 200


def test_setting_is_active_to_what_it_is_ends_nothing(client: TestClient) -> None:
    admin = sign_in_superuser(client)
    user = sign_up(client)
    r = client.patch(
        f"{API}/users/{user.id}", headers=admin.headers, json={"is_active": True}
    )
    assert r.status_code == 200
    assert me(client, user.headers).status_code == 200


# --- Logout ------------------------------------------------------------------------------


def test_logout_ends_the_presented_token_only(client: TestClient) -> None:
    user = sign_up(client)
    other_session = user_authentication_headers(
        client=client, email=user.email, password=user.password
    )
    r = client.post(f"{API}/login/logout", headers=user.headers)
    assert r.status_code == 200, r.text
    assert r.json() == {"message": "Logged out"}
    assert me(client, user.headers).status_code == 401
    assert client.post(f"{API}/login/logout", headers=user.headers).status_code == 401
    assert me(client, other_session).status_code == 200


def test_logout_needs_a_token(client: TestClient) -> None:
    assert client.post(f"{API}/login/logout").status_code == 401


def test_ended_tokens_are_forgotten_once_expired(
    client: TestClient, db: Session
) -> None:
    db.execute(
        text(
            "INSERT INTO revoked_token (id, expires_at)"
            " SELECT gen_random_uuid(), now() - interval '1 second'"
            " FROM generate_series(1, 5)"
        )
    )
    user = sign_up(client)
    assert client.post(f"{API}/login/logout", headers=user.headers).status_code == 200
    left = db.execute(text("SELECT expires_at > now() FROM revoked_token")).scalars()
    assert list(left) == [True]  # only the token just ended


# --- Recovery and signup limits ----------------------------------------------------------


def test_recovery_mails_per_account_are_few_and_the_answer_never_changes(
    client: TestClient, mailbox: SMTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "RECOVERY_MAILS_PER_ACCOUNT", 2)
    user = sign_up(client)
    unknown = random_email()
    answers = {
        client.post(f"{API}/password-recovery/{email}").text
        for _ in range(4)
        for email in (user.email, unknown)
    }
    assert answers == {
        '{"message":"If that email is registered, we sent a password recovery link"}'
    }
    assert len(mailbox.to(user.email)) == 2


def test_recovery_requests_per_address_are_limited(
    client: TestClient,
    from_address: Callable[[str], TestClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "RECOVERY_REQUESTS_PER_ADDRESS", 3)
    for _ in range(3):
        assert (
            client.post(f"{API}/password-recovery/{random_email()}").status_code == 200
        )
    r = client.post(f"{API}/password-recovery/{random_email()}")
    assert r.status_code == 429, r.text
    wait = int(r.headers["retry-after"])
    assert 0 < wait <= settings.RECOVERY_WINDOW_SECONDS
    assert r.json() == {
        "detail": f"Too many recovery requests: try again in {wait} seconds"
    }
    other = from_address("192.0.2.33")
    assert other.post(f"{API}/password-recovery/{random_email()}").status_code == 200


def signup(client: TestClient, email: str) -> httpx2.Response:
    return client.post(
        f"{API}/users/signup", json={"email": email, "password": "a-good-password"}
    )


def test_signups_per_address_are_limited_taken_emails_included(
    client: TestClient,
    from_address: Callable[[str], TestClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "SIGNUP_REQUESTS_PER_ADDRESS", 3)
    email = random_email()
    assert signup(client, email).status_code == 200
    # "This email already exists" is an answer the limit counts.
    assert signup(client, email).status_code == 400
    assert signup(client, random_email()).status_code == 200
    for asked in (email, random_email()):
        r = signup(client, asked)
        assert r.status_code == 429, r.text
        wait = int(r.headers["retry-after"])
        assert 0 < wait <= settings.SIGNUP_WINDOW_SECONDS
        assert r.json() == {
            "detail": f"Too many signups from your address: try again in {wait} seconds"
        }
    assert signup(from_address("192.0.2.44"), random_email()).status_code == 200


# --- HEAD --------------------------------------------------------------------------------


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    user = sign_up(client)
    for path in ("/users/me", "/feed/cleanings/", "/utils/health-check/"):
        got = client.get(f"{API}{path}", headers=user.headers)
        head = client.head(f"{API}{path}", headers=user.headers)
        assert head.status_code == got.status_code == 200, head.text
        assert head.content == b""
        assert head.headers["content-length"] == got.headers["content-length"]
        assert head.headers["content-type"] == got.headers["content-type"]
    assert client.head(f"{API}/users/me").status_code == 401


def test_head_on_a_path_without_get_is_405(client: TestClient) -> None:
    r = client.head(f"{API}/login/access-token")
    assert r.status_code == 405
    assert "POST" in r.headers["allow"]
