import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.utils.marketplace import (
    API,
    Account,
    accept_offer,
    cleanings_url,
    evaluate,
    evaluations_url,
    hire,
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

STAR_FIELDS = [
    "zero_stars",
    "one_stars",
    "two_stars",
    "three_stars",
    "four_stars",
    "five_stars",
]


def stats_url(username: str) -> str:
    return evaluations_url(username, "stats")


# Create


def test_owner_evaluates_the_accepted_cleaner(client: TestClient) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(client, owner, cleaner)
    body = {
        "no_show": False,
        "headline": "Spotless indeed",
        "comment": "Even behind the fridge.",
        "professionalism": 5,
        "completeness": 4,
        "efficiency": 3,
        "overall_rating": 5,
    }

    r = client.post(
        evaluations_url(cleaner.username, cleaning_id), headers=owner.headers, json=body
    )

    assert r.status_code == 201, r.text
    evaluation = r.json()
    assert {k: evaluation[k] for k in body} == body
    assert evaluation["cleaning_id"] == cleaning_id
    assert evaluation["cleaner_id"] == cleaner.id
    assert timestamp(evaluation["created_at"]).utcoffset() == timedelta(0)
    # Evaluating completes the offer.
    assert offer_statuses(client, owner, cleaning_id) == {cleaner.username: "completed"}
    mine = client.get(
        offers_url(cleaning_id, cleaner.username), headers=cleaner.headers
    )
    assert mine.json()["status"] == "completed"


def test_evaluation_defaults(client: TestClient) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(client, owner, cleaner)
    evaluation = evaluate(client, owner, cleaner, cleaning_id, overall_rating=0)
    assert evaluation["overall_rating"] == 0
    assert evaluation["no_show"] is False
    for optional in (
        "headline",
        "comment",
        "professionalism",
        "completeness",
        "efficiency",
    ):
        assert evaluation[optional] is None


def test_only_the_owner_evaluates(client: TestClient) -> None:
    owner, cleaner, stranger = sign_up(client), sign_up(client), sign_up(client)
    superuser = sign_in_superuser(client)
    cleaning_id = hire(client, owner, cleaner)
    for evaluator in (cleaner, stranger, superuser):
        r = client.post(
            evaluations_url(cleaner.username, cleaning_id),
            headers=evaluator.headers,
            json={"overall_rating": 5},
        )
        assert r.status_code == 403, (evaluator.username, r.text)
    assert offer_statuses(client, owner, cleaning_id) == {cleaner.username: "accepted"}
    assert (
        client.get(evaluations_url(cleaner.username), headers=owner.headers).json()[
            "count"
        ]
        == 0
    )


def test_cleaner_without_an_accepted_offer_is_400(client: TestClient) -> None:
    owner = sign_up(client)
    cleaning_id = post_cleaning(client, owner)["id"]
    no_offer, cancelled, rejected, accepted = (sign_up(client) for _ in range(4))
    for cleaner in (cancelled, rejected, accepted):
        make_offer(client, cleaner, cleaning_id)
    accept_offer(client, owner, cleaning_id, cancelled)
    r = client.post(offers_url(cleaning_id, "mine/cancel"), headers=cancelled.headers)
    assert r.status_code == 200, r.text
    accept_offer(client, owner, cleaning_id, accepted)
    statuses = {
        cancelled.username: "cancelled",
        rejected.username: "rejected",
        accepted.username: "accepted",
    }
    assert offer_statuses(client, owner, cleaning_id) == statuses

    for cleaner in (no_offer, cancelled, rejected):
        r = client.post(
            evaluations_url(cleaner.username, cleaning_id),
            headers=owner.headers,
            json={"overall_rating": 1},
        )
        assert r.status_code == 400, (cleaner.username, r.text)
    assert offer_statuses(client, owner, cleaning_id) == statuses
    # The job is still open for the evaluation of the cleaner who did it.
    evaluate(client, owner, accepted, cleaning_id)


def test_cleaner_with_a_pending_offer_is_400(client: TestClient) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = post_cleaning(client, owner)["id"]
    make_offer(client, cleaner, cleaning_id)
    r = client.post(
        evaluations_url(cleaner.username, cleaning_id),
        headers=owner.headers,
        json={"overall_rating": 1},
    )
    assert r.status_code == 400, r.text
    assert offer_statuses(client, owner, cleaning_id) == {cleaner.username: "pending"}


def test_second_evaluation_is_409(client: TestClient) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(client, owner, cleaner)
    first = evaluate(client, owner, cleaner, cleaning_id, overall_rating=5)

    r = client.post(
        evaluations_url(cleaner.username, cleaning_id),
        headers=owner.headers,
        json={"overall_rating": 1},
    )

    assert r.status_code == 409, r.text
    read = client.get(
        evaluations_url(cleaner.username, cleaning_id), headers=owner.headers
    )
    assert read.json() == first


def test_evaluate_unknown_cleaner_or_cleaning_is_404(client: TestClient) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(client, owner, cleaner)
    r = client.post(
        evaluations_url("nobody_by_that_name", cleaning_id),
        headers=owner.headers,
        json={"overall_rating": 3},
    )
    assert r.status_code == 404
    r = client.post(
        evaluations_url(cleaner.username, str(uuid.uuid4())),
        headers=owner.headers,
        json={"overall_rating": 3},
    )
    assert r.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"overall_rating": 6},
        {"overall_rating": -1},
        {"overall_rating": 100},
        {"overall_rating": 4.5},
        {"overall_rating": None},
        {"overall_rating": 3, "professionalism": 6},
        {"overall_rating": 3, "professionalism": -1},
        {"overall_rating": 3, "completeness": 6},
        {"overall_rating": 3, "completeness": -1},
        {"overall_rating": 3, "efficiency": 6},
        {"overall_rating": 3, "efficiency": -1},
        {"professionalism": 5, "completeness": 5, "efficiency": 5},
        {},
    ],
)
def test_invalid_evaluation_is_422(client: TestClient, body: dict[str, Any]) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(client, owner, cleaner)
    r = client.post(
        evaluations_url(cleaner.username, cleaning_id), headers=owner.headers, json=body
    )
    assert r.status_code == 422, r.text
    assert offer_statuses(client, owner, cleaning_id) == {cleaner.username: "accepted"}
    # The owner can still evaluate properly.
    evaluate(client, owner, cleaner, cleaning_id, overall_rating=5, efficiency=0)


