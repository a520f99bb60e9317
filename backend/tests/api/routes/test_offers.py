import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.utils.marketplace import (
    API,
    accept_offer,
    accept_url,
    evaluate,
    hire,
    job_with_offers,
    make_offer,
    offer_statuses,
    offers_url,
    post_cleaning,
    sign_in_superuser,
    sign_up,
    timestamp,
)

# Every request runs in the test transaction (without `db` requests would commit for real).
pytestmark = pytest.mark.usefixtures("db")

MY_OFFERS = f"{API}/users/me/offers"


def offer_url(cleaning_id: str, username: str) -> str:
    return offers_url(cleaning_id, username)


def cancel_url(cleaning_id: str) -> str:
    return offers_url(cleaning_id, "mine/cancel")


def mine_url(cleaning_id: str) -> str:
    return offers_url(cleaning_id, "mine")


# Make an offer


def test_make_an_offer(client: TestClient) -> None:
    owner, cleaner = sign_up(client), sign_up(client, full_name="Cleo")
    cleaning_id = post_cleaning(client, owner)["id"]

    r = client.post(offers_url(cleaning_id), headers=cleaner.headers)

    assert r.status_code == 201, r.text
    offer = r.json()
    assert offer["cleaning_id"] == cleaning_id
    assert offer["user_id"] == cleaner.id
    assert offer["status"] == "pending"
    assert offer["user"] == {
        "id": cleaner.id,
        "username": cleaner.username,
        "full_name": "Cleo",
        "image": None,
        "phone_number": None,
    }
    assert timestamp(offer["created_at"]).utcoffset() == timedelta(0)
    assert offer_statuses(client, owner, cleaning_id) == {cleaner.username: "pending"}


def test_owner_cannot_offer_on_own_job(client: TestClient) -> None:
    owner = sign_up(client)
    cleaning_id = post_cleaning(client, owner)["id"]
    r = client.post(offers_url(cleaning_id), headers=owner.headers)
    assert r.status_code == 403, r.text
    assert offer_statuses(client, owner, cleaning_id) == {}


def test_second_offer_by_the_same_user_is_409(client: TestClient) -> None:
    owner, cleaning_id, [cleaner] = job_with_offers(client, 1)
    r = client.post(offers_url(cleaning_id), headers=cleaner.headers)
    assert r.status_code == 409, r.text
    listed = client.get(offers_url(cleaning_id), headers=owner.headers).json()
    assert listed["count"] == 1


def test_offer_on_unknown_cleaning_is_404(client: TestClient) -> None:
    cleaner = sign_up(client)
    r = client.post(offers_url(str(uuid.uuid4())), headers=cleaner.headers)
    assert r.status_code == 404


def test_offers_require_sign_in(client: TestClient) -> None:
    owner, cleaning_id, [cleaner] = job_with_offers(client, 1)
    calls = [
        ("POST", offers_url(cleaning_id)),
        ("GET", offers_url(cleaning_id)),
        ("GET", offer_url(cleaning_id, cleaner.username)),
        ("POST", accept_url(cleaning_id, cleaner.username)),
        ("POST", cancel_url(cleaning_id)),
        ("DELETE", mine_url(cleaning_id)),
        ("GET", MY_OFFERS),
    ]
    for method, url in calls:
        r = client.request(method, url)
        assert r.status_code == 401, (method, url, r.text)
        assert r.headers["www-authenticate"] == "Bearer"
    assert offer_statuses(client, owner, cleaning_id) == {cleaner.username: "pending"}


# The job's list of offers


