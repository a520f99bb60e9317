"""What `./scripts/run.sh` runs (`python -m app.serve`), as a user sees it: a server on PORT with
an embedded database that keeps its data between runs and stops with the server, served by
WEB_CONCURRENCY workers that all use the one database the parent started."""

import gc
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.pool import QueuePool

from app import serve
from app.core import db as app_db
from app.core.config import settings

BACKEND = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(
    pgdata: Path, stop: signal.Signals, *, workers: int = 1
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    # Always an embedded server in a temporary folder, whatever DATABASE_URL says.
    env = {
        **os.environ,
        "PORT": str(port),
        "EMBEDDED_PGDATA": str(pgdata),
        "DATABASE_URL": "",
        "WEB_CONCURRENCY": str(workers),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "app.serve"],
        cwd=BACKEND,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = (
            time.monotonic() + 120
        )  # a busy machine: two workers import the app at once
        while True:
            assert server.poll() is None, server.communicate()[0]
            try:
                if httpx.get(f"{base}/api/v1/utils/health-check/").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not answer within 120 s"
            time.sleep(0.2)
        yield base, server
    finally:
        server.send_signal(stop)
        output = server.communicate(timeout=90)[0]
    assert server.returncode in (0, -stop), output


def database_running(pgdata: Path) -> bool:
    # PostgreSQL removes postmaster.pid when it shuts down.
    return (pgdata / "postmaster.pid").exists()


def test_run_serves_keeps_data_and_stops_its_database(tmp_path: Path) -> None:
    pgdata = tmp_path / "pgdata"
    with serving(pgdata, signal.SIGINT) as (base, _):  # Ctrl-C
        assert database_running(pgdata)
        docs = httpx.get(f"{base}/docs")
        assert docs.status_code == 200
        assert "swagger-ui" in docs.text
        admin = httpx.post(
            f"{base}/api/v1/login/access-token",
            data={
                "username": settings.FIRST_SUPERUSER,
                "password": settings.FIRST_SUPERUSER_PASSWORD,
            },
        )
        assert admin.status_code == 200
        signup = httpx.post(
            f"{base}/api/v1/users/signup",
            json={"email": "kept@example.com", "password": "kept-password"},
        )
        assert signup.status_code == 200
        assert_keeps_idle_connections(base)
    assert not database_running(pgdata)

    with serving(pgdata, signal.SIGTERM) as (base, _):
        login = httpx.post(
            f"{base}/api/v1/login/access-token",
            data={"username": "kept@example.com", "password": "kept-password"},
        )
        assert login.status_code == 200  # the first run's data is still there
    assert not database_running(pgdata)


def assert_keeps_idle_connections(base: str) -> None:
    # A client (a browser, Node, a proxy) reuses an idle connection after a few seconds; had
    # the server closed it meanwhile, the request would fail with a reset.
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        for pause in (0, 6):  # past uvicorn's default keep-alive of 5 s
            time.sleep(pause)
            conn.request("GET", "/api/v1/utils/health-check/")
            response = conn.getresponse()
            assert response.status == 200
            response.read()
    finally:
        conn.close()


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # pid (comm) state ppid ...; comm may hold spaces, so split after its ")".
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if ppid == pid:
            found.append(int(stat.parent.name))
    return found


def environment(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


def is_worker(pid: int) -> bool:
    # multiprocessing.spawn.spawn_main: not its resource tracker, nor the database.
    return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_workers_share_the_parents_database_and_stop_with_it(
    tmp_path: Path, stop: signal.Signals
) -> None:
    pgdata = tmp_path / "pgdata"
    with serving(pgdata, stop, workers=2) as (base, server):
        workers = [pid for pid in children(server.pid) if is_worker(pid)]
        assert len(workers) == 2
        # The parent started the database; the workers were handed its URL (a socket in
        # pgdata's server), and one pool size that fits both into max_connections.
        urls = {environment(pid)["DATABASE_URL"] for pid in workers}
        assert len(urls) == 1
        (size,) = {int(environment(pid)["DB_POOL_SIZE"]) for pid in workers}
        # Two pools a worker (reads, writes) within PostgreSQL's default 100 connections.
        assert 2 <= size and 2 * 2 * size <= 100 - 3 - serve.SPARE_CONNECTIONS
        assert {environment(pid)["SECRET_KEY"] for pid in workers} != {""}
        # Tokens one worker issues are good in the other: many sign-ins and reads, spread
        # over both by the kernel, all succeed.
        with httpx.Client(base_url=f"{base}/api/v1") as client:
            for n in range(6):
                email = f"worker-{n}@example.com"
                signup = client.post(
                    "/users/signup", json={"email": email, "password": "worker-pass"}
                )
                assert signup.status_code == 200
                token = client.post(
                    "/login/access-token",
                    data={"username": email, "password": "worker-pass"},
                ).json()["access_token"]
                for _ in range(3):
                    me = client.get(
                        "/users/me", headers={"Authorization": f"Bearer {token}"}
                    )
                    assert me.status_code == 200
    assert not database_running(pgdata)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


def test_one_worker_serves_in_the_parent_with_the_pool_it_was_given(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With one worker uvicorn serves in the parent, whose settings and engine exist already.
    for name in ("DATABASE_URL", "DB_POOL_SIZE", "DB_MAX_OVERFLOW"):
        monkeypatch.setattr(settings, name, getattr(settings, name))
    shared = serve.worker_environment(1)
    try:
        for serving in (app_db.get_engine(), app_db.get_read_engine()):
            assert isinstance(serving.pool, QueuePool)
            assert serving.url == engine.url
            assert serving.pool.size() == int(shared["DB_POOL_SIZE"]) == serve.MAX_POOL
        assert shared["DB_MAX_OVERFLOW"] == "0"
        assert settings.DB_MAX_OVERFLOW == 0
    finally:
        app_db.reset_engines()


@pytest.mark.parametrize(
    ("value", "logged"), [("", False), ("0", False), ("1", True), ("true", True)]
)
def test_access_log_only_when_asked(
    monkeypatch: pytest.MonkeyPatch, value: str, logged: bool
) -> None:
    monkeypatch.setenv("ACCESS_LOG", value)
    assert serve.access_log() is logged


def test_access_log_refuses_what_it_cannot_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ACCESS_LOG", "verbose")
    with pytest.raises(SystemExit, match="ACCESS_LOG must be 1 or 0"):
        serve.access_log()


def test_a_worker_serves_the_app_frozen_out_of_the_collectors_sight() -> None:
    from app.main import app

    thresholds = gc.get_threshold()
    try:
        assert serve.served_app() is app
        # The loaded app's objects are never walked again, and young collections are rare.
        assert gc.get_freeze_count() > 10_000
        assert gc.get_threshold() == (
            serve.YOUNG_COLLECTION_THRESHOLD,
            *thresholds[1:],
        )
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
