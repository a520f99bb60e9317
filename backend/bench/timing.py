"""Timing requests into the app in this process, taking turns, as percentiles."""

import asyncio
import inspect
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, Self

import httpx

from app.core.config import settings
from app.main import app
from bench.seeding import PASSWORD

API = settings.API_V1_STR


@dataclass(frozen=True)
class Stat:
    p50: float
    p95: float

    @classmethod
    def of(cls, millis: list[float]) -> Self:
        p95 = statistics.quantiles(millis, n=20, method="inclusive")[18]
        return cls(statistics.median(millis), p95)


# The bench's event loop: requests into the app run on it (see InProcessClient).
LOOP = asyncio.new_event_loop()


def measure_together(
    actions: list[Callable[[], object]], *, samples: int
) -> list[Stat]:
    """Each action timed `samples` times, taking turns.

    Taking turns means load that comes and goes on the machine weighs on every action
    alike, so the ratios between them hold even when the absolute numbers wobble. An
    action may return an awaitable (a request into the app): it is awaited on LOOP, which
    keeps running for the whole measurement, as a server's loop does.
    """
    return LOOP.run_until_complete(_measure_together(actions, samples))


async def _measure_together(
    actions: list[Callable[[], object]], samples: int
) -> list[Stat]:
    async def run(action: Callable[[], object]) -> None:
        result = action()
        if inspect.isawaitable(result):
            await result

    # Warm-up first: connections, prepared statements, plan and buffer caches.
    for _ in range(max(3, samples // 10)):
        for action in actions:
            await run(action)
    millis: list[list[float]] = [[] for _ in actions]
    for _ in range(samples):
        for action, times in zip(actions, millis, strict=True):
            began = time.perf_counter()
            await run(action)
            times.append((time.perf_counter() - began) * 1000)
    return [Stat.of(times) for times in millis]


def measure(action: Callable[[], object], *, samples: int) -> Stat:
    return measure_together([action], samples=samples)[0]


class InProcessClient:
    """Full requests into the ASGI app on this thread's event loop, as uvicorn serves them:
    routing, middleware, auth, the sync route in the threadpool, serialisation. Unlike
    TestClient, no hand-off to a portal thread per request (about 1.5 ms here, which no
    request to a real server pays; see the floor table)."""

    def __init__(self) -> None:
        transport = httpx.ASGITransport(app=app)
        self.client = httpx.AsyncClient(transport=transport, base_url="http://bench")

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return LOOP.run_until_complete(self.client.get(url, **kwargs))

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return LOOP.run_until_complete(self.client.post(url, **kwargs))

    def close(self) -> None:
        LOOP.run_until_complete(self.client.aclose())


@contextmanager
def in_process_client() -> Iterator[InProcessClient]:
    client = InProcessClient()
    try:
        yield client
    finally:
        client.close()


class Api:
    """One signed-in bench user's requests through the app, in process."""

    def __init__(self, client: InProcessClient, email: str) -> None:
        self.client = client
        response = client.post(
            f"{API}/login/access-token", data={"username": email, "password": PASSWORD}
        )
        response.raise_for_status()
        self.headers = {"Authorization": f"Bearer {response.json()['access_token']}"}

    async def fetch(self, url: str) -> Any:
        response = await self.client.client.get(url, headers=self.headers)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code} {response.text}")
        return response.json()

    def get(self, url: str) -> Any:
        return LOOP.run_until_complete(self.fetch(url))

    def timed(self, urls: list[str], samples: int) -> list[Stat]:
        return measure_together(
            [partial(self.fetch, url) for url in urls], samples=samples
        )