def test_owner_lists_offers_with_offerer_profiles(client: TestClient) -> None:
    owner, cleaning_id, cleaners = job_with_offers(client, 3)

    r = client.get(offers_url(cleaning_id), headers=owner.headers)

    assert r.status_code == 200, r.text
    body = r.json()
    assert body["count"] == 3
    # Oldest first.
    assert [o["user"] for o in body["data"]] == [
        {
            "id": c.id,
            "username": c.username,
            "full_name": f"Cleaner {i}",
            "image": None,
            "phone_number": None,
        }
        for i, c in enumerate(cleaners)
    ]
    assert all(o["status"] == "pending" for o in body["data"])
    assert all(o["cleaning_id"] == cleaning_id for o in body["data"])
    assert all("email" not in o["user"] for o in body["data"])


def test_offers_list_pages(client: TestClient) -> None:
    owner, cleaning_id, cleaners = job_with_offers(client, 3)
    pages = [
        client.get(
            offers_url(cleaning_id),
            headers=owner.headers,
            params={"skip": skip, "limit": 2},
        ).json()
        for skip in (0, 2)
    ]
    assert [p["count"] for p in pages] == [3, 3]
    assert [[o["user_id"] for o in p["data"]] for p in pages] == [
        [cleaners[0].id, cleaners[1].id],
        [cleaners[2].id],
    ]


def test_superuser_lists_offers(client: TestClient) -> None:
    superuser = sign_in_superuser(client)
    _, cleaning_id, cleaners = job_with_offers(client, 2)
    r = client.get(offers_url(cleaning_id), headers=superuser.headers)
    assert r.status_code == 200, r.text
    assert {o["user"]["username"] for o in r.json()["data"]} == {
        c.username for c in cleaners
    }


def test_others_cannot_list_offers(client: TestClient) -> None:
    _, cleaning_id, [offerer] = job_with_offers(client, 1)
    stranger = sign_up(client)
    assert (
        client.get(offers_url(cleaning_id), headers=stranger.headers).status_code == 403
    )
    # Not even someone who made an offer on it.
    assert (
        client.get(offers_url(cleaning_id), headers=offerer.headers).status_code == 403
    )


def test_list_offers_of_unknown_cleaning_is_404(client: TestClient) -> None:
    user = sign_up(client)
    r = client.get(offers_url(str(uuid.uuid4())), headers=user.headers)
    assert r.status_code == 404


# One offer


def test_owner_and_offerer_read_the_offer(client: TestClient) -> None:
    owner, cleaning_id, [cleaner, other] = job_with_offers(client, 2)
    for reader in (owner, cleaner):
        r = client.get(offer_url(cleaning_id, cleaner.username), headers=reader.headers)
        assert r.status_code == 200, r.text
        assert r.json()["user_id"] == cleaner.id
        assert r.json()["user"]["username"] == cleaner.username
        assert r.json()["status"] == "pending"
    # Another offerer on the same job is a third party to this offer.
    r = client.get(offer_url(cleaning_id, cleaner.username), headers=other.headers)
    assert r.status_code == 403


def test_third_user_cannot_read_an_offer(client: TestClient) -> None:
    _, cleaning_id, [cleaner] = job_with_offers(client, 1)
    stranger = sign_up(client)
    r = client.get(offer_url(cleaning_id, cleaner.username), headers=stranger.headers)
    assert r.status_code == 403


def test_read_offer_of_unknown_username_is_404(client: TestClient) -> None:
    owner, cleaning_id, _ = job_with_offers(client, 1)
    r = client.get(offer_url(cleaning_id, "nobody_by_that_name"), headers=owner.headers)
    assert r.status_code == 404


def test_read_offer_that_does_not_exist_is_404(client: TestClient) -> None:
    owner, cleaning_id, _ = job_with_offers(client, 1)
    no_offer = sign_up(client)
    r = client.get(offer_url(cleaning_id, no_offer.username), headers=owner.headers)
    assert r.status_code == 404
    r = client.get(offer_url(cleaning_id, no_offer.username), headers=no_offer.headers)
    assert r.status_code == 404


def test_read_offer_on_unknown_cleaning_is_404(client: TestClient) -> None:
    cleaner = sign_up(client)
    r = client.get(
        offer_url(str(uuid.uuid4()), cleaner.username), headers=cleaner.headers
    )
    assert r.status_code == 404


