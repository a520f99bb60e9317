"""Lists cost a fixed number of SQL statements, whatever the page size (no N+1).

Statements are counted at psycopg's cursor while one request runs: those sent through
SQLAlchemy and those the hot reads send on psycopg's own connection (app.core.reads) alike. The
savepoint a request opens and releases (the test's transaction isolation, not the app's work)
is left out of the count.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest.mock import patch
from urllib.parse import urlencode

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.utils.marketplace import (
    API,
    Account,
    accept_offer,
    cleanings_url,
    evaluate,
    evaluations_url,
    make_offer,
    offers_url,
    post_cleaning,
    sign_in_superuser,
    sign_up,
)

# Requests share the `db` fixture's session.
pytestmark = pytest.mark.usefixtures("db")

ROWS = 50
PAGE_SIZES = (5, 50)


@contextmanager
def recorded_statements() -> Iterator[list[str]]:
    """The statements sent to PostgreSQL meanwhile, from any thread."""
    statements: list[str] = []
    send = psycopg.Cursor.execute

    def execute(
        cursor: psycopg.Cursor[Any], query: Any, *args: Any, **kwargs: Any
    ) -> Any:
        statement = query if isinstance(query, str) else str(query)
        if "SAVEPOINT" not in statement:
            statements.append(statement)
        return send(cursor, query, *args, **kwargs)

    with patch.object(psycopg.Cursor, "execute", execute):
        yield statements


def statements_per_page(
    client: TestClient, url: str, reader: Account
) -> dict[int, list[str]]:
    """The statements one GET of `url` runs, at each page size; every page is full."""
    seen = {}
    for limit in PAGE_SIZES:
        with recorded_statements() as statements:
            r = client.get(url, headers=reader.headers, params={"limit": limit})
        assert r.status_code == 200, r.text
        assert len(r.json()["data"]) == limit
        assert r.json()["count"] >= ROWS
        seen[limit] = list(statements)
    return seen


def assert_fixed(seen: dict[int, list[str]], expected: int) -> None:
    counts = {limit: len(statements) for limit, statements in seen.items()}
    assert counts == dict.fromkeys(PAGE_SIZES, expected), "\n\n".join(
        seen[PAGE_SIZES[-1]]
    )


def test_cleanings_list_of_a_superuser(client: TestClient) -> None:
    superuser = sign_in_superuser(client)
    owners = [sign_up(client) for _ in range(10)]
    for i in range(ROWS + 10):
        post_cleaning(client, owners[i % len(owners)])

    seen = statements_per_page(client, cleanings_url(), superuser)

    # The signed-in user, the count, the page (owners joined in).
    assert_fixed(seen, 3)


def test_cleanings_list_of_an_owner(client: TestClient) -> None:
    owner, other = sign_up(client), sign_up(client)
    for _ in range(ROWS):
        post_cleaning(client, owner)
    post_cleaning(client, other)

    seen = statements_per_page(client, cleanings_url(), owner)

    # The signed-in user, the count, the page.
    assert_fixed(seen, 3)


def test_offers_of_a_cleaning(client: TestClient) -> None:
    owner = sign_up(client)
    cleaning_id = post_cleaning(client, owner)["id"]
    for _ in range(ROWS):
        make_offer(client, sign_up(client), cleaning_id)

    seen = statements_per_page(client, offers_url(cleaning_id), owner)

    # The signed-in user, the cleaning (owner joined in), the count, the page (offerers joined).
    assert_fixed(seen, 4)


def test_my_offers(client: TestClient) -> None:
    cleaner = sign_up(client)
    owners = [sign_up(client) for _ in range(5)]
    for i in range(ROWS):
        make_offer(client, cleaner, post_cleaning(client, owners[i % 5])["id"])

    seen = statements_per_page(client, f"{API}/users/me/offers", cleaner)

    # The signed-in user, the count, the page.
    assert_fixed(seen, 3)


@pytest.mark.parametrize("reader_is_the_cleaner", [False, True])
def test_evaluations_of_a_cleaner(
    client: TestClient, reader_is_the_cleaner: bool
) -> None:
    cleaner, reader = sign_up(client), sign_up(client)
    owners = [sign_up(client) for _ in range(5)]
    for i in range(ROWS):
        owner = owners[i % 5]
        cleaning_id = post_cleaning(client, owner)["id"]
        make_offer(client, cleaner, cleaning_id)
        accept_offer(client, owner, cleaning_id, cleaner)
        evaluate(client, owner, cleaner, cleaning_id, overall_rating=i % 6)

    seen = statements_per_page(
        client,
        evaluations_url(cleaner.username),
        cleaner if reader_is_the_cleaner else reader,
    )

    # The signed-in user (first: a bad token is 401 before an unknown name is 404), the
    # cleaner by username (not asked again when it is the signed-in user), the count, the page.
    assert_fixed(seen, 3 if reader_is_the_cleaner else 4)


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "job", "sort": "price_asc"}, {"status": "any", "sort": "soonest"}],
)
def test_search(client: TestClient, params: dict[str, str]) -> None:
    reader = sign_up(client)
    owners = [sign_up(client) for _ in range(5)]
    for i in range(ROWS):
        post_cleaning(client, owners[i % 5], area="Camden", scheduled_on="2031-01-01")

    seen = statements_per_page(
        client, f"{API}/cleanings/search?{urlencode(params)}", reader
    )

    # The signed-in user, then the page with its count and owners in one statement.
    assert_fixed(seen, 2)


def test_feed_items_with_status_and_event_data(client: TestClient) -> None:
    reader, cleaner = sign_up(client), sign_up(client)
    owners = [sign_up(client) for _ in range(5)]
    for i in range(ROWS):
        cleaning_id = post_cleaning(client, owners[i % 5])["id"]
        if i % 3 == 0:
            make_offer(client, cleaner, cleaning_id)
            accept_offer(client, owners[i % 5], cleaning_id, cleaner)

    seen = statements_per_page(client, f"{API}/feed/cleanings/", reader)

    # The signed-in user, then the page with its count.
    assert_fixed(seen, 2)