def test_evaluations_require_sign_in(client: TestClient) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(client, owner, cleaner)
    calls = [
        ("POST", evaluations_url(cleaner.username, cleaning_id), {"overall_rating": 5}),
        ("GET", evaluations_url(cleaner.username), None),
        ("GET", evaluations_url(cleaner.username, cleaning_id), None),
        ("GET", stats_url(cleaner.username), None),
    ]
    for method, url, body in calls:
        r = client.request(method, url, json=body)
        assert r.status_code == 401, (method, url, r.text)
        assert r.headers["www-authenticate"] == "Bearer"
    assert offer_statuses(client, owner, cleaning_id) == {cleaner.username: "accepted"}


# Read


def test_anyone_signed_in_lists_a_cleaners_evaluations(client: TestClient) -> None:
    owner, cleaner, other_cleaner, reader = (sign_up(client) for _ in range(4))
    jobs = [hire(client, owner, cleaner) for _ in range(3)]
    made = [
        evaluate(client, owner, cleaner, job, overall_rating=n)
        for n, job in enumerate(jobs)
    ]
    evaluate(client, owner, other_cleaner, hire(client, owner, other_cleaner))

    r = client.get(evaluations_url(cleaner.username), headers=reader.headers)

    assert r.status_code == 200, r.text
    # Newest first.
    assert r.json() == {"data": made[::-1], "count": 3}

    page = client.get(
        evaluations_url(cleaner.username),
        headers=reader.headers,
        params={"skip": 1, "limit": 1},
    ).json()
    assert page == {"data": [made[1]], "count": 3}