# Accept


def test_accept_rejects_the_other_pending_offers(client: TestClient) -> None:
    owner, cleaning_id, [a, b, c] = job_with_offers(client, 3)

    r = client.post(accept_url(cleaning_id, b.username), headers=owner.headers)

    assert r.status_code == 200, r.text
    accepted = r.json()
    assert accepted["status"] == "accepted"
    assert accepted["user_id"] == b.id
    assert accepted["user"]["username"] == b.username
    assert offer_statuses(client, owner, cleaning_id) == {
        a.username: "rejected",
        b.username: "accepted",
        c.username: "rejected",
    }
    # The offerers see it too.
    mine = client.get(offer_url(cleaning_id, a.username), headers=a.headers).json()
    assert mine["status"] == "rejected"
    assert client.get(MY_OFFERS, headers=c.headers).json()["data"][0]["status"] == (
        "rejected"
    )


def test_only_the_owner_accepts(client: TestClient) -> None:
    owner, cleaning_id, [a, b] = job_with_offers(client, 2)
    stranger = sign_up(client)
    for intruder in (a, b, stranger):
        r = client.post(accept_url(cleaning_id, a.username), headers=intruder.headers)
        assert r.status_code == 403, (intruder.username, r.text)
    assert offer_statuses(client, owner, cleaning_id) == {
        a.username: "pending",
        b.username: "pending",
    }


def test_accept_unknown_username_or_missing_offer_is_404(client: TestClient) -> None:
    owner, cleaning_id, _ = job_with_offers(client, 1)
    no_offer = sign_up(client)
    r = client.post(
        accept_url(cleaning_id, "nobody_by_that_name"), headers=owner.headers
    )
    assert r.status_code == 404
    r = client.post(accept_url(cleaning_id, no_offer.username), headers=owner.headers)
    assert r.status_code == 404
    r = client.post(
        accept_url(str(uuid.uuid4()), no_offer.username), headers=owner.headers
    )
    assert r.status_code == 404


def test_second_accept_on_the_job_is_409(client: TestClient) -> None:
    owner, cleaning_id, [a, b] = job_with_offers(client, 2)
    accept_offer(client, owner, cleaning_id, a)

    # b's offer was rejected; a's is already accepted.
    for cleaner in (b, a):
        r = client.post(
            accept_url(cleaning_id, cleaner.username), headers=owner.headers
        )
        assert r.status_code == 409, r.text
    assert offer_statuses(client, owner, cleaning_id) == {
        a.username: "accepted",
        b.username: "rejected",
    }


def test_accepting_a_cancelled_offer_is_409(client: TestClient) -> None:
    owner, cleaning_id, [a, b] = job_with_offers(client, 2)
    accept_offer(client, owner, cleaning_id, a)
    assert client.post(cancel_url(cleaning_id), headers=a.headers).status_code == 200

    # The job is free again, but a's offer is no longer pending.
    r = client.post(accept_url(cleaning_id, a.username), headers=owner.headers)
    assert r.status_code == 409, r.text
    assert offer_statuses(client, owner, cleaning_id) == {
        a.username: "cancelled",
        b.username: "pending",
    }


def test_no_new_offers_once_accepted(client: TestClient) -> None:
    owner, cleaning_id, [a] = job_with_offers(client, 1)
    accept_offer(client, owner, cleaning_id, a)
    late = sign_up(client)
    r = client.post(offers_url(cleaning_id), headers=late.headers)
    assert r.status_code == 409, r.text
    assert offer_statuses(client, owner, cleaning_id) == {a.username: "accepted"}


def test_no_new_offers_once_completed(client: TestClient) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(client, owner, cleaner)
    evaluate(client, owner, cleaner, cleaning_id)
    late = sign_up(client)
    r = client.post(offers_url(cleaning_id), headers=late.headers)
    assert r.status_code == 409, r.text
    assert offer_statuses(client, owner, cleaning_id) == {cleaner.username: "completed"}


