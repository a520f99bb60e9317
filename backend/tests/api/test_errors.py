"""Error paths: whatever a client sends, the answer is a 4xx with a `detail`, never a 500."""

import asyncio
import threading
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select
from starlette.types import Message

from app.core.config import settings
from app.core.middleware import LimitRequestBody
from app.main import app
from app.models import Item, User
from tests.utils.item import create_random_item
from tests.utils.utils import random_email, random_lower_string

API = settings.API_V1_STR

in_test_transaction = pytest.mark.usefixtures("db")


def assert_client_error(r: httpx2.Response, *codes: int) -> None:
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    if codes:
        assert r.status_code in codes, (r.status_code, r.text)
    assert "detail" in r.json()


@in_test_transaction
@pytest.mark.parametrize("path", ["/users/", "/items/"])
@pytest.mark.parametrize(
    "query",
    [
        "skip=-1",
        "limit=-1",
        "limit=0",
        "limit=101",
        "skip=abc",
        "limit=1.5",
        "skip=99999999999999999999999999",
    ],
)
def test_paging_out_of_range_is_422(
    client: TestClient, superuser_token_headers: dict[str, str], path: str, query: str
) -> None:
    r = client.get(f"{API}{path}?{query}", headers=superuser_token_headers)
    assert r.status_code == 422, r.text


@in_test_transaction
@pytest.mark.parametrize("path", ["/users/", "/items/", "/feed/cleanings/"])
@pytest.mark.parametrize("token", [None, "Bearer not-a-token"])
def test_bad_paging_without_a_valid_token_is_401_first(
    client: TestClient, path: str, token: str | None
) -> None:
    """An anonymous caller learns nothing, not even which parameters a route takes."""
    headers = {"Authorization": token} if token else {}
    r = client.get(f"{API}{path}?limit=-1", headers=headers)
    assert r.status_code == 401, r.text


@in_test_transaction
@pytest.mark.parametrize("query", ["limit=1", "limit=100", "skip=0"])
def test_paging_bounds_are_accepted(
    client: TestClient, superuser_token_headers: dict[str, str], query: str
) -> None:
    r = client.get(f"{API}/items/?{query}", headers=superuser_token_headers)
    assert r.status_code == 200


