"""Marketplace helpers that go through the API, the way a client would.

Every helper asserts the status code it expects, so a test that uses them to set the scene fails
at the step that broke, not later with a confusing KeyError.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient

from app.core.config import settings
from tests.utils.utils import random_email, random_lower_string

API = settings.API_V1_STR

Json = dict[str, Any]


@dataclass(frozen=True)
class Account:
    """A user who exists through the API, and the headers that sign them in."""

    id: str
    username: str
    email: str
    password: str
    headers: dict[str, str]


def random_username() -> str:
    return f"u_{random_lower_string(16)}"


def login_headers(client: TestClient, *, email: str, password: str) -> dict[str, str]:
    r = client.post(
        f"{API}/login/access-token", data={"username": email, "password": password}
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def sign_up(client: TestClient, *, full_name: str | None = None) -> Account:
    """A new user, signed up and logged in."""
    email, password, username = random_email(), random_lower_string(), random_username()
    r = client.post(
        f"{API}/users/signup",
        json={
            "email": email,
            "password": password,
            "username": username,
            "full_name": full_name,
        },
    )
    assert r.status_code == 200, r.text
    return Account(
        id=r.json()["id"],
        username=username,
        email=email,
        password=password,
        headers=login_headers(client, email=email, password=password),
    )


def sign_in_superuser(client: TestClient) -> Account:
    headers = login_headers(
        client,
        email=settings.FIRST_SUPERUSER,
        password=settings.FIRST_SUPERUSER_PASSWORD,
    )
    me = client.get(f"{API}/users/me", headers=headers).json()
    return Account(
        id=me["id"],
        username=me["username"],
        email=me["email"],
        password=settings.FIRST_SUPERUSER_PASSWORD,
        headers=headers,
    )


def timestamp(value: str) -> datetime:
    return datetime.fromisoformat(value)


# Cleanings


def cleanings_url(cleaning_id: str | None = None) -> str:
    return (
        f"{API}/cleanings/" if cleaning_id is None else f"{API}/cleanings/{cleaning_id}"
    )


def cleaning_payload(**overrides: Any) -> Json:
    payload: Json = {
        "name": f"Job {random_lower_string(8)}",
        "description": "Kitchen and two bathrooms",
        "price": "49.90",
        "cleaning_type": "full_clean",
    }
    payload.update(overrides)
    return payload


def post_cleaning(client: TestClient, owner: Account, **overrides: Any) -> Json:
    r = client.post(
        cleanings_url(), headers=owner.headers, json=cleaning_payload(**overrides)
    )
    assert r.status_code == 201, r.text
    cleaning: Json = r.json()
    return cleaning


# Offers


def offers_url(cleaning_id: str, suffix: str = "") -> str:
    return f"{API}/cleanings/{cleaning_id}/offers/{suffix}"


def accept_url(cleaning_id: str, username: str) -> str:
    return offers_url(cleaning_id, f"{username}/accept")


def make_offer(client: TestClient, cleaner: Account, cleaning_id: str) -> Json:
    r = client.post(offers_url(cleaning_id), headers=cleaner.headers)
    assert r.status_code == 201, r.text
    offer: Json = r.json()
    return offer


def accept_offer(
    client: TestClient, owner: Account, cleaning_id: str, cleaner: Account
) -> Json:
    r = client.post(accept_url(cleaning_id, cleaner.username), headers=owner.headers)
    assert r.status_code == 200, r.text
    offer: Json = r.json()
    return offer


def offer_statuses(
    client: TestClient, owner: Account, cleaning_id: str
) -> dict[str, str]:
    """username -> status of every offer on the job, as its owner sees them."""
    r = client.get(offers_url(cleaning_id), headers=owner.headers)
    assert r.status_code == 200, r.text
    return {o["user"]["username"]: o["status"] for o in r.json()["data"]}


def job_with_offers(client: TestClient, n: int) -> tuple[Account, str, list[Account]]:
    """An owner, their job and `n` cleaners who each made an offer on it (in that order)."""
    owner = sign_up(client)
    cleaning_id: str = post_cleaning(client, owner)["id"]
    cleaners = [sign_up(client, full_name=f"Cleaner {i}") for i in range(n)]
    for cleaner in cleaners:
        make_offer(client, cleaner, cleaning_id)
    return owner, cleaning_id, cleaners


def hire(client: TestClient, owner: Account, cleaner: Account, **overrides: Any) -> str:
    """A new job of `owner` on which `cleaner`'s offer is accepted; its id."""
    cleaning_id: str = post_cleaning(client, owner, **overrides)["id"]
    make_offer(client, cleaner, cleaning_id)
    accept_offer(client, owner, cleaning_id, cleaner)
    return cleaning_id


# Evaluations


def evaluations_url(username: str, suffix: str = "") -> str:
    return f"{API}/users/{username}/evaluations/{suffix}"


def evaluate(
    client: TestClient,
    owner: Account,
    cleaner: Account,
    cleaning_id: str,
    **fields: Any,
) -> Json:
    body: Json = {"overall_rating": 4}
    body.update(fields)
    r = client.post(
        evaluations_url(cleaner.username, cleaning_id), headers=owner.headers, json=body
    )
    assert r.status_code == 201, r.text
    evaluation: Json = r.json()
    return evaluation
