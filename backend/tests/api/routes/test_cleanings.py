import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from app.models import Cleaning
from tests.utils.marketplace import (
    API,
    cleaning_payload,
    cleanings_url,
    post_cleaning,
    sign_in_superuser,
    sign_up,
    timestamp,
)
from tests.utils.pictures import picture_bytes

# Every request runs in the test transaction (without `db` requests would commit for real).
pytestmark = pytest.mark.usefixtures("db")

OWNER_KEYS = {"id", "username", "full_name", "image", "phone_number"}


# Create


def test_create_cleaning_embeds_the_owner_public_profile(
    client: TestClient, db: Session
) -> None:
    owner = sign_up(client, full_name="Olive Owner")
    profile = client.patch(
        f"{API}/profiles/me", headers=owner.headers, json={"phone_number": "+1 555"}
    )
    assert profile.status_code == 200, profile.text
    picture = client.put(
        f"{API}/profiles/me/picture",
        headers=owner.headers,
        files={"file": ("olive.png", picture_bytes(), "image/png")},
    )
    assert picture.status_code == 200, picture.text
    payload = cleaning_payload(
        name="Spring clean", description="Windows too", cleaning_type="dust_up"
    )

    r = client.post(cleanings_url(), headers=owner.headers, json=payload)

    assert r.status_code == 201, r.text
    cleaning = r.json()
    assert cleaning["name"] == "Spring clean"
    assert cleaning["description"] == "Windows too"
    assert cleaning["cleaning_type"] == "dust_up"
    assert cleaning["owner_id"] == owner.id
    uuid.UUID(cleaning["id"])
    # The owner's public face only: never the email, the superuser flag or the phone number.
    assert cleaning["owner"] == {
        "id": owner.id,
        "username": owner.username,
        "full_name": "Olive Owner",
        "image": picture.json()["image"],
        "phone_number": None,  # only to the other party of a hire
    }
    created_at = timestamp(cleaning["created_at"])
    assert created_at.utcoffset() == timedelta(0)
    assert timestamp(cleaning["updated_at"]) == created_at
    # Stored: anyone signed in reads back the same job.
    stored = db.get(Cleaning, uuid.UUID(cleaning["id"]))
    assert stored is not None and stored.name == "Spring clean"


# What a client may send for a price, and the string every response carries: the value as
# stored, NUMERIC(10, 2). Compared as strings: "42" is not "42.00".
PRICES_AS_STORED = [
    ("29.99", "29.99"),
    (29.99, "29.99"),
    ("0.01", "0.01"),
    ("0.1", "0.10"),
    (0.1, "0.10"),
    ("1e2", "100.00"),
    (100, "100.00"),
    (42, "42.00"),
    ("42.000", "42.00"),
    ("12345678.91", "12345678.91"),
    ("99999999.99", "99999999.99"),
]


@pytest.mark.parametrize(("price_in", "expected"), PRICES_AS_STORED)
def test_price_is_answered_as_stored(
    client: TestClient, db: Session, price_in: Any, expected: str
) -> None:
    owner = sign_up(client)
    created = post_cleaning(client, owner, price=price_in)
    assert created["price"] == expected
    read = client.get(cleanings_url(created["id"]), headers=owner.headers).json()
    assert read["price"] == expected
    listed = client.get(cleanings_url(), headers=owner.headers).json()["data"]
    assert [c["price"] for c in listed] == [expected]
    stored = db.get(Cleaning, uuid.UUID(created["id"]))
    assert stored is not None and str(stored.price) == expected


@pytest.mark.parametrize(("price_in", "expected"), PRICES_AS_STORED)
def test_updated_price_is_answered_as_stored(
    client: TestClient, price_in: Any, expected: str
) -> None:
    owner = sign_up(client)
    cleaning = post_cleaning(client, owner, price="7.77")
    r = client.put(
        cleanings_url(cleaning["id"]), headers=owner.headers, json={"price": price_in}
    )
    assert r.status_code == 200, r.text
    assert r.json()["price"] == expected
    read = client.get(cleanings_url(cleaning["id"]), headers=owner.headers).json()
    assert read["price"] == expected