@in_test_transaction
@pytest.mark.parametrize("path", ["/items/", "/users/signup", "/reset-password/"])
@pytest.mark.parametrize(
    "body",
    [b"{", b'{"title": "x",}', b"not json", b"\xff\xfe", b'["a list"]', b"null", b""],
)
def test_malformed_json_is_422(
    client: TestClient,
    normal_user_token_headers: dict[str, str],
    path: str,
    body: bytes,
) -> None:
    r = client.post(
        f"{API}{path}",
        content=body,
        headers={**normal_user_token_headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text


@in_test_transaction
def test_nul_in_item_title(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    before = db.exec(select(func.count()).select_from(Item)).one()
    for body in ({"title": "a\u0000b"}, {"title": "ok", "description": "\u0000"}):
        r = client.post(f"{API}/items/", headers=normal_user_token_headers, json=body)
        assert_client_error(r, 422)
    assert db.exec(select(func.count()).select_from(Item)).one() == before
    # The request's transaction was rolled back cleanly: the next one works.
    r = client.post(
        f"{API}/items/", headers=normal_user_token_headers, json={"title": "fine"}
    )
    assert r.status_code == 200


@in_test_transaction
def test_nul_in_item_update(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    title = item.title
    r = client.put(
        f"{API}/items/{item.id}",
        headers=superuser_token_headers,
        json={"title": "x\u0000"},
    )
    assert_client_error(r, 422)
    r = client.get(f"{API}/items/{item.id}", headers=superuser_token_headers)
    assert r.json()["title"] == title


@in_test_transaction
@pytest.mark.parametrize(
    "body",
    [
        {"password": "password1", "full_name": "a\u0000b"},
        {"password": "password1", "username": "ab\u0000c"},
        {"password": "password1", "email": "a\u0000b@example.com"},
    ],
)
def test_nul_in_signup(client: TestClient, db: Session, body: dict[str, str]) -> None:
    email = random_email()
    r = client.post(f"{API}/users/signup", json={"email": email, **body})
    assert_client_error(r, 422)
    assert db.exec(select(User).where(User.email == email)).first() is None


@in_test_transaction
def test_nul_in_a_password_is_just_a_character(client: TestClient) -> None:
    # The password is hashed, never stored, so a NUL in it is fine and counts.
    email = random_email()
    password = "pass\u0000word1"
    r = client.post(f"{API}/users/signup", json={"email": email, "password": password})
    assert r.status_code == 200
    for attempt, status in ((password, 200), ("pass", 400), ("password1", 400)):
        r = client.post(
            f"{API}/login/access-token", data={"username": email, "password": attempt}
        )
        assert r.status_code == status, attempt


@in_test_transaction
def test_nul_in_profile_update(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    r = client.patch(
        f"{API}/users/me",
        headers=normal_user_token_headers,
        json={"full_name": "\u0000"},
    )
    assert_client_error(r, 422)
    me = client.get(f"{API}/users/me", headers=normal_user_token_headers)
    assert me.status_code == 200
    assert me.json()["full_name"] != "\u0000"


@in_test_transaction
@pytest.mark.parametrize(
    "username", ["a\u0000b@example.com", "\u0000", settings.FIRST_SUPERUSER + "\u0000"]
)
def test_nul_in_login_form(client: TestClient, username: str) -> None:
    r = client.post(
        f"{API}/login/access-token",
        data={"username": username, "password": settings.FIRST_SUPERUSER_PASSWORD},
    )
    assert_client_error(r, 400, 422)


@in_test_transaction
@pytest.mark.parametrize(
    "path",
    [
        "/password-recovery/a%00b@example.com",
        "/password-recovery/%00",
        "/password-recovery-html-content/a%00b@example.com",
    ],
)
def test_nul_in_path(
    client: TestClient, superuser_token_headers: dict[str, str], path: str
) -> None:
    r = client.post(f"{API}{path}", headers=superuser_token_headers)
    assert_client_error(r, 404, 422)


@in_test_transaction
@pytest.mark.parametrize(
    "path", ["/items/%00", "/users/%00", "/items/%ff", "/users/..%2f"]
)
def test_bad_ids_in_path(
    client: TestClient, superuser_token_headers: dict[str, str], path: str
) -> None:
    r = client.get(f"{API}{path}", headers=superuser_token_headers)
    assert_client_error(r, 404, 422)


@in_test_transaction
def test_lone_surrogates_are_refused(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    # Valid JSON ("\ud800" escapes), but not text that UTF-8 (or PostgreSQL) can hold.
    requests: list[tuple[str, str, bytes]] = [
        ("POST", "/items/", b'{"title": "a\\ud800b"}'),
        (
            "POST",
            "/users/signup",
            b'{"email": "s1@example.com", "password": "\\udfffxxxxxxxx"}',
        ),
        (
            "POST",
            "/users/signup",
            b'{"email": "s2@example.com", "password": "password1", "full_name": "\\ud800"}',
        ),
        ("PATCH", "/users/me", b'{"full_name": "\\ud83d"}'),
        (
            "PATCH",
            "/users/me/password",
            b'{"current_password": "\\ud800xxxxxxxx", "new_password": "password12"}',
        ),
        (
            "POST",
            "/reset-password/",
            b'{"token": "\\ud800", "new_password": "password12"}',
        ),
    ]
    for method, path, body in requests:
        r = client.request(
            method,
            f"{API}{path}",
            content=body,
            headers={**normal_user_token_headers, "Content-Type": "application/json"},
        )
        assert_client_error(r, 400, 422)
    assert db.exec(select(User).where(User.email == "s1@example.com")).first() is None


@in_test_transaction
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/users/signup", {"email": "a" * 250 + "@x.com", "password": "password1"}),
        ("/users/signup", {"email": random_email(), "password": "p" * 129}),
        (
            "/users/signup",
            {"email": random_email(), "password": "password1", "full_name": "f" * 256},
        ),
        (
            "/users/signup",
            {"email": random_email(), "password": "password1", "username": "u" * 33},
        ),
        ("/items/", {"title": "t" * 256}),
        ("/items/", {"title": "t", "description": "d" * 256}),
        ("/reset-password/", {"token": "t" * 2049, "new_password": "password1"}),
        ("/reset-password/", {"token": "t", "new_password": "p" * 129}),
    ],
)
def test_over_long_fields_are_422(
    client: TestClient,
    normal_user_token_headers: dict[str, str],
    path: str,
    body: dict[str, str],
) -> None:
    r = client.post(f"{API}{path}", headers=normal_user_token_headers, json=body)
    assert r.status_code == 422, r.text


@in_test_transaction
@pytest.mark.parametrize(
    "body",
    [
        {"full_name": "f" * 256},
        {"username": "u" * 33},
        {"email": "e" * 250 + "@x.com"},
        {"email": "not-an-email"},
    ],
)
def test_over_long_or_invalid_profile_fields_are_422(
    client: TestClient, normal_user_token_headers: dict[str, str], body: dict[str, str]
) -> None:
    r = client.patch(f"{API}/users/me", headers=normal_user_token_headers, json=body)
    assert r.status_code == 422, r.text


@in_test_transaction
def test_wrong_content_type_is_422(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    r = client.post(
        f"{API}/items/", headers=normal_user_token_headers, data={"title": "form"}
    )
    assert r.status_code == 422


@in_test_transaction
def test_login_form_missing_fields_is_422(client: TestClient) -> None:
    r = client.post(f"{API}/login/access-token", data={"username": "x@example.com"})
    assert r.status_code == 422
    r = client.post(
        f"{API}/login/access-token", json={"username": "x", "password": "y"}
    )
    assert r.status_code == 422


@in_test_transaction
def test_unknown_route_and_method(client: TestClient) -> None:
    assert client.get(f"{API}/nope").status_code == 404
    assert client.put(f"{API}/users/signup", json={}).status_code == 405


# --- Races: real threads, separate connections, real commits.


def _race(requests: list[dict[str, Any]]) -> list[tuple[int, Any]]:
    """POST every body to /users/signup at once, one client and connection per thread.

    Returns each response's status and `detail` (None on success), in request order.
    """
    barrier = threading.Barrier(len(requests))
    results: list[tuple[int, Any]] = [(0, None)] * len(requests)
    errors: list[BaseException] = []

    def signup(n: int) -> None:
        try:
            with TestClient(app) as client:
                barrier.wait(timeout=10)
                r = client.post(f"{API}/users/signup", json=requests[n])
                results[n] = (r.status_code, r.json().get("detail"))
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=signup, args=(n,)) for n in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    return results


def _users_with_email(engine: Engine, email: str) -> int:
    with Session(engine) as session:
        return session.exec(
            select(func.count())
            .select_from(User)
            .where(func.lower(User.email) == email.lower())
        ).one()


@pytest.mark.parametrize("attempt", range(3))
def test_racing_signups_for_one_email(committed: Engine, attempt: int) -> None:
    email = f"race{attempt}-{random_lower_string(8)}@example.com"
    bodies = [
        {"email": email, "password": random_lower_string()},
        {"email": email.upper(), "password": random_lower_string()},
    ]
    results = _race(bodies)
    assert sorted(results, key=str) == [
        (200, None),
        (400, "The user with this email already exists in the system"),
    ], results
    assert _users_with_email(committed, email) == 1


def test_racing_signups_for_one_username(committed: Engine) -> None:
    username = "racer_" + random_lower_string(8)
    bodies = [
        {"email": random_email(), "password": random_lower_string(), "username": name}
        for name in (username, username.upper(), username.capitalize())
    ]
    results = _race(bodies)
    taken = (400, "The user with this username already exists in the system")
    assert sorted(results, key=str) == [(200, None), taken, taken], results
    with Session(committed) as session:
        count = session.exec(
            select(func.count())
            .select_from(User)
            .where(func.lower(User.username) == username)
        ).one()
    assert count == 1


def test_racing_signups_deriving_one_username(committed: Engine) -> None:
    # Different emails whose local parts give the same username: both must succeed.
    local = "same" + random_lower_string(6)
    bodies = [
        {"email": f"{local}@{domain}", "password": random_lower_string()}
        for domain in ("one.example.com", "two.example.com")
    ]
    results = _race(bodies)
    assert [status for status, _ in results] == [200, 200], results
    with Session(committed) as session:
        usernames = session.exec(
            select(User.username).where(col(User.email).startswith(local))
        ).all()
    assert len({u.lower() for u in usernames}) == 2


# --- Bodies: limited in size, always parsed or refused with a 422, never echoed whole.

MiB = 1024 * 1024


def _post_json(
    client: TestClient, path: str, headers: dict[str, str], content: Any
) -> httpx2.Response:
    return client.post(
        f"{API}{path}",
        content=content,
        headers={**headers, "Content-Type": "application/json"},
    )


def _declared_413(client: TestClient, path: str, method: str) -> bool:
    schema = client.get(f"{API}/openapi.json").json()
    return "413" in schema["paths"][f"{API}{path}"][method]["responses"]


@in_test_transaction
@pytest.mark.parametrize("path", ["/items/", "/users/signup", "/login/access-token"])
def test_a_body_over_1_mib_is_413(
    client: TestClient, normal_user_token_headers: dict[str, str], path: str
) -> None:
    body = b'{"title": "' + b"x" * MiB + b'"}'
    r = _post_json(client, path, normal_user_token_headers, body)
    assert r.status_code == 413, r.text[:200]
    assert r.json() == {"detail": "Request body too large: at most 1048576 bytes"}
    assert _declared_413(client, path, "post")


@in_test_transaction
def test_a_streamed_body_over_1_mib_is_413(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    def chunks() -> Any:  # no Content-Length: the body is counted as it arrives
        yield b'{"title": "'
        for _ in range(17):
            yield b"x" * 64 * 1024
        yield b'"}'

    r = _post_json(client, "/items/", normal_user_token_headers, chunks())
    assert "content-length" not in r.request.headers
    assert r.status_code == 413, r.text[:200]
    assert r.json()["detail"].startswith("Request body too large")


@in_test_transaction
def test_a_body_of_exactly_1_mib_is_read(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    body = b'{"title": "' + b"x" * (MiB - 13) + b'"}'
    assert len(body) == MiB
    r = _post_json(client, "/items/", normal_user_token_headers, body)
    assert r.status_code == 422  # read and validated: the title is too long
    assert len(r.content) < 1000  # and not echoed back


def test_the_limit_holds_for_a_body_that_arrives_in_pieces() -> None:
    """The middleware alone, fed piece by piece: it stops reading past the limit."""

    pieces = [b"x" * 600 * 1024, b"x" * 600 * 1024, b"never read"]
    sent: list[Message] = []
    read: list[bytes] = []

    async def receive() -> Message:
        body = pieces.pop(0)
        return {"type": "http.request", "body": body, "more_body": bool(pieces)}

    async def send(message: Message) -> None:
        sent.append(message)

    async def reads_everything(_scope: Any, receive: Any, _send: Any) -> None:
        while True:
            message = await receive()
            read.append(message["body"])
            if not message["more_body"]:
                break

    scope = {"type": "http", "method": "POST", "path": "/", "headers": []}
    asyncio.run(LimitRequestBody(reads_everything)(scope, receive, send))
    assert len(read) == 1
    assert pieces == [b"never read"]
    assert sent[0]["status"] == 413
    assert b"Request body too large" in sent[1]["body"]


UNPARSABLE = [
    (b'{"title": "\xff\xfe"}', "it is not valid UTF-8"),
    (b'{"title": "caf\xc3"}', "it is not valid UTF-8"),  # a cut UTF-8 sequence
    (b"[" * 100_000 + b"]" * 100_000, "it is nested too deeply"),
    (b'{"title": ' + b"[" * 5_000 + b"]" * 5_000 + b"}", "it is nested too deeply"),
    (b'{"title": 1' + b"1" * 5_000 + b"}", "a number in it is too long"),
]


@in_test_transaction
@pytest.mark.parametrize("path", ["/items/", "/users/signup", "/reset-password/"])
@pytest.mark.parametrize(("body", "reason"), UNPARSABLE, ids=range(len(UNPARSABLE)))
def test_unparsable_bodies_are_422(
    client: TestClient,
    normal_user_token_headers: dict[str, str],
    path: str,
    body: bytes,
    reason: str,
) -> None:
    r = _post_json(client, path, normal_user_token_headers, body)
    assert r.status_code == 422, r.text[:300]
    # The usual shape, in words for a person: no Python exception text.
    assert r.json() == {
        "detail": [
            {
                "type": "body_unparsable",
                "loc": ["body"],
                "msg": f"The request body could not be parsed: {reason}",
                "input": None,
            }
        ]
    }
    for python_text in ("Error", "Exceeds the limit", "codec", "position", "4300"):
        assert python_text not in r.text


@in_test_transaction
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/items/", {"title": "t" * 100_000}),  # a string too long
        ("/items/", {"title": ["t" * 100_000] * 5}),  # not a string at all
        ("/items/", {"description": "d" * 100_000}),  # title missing: the whole body
        ("/items/", {"title": {"deep": [[[[["x" * 10_000]]]]] * 50}}),
        ("/users/signup", {"email": "e" * 100_000, "password": "p" * 100_000}),
    ],
)
def test_validation_errors_echo_only_a_short_prefix(
    client: TestClient,
    normal_user_token_headers: dict[str, str],
    path: str,
    body: dict[str, Any],
) -> None:
    r = client.post(f"{API}{path}", headers=normal_user_token_headers, json=body)
    assert r.status_code == 422
    assert len(r.content) < 3000, r.text[:3000]
    for error in r.json()["detail"]:
        assert "input" in error