def test_list_evaluations_of_someone_without_any(client: TestClient) -> None:
    cleaner, reader = sign_up(client), sign_up(client)
    r = client.get(evaluations_url(cleaner.username), headers=reader.headers)
    assert r.status_code == 200, r.text
    assert r.json() == {"data": [], "count": 0}


def test_list_evaluations_of_unknown_user_is_404(client: TestClient) -> None:
    reader = sign_up(client)
    r = client.get(evaluations_url("nobody_by_that_name"), headers=reader.headers)
    assert r.status_code == 404


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 101}, {"limit": -1}, {"skip": -1}]
)
def test_evaluations_paging_out_of_range_is_422(
    client: TestClient, params: dict[str, Any]
) -> None:
    cleaner = sign_up(client)
    r = client.get(
        evaluations_url(cleaner.username), headers=cleaner.headers, params=params
    )
    assert r.status_code == 422, r.text


def test_read_one_evaluation(client: TestClient) -> None:
    owner, cleaner, reader = sign_up(client), sign_up(client), sign_up(client)
    cleaning_id = hire(client, owner, cleaner)
    made = evaluate(
        client, owner, cleaner, cleaning_id, headline="Good", overall_rating=4
    )

    r = client.get(
        evaluations_url(cleaner.username, cleaning_id), headers=reader.headers
    )

    assert r.status_code == 200, r.text
    assert r.json() == made
    # Not under someone else's name, nor for another job, nor for nobody.
    assert (
        client.get(
            evaluations_url(owner.username, cleaning_id), headers=reader.headers
        ).status_code
        == 404
    )
    assert (
        client.get(
            evaluations_url(cleaner.username, str(uuid.uuid4())), headers=reader.headers
        ).status_code
        == 404
    )
    assert (
        client.get(
            evaluations_url("nobody_by_that_name", cleaning_id), headers=reader.headers
        ).status_code
        == 404
    )


def test_read_evaluation_of_a_job_not_yet_evaluated_is_404(client: TestClient) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    cleaning_id = hire(client, owner, cleaner)
    r = client.get(
        evaluations_url(cleaner.username, cleaning_id), headers=owner.headers
    )
    assert r.status_code == 404


# Stats


def evaluate_on_new_job(
    client: TestClient, owner: Account, cleaner: Account, **fields: Any
) -> None:
    evaluate(client, owner, cleaner, hire(client, owner, cleaner), **fields)


def test_stats_over_several_evaluations(client: TestClient) -> None:
    owner_1, owner_2, cleaner, other, reader = (sign_up(client) for _ in range(5))
    n = None
    # professionalism, completeness, efficiency, overall_rating, no_show
    rows = [
        (owner_1, 5, 4, n, 5, False),
        (owner_1, 3, n, 2, 3, False),
        (owner_2, n, 1, 4, 0, True),
        (owner_2, 4, 5, 5, 5, False),
        (owner_1, 2, 3, n, 1, False),
    ]
    for owner, prof, comp, eff, overall, no_show in rows:
        evaluate_on_new_job(
            client,
            owner,
            cleaner,
            professionalism=prof,
            completeness=comp,
            efficiency=eff,
            overall_rating=overall,
            no_show=no_show,
        )
    # Someone else's evaluation does not count towards the cleaner's.
    evaluate_on_new_job(
        client,
        owner_1,
        other,
        professionalism=1,
        completeness=1,
        efficiency=1,
        overall_rating=4,
        no_show=True,
    )

    r = client.get(stats_url(cleaner.username), headers=reader.headers)

    assert r.status_code == 200, r.text
    stats = r.json()
    # By hand: the averages skip the evaluations that left the rating out.
    assert stats == {
        "avg_professionalism": pytest.approx((5 + 3 + 4 + 2) / 4),  # 3.5
        "avg_completeness": pytest.approx((4 + 1 + 5 + 3) / 4),  # 3.25
        "avg_efficiency": pytest.approx((2 + 4 + 5) / 3),  # 3.666...
        "avg_overall_rating": pytest.approx((5 + 3 + 0 + 5 + 1) / 5),  # 2.8
        "max_overall_rating": 5,
        "min_overall_rating": 0,
        "zero_stars": 1,
        "one_stars": 1,
        "two_stars": 0,
        "three_stars": 1,
        "four_stars": 0,
        "five_stars": 2,
        "total_evaluations": 5,
        "total_no_show": 1,
    }
    assert sum(stats[f] for f in STAR_FIELDS) == stats["total_evaluations"]

    others = client.get(stats_url(other.username), headers=reader.headers).json()
    assert others == {
        "avg_professionalism": pytest.approx(1.0),
        "avg_completeness": pytest.approx(1.0),
        "avg_efficiency": pytest.approx(1.0),
        "avg_overall_rating": pytest.approx(4.0),
        "max_overall_rating": 4,
        "min_overall_rating": 4,
        "zero_stars": 0,
        "one_stars": 0,
        "two_stars": 0,
        "three_stars": 0,
        "four_stars": 1,
        "five_stars": 0,
        "total_evaluations": 1,
        "total_no_show": 1,
    }


