"""A job's `status` and `offers_count` follow every change of its offers, in that change's
transaction, and every answer that shows a job carries them: the job itself, the lists, a
profile's jobs and the feed.

status: open (no accepted offer), hired (an accepted offer), completed (evaluated);
offers_count: pending plus accepted offers.
"""

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import Cleaning, Offer, OfferStatus
from tests.utils.marketplace import (
    API,
    Account,
    accept_offer,
    cleanings_url,
    evaluate,
    job_with_offers,
    make_offer,
    offers_url,
    post_cleaning,
    sign_in_superuser,
    sign_up,
)

pytestmark = pytest.mark.usefixtures("db")


def job(client: TestClient, reader: Account, cleaning_id: str) -> tuple[str, int]:
    r = client.get(cleanings_url(cleaning_id), headers=reader.headers)
    assert r.status_code == 200, r.text
    return r.json()["status"], r.json()["offers_count"]


def assert_everywhere(
    client: TestClient, owner: Account, cleaning_id: str, expected: tuple[str, int]
) -> None:
    """The job, the owner's list, their profile's list and the newest feed item agree."""
    assert job(client, owner, cleaning_id) == expected
    shown = []
    for url in (cleanings_url(), f"{API}/profiles/{owner.username}/cleanings"):
        r = client.get(url, headers=owner.headers)
        assert r.status_code == 200, r.text
        shown += [c for c in r.json()["data"] if c["id"] == cleaning_id]
    r = client.get(f"{API}/feed/cleanings/", headers=owner.headers)
    shown += [c for c in r.json()["data"] if c["id"] == cleaning_id][:1]
    assert len(shown) == 3
    assert {(c["status"], c["offers_count"]) for c in shown} == {expected}


def stored_count_is_the_real_one(db: Session, cleaning_id: str) -> None:
    job_id = uuid.UUID(cleaning_id)
    real = db.exec(
        select(func.count()).where(
            col(Offer.cleaning_id) == job_id,
            col(Offer.status).in_([OfferStatus.pending, OfferStatus.accepted]),
        )
    ).one()
    stored = db.exec(select(Cleaning.offers_count).where(Cleaning.id == job_id)).one()
    assert stored == real


def test_a_new_job_is_open_without_offers(client: TestClient) -> None:
    owner = sign_up(client)
    created = post_cleaning(client, owner)
    assert (created["status"], created["offers_count"]) == ("open", 0)
    assert_everywhere(client, owner, created["id"], ("open", 0))


def test_every_offer_transition_moves_status_and_count(
    client: TestClient, db: Session
) -> None:
    owner, cleaning_id, (a, b, c) = job_with_offers(client, 3)
    assert_everywhere(client, owner, cleaning_id, ("open", 3))

    r = client.delete(offers_url(cleaning_id, "mine"), headers=c.headers)  # rescind
    assert r.status_code == 200, r.text
    assert_everywhere(client, owner, cleaning_id, ("open", 2))

    accept_offer(client, owner, cleaning_id, a)  # b is rejected
    assert_everywhere(client, owner, cleaning_id, ("hired", 1))
    stored_count_is_the_real_one(db, cleaning_id)

    r = client.post(offers_url(cleaning_id, "mine/cancel"), headers=a.headers)
    assert r.status_code == 200, r.text  # b pending again, a cancelled
    assert_everywhere(client, owner, cleaning_id, ("open", 1))

    accept_offer(client, owner, cleaning_id, b)
    assert_everywhere(client, owner, cleaning_id, ("hired", 1))

    evaluate(client, owner, b, cleaning_id)  # completed: no pending or accepted offer
    assert_everywhere(client, owner, cleaning_id, ("completed", 0))
    stored_count_is_the_real_one(db, cleaning_id)


def test_refused_changes_move_nothing(client: TestClient) -> None:
    owner, cleaning_id, (a, b) = job_with_offers(client, 2)
    accept_offer(client, owner, cleaning_id, a)
    late = sign_up(client)
    assert client.post(offers_url(cleaning_id), headers=late.headers).status_code == 409
    r = client.post(
        offers_url(cleaning_id, f"{b.username}/accept"), headers=owner.headers
    )
    assert r.status_code == 409
    r = client.delete(offers_url(cleaning_id, "mine"), headers=b.headers)
    assert r.status_code == 409  # rejected, not pending
    assert job(client, owner, cleaning_id) == ("hired", 1)


def test_the_accepted_cleaner_deleted_reopens_the_job(
    client: TestClient, db: Session
) -> None:
    owner, cleaning_id, (hired, other, _third) = job_with_offers(client, 3)
    accept_offer(client, owner, cleaning_id, hired)
    assert client.delete(f"{API}/users/me", headers=hired.headers).status_code == 200
    # The two rejected offers are pending again; the deleted cleaner's offer is gone.
    assert_everywhere(client, owner, cleaning_id, ("open", 2))
    stored_count_is_the_real_one(db, cleaning_id)
    accept_offer(client, owner, cleaning_id, other)
    assert job(client, owner, cleaning_id) == ("hired", 1)


