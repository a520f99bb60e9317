"""The web UI on the API's port: the build's files, client-side routes falling back to
index.html, and the API and its docs untouched by the fallback."""

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.web_ui import mount_web_ui

INDEX = "<!doctype html><title>Spotless UI</title><div id=root></div>"


def ui_app(dist: Path) -> TestClient:
    app = FastAPI()

    @app.get("/api/v1/ping")
    def ping() -> dict[str, bool]:
        return {"pong": True}

    mount_web_ui(
        app, dist, reserved=("api/", "docs", "redoc", "assets/"), title="Spotless"
    )
    return TestClient(app)


@pytest.fixture
def built(tmp_path: Path) -> TestClient:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log('ui')")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path.parent / "secret.txt").write_text("not for the web")
    return ui_app(tmp_path)


@pytest.mark.parametrize(
    "path", ["/", "/items", "/admin?page=2", "/reset-password?token=x"]
)
def test_client_side_routes_get_index_html(built: TestClient, path: str) -> None:
    r = built.get(path)
    assert r.status_code == 200
    assert r.text == INDEX
    assert r.headers["content-type"].startswith("text/html")
    # A new build must reach browsers at once.
    assert r.headers["cache-control"] == "no-cache"


def test_build_files_are_served_as_they_are(built: TestClient) -> None:
    js = built.get("/assets/index-abc123.js")
    assert js.status_code == 200
    assert js.text == "console.log('ui')"
    assert "immutable" in js.headers["cache-control"]
    assert built.get("/favicon.svg").text == "<svg/>"
    assert built.get("/assets/missing.js").status_code == 404


def test_files_outside_the_build_are_not_served(built: TestClient) -> None:
    for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"]:
        assert "not for the web" not in built.get(path).text


def test_api_paths_never_fall_back_to_the_ui(built: TestClient) -> None:
    assert built.get("/api/v1/ping").json() == {"pong": True}
    r = built.get("/api/v1/no-such-thing")
    assert r.status_code == 404
    assert r.json() == {"detail": "Not Found"}
    assert built.post("/items").status_code == 405


def test_without_a_build_the_front_door_says_why_and_links_the_docs(
    tmp_path: Path,
) -> None:
    r = ui_app(tmp_path / "dist").get("/settings")
    assert r.status_code == 200
    assert "The web UI is not built" in r.text
    assert 'href="/docs"' in r.text


def test_the_app_keeps_docs_and_api_beside_the_ui(client: TestClient) -> None:
    assert "swagger-ui" in client.get("/docs").text
    assert "redoc" in client.get("/redoc").text
    assert client.get("/api/v1/utils/health-check/").json() is True
    assert client.get("/api/v1/nothing-here").json() == {"detail": "Not Found"}
    assert client.get("/").headers["content-type"].startswith("text/html")
