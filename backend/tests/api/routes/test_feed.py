"""The activity feed, both ways: the tutorial's own checks plus what its naive version got wrong."""

import base64
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from app.core.config import settings
from app.crud import feed
from app.models import CleaningEvent, FeedEventType
from tests.utils.database import without_index_scans
from tests.utils.utils import random_email

API = settings.API_V1_STR
OFFSET = f"{API}/feed/cleanings/"
CURSOR = f"{API}/feed/cleanings/cursor"

# Every test here runs in a transaction rolled back at its end (but the one marked committed).
pytestmark = pytest.mark.usefixtures("db")


def signed_in(client: TestClient) -> dict[str, str]:
    email, password = random_email(), "feed-password"
    r = client.post(f"{API}/users/signup", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    r = client.post(
        f"{API}/login/access-token", data={"username": email, "password": password}
    )
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def post_cleaning(client: TestClient, headers: dict[str, str], name: str) -> str:
    r = client.post(
        f"{API}/cleanings/", json={"name": name, "price": "25.00"}, headers=headers
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def keys(items: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """What identifies an event in a response: its cleaning, type and time."""
    return [(i["id"], i["event_type"], i["event_timestamp"]) for i in items]


def walk_offset(
    client: TestClient, headers: dict[str, str], limit: int
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        page = client.get(
            OFFSET, params={"skip": len(items), "limit": limit}, headers=headers
        )
        assert page.status_code == 200, page.text
        items += page.json()["data"]
        if len(items) >= page.json()["count"]:
            return items


def cursor_pages(
    client: TestClient, headers: dict[str, str], limit: int, between_pages: Any = None
) -> list[list[dict[str, Any]]]:
    """Every page, following next_cursor until it is null."""
    pages: list[list[dict[str, Any]]] = []
    params: dict[str, Any] = {"limit": limit}
    while True:
        page = client.get(CURSOR, params=params, headers=headers)
        assert page.status_code == 200, page.text
        pages.append(page.json()["data"])
        if page.json()["next_cursor"] is None:
            return pages
        params = {"limit": limit, "cursor": page.json()["next_cursor"]}
        if between_pages:
            between_pages()


def walk_cursor(
    client: TestClient, headers: dict[str, str], limit: int, between_pages: Any = None
) -> list[dict[str, Any]]:
    pages = cursor_pages(client, headers, limit, between_pages)
    return [item for page in pages for item in page]


@pytest.fixture
def tutorial_feed(client: TestClient) -> tuple[dict[str, str], list[str]]:
    """The tutorial's feed: 50 jobs, then every 4th updated (13 updates, 63 events)."""
    headers = signed_in(client)
    ids = [post_cleaning(client, headers, f"job {n}") for n in range(50)]
    for n in range(0, 50, 4):
        r = client.put(
            f"{API}/cleanings/{ids[n]}", json={"price": "30.00"}, headers=headers
        )
        assert r.status_code == 200
    return headers, ids


def test_default_page_is_20_newest_first_updates_on_top(
    client: TestClient, tutorial_feed: tuple[dict[str, str], list[str]]
) -> None:
    headers, _ = tutorial_feed
    for url in (OFFSET, CURSOR):
        body = client.get(url, headers=headers).json()
        assert body["count"] == 63
        assert len(body["data"]) == 20
        types = [item["event_type"] for item in body["data"]]
        assert types[:13] == ["is_update"] * 13
        assert types[13:] == ["is_create"] * 7
        assert [item["row_number"] for item in body["data"]] == list(range(1, 21))
        stamps = [item["event_timestamp"] for item in body["data"]]
        assert stamps == sorted(stamps, reverse=True)
        assert body["data"][0]["changed_fields"] == ["price"]
        assert body["data"][13]["changed_fields"] == []


@pytest.mark.parametrize("limit", [25, 15, 10])
def test_pages_never_overlap_and_cover_every_event(
    client: TestClient, tutorial_feed: tuple[dict[str, str], list[str]], limit: int
) -> None:
    headers, ids = tutorial_feed
    for items in (
        walk_offset(client, headers, limit),
        walk_cursor(client, headers, limit),
    ):
        assert len(items) == 63
        assert len(set(keys(items))) == 63
        per_cleaning = Counter(item["id"] for item in items)
        twice = {cid for cid, n in per_cleaning.items() if n == 2}
        assert twice == {ids[n] for n in range(0, 50, 4)}
        assert len(twice) == 13


def test_offset_and_cursor_agree_on_order_and_count(
    client: TestClient, tutorial_feed: tuple[dict[str, str], list[str]]
) -> None:
    headers, _ = tutorial_feed
    assert keys(walk_offset(client, headers, 7)) == keys(
        walk_cursor(client, headers, 7)
    )
    offset_count = client.get(OFFSET, headers=headers).json()["count"]
    assert offset_count == client.get(CURSOR, headers=headers).json()["count"] == 63


def test_feed_item_embeds_the_owner_public_profile(client: TestClient) -> None:
    headers = signed_in(client)
    me = client.get(f"{API}/users/me", headers=headers).json()
    post_cleaning(client, headers, "with owner")
    item = client.get(OFFSET, headers=headers).json()["data"][0]
    assert item["owner"] == {
        "id": me["id"],
        "username": me["username"],
        "full_name": None,
        "image": None,
        "phone_number": None,
    }
    assert item["name"] == "with owner"
    assert item["price"] == "25.00"


def test_every_update_that_changes_something_is_an_event(
    client: TestClient,
) -> None:
    headers = signed_in(client)
    cid = post_cleaning(client, headers, "often changed")
    changes = [
        {"price": "26.00"},
        {"name": "renamed", "cleaning_type": "full_clean"},
        {"price": "27"},
    ]
    for change in changes:
        assert (
            client.put(
                f"{API}/cleanings/{cid}", json=change, headers=headers
            ).status_code
            == 200
        )
    before = client.get(f"{API}/cleanings/{cid}", headers=headers).json()
    # Sending the current values changes nothing: no event, no new updated_at.
    same = {"price": "27.00", "name": "renamed"}
    after = client.put(f"{API}/cleanings/{cid}", json=same, headers=headers).json()
    assert after["updated_at"] == before["updated_at"]

    body = client.get(OFFSET, headers=headers).json()
    assert body["count"] == 4
    assert [i["changed_fields"] for i in body["data"]] == [
        ["price"],
        ["cleaning_type", "name"],
        ["price"],
        [],
    ]
    assert body["data"][0]["event_timestamp"] == after["updated_at"]


def test_changed_fields_name_only_the_fields_that_changed(
    client: TestClient,
) -> None:
    headers = signed_in(client)
    cid = post_cleaning(client, headers, "partly changed")
    sent = {"name": "partly changed", "price": "25.00", "description": "new words"}
    r = client.put(f"{API}/cleanings/{cid}", json=sent, headers=headers)
    assert r.status_code == 200, r.text
    [update, _] = client.get(OFFSET, headers=headers).json()["data"]
    assert update["event_type"] == "is_update"
    assert update["changed_fields"] == [
        "description"
    ]  # name and price were sent as they were


@pytest.mark.parametrize("index_scans", [True, False])
def test_events_with_equal_timestamps_are_never_lost_or_repeated(
    client: TestClient, db: Session, index_scans: bool
) -> None:
    if not index_scans:
        without_index_scans(db)
    headers = signed_in(client)
    ids = [post_cleaning(client, headers, f"tie {n}") for n in range(3)]
    same_instant = datetime(2030, 1, 1, tzinfo=UTC)
    for n in range(17):
        db.add(
            CleaningEvent(
                cleaning_id=uuid.UUID(ids[n % 3]),
                event_type=FeedEventType.is_update,
                event_timestamp=same_instant,
                changed_fields=["name"],
            )
        )
    db.commit()
    # Among equal timestamps the event id decides: this is the order both variants must give.
    expected = [
        str(cid)
        for cid in db.exec(
            select(CleaningEvent.cleaning_id)
            .where(CleaningEvent.event_timestamp == same_instant)
            .order_by(CleaningEvent.id.desc())  # type: ignore[union-attr]
        ).all()
    ]
    assert Counter(expected) == {ids[0]: 6, ids[1]: 6, ids[2]: 5}
    for limit in (1, 2, 4, 5):
        for items in (
            walk_offset(client, headers, limit),
            walk_cursor(client, headers, limit),
        ):
            assert len(items) == 20
            tied = [
                i["id"] for i in items if i["event_timestamp"].startswith("2030-01-01")
            ]
            assert tied == expected
            assert [i["name"] for i in items[17:]] == ["tie 2", "tie 1", "tie 0"]


def test_cursor_walk_sees_each_event_once_while_new_ones_arrive(
    client: TestClient,
) -> None:
    headers = signed_in(client)
    for n in range(12):
        post_cleaning(client, headers, f"old {n}")
    before = keys(walk_offset(client, headers, 100))
    arrivals = iter(range(100))

    def someone_posts() -> None:
        post_cleaning(client, headers, f"new {next(arrivals)}")

    walked = walk_cursor(client, headers, 5, between_pages=someone_posts)
    assert keys(walked) == before  # every event that existed, once, in order

    # Offset pages shift under the same arrivals: the client sees an event twice.
    seen: list[tuple[str, str, str]] = []
    for skip in range(0, 15, 5):
        page = client.get(
            OFFSET, params={"skip": skip, "limit": 5}, headers=headers
        ).json()
        seen += keys(page["data"])
        someone_posts()
    assert len(seen) != len(set(seen))


def test_starting_date_returns_only_strictly_older_events(
    client: TestClient,
) -> None:
    headers = signed_in(client)
    for n in range(6):
        post_cleaning(client, headers, f"dated {n}")
    items = client.get(OFFSET, headers=headers).json()["data"]
    pivot = items[2]["event_timestamp"]
    page = client.get(CURSOR, params={"starting_date": pivot}, headers=headers).json()
    assert keys(page["data"]) == keys(items[3:])
    assert page["count"] == 6
    assert page["next_cursor"] is None

    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert (
        len(
            client.get(
                CURSOR, params={"starting_date": future}, headers=headers
            ).json()["data"]
        )
        == 6
    )
    naive = "2000-01-01T00:00:00"
    assert (
        client.get(CURSOR, params={"starting_date": naive}, headers=headers).json()[
            "data"
        ]
        == []
    )


@pytest.mark.parametrize("limit", [3, 6])
def test_no_next_cursor_after_an_exactly_full_last_page(
    client: TestClient, limit: int
) -> None:
    headers = signed_in(client)
    for n in range(6):
        post_cleaning(client, headers, f"full {n}")
    pages = [len(page) for page in cursor_pages(client, headers, limit)]
    # No empty page at the end: the last full page already says there is no next one.
    assert pages == [limit] * (6 // limit)


def test_the_default_start_is_computed_per_request(
    client: TestClient,
) -> None:
    headers = signed_in(client)
    post_cleaning(client, headers, "first")
    assert len(client.get(CURSOR, headers=headers).json()["data"]) == 1
    post_cleaning(client, headers, "second")
    names = [i["name"] for i in client.get(CURSOR, headers=headers).json()["data"]]
    assert names == ["second", "first"]


def test_deleting_a_cleaning_removes_its_events_everywhere(
    client: TestClient, tutorial_feed: tuple[dict[str, str], list[str]]
) -> None:
    headers, ids = tutorial_feed
    for cid in (ids[0], ids[1]):  # one updated (2 events), one not (1 event)
        assert (
            client.delete(f"{API}/cleanings/{cid}", headers=headers).status_code == 200
        )
    for items in (walk_offset(client, headers, 20), walk_cursor(client, headers, 20)):
        assert len(items) == 60
        assert not {ids[0], ids[1]} & {i["id"] for i in items}
    assert client.get(OFFSET, headers=headers).json()["count"] == 60
    assert client.get(CURSOR, headers=headers).json()["count"] == 60


def test_count_follows_cascades_from_deleted_users(
    client: TestClient, db: Session
) -> None:
    headers = signed_in(client)
    for n in range(3):
        post_cleaning(client, headers, f"doomed {n}")
    other = signed_in(client)
    post_cleaning(client, other, "survivor")
    assert client.delete(f"{API}/users/me", headers=headers).status_code == 200
    rows = db.exec(select(func.count()).select_from(CleaningEvent)).one()
    assert feed.count_events(session=db) == rows == 1
    assert client.get(OFFSET, headers=other).json()["count"] == 1


# --- bad input -----------------------------------------------------------------------------


def _cursor_of_a_real_page(client: TestClient, headers: dict[str, str]) -> str:
    for n in range(3):
        post_cleaning(client, headers, f"c {n}")
    cursor = client.get(CURSOR, params={"limit": 1}, headers=headers).json()[
        "next_cursor"
    ]
    assert isinstance(cursor, str)
    return cursor


def _signed(micros: int, event_id: int, version: int = feed.CURSOR_VERSION) -> str:
    """A cursor signed with the app's key: what anyone who knows SECRET_KEY can make."""
    payload = feed._PAYLOAD.pack(version, micros, event_id)
    return base64.urlsafe_b64encode(payload + feed._mac(payload)).rstrip(b"=").decode()


def _signed_with_url_safe_characters() -> str:
    """A valid cursor whose base64url text holds '-' or '_' (most do; this one surely)."""
    micros = (datetime.now(UTC) - feed._EPOCH) // timedelta(microseconds=1)
    return next(
        cursor
        for cursor in (_signed(micros, event_id) for event_id in range(1, 1000))
        if "-" in cursor or "_" in cursor
    )


def _tampered(cursor: str) -> list[str]:
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    flipped = bytes([raw[0], raw[1], raw[2] ^ 1, *raw[3:]])  # another time, same MAC
    last = cursor[
        -1
    ]  # 44 characters for 33 bytes: all six bits of the last one are MAC
    return [
        base64.urlsafe_b64encode(flipped).rstrip(b"=").decode(),
        cursor[:-3],  # truncated
        cursor + "=",  # re-encoded with padding
        cursor[:-1] + ("B" if last == "A" else "A"),  # MAC changed
        "junk",
        "",
        "\u00e9" * len(cursor),
    ]


def test_bad_cursors_are_422_never_a_500_or_a_moved_page(
    client: TestClient,
) -> None:
    headers = signed_in(client)
    cursor = _cursor_of_a_real_page(client, headers)
    assert (
        client.get(CURSOR, params={"cursor": cursor}, headers=headers).status_code
        == 200
    )
    for bad in _tampered(cursor):
        r = client.get(CURSOR, params={"cursor": bad}, headers=headers)
        assert r.status_code == 422, (bad, r.text)
        assert r.json()["detail"][0]["loc"] == ["query", "cursor"]
        error = r.json()["detail"][0]
        # An empty one is refused by the schema's minLength, the others by their signature.
        assert "cursor" in error["msg"].lower() or error["type"] == "string_too_short"


def test_a_cursor_in_standard_base64_is_refused(client: TestClient) -> None:
    # "+" and "/" decode to the same bytes as "-" and "_": one cursor, one spelling.
    headers = signed_in(client)
    cursor = _signed_with_url_safe_characters()
    r = client.get(CURSOR, params={"cursor": cursor}, headers=headers)
    assert r.status_code == 200, r.text
    standard = cursor.replace("-", "+").replace("_", "/")
    r = client.get(CURSOR, params={"cursor": standard}, headers=headers)
    assert r.status_code == 422, r.text
    assert "canonical" in r.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    "micros",
    [
        2**63 - 1,
        -(2**63),
        (datetime.max.replace(tzinfo=UTC) - feed._EPOCH) // timedelta(microseconds=1)
        + 1,
        (datetime.min.replace(tzinfo=UTC) - feed._EPOCH) // timedelta(microseconds=1)
        - 1,
    ],
)
def test_a_signed_cursor_with_an_out_of_range_time_is_422(
    client: TestClient, micros: int
) -> None:
    headers = signed_in(client)
    r = client.get(CURSOR, params={"cursor": _signed(micros, 1)}, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["loc"] == ["query", "cursor"]
    assert "out of range" in r.json()["detail"][0]["msg"]


def test_cursor_and_starting_date_together_is_422(client: TestClient) -> None:
    headers = signed_in(client)
    cursor = _cursor_of_a_real_page(client, headers)  # valid: only the pair is wrong
    r = client.get(
        CURSOR,
        params={"cursor": cursor, "starting_date": "2024-01-01T00:00:00Z"},
        headers=headers,
    )
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["msg"] == (
        "give either cursor or starting_date, not both"
    )


def test_a_cursor_signed_with_another_key_is_refused(
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = signed_in(client)
    cursor = _cursor_of_a_real_page(client, headers)
    monkeypatch.setattr(
        settings, "SECRET_KEY", "another-secret-key-of-another-deployment"
    )
    headers = signed_in(client)  # the old token is now forged too
    r = client.get(CURSOR, params={"cursor": cursor}, headers=headers)
    assert r.status_code == 422
    assert "not issued by this server" in r.json()["detail"][0]["msg"]


def test_a_cursor_of_another_version_is_refused() -> None:
    with pytest.raises(feed.InvalidCursor, match="version 99"):
        feed.decode_cursor(_signed(0, 1, version=99))


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"limit": -1},
        {"limit": "ten"},
        {"starting_date": "yesterday"},
        {"starting_date": "2024-13-45T99:00:00"},
    ],
)
def test_invalid_parameters_are_422(
    client: TestClient,
    normal_user_token_headers: dict[str, str],
    params: dict[str, Any],
) -> None:
    r = client.get(CURSOR, params=params, headers=normal_user_token_headers)
    assert r.status_code == 422, r.text
    if "starting_date" not in params:
        r = client.get(OFFSET, params=params, headers=normal_user_token_headers)
        assert r.status_code == 422, r.text


def test_negative_skip_is_422(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    r = client.get(OFFSET, params={"skip": -1}, headers=normal_user_token_headers)
    assert r.status_code == 422


def test_the_feed_is_for_signed_in_users(client: TestClient) -> None:
    for url in (OFFSET, CURSOR):
        r = client.get(url)
        assert r.status_code == 401
        assert r.headers["www-authenticate"] == "Bearer"


def test_event_data_of_a_create_is_the_job_as_posted(client: TestClient) -> None:
    headers = signed_in(client)
    posted = {
        "name": "Fenêtres",
        "description": "not in the event",
        "price": "30",
        "cleaning_type": "dust_up",
        "area": "Alfama, Lisbon",
        "scheduled_on": "2031-03-01",
    }
    r = client.post(f"{API}/cleanings/", json=posted, headers=headers)
    assert r.status_code == 201, r.text
    plain = post_cleaning(client, headers, "plain")
    [second, first] = client.get(OFFSET, headers=headers).json()["data"]
    assert first["event_data"] == {
        "name": "Fenêtres",
        "price": "30.00",
        "cleaning_type": "dust_up",
        "area": "Alfama, Lisbon",
        "scheduled_on": "2031-03-01",
    }
    assert second["id"] == plain
    assert second["event_data"] == {
        "name": "plain",
        "price": "25.00",
        "cleaning_type": "spot_clean",
        "area": None,
        "scheduled_on": None,
    }


def test_event_data_of_an_update_has_old_and_new_of_each_changed_field(
    client: TestClient,
) -> None:
    headers = signed_in(client)
    cid = post_cleaning(client, headers, "to change")
    changes = [
        {"price": "26.5", "area": "Soho", "name": "to change"},
        {"scheduled_on": "2031-01-02", "description": "words", "area": None},
    ]
    for change in changes:
        r = client.put(f"{API}/cleanings/{cid}", json=change, headers=headers)
        assert r.status_code == 200, r.text
    # Nothing changes: nothing recorded.
    r = client.put(f"{API}/cleanings/{cid}", json=changes[1], headers=headers)
    assert r.status_code == 200, r.text
    body = client.get(CURSOR, headers=headers).json()
    assert body["count"] == 3
    [second, first, _] = body["data"]
    assert first["changed_fields"] == ["area", "price"]
    assert first["event_data"] == {
        "area": {"old": None, "new": "Soho"},
        "price": {"old": "25.00", "new": "26.50"},
    }
    assert second["changed_fields"] == ["area", "description", "scheduled_on"]
    assert second["event_data"] == {
        "area": {"old": "Soho", "new": None},
        "description": {"old": None, "new": "words"},
        "scheduled_on": {"old": None, "new": "2031-01-02"},
    }
