import logging
import uuid
from datetime import UTC, datetime, timedelta

import bcrypt
import jwt
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import crud
from app.core import security
from app.core.config import settings
from app.core.security import verify_password
from app.models import User, UserUpdate
from app.utils.email import generate_password_reset_token
from tests.utils.smtp import SMTPServer
from tests.utils.user import (
    create_random_user,
    signed_in_user,
    user_authentication_headers,
)
from tests.utils.utils import random_email, random_lower_string

API = settings.API_V1_STR
# Every request runs in the test transaction (without `db` requests would commit for real).
pytestmark = pytest.mark.usefixtures("db")


def login(client: TestClient, username: str, password: str) -> int:
    r = client.post(
        f"{API}/login/access-token", data={"username": username, "password": password}
    )
    return r.status_code


def test_get_access_token(client: TestClient) -> None:
    login_data = {
        "username": settings.FIRST_SUPERUSER,
        "password": settings.FIRST_SUPERUSER_PASSWORD,
    }
    r = client.post(f"{API}/login/access-token", data=login_data)
    assert r.status_code == 200
    tokens = r.json()
    assert tokens["access_token"]
    assert tokens["token_type"] == "bearer"


def test_get_access_token_incorrect_password(client: TestClient) -> None:
    login_data = {"username": settings.FIRST_SUPERUSER, "password": "incorrect"}
    r = client.post(f"{API}/login/access-token", data=login_data)
    assert r.status_code == 400
    assert r.json() == {"detail": "Incorrect email or password"}


def test_get_access_token_unknown_email(client: TestClient) -> None:
    r = client.post(
        f"{API}/login/access-token",
        data={"username": random_email(), "password": random_lower_string()},
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "Incorrect email or password"}


@pytest.mark.parametrize("email_is_known", [True, False])
def test_a_failed_login_checks_a_bcrypt_hash_either_way(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, email_is_known: bool
) -> None:
    # The timing guard: an unknown email costs the same bcrypt check as a wrong password,
    # so how long a login takes does not tell which emails have an account.
    checked: list[bytes] = []
    checkpw = bcrypt.checkpw

    def spy(password: bytes, hashed: bytes) -> bool:
        checked.append(hashed)
        return bool(checkpw(password, hashed))

    monkeypatch.setattr(bcrypt, "checkpw", spy)
    email = settings.FIRST_SUPERUSER if email_is_known else random_email()
    assert login(client, email, "not-the-password") == 400
    assert len(checked) == 1
    if not email_is_known:
        assert checked == [security.dummy_hash().encode()]


def test_get_access_token_email_is_case_insensitive(
    client: TestClient, db: Session
) -> None:
    password = random_lower_string()
    user = create_random_user(db, password=password)
    assert login(client, user.email.upper(), password) == 200


def test_get_access_token_inactive_user(client: TestClient, db: Session) -> None:
    password = random_lower_string()
    user = create_random_user(db, password=password)
    crud.update_user(session=db, db_user=user, user_in=UserUpdate(is_active=False))
    db.commit()
    r = client.post(
        f"{API}/login/access-token", data={"username": user.email, "password": password}
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "Inactive user"}


