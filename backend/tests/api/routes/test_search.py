"""GET /cleanings/search: other people's jobs, filtered, sorted and paged, with an exact count.

Each test tags its jobs with a word of its own and searches for it, so jobs of other tests (or
the demo) never change what it sees.
"""

from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.utils.marketplace import (
    API,
    Account,
    Json,
    accept_offer,
    evaluate,
    make_offer,
    post_cleaning,
    sign_up,
)
from tests.utils.utils import random_lower_string

pytestmark = pytest.mark.usefixtures("db")

SEARCH = f"{API}/cleanings/search"


def tag() -> str:
    """A word no other job has."""
    return "tag" + random_lower_string(10)


def search(client: TestClient, reader: Account, **params: Any) -> Json:
    r = client.get(SEARCH, headers=reader.headers, params=params)
    assert r.status_code == 200, r.text
    body: Json = r.json()
    return body


def names(body: Json) -> list[str]:
    return [c["name"] for c in body["data"]]


def test_search_shows_other_peoples_open_jobs_with_their_status(
    client: TestClient,
) -> None:
    word = tag()
    me, owner, cleaner = sign_up(client), sign_up(client), sign_up(client)
    post_cleaning(client, me, name=f"mine {word}")
    open_job = post_cleaning(
        client, owner, name=f"open {word}", area="Camden", scheduled_on="2031-01-02"
    )
    hired = post_cleaning(client, owner, name=f"hired {word}")["id"]
    make_offer(client, cleaner, hired)
    accept_offer(client, owner, hired, cleaner)
    completed = post_cleaning(client, owner, name=f"completed {word}")["id"]
    make_offer(client, cleaner, completed)
    accept_offer(client, owner, completed, cleaner)
    evaluate(client, owner, cleaner, completed)
    make_offer(client, cleaner, open_job["id"])

    body = search(client, me, q=word)
    assert body["count"] == 1
    [job] = body["data"]
    assert job["name"] == f"open {word}"
    assert (job["status"], job["offers_count"]) == ("open", 1)
    assert (job["area"], job["scheduled_on"]) == ("Camden", "2031-01-02")
    assert job["owner"]["username"] == owner.username
    assert set(job["owner"]) == {"id", "username", "full_name", "image", "phone_number"}
    assert job["owner"]["phone_number"] is None

    for status, expected in (
        ("hired", [f"hired {word}"]),
        ("completed", [f"completed {word}"]),
        ("any", [f"completed {word}", f"hired {word}", f"open {word}"]),
    ):
        body = search(client, me, q=word, status=status)
        assert names(body) == expected and body["count"] == len(expected)
    # Never one's own jobs, whatever the filters.
    body = search(client, owner, q=word, status="any")
    assert names(body) == [f"mine {word}"]


def test_text_ignores_case_and_accents_and_matches_a_prefix(client: TestClient) -> None:
    word = tag()
    owner, reader = sign_up(client), sign_up(client)
    post_cleaning(client, owner, name=f"Fenêtre {word}", description="Grand SALON")
    post_cleaning(client, owner, name=f"Window wash {word}", area="Nørrebro, Köln")
    post_cleaning(client, owner, name=f"fenetre cuisine {word}", description=None)

    def found(q: str) -> list[str]:
        return sorted(names(search(client, reader, q=f"{word} {q}")))

    assert found("fenetre") == [f"Fenêtre {word}", f"fenetre cuisine {word}"]
    assert found("FENÊTRE") == found("fenetre")
    assert found("win") == [f"Window wash {word}"]  # the last word as a prefix
    assert found("wind") == [f"Window wash {word}"]
    assert found("salon") == [f"Fenêtre {word}"]  # description
    assert found("koln") == [f"Window wash {word}"]  # area, without its accent
    assert found("norrebro") == [f"Window wash {word}"]
    # Every word must match; only the last one is a prefix.
    assert found("fenetre cuis") == [f"fenetre cuisine {word}"]
    assert found("fenetre salon") == [f"Fenêtre {word}"]
    assert found("win fenetre") == []
    assert found("wash win") == [f"Window wash {word}"]
    assert found("nothing") == []


