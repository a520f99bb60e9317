from fastapi.testclient import TestClient
from sqlmodel import Session

from app import crud
from app.core.config import settings
from app.models import User, UserCreate, UserUpdate
from tests.utils.utils import random_email, random_lower_string

API = settings.API_V1_STR


def user_authentication_headers(
    *, client: TestClient, email: str, password: str
) -> dict[str, str]:
    r = client.post(
        f"{API}/login/access-token", data={"username": email, "password": password}
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def superuser_token_headers(client: TestClient) -> dict[str, str]:
    return user_authentication_headers(
        client=client,
        email=settings.FIRST_SUPERUSER,
        password=settings.FIRST_SUPERUSER_PASSWORD,
    )


def create_random_user(db: Session, *, password: str | None = None) -> User:
    user = crud.create_user(
        session=db,
        user_create=UserCreate(
            email=random_email(), password=password or random_lower_string()
        ),
    )
    db.commit()
    return user


def signed_in_user(client: TestClient, db: Session) -> tuple[User, str, dict[str, str]]:
    """A new user, their password, and the headers of their signed-in requests."""
    password = random_lower_string()
    user = create_random_user(db, password=password)
    return (
        user,
        password,
        user_authentication_headers(client=client, email=user.email, password=password),
    )


def authentication_token_from_email(
    *, client: TestClient, email: str, db: Session
) -> dict[str, str]:
    """A token for the user with `email`, created first if needed (with a new password)."""
    password = random_lower_string()
    user = crud.get_user_by_email(session=db, email=email)
    if not user:
        crud.create_user(
            session=db, user_create=UserCreate(email=email, password=password)
        )
    else:
        crud.update_user(
            session=db, db_user=user, user_in=UserUpdate(password=password)
        )
    db.commit()
    return user_authentication_headers(client=client, email=email, password=password)
