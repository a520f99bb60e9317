"""The cluster of `./scripts/cluster.sh`, brought up once for this module in a folder of its
own: a primary and a streaming replica, PgBouncer in transaction mode before each, two API
processes behind HAProxy. Everything goes through HAProxy, as a browser's requests would.

PgBouncer and HAProxy are Debian's packages (`.ci/run` installs them): without them these
tests fail, they do not skip.
"""

import shutil
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import create_engine

from app.core.config import settings
from app.core.headers import LSN_HEADER
from app.core.replica import parse_lsn
from ops.cluster import Cluster
from tests.utils.servers import free_port

API = settings.API_V1_STR
PASSWORD = "a-good-password"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    for program in ("pgbouncer", "haproxy"):
        assert shutil.which(program) or shutil.which(program, path="/usr/sbin"), (
            f"{program} is missing: apt-get install -y {program} (.ci/run does)"
        )
    root = Path(tempfile.mkdtemp(prefix="spotless-cluster-"))
    c = Cluster(
        root,
        port=free_port(),
        api_replicas=2,
        workers=1,
        env={
            "BCRYPT_ROUNDS": "4",
            # Long enough that a replica paused for the whole read-your-writes test is
            # still used by readers who did not write.
            "REPLICA_MAX_LAG_SECONDS": "300",
            "SIGNUP_REQUESTS_PER_ADDRESS": "100000",
        },
    )
    try:
        c.up()
        yield c
    finally:
        c.down()
        shutil.rmtree(root, ignore_errors=True)


class EchoingClient(httpx.Client):
    """A client that does what the web client does (frontend/src/lib/api.ts): remembers the
    latest WAL position a response carried and sends it with every later request."""

    def __init__(self, base: str, **kwargs: object) -> None:
        self.lsn: str | None = None
        super().__init__(
            base_url=base,
            timeout=30,
            event_hooks={"request": [self._send], "response": [self._remember]},
            **kwargs,  # type: ignore[arg-type]
        )

    def _send(self, request: httpx.Request) -> None:
        if self.lsn is not None:
            request.headers[LSN_HEADER] = self.lsn

    def _remember(self, response: httpx.Response) -> None:
        new = response.headers.get(LSN_HEADER)
        if new is not None and (parse_lsn(new) or 0) >= (parse_lsn(self.lsn) or 0):
            self.lsn = new


