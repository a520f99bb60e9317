"""What the fuzzing found, pinned down: the API refuses what its schema refuses, answers 405
for methods a path does not have, and declares what it answers."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.config import settings
from app.main import app
from tests.utils.marketplace import sign_in_superuser, sign_up

API = settings.API_V1_STR
pytestmark = pytest.mark.usefixtures("db")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PATCH", "/users/signup", "POST"),
        ("DELETE", "/users/signup", "POST"),
        ("GET", "/login/access-token", "POST"),
        ("PUT", "/users/me", "DELETE, GET, PATCH"),
        ("POST", "/users/x/evaluations/stats", "GET"),
        ("OPTIONS", "/items/", "GET, POST"),
    ],
)
def test_a_method_the_path_lacks_is_405(
    client: TestClient, method: str, path: str, allow: str
) -> None:
    headers = sign_in_superuser(client).headers
    for with_token in (headers, {}):
        r = client.request(method, f"{API}{path}", headers=with_token)
        assert r.status_code == 405, r.text
        assert r.headers["allow"] == allow
        assert r.json() == {"detail": "Method Not Allowed"}


def test_unknown_api_paths_stay_404(client: TestClient) -> None:
    r = client.get(f"{API}/no/such/thing")
    assert r.status_code == 404
    assert r.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("value", ["0.5", "1700000000", "-1", "1e9"])
def test_starting_date_is_a_date_time_not_a_number(
    client: TestClient, value: str
) -> None:
    headers = sign_up(client).headers
    r = client.get(
        f"{API}/feed/cleanings/cursor",
        params={"starting_date": value},
        headers=headers,
    )
    assert r.status_code == 422, r.text
    ok = client.get(
        f"{API}/feed/cleanings/cursor",
        params={"starting_date": "2026-01-01T00:00:00Z"},
        headers=headers,
    )
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/users/", {"is_superuser": 0}),
        ("/users/", {"is_active": "yes"}),
    ],
)
def test_booleans_are_booleans(
    client: TestClient, path: str, body: dict[str, object]
) -> None:
    headers = sign_in_superuser(client).headers
    r = client.post(
        f"{API}{path}",
        headers=headers,
        json={"email": "strict@example.com", "password": "a-password", **body},
    )
    assert r.status_code == 422, r.text


def test_special_use_domains_are_addresses_too(client: TestClient) -> None:
    r = client.post(
        f"{API}/users/signup",
        json={"email": "someone@example.test", "password": "a-password"},
    )
    assert r.status_code == 200, r.text


def test_a_superuser_sets_their_own_password_only_with_the_current_one(
    client: TestClient, db: Session
) -> None:
    me = sign_in_superuser(client)
    r = client.patch(
        f"{API}/users/{me.id}", headers=me.headers, json={"password": "new-password"}
    )
    assert r.status_code == 409
    assert "PATCH /users/me/password" in r.json()["detail"]
    # Still signed in: nothing changed.
    assert client.get(f"{API}/users/me", headers=me.headers).status_code == 200
    db.expire_all()


def test_every_signed_in_operation_declares_401_and_400() -> None:
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"413", "503"} <= declared, (method, path)
            if operation.get("security"):
                assert {"400", "401"} <= declared, (method, path)
