"""Requests that race, on real threads and separate database connections.

These tests use the `committed` fixture: every request goes through the app's own per-request
session and commits, so concurrent requests really meet in PostgreSQL (row locks, unique
indexes). The scene is set through the API (it commits too); the tables are emptied afterwards.
"""

import threading
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.core.config import settings
from app.main import app
from app.models import Offer, User
from app.prestart import init_db
from app.utils.email import generate_password_reset_token
from tests.utils.marketplace import (
    API,
    Account,
    accept_url,
    cleanings_url,
    login_headers,
    make_offer,
    offers_url,
    post_cleaning,
    sign_in_superuser,
    sign_up,
)

ROUNDS = 5

Request = Callable[[TestClient], Response]


def all_at_once(requests: list[Request]) -> list[Response]:
    """Send the requests from one thread and one client each, released together."""
    barrier = threading.Barrier(len(requests), timeout=30)

    def run(request: Request) -> Response:
        # A client per thread: its own event loop, its own session and connection in the app.
        with TestClient(app) as client:
            barrier.wait()
            return request(client)

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        # .result() re-raises whatever a thread raised, a server error included.
        return [f.result() for f in [pool.submit(run, r) for r in requests]]


def call(
    method: str,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    json: dict[str, str] | None = None,
) -> Request:
    return lambda client: client.request(method, url, headers=headers, json=json)


def post_as(url: str, headers: dict[str, str]) -> Request:
    return call("POST", url, headers=headers)


def stored_offers(engine: Engine, cleaning_id: str) -> list[Offer]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(Offer).where(Offer.cleaning_id == uuid.UUID(cleaning_id))
            ).all()
        )


def stored_statuses(engine: Engine, cleaning_id: str) -> dict[str, str]:
    """user id -> status of every offer on the job, as stored."""
    return {str(o.user_id): o.status for o in stored_offers(engine, cleaning_id)}


def test_racing_accepts_on_one_job_one_wins(
    committed: Engine, client: TestClient
) -> None:
    for _ in range(ROUNDS):
        owner = sign_up(client)
        cleaning_id = post_cleaning(client, owner)["id"]
        cleaners = [sign_up(client) for _ in range(3)]
        for cleaner in cleaners:
            make_offer(client, cleaner, cleaning_id)

        responses = all_at_once(
            [
                post_as(accept_url(cleaning_id, c.username), owner.headers)
                for c in cleaners
            ]
        )

        assert sorted(r.status_code for r in responses) == [200, 409, 409], [
            r.text for r in responses
        ]
        [winner] = [r.json() for r in responses if r.status_code == 200]
        assert winner["status"] == "accepted"
        statuses = stored_statuses(committed, cleaning_id)
        assert Counter(statuses.values()) == {"accepted": 1, "rejected": 2}
        assert statuses[winner["user_id"]] == "accepted"


def test_identical_offers_at_once_store_one(
    committed: Engine, client: TestClient
) -> None:
    for _ in range(ROUNDS):
        owner, cleaner = sign_up(client), sign_up(client)
        cleaning_id = post_cleaning(client, owner)["id"]

        responses = all_at_once([post_as(offers_url(cleaning_id), cleaner.headers)] * 5)

        assert sorted(r.status_code for r in responses) == [201, 409, 409, 409, 409], [
            r.text for r in responses
        ]
        offers = stored_offers(committed, cleaning_id)
        assert [(str(o.user_id), o.status) for o in offers] == [(cleaner.id, "pending")]


def test_an_offer_racing_an_accept_never_stays_pending(
    committed: Engine, client: TestClient
) -> None:
    for _ in range(ROUNDS):
        owner, chosen, late = sign_up(client), sign_up(client), sign_up(client)
        cleaning_id = post_cleaning(client, owner)["id"]
        make_offer(client, chosen, cleaning_id)

        accepted, offered = all_at_once(
            [
                post_as(accept_url(cleaning_id, chosen.username), owner.headers),
                post_as(offers_url(cleaning_id), late.headers),
            ]
        )

        assert accepted.status_code == 200, accepted.text
        # The late offer came either before the accept (and was rejected by it) or after it
        # (and was refused): never a pending offer on a job that is taken.
        assert offered.status_code in (201, 409), offered.text
        statuses = stored_statuses(committed, cleaning_id)
        expected = {chosen.id: "accepted"}
        if offered.status_code == 201:
            expected[late.id] = "rejected"
        assert statuses == expected


