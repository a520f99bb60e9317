import re

import pytest
from pydantic import ValidationError
from sqlmodel import Session

from app import crud
from app.core.errors import BadRequest, Conflict
from app.core.security import verify_password
from app.crud.users import username_from_name
from app.models import User, UserCreate, UserRegister, UserUpdate
from tests.utils.user import create_random_user
from tests.utils.utils import random_email, random_lower_string

USERNAME = re.compile(r"^[A-Za-z0-9_-]{3,32}$")


def test_create_user(db: Session) -> None:
    email = random_email()
    password = random_lower_string()
    user = crud.create_user(
        session=db, user_create=UserCreate(email=email, password=password)
    )
    assert user.email == email
    assert hasattr(user, "hashed_password")
    assert user.hashed_password != password
    assert USERNAME.match(user.username)
    assert user.created_at.tzinfo is not None


def test_authenticate_user(db: Session) -> None:
    email = random_email()
    password = random_lower_string()
    user = crud.create_user(
        session=db, user_create=UserCreate(email=email, password=password)
    )
    authenticated_user = crud.authenticate(session=db, email=email, password=password)
    assert authenticated_user
    assert user.email == authenticated_user.email
    assert crud.authenticate(session=db, email=email.upper(), password=password)


def test_not_authenticate_user(db: Session) -> None:
    user = crud.authenticate(
        session=db, email=random_email(), password=random_lower_string()
    )
    assert user is None


def test_not_authenticate_with_wrong_password(db: Session) -> None:
    user = create_random_user(db)
    assert (
        crud.authenticate(session=db, email=user.email, password="wrong-password")
        is None
    )


def test_check_if_user_is_active(db: Session) -> None:
    user = create_random_user(db)
    assert user.is_active is True


def test_check_if_user_is_active_inactive(db: Session) -> None:
    user = crud.create_user(
        session=db,
        user_create=UserCreate(
            email=random_email(), password=random_lower_string(), is_active=False
        ),
    )
    assert user.is_active is False


def test_check_if_user_is_superuser(db: Session) -> None:
    user = crud.create_user(
        session=db,
        user_create=UserCreate(
            email=random_email(), password=random_lower_string(), is_superuser=True
        ),
    )
    assert user.is_superuser is True


def test_check_if_user_is_superuser_normal_user(db: Session) -> None:
    user = create_random_user(db)
    assert user.is_superuser is False


def test_get_user(db: Session) -> None:
    user = create_random_user(db)
    user_2 = db.get(User, user.id)
    assert user_2
    assert user.email == user_2.email
    assert user.username == user_2.username


def test_get_user_by_email_and_username_ignore_case(db: Session) -> None:
    user = create_random_user(db)
    by_email = crud.get_user_by_email(session=db, email=user.email.upper())
    by_username = crud.get_user_by_username(session=db, username=user.username.upper())
    assert by_email is not None and by_email.id == user.id
    assert by_username is not None and by_username.id == user.id


def test_update_user(db: Session) -> None:
    user = create_random_user(db)
    new_password = random_lower_string()
    crud.update_user(
        session=db,
        db_user=user,
        user_in=UserUpdate(password=new_password, is_superuser=True),
    )
    user_2 = db.get(User, user.id)
    assert user_2
    assert user.email == user_2.email
    assert user_2.is_superuser is True
    assert verify_password(new_password, user_2.hashed_password)


def test_update_user_clears_optional_profile_fields(db: Session) -> None:
    user = create_random_user(db)
    crud.update_user(session=db, db_user=user, user_in=UserUpdate(full_name="Ada"))
    assert user.full_name == "Ada"
    crud.update_user(session=db, db_user=user, user_in=UserUpdate(full_name=None))
    assert user.full_name is None


def test_create_user_duplicate_email(db: Session) -> None:
    user = create_random_user(db)
    with pytest.raises(BadRequest):
        crud.create_user(
            session=db,
            user_create=UserCreate(
                email=user.email.upper(), password=random_lower_string()
            ),
        )


def test_create_user_duplicate_username(db: Session) -> None:
    user = create_random_user(db)
    with pytest.raises(BadRequest):
        crud.create_user(
            session=db,
            user_create=UserCreate(
                email=random_email(),
                password=random_lower_string(),
                username=user.username.upper(),
            ),
        )


