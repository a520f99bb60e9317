"""Who may call what, generated from the app's route table.

Every operation whose path names a resource (an id, a username, an email) is called as nobody,
as an unrelated user, as the party the resource belongs to and as a superuser, on a fresh scene,
and must answer what the contract says; then on resources that do not exist. An operation the
table below does not know fails the test, so a new route cannot be forgotten. Every operation
that needs a token answers 401 to each kind of bad one.
"""

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import jwt
import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import crud
from app.core import security
from app.core.config import settings
from app.main import app
from app.models import User, UserCreate
from app.utils.email import generate_password_reset_token
from tests.utils.marketplace import (
    Account,
    evaluate,
    hire,
    make_offer,
    post_cleaning,
    sign_in_superuser,
    sign_up,
)
from tests.utils.pictures import picture_bytes

API = settings.API_V1_STR
pytestmark = pytest.mark.usefixtures("db")


@dataclass(frozen=True)
class Scene:
    """An owner with an item and three jobs; a cleaner with a pending offer on the open job,
    hired for the second and evaluated on the third; a stranger; a superuser."""

    owner: Account
    cleaner: Account
    stranger: Account
    superuser: Account
    item: str
    open_job: str
    hired_job: str
    done_job: str


def set_scene(client: TestClient) -> Scene:
    owner, cleaner, stranger = sign_up(client), sign_up(client), sign_up(client)
    open_job = post_cleaning(client, owner)["id"]
    make_offer(client, cleaner, open_job)
    done_job = hire(client, owner, cleaner)
    evaluate(client, owner, cleaner, done_job)
    r = client.put(
        f"{API}/profiles/me/picture",
        headers=owner.headers,
        files={"file": ("me.png", picture_bytes(8, 8), "image/png")},
    )
    assert r.status_code == 200, r.text
    r = client.post(f"{API}/items/", headers=owner.headers, json={"title": "Mop"})
    assert r.status_code == 200, r.text
    return Scene(
        owner=owner,
        cleaner=cleaner,
        stranger=stranger,
        superuser=sign_in_superuser(client),
        item=r.json()["id"],
        open_job=open_job,
        hired_job=hire(client, owner, cleaner),
        done_job=done_job,
    )


ANYONE_SIGNED_IN = (200, 200, 200)


@dataclass(frozen=True)
class Case:
    """What an operation answers to (an unrelated user, its party, a superuser) on the scene,
    and to (a user, a superuser) when what the path names does not exist."""

    params: Callable[[Scene], dict[str, str]]
    answers: tuple[int, int, int]
    party: Callable[[Scene], list[Account]] = lambda s: [s.owner]
    body: dict[str, Any] | None = None
    unknown: tuple[int, int] = (404, 404)
    nobody: int = 401  # without a token


def job(pick: Callable[[Scene], str]) -> Callable[[Scene], dict[str, str]]:
    return lambda s: {"id": pick(s)}


def cleaner_on(pick: Callable[[Scene], str]) -> Callable[[Scene], dict[str, str]]:
    return lambda s: {"id": pick(s), "username": s.cleaner.username}


def evaluated(s: Scene) -> dict[str, str]:
    return {"username": s.cleaner.username, "cleaning_id": s.done_job}


def the_cleaner(s: Scene) -> list[Account]:
    return [s.cleaner]


OWNER_ONLY = (403, 200, 403)
OWNER_OR_SUPERUSER = (403, 200, 200)
SUPERUSER_ONLY = (403, 403, 200)