def test_a_pending_cleaner_deleted_leaves_the_count(client: TestClient) -> None:
    owner, cleaning_id, (leaving, _staying) = job_with_offers(client, 2)
    superuser = sign_in_superuser(client)
    r = client.delete(f"{API}/users/{leaving.id}", headers=superuser.headers)
    assert r.status_code == 200, r.text
    assert job(client, owner, cleaning_id) == ("open", 1)


def test_a_rejected_cleaner_deleted_changes_nothing(client: TestClient) -> None:
    owner, cleaning_id, (hired, rejected) = job_with_offers(client, 2)
    accept_offer(client, owner, cleaning_id, hired)
    assert client.delete(f"{API}/users/me", headers=rejected.headers).status_code == 200
    assert job(client, owner, cleaning_id) == ("hired", 1)
    r = client.post(offers_url(cleaning_id, "mine/cancel"), headers=hired.headers)
    assert r.status_code == 200, r.text
    assert job(client, owner, cleaning_id) == ("open", 0)


def test_a_completed_job_stays_completed_when_its_cleaner_goes(
    client: TestClient,
) -> None:
    owner, cleaning_id, (hired, _other) = job_with_offers(client, 2)
    accept_offer(client, owner, cleaning_id, hired)
    evaluate(client, owner, hired, cleaning_id)
    assert client.delete(f"{API}/users/me", headers=hired.headers).status_code == 200
    assert job(client, owner, cleaning_id) == ("completed", 0)
    late = sign_up(client)
    assert client.post(offers_url(cleaning_id), headers=late.headers).status_code == 409


def test_an_offering_owner_deleted_leaves_other_jobs_right(client: TestClient) -> None:
    # A user who both owns jobs and offers on others: their jobs go, their offers too.
    owner = sign_up(client)
    cleaning_id = post_cleaning(client, owner)["id"]
    both = sign_up(client)
    post_cleaning(client, both)
    make_offer(client, both, cleaning_id)
    make_offer(client, sign_up(client), cleaning_id)
    accept_offer(client, owner, cleaning_id, both)
    assert client.delete(f"{API}/users/me", headers=both.headers).status_code == 200
    assert job(client, owner, cleaning_id) == ("open", 1)


def test_status_events_record_old_and_new(client: TestClient) -> None:
    owner, cleaning_id, (hired,) = job_with_offers(client, 1)
    accept_offer(client, owner, cleaning_id, hired)
    client.post(offers_url(cleaning_id, "mine/cancel"), headers=hired.headers)
    make_offer(client, other := sign_up(client), cleaning_id)
    accept_offer(client, owner, cleaning_id, other)
    evaluate(client, owner, other, cleaning_id)
    r = client.get(f"{API}/feed/cleanings/", headers=owner.headers)
    events = [e for e in r.json()["data"] if e["id"] == cleaning_id]
    assert [
        (e["event_type"], e["changed_fields"], e["event_data"]) for e in events
    ] == [
        ("is_update", ["status"], {"status": {"old": "hired", "new": "completed"}}),
        ("is_update", ["status"], {"status": {"old": "open", "new": "hired"}}),
        ("is_update", ["status"], {"status": {"old": "hired", "new": "open"}}),
        ("is_update", ["status"], {"status": {"old": "open", "new": "hired"}}),
        ("is_create", [], events[-1]["event_data"]),
    ]
    # A cleaner deleted while hired reopens the job: a status event too.
    job_id = post_cleaning(client, owner)["id"]
    make_offer(client, gone := sign_up(client), job_id)
    accept_offer(client, owner, job_id, gone)
    assert client.delete(f"{API}/users/me", headers=gone.headers).status_code == 200
    r = client.get(f"{API}/feed/cleanings/", headers=owner.headers, params={"limit": 1})
    newest = r.json()["data"][0]
    assert newest["id"] == job_id and newest["status"] == "open"
    assert newest["event_data"] == {"status": {"old": "hired", "new": "open"}}


def test_area_and_date_are_fixed_once_hired_like_price(client: TestClient) -> None:
    owner, cleaning_id, (hired,) = job_with_offers(client, 1)
    r = client.put(
        cleanings_url(cleaning_id),
        headers=owner.headers,
        json={"area": "Camden", "scheduled_on": "2031-05-04"},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["area"], r.json()["scheduled_on"]) == ("Camden", "2031-05-04")
    accept_offer(client, owner, cleaning_id, hired)
    for change in (
        {"area": "Soho"},
        {"scheduled_on": "2031-05-05"},
        {"area": None},
        {"price": "1.00"},
    ):
        r = client.put(cleanings_url(cleaning_id), headers=owner.headers, json=change)
        assert r.status_code == 409, (change, r.text)
    # The same values, or the words of the job, still go through.
    same = {"area": "Camden", "scheduled_on": "2031-05-04", "name": "Renamed"}
    r = client.put(cleanings_url(cleaning_id), headers=owner.headers, json=same)
    assert r.status_code == 200, r.text
    client.post(offers_url(cleaning_id, "mine/cancel"), headers=hired.headers)
    r = client.put(
        cleanings_url(cleaning_id), headers=owner.headers, json={"area": None}
    )
    assert r.status_code == 200 and r.json()["area"] is None