def test_use_access_token(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.post(f"{API}/login/test-token", headers=superuser_token_headers)
    assert r.status_code == 200
    result = r.json()
    assert result["email"] == settings.FIRST_SUPERUSER
    assert "hashed_password" not in result


def test_token_of_a_deactivated_user_is_refused(
    client: TestClient, db: Session
) -> None:
    user, password, headers = signed_in_user(client, db)
    crud.update_user(session=db, db_user=user, user_in=UserUpdate(is_active=False))
    db.commit()
    # Deactivation ends every token issued before it.
    r = client.post(f"{API}/login/test-token", headers=headers)
    assert r.status_code == 401
    r = client.post(
        f"{API}/login/access-token", data={"username": user.email, "password": password}
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "Inactive user"}


def test_a_valid_token_of_an_inactive_user_is_refused(
    client: TestClient, db: Session
) -> None:
    # Deactivated some other way than the API (by hand in the database): still refused.
    user, _, headers = signed_in_user(client, db)
    user.is_active = False
    db.add(user)
    db.commit()
    r = client.post(f"{API}/login/test-token", headers=headers)
    assert r.status_code == 400
    assert r.json() == {"detail": "Inactive user"}


# --- Tokens the API refuses: 401 with WWW-Authenticate: Bearer (the template says 403/404).


def _forged_token(subject: str) -> str:
    """A well-formed access token for `subject`, signed with a key the server does not have."""
    now = datetime.now(UTC)
    payload = {
        "sub": subject,
        "purpose": "access",
        "ver": 0,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(hours=1),
    }
    return jwt.encode(payload, "another-secret-key-" + "x" * 32, algorithm="HS256")


def _assert_unauthorized(client: TestClient, headers: dict[str, str]) -> None:
    for method, path in (("post", "/login/test-token"), ("get", "/users/me")):
        r = client.request(method, f"{API}{path}", headers=headers)
        assert r.status_code == 401, (path, r.text)
        assert r.headers["WWW-Authenticate"] == "Bearer"
        assert "detail" in r.json()


def test_missing_token_is_401(client: TestClient) -> None:
    _assert_unauthorized(client, {})


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer not-a-jwt",
        "Bearer a.b.c",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
    ],
)
def test_malformed_token_is_401(client: TestClient, authorization: str) -> None:
    _assert_unauthorized(client, {"Authorization": authorization})


def test_expired_token_is_401(client: TestClient, db: Session) -> None:
    user = create_random_user(db)
    token = security.create_access_token(
        str(user.id), expires_delta=timedelta(seconds=-1), version=user.token_version
    )
    _assert_unauthorized(client, {"Authorization": f"Bearer {token}"})


def test_forged_token_is_401(client: TestClient, db: Session) -> None:
    user = create_random_user(db)
    token = _forged_token(str(user.id))
    _assert_unauthorized(client, {"Authorization": f"Bearer {token}"})


def test_unsigned_token_is_401(client: TestClient, db: Session) -> None:
    user = create_random_user(db)
    token = jwt.encode(
        {"sub": str(user.id), "purpose": "access", "exp": 4102444800, "ver": 0},
        key=None,
        algorithm="none",
    )
    _assert_unauthorized(client, {"Authorization": f"Bearer {token}"})


def test_password_reset_token_is_not_an_access_token(
    client: TestClient, db: Session
) -> None:
    user = create_random_user(db)
    token = generate_password_reset_token(user)
    _assert_unauthorized(client, {"Authorization": f"Bearer {token}"})


def test_token_with_a_subject_that_is_not_a_user_id_is_401(
    client: TestClient,
) -> None:
    token = security.create_access_token(
        "not-a-uuid", expires_delta=timedelta(minutes=5), version=0
    )
    _assert_unauthorized(client, {"Authorization": f"Bearer {token}"})


def test_token_of_a_deleted_user_is_401(
    client: TestClient, db: Session, superuser_token_headers: dict[str, str]
) -> None:
    user, password, headers = signed_in_user(client, db)
    r = client.delete(f"{API}/users/{user.id}", headers=superuser_token_headers)
    assert r.status_code == 200
    _assert_unauthorized(client, headers)


def test_token_of_an_unknown_user_is_401(client: TestClient) -> None:
    token = security.create_access_token(
        str(uuid.uuid4()), expires_delta=timedelta(minutes=5), version=0
    )
    _assert_unauthorized(client, {"Authorization": f"Bearer {token}"})


# --- Password recovery and reset.

RECOVERY_SENT = "If that email is registered, we sent a password recovery link"


def test_recovery_password_existing_email(
    client: TestClient, db: Session, no_smtp: SMTPServer
) -> None:
    user = create_random_user(db)
    r = client.post(f"{API}/password-recovery/{user.email}")
    assert r.status_code == 200
    assert r.json() == {"message": RECOVERY_SENT}
    assert no_smtp.messages == []