CASES: dict[tuple[str, str], Case] = {
    # Public: the same answer for everyone, whether or not the email is registered.
    ("POST", "/password-recovery/{email}"): Case(
        lambda s: {"email": s.owner.email},
        answers=ANYONE_SIGNED_IN,
        unknown=(200, 200),
        nobody=200,
    ),
    ("POST", "/password-recovery-html-content/{email}"): Case(
        lambda s: {"email": s.owner.email}, SUPERUSER_ONLY, unknown=(403, 404)
    ),
    ("GET", "/users/{user_id}"): Case(
        # A user reads themself; only a superuser reads others, and learns who exists.
        lambda s: {"user_id": s.owner.id},
        OWNER_OR_SUPERUSER,
        unknown=(403, 404),
    ),
    ("PATCH", "/users/{user_id}"): Case(
        lambda s: {"user_id": s.owner.id},
        SUPERUSER_ONLY,
        body={"full_name": "Renamed"},
        unknown=(403, 404),
    ),
    ("DELETE", "/users/{user_id}"): Case(
        lambda s: {"user_id": s.owner.id}, SUPERUSER_ONLY, unknown=(403, 404)
    ),
    ("GET", "/items/{id}"): Case(lambda s: {"id": s.item}, OWNER_OR_SUPERUSER),
    ("PUT", "/items/{id}"): Case(
        lambda s: {"id": s.item}, OWNER_OR_SUPERUSER, body={"title": "Broom"}
    ),
    ("DELETE", "/items/{id}"): Case(lambda s: {"id": s.item}, OWNER_OR_SUPERUSER),
    ("GET", "/profiles/{username}"): Case(
        lambda s: {"username": s.owner.username}, ANYONE_SIGNED_IN
    ),
    # Public: pictures load in <img>, which sends no token.
    ("GET", "/profiles/{username}/picture"): Case(
        lambda s: {"username": s.owner.username}, ANYONE_SIGNED_IN, nobody=200
    ),
    ("GET", "/profiles/{username}/cleanings"): Case(
        lambda s: {"username": s.owner.username}, ANYONE_SIGNED_IN
    ),
    ("GET", "/cleanings/{id}"): Case(job(lambda s: s.open_job), ANYONE_SIGNED_IN),
    ("PUT", "/cleanings/{id}"): Case(
        job(lambda s: s.open_job), OWNER_OR_SUPERUSER, body={"name": "Windows"}
    ),
    ("DELETE", "/cleanings/{id}"): Case(job(lambda s: s.open_job), OWNER_OR_SUPERUSER),
    ("POST", "/cleanings/{id}/offers/"): Case(
        # Anyone may offer, except on their own job.
        job(lambda s: s.open_job),
        (201, 403, 201),
    ),
    ("GET", "/cleanings/{id}/offers/"): Case(
        job(lambda s: s.open_job), OWNER_OR_SUPERUSER
    ),
    ("GET", "/cleanings/{id}/offers/{username}"): Case(
        cleaner_on(lambda s: s.open_job),
        OWNER_OR_SUPERUSER,
        party=lambda s: [s.owner, s.cleaner],
    ),
    ("POST", "/cleanings/{id}/offers/{username}/accept"): Case(
        cleaner_on(lambda s: s.open_job), OWNER_ONLY
    ),
    # "mine": the caller's own offer; a caller with none on the job has nothing there.
    ("POST", "/cleanings/{id}/offers/mine/cancel"): Case(
        job(lambda s: s.hired_job), (404, 200, 404), party=the_cleaner
    ),
    ("DELETE", "/cleanings/{id}/offers/mine"): Case(
        job(lambda s: s.open_job), (404, 200, 404), party=the_cleaner
    ),
    ("POST", "/users/{username}/evaluations/{cleaning_id}"): Case(
        lambda s: {"username": s.cleaner.username, "cleaning_id": s.hired_job},
        (403, 201, 403),
        body={"overall_rating": 5},
    ),
    ("GET", "/users/{username}/evaluations/"): Case(
        lambda s: {"username": s.cleaner.username}, ANYONE_SIGNED_IN, party=the_cleaner
    ),
    ("GET", "/users/{username}/evaluations/stats"): Case(
        lambda s: {"username": s.cleaner.username}, ANYONE_SIGNED_IN, party=the_cleaner
    ),
    ("GET", "/users/{username}/evaluations/{cleaning_id}"): Case(
        evaluated, ANYONE_SIGNED_IN, party=the_cleaner
    ),
}


def api_operations() -> set[tuple[str, str]]:
    """(method, path under the API prefix) of every operation in the route table."""
    return {
        (method, route.path.removeprefix(API))
        for route in iter_route_contexts(app.routes)
        if route.path and route.path.startswith(API + "/")
        for method in route.methods or ()
        if method != "HEAD"
    }


def test_every_operation_on_a_named_resource_has_expectations() -> None:
    named = {(m, p) for m, p in api_operations() if "{" in p}
    assert named == set(CASES), (
        "operations without expectations (add them to CASES):",
        sorted(named - set(CASES)),
        "expectations of operations that are gone:",
        sorted(set(CASES) - named),
    )


def call(
    client: TestClient,
    method: str,
    path: str,
    params: dict[str, str],
    headers: dict[str, str] | None,
    body: dict[str, Any] | None,
) -> int:
    r = client.request(
        method, API + path.format(**params), headers=headers or {}, json=body
    )
    assert r.status_code < 500, r.text
    return r.status_code


ROLES = ("nobody", "stranger", "party", "superuser")
EVERY_CASE = pytest.mark.parametrize(
    ("method", "path"), sorted(CASES), ids=[f"{m} {p}" for m, p in sorted(CASES)]
)