def test_update_user_to_a_taken_email_or_username(db: Session) -> None:
    user = create_random_user(db)
    other = create_random_user(db)
    with pytest.raises(Conflict):
        crud.update_user(
            session=db, db_user=user, user_in=UserUpdate(email=other.email)
        )
    with pytest.raises(Conflict):
        crud.update_user(
            session=db, db_user=user, user_in=UserUpdate(username=other.username)
        )


@pytest.mark.parametrize("username", ["ab", "has space", "me", "MINE", "x" * 33])
def test_invalid_usernames_are_refused_by_the_schemas(username: str) -> None:
    with pytest.raises(ValidationError):
        UserCreate(
            email=random_email(), password=random_lower_string(), username=username
        )
    with pytest.raises(ValidationError):
        UserUpdate(username=username)
    with pytest.raises(ValidationError):
        UserRegister(
            email=random_email(), password=random_lower_string(), username=username
        )


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("John Doe", "john-doe"),
        ("  Zoë   O'Brien ", "zoe-obrien"),
        ("Ümit Şen-Yılmaz", "umit-sen-yilmaz"),
        ("Łukasz Bøe", "lukasz-boe"),
        ("Jo", None),
        ("Me", None),
        ("mine", None),
        ("+++", None),
        ("李雷", None),
        (None, None),
        ("x" * 64, "x" * 24),
        ("Ann " + "b" * 30, "ann-" + "b" * 20),
    ],
)
def test_username_from_name(full_name: str | None, expected: str | None) -> None:
    assert username_from_name(full_name) == expected


def test_derived_username_is_unique(db: Session) -> None:
    first = crud.create_user(
        session=db,
        user_create=UserCreate(
            email="sam@one.example", password=random_lower_string(), full_name="Sam Ng"
        ),
    )
    second = crud.create_user(
        session=db,
        user_create=UserCreate(
            email="SAM@two.example", password=random_lower_string(), full_name="SAM NG"
        ),
    )
    assert first.username == "sam-ng"
    assert second.username.lower() != "sam-ng"
    assert second.username.startswith("sam-ng-")
    assert USERNAME.match(second.username)


def test_without_a_name_the_username_is_a_random_handle(db: Session) -> None:
    users = [
        crud.create_user(
            session=db,
            user_create=UserCreate(
                email=f"samuel.private{i}@one.example", password=random_lower_string()
            ),
        )
        for i in range(2)
    ]
    for user in users:
        assert re.fullmatch(r"user-[0-9a-f]{6}", user.username)
    assert users[0].username != users[1].username


def test_a_superuser_sets_their_own_password_only_with_the_current_one(
    db: Session,
) -> None:
    admin = create_random_user(db)
    admin.is_superuser = True
    with pytest.raises(Conflict, match="PATCH /users/me/password"):
        crud.update_user_as_superuser(
            session=db,
            db_user=admin,
            user_in=UserUpdate(password="taken-over-1"),
            by=admin,
        )
    assert not verify_password("taken-over-1", admin.hashed_password)


def test_a_superuser_sets_their_own_email_only_with_the_current_password(
    db: Session,
) -> None:
    admin = create_random_user(db)
    admin.is_superuser = True
    email, version = admin.email, admin.token_version
    with pytest.raises(Conflict, match="PATCH /users/me"):
        crud.update_user_as_superuser(
            session=db,
            db_user=admin,
            user_in=UserUpdate(email=random_email()),
            by=admin,
        )
    assert (admin.email, admin.token_version) == (email, version)
    # Their own email as it is, and other fields: allowed.
    crud.update_user_as_superuser(
        session=db,
        db_user=admin,
        user_in=UserUpdate(email=email, full_name="Admin"),
        by=admin,
    )
    assert admin.full_name == "Admin"


def test_a_new_email_or_is_active_moves_the_token_version(db: Session) -> None:
    user = create_random_user(db)
    version = user.token_version
    crud.update_user(session=db, db_user=user, user_in=UserUpdate(full_name="Same"))
    assert user.token_version == version
    for change in (
        UserUpdate(email=random_email()),
        UserUpdate(is_active=False),
        UserUpdate(is_active=True),
    ):
        crud.update_user(session=db, db_user=user, user_in=change)
        assert user.token_version == version + 1
        version = user.token_version
    crud.update_user(session=db, db_user=user, user_in=UserUpdate(is_active=True))
    assert user.token_version == version