def test_stats_of_a_cleaner_without_evaluations(client: TestClient) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    # An accepted job that is not evaluated yet does not count.
    hire(client, owner, cleaner)

    r = client.get(stats_url(cleaner.username), headers=owner.headers)

    assert r.status_code == 200, r.text
    assert r.json() == {
        "avg_professionalism": None,
        "avg_completeness": None,
        "avg_efficiency": None,
        "avg_overall_rating": None,
        "max_overall_rating": None,
        "min_overall_rating": None,
        **dict.fromkeys(STAR_FIELDS, 0),
        "total_evaluations": 0,
        "total_no_show": 0,
    }


def test_stats_of_unknown_user_is_404(client: TestClient) -> None:
    reader = sign_up(client)
    assert (
        client.get(stats_url("nobody_by_that_name"), headers=reader.headers).status_code
        == 404
    )


# Deleting what evaluations and offers hang on


def busy_marketplace(
    client: TestClient,
) -> tuple[Account, Account, Account, str, str]:
    """An owner and a cleaner with a bit of everything between them and a third user.

    Returns (owner, cleaner, third, evaluated_job, open_job): the cleaner was hired and
    evaluated on `evaluated_job` (the third user's offer on it was rejected); both have
    pending offers on `open_job`. The owner also made an offer on the third user's job and
    was evaluated for it, so the owner is a cleaner too.
    """
    owner, cleaner, third = sign_up(client), sign_up(client), sign_up(client)
    evaluated_job = post_cleaning(client, owner)["id"]
    make_offer(client, cleaner, evaluated_job)
    make_offer(client, third, evaluated_job)
    accept_offer(client, owner, evaluated_job, cleaner)
    evaluate(client, owner, cleaner, evaluated_job, overall_rating=5)
    open_job = post_cleaning(client, owner)["id"]
    make_offer(client, cleaner, open_job)
    make_offer(client, third, open_job)
    evaluate(client, third, owner, hire(client, third, owner), overall_rating=2)
    return owner, cleaner, third, evaluated_job, open_job


def test_a_superuser_deletes_a_cleaning_with_offers_and_an_evaluation(
    client: TestClient,
) -> None:
    owner, cleaner, third, evaluated_job, open_job = busy_marketplace(client)
    # Its owner may not (tests/api/routes/test_deleting_parties.py); a superuser may.
    superuser = sign_in_superuser(client)

    r = client.delete(cleanings_url(evaluated_job), headers=superuser.headers)

    assert r.status_code == 200, r.text
    assert (
        client.get(cleanings_url(evaluated_job), headers=owner.headers).status_code
        == 404
    )
    # The job's evaluation outlives it: the cleaner keeps the rating.
    kept = client.get(evaluations_url(cleaner.username), headers=third.headers).json()
    assert [e["cleaning_id"] for e in kept["data"]] == [evaluated_job]
    assert (
        client.get(stats_url(cleaner.username), headers=third.headers).json()[
            "total_evaluations"
        ]
        == 1
    )
    for offerer in (cleaner, third):
        mine = client.get(f"{API}/users/me/offers", headers=offerer.headers).json()
        assert [o["cleaning_id"] for o in mine["data"]] == [open_job]
    # The rest is untouched.
    assert offer_statuses(client, owner, open_job) == {
        cleaner.username: "pending",
        third.username: "pending",
    }