@pytest.mark.parametrize(
    "q",
    [
        "&",
        "|",
        "!",
        "()",
        ":*",
        "'",
        '"',
        "\\",
        "a & | b",
        "win:*",
        "(fenetre | window) & !salon",
        "' OR 1=1 --",
        "\x00",
        "abc\x00def",
        "ŉ",
        "🙂",
        "ß ẞ ﬁ",
        "x" * 200,
        " ".join("w" for _ in range(100)),
        "<->",
        "a:B",
    ],
)
def test_no_text_gives_an_error(client: TestClient, q: str) -> None:
    reader = sign_up(client)
    r = client.get(SEARCH, headers=reader.headers, params={"q": q})
    assert r.status_code == 200, r.text


def test_text_with_no_words_is_no_text_filter(client: TestClient) -> None:
    owner, reader = sign_up(client), sign_up(client)
    post_cleaning(client, owner)
    everything = search(client, reader)["count"]
    assert everything >= 1
    for q in ("", "   ", "&|!():*", "'\"", "\x00"):
        assert search(client, reader, q=q)["count"] == everything


def test_punctuation_separates_words(client: TestClient) -> None:
    word = tag()
    owner, reader = sign_up(client), sign_up(client)
    post_cleaning(client, owner, name=f"Pre-guest refresh {word}")
    assert search(client, reader, q=f"{word}, pre-guest!")["count"] == 1
    assert search(client, reader, q=f"({word}) & refr")["count"] == 1


def test_types_repeat(client: TestClient) -> None:
    word = tag()
    owner, reader = sign_up(client), sign_up(client)
    for cleaning_type in ("dust_up", "spot_clean", "full_clean"):
        post_cleaning(
            client, owner, name=f"{cleaning_type} {word}", cleaning_type=cleaning_type
        )
    body = search(client, reader, q=word, cleaning_type="dust_up")
    assert names(body) == [f"dust_up {word}"]
    r = client.get(
        SEARCH,
        headers=reader.headers,
        params=[
            ("q", word),
            ("cleaning_type", "dust_up"),
            ("cleaning_type", "full_clean"),
        ],
    )
    assert sorted(names(r.json())) == [f"dust_up {word}", f"full_clean {word}"]
    r = client.get(SEARCH, headers=reader.headers, params={"cleaning_type": "mop"})
    assert r.status_code == 422


def test_price_bounds_are_inclusive_and_exact(client: TestClient) -> None:
    word = tag()
    owner, reader = sign_up(client), sign_up(client)
    for price in ("49.89", "49.90", "49.91", "100"):
        post_cleaning(client, owner, name=f"{price} {word}", price=price)

    def prices(**bounds: str) -> list[str]:
        body = search(client, reader, q=word, sort="price_asc", **bounds)
        assert body["count"] == len(body["data"])
        return [c["price"] for c in body["data"]]

    assert prices(min_price="49.90") == ["49.90", "49.91", "100.00"]
    assert prices(max_price="49.90") == ["49.89", "49.90"]
    assert prices(min_price="49.90", max_price="49.90") == ["49.90"]
    assert prices(min_price="49.895", max_price="49.905") == ["49.90"]
    assert prices(min_price="0", max_price="99999999.99") == [
        "49.89",
        "49.90",
        "49.91",
        "100.00",
    ]
    assert prices(min_price="100.000001") == []


@pytest.mark.parametrize(
    "params",
    [
        {"min_price": "10", "max_price": "9.99"},
        {"scheduled_from": "2031-01-02", "scheduled_to": "2031-01-01"},
        {"min_price": "-1"},
        {"min_price": "abc"},
        {"max_price": "1e3"},
        {"max_price": "100000000"},
        {"min_price": "NaN"},
        {"scheduled_from": "1700000000"},
        {"scheduled_to": "2031-02-30"},
        {"sort": "cheapest"},
        {"status": "pending"},
        {"limit": 0},
        {"limit": 101},
        {"skip": -1},
        {"q": "x" * 201},
    ],
)
def test_invalid_parameters_are_422(client: TestClient, params: dict[str, Any]) -> None:
    reader = sign_up(client)
    r = client.get(SEARCH, headers=reader.headers, params=params)
    assert r.status_code == 422, r.text


