import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import literal
from sqlmodel import Session, func, select

from app import crud
from app.core.config import settings
from app.models import Item
from tests.utils.item import create_random_item
from tests.utils.user import (
    create_random_user,
    signed_in_user,
)

API = settings.API_V1_STR
# Every request runs in the test transaction (without `db` requests would commit for real).
pytestmark = pytest.mark.usefixtures("db")


def new_user_headers(
    client: TestClient, db: Session
) -> tuple[uuid.UUID, dict[str, str]]:
    user, password, headers = signed_in_user(client, db)
    return user.id, headers


def test_create_item(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    data = {"title": "Foo", "description": "Fighters"}
    r = client.post(f"{API}/items/", headers=normal_user_token_headers, json=data)
    assert r.status_code == 200
    content = r.json()
    assert content["title"] == data["title"]
    assert content["description"] == data["description"]
    assert "id" in content
    me = client.get(f"{API}/users/me", headers=normal_user_token_headers).json()
    assert content["owner_id"] == me["id"]
    assert content["created_at"].endswith(("Z", "+00:00"))
    stored = db.get(Item, uuid.UUID(content["id"]))
    assert stored is not None
    assert stored.title == "Foo"


def test_create_item_without_description(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    r = client.post(
        f"{API}/items/", headers=normal_user_token_headers, json={"title": "Solo"}
    )
    assert r.status_code == 200
    assert r.json()["description"] is None


def test_create_item_owner_cannot_be_chosen(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    other = create_random_user(db)
    r = client.post(
        f"{API}/items/",
        headers=normal_user_token_headers,
        json={"title": "Mine", "owner_id": str(other.id)},
    )
    assert r.status_code == 200
    assert r.json()["owner_id"] != str(other.id)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"title": ""},
        {"title": None},
        {"title": "x" * 256},
        {"title": "ok", "description": "x" * 256},
        {"title": 12},
    ],
)
def test_create_item_invalid(
    client: TestClient,
    normal_user_token_headers: dict[str, str],
    body: dict[str, object],
) -> None:
    r = client.post(f"{API}/items/", headers=normal_user_token_headers, json=body)
    assert r.status_code == 422


def test_create_item_needs_a_token(client: TestClient) -> None:
    r = client.post(f"{API}/items/", json={"title": "Foo"})
    assert r.status_code == 401


