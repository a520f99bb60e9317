"""What `./scripts/run.sh` runs (`python -m app.serve`), as a user sees it: a server on PORT with
an embedded database that keeps its data between runs and stops with the server."""

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from app.core.config import settings
from tests.utils.servers import running_api


@contextmanager
def serving(pgdata: Path, stop: signal.Signals) -> Iterator[str]:
    # Always an embedded server in a temporary folder, whatever DATABASE_URL says.
    with running_api(
        {"EMBEDDED_PGDATA": str(pgdata), "DATABASE_URL": ""}, stop=stop
    ) as base:
        yield base


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
        assert "server" not in docs.headers  # uvicorn's name and version are not said
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