def sign_up(client: httpx.Client) -> tuple[str, dict[str, str]]:
    """A new user's username and headers."""
    email = f"{uuid.uuid4().hex[:12]}@example.com"
    r = client.post(f"{API}/users/signup", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    username: str = r.json()["username"]
    r = client.post(
        f"{API}/login/access-token", data={"username": email, "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    return username, {"Authorization": f"Bearer {r.json()['access_token']}"}


@contextmanager
def signed_in(cluster: Cluster) -> Iterator[EchoingClient]:
    """A client of the cluster, signed in as a new user."""
    with EchoingClient(cluster.base) as client:
        _, headers = sign_up(client)
        client.headers.update(headers)
        yield client


def server(response: httpx.Response) -> str:
    return response.headers["server-timing"].split(";desc=", 1)[1].split(",")[0]


def wait_until(condition: Callable[[], bool], *, seconds: float) -> float:
    """Seconds it took."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, f"not within {seconds} s"
        time.sleep(0.2)
    return time.monotonic() - started


def replica_caught_up(c: Cluster) -> bool:
    primary = c.psql(c.pg_port("primary"), "SELECT pg_current_wal_lsn()")
    replayed = c.psql(c.pg_port("replica"), "SELECT pg_last_wal_replay_lsn()")
    return (parse_lsn(replayed) or 0) >= (parse_lsn(primary) or 0)


def replica_in_use(client: httpx.Client, reads: int = 6) -> bool:
    """Whether the last few feed reads (through HAProxy: every API process, in turn) all came
    from the replica."""
    return all(
        server(client.get(f"{API}/feed/cleanings/")) == '"replica"'
        for _ in range(reads)
    )


def commits(c: Cluster, role: str) -> int:
    port = c.pg_port(role)  # type: ignore[arg-type]
    sql = "SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'"
    return int(c.psql(port, sql))


def test_read_your_writes_while_the_replica_replays_nothing(cluster: Cluster) -> None:
    with EchoingClient(cluster.base) as owner, EchoingClient(cluster.base) as other:
        _, owner_headers = sign_up(owner)
        _, other_headers = sign_up(other)
        owner.headers.update(owner_headers)
        other.headers.update(other_headers)
        r = owner.post(f"{API}/cleanings/", json={"name": "round -1", "price": "10"})
        assert r.status_code == 201, r.text
        job = f"{API}/cleanings/{r.json()['id']}"
        wait_until(lambda: replica_caught_up(cluster), seconds=30)
        cluster.psql(cluster.pg_port("replica"), "SELECT pg_wal_replay_pause()")
        try:
            for n in range(200):
                w = owner.put(job, json={"name": f"round {n}"})
                assert w.status_code == 200, w.text
                assert server(w) == '"primary"'
                assert LSN_HEADER.lower() in w.headers
                r = owner.get(job)  # through HAProxy: either API process
                assert r.status_code == 200, r.text
                assert r.json()["name"] == f"round {n}", (n, server(r))
            # Someone who wrote nothing reads from the replica, which stopped at the start.
            stale = other.get(job)
            assert stale.status_code == 200, stale.text
            assert server(stale) == '"replica"'
            assert stale.json()["name"] == "round -1"
        finally:
            cluster.psql(cluster.pg_port("replica"), "SELECT pg_wal_replay_resume()")
        wait_until(lambda: other.get(job).json()["name"] == "round 199", seconds=30)


def test_reads_reach_the_replica_and_writes_never_do(cluster: Cluster) -> None:
    with signed_in(cluster) as client:
        wait_until(lambda: replica_caught_up(cluster), seconds=30)
        before = commits(cluster, "replica")
        for _ in range(40):
            r = client.get(f"{API}/feed/cleanings/")
            assert r.status_code == 200, r.text
        # Statistics reach pg_stat_database within a few seconds of a backend going idle.
        wait_until(lambda: commits(cluster, "replica") >= before + 40, seconds=30)

        time.sleep(12)  # every earlier read's statistics are in by now
        before = commits(cluster, "replica")
        for n in range(40):
            w = client.post(f"{API}/items/", json={"title": f"item {n}"})
            assert w.status_code == 200, w.text
            assert server(w) == '"primary"'
        time.sleep(12)
        # Only this test's own probes (a psql session each) ran on the replica.
        assert commits(cluster, "replica") - before <= 4


def test_reads_fall_back_to_the_primary_while_the_replica_is_stopped(
    cluster: Cluster,
) -> None:
    with signed_in(cluster) as client:
        wait_until(lambda: replica_caught_up(cluster), seconds=30)
        cluster.stop_server("replica")
        try:
            for _ in range(20):
                r = client.get(f"{API}/feed/cleanings/")
                assert r.status_code == 200, r.text
                assert server(r) == '"primary"'
        finally:
            cluster.start_server("replica")
        # Back in use once it answers again (by every API process), with no restart.
        wait_until(lambda: replica_in_use(client), seconds=60)


def test_haproxy_routes_around_a_killed_api_process(cluster: Cluster) -> None:
    with signed_in(cluster) as client:
        cluster.kill_api(0)
        try:
            for _ in range(30):
                r = client.get(f"{API}/users/me")
                assert r.status_code == 200, r.text
        finally:
            cluster.start_api(0)
        wait_until(lambda: _ready(cluster.state.api_ports[0]), seconds=120)


def _ready(port: int) -> bool:
    try:
        r = httpx.get(f"http://127.0.0.1:{port}{API}/utils/ready/", timeout=2)
    except httpx.TransportError:
        return False
    return r.status_code == 200


def test_without_the_primary_writes_are_503_and_replica_reads_answer(
    cluster: Cluster,
) -> None:
    with signed_in(cluster) as client:
        wait_until(lambda: replica_caught_up(cluster), seconds=30)
        wait_until(lambda: replica_in_use(client), seconds=30)
        cluster.stop_server("primary")
        try:
            for _ in range(3):  # each waits for PgBouncer's query_wait_timeout
                w = client.post(f"{API}/items/", json={"title": "lost"})
                assert w.status_code == 503, w.text
                assert w.json() == {
                    "detail": "The database is unavailable: try again shortly"
                }
                assert int(w.headers["retry-after"]) > 0
                r = client.get(f"{API}/feed/cleanings/")
                assert r.status_code == 200, r.text
                assert server(r) == '"replica"'
        finally:
            cluster.start_server("primary")
        wait_until(
            lambda: (
                client.post(f"{API}/items/", json={"title": "back"}).status_code == 200
            ),
            seconds=60,
        )


@dataclass
class WriteLoad:
    """Clients creating items in a loop; the ids of those acknowledged."""

    client: httpx.Client
    acknowledged: list[str] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                r = self.client.post(f"{API}/items/", json={"title": "steady"})
            except httpx.TransportError:
                self.statuses.append(0)
                continue
            self.statuses.append(r.status_code)
            if r.status_code == 200:
                self.acknowledged.append(r.json()["id"])


def test_failover_under_write_load_loses_no_acknowledged_write(
    cluster: Cluster,
) -> None:
    with signed_in(cluster) as client:
        load = WriteLoad(client)
        threads = [threading.Thread(target=load.run) for _ in range(3)]
        for thread in threads:
            thread.start()
        try:
            wait_until(lambda: len(load.acknowledged) >= 20, seconds=60)
            cluster.failover()
            promoted_at, before = time.monotonic(), len(load.acknowledged)
            # No API restart: writes come back by themselves, within a bounded time.
            try:
                took = wait_until(
                    lambda: len(load.acknowledged) >= before + 20, seconds=60
                )
            except AssertionError as exc:
                raise AssertionError(
                    f"{Counter(load.statuses)}\n{cluster.log_tails()}"
                ) from exc
            print(f"failover: 20 writes acknowledged {took:.1f} s after the promotion")  # noqa: T201
            assert time.monotonic() - promoted_at < 60
        finally:
            load.stop.set()
            for thread in threads:
                thread.join(timeout=60)
        assert set(load.statuses) <= {0, 200, 503}, set(load.statuses)
        assert not cluster.in_recovery("primary")
        engine = create_engine(cluster.direct_url("primary"))
        try:
            with engine.connect() as conn:
                stored = {
                    str(i) for i in conn.execute(text("SELECT id FROM item")).scalars()
                }
        finally:
            engine.dispose()
        assert set(load.acknowledged) <= stored