@pytest.mark.parametrize(
    "price",
    [
        0,
        "0",
        "0.00",
        -1,
        "-0.01",
        "29.999",
        29.999,
        "100000000.00",
        100000000,
        "abc",
        None,
    ],
)
def test_create_cleaning_with_an_invalid_price_is_422(
    client: TestClient, price: Any
) -> None:
    owner = sign_up(client)
    r = client.post(
        cleanings_url(), headers=owner.headers, json=cleaning_payload(price=price)
    )
    assert r.status_code == 422, r.text
    assert client.get(cleanings_url(), headers=owner.headers).json()["count"] == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"cleaning_type": "deep_clean"},
        {"cleaning_type": ""},
        {"cleaning_type": None},
        {"name": ""},
        {"name": None},
    ],
)
def test_create_cleaning_with_invalid_fields_is_422(
    client: TestClient, overrides: dict[str, Any]
) -> None:
    owner = sign_up(client)
    r = client.post(
        cleanings_url(), headers=owner.headers, json=cleaning_payload(**overrides)
    )
    assert r.status_code == 422, r.text
    assert client.get(cleanings_url(), headers=owner.headers).json()["count"] == 0


@pytest.mark.parametrize("missing", ["name", "price"])
def test_create_cleaning_without_a_required_field_is_422(
    client: TestClient, missing: str
) -> None:
    owner = sign_up(client)
    payload = cleaning_payload()
    del payload[missing]
    r = client.post(cleanings_url(), headers=owner.headers, json=payload)
    assert r.status_code == 422, r.text
    assert client.get(cleanings_url(), headers=owner.headers).json()["count"] == 0


def test_cleaning_type_defaults_to_spot_clean(client: TestClient) -> None:
    owner = sign_up(client)
    r = client.post(
        cleanings_url(), headers=owner.headers, json={"name": "Quick", "price": "10"}
    )
    assert r.status_code == 201, r.text
    assert r.json()["cleaning_type"] == "spot_clean"
    assert r.json()["description"] is None


def test_cleanings_require_sign_in(client: TestClient) -> None:
    owner = sign_up(client)
    cleaning = post_cleaning(client, owner)
    calls = [
        ("POST", cleanings_url(), cleaning_payload()),
        ("GET", cleanings_url(), None),
        ("GET", cleanings_url(cleaning["id"]), None),
        ("PUT", cleanings_url(cleaning["id"]), {"name": "Hijacked"}),
        ("DELETE", cleanings_url(cleaning["id"]), None),
    ]
    for method, url, body in calls:
        r = client.request(method, url, json=body)
        assert r.status_code == 401, (method, url, r.text)
        assert r.headers["www-authenticate"] == "Bearer"
        bad = client.request(
            method, url, json=body, headers={"Authorization": "Bearer not-a-token"}
        )
        assert bad.status_code == 401, (method, url, bad.text)
    still = client.get(cleanings_url(cleaning["id"]), headers=owner.headers).json()
    assert still["name"] == cleaning["name"]


# List


def test_list_shows_only_the_callers_own_cleanings(client: TestClient) -> None:
    alice, bob, carol = sign_up(client), sign_up(client), sign_up(client)
    alices = [post_cleaning(client, alice)["id"] for _ in range(3)]
    bobs = [post_cleaning(client, bob)["id"] for _ in range(2)]

    r = client.get(cleanings_url(), headers=alice.headers)
    assert r.status_code == 200, r.text
    assert r.json()["count"] == 3
    # Newest first.
    assert [c["id"] for c in r.json()["data"]] == alices[::-1]
    assert all(c["owner"]["username"] == alice.username for c in r.json()["data"])

    r = client.get(cleanings_url(), headers=bob.headers)
    assert r.json()["count"] == 2
    assert [c["id"] for c in r.json()["data"]] == bobs[::-1]

    assert client.get(cleanings_url(), headers=carol.headers).json() == {
        "data": [],
        "count": 0,
    }