def test_recovery_password_user_not_exists(
    client: TestClient, mailbox: SMTPServer
) -> None:
    # The same answer as for a registered email (no account probing), and no mail.
    r = client.post(f"{API}/password-recovery/{random_email()}")
    assert r.status_code == 200
    assert r.json() == {"message": RECOVERY_SENT}
    assert mailbox.messages == []


@pytest.mark.usefixtures("smtp_down")
def test_recovery_answers_the_same_when_the_mail_server_is_down(
    client: TestClient, db: Session, caplog: pytest.LogCaptureFixture
) -> None:
    user = create_random_user(db)
    with caplog.at_level(logging.ERROR, logger="app.utils.email"):
        registered = client.post(f"{API}/password-recovery/{user.email}")
    unknown = client.post(f"{API}/password-recovery/{random_email()}")
    for r in (registered, unknown):
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/json"
        assert r.json() == {"message": RECOVERY_SENT}
    assert "could not be sent" in caplog.text  # the operator learns it from the log


def test_recovery_password_not_an_email(client: TestClient) -> None:
    r = client.post(f"{API}/password-recovery/not-an-email")
    assert r.status_code == 422


def test_recovery_password_mails_a_working_reset_link(
    client: TestClient, db: Session, mailbox: SMTPServer
) -> None:
    old_password = random_lower_string()
    new_password = random_lower_string()
    user = create_random_user(db, password=old_password)

    r = client.post(f"{API}/password-recovery/{user.email.upper()}")
    assert r.status_code == 200

    [mail] = mailbox.messages
    assert mail.rcpt_tos == [user.email]
    assert mail.message["To"] == user.email
    assert "noreply@example.com" in str(mail.message["From"])
    assert "Password recovery" in mail.subject
    assert f"{settings.FRONTEND_HOST}/reset-password?token=" in mail.html

    r = client.post(
        f"{API}/reset-password/",
        json={"token": mail.reset_token(), "new_password": new_password},
    )
    assert r.status_code == 200
    assert r.json() == {"message": "Password updated successfully"}
    assert login(client, user.email, new_password) == 200
    assert login(client, user.email, old_password) == 400


def test_reset_password(client: TestClient, db: Session) -> None:
    password = random_lower_string()
    new_password = random_lower_string()
    user = create_random_user(db, password=password)
    token = generate_password_reset_token(user)

    r = client.post(
        f"{API}/reset-password/", json={"new_password": new_password, "token": token}
    )
    assert r.status_code == 200
    assert r.json() == {"message": "Password updated successfully"}

    db.refresh(user)
    assert verify_password(new_password, user.hashed_password)
    assert login(client, user.email, new_password) == 200
    assert login(client, user.email, password) == 400


@pytest.mark.parametrize("token", ["invalid", "a.b.c", ""])
def test_reset_password_invalid_token(client: TestClient, token: str) -> None:
    r = client.post(
        f"{API}/reset-password/", json={"new_password": "changethis", "token": token}
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "Invalid token"}


def test_reset_password_with_an_access_token(client: TestClient, db: Session) -> None:
    password = random_lower_string()
    user = create_random_user(db, password=password)
    access = security.create_access_token(
        str(user.id), expires_delta=timedelta(minutes=5), version=user.token_version
    )
    r = client.post(
        f"{API}/reset-password/",
        json={"new_password": random_lower_string(), "token": access},
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "Invalid token"}
    assert login(client, user.email, password) == 200


def test_reset_password_expired_token(client: TestClient, db: Session) -> None:
    user = create_random_user(db)
    token = security.create_token(
        str(user.id),
        purpose="password-reset",
        expires_delta=timedelta(seconds=-1),
        version=user.token_version,
    )
    r = client.post(
        f"{API}/reset-password/",
        json={"new_password": random_lower_string(), "token": token},
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "Invalid token"}


