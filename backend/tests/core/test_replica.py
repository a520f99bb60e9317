"""Reads from a replica, in process: the test database stands in for a replica (a server not
in recovery has replayed everything it has), so the routing, the WAL position a write
answers and the fallbacks can be seen without a cluster (tests/test_cluster.py has one)."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app import crud
from app.core import db as app_db
from app.core import replica
from app.core.config import settings
from app.core.headers import LSN_HEADER
from tests.utils.marketplace import API, post_cleaning, sign_up
from tests.utils.servers import free_port

pytestmark = pytest.mark.usefixtures("committed")


def server(response: object) -> str:
    header: str = response.headers["server-timing"]  # type: ignore[attr-defined]
    return header.split(";desc=", 1)[1].split(",", 1)[0]


@pytest.fixture
def read_url(engine: Engine) -> Iterator[str]:
    """DATABASE_READ_URL set to the test database itself."""
    url = engine.url.render_as_string(hide_password=False)
    saved = settings.DATABASE_READ_URL
    settings.DATABASE_READ_URL = url
    app_db.reset_engines()
    replica.forget_failures()
    yield url
    settings.DATABASE_READ_URL = saved
    app_db.reset_engines()
    replica.forget_failures()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0/0", 0),
        ("16/B374D848", 0x16 << 32 | 0xB374D848),
        (" 1/2 ", 1 << 32 | 2),
        (None, None),
        ("", None),
        ("1/2/3", None),
        ("zz/1", None),
        ("123456789/0", None),
        ("1/" + "f" * 1000, None),
    ],
)
def test_wal_positions_are_parsed_or_ignored(
    value: str | None, expected: int | None
) -> None:
    assert replica.parse_lsn(value) == expected


def test_without_a_replica_every_read_is_on_the_primary(client: TestClient) -> None:
    owner = sign_up(client)
    r = client.post(
        f"{API}/cleanings/", headers=owner.headers, json={"name": "x", "price": "1"}
    )
    assert r.status_code == 201
    assert LSN_HEADER.lower() not in r.headers
    r = client.get(f"{API}/feed/cleanings/", headers=owner.headers)
    assert server(r) == '"primary"'


@pytest.mark.usefixtures("read_url")
def test_lag_tolerant_reads_go_to_the_replica_others_to_the_primary(
    client: TestClient,
) -> None:
    owner = sign_up(client)
    job = post_cleaning(client, owner)
    for path in (
        "/feed/cleanings/",
        "/feed/cleanings/cursor",
        "/cleanings/search",
        f"/cleanings/{job['id']}",
        f"/profiles/{owner.username}",
        f"/users/{owner.username}/evaluations/stats",
    ):
        r = client.get(f"{API}{path}", headers=owner.headers)
        assert r.status_code == 200, (path, r.text)
        assert server(r) == '"replica"', path
    for path in ("/users/me", "/cleanings/", "/notifications/unread-count"):
        r = client.get(f"{API}{path}", headers=owner.headers)
        assert r.status_code == 200, (path, r.text)
        assert server(r) == '"primary"', path


@pytest.mark.usefixtures("read_url")
def test_a_write_answers_its_position_and_a_read_beyond_the_replica_goes_to_the_primary(
    client: TestClient,
) -> None:
    owner = sign_up(client)
    r = client.post(
        f"{API}/cleanings/", headers=owner.headers, json={"name": "x", "price": "1"}
    )
    assert r.status_code == 201
    assert server(r) == '"primary"'
    lsn = r.headers[LSN_HEADER]
    assert replica.parse_lsn(lsn) is not None
    feed = f"{API}/feed/cleanings/"
    r = client.get(feed, headers={**owner.headers, LSN_HEADER: lsn})
    assert server(r) == '"replica"'  # this "replica" has it
    r = client.get(feed, headers={**owner.headers, LSN_HEADER: "FFFFFFFF/0"})
    assert r.status_code == 200
    assert server(r) == '"primary"'
    # A header that is no position is ignored, never an error.
    r = client.get(feed, headers={**owner.headers, LSN_HEADER: "' OR 1=1 --"})
    assert r.status_code == 200
    assert server(r) == '"replica"'


@pytest.mark.usefixtures("read_url")
def test_a_replica_far_behind_is_skipped(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = sign_up(client)
    monkeypatch.setattr(settings, "REPLICA_MAX_LAG_SECONDS", -1.0)
    r = client.get(f"{API}/feed/cleanings/", headers=owner.headers)
    assert r.status_code == 200
    assert server(r) == '"primary"'


def test_an_unreachable_replica_is_skipped_without_an_error(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = sign_up(client)
    monkeypatch.setattr(
        settings,
        "DATABASE_READ_URL",
        f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/postgres",
    )
    app_db.reset_engines()
    replica.forget_failures()
    try:
        for _ in range(3):  # the first finds it down; the next skip it at once
            r = client.get(f"{API}/feed/cleanings/", headers=owner.headers)
            assert r.status_code == 200, r.text
            assert server(r) == '"primary"'
        assert replica._skip_until > 0
    finally:
        monkeypatch.undo()
        app_db.reset_engines()
        replica.forget_failures()


@pytest.mark.usefixtures("read_url")
def test_a_user_the_replica_does_not_know_is_checked_on_the_primary(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = sign_up(client)
    # As if the replica had not replayed the signup: it finds no user for the token.
    real = crud.read_token_user
    calls: list[bool] = []

    def on_a_lagging_replica(*, session: Session, **kwargs: Any) -> Any:
        found = real(session=session, **kwargs)
        on_replica = bool(session.info.get("replica"))
        calls.append(on_replica)
        return None if on_replica else found

    monkeypatch.setattr("app.api.deps.crud.read_token_user", on_a_lagging_replica)
    r = client.get(f"{API}/feed/cleanings/", headers=owner.headers)
    assert r.status_code == 200, r.text
    assert calls == [True, False]
    assert server(r) == '"primary"'


def test_behind_a_pooler_psycopg_never_prepares(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "DATABASE_POOLER", False)
    assert "prepare_threshold" not in app_db.connect_args(timeout=5)
    monkeypatch.setattr(settings, "DATABASE_POOLER", True)
    assert app_db.connect_args(timeout=5)["prepare_threshold"] is None