# Cancel (the accepted cleaner withdraws)


def test_accepted_offerer_cancels_and_the_others_are_pending_again(
    client: TestClient,
) -> None:
    owner, cleaning_id, [a, b, c] = job_with_offers(client, 3)
    accept_offer(client, owner, cleaning_id, a)

    r = client.post(cancel_url(cleaning_id), headers=a.headers)

    assert r.status_code == 200, r.text
    assert r.json()["status"] == "cancelled"
    assert r.json()["user_id"] == a.id
    assert r.json()["user"]["username"] == a.username
    assert offer_statuses(client, owner, cleaning_id) == {
        a.username: "cancelled",
        b.username: "pending",
        c.username: "pending",
    }
    # The job can take another cleaner, and new offers are welcome again.
    accepted = accept_offer(client, owner, cleaning_id, c)
    assert accepted["status"] == "accepted"
    assert offer_statuses(client, owner, cleaning_id) == {
        a.username: "cancelled",
        b.username: "rejected",
        c.username: "accepted",
    }


def test_new_offers_are_welcome_after_a_cancel(client: TestClient) -> None:
    owner, cleaning_id, [a] = job_with_offers(client, 1)
    accept_offer(client, owner, cleaning_id, a)
    assert client.post(cancel_url(cleaning_id), headers=a.headers).status_code == 200
    newcomer = sign_up(client)
    make_offer(client, newcomer, cleaning_id)
    # One offer per cleaner and job, whatever became of it.
    assert client.post(offers_url(cleaning_id), headers=a.headers).status_code == 409


def test_cancel_of_a_pending_offer_is_409(client: TestClient) -> None:
    owner, cleaning_id, [a] = job_with_offers(client, 1)
    r = client.post(cancel_url(cleaning_id), headers=a.headers)
    assert r.status_code == 409, r.text
    assert offer_statuses(client, owner, cleaning_id) == {a.username: "pending"}


def test_cancel_by_anyone_but_the_accepted_offerer_fails(client: TestClient) -> None:
    owner, cleaning_id, [a, b] = job_with_offers(client, 2)
    accept_offer(client, owner, cleaning_id, a)
    stranger = sign_up(client)

    assert client.post(cancel_url(cleaning_id), headers=b.headers).status_code == 409
    # Neither the owner nor a stranger has an offer to cancel.
    assert (
        client.post(cancel_url(cleaning_id), headers=owner.headers).status_code == 404
    )
    assert (
        client.post(cancel_url(cleaning_id), headers=stranger.headers).status_code
        == 404
    )
    assert offer_statuses(client, owner, cleaning_id) == {
        a.username: "accepted",
        b.username: "rejected",
    }


def test_cancel_twice_or_after_completion_is_409(client: TestClient) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    first = hire(client, owner, cleaner)
    assert client.post(cancel_url(first), headers=cleaner.headers).status_code == 200
    assert client.post(cancel_url(first), headers=cleaner.headers).status_code == 409

    second = hire(client, owner, cleaner)
    evaluate(client, owner, cleaner, second)
    assert client.post(cancel_url(second), headers=cleaner.headers).status_code == 409
    assert offer_statuses(client, owner, second) == {cleaner.username: "completed"}


# Rescind (a pending offer is taken back)


def test_rescind_a_pending_offer(client: TestClient) -> None:
    owner, cleaning_id, [a, b] = job_with_offers(client, 2)

    r = client.delete(mine_url(cleaning_id), headers=a.headers)

    assert r.status_code == 200, r.text
    assert r.json() == {"message": "Offer rescinded successfully"}
    for reader in (owner, a):
        r = client.get(offer_url(cleaning_id, a.username), headers=reader.headers)
        assert r.status_code == 404
    assert offer_statuses(client, owner, cleaning_id) == {b.username: "pending"}
    assert client.get(MY_OFFERS, headers=a.headers).json() == {"data": [], "count": 0}
    assert client.delete(mine_url(cleaning_id), headers=a.headers).status_code == 404
    # Gone for good: the cleaner may offer again.
    make_offer(client, a, cleaning_id)