def test_reset_password_token_without_subject(client: TestClient) -> None:
    token = jwt.encode(
        {"purpose": "password-reset", "exp": 4102444800, "ver": 0},
        security.derive_key("jwt"),
        algorithm=security.ALGORITHM,
    )
    r = client.post(
        f"{API}/reset-password/", json={"new_password": "changethis", "token": token}
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "Invalid token"}


def test_reset_password_of_a_deleted_user(client: TestClient, db: Session) -> None:
    user = create_random_user(db)
    token = generate_password_reset_token(user)
    db.delete(user)
    db.commit()
    r = client.post(
        f"{API}/reset-password/",
        json={"new_password": random_lower_string(), "token": token},
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "Invalid token"}


def test_reset_password_of_an_inactive_user(client: TestClient, db: Session) -> None:
    password = random_lower_string()
    user = create_random_user(db, password=password)
    crud.update_user(session=db, db_user=user, user_in=UserUpdate(is_active=False))
    db.commit()
    token = generate_password_reset_token(user)
    r = client.post(
        f"{API}/reset-password/",
        json={"new_password": random_lower_string(), "token": token},
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "Inactive user"}
    db.refresh(user)
    assert verify_password(password, user.hashed_password)


def test_reset_password_too_short(client: TestClient, db: Session) -> None:
    user = create_random_user(db)
    token = generate_password_reset_token(user)
    r = client.post(
        f"{API}/reset-password/", json={"new_password": "short", "token": token}
    )
    assert r.status_code == 422


