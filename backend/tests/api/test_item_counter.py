"""An items page's `count` is read from a counter that triggers keep (migration 0011), not
counted: it must equal what a count of the items says after every kind of change."""

import threading
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text
from sqlmodel import Session

from app.main import app
from tests.utils.marketplace import API, Account, sign_in_superuser, sign_up


def post_items(client: TestClient, user: Account, n: int) -> list[str]:
    ids = []
    for i in range(n):
        r = client.post(
            f"{API}/items/", json={"title": f"item {i}"}, headers=user.headers
        )
        assert r.status_code == 200, r.text
        ids.append(r.json()["id"])
    return ids


def listed_count(client: TestClient, user: Account) -> int:
    r = client.get(f"{API}/items/?limit=1", headers=user.headers)
    assert r.status_code == 200, r.text
    return int(r.json()["count"])


def counted(conn: Connection | Session, owner: str | None = None) -> tuple[int, int]:
    """(items stored, what the counter says), for one owner or for everybody."""
    where = "WHERE owner_id = :owner" if owner else ""
    params = {"owner": uuid.UUID(owner)} if owner else {}
    items = conn.execute(
        text(f"SELECT count(*) FROM item {where}"), params
    ).scalar_one()
    kept = conn.execute(
        text(f"SELECT coalesce(sum(items), 0) FROM item_counter {where}"), params
    ).scalar_one()
    return int(items), int(kept)


@pytest.mark.usefixtures("db")
def test_count_follows_creates_deletes_and_a_deleted_owner(
    client: TestClient, db: Session
) -> None:
    alice, bob = sign_up(client), sign_up(client)
    alices = post_items(client, alice, 3)
    post_items(client, bob, 2)
    assert listed_count(client, alice) == counted(db, alice.id)[0] == 3
    assert listed_count(client, bob) == 2

    r = client.delete(f"{API}/items/{alices[0]}", headers=alice.headers)
    assert r.status_code == 200
    r = client.put(
        f"{API}/items/{alices[1]}", json={"title": "renamed"}, headers=alice.headers
    )
    assert r.status_code == 200
    assert listed_count(client, alice) == 2
    assert counted(db, alice.id) == (2, 2)

    # The superuser sees every item, and the count of them all.
    admin = sign_in_superuser(client)
    assert listed_count(client, admin) == counted(db)[0] == counted(db)[1]

    # A deleted user takes their items and their count with them.
    assert client.delete(f"{API}/users/me", headers=bob.headers).status_code == 200
    assert counted(db, bob.id) == (0, 0)
    rows = db.execute(
        text("SELECT count(*) FROM item_counter WHERE owner_id = :owner"),
        {"owner": uuid.UUID(bob.id)},
    ).scalar_one()
    assert rows == 0
    assert listed_count(client, admin) == counted(db)[0]


@pytest.mark.usefixtures("db")
def test_an_item_that_changes_owner_moves_between_counts(
    client: TestClient, db: Session
) -> None:
    alice, bob = sign_up(client), sign_up(client)
    (moved,) = post_items(client, alice, 1)
    post_items(client, bob, 1)
    # No route moves an item; the database keeps the count right if anything does.
    db.execute(
        text("UPDATE item SET owner_id = :bob WHERE id = :id"),
        {"bob": uuid.UUID(bob.id), "id": uuid.UUID(moved)},
    )
    assert listed_count(client, alice) == 0
    assert listed_count(client, bob) == 2
    assert counted(db, alice.id) == (0, 0)
    assert counted(db, bob.id) == (2, 2)


def test_count_stays_exact_under_concurrent_creates(committed: Engine) -> None:
    """One owner posting on several connections at once: no increment is lost, and the
    writers spread over shards instead of queueing on one row."""
    with TestClient(app) as setup:
        owner = sign_up(setup)
    writers = 4
    barrier = threading.Barrier(writers)
    statuses: list[int] = []

    def post_many() -> None:
        with TestClient(app) as c:
            barrier.wait()
            for n in range(10):
                r = c.post(
                    f"{API}/items/", json={"title": f"race {n}"}, headers=owner.headers
                )
                statuses.append(r.status_code)

    threads = [threading.Thread(target=post_many) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * 40
    with committed.connect() as conn:
        assert counted(conn, owner.id) == (40, 40)
    with TestClient(app) as c:
        assert listed_count(c, owner) == 40
