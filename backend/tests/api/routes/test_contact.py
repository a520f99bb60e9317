"""Contact after hiring: while an offer is accepted or completed, and only then, the job's owner
and that cleaner see each other's phone number; nobody else does."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.utils.marketplace import (
    API,
    Account,
    accept_offer,
    evaluate,
    make_offer,
    offers_url,
    post_cleaning,
    sign_in_superuser,
    sign_up,
)

pytestmark = pytest.mark.usefixtures("db")


def with_phone(client: TestClient, name: str) -> Account:
    user = sign_up(client, full_name=name)
    r = client.patch(
        f"{API}/profiles/me", headers=user.headers, json={"phone_number": f"+1 {name}"}
    )
    assert r.status_code == 200, r.text
    return user


def get(client: TestClient, viewer: Account, path: str, **params: Any) -> Any:
    r = client.get(f"{API}{path}", headers=viewer.headers, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def profile_phone(client: TestClient, viewer: Account, of: Account) -> str | None:
    phone: str | None = get(client, viewer, f"/profiles/{of.username}")["phone_number"]
    return phone


def owner_phone_in_job(client: TestClient, viewer: Account, job: str) -> str | None:
    phone: str | None = get(client, viewer, f"/cleanings/{job}")["owner"][
        "phone_number"
    ]
    return phone


def offer_phones(client: TestClient, viewer: Account, job: str) -> dict[str, Any]:
    offers = get(client, viewer, f"/cleanings/{job}/offers/")["data"]
    return {o["user"]["username"]: o["user"]["phone_number"] for o in offers}


def my_offer_owner_phones(client: TestClient, cleaner: Account) -> dict[str, Any]:
    offers = get(client, cleaner, "/users/me/offers")["data"]
    return {o["cleaning_id"]: o["cleaning"]["owner"]["phone_number"] for o in offers}


@pytest.fixture
def parties(client: TestClient) -> dict[str, Any]:
    owner = with_phone(client, "Olga")
    carl, dana, stranger = (with_phone(client, n) for n in ("Carl", "Dana", "Sam"))
    job = post_cleaning(client, owner)["id"]
    make_offer(client, carl, job)
    make_offer(client, dana, job)
    return {
        "owner": owner,
        "carl": carl,
        "dana": dana,
        "stranger": stranger,
        "job": job,
    }


def test_while_offers_are_pending_nobody_sees_a_phone(
    client: TestClient, parties: dict[str, Any]
) -> None:
    owner, carl, job = parties["owner"], parties["carl"], parties["job"]
    assert offer_phones(client, owner, job) == {
        carl.username: None,
        parties["dana"].username: None,
    }
    assert owner_phone_in_job(client, carl, job) is None
    assert profile_phone(client, owner, carl) is None
    assert profile_phone(client, carl, owner) is None
    assert my_offer_owner_phones(client, carl) == {job: None}


def test_once_hired_owner_and_cleaner_see_each_others_phone(
    client: TestClient, parties: dict[str, Any]
) -> None:
    owner, carl, dana, job = (parties[k] for k in ("owner", "carl", "dana", "job"))
    accepted = accept_offer(client, owner, job, carl)
    assert accepted["user"]["phone_number"] == "+1 Carl"
    # The owner: in the offers, the one offer and the cleaner's profile.
    assert offer_phones(client, owner, job) == {
        carl.username: "+1 Carl",
        dana.username: None,  # declined
    }
    one = get(client, owner, f"/cleanings/{job}/offers/{carl.username}")
    assert one["user"]["phone_number"] == "+1 Carl"
    assert profile_phone(client, owner, carl) == "+1 Carl"
    # The cleaner: in the job, their offers and the owner's profile.
    assert owner_phone_in_job(client, carl, job) == "+1 Olga"
    assert my_offer_owner_phones(client, carl) == {job: "+1 Olga"}
    assert profile_phone(client, carl, owner) == "+1 Olga"


def test_nobody_else_sees_them(client: TestClient, parties: dict[str, Any]) -> None:
    owner, carl, dana, job = (parties[k] for k in ("owner", "carl", "dana", "job"))
    accept_offer(client, owner, job, carl)
    admin = sign_in_superuser(client)
    for viewer in (dana, parties["stranger"], admin):
        assert owner_phone_in_job(client, viewer, job) is None
        assert profile_phone(client, viewer, owner) is None
        assert profile_phone(client, viewer, carl) is None
    # A superuser may read the offers, not the numbers in them.
    assert set(offer_phones(client, admin, job).values()) == {None}
    # The declined cleaner's own view of their offer.
    assert my_offer_owner_phones(client, dana) == {job: None}
    # The owner does not see the declined cleaner's number either.
    assert profile_phone(client, owner, dana) is None


def test_a_completed_job_keeps_the_contact(
    client: TestClient, parties: dict[str, Any]
) -> None:
    owner, carl, job = parties["owner"], parties["carl"], parties["job"]
    accept_offer(client, owner, job, carl)
    evaluate(client, owner, carl, job)
    assert owner_phone_in_job(client, carl, job) == "+1 Olga"
    assert offer_phones(client, owner, job)[carl.username] == "+1 Carl"
    assert profile_phone(client, carl, owner) == "+1 Olga"


def test_a_cancelled_hire_ends_the_contact(
    client: TestClient, parties: dict[str, Any]
) -> None:
    owner, carl, job = parties["owner"], parties["carl"], parties["job"]
    accept_offer(client, owner, job, carl)
    r = client.post(offers_url(job, "mine/cancel"), headers=carl.headers)
    assert r.status_code == 200, r.text
    assert owner_phone_in_job(client, carl, job) is None
    assert offer_phones(client, owner, job)[carl.username] is None
    assert profile_phone(client, owner, carl) is None
    assert profile_phone(client, carl, owner) is None


def test_my_offers_embed_the_job_and_filter_by_status(
    client: TestClient, parties: dict[str, Any]
) -> None:
    owner, carl, job = parties["owner"], parties["carl"], parties["job"]
    other = post_cleaning(client, owner, name="Second job")["id"]
    make_offer(client, carl, other)
    accept_offer(client, owner, job, carl)
    page = get(client, carl, "/users/me/offers")
    assert page["count"] == 2
    by_job = {o["cleaning_id"]: o for o in page["data"]}
    assert by_job[job]["cleaning"]["status"] == "hired"
    assert by_job[job]["cleaning"]["owner"]["username"] == owner.username
    assert by_job[other]["cleaning"]["name"] == "Second job"
    pending = get(client, carl, "/users/me/offers", status="pending")
    assert [o["cleaning_id"] for o in pending["data"]] == [other]
    assert pending["count"] == 1
    r = client.get(
        f"{API}/users/me/offers", headers=carl.headers, params={"status": "nope"}
    )
    assert r.status_code == 422
