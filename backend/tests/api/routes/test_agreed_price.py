"""Once an offer is accepted, the job's price and type are what was agreed: fixed until the
cleaner cancels, and shown on the accepted offer as `agreed_price`."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.utils.marketplace import (
    API,
    accept_offer,
    cleanings_url,
    evaluate,
    hire,
    make_offer,
    offers_url,
    post_cleaning,
    sign_in_superuser,
    sign_up,
)

# Every request runs in the test transaction (without `db` requests would commit for real).
pytestmark = pytest.mark.usefixtures("db")

FIXED_CHANGES = [{"price": "0.01"}, {"cleaning_type": "dust_up"}]


@pytest.mark.parametrize("change", FIXED_CHANGES)
@pytest.mark.parametrize("state", ["accepted", "completed"])
def test_price_and_type_are_fixed_once_an_offer_is_accepted(
    client: TestClient, change: dict[str, Any], state: str
) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(
        client, owner, cleaner, price="50.00", cleaning_type="full_clean"
    )
    if state == "completed":
        evaluate(client, owner, cleaner, cleaning_id)
    before = client.get(cleanings_url(cleaning_id), headers=owner.headers).json()

    for who in (owner, sign_in_superuser(client)):
        r = client.put(cleanings_url(cleaning_id), headers=who.headers, json=change)
        assert r.status_code == 409, r.text
        assert "fixed" in r.json()["detail"]
    after = client.get(cleanings_url(cleaning_id), headers=owner.headers).json()
    assert after == before


def test_other_fields_and_unchanged_values_may_still_be_sent(
    client: TestClient,
) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(
        client, owner, cleaner, price="50.00", cleaning_type="full_clean"
    )
    r = client.put(
        cleanings_url(cleaning_id),
        headers=owner.headers,
        json={"name": "Renamed", "price": "50", "cleaning_type": "full_clean"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Renamed"
    assert r.json()["price"] == "50.00"


@pytest.mark.parametrize("change", FIXED_CHANGES)
def test_price_and_type_can_change_again_once_the_cleaner_cancels(
    client: TestClient, change: dict[str, Any]
) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(
        client, owner, cleaner, price="50.00", cleaning_type="full_clean"
    )
    r = client.post(offers_url(cleaning_id, "mine/cancel"), headers=cleaner.headers)
    assert r.status_code == 200, r.text
    r = client.put(cleanings_url(cleaning_id), headers=owner.headers, json=change)
    assert r.status_code == 200, r.text
    assert r.json() | change == r.json()


def test_the_accepted_offer_shows_the_agreed_price(client: TestClient) -> None:
    owner, hired, other = sign_up(client), sign_up(client), sign_up(client)
    cleaning_id = post_cleaning(client, owner, price="1e2")["id"]
    pending = make_offer(client, hired, cleaning_id)
    make_offer(client, other, cleaning_id)
    assert pending["agreed_price"] is None

    accepted = accept_offer(client, owner, cleaning_id, hired)

    assert accepted["agreed_price"] == "100.00"
    listed = client.get(offers_url(cleaning_id), headers=owner.headers).json()["data"]
    assert {o["user"]["username"]: o["agreed_price"] for o in listed} == {
        hired.username: "100.00",
        other.username: None,
    }
    mine = client.get(f"{API}/users/me/offers", headers=hired.headers).json()["data"]
    assert [o["agreed_price"] for o in mine] == ["100.00"]
    evaluate(client, owner, hired, cleaning_id)
    r = client.get(offers_url(cleaning_id, hired.username), headers=hired.headers)
    assert r.json()["status"] == "completed"
    assert r.json()["agreed_price"] == "100.00"


def test_the_agreed_price_is_the_price_when_accepted(client: TestClient) -> None:
    owner, first, second = sign_up(client), sign_up(client), sign_up(client)
    cleaning_id = post_cleaning(client, owner, price="40.00")["id"]
    make_offer(client, first, cleaning_id)
    make_offer(client, second, cleaning_id)
    accept_offer(client, owner, cleaning_id, first)
    r = client.post(offers_url(cleaning_id, "mine/cancel"), headers=first.headers)
    assert r.json()["agreed_price"] == "40.00"  # what had been agreed, kept
    r = client.put(
        cleanings_url(cleaning_id), headers=owner.headers, json={"price": 45}
    )
    assert r.status_code == 200, r.text

    assert accept_offer(client, owner, cleaning_id, second)["agreed_price"] == "45.00"


def test_updating_a_job_declares_its_409(client: TestClient) -> None:
    schema = client.get(f"{API}/openapi.json").json()
    assert "409" in schema["paths"][f"{API}/cleanings/{{id}}"]["put"]["responses"]
    offer = schema["components"]["schemas"]["OfferPublic"]
    assert "agreed_price" in offer["properties"]