def test_superuser_lists_every_cleaning(client: TestClient, db: Session) -> None:
    superuser = sign_in_superuser(client)
    owners = [sign_up(client) for _ in range(3)]
    mine = {post_cleaning(client, owner)["id"] for owner in owners for _ in range(2)}
    total = db.exec(select(func.count()).select_from(Cleaning)).one()

    r = client.get(cleanings_url(), headers=superuser.headers)

    assert r.status_code == 200, r.text
    body = r.json()
    assert body["count"] == total >= 6
    listed = {c["id"] for c in body["data"]}
    assert mine <= listed
    assert {c["owner"]["username"] for c in body["data"]} >= {
        o.username for o in owners
    }


def test_list_pages_with_skip_and_limit_and_counts_all(client: TestClient) -> None:
    owner = sign_up(client)
    ids = [post_cleaning(client, owner)["id"] for _ in range(5)][::-1]

    pages = []
    for skip in (0, 2, 4):
        r = client.get(
            cleanings_url(), headers=owner.headers, params={"skip": skip, "limit": 2}
        )
        assert r.status_code == 200, r.text
        assert r.json()["count"] == 5
        pages.append([c["id"] for c in r.json()["data"]])

    assert pages == [ids[0:2], ids[2:4], ids[4:5]]
    past_the_end = client.get(
        cleanings_url(), headers=owner.headers, params={"skip": 10}
    ).json()
    assert past_the_end == {"data": [], "count": 5}


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"limit": -1},
        {"skip": -1},
        {"limit": "many"},
    ],
)
def test_list_paging_out_of_range_is_422(
    client: TestClient, params: dict[str, Any]
) -> None:
    owner = sign_up(client)
    r = client.get(cleanings_url(), headers=owner.headers, params=params)
    assert r.status_code == 422, r.text


def test_list_limit_bounds_are_accepted(client: TestClient) -> None:
    owner = sign_up(client)
    post_cleaning(client, owner)
    post_cleaning(client, owner)
    one = client.get(cleanings_url(), headers=owner.headers, params={"limit": 1})
    hundred = client.get(cleanings_url(), headers=owner.headers, params={"limit": 100})
    assert (one.status_code, len(one.json()["data"]), one.json()["count"]) == (
        200,
        1,
        2,
    )
    assert (hundred.status_code, len(hundred.json()["data"])) == (200, 2)


# Read


def test_any_signed_in_user_reads_a_cleaning(client: TestClient) -> None:
    owner, stranger = sign_up(client, full_name="Owen"), sign_up(client)
    cleaning = post_cleaning(client, owner)

    r = client.get(cleanings_url(cleaning["id"]), headers=stranger.headers)

    assert r.status_code == 200, r.text
    assert r.json() == cleaning
    assert set(r.json()["owner"]) == OWNER_KEYS
    assert "email" not in r.json()["owner"]
    assert "is_superuser" not in r.json()["owner"]


def test_read_unknown_cleaning_is_404(client: TestClient) -> None:
    user = sign_up(client)
    r = client.get(cleanings_url(str(uuid.uuid4())), headers=user.headers)
    assert r.status_code == 404
    assert r.json() == {"detail": "Cleaning not found"}


def test_read_cleaning_with_a_malformed_id_is_422(client: TestClient) -> None:
    user = sign_up(client)
    assert client.get(cleanings_url("nope"), headers=user.headers).status_code == 422


# Update