def test_password_recovery_html_content_as_superuser(
    client: TestClient, db: Session, superuser_token_headers: dict[str, str]
) -> None:
    user = create_random_user(db)
    r = client.post(
        f"{API}/password-recovery-html-content/{user.email}",
        headers=superuser_token_headers,
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "Password recovery" in r.headers["subject"]
    assert f"{settings.FRONTEND_HOST}/reset-password?token=" in r.text
    assert user.email in r.text


def test_password_recovery_html_content_unknown_email(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.post(
        f"{API}/password-recovery-html-content/{random_email()}",
        headers=superuser_token_headers,
    )
    assert r.status_code == 404


def test_password_recovery_html_content_as_normal_user(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    r = client.post(
        f"{API}/password-recovery-html-content/{settings.EMAIL_TEST_USER}",
        headers=normal_user_token_headers,
    )
    assert r.status_code == 403
    assert r.json() == {"detail": "The user doesn't have enough privileges"}


def test_password_recovery_html_content_needs_a_token(client: TestClient) -> None:
    r = client.post(f"{API}/password-recovery-html-content/{settings.EMAIL_TEST_USER}")
    assert r.status_code == 401


# --- Passwords: every byte counts, none is silently dropped.


def _signup(client: TestClient, email: str, password: str) -> int:
    r = client.post(f"{API}/users/signup", json={"email": email, "password": password})
    return r.status_code


@pytest.mark.parametrize(
    "password",
    [
        "a" * 100,  # 100 bytes
        "\u00e9" * 40,  # 40 characters, 80 bytes
        "\u20ac" * 40,  # 40 characters, 120 bytes
        "\U0001f9f9" * 128,  # the longest allowed: 128 characters, 512 bytes
    ],
)
def test_long_password_signs_up_and_logs_in(
    client: TestClient, db: Session, password: str
) -> None:
    email = random_email()
    assert _signup(client, email, password) == 200
    assert login(client, email, password) == 200
    user = crud.get_user_by_email(session=db, email=email)
    assert user is not None
    assert password not in user.hashed_password


def test_password_differing_after_byte_72_does_not_log_in(
    client: TestClient,
) -> None:
    email = random_email()
    password = "p" * 72 + "first-ending"
    assert _signup(client, email, password) == 200
    assert login(client, email, "p" * 72 + "other-ending") == 400
    assert login(client, email, "p" * 72) == 400
    assert login(client, email, password) == 200


def test_multibyte_password_differing_after_byte_72_does_not_log_in(
    client: TestClient,
) -> None:
    email = random_email()
    # 30 * 3 bytes: the first 72 bytes are the same for both passwords.
    password = "\u20ac" * 30
    assert _signup(client, email, password) == 200
    assert login(client, email, "\u20ac" * 29 + "x") == 400
    assert login(client, email, "\u20ac" * 24) == 400
    assert login(client, email, password) == 200


@pytest.mark.parametrize("password", ["a" * 129, "\u20ac" * 129, "short", ""])
def test_password_out_of_bounds_is_422(client: TestClient, password: str) -> None:
    assert _signup(client, random_email(), password) == 422


def test_user_with_malformed_stored_hash_cannot_log_in(
    client: TestClient, db: Session
) -> None:
    password = random_lower_string()
    user = create_random_user(db, password=password)
    db_user = db.get(User, user.id)
    assert db_user is not None
    db_user.hashed_password = "not-a-bcrypt-hash"
    db.add(db_user)
    db.commit()
    assert login(client, user.email, password) == 400


# --- A password change ends every token issued before it.


def _reset_token_by_mail(client: TestClient, mailbox: SMTPServer, email: str) -> str:
    before = len(mailbox.to(email))
    assert client.post(f"{API}/password-recovery/{email}").status_code == 200
    mails = mailbox.to(email)
    assert len(mails) == before + 1
    return mails[-1].reset_token()


def _reset(client: TestClient, token: str, new_password: str) -> int:
    r = client.post(
        f"{API}/reset-password/", json={"token": token, "new_password": new_password}
    )
    return r.status_code


def _me(client: TestClient, headers: dict[str, str]) -> int:
    return client.get(f"{API}/users/me", headers=headers).status_code


@pytest.mark.parametrize("by", ["the user", "a superuser"])
def test_a_password_change_ends_older_tokens(
    client: TestClient,
    db: Session,
    mailbox: SMTPServer,
    superuser_token_headers: dict[str, str],
    by: str,
) -> None:
    user, password, headers = signed_in_user(client, db)
    reset_token = _reset_token_by_mail(client, mailbox, user.email)
    new_password = random_lower_string()

    if by == "the user":
        r = client.patch(
            f"{API}/users/me/password",
            headers=headers,
            json={"current_password": password, "new_password": new_password},
        )
    else:
        r = client.patch(
            f"{API}/users/{user.id}",
            headers=superuser_token_headers,
            json={"password": new_password},
        )

    assert r.status_code == 200, r.text
    assert _me(client, headers) == 401
    assert _reset(client, reset_token, random_lower_string()) == 400
    # A token issued at once afterwards (in the same second) works.
    fresh = user_authentication_headers(
        client=client, email=user.email, password=new_password
    )
    assert _me(client, fresh) == 200
    assert _me(client, superuser_token_headers) == 200  # only the user's tokens end


def test_a_superuser_changing_other_fields_ends_no_tokens(
    client: TestClient, db: Session, superuser_token_headers: dict[str, str]
) -> None:
    user, _, headers = signed_in_user(client, db)
    r = client.patch(
        f"{API}/users/{user.id}",
        headers=superuser_token_headers,
        json={"full_name": "Still Signed In"},
    )
    assert r.status_code == 200, r.text
    assert _me(client, headers) == 200


def test_a_reset_ends_older_tokens_and_works_once(
    client: TestClient, db: Session, mailbox: SMTPServer
) -> None:
    user, password, headers = signed_in_user(client, db)
    first = _reset_token_by_mail(client, mailbox, user.email)
    second = _reset_token_by_mail(client, mailbox, user.email)
    new_password = random_lower_string()

    assert _reset(client, second, new_password) == 200

    assert _me(client, headers) == 401
    assert _reset(client, second, random_lower_string()) == 400  # used
    assert _reset(client, first, random_lower_string()) == 400  # issued before
    assert login(client, user.email, new_password) == 200
    assert login(client, user.email, password) == 400
