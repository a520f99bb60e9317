import re
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app import crud
from app.core.config import settings
from app.core.errors import Conflict
from app.core.security import verify_password
from app.models import Item, User, UserCreate, UserUpdate
from tests.utils.item import create_random_item
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
USERNAME = re.compile(r"^[A-Za-z0-9_-]{3,32}$")


def random_username() -> str:
    return "u_" + random_lower_string(12)


def headers_for(client: TestClient, db: Session) -> tuple[User, dict[str, str]]:
    password = random_lower_string()
    user = create_random_user(db, password=password)
    return user, user_authentication_headers(
        client=client, email=user.email, password=password
    )


def test_get_users_superuser_me(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.get(f"{API}/users/me", headers=superuser_token_headers)
    assert r.status_code == 200
    current_user = r.json()
    assert current_user["is_active"] is True
    assert current_user["is_superuser"] is True
    assert current_user["email"] == settings.FIRST_SUPERUSER
    assert "hashed_password" not in current_user


def test_get_users_normal_user_me(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    r = client.get(f"{API}/users/me", headers=normal_user_token_headers)
    assert r.status_code == 200
    current_user = r.json()
    assert current_user["is_active"] is True
    assert current_user["is_superuser"] is False
    assert current_user["email"] == settings.EMAIL_TEST_USER
    assert USERNAME.match(current_user["username"])
    uuid.UUID(current_user["id"])
    assert current_user["created_at"].endswith(("Z", "+00:00"))


def test_create_user_new_email(
    client: TestClient,
    superuser_token_headers: dict[str, str],
    db: Session,
    no_smtp: SMTPServer,
) -> None:
    username = random_email()
    password = random_lower_string()
    r = client.post(
        f"{API}/users/",
        headers=superuser_token_headers,
        json={"email": username, "password": password},
    )
    assert r.status_code == 200
    created_user = r.json()
    user = crud.get_user_by_email(session=db, email=username)
    assert user
    assert user.email == created_user["email"]
    assert str(user.id) == created_user["id"]
    assert "password" not in created_user
    assert "hashed_password" not in created_user
    assert no_smtp.messages == []
    assert (
        client.post(
            f"{API}/login/access-token",
            data={"username": username, "password": password},
        ).status_code
        == 200
    )


def test_create_user_mails_the_new_user(
    client: TestClient,
    superuser_token_headers: dict[str, str],
    mailbox: SMTPServer,
) -> None:
    email = random_email()
    r = client.post(
        f"{API}/users/",
        headers=superuser_token_headers,
        json={"email": email, "password": random_lower_string()},
    )
    assert r.status_code == 200
    [mail] = mailbox.to(email)
    assert "New account" in mail.subject
    assert r.json()["username"] in mail.html
    assert r.json()["warning"] is None


@pytest.mark.usefixtures("smtp_down")
def test_create_user_when_the_mail_server_is_down(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    email, password = random_email(), random_lower_string()
    r = client.post(
        f"{API}/users/",
        headers=superuser_token_headers,
        json={"email": email, "password": password},
    )
    assert r.status_code == 200, r.text
    assert r.json()["email"] == email
    assert "not sent" in r.json()["warning"]
    assert crud.get_user_by_email(session=db, email=email) is not None
    login = client.post(
        f"{API}/login/access-token", data={"username": email, "password": password}
    )
    assert login.status_code == 200


def test_create_superuser_and_inactive_user(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.post(
        f"{API}/users/",
        headers=superuser_token_headers,
        json={
            "email": random_email(),
            "password": random_lower_string(),
            "is_superuser": True,
            "is_active": False,
            "full_name": "Ada",
        },
    )
    assert r.status_code == 200
    assert r.json()["is_superuser"] is True
    assert r.json()["is_active"] is False
    assert r.json()["full_name"] == "Ada"


def test_get_existing_user_as_superuser(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    user = create_random_user(db)
    r = client.get(f"{API}/users/{user.id}", headers=superuser_token_headers)
    assert r.status_code == 200
    api_user = r.json()
    assert api_user["email"] == user.email
    assert api_user["username"] == user.username


def test_get_non_existing_user_as_superuser(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.get(f"{API}/users/{uuid.uuid4()}", headers=superuser_token_headers)
    assert r.status_code == 404
    assert r.json() == {"detail": "User not found"}


def test_get_existing_user_current_user(client: TestClient, db: Session) -> None:
    user, headers = headers_for(client, db)
    r = client.get(f"{API}/users/{user.id}", headers=headers)
    assert r.status_code == 200
    assert r.json()["email"] == user.email


def test_get_existing_user_permissions_error(
    client: TestClient, db: Session, normal_user_token_headers: dict[str, str]
) -> None:
    user = create_random_user(db)
    r = client.get(f"{API}/users/{user.id}", headers=normal_user_token_headers)
    assert r.status_code == 403
    assert r.json() == {"detail": "The user doesn't have enough privileges"}


def test_get_non_existing_user_as_normal_user(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    # As the template: a normal user learns nothing about other ids, not even absence.
    r = client.get(f"{API}/users/{uuid.uuid4()}", headers=normal_user_token_headers)
    assert r.status_code == 403


def test_get_user_with_a_bad_id(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.get(f"{API}/users/not-a-uuid", headers=superuser_token_headers)
    assert r.status_code == 422


def test_create_user_existing_email(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    user = create_random_user(db)
    r = client.post(
        f"{API}/users/",
        headers=superuser_token_headers,
        json={"email": user.email.upper(), "password": random_lower_string()},
    )
    assert r.status_code == 400
    assert r.json() == {
        "detail": "The user with this email already exists in the system"
    }


def test_create_user_by_normal_user(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    email = random_email()
    r = client.post(
        f"{API}/users/",
        headers=normal_user_token_headers,
        json={"email": email, "password": random_lower_string()},
    )
    assert r.status_code == 403
    assert r.json() == {"detail": "The user doesn't have enough privileges"}


def test_retrieve_users(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    created = {create_random_user(db).email for _ in range(3)}
    total = db.exec(select(func.count()).select_from(User)).one()

    r = client.get(f"{API}/users/", headers=superuser_token_headers)
    assert r.status_code == 200
    all_users = r.json()
    assert all_users["count"] == total
    assert len(all_users["data"]) == total
    assert created <= {u["email"] for u in all_users["data"]}
    for item in all_users["data"]:
        assert "email" in item
        assert "hashed_password" not in item


def test_retrieve_users_count_is_the_total_not_the_page(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    for _ in range(3):
        create_random_user(db)
    total = db.exec(select(func.count()).select_from(User)).one()
    assert total >= 4

    r = client.get(f"{API}/users/?limit=1", headers=superuser_token_headers)
    assert r.status_code == 200
    assert len(r.json()["data"]) == 1
    assert r.json()["count"] == total

    r = client.get(f"{API}/users/?skip={total}", headers=superuser_token_headers)
    assert r.json() == {"data": [], "count": total}


def test_retrieve_users_skip_limit_pages(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    for _ in range(4):
        create_random_user(db)
    everyone = client.get(f"{API}/users/", headers=superuser_token_headers).json()
    ids = [u["id"] for u in everyone["data"]]
    assert len(set(ids)) == len(ids) >= 5

    pages: list[str] = []
    for skip in range(0, len(ids), 2):
        r = client.get(
            f"{API}/users/?skip={skip}&limit=2", headers=superuser_token_headers
        )
        assert r.status_code == 200
        assert r.json()["count"] == len(ids)
        pages += [u["id"] for u in r.json()["data"]]
    assert pages == ids


def test_retrieve_users_as_normal_user(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    r = client.get(f"{API}/users/", headers=normal_user_token_headers)
    assert r.status_code == 403


def test_update_user_me(client: TestClient, db: Session) -> None:
    _, password, headers = signed_in_user(client, db)
    full_name = "Updated Name"
    email = random_email()
    username = random_username()
    r = client.patch(
        f"{API}/users/me",
        headers=headers,
        json={
            "full_name": full_name,
            "email": email,
            "username": username,
            "current_password": password,
        },
    )
    assert r.status_code == 200, r.text
    updated_user = r.json()
    assert updated_user["email"] == email
    assert updated_user["full_name"] == full_name
    assert updated_user["username"] == username

    user_db = crud.get_user_by_email(session=db, email=email)
    assert user_db
    assert user_db.full_name == full_name
    assert user_db.username == username


def test_update_user_me_empty_body_changes_nothing(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    before = client.get(f"{API}/users/me", headers=normal_user_token_headers).json()
    r = client.patch(f"{API}/users/me", headers=normal_user_token_headers, json={})
    assert r.status_code == 200
    assert r.json() == before


def test_update_user_me_cannot_make_itself_superuser(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    r = client.patch(
        f"{API}/users/me",
        headers=normal_user_token_headers,
        json={"is_superuser": True, "full_name": "Sneaky"},
    )
    assert r.status_code == 200
    assert r.json()["is_superuser"] is False
    me = client.get(f"{API}/users/me", headers=normal_user_token_headers).json()
    assert me["is_superuser"] is False


@pytest.mark.parametrize(
    ("field", "detail"),
    [
        ("email", "User with this email already exists"),
        ("username", "User with this username already exists"),
    ],
)
def test_update_user_me_to_a_taken_email_or_username(
    client: TestClient, db: Session, field: str, detail: str
) -> None:
    me, password, headers = signed_in_user(client, db)
    user = create_random_user(db)
    r = client.patch(
        f"{API}/users/me",
        headers=headers,
        # Taken regardless of case.
        json={field: getattr(user, field).upper(), "current_password": password},
    )
    assert r.status_code == 409
    assert r.json() == {"detail": detail}
    assert client.get(f"{API}/users/me", headers=headers).json()["email"] == me.email


def test_update_user_me_own_email_in_other_case(
    client: TestClient, db: Session
) -> None:
    user, password, headers = signed_in_user(client, db)
    local, domain = user.email.split("@")
    respelled = f"{local.upper()}@{domain}"  # (domains are kept in lower case)
    r = client.patch(
        f"{API}/users/me",
        headers=headers,
        json={"email": respelled, "current_password": password},
    )
    assert r.status_code == 200, r.text
    # Not taken by anyone else: the user's own email, now spelled as they asked.
    assert r.json()["email"] == respelled
    for spelling in (respelled, respelled.lower()):
        headers = user_authentication_headers(
            client=client, email=spelling, password=password
        )
        assert client.get(f"{API}/users/me", headers=headers).json()["id"] == str(
            user.id
        )


def test_update_password_me(client: TestClient, db: Session) -> None:
    new_password = random_lower_string()
    user, password, headers = signed_in_user(client, db)
    r = client.patch(
        f"{API}/users/me/password",
        headers=headers,
        json={"current_password": password, "new_password": new_password},
    )
    assert r.status_code == 200
    assert r.json() == {"message": "Password updated successfully"}

    db.refresh(user)
    assert verify_password(new_password, user.hashed_password)
    user_authentication_headers(client=client, email=user.email, password=new_password)
    r = client.post(
        f"{API}/login/access-token",
        data={"username": user.email, "password": password},
    )
    assert r.status_code == 400


def test_update_password_me_incorrect_password(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    new_password = random_lower_string()
    r = client.patch(
        f"{API}/users/me/password",
        headers=normal_user_token_headers,
        json={"current_password": new_password, "new_password": new_password},
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "Incorrect password"}


def test_update_password_me_same_password_error(
    client: TestClient, db: Session
) -> None:
    user, password, headers = signed_in_user(client, db)
    r = client.patch(
        f"{API}/users/me/password",
        headers=headers,
        json={"current_password": password, "new_password": password},
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "New password cannot be the same as the current one"}


def test_update_password_me_too_short(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    r = client.patch(
        f"{API}/users/me/password",
        headers=normal_user_token_headers,
        json={"current_password": random_lower_string(), "new_password": "short"},
    )
    assert r.status_code == 422


def test_register_user(client: TestClient, db: Session) -> None:
    email = random_email()
    password = random_lower_string()
    full_name = random_lower_string()
    username = random_username()
    r = client.post(
        f"{API}/users/signup",
        json={
            "email": email,
            "password": password,
            "full_name": full_name,
            "username": username,
        },
    )
    assert r.status_code == 200
    user = r.json()
    assert user["email"] == email
    assert user["full_name"] == full_name
    assert user["username"] == username
    assert user["is_superuser"] is False
    assert user["is_active"] is True

    user_db = crud.get_user_by_email(session=db, email=email)
    assert user_db
    assert user_db.full_name == full_name
    assert verify_password(password, user_db.hashed_password)


def test_register_user_cannot_become_superuser(client: TestClient) -> None:
    r = client.post(
        f"{API}/users/signup",
        json={
            "email": random_email(),
            "password": random_lower_string(),
            "is_superuser": True,
        },
    )
    assert r.status_code == 200
    assert r.json()["is_superuser"] is False


def test_register_user_already_exists_error(client: TestClient) -> None:
    local = random_lower_string(12)
    first = client.post(
        f"{API}/users/signup",
        json={"email": f"{local}@x.com", "password": random_lower_string()},
    )
    assert first.status_code == 200
    r = client.post(
        f"{API}/users/signup",
        json={
            "email": f"{local.capitalize()}@X.com",
            "password": random_lower_string(),
        },
    )
    assert r.status_code == 400
    assert r.json() == {
        "detail": "The user with this email already exists in the system"
    }


def test_a_default_username_reveals_nothing_of_the_email(client: TestClient) -> None:
    # Usernames are shown to everyone on the feed; the email's local part may be private.
    r = client.post(
        f"{API}/users/signup",
        json={
            "email": "jane.doe-private+tag@corp.example",
            "password": random_lower_string(),
        },
    )
    assert r.status_code == 200, r.text
    username = r.json()["username"]
    assert USERNAME.match(username)
    for part in ("jane", "doe", "private", "tag", "corp"):
        assert part not in username.lower()


def test_a_default_username_comes_from_the_full_name(client: TestClient) -> None:
    r = client.post(
        f"{API}/users/signup",
        json={
            "email": "jd-secret@corp.example",
            "password": random_lower_string(),
            "full_name": "Zoë  O'Brien",
        },
    )
    assert r.status_code == 200, r.text
    username = r.json()["username"]
    assert username == "zoe-obrien" or username.startswith("zoe-obrien-")
    assert "secret" not in username


@pytest.mark.parametrize(
    "full_name", [None, "", "a", "Me", "MINE", "ñoño", "+++", "a" * 64, "李雷"]
)
def test_derived_usernames_are_valid(client: TestClient, full_name: str | None) -> None:
    local = "x.y+tag"
    r = client.post(
        f"{API}/users/signup",
        json={
            "email": f"{local}-{random_lower_string(6)}@example.com",
            "password": random_lower_string(),
            "full_name": full_name,
        },
    )
    assert r.status_code == 200, r.text
    username = r.json()["username"]
    assert USERNAME.match(username)
    assert username.lower() not in {"me", "mine"}
    assert "x.y" not in username and "tag" not in username


def test_derived_usernames_are_unique(client: TestClient) -> None:
    usernames = []
    for domain in ("x.com", "y.com", "z.com"):
        r = client.post(
            f"{API}/users/signup",
            json={
                "email": f"a@{domain}",
                "password": random_lower_string(),
                "full_name": "Ann Lee",
            },
        )
        assert r.status_code == 200
        usernames.append(r.json()["username"])
    assert len({u.lower() for u in usernames}) == 3
    assert all(USERNAME.match(u) for u in usernames)


def test_derived_username_avoids_an_existing_one(client: TestClient) -> None:
    taken = "u" + random_lower_string(10)
    r = client.post(
        f"{API}/users/signup",
        json={
            "email": random_email(),
            "password": random_lower_string(),
            "username": taken.upper(),
        },
    )
    assert r.status_code == 200
    r = client.post(
        f"{API}/users/signup",
        json={
            "email": random_email(),
            "password": random_lower_string(),
            "full_name": taken,
        },
    )
    assert r.status_code == 200
    assert r.json()["username"].lower() != taken.lower()
    assert r.json()["username"].startswith(f"{taken}-")
    assert USERNAME.match(r.json()["username"])


@pytest.mark.parametrize(
    "username",
    [
        "me",
        "ME",
        "mine",
        "Mine",
        "ab",
        "a" * 33,
        "has space",
        "dot.ted",
        "\u00e9t\u00e9",
        "semi;colon",
        "",
    ],
)
def test_register_user_invalid_username(client: TestClient, username: str) -> None:
    r = client.post(
        f"{API}/users/signup",
        json={
            "email": random_email(),
            "password": random_lower_string(),
            "username": username,
        },
    )
    assert r.status_code == 422


@pytest.mark.parametrize("username", ["abc", "a" * 32, "A-b_9", "me2", "mines"])
def test_register_user_valid_username(client: TestClient, username: str) -> None:
    r = client.post(
        f"{API}/users/signup",
        json={
            "email": random_email(),
            "password": random_lower_string(),
            "username": username,
        },
    )
    assert r.status_code == 200
    assert r.json()["username"] == username


def test_register_user_username_taken(client: TestClient) -> None:
    username = random_username()
    r = client.post(
        f"{API}/users/signup",
        json={
            "email": random_email(),
            "password": random_lower_string(),
            "username": username,
        },
    )
    assert r.status_code == 200
    r = client.post(
        f"{API}/users/signup",
        json={
            "email": random_email(),
            "password": random_lower_string(),
            "username": username.upper(),
        },
    )
    assert r.status_code == 400
    assert r.json() == {
        "detail": "The user with this username already exists in the system"
    }


@pytest.mark.parametrize("username", ["Me", "mInE"])
def test_reserved_username_is_refused_on_every_route(
    client: TestClient,
    superuser_token_headers: dict[str, str],
    db: Session,
    username: str,
) -> None:
    new_user = {"email": random_email(), "password": random_lower_string()}
    other = create_random_user(db)
    requests = [
        ("POST", "/users/signup", {**new_user, "username": username}),
        ("POST", "/users/", {**new_user, "username": username}),
        ("PATCH", "/users/me", {"username": username}),
        ("PATCH", f"/users/{other.id}", {"username": username}),
    ]
    for method, path, body in requests:
        r = client.request(
            method, f"{API}{path}", headers=superuser_token_headers, json=body
        )
        assert r.status_code == 422, (method, path, r.text)


def test_update_user(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    user = create_random_user(db)
    new_password = random_lower_string()
    r = client.patch(
        f"{API}/users/{user.id}",
        headers=superuser_token_headers,
        json={"full_name": "Updated_full_name", "password": new_password},
    )
    assert r.status_code == 200
    updated_user = r.json()
    assert updated_user["full_name"] == "Updated_full_name"
    assert updated_user["email"] == user.email

    db.refresh(user)
    assert user.full_name == "Updated_full_name"
    assert verify_password(new_password, user.hashed_password)


def test_update_user_null_required_fields_change_nothing(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    user = create_random_user(db)
    r = client.patch(
        f"{API}/users/{user.id}",
        headers=superuser_token_headers,
        json={"email": None, "username": None, "is_active": None, "password": None},
    )
    assert r.status_code == 200
    assert r.json()["email"] == user.email
    assert r.json()["username"] == user.username
    assert r.json()["is_active"] is True


def test_update_user_not_exists(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.patch(
        f"{API}/users/{uuid.uuid4()}",
        headers=superuser_token_headers,
        json={"full_name": "Updated_full_name"},
    )
    assert r.status_code == 404
    assert r.json() == {"detail": "The user with this id does not exist in the system"}


def test_update_user_email_exists(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    user = create_random_user(db)
    user2 = create_random_user(db)
    r = client.patch(
        f"{API}/users/{user.id}",
        headers=superuser_token_headers,
        json={"email": user2.email},
    )
    assert r.status_code == 409
    assert r.json() == {"detail": "User with this email already exists"}


def test_update_user_as_normal_user(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    user = create_random_user(db)
    r = client.patch(
        f"{API}/users/{user.id}",
        headers=normal_user_token_headers,
        json={"full_name": "Hacked"},
    )
    assert r.status_code == 403
    db.refresh(user)
    assert user.full_name is None


def test_delete_user_me(client: TestClient, db: Session) -> None:
    user, headers = headers_for(client, db)
    user_id = user.id
    r = client.delete(f"{API}/users/me", headers=headers)
    assert r.status_code == 200
    assert r.json() == {"message": "User deleted successfully"}
    assert db.get(User, user_id) is None


def test_delete_user_me_as_superuser(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.delete(f"{API}/users/me", headers=superuser_token_headers)
    assert r.status_code == 403
    assert r.json() == {"detail": "Super users are not allowed to delete themselves"}
    assert client.get(f"{API}/users/me", headers=superuser_token_headers).is_success


def test_delete_user_super_user(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    user = create_random_user(db)
    user_id = user.id
    r = client.delete(f"{API}/users/{user_id}", headers=superuser_token_headers)
    assert r.status_code == 200
    assert r.json() == {"message": "User deleted successfully"}
    assert db.get(User, user_id) is None
    r = client.get(f"{API}/users/{user_id}", headers=superuser_token_headers)
    assert r.status_code == 404


def test_delete_user_not_found(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.delete(f"{API}/users/{uuid.uuid4()}", headers=superuser_token_headers)
    assert r.status_code == 404
    assert r.json() == {"detail": "User not found"}


def test_delete_user_current_super_user_error(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    super_user = crud.get_user_by_email(session=db, email=settings.FIRST_SUPERUSER)
    assert super_user
    r = client.delete(f"{API}/users/{super_user.id}", headers=superuser_token_headers)
    assert r.status_code == 403
    assert r.json() == {"detail": "Super users are not allowed to delete themselves"}


def test_delete_another_superuser(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    other = create_superuser(db)
    r = client.delete(f"{API}/users/{other.id}", headers=superuser_token_headers)
    assert r.status_code == 200
    assert r.json() == {"message": "User deleted successfully"}
    assert db.get(User, other.id) is None
    r = client.get(f"{API}/users/{other.id}", headers=superuser_token_headers)
    assert r.status_code == 404


def test_delete_user_without_privileges(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    user = create_random_user(db)
    r = client.delete(f"{API}/users/{user.id}", headers=normal_user_token_headers)
    assert r.status_code == 403
    assert r.json() == {"detail": "The user doesn't have enough privileges"}
    assert db.get(User, user.id) is not None


def test_delete_user_with_items(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    user = create_random_user(db)
    item_ids = [create_random_item(db, owner_id=user.id).id for _ in range(2)]
    r = client.delete(f"{API}/users/{user.id}", headers=superuser_token_headers)
    assert r.status_code == 200
    for item_id in item_ids:
        r = client.get(f"{API}/items/{item_id}", headers=superuser_token_headers)
        assert r.status_code == 404
    assert db.exec(select(Item).where(Item.owner_id == user.id)).all() == []


def test_delete_user_me_with_items(client: TestClient, db: Session) -> None:
    user, headers = headers_for(client, db)
    r = client.post(f"{API}/items/", headers=headers, json={"title": "Mine"})
    assert r.status_code == 200
    item_id = r.json()["id"]
    r = client.delete(f"{API}/users/me", headers=headers)
    assert r.status_code == 200
    assert db.get(Item, uuid.UUID(item_id)) is None
    assert db.get(User, user.id) is None


# The two changes that take a user out of the active superusers.
REMOVALS = pytest.mark.parametrize(
    "change", [{"is_active": False}, {"is_superuser": False}], ids=str
)


def create_superuser(db: Session) -> User:
    user = crud.create_user(
        session=db,
        user_create=UserCreate(
            email=random_email(), password=random_lower_string(), is_superuser=True
        ),
    )
    db.commit()
    return user


def first_superuser(db: Session) -> User:
    user = crud.get_user_by_email(session=db, email=settings.FIRST_SUPERUSER)
    assert user
    return user


@REMOVALS
def test_superuser_may_remove_another_superuser_not_themself(
    client: TestClient,
    superuser_token_headers: dict[str, str],
    db: Session,
    change: dict[str, bool],
) -> None:
    other = create_superuser(db)
    r = client.patch(
        f"{API}/users/{other.id}", headers=superuser_token_headers, json=change
    )
    assert r.status_code == 200
    assert r.json() | change == r.json()

    me = first_superuser(db)
    r = client.patch(
        f"{API}/users/{me.id}", headers=superuser_token_headers, json=change
    )
    assert r.status_code == 409
    assert r.json() == {"detail": "Super users cannot deactivate or demote themselves"}
    db.refresh(me)
    assert me.is_active and me.is_superuser
    assert client.get(f"{API}/users/me", headers=superuser_token_headers).is_success


def test_superuser_may_confirm_their_own_flags(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    me = first_superuser(db)
    r = client.patch(
        f"{API}/users/{me.id}",
        headers=superuser_token_headers,
        json={"is_active": True, "is_superuser": True, "full_name": "Still me"},
    )
    assert r.status_code == 200
    assert r.json()["full_name"] == "Still me"


def test_the_last_active_superuser_is_kept(db: Session) -> None:
    # Through the API only a race gets here (the caller is an active superuser too, see
    # tests/api/test_races.py); the rule itself holds for any caller.
    me = first_superuser(db)
    for other in db.exec(select(User).where(User.id != me.id)).all():
        other.is_superuser = False
        db.add(other)
    db.flush()
    with pytest.raises(Conflict, match="last active superuser"):
        crud.delete_user(session=db, user=me)
    user = create_random_user(db)
    with pytest.raises(Conflict, match="last active superuser"):
        crud.update_user_as_superuser(
            session=db, db_user=me, user_in=UserUpdate(is_superuser=False), by=user
        )
    me.is_active = False  # an inactive superuser does not count
    db.add(me)
    db.flush()
    crud.delete_user(session=db, user=me)