def test_a_cleaner_leaving_while_being_hired_never_strands_the_job(
    committed: Engine, client: TestClient
) -> None:
    for _ in range(ROUNDS):
        owner, leaving, other = sign_up(client), sign_up(client), sign_up(client)
        cleaning_id = post_cleaning(client, owner)["id"]
        make_offer(client, leaving, cleaning_id)
        make_offer(client, other, cleaning_id)

        accepted, deleted = all_at_once(
            [
                post_as(accept_url(cleaning_id, leaving.username), owner.headers),
                call("DELETE", f"{API}/users/me", headers=leaving.headers),
            ]
        )

        assert deleted.status_code == 200, deleted.text
        # Hired first and released by the deletion, or gone before the accept (404).
        assert accepted.status_code in (200, 404), accepted.text
        statuses = stored_statuses(committed, cleaning_id)
        assert statuses == {other.id: "pending"}


def test_a_price_change_racing_an_accept_never_changes_the_agreed_price(
    committed: Engine, client: TestClient
) -> None:
    for _ in range(ROUNDS):
        owner, cleaner = sign_up(client), sign_up(client)
        cleaning_id = post_cleaning(client, owner, price="50.00")["id"]
        make_offer(client, cleaner, cleaning_id)

        accepted, changed = all_at_once(
            [
                post_as(accept_url(cleaning_id, cleaner.username), owner.headers),
                call(
                    "PUT",
                    cleanings_url(cleaning_id),
                    headers=owner.headers,
                    json={"price": "0.01"},
                ),
            ]
        )

        # The change came before the accept (which agreed to it) or after (and was refused).
        assert accepted.status_code == 200, accepted.text
        assert changed.status_code in (200, 409), changed.text
        price = "0.01" if changed.status_code == 200 else "50.00"
        job = client.get(cleanings_url(cleaning_id), headers=owner.headers).json()
        assert job["price"] == accepted.json()["agreed_price"] == price
        [offer] = stored_offers(committed, cleaning_id)
        assert str(offer.agreed_price) == price


def test_racing_resets_with_one_token_one_wins(
    committed: Engine, client: TestClient
) -> None:
    for _ in range(ROUNDS):
        user = sign_up(client)
        with Session(committed) as session:
            stored = session.get(User, uuid.UUID(user.id))
            assert stored is not None
            token = generate_password_reset_token(stored)
        passwords = [f"new-password-{n}" for n in range(3)]
        url = f"{API}/reset-password/"
        responses = all_at_once(
            [
                call("POST", url, json={"token": token, "new_password": p})
                for p in passwords
            ]
        )
        assert sorted(r.status_code for r in responses) == [200, 400, 400]
        [winner] = [
            p for p, r in zip(passwords, responses, strict=True) if r.status_code == 200
        ]
        login_headers(client, email=user.email, password=winner)


def two_superusers_only(engine: Engine, client: TestClient) -> list[Account]:
    """The first superuser and a new one, and no other active superuser."""
    other = sign_up(client)
    with Session(engine) as session:
        init_db(session)  # back if an earlier round deleted it
        for user in session.exec(select(User)).all():
            is_super = (
                user.email == settings.FIRST_SUPERUSER or str(user.id) == other.id
            )
            user.is_superuser, user.is_active = is_super, True
            session.add(user)
        session.commit()
    return [sign_in_superuser(client), other]


def active_superusers(engine: Engine) -> list[User]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(User).where(col(User.is_superuser), col(User.is_active))
            ).all()
        )


def patch_as(url: str, headers: dict[str, str], body: dict[str, bool]) -> Request:
    return lambda client: client.patch(url, headers=headers, json=body)


def delete_as(url: str, headers: dict[str, str]) -> Request:
    return lambda client: client.delete(url, headers=headers)


def test_two_superusers_removing_each_other_leave_one(
    committed: Engine, client: TestClient
) -> None:
    removals: list[Callable[[str, dict[str, str]], Request]] = [
        lambda url, headers: patch_as(url, headers, {"is_superuser": False}),
        lambda url, headers: patch_as(url, headers, {"is_active": False}),
        delete_as,
    ]
    for remove in removals * ROUNDS:
        a, b = two_superusers_only(committed, client)
        responses = all_at_once(
            [
                remove(f"{API}/users/{b.id}", a.headers),
                remove(f"{API}/users/{a.id}", b.headers),
            ]
        )
        # One wins; the other is refused, either by the rule (409) or, having just lost
        # its own rights, at the door (400 inactive, 401 deleted, 403 demoted).
        codes = sorted(r.status_code for r in responses)
        assert codes[0] == 200 and codes[1] in (400, 401, 403, 409), [
            r.text for r in responses
        ]
        assert len(active_superusers(committed)) == 1
