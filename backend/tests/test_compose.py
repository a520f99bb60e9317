"""docker-compose.yml: valid for docker-compose v1, and wired the way the contract says.

There is no Docker engine in CI, so the stack is validated, not run. `.ci/run` installs
docker-compose v1 (Debian's package); without it these tests fail, they never skip.
"""

import ipaddress
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped,unused-ignore]

REPO_ROOT = Path(__file__).resolve().parents[2]
HEALTH_CHECK_URL = "http://localhost:8000/api/v1/utils/ready/"


def docker_compose(*args: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("docker-compose")
    if executable is None:
        pytest.fail(
            "docker-compose (v1) is not installed, so docker-compose.yml cannot be validated. "
            "`.ci/run` installs it; by hand: apt-get install -y docker-compose",
            pytrace=False,
        )
    return subprocess.run(
        [executable, *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    """The file as docker-compose resolves it (.env interpolated, env_file merged)."""
    result = docker_compose("config")
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    assert isinstance(resolved, dict)
    return resolved


@pytest.fixture(scope="module")
def services(config: dict[str, Any]) -> dict[str, Any]:
    resolved = config["services"]
    assert isinstance(resolved, dict)
    return resolved


def conditions(service: dict[str, Any]) -> dict[str, str]:
    depends_on = service.get("depends_on", {})
    assert isinstance(depends_on, dict), (
        "depends_on should name a condition per service"
    )
    return {name: spec["condition"] for name, spec in depends_on.items()}


def healthcheck_command(service: dict[str, Any]) -> str:
    test = service["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(test)


def test_compose_file_is_valid() -> None:
    result = docker_compose("config", "-q")
    assert result.returncode == 0, f"docker-compose config -q failed:\n{result.stderr}"


def test_services(services: dict[str, Any]) -> None:
    assert {"db", "prestart", "backend", "frontend"} <= services.keys()


def test_db(services: dict[str, Any]) -> None:
    db = services["db"]
    assert db["image"].startswith("postgres:18")
    assert "pg_isready" in healthcheck_command(db)
    # PostgreSQL 18 images keep their data under /var/lib/postgresql/18/.
    assert any(
        volume.split(":")[1] == "/var/lib/postgresql" for volume in db["volumes"]
    )
    for name in ("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"):
        assert db["environment"][name]


def test_prestart_runs_once_after_db(services: dict[str, Any]) -> None:
    prestart = services["prestart"]
    assert "app.prestart" in " ".join(prestart["command"])
    assert prestart["restart"] == "no"
    assert conditions(prestart) == {"db": "service_healthy"}


def test_backend_waits_for_db_and_prestart(services: dict[str, Any]) -> None:
    assert conditions(services["backend"]) == {
        "db": "service_healthy",
        "prestart": "service_completed_successfully",
    }


def test_backend_health_check_and_port(services: dict[str, Any]) -> None:
    backend = services["backend"]
    assert HEALTH_CHECK_URL in healthcheck_command(backend)
    assert any(
        str(port.get("published")) == "8000" and str(port.get("target")) == "8000"
        for port in backend["ports"]
    )


@pytest.mark.parametrize("name", ["prestart", "backend"])
def test_app_services_use_the_db_service(services: dict[str, Any], name: str) -> None:
    service = services[name]
    assert service["build"]["context"] == str(REPO_ROOT / "backend")
    environment = service["environment"]
    assert environment["DATABASE_URL"].startswith("postgresql://")
    assert "@db:5432/" in environment["DATABASE_URL"]
    # The rest of the settings come from .env.
    assert environment["FIRST_SUPERUSER"]
    assert environment["ENVIRONMENT"]


def test_frontend_serves_the_ui_and_hands_the_api_to_backend(
    services: dict[str, Any],
) -> None:
    frontend = services["frontend"]
    assert frontend["build"]["context"] == str(REPO_ROOT / "frontend")
    assert conditions(frontend) == {"backend": "service_healthy"}
    assert any(str(port.get("target")) == "80" for port in frontend["ports"])
    # Reset links in mails open the UI the stack serves.
    published = {str(port.get("published")) for port in frontend["ports"]}
    host = services["backend"]["environment"]["FRONTEND_HOST"]
    assert host.rsplit(":", 1)[1] in published
    nginx = (REPO_ROOT / "frontend" / "nginx.conf").read_text()
    assert "proxy_pass http://backend:8000" in nginx
    assert "try_files $uri /index.html" in nginx


def test_the_backend_trusts_forwarded_headers_from_the_frontends_nginx_only(
    services: dict[str, Any], config: dict[str, Any]
) -> None:
    trusted = services["backend"]["environment"]["FORWARDED_ALLOW_IPS"]
    frontend_address = services["frontend"]["networks"]["default"]["ipv4_address"]
    assert trusted == frontend_address
    [subnet] = config["networks"]["default"]["ipam"]["config"]
    assert ipaddress.ip_address(trusted) in ipaddress.ip_network(subnet["subnet"])
    nginx = (REPO_ROOT / "frontend" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    # Run directly (./scripts/run.sh), the app trusts no one: .env names no proxy.
    env_file = (REPO_ROOT / ".env").read_text().splitlines()
    assert "FORWARDED_ALLOW_IPS=" in env_file
