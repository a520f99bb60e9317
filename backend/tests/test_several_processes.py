"""Two API processes on one database, as behind a load balancer: nothing a client holds is
tied to one process (tokens, feed cursors), and the login throttle counts across both."""

from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from itertools import cycle
from typing import Any

import httpx
import pytest

from app.core.config import settings
from tests.utils.servers import owned_postgres, running_api

API = settings.API_V1_STR
PER_ACCOUNT = 4


@pytest.fixture(scope="module")
def two_processes() -> Iterator[tuple[httpx.Client, httpx.Client]]:
    env = {"LOGIN_FAILURES_PER_ACCOUNT_ADDRESS": str(PER_ACCOUNT)}
    with owned_postgres() as pg, ExitStack() as stack:
        bases = [
            stack.enter_context(running_api({**env, "DATABASE_URL": pg.url}))
            for _ in range(2)
        ]
        a, b = (stack.enter_context(httpx.Client(base_url=base)) for base in bases)
        yield a, b


def sign_up(client: httpx.Client, email: str) -> dict[str, str]:
    """A new user's headers."""
    password = "a-good-password"
    r = client.post(f"{API}/users/signup", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    r = client.post(
        f"{API}/login/access-token", data={"username": email, "password": password}
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def log_in(client: httpx.Client, email: str, password: str) -> httpx.Response:
    return client.post(
        f"{API}/login/access-token", data={"username": email, "password": password}
    )


def test_the_login_throttle_counts_across_processes(
    two_processes: tuple[httpx.Client, httpx.Client],
) -> None:
    a, b = two_processes
    email = "throttled@example.com"
    sign_up(a, email)
    processes = cycle([a, b])
    for _ in range(PER_ACCOUNT):
        assert log_in(next(processes), email, "wrong-password").status_code == 400
    # Each process saw only half of the failures; together they reach the limit.
    for client in (a, b):
        r = log_in(client, email, "a-good-password")
        assert r.status_code == 429, r.text
        assert int(r.headers["retry-after"]) > 0


def cursor_walk(
    clients: Sequence[httpx.Client], headers: dict[str, str], limit: int
) -> list[list[dict[str, Any]]]:
    """Every page of the cursor feed, each page asked of the next process in turn."""
    pages: list[list[dict[str, Any]]] = []
    params: dict[str, Any] = {"limit": limit}
    for client in cycle(clients):
        r = client.get(f"{API}/feed/cleanings/cursor", params=params, headers=headers)
        assert r.status_code == 200, r.text
        pages.append(r.json()["data"])
        if r.json()["next_cursor"] is None:
            return pages
        params["cursor"] = r.json()["next_cursor"]
    raise AssertionError("unreachable")


def test_cursor_pages_are_the_same_on_either_process(
    two_processes: tuple[httpx.Client, httpx.Client],
) -> None:
    a, b = two_processes
    headers = sign_up(b, "feeder@example.com")
    processes = cycle([a, b])
    for n in range(45):
        r = next(processes).post(
            f"{API}/cleanings/",
            headers=headers,
            json={"name": f"Job {n}", "price": "10.00"},
        )
        assert r.status_code == 201, r.text
        if n % 5 == 0:
            update = next(processes).put(
                f"{API}/cleanings/{r.json()['id']}",
                headers=headers,
                json={"price": "12.50"},
            )
            assert update.status_code == 200, update.text

    alternating = cursor_walk([a, b], headers, limit=7)
    only_a = cursor_walk([a], headers, limit=7)
    only_b = cursor_walk([b], headers, limit=7)

    assert alternating == only_a == only_b
    events = [(i["id"], i["event_type"]) for page in alternating for i in page]
    assert len(events) == len(set(events)) == 45 + 9