@pytest.mark.parametrize("who", ["accepted", "rejected", "cancelled"])
def test_rescind_of_an_offer_that_is_not_pending_is_409(
    client: TestClient, who: str
) -> None:
    owner, cleaning_id, [a, b] = job_with_offers(client, 2)
    accept_offer(client, owner, cleaning_id, a)
    if who == "cancelled":
        assert (
            client.post(cancel_url(cleaning_id), headers=a.headers).status_code == 200
        )
        accept_offer(client, owner, cleaning_id, b)
    rescinder = b if who == "rejected" else a
    before = offer_statuses(client, owner, cleaning_id)

    r = client.delete(mine_url(cleaning_id), headers=rescinder.headers)

    assert r.status_code == 409, r.text
    assert before[rescinder.username] == who
    assert offer_statuses(client, owner, cleaning_id) == before


def test_rescind_without_an_offer_is_404(client: TestClient) -> None:
    owner, cleaning_id, _ = job_with_offers(client, 1)
    assert (
        client.delete(mine_url(cleaning_id), headers=owner.headers).status_code == 404
    )
    stranger = sign_up(client)
    r = client.delete(mine_url(str(uuid.uuid4())), headers=stranger.headers)
    assert r.status_code == 404


# The caller's own offers


def test_my_offers_lists_only_my_offers(client: TestClient) -> None:
    me, rival = sign_up(client), sign_up(client)
    owners = [sign_up(client) for _ in range(3)]
    jobs = [post_cleaning(client, owner)["id"] for owner in owners]
    for job in jobs:
        make_offer(client, me, job)
    make_offer(client, rival, jobs[0])
    accept_offer(client, owners[1], jobs[1], me)
    accept_offer(client, owners[0], jobs[0], rival)

    r = client.get(MY_OFFERS, headers=me.headers)

    assert r.status_code == 200, r.text
    body = r.json()
    assert body["count"] == 3
    assert all(o["user_id"] == me.id for o in body["data"])
    assert all(o["user"]["username"] == me.username for o in body["data"])
    assert {o["cleaning_id"]: o["status"] for o in body["data"]} == {
        jobs[0]: "rejected",
        jobs[1]: "accepted",
        jobs[2]: "pending",
    }
    rivals = client.get(MY_OFFERS, headers=rival.headers).json()
    assert [(o["cleaning_id"], o["status"]) for o in rivals["data"]] == [
        (jobs[0], "accepted")
    ]
    assert rivals["count"] == 1
    assert client.get(MY_OFFERS, headers=owners[0].headers).json() == {
        "data": [],
        "count": 0,
    }


def test_my_offers_pages(client: TestClient) -> None:
    me = sign_up(client)
    owner = sign_up(client)
    jobs = [post_cleaning(client, owner)["id"] for _ in range(3)]
    for job in jobs:
        make_offer(client, me, job)
    pages = [
        client.get(MY_OFFERS, headers=me.headers, params={"skip": s, "limit": 2}).json()
        for s in (0, 2)
    ]
    assert [p["count"] for p in pages] == [3, 3]
    # Newest first.
    assert [o["cleaning_id"] for p in pages for o in p["data"]] == jobs[::-1]


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 101}, {"limit": -1}, {"skip": -1}]
)
def test_offer_lists_paging_out_of_range_is_422(
    client: TestClient, params: dict[str, Any]
) -> None:
    owner, cleaning_id, [cleaner] = job_with_offers(client, 1)
    r = client.get(offers_url(cleaning_id), headers=owner.headers, params=params)
    assert r.status_code == 422, r.text
    r = client.get(MY_OFFERS, headers=cleaner.headers, params=params)
    assert r.status_code == 422, r.text