def test_search_is_for_signed_in_users(client: TestClient) -> None:
    r = client.get(SEARCH)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_date_bounds_are_inclusive_and_leave_out_undated_jobs(
    client: TestClient,
) -> None:
    word = tag()
    owner, reader = sign_up(client), sign_up(client)
    for day in ("2031-03-01", "2031-03-02", "2031-03-03"):
        post_cleaning(client, owner, name=f"{day} {word}", scheduled_on=day)
    post_cleaning(client, owner, name=f"undated {word}")

    def days(**bounds: str) -> list[str]:
        return sorted(names(search(client, reader, q=word, **bounds)))

    assert days(scheduled_from="2031-03-02") == [
        f"2031-03-02 {word}",
        f"2031-03-03 {word}",
    ]
    assert days(scheduled_to="2031-03-02") == [
        f"2031-03-01 {word}",
        f"2031-03-02 {word}",
    ]
    assert days(scheduled_from="2031-03-02", scheduled_to="2031-03-02") == [
        f"2031-03-02 {word}"
    ]
    assert len(days()) == 4


def test_each_sort(client: TestClient) -> None:
    word = tag()
    owner, reader = sign_up(client), sign_up(client)
    jobs = [
        ("a", "30.00", "2031-05-03"),
        ("b", "10.00", None),
        ("c", "20.00", "2031-05-01"),
        ("d", "40.00", "2031-05-02"),
    ]
    for name, price, day in jobs:
        post_cleaning(
            client, owner, name=f"{name} {word}", price=price, scheduled_on=day
        )

    def order(sort: str | None) -> str:
        params = {"q": word} if sort is None else {"q": word, "sort": sort}
        return "".join(n[0] for n in names(search(client, reader, **params)))

    assert order(None) == order("newest") == "dcba"
    assert order("price_asc") == "bcad"
    assert order("price_desc") == "dacb"
    assert order("soonest") == "cdab"  # the undated job last


@pytest.mark.parametrize("sort", ["newest", "price_asc", "price_desc", "soonest"])
def test_pages_never_repeat_or_skip_with_ties(client: TestClient, sort: str) -> None:
    word = tag()
    owner, reader = sign_up(client), sign_up(client)
    # Many equal prices and days (and some undated): the order rests on the tie-breaker.
    for n in range(23):
        post_cleaning(
            client,
            owner,
            name=f"job{n} {word}",
            price=("10.00", "20.00")[n % 2],
            scheduled_on=None if n % 5 == 0 else "2031-06-01",
        )
    whole = search(client, reader, q=word, sort=sort, limit=100)
    assert whole["count"] == 23 and len(whole["data"]) == 23
    walked: list[str] = []
    for skip in range(0, 30, 4):
        page = search(client, reader, q=word, sort=sort, skip=skip, limit=4)
        assert page["count"] == 23
        walked += [c["id"] for c in page["data"]]
    assert walked == [c["id"] for c in whole["data"]]
    assert len(set(walked)) == 23
    if sort == "price_asc":
        assert [Decimal(c["price"]) for c in whole["data"]] == sorted(
            Decimal(c["price"]) for c in whole["data"]
        )


def test_a_page_past_the_end_still_counts(client: TestClient) -> None:
    word = tag()
    owner, reader = sign_up(client), sign_up(client)
    for _ in range(3):
        post_cleaning(client, owner, name=word)
    body = search(client, reader, q=word, skip=10, limit=5)
    assert body == {"data": [], "count": 3}
    body = search(client, reader, q=word, skip=2**62, limit=100)
    assert body == {"data": [], "count": 3}


def test_the_search_route_is_not_taken_for_a_job_id(client: TestClient) -> None:
    reader = sign_up(client)
    r = client.get(f"{API}/cleanings/search", headers=reader.headers)
    assert r.status_code == 200
    assert set(r.json()) == {"data", "count"}