def test_owner_updates_some_fields(client: TestClient) -> None:
    owner = sign_up(client)
    cleaning = post_cleaning(
        client, owner, name="Before", price="10.00", cleaning_type="dust_up"
    )

    r = client.put(
        cleanings_url(cleaning["id"]),
        headers=owner.headers,
        json={"price": "15.55", "cleaning_type": "full_clean"},
    )

    assert r.status_code == 200, r.text
    updated = r.json()
    assert updated["name"] == "Before"
    assert updated["description"] == cleaning["description"]
    assert updated["price"] == "15.55"
    assert updated["cleaning_type"] == "full_clean"
    assert updated["owner"] == cleaning["owner"]
    assert updated["created_at"] == cleaning["created_at"]
    read = client.get(cleanings_url(cleaning["id"]), headers=owner.headers).json()
    assert read == updated


def test_description_can_be_cleared_with_null(client: TestClient) -> None:
    owner = sign_up(client)
    cleaning = post_cleaning(client, owner, description="Something")
    r = client.put(
        cleanings_url(cleaning["id"]), headers=owner.headers, json={"description": None}
    )
    assert r.status_code == 200, r.text
    assert r.json()["description"] is None


def test_superuser_updates_any_cleaning(client: TestClient) -> None:
    superuser, owner = sign_in_superuser(client), sign_up(client)
    cleaning = post_cleaning(client, owner)
    r = client.put(
        cleanings_url(cleaning["id"]), headers=superuser.headers, json={"name": "Fixed"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Fixed"
    # Still the owner's job.
    assert r.json()["owner"]["id"] == owner.id


def test_other_user_cannot_update(client: TestClient) -> None:
    owner, other = sign_up(client), sign_up(client)
    cleaning = post_cleaning(client, owner)
    r = client.put(
        cleanings_url(cleaning["id"]), headers=other.headers, json={"name": "Mine now"}
    )
    assert r.status_code == 403, r.text
    read = client.get(cleanings_url(cleaning["id"]), headers=owner.headers).json()
    assert read == cleaning


def test_update_unknown_cleaning_is_404(client: TestClient) -> None:
    user = sign_up(client)
    r = client.put(
        cleanings_url(str(uuid.uuid4())), headers=user.headers, json={"name": "X"}
    )
    assert r.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"name": None},
        {"price": None},
        {"cleaning_type": None},
        {"price": "0"},
        {"price": "-5"},
        {"price": "1.001"},
        {"price": "100000000.00"},
        {"cleaning_type": "deep_clean"},
        {"name": ""},
    ],
)
def test_invalid_update_is_422_and_changes_nothing(
    client: TestClient, body: dict[str, Any]
) -> None:
    owner = sign_up(client)
    cleaning = post_cleaning(client, owner)
    r = client.put(cleanings_url(cleaning["id"]), headers=owner.headers, json=body)
    assert r.status_code == 422, r.text
    read = client.get(cleanings_url(cleaning["id"]), headers=owner.headers).json()
    assert read == cleaning


@pytest.mark.parametrize(
    "same",
    [
        {},
        {"name": "Same"},
        {"price": "20.00"},
        {"price": 20},
        {"name": "Same", "price": "20.0", "cleaning_type": "dust_up"},
        {"description": "Same description"},
    ],
)
def test_update_that_changes_nothing_keeps_updated_at(
    client: TestClient, same: dict[str, Any]
) -> None:
    owner = sign_up(client)
    cleaning = post_cleaning(
        client,
        owner,
        name="Same",
        price="20.00",
        cleaning_type="dust_up",
        description="Same description",
    )
    r = client.put(cleanings_url(cleaning["id"]), headers=owner.headers, json=same)
    assert r.status_code == 200, r.text
    assert r.json() == cleaning
    read = client.get(cleanings_url(cleaning["id"]), headers=owner.headers).json()
    assert read["updated_at"] == cleaning["updated_at"]