def test_read_item(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    r = client.get(f"{API}/items/{item.id}", headers=superuser_token_headers)
    assert r.status_code == 200
    content = r.json()
    assert content["title"] == item.title
    assert content["description"] == item.description
    assert content["id"] == str(item.id)
    assert content["owner_id"] == str(item.owner_id)


def test_read_own_item(client: TestClient, db: Session) -> None:
    user_id, headers = new_user_headers(client, db)
    item = create_random_item(db, owner_id=user_id)
    r = client.get(f"{API}/items/{item.id}", headers=headers)
    assert r.status_code == 200
    assert r.json()["id"] == str(item.id)


def test_read_item_not_found(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.get(f"{API}/items/{uuid.uuid4()}", headers=superuser_token_headers)
    assert r.status_code == 404
    assert r.json() == {"detail": "Item not found"}


def test_read_item_bad_id(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.get(f"{API}/items/not-a-uuid", headers=superuser_token_headers)
    assert r.status_code == 422


def test_read_item_not_enough_permissions(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    r = client.get(f"{API}/items/{item.id}", headers=normal_user_token_headers)
    assert r.status_code == 403
    assert r.json() == {"detail": "Not enough permissions"}


def test_read_items_normal_user_sees_own_only(client: TestClient, db: Session) -> None:
    user_id, headers = new_user_headers(client, db)
    own = {str(create_random_item(db, owner_id=user_id).id) for _ in range(3)}
    create_random_item(db)  # someone else's

    r = client.get(f"{API}/items/", headers=headers)
    assert r.status_code == 200
    content = r.json()
    assert content["count"] == 3
    assert {i["id"] for i in content["data"]} == own
    assert all(i["owner_id"] == str(user_id) for i in content["data"])


def test_read_items_superuser_sees_all(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    created = {str(create_random_item(db).id) for _ in range(3)}
    total = db.exec(select(func.count()).select_from(Item)).one()

    r = client.get(f"{API}/items/", headers=superuser_token_headers)
    assert r.status_code == 200
    content = r.json()
    assert content["count"] == total >= 3
    assert created <= {i["id"] for i in content["data"]}


def test_read_items_pages_and_count(client: TestClient, db: Session) -> None:
    user_id, headers = new_user_headers(client, db)
    for _ in range(5):
        create_random_item(db, owner_id=user_id)

    everything = client.get(f"{API}/items/", headers=headers).json()
    ids = [i["id"] for i in everything["data"]]
    assert len(set(ids)) == 5

    r = client.get(f"{API}/items/?skip=1&limit=2", headers=headers)
    assert r.status_code == 200
    assert r.json()["count"] == 5
    assert [i["id"] for i in r.json()["data"]] == ids[1:3]

    r = client.get(f"{API}/items/?skip=5", headers=headers)
    assert r.json() == {"data": [], "count": 5}

    r = client.get(f"{API}/items/?skip={2**62}&limit=100", headers=headers)
    assert r.json() == {"data": [], "count": 5}


def test_a_page_read_with_the_token_cannot_shadow_the_users_columns() -> None:
    with pytest.raises(ValueError, match="email"):
        crud.token_user_query(email=literal(1))


def test_read_items_newest_first(client: TestClient, db: Session) -> None:
    user_id, headers = new_user_headers(client, db)
    titles = []
    for n in range(3):
        title = f"item {n}"
        titles.append(title)
        r = client.post(f"{API}/items/", headers=headers, json={"title": title})
        assert r.status_code == 200
    r = client.get(f"{API}/items/", headers=headers)
    assert [i["title"] for i in r.json()["data"]] == titles[::-1]


def test_update_item(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    data = {"title": "Updated title", "description": "Updated description"}
    r = client.put(f"{API}/items/{item.id}", headers=superuser_token_headers, json=data)
    assert r.status_code == 200
    content = r.json()
    assert content["title"] == data["title"]
    assert content["description"] == data["description"]
    assert content["id"] == str(item.id)
    assert content["owner_id"] == str(item.owner_id)
    db.refresh(item)
    assert item.title == "Updated title"


def test_update_own_item_partially(client: TestClient, db: Session) -> None:
    user_id, headers = new_user_headers(client, db)
    item = create_random_item(db, owner_id=user_id)
    r = client.put(
        f"{API}/items/{item.id}", headers=headers, json={"description": "only this"}
    )
    assert r.status_code == 200
    assert r.json()["title"] == item.title
    assert r.json()["description"] == "only this"

    r = client.put(
        f"{API}/items/{item.id}", headers=headers, json={"description": None}
    )
    assert r.status_code == 200
    assert r.json()["description"] is None
    assert r.json()["title"] == item.title


@pytest.mark.parametrize("body", [{"title": None}, {"title": ""}, {"title": "x" * 256}])
def test_update_item_invalid_title(
    client: TestClient,
    superuser_token_headers: dict[str, str],
    db: Session,
    body: dict[str, object],
) -> None:
    item = create_random_item(db)
    r = client.put(f"{API}/items/{item.id}", headers=superuser_token_headers, json=body)
    assert r.status_code == 422
    db.refresh(item)
    assert item.title


def test_update_item_not_found(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.put(
        f"{API}/items/{uuid.uuid4()}",
        headers=superuser_token_headers,
        json={"title": "Updated title", "description": "Updated description"},
    )
    assert r.status_code == 404
    assert r.json() == {"detail": "Item not found"}


def test_update_item_not_enough_permissions(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    title = item.title
    r = client.put(
        f"{API}/items/{item.id}",
        headers=normal_user_token_headers,
        json={"title": "Updated title"},
    )
    assert r.status_code == 403
    assert r.json() == {"detail": "Not enough permissions"}
    db.refresh(item)
    assert item.title == title


def test_delete_item(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    r = client.delete(f"{API}/items/{item.id}", headers=superuser_token_headers)
    assert r.status_code == 200
    assert r.json() == {"message": "Item deleted successfully"}
    r = client.get(f"{API}/items/{item.id}", headers=superuser_token_headers)
    assert r.status_code == 404


def test_delete_own_item(client: TestClient, db: Session) -> None:
    user_id, headers = new_user_headers(client, db)
    item = create_random_item(db, owner_id=user_id)
    r = client.delete(f"{API}/items/{item.id}", headers=headers)
    assert r.status_code == 200
    assert client.get(f"{API}/items/", headers=headers).json() == {
        "data": [],
        "count": 0,
    }


def test_delete_item_not_found(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.delete(f"{API}/items/{uuid.uuid4()}", headers=superuser_token_headers)
    assert r.status_code == 404
    assert r.json() == {"detail": "Item not found"}


def test_delete_item_not_enough_permissions(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    r = client.delete(f"{API}/items/{item.id}", headers=normal_user_token_headers)
    assert r.status_code == 403
    assert r.json() == {"detail": "Not enough permissions"}
    assert db.get(Item, item.id) is not None
