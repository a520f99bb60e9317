"""What `./scripts/run.sh` runs (`python -m app.serve`), as a user sees it: a server on PORT with
an embedded database that keeps its data between runs and stops with the server."""

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

from app.core.config import settings

BACKEND = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(pgdata: Path, stop: signal.Signals) -> Iterator[str]:
    port = free_port()
    # Always an embedded server in a temporary folder, whatever DATABASE_URL says.
    env = {
        **os.environ,
        "PORT": str(port),
        "EMBEDDED_PGDATA": str(pgdata),
        "DATABASE_URL": "",
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
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()[0]
            try:
                if httpx.get(f"{base}/api/v1/utils/health-check/").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not answer within 60 s"
            time.sleep(0.2)
        yield base
    finally:
        server.send_signal(stop)
        output = server.communicate(timeout=30)[0]
    assert server.returncode in (0, -stop), output


def database_running(pgdata: Path) -> bool:
    # PostgreSQL removes postmaster.pid when it shuts down.
    return (pgdata / "postmaster.pid").exists()


def test_run_serves_keeps_data_and_stops_its_database(tmp_path: Path) -> None:
    pgdata = tmp_path / "pgdata"
    with serving(pgdata, signal.SIGINT) as base:  # Ctrl-C
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
    assert not database_running(pgdata)

    with serving(pgdata, signal.SIGTERM) as base:
        login = httpx.post(
            f"{base}/api/v1/login/access-token",
            data={"username": "kept@example.com", "password": "kept-password"},
        )
        assert login.status_code == 200  # the first run's data is still there
    assert not database_running(pgdata)