@pytest.mark.parametrize("role", ROLES)
@EVERY_CASE
def test_who_may_call_what(
    client: TestClient, method: str, path: str, role: str
) -> None:
    case = CASES[(method, path)]
    scene = set_scene(client)
    callers: dict[str, list[Account] | list[None]] = {
        "nobody": [None],
        "stranger": [scene.stranger],
        "party": case.party(scene),
        "superuser": [scene.superuser],
    }
    expected = (case.nobody, *case.answers)[ROLES.index(role)]
    for caller in callers[role]:
        params = case.params(scene)
        headers = caller.headers if caller else None
        assert call(client, method, path, params, headers, case.body) == expected


def path_params(path: str) -> dict[str, str]:
    return dict.fromkeys(re.findall(r"{(\w+)}", path), "")


def unknown_params(params: dict[str, str]) -> dict[str, str]:
    values = {
        "email": "nobody-here@example.com",
        "username": "nobody_here",
    }
    return {k: values.get(k, str(uuid.uuid4())) for k in params}


@EVERY_CASE
def test_what_does_not_exist(client: TestClient, method: str, path: str) -> None:
    """Unknown ids and names: 401 without a token (nothing learnt), then the contract's."""
    case = CASES[(method, path)]
    scene = set_scene(client)
    params = unknown_params(case.params(scene))
    answers = {
        None: case.nobody if case.nobody != 200 else case.unknown[0],
        scene.stranger.headers["Authorization"]: case.unknown[0],
        scene.superuser.headers["Authorization"]: case.unknown[1],
    }
    for token, expected in answers.items():
        headers = {"Authorization": token} if token else None
        assert call(client, method, path, params, headers, case.body) == expected, token


# Tokens


def _signed(payload: dict[str, Any], key: bytes | str, algorithm: str = "HS256") -> str:
    return jwt.encode(payload, key, algorithm=algorithm)


BadToken = Callable[[Session, User], str]


def _claims(user: User, **overrides: Any) -> dict[str, Any]:
    return {
        "sub": str(user.id),
        "purpose": "access",
        "ver": user.token_version,
        "exp": 2**40,
        **overrides,
    }


def _unsigned(_db: Session, user: User) -> str:
    header = jwt.utils.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode()
    body = jwt.utils.base64url_encode(json.dumps(_claims(user)).encode()).decode()
    return f"{header}.{body}."


def _wrong_signature(_db: Session, user: User) -> str:
    return _signed(_claims(user), "not-the-secret-key-but-long-enough-1234")


def _expired(_db: Session, user: User) -> str:
    return security.create_access_token(
        str(user.id), expires_delta=timedelta(seconds=-1), version=user.token_version
    )


def _deleted_user(db: Session, user: User) -> str:
    token = security.create_access_token(
        str(user.id), expires_delta=timedelta(hours=1), version=user.token_version
    )
    crud.delete_user(session=db, user=user)
    db.commit()
    return token


def _reset_token(_db: Session, user: User) -> str:
    return generate_password_reset_token(user)


def _before_a_password_change(db: Session, user: User) -> str:
    token = security.create_access_token(
        str(user.id), expires_delta=timedelta(hours=1), version=user.token_version
    )
    crud.set_password(session=db, user=user, password="another-password")
    db.commit()
    return token


BAD_TOKENS: dict[str, BadToken] = {
    "alg none": _unsigned,
    "wrong signature": _wrong_signature,
    "expired": _expired,
    "deleted user": _deleted_user,
    "reset token": _reset_token,
    "issued before a password change": _before_a_password_change,
}


def signed_in_operations() -> list[tuple[str, str]]:
    """Every operation whose schema asks for a token."""
    schema = app.openapi()
    return sorted(
        (method.upper(), path.removeprefix(API))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if operation.get("security")
    )


def test_the_signed_in_operations_are_found() -> None:
    ops = signed_in_operations()
    assert ("GET", "/users/me") in ops and ("POST", "/login/test-token") in ops
    assert ("POST", "/users/signup") not in ops


@pytest.mark.parametrize("kind", sorted(BAD_TOKENS))
def test_bad_tokens_are_401_everywhere(
    client: TestClient, db: Session, kind: str
) -> None:
    user = crud.create_user(
        session=db,
        user_create=UserCreate(
            email=f"{uuid.uuid4().hex}@example.com", password="a-password"
        ),
    )
    db.commit()
    headers = {"Authorization": f"Bearer {BAD_TOKENS[kind](db, user)}"}
    for method, path in signed_in_operations():
        params = unknown_params(path_params(path))
        r = client.request(
            method, API + path.format(**params), headers=headers, json={}
        )
        assert r.status_code == 401, (kind, method, path, r.text)
        assert r.headers["www-authenticate"] == "Bearer"