def test_delete_a_user_with_cleanings_offers_and_evaluations(
    client: TestClient,
) -> None:
    owner, cleaner, third, evaluated_job, open_job = busy_marketplace(client)
    superuser = sign_in_superuser(client)

    r = client.delete(f"{API}/users/{owner.id}", headers=superuser.headers)

    assert r.status_code == 200, r.text
    for job in (evaluated_job, open_job):
        assert client.get(cleanings_url(job), headers=third.headers).status_code == 404
    assert (
        client.get(
            f"{API}/profiles/{owner.username}", headers=third.headers
        ).status_code
        == 404
    )
    # The evaluation the owner gave stays with the cleaner who earned it ...
    kept = client.get(evaluations_url(cleaner.username), headers=third.headers).json()
    assert [e["cleaning_id"] for e in kept["data"]] == [evaluated_job]
    # ... what they received as a cleaner is gone with them.
    assert (
        client.get(evaluations_url(third.username), headers=cleaner.headers).json()[
            "count"
        ]
        == 0
    )
    third_offers = client.get(f"{API}/users/me/offers", headers=third.headers).json()
    assert third_offers == {"data": [], "count": 0}
    third_jobs = client.get(cleanings_url(), headers=third.headers).json()
    assert third_jobs["count"] == 1
    assert offer_statuses(client, third, third_jobs["data"][0]["id"]) == {}


def test_a_cleaner_deletes_themselves(client: TestClient) -> None:
    owner, cleaner, third, evaluated_job, open_job = busy_marketplace(client)

    r = client.delete(f"{API}/users/me", headers=cleaner.headers)

    assert r.status_code == 200, r.text
    assert (
        client.get(evaluations_url(cleaner.username), headers=owner.headers).status_code
        == 404
    )
    assert offer_statuses(client, owner, evaluated_job) == {third.username: "rejected"}
    assert offer_statuses(client, owner, open_job) == {third.username: "pending"}
    assert (
        client.get(cleanings_url(evaluated_job), headers=owner.headers).status_code
        == 200
    )


def test_a_review_names_its_author_and_job_also_once_they_are_gone(
    client: TestClient,
) -> None:
    owner, cleaner = sign_up(client, full_name="Olga Owner"), sign_up(client)
    cleaning_id = hire(client, owner, cleaner, name="Attic and stairs")
    created = evaluate(client, owner, cleaner, cleaning_id, headline="Great")
    assert created["cleaning_name"] == "Attic and stairs"
    assert created["evaluator"]["username"] == owner.username
    assert created["evaluator"]["full_name"] == "Olga Owner"
    assert created["evaluator"]["phone_number"] is None

    reader = sign_up(client)
    [listed] = client.get(
        evaluations_url(cleaner.username), headers=reader.headers
    ).json()["data"]
    assert listed["evaluator"]["username"] == owner.username
    one = client.get(
        evaluations_url(cleaner.username, cleaning_id), headers=reader.headers
    ).json()
    assert one["cleaning_name"] == "Attic and stairs"

    # The owner's account goes, with their jobs: the review stays, with the job's name.
    assert client.delete(f"{API}/users/me", headers=owner.headers).status_code == 200
    [kept] = client.get(
        evaluations_url(cleaner.username), headers=reader.headers
    ).json()["data"]
    assert kept["evaluator"] is None
    assert kept["cleaning_name"] == "Attic and stairs"
    assert kept["headline"] == "Great"
