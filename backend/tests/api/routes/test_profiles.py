from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.utils.marketplace import API, Account, post_cleaning, sign_up, timestamp

# Every request runs in the test transaction (without `db` requests would commit for real).
pytestmark = pytest.mark.usefixtures("db")

ME = f"{API}/profiles/me"
PROFILE_KEYS = {
    "username",
    "full_name",
    "bio",
    "image",
    "created_at",
    "phone_number",
    "notification_mails",
}


def profile_url(username: str) -> str:
    return f"{API}/profiles/{username}"


def with_profile(client: TestClient, **fields: Any) -> Account:
    user = sign_up(client)
    r = client.patch(ME, headers=user.headers, json=fields)
    assert r.status_code == 200, r.text
    return user


def test_read_someone_elses_profile(client: TestClient) -> None:
    alice = with_profile(
        client,
        full_name="Alice Clean",
        bio="Ten years of spotless kitchens.",
        phone_number="+33 6 12 34 56 78",
    )
    bob = sign_up(client)

    r = client.get(profile_url(alice.username), headers=bob.headers)

    assert r.status_code == 200, r.text
    profile = r.json()
    assert set(profile) == PROFILE_KEYS
    assert profile["username"] == alice.username
    assert profile["full_name"] == "Alice Clean"
    assert profile["bio"] == "Ten years of spotless kitchens."
    assert profile["image"] is None  # no picture uploaded
    # The phone number is for the user's own eyes only.
    assert profile["phone_number"] is None
    assert timestamp(profile["created_at"]).utcoffset() == timedelta(0)
    me = client.get(f"{API}/users/me", headers=alice.headers).json()
    assert timestamp(profile["created_at"]) == timestamp(me["created_at"])


def test_read_your_own_profile_shows_the_phone_number(client: TestClient) -> None:
    alice = with_profile(client, phone_number="+1 555 0100", full_name="Alice")
    r = client.get(profile_url(alice.username), headers=alice.headers)
    assert r.status_code == 200, r.text
    assert r.json()["phone_number"] == "+1 555 0100"
    assert r.json()["full_name"] == "Alice"


def test_profiles_me_is_the_callers_own_profile(client: TestClient) -> None:
    alice = with_profile(client, phone_number="+1 555 0101", bio="Hi")
    r = client.get(ME, headers=alice.headers)
    assert r.status_code == 200, r.text
    assert r.json()["username"] == alice.username
    assert r.json()["phone_number"] == "+1 555 0101"
    assert r.json()["bio"] == "Hi"


def test_read_unknown_profile_is_404(client: TestClient) -> None:
    reader = sign_up(client)
    r = client.get(profile_url("nobody_by_that_name"), headers=reader.headers)
    assert r.status_code == 404


def test_profiles_require_sign_in(client: TestClient) -> None:
    alice = sign_up(client)
    for method, url, body in [
        ("GET", profile_url(alice.username), None),
        ("PATCH", ME, {"bio": "hacked"}),
    ]:
        r = client.request(method, url, json=body)
        assert r.status_code == 401, (method, url, r.text)
        assert r.headers["www-authenticate"] == "Bearer"
    assert (
        client.get(profile_url(alice.username), headers=alice.headers).json()["bio"]
        is None
    )


def test_update_my_profile(client: TestClient) -> None:
    alice = sign_up(client, full_name="Alice")
    changes = {"bio": "I love a clean oven.", "phone_number": "+44 20 7946 0000"}

    r = client.patch(ME, headers=alice.headers, json=changes)

    assert r.status_code == 200, r.text
    profile = r.json()
    assert {k: profile[k] for k in changes} == changes
    # Untouched fields keep their values.
    assert profile["full_name"] == "Alice"
    assert profile["username"] == alice.username
    assert (
        client.get(profile_url(alice.username), headers=alice.headers).json() == profile
    )

    # A second update changes only what it names; null clears an optional field.
    r = client.patch(
        ME, headers=alice.headers, json={"full_name": "Alice B.", "phone_number": None}
    )
    assert r.status_code == 200, r.text
    assert r.json()["full_name"] == "Alice B."
    assert r.json()["phone_number"] is None
    assert r.json()["bio"] == "I love a clean oven."


def test_profile_changes_show_on_embedded_owner(client: TestClient) -> None:
    alice = sign_up(client)
    r = client.post(
        f"{API}/cleanings/", headers=alice.headers, json={"name": "Job", "price": "10"}
    )
    cleaning_id = r.json()["id"]
    assert (
        client.patch(ME, headers=alice.headers, json={"full_name": "Alice A."})
    ).status_code == 200
    owner = client.get(f"{API}/cleanings/{cleaning_id}", headers=alice.headers).json()[
        "owner"
    ]
    assert owner == {
        "id": alice.id,
        "username": alice.username,
        "full_name": "Alice A.",
        "image": None,
        "phone_number": None,
    }


@pytest.mark.parametrize(
    "image",
    ["https://tracker.example.com/a.png", "javascript:alert(1)", "/api/v1/x"],
)
def test_an_image_url_is_not_taken_from_a_client(
    client: TestClient, image: str
) -> None:
    # A picture on another host would tell that host who looks at whom: only uploads count.
    alice = sign_up(client)
    r = client.patch(ME, headers=alice.headers, json={"image": image, "bio": "Hi"})
    assert r.status_code == 200, r.text
    assert r.json()["image"] is None
    profile = client.get(profile_url(alice.username), headers=alice.headers).json()
    assert profile["image"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"full_name": "x" * 256},
        {"phone_number": "1" * 33},
        {"bio": "b" * 2001},
    ],
)
def test_profile_fields_too_long_are_422(
    client: TestClient, body: dict[str, Any]
) -> None:
    alice = sign_up(client)
    r = client.patch(ME, headers=alice.headers, json=body)
    assert r.status_code == 422, r.text


def test_a_profile_lists_the_users_cleanings_newest_first(client: TestClient) -> None:
    owner = sign_up(client)
    other = sign_up(client)
    names = [post_cleaning(client, owner, name=f"Job {i}")["name"] for i in range(3)]
    post_cleaning(client, other, name="Someone else's job")

    r = client.get(
        f"{profile_url(owner.username)}/cleanings?limit=2", headers=other.headers
    )

    assert r.status_code == 200, r.text
    page = r.json()
    assert page["count"] == 3
    assert [c["name"] for c in page["data"]] == names[::-1][:2]
    assert {c["owner"]["username"] for c in page["data"]} == {owner.username}
    r = client.get(
        f"{profile_url(owner.username)}/cleanings?skip=2", headers=other.headers
    )
    assert [c["name"] for c in r.json()["data"]] == [names[0]]


def test_profile_cleanings_of_an_unknown_user_is_404(client: TestClient) -> None:
    viewer = sign_up(client)
    r = client.get(f"{profile_url('nobody-here')}/cleanings", headers=viewer.headers)
    assert r.status_code == 404
    assert client.get(f"{profile_url(viewer.username)}/cleanings").status_code == 401
