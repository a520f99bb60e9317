"""Deleting a party never breaks a job.

When the accepted cleaner's account goes, the other offers are pending again (as when they
cancel); a completed job stays completed whoever goes (no new offers, no second evaluation);
and an owner cannot delete a job with an accepted or completed offer (a superuser can). A
cleaner's evaluations cannot be erased by the other party: they outlive the job, also when the
owner deletes their account (which takes their jobs along).
"""

import pytest
from fastapi.testclient import TestClient

from tests.utils.marketplace import (
    API,
    Account,
    accept_offer,
    accept_url,
    cleanings_url,
    evaluate,
    evaluations_url,
    hire,
    job_with_offers,
    make_offer,
    offer_statuses,
    offers_url,
    sign_in_superuser,
    sign_up,
)

# Every request runs in the test transaction (without `db` requests would commit for real).
pytestmark = pytest.mark.usefixtures("db")

by_themselves_or_a_superuser = pytest.mark.parametrize(
    "by", ["themselves", "a superuser"]
)


def delete_account(client: TestClient, who: Account, by: str) -> None:
    if by == "themselves":
        r = client.delete(f"{API}/users/me", headers=who.headers)
    else:
        superuser = sign_in_superuser(client)
        r = client.delete(f"{API}/users/{who.id}", headers=superuser.headers)
    assert r.status_code == 200, r.text


def total_evaluations(client: TestClient, cleaner: Account) -> int:
    r = client.get(evaluations_url(cleaner.username, "stats"), headers=cleaner.headers)
    assert r.status_code == 200, r.text
    total: int = r.json()["total_evaluations"]
    return total


@by_themselves_or_a_superuser
def test_when_the_accepted_cleaner_goes_the_other_offers_are_pending_again(
    client: TestClient, by: str
) -> None:
    owner, cleaning_id, (hired, second, third) = job_with_offers(client, 3)
    accept_offer(client, owner, cleaning_id, hired)

    delete_account(client, hired, by)

    assert offer_statuses(client, owner, cleaning_id) == {
        second.username: "pending",
        third.username: "pending",
    }
    # The job works again: new offers come in, the owner accepts one.
    newcomer = sign_up(client)
    make_offer(client, newcomer, cleaning_id)
    accept_offer(client, owner, cleaning_id, second)
    assert offer_statuses(client, owner, cleaning_id) == {
        second.username: "accepted",
        third.username: "rejected",
        newcomer.username: "rejected",
    }


@by_themselves_or_a_superuser
@pytest.mark.parametrize("leaving", ["the evaluated cleaner", "another offerer"])
def test_a_completed_job_stays_completed_whoever_goes(
    client: TestClient, by: str, leaving: str
) -> None:
    owner, cleaning_id, (hired, other) = job_with_offers(client, 2)
    accept_offer(client, owner, cleaning_id, hired)
    evaluate(client, owner, hired, cleaning_id)
    gone, stays = (
        (hired, other) if leaving == "the evaluated cleaner" else (other, hired)
    )

    delete_account(client, gone, by)

    status = "completed" if stays is hired else "rejected"
    assert offer_statuses(client, owner, cleaning_id) == {stays.username: status}
    # No new offer, no accept, no second evaluation, no deletion by the owner.
    r = client.post(offers_url(cleaning_id), headers=sign_up(client).headers)
    assert r.status_code == 409, r.text
    r = client.post(accept_url(cleaning_id, stays.username), headers=owner.headers)
    assert r.status_code == 409, r.text
    r = client.post(
        evaluations_url(stays.username, cleaning_id),
        headers=owner.headers,
        json={"overall_rating": 0},
    )
    assert r.status_code == 409, r.text
    assert total_evaluations(client, stays) == (1 if stays is hired else 0)
    r = client.delete(cleanings_url(cleaning_id), headers=owner.headers)
    assert r.status_code == 409, r.text


@pytest.mark.parametrize("completed", [False, True])
def test_the_owner_cannot_delete_a_taken_job_a_superuser_can(
    client: TestClient, completed: bool
) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(client, owner, cleaner)
    if completed:
        evaluate(client, owner, cleaner, cleaning_id, overall_rating=5)

    r = client.delete(cleanings_url(cleaning_id), headers=owner.headers)

    assert r.status_code == 409, r.text
    assert "superuser" in r.json()["detail"]
    assert client.get(cleanings_url(cleaning_id), headers=owner.headers).is_success
    status = "completed" if completed else "accepted"
    assert offer_statuses(client, owner, cleaning_id) == {cleaner.username: status}
    assert total_evaluations(client, cleaner) == int(completed)

    superuser = sign_in_superuser(client)
    r = client.delete(cleanings_url(cleaning_id), headers=superuser.headers)
    assert r.status_code == 200, r.text
    assert (
        client.get(cleanings_url(cleaning_id), headers=owner.headers).status_code == 404
    )
    # The job is gone; the cleaner's rating of it is not.
    assert total_evaluations(client, cleaner) == int(completed)


def test_an_owner_deleting_their_account_leaves_the_cleaners_rating(
    client: TestClient,
) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(client, owner, cleaner)
    evaluate(client, owner, cleaner, cleaning_id, overall_rating=4)
    before = client.get(
        evaluations_url(cleaner.username, "stats"), headers=cleaner.headers
    ).json()

    r = client.delete(f"{API}/users/me", headers=owner.headers)

    assert r.status_code == 200, r.text
    # Their job went with them; the evaluation they gave stays, and so do the stats.
    assert (
        client.get(cleanings_url(cleaning_id), headers=cleaner.headers).status_code
        == 404
    )
    after = client.get(
        evaluations_url(cleaner.username, "stats"), headers=cleaner.headers
    ).json()
    assert after == before
    assert after["total_evaluations"] == 1
    listed = client.get(
        evaluations_url(cleaner.username), headers=cleaner.headers
    ).json()
    assert [e["cleaning_id"] for e in listed["data"]] == [cleaning_id]
    assert listed["data"][0]["overall_rating"] == 4


def test_the_owner_deletes_a_job_once_the_cleaner_cancelled(client: TestClient) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(client, owner, cleaner)
    r = client.post(offers_url(cleaning_id, "mine/cancel"), headers=cleaner.headers)
    assert r.status_code == 200, r.text
    r = client.delete(cleanings_url(cleaning_id), headers=owner.headers)
    assert r.status_code == 200, r.text


def test_deleting_a_job_declares_its_409(client: TestClient) -> None:
    schema = client.get(f"{API}/openapi.json").json()
    assert "409" in schema["paths"][f"{API}/cleanings/{{id}}"]["delete"]["responses"]