def test_real_change_moves_updated_at(client: TestClient) -> None:
    owner = sign_up(client)
    cleaning = post_cleaning(client, owner, name="Old")

    first = client.put(
        cleanings_url(cleaning["id"]), headers=owner.headers, json={"name": "New"}
    ).json()
    second = client.put(
        cleanings_url(cleaning["id"]), headers=owner.headers, json={"price": "77.70"}
    ).json()

    assert timestamp(first["updated_at"]) > timestamp(cleaning["updated_at"])
    assert timestamp(second["updated_at"]) > timestamp(first["updated_at"])
    assert second["created_at"] == cleaning["created_at"]
    assert second["name"] == "New"


# Delete


def test_owner_deletes_a_cleaning(client: TestClient) -> None:
    owner = sign_up(client)
    cleaning = post_cleaning(client, owner)

    r = client.delete(cleanings_url(cleaning["id"]), headers=owner.headers)

    assert r.status_code == 200, r.text
    assert r.json() == {"message": "Cleaning deleted successfully"}
    assert (
        client.get(cleanings_url(cleaning["id"]), headers=owner.headers).status_code
        == 404
    )
    assert (
        client.delete(cleanings_url(cleaning["id"]), headers=owner.headers).status_code
        == 404
    )
    assert client.get(cleanings_url(), headers=owner.headers).json()["count"] == 0


def test_superuser_deletes_any_cleaning(client: TestClient) -> None:
    superuser, owner = sign_in_superuser(client), sign_up(client)
    cleaning = post_cleaning(client, owner)
    r = client.delete(cleanings_url(cleaning["id"]), headers=superuser.headers)
    assert r.status_code == 200, r.text
    assert (
        client.get(cleanings_url(cleaning["id"]), headers=owner.headers).status_code
        == 404
    )


def test_other_user_cannot_delete(client: TestClient) -> None:
    owner, other = sign_up(client), sign_up(client)
    cleaning = post_cleaning(client, owner)
    r = client.delete(cleanings_url(cleaning["id"]), headers=other.headers)
    assert r.status_code == 403, r.text
    assert (
        client.get(cleanings_url(cleaning["id"]), headers=owner.headers).status_code
        == 200
    )


# Area and date


def test_area_and_date_are_optional_and_shown(client: TestClient) -> None:
    owner = sign_up(client)
    plain = post_cleaning(client, owner)
    assert (plain["area"], plain["scheduled_on"]) == (None, None)
    dated = post_cleaning(
        client, owner, area="Gràcia, Barcelona", scheduled_on="2031-02-28"
    )
    assert (dated["area"], dated["scheduled_on"]) == ("Gràcia, Barcelona", "2031-02-28")
    r = client.get(cleanings_url(dated["id"]), headers=owner.headers)
    assert (r.json()["area"], r.json()["scheduled_on"]) == (
        "Gràcia, Barcelona",
        "2031-02-28",
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"area": "x" * 101},
        {"area": "Soho\x00"},
        {"area": 12},
        {"scheduled_on": "2031-02-30"},
        {"scheduled_on": "tomorrow"},
    ],
)
def test_invalid_area_or_date_is_422(
    client: TestClient, fields: dict[str, Any]
) -> None:
    owner = sign_up(client)
    r = client.post(
        cleanings_url(), headers=owner.headers, json=cleaning_payload(**fields)
    )
    assert r.status_code == 422, r.text
    cleaning_id = post_cleaning(client, owner)["id"]
    r = client.put(cleanings_url(cleaning_id), headers=owner.headers, json=fields)
    assert r.status_code == 422, r.text


def test_area_of_100_characters_and_clearing_with_null(client: TestClient) -> None:
    owner = sign_up(client)
    cleaning_id = post_cleaning(
        client, owner, area="é" * 100, scheduled_on="2031-01-01"
    )["id"]
    r = client.put(
        cleanings_url(cleaning_id),
        headers=owner.headers,
        json={"area": None, "scheduled_on": None},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["area"], r.json()["scheduled_on"]) == (None, None)
