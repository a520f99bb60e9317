"""Notifications: written with the change that causes them, read and marked by their recipient
only, counted for the bell without a statement of its own, mailed after the answer."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from tests.api.test_query_counts import recorded_statements
from tests.utils.marketplace import (
    API,
    Account,
    accept_offer,
    evaluate,
    hire,
    job_with_offers,
    make_offer,
    offers_url,
    post_cleaning,
    sign_up,
)
from tests.utils.smtp import SMTPServer

NOTIFICATIONS = f"{API}/notifications/"
# Requests in the test's transaction, rolled back after it.
in_transaction = pytest.mark.usefixtures("db")


def notifications(
    client: TestClient, user: Account, **params: Any
) -> list[dict[str, Any]]:
    r = client.get(NOTIFICATIONS, headers=user.headers, params=params)
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    assert r.json()["count"] >= len(data)
    return data


def kinds(client: TestClient, user: Account) -> list[str]:
    return [n["kind"] for n in notifications(client, user)]


def unread(client: TestClient, user: Account) -> int:
    r = client.get(f"{NOTIFICATIONS}unread-count", headers=user.headers)
    assert r.status_code == 200, r.text
    count: int = r.json()["count"]
    return count


@in_transaction
def test_each_party_learns_what_happened(client: TestClient) -> None:
    owner, job, (carl, dana) = job_with_offers(client, 2)
    # Two offers: the owner is told of each, by whom, on which job.
    received = notifications(client, owner)
    assert [n["kind"] for n in received] == ["offer_received"] * 2
    assert [n["actor"]["username"] for n in received] == [dana.username, carl.username]
    assert received[0]["cleaning"]["id"] == job
    assert received[0]["read_at"] is None
    assert set(received[0]["actor"]) == {
        "id",
        "username",
        "full_name",
        "image",
        "phone_number",
    }

    accept_offer(client, owner, job, carl)
    assert kinds(client, carl) == ["offer_accepted"]
    assert kinds(client, dana) == ["offer_declined"]
    assert notifications(client, carl)[0]["actor"]["username"] == owner.username

    r = client.post(offers_url(job, "mine/cancel"), headers=carl.headers)
    assert r.status_code == 200, r.text
    assert kinds(client, owner)[0] == "hire_cancelled"

    accept_offer(client, owner, job, dana)
    evaluate(client, owner, dana, job)
    assert kinds(client, dana) == ["evaluated", "offer_accepted", "offer_declined"]
    # Nothing was told to anyone else.
    assert notifications(client, sign_up(client)) == []


@in_transaction
def test_a_failed_change_tells_nobody(client: TestClient) -> None:
    owner = sign_up(client)
    job = hire(client, owner, sign_up(client))
    late = sign_up(client)
    before = unread(client, owner)
    r = client.post(offers_url(job), headers=late.headers)
    assert r.status_code == 409  # the job is taken: no offer, no notification
    assert unread(client, owner) == before


@in_transaction
def test_the_unread_count_and_marking_as_read(client: TestClient) -> None:
    owner, job, cleaners = job_with_offers(client, 3)
    assert unread(client, owner) == 3
    first, *rest = notifications(client, owner)

    r = client.post(
        f"{NOTIFICATIONS}read", headers=owner.headers, json={"ids": [first["id"]]}
    )
    assert r.status_code == 200, r.text
    assert unread(client, owner) == 2
    assert [n["id"] for n in notifications(client, owner, unread_only=True)] == [
        n["id"] for n in rest
    ]
    read = notifications(client, owner)[0]
    assert read["id"] == first["id"] and read["read_at"] is not None

    r = client.post(f"{NOTIFICATIONS}read", headers=owner.headers, json={"all": True})
    assert r.status_code == 200, r.text
    assert unread(client, owner) == 0
    assert notifications(client, owner, unread_only=True) == []
    # A new one counts again.
    make_offer(client, sign_up(client), job)
    assert unread(client, owner) == 1
    del cleaners


@in_transaction
def test_nobody_reads_or_marks_anothers_notifications(client: TestClient) -> None:
    owner, _, (cleaner,) = job_with_offers(client, 1)
    [theirs] = notifications(client, owner)
    r = client.post(
        f"{NOTIFICATIONS}read", headers=cleaner.headers, json={"ids": [theirs["id"]]}
    )
    assert r.status_code == 200
    assert r.json() == {"message": "0 marked as read"}
    client.post(f"{NOTIFICATIONS}read", headers=cleaner.headers, json={"all": True})
    assert unread(client, owner) == 1
    assert notifications(client, cleaner) == []


@pytest.mark.parametrize(
    "body",
    [{}, {"ids": [], "all": True}, {"all": False}, {"ids": ["not-a-uuid"]}, {"x": 1}],
)
@in_transaction
def test_marking_needs_ids_or_all(client: TestClient, body: dict[str, Any]) -> None:
    user = sign_up(client)
    r = client.post(f"{NOTIFICATIONS}read", headers=user.headers, json=body)
    assert r.status_code == 422, r.text


@in_transaction
def test_notifications_need_a_token(client: TestClient) -> None:
    for method, path in [
        ("GET", NOTIFICATIONS),
        ("GET", f"{NOTIFICATIONS}unread-count"),
        ("POST", f"{NOTIFICATIONS}read"),
    ]:
        assert client.request(method, path, json={"all": True}).status_code == 401


@in_transaction
def test_a_poll_costs_no_statement_of_its_own(client: TestClient) -> None:
    owner, _, _ = job_with_offers(client, 2)
    with recorded_statements() as statements:
        assert unread(client, owner) == 2
    # The token check's user load (which carries the count) and nothing else.
    assert len(statements) == 1, statements
    assert "unread_notifications" in statements[0]


@in_transaction
def test_a_notification_outlives_its_job_and_its_actor(
    client: TestClient, db: Session
) -> None:
    owner = sign_up(client)
    job = post_cleaning(client, owner, name="Attic")
    cleaner = sign_up(client)
    make_offer(client, cleaner, job["id"])
    assert client.delete(f"{API}/users/me", headers=cleaner.headers).status_code == 200
    assert (
        client.delete(f"{API}/cleanings/{job['id']}", headers=owner.headers).status_code
        == 200
    )
    [left] = notifications(client, owner)
    assert left["cleaning"] == {"id": None, "name": "Attic"}
    assert left["actor"] is None
    assert unread(client, owner) == 1
    # The count follows deletions of unread ones too.
    db.execute(text("DELETE FROM notification WHERE id = :id"), {"id": left["id"]})
    assert unread(client, owner) == 0


# Mail: sent after the commit from a session of its own, so these tests commit for real.


def test_the_same_events_go_out_by_mail(
    committed: Engine,  # noqa: ARG001
    client: TestClient,
    mailbox: SMTPServer,
) -> None:
    owner, job, (carl,) = job_with_offers(client, 1)
    [offer_mail] = mailbox.to(owner.email)
    assert "offered to do your job" in offer_mail.subject
    assert f"/cleanings/{job}" in offer_mail.html
    accept_offer(client, owner, job, carl)
    [accepted] = mailbox.to(carl.email)
    assert "accepted your offer" in accepted.subject


def test_the_mails_can_be_turned_off(
    committed: Engine,  # noqa: ARG001
    client: TestClient,
    mailbox: SMTPServer,
) -> None:
    owner = sign_up(client)
    r = client.patch(
        f"{API}/profiles/me", headers=owner.headers, json={"notification_mails": False}
    )
    assert r.status_code == 200, r.text
    assert r.json()["notification_mails"] is False
    job = post_cleaning(client, owner)["id"]
    make_offer(client, sign_up(client), job)
    assert mailbox.to(owner.email) == []
    assert unread(client, owner) == 1  # still notified in the app


def test_a_mail_failure_changes_no_answer_and_marks_the_row(
    committed: Engine,
    client: TestClient,
    smtp_down: None,  # noqa: ARG001
) -> None:
    owner, job, (carl,) = job_with_offers(client, 1)
    accepted = accept_offer(client, owner, job, carl)
    assert accepted["status"] == "accepted"
    with committed.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT mailed_at, mail_error FROM notification WHERE cleaning_id = :j"
            ),
            {"j": job},
        ).all()
    assert len(rows) == 2  # the offer, the acceptance
    assert all(mailed_at is None and error for mailed_at, error in rows)
