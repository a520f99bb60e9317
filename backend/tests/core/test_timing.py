"""Server-Timing: every response says how long the server took, and how much of it in the database."""

import re

import pytest
from fastapi.testclient import TestClient

from tests.utils.marketplace import API, sign_up

pytestmark = pytest.mark.usefixtures("db")

TIMING = re.compile(
    r"^db;dur=(\d+\.\d+);desc=(?:database|\"primary\"|\"replica\"), total;dur=(\d+\.\d+)$"
)


def timings(header: str) -> tuple[float, float]:
    match = TIMING.match(header)
    assert match, header
    return float(match.group(1)), float(match.group(2))


def test_a_request_that_reads_the_database_reports_its_database_time(
    client: TestClient,
) -> None:
    user = sign_up(client)
    r = client.get(f"{API}/feed/cleanings/", headers=user.headers)
    assert r.status_code == 200
    db, total = timings(r.headers["server-timing"])
    assert 0 < db <= total


def test_a_request_without_the_database_reports_none(client: TestClient) -> None:
    r = client.get(f"{API}/openapi.json")
    db, total = timings(r.headers["server-timing"])
    assert db == 0
    assert total > 0


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/users/me", 401),
        ("get", "/no-such-route", 404),
        ("post", "/login/access-token", 422),
    ],
)
def test_errors_carry_it_too(
    client: TestClient, method: str, path: str, status: int
) -> None:
    r = client.request(method, f"{API}{path}")
    assert r.status_code == status
    timings(r.headers["server-timing"])


def test_cross_origin_pages_may_read_it(client: TestClient) -> None:
    r = client.get(
        f"{API}/utils/health-check/", headers={"Origin": "http://localhost:5173"}
    )
    assert "server-timing" in r.headers["access-control-expose-headers"].lower()
