"""Database work never runs on the event loop, so a slow request does not stall the others;
a request takes one trip to a thread, its dependencies, route, answer and session in one; and
the few trip threads are not all held up by logins waiting on bcrypt."""

import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio.to_thread
import bcrypt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from app import crud
from app.api.deps import reusable_oauth2
from app.core import trips as trip_threads
from app.core.config import settings
from app.core.db import READ_ONLY_WRITES, end_unit_of_work, new_session
from app.main import app
from app.models import Item
from tests.utils.marketplace import API, post_cleaning, sign_up

SLOW_SECONDS = 3  # room for three requests on a busy machine


def test_other_requests_answer_while_a_slow_query_runs(
    committed: Engine,  # noqa: ARG001 (the app's own sessions, real connections)
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = sign_up(client)
    querying = threading.Event()
    read_token_user = crud.read_token_user

    def slow_items_page(*, session: Session, **kwargs: Any) -> Any:
        if kwargs.get("query") is crud.ITEMS_PAGE:
            querying.set()
            session.connection().execute(text(f"SELECT pg_sleep({SLOW_SECONDS})"))
        return read_token_user(session=session, **kwargs)

    monkeypatch.setattr(crud, "read_token_user", slow_items_page)
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(client.get, f"{API}/items/", headers=user.headers)
        assert querying.wait(30)
        # Answered while the slow request is still in its query: the liveness check, and
        # two that use the database themselves (readiness, a signed-in read).
        for path, headers in (
            ("/utils/health-check/", {}),
            ("/utils/ready/", {}),
            ("/users/me", user.headers),
        ):
            began = time.monotonic()
            answer = client.get(f"{API}{path}", headers=headers)
            waited = time.monotonic() - began
            assert answer.status_code == 200
            assert not slow.done(), f"{path} took {waited:.2f} s"
        assert slow.result().status_code == 200


def test_requests_are_answered_while_more_logins_than_trip_threads_wait_on_bcrypt(
    committed: Engine,  # noqa: ARG001 (the app's own sessions, real connections)
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    users = [sign_up(client) for _ in range(settings.TRIP_THREADS + 2)]
    hashing = threading.Semaphore(0)
    done = threading.Event()
    checkpw = bcrypt.checkpw

    def slow_checkpw(password: bytes, hashed: bytes) -> bool:
        hashing.release()
        done.wait(30)  # as a hash at production cost would, for longer
        return checkpw(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", slow_checkpw)
    with ThreadPoolExecutor(len(users) + 1) as pool:
        try:
            logins = [
                pool.submit(
                    client.post,
                    f"{API}/login/access-token",
                    data={"username": user.email, "password": user.password},
                )
                for user in users
            ]
            for _ in users:
                assert hashing.acquire(timeout=30)
            # Every login is in bcrypt, more of them than the trip threads: a signed-in read
            # is still answered (a trip steps aside for the hash, and its thread is replaced).
            me = pool.submit(client.get, f"{API}/users/me", headers=users[0].headers)
            assert me.result(timeout=SLOW_SECONDS).json()["email"] == users[0].email
            assert not any(login.done() for login in logins)
        finally:
            done.set()
        assert all(login.result().status_code == 200 for login in logins)


def test_an_override_of_the_token_dependency_applies(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    # Routes of query parameters skip FastAPI's solving (app.api.route), not its overrides.
    token = normal_user_token_headers["Authorization"].removeprefix("Bearer ")
    app.dependency_overrides[reusable_oauth2] = lambda: token
    try:
        me = client.get(f"{API}/users/me")  # no Authorization header of its own
        items = client.get(f"{API}/items/", params={"limit": 1})
    finally:
        app.dependency_overrides.pop(reusable_oauth2)
    assert me.status_code == 200
    assert items.status_code == 200
    assert client.get(f"{API}/users/me").status_code == 401


def test_a_read_only_session_refuses_to_write(committed: Engine) -> None:  # noqa: ARG001
    session = new_session(read_only=True)
    session.add(Item(title="never stored", owner_id=uuid.uuid4()))
    with pytest.raises(RuntimeError, match=re.escape(READ_ONLY_WRITES)):
        session.flush()  # also what a query would do first (autoflush)
    session.rollback()
    session.add(Item(title="never stored", owner_id=uuid.uuid4()))
    with pytest.raises(RuntimeError, match=re.escape(READ_ONLY_WRITES)):
        end_unit_of_work(session, commit=True)  # never dropped silently either


def test_a_read_only_session_reads_in_autocommit(committed: Engine) -> None:  # noqa: ARG001
    session = new_session(read_only=True)
    connection = session.connection()
    assert connection.connection.dbapi_connection.autocommit  # type: ignore[union-attr]
    # So PostgreSQL sees no transaction around the statement: now() is its own start.
    same = connection.execute(text("SELECT now() = statement_timestamp()")).scalar_one()
    assert same is True
    end_unit_of_work(session, commit=True)
    write = new_session()
    assert not write.connection().connection.dbapi_connection.autocommit  # type: ignore[union-attr]
    end_unit_of_work(write, commit=False)


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every trip a request makes to a thread: the routes' pool and anyio's (FastAPI's)."""
    made: list[str] = []
    submit = trip_threads._TRIPS.submit
    run_sync = anyio.to_thread.run_sync

    def counted_submit(*args: Any, **kwargs: Any) -> Any:
        made.append("route")
        return submit(*args, **kwargs)

    async def counted_run_sync(*args: Any, **kwargs: Any) -> Any:
        function = getattr(args[0], "func", args[0])  # a functools.partial's own
        made.append(f"anyio: {function.__qualname__}")
        return await run_sync(*args, **kwargs)

    monkeypatch.setattr(trip_threads._TRIPS, "submit", counted_submit)
    monkeypatch.setattr(anyio.to_thread, "run_sync", counted_run_sync)
    return made


@pytest.mark.usefixtures("db")
def test_a_request_makes_one_trip_to_the_threadpool(
    client: TestClient, trips: list[str]
) -> None:
    owner, cleaner = sign_up(client), sign_up(client)
    job = post_cleaning(client, owner)
    requests = [
        ("GET", "/users/me", owner, None),
        ("GET", "/items/", owner, None),
        ("GET", "/feed/cleanings/cursor", owner, None),
        # Loaders (the job by id, its owner's check) on top of the signed-in user:
        ("GET", f"/cleanings/{job['id']}", cleaner, None),
        ("PUT", f"/cleanings/{job['id']}", owner, {"name": "Renamed"}),
        ("POST", "/items/", owner, {"title": "one trip"}),
        ("POST", f"/cleanings/{job['id']}/offers/", cleaner, None),
    ]
    for method, path, user, body in requests:
        trips.clear()
        r = client.request(method, f"{API}{path}", headers=user.headers, json=body)
        assert r.status_code < 300, (path, r.text)
        # The notification mails go once the answer is sent (a background task of their own).
        during = [trip for trip in trips if trip != "anyio: deliver"]
        assert during == ["route"], (method, path, trips)
