"""The database goes away while requests are in flight, and comes back.

The API runs as `./scripts/run.sh` runs it, on an embedded PostgreSQL that this test owns and
stops (a clean fast shutdown, and a crash: `immediate`, recovered from the WAL on start).
While it is down every request is answered 503 with a JSON `detail` and `Retry-After` (never a
500, never a stack trace), the readiness check says so (the health check, liveness, stays true),
and once it is back the same API process serves again by itself. Every write that was acknowledged is still there.
"""

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal, get_args

import httpx
from sqlalchemy import text
from sqlmodel import create_engine

from app.core.config import settings
from tests.utils.servers import (
    HEALTH,
    READY,
    OwnedPostgres,
    owned_postgres,
    running_api,
    superuser_headers,
)

API = settings.API_V1_STR
Phase = Literal["up", "stopping", "down", "starting", "back"]
StopMode = Literal["fast", "immediate"]


@dataclass
class Answer:
    sent: Phase  # the database's phase when the request left
    received: Phase  # ... and when its answer came
    name: str
    response: httpx.Response


@dataclass
class Traffic:
    """Clients sending requests in a loop from threads, each answer kept with the phase
    the database was in when the request left."""

    base: str
    headers: dict[str, str]
    phase: Phase = "up"
    answers: list[Answer] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # ids of acknowledged items
    _stop: threading.Event = field(default_factory=threading.Event)

    def requests(self) -> dict[str, Callable[[httpx.Client], httpx.Response]]:
        return {
            "create item": lambda c: c.post(
                f"{API}/items/", json={"title": f"kept {uuid.uuid4()}"}
            ),
            "read items": lambda c: c.get(f"{API}/items/", params={"limit": 5}),
            "read me": lambda c: c.get(f"{API}/users/me"),
            "ready": lambda c: c.get(READY),
        }

    def _loop(self) -> None:
        with httpx.Client(base_url=self.base, headers=self.headers, timeout=30) as c:
            while not self._stop.is_set():
                for name, send in self.requests().items():
                    sent = self.phase
                    response = send(c)
                    self.answers.append(Answer(sent, self.phase, name, response))
                    if name == "create item" and response.status_code == 200:
                        self.written.append(response.json()["id"])

    @contextmanager
    def running(self, clients: int = 4) -> Iterator["Traffic"]:
        threads = [threading.Thread(target=self._loop) for _ in range(clients)]
        for thread in threads:
            thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            for thread in threads:
                thread.join(timeout=60)

    def during(self, phase: Phase) -> list[httpx.Response]:
        """The answers to requests sent and answered in that phase."""
        return [
            a.response for a in self.answers if a.sent == phase and a.received == phase
        ]


def wait_until(condition: Callable[[], bool], *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.1)


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "detail": "The database is unavailable: try again shortly"
    }
    assert int(response.headers["retry-after"]) > 0


def stored_item_ids(pg: OwnedPostgres) -> set[str]:
    engine = create_engine(pg.url)
    try:
        with engine.connect() as conn:
            return {str(i) for i in conn.execute(text("SELECT id FROM item")).scalars()}
    finally:
        engine.dispose()


def outage(
    pg: OwnedPostgres, base: str, headers: dict[str, str], mode: StopMode
) -> Traffic:
    """Traffic while the database runs, stops, is down, starts and is back."""
    traffic = Traffic(base, headers)
    with traffic.running():
        wait_until(lambda: len(traffic.written) >= 20, seconds=30)
        traffic.phase = "stopping"
        pg.stop(mode)
        traffic.phase = "down"
        time.sleep(2)
        assert_unavailable(httpx.get(base + READY))
        # The process lives on: liveness stays true, nothing to restart.
        assert httpx.get(base + HEALTH).json() is True
        assert_unavailable(
            httpx.post(f"{base}{API}/items/", headers=headers, json={"title": "x"})
        )
        traffic.phase = "starting"
        pg.start()
        # No restart of the API: its next requests find the database again.
        wait_until(lambda: httpx.get(base + READY).status_code == 200, seconds=30)
        traffic.phase = "back"
        acknowledged_before_back = len(traffic.written)
        wait_until(
            lambda: len(traffic.written) >= acknowledged_before_back + 20, seconds=30
        )
    return traffic


def test_database_stops_and_comes_back() -> None:
    with (
        owned_postgres() as pg,
        running_api({"DATABASE_URL": pg.url}) as base,
    ):
        headers = superuser_headers(base)
        # A clean shutdown, then a crash; the same API process through both.
        for mode in get_args(StopMode):
            traffic = outage(pg, base, headers, mode)

            for answer in traffic.answers:
                assert "Traceback" not in answer.response.text
                assert answer.response.status_code in (200, 503), (
                    mode,
                    answer.name,
                    answer.sent,
                    answer.response.text,
                )
                if answer.response.status_code == 503:
                    assert_unavailable(answer.response)
            down = traffic.during("down")
            assert down and all(r.status_code == 503 for r in down)
            assert {r.status_code for r in traffic.during("up")} == {200}
            assert {r.status_code for r in traffic.during("back")} == {200}
            # Every acknowledged write survived the stop (the crash included).
            assert set(traffic.written) <= stored_item_ids(pg)
