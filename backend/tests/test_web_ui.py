"""The web UI on the API's port: the build's files, client-side routes falling back to
index.html, and the API and its docs untouched by the fallback; the build's precompressed
copies (.br, .gz) chosen by Accept-Encoding, and the caching headers."""

import gzip
from pathlib import Path
from typing import NamedTuple

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.web_ui import choose_coding, mount_web_ui

INDEX = "<!doctype html><title>Spotless UI</title><div id=root></div>"
JS = "console.log('ui')"
# Stand-ins for brotli (the test client cannot decode it); gzip is real, so the test client's
# default `Accept-Encoding: gzip, deflate` reads the same text as before.
BR = {"index.html": b"br:index", "assets/index-abc123.js": b"br:js"}


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
    (tmp_path / "assets" / "index-abc123.js").write_text(JS)
    (tmp_path / "favicon.svg").write_text("<svg/>")
    for name, br in BR.items():
        plain = (tmp_path / name).read_bytes()
        (tmp_path / f"{name}.br").write_bytes(br)
        (tmp_path / f"{name}.gz").write_bytes(gzip.compress(plain, mtime=0))
    (tmp_path / ".vite").mkdir()
    (tmp_path / ".vite" / "manifest.json").write_text('{"src/main.tsx": {}}')
    (tmp_path.parent / "secret.txt").write_text("not for the web")
    (tmp_path.parent / "secret.txt.br").write_bytes(b"not for the web either")
    (tmp_path.parent / "secret.txt.gz").write_bytes(gzip.compress(b"nor this"))
    return ui_app(tmp_path)


class Sent(NamedTuple):
    status_code: int
    headers: dict[str, str]
    body: bytes  # as sent, not decoded


def fetch(client: TestClient, path: str, accept: str, method: str = "GET") -> Sent:
    with client.stream(method, path, headers={"Accept-Encoding": accept}) as r:
        body = b"".join(r.iter_raw())
        headers = {name.lower(): value for name, value in r.headers.items()}
        return Sent(r.status_code, headers, body)


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
    assert js.text == JS
    assert "immutable" in js.headers["cache-control"]
    assert built.get("/favicon.svg").text == "<svg/>"
    assert built.get("/assets/missing.js").status_code == 404


def test_files_outside_the_build_are_not_served(built: TestClient) -> None:
    for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"]:
        assert "not for the web" not in built.get(path).text
    # Nor the build's manifest (source paths), in a dot folder.
    assert "src/main.tsx" not in built.get("/.vite/manifest.json").text


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
    assert client.head("/").status_code == 200


JS_PATH = "/assets/index-abc123.js"
GZ_JS = gzip.compress(JS.encode(), mtime=0)


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("br", "br"),
        ("gzip", "gzip"),
        ("x-gzip", "gzip"),
        ("GZIP;Q=1", "gzip"),
        ("*", "br"),
        ("br;q=0, gzip", "gzip"),
        ("br;q=0, *", "gzip"),
        ("gzip;q=0.8, br;q=0.5", "gzip"),
        ("gzip;q=0.5, br;q=0.5", "br"),
        ("br;q=oops, gzip", "gzip"),
        ("br;q=2, gzip;q=0.1", "gzip"),
        ("gzip;q=0, br;q=0", None),
        ("*;q=0", None),
        ("deflate, zstd", None),
        ("identity", None),
        ("", None),
        (" , ;q=1", None),
    ],
)
def test_the_coding_follows_accept_encoding_and_its_q_values(
    accept: str, coding: str | None
) -> None:
    assert choose_coding(accept, ["br", "gzip"]) == coding


def test_only_a_coding_with_a_copy_is_chosen() -> None:
    assert choose_coding("br, gzip", ["gzip"]) == "gzip"
    assert choose_coding("br", ["gzip"]) is None
    assert choose_coding("br, gzip", []) is None


def test_brotli_is_preferred_to_gzip(built: TestClient) -> None:
    r = fetch(built, JS_PATH, "gzip, deflate, br")
    assert r.status_code == 200
    assert r.body == BR["assets/index-abc123.js"]
    assert r.headers["content-encoding"] == "br"
    assert r.headers["content-length"] == str(len(BR["assets/index-abc123.js"]))
    # The type of the script, not of a .br file.
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["vary"] == "Accept-Encoding"


def test_gzip_when_only_gzip_is_accepted(built: TestClient) -> None:
    for accept in ["gzip", "br;q=0, gzip", "gzip, br;q=0"]:
        r = fetch(built, JS_PATH, accept)
        assert r.body == GZ_JS
        assert r.headers["content-encoding"] == "gzip"
        assert r.headers["content-length"] == str(len(GZ_JS))
        assert r.headers["content-type"].startswith("text/javascript")
        assert r.headers["vary"] == "Accept-Encoding"


def test_the_plain_file_otherwise(built: TestClient) -> None:
    for accept in ["identity", "", "deflate", "br;q=0, gzip;q=0", "*;q=0"]:
        r = fetch(built, JS_PATH, accept)
        assert r.body == JS.encode()
        assert "content-encoding" not in r.headers
        assert r.headers["content-length"] == str(len(JS))
        # Caches keep one copy per Accept-Encoding, the plain one included.
        assert r.headers["vary"] == "Accept-Encoding"
    # A file the build wrote no copies of is served as it is.
    r = fetch(built, "/favicon.svg", "br, gzip")
    assert r.body == b"<svg/>"
    assert "content-encoding" not in r.headers


@pytest.mark.parametrize("path", ["/", "/feed", "/cleanings/123?page=2", "/index.html"])
def test_index_html_is_compressed_and_revalidated(built: TestClient, path: str) -> None:
    r = fetch(built, path, "br, gzip")
    assert r.body == BR["index.html"]
    assert r.headers["content-encoding"] == "br"
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-cache"
    assert r.headers["vary"] == "Accept-Encoding"
    plain = fetch(built, path, "identity")
    assert plain.body == INDEX.encode()
    assert plain.headers["cache-control"] == "no-cache"


def test_hashed_assets_are_cached_for_a_year_in_every_coding(built: TestClient) -> None:
    for accept in ["br", "gzip", "identity"]:
        r = fetch(built, JS_PATH, accept)
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert fetch(built, "/favicon.svg", "br").headers["cache-control"] == "no-cache"


def test_a_revalidation_answers_304_per_coding(built: TestClient) -> None:
    br = fetch(built, "/feed", "br")
    identity = fetch(built, "/feed", "identity")
    # Each representation has its own validator: a cached plain copy is not a brotli one.
    assert br.headers["etag"] != identity.headers["etag"]
    again = built.get(
        "/feed", headers={"Accept-Encoding": "br", "If-None-Match": br.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["cache-control"] == "no-cache"
    assert again.headers["vary"] == "Accept-Encoding"
    other = built.get(
        "/feed",
        headers={"Accept-Encoding": "identity", "If-None-Match": br.headers["etag"]},
    )
    assert other.status_code == 200
    assert other.text == INDEX
    asset = fetch(built, JS_PATH, "gzip")
    again = built.get(
        JS_PATH,
        headers={"Accept-Encoding": "gzip", "If-None-Match": asset.headers["etag"]},
    )
    assert again.status_code == 304


def test_if_modified_since_revalidates_too(built: TestClient) -> None:
    first = fetch(built, "/", "br")
    since = {
        "Accept-Encoding": "br",
        "If-Modified-Since": first.headers["last-modified"],
    }
    assert built.get("/", headers=since).status_code == 304
    since["If-Modified-Since"] = "not a date"
    assert built.get("/", headers=since).status_code == 200


@pytest.mark.parametrize("path", [JS_PATH, "/", "/feed"])
def test_head_answers_the_headers_of_get(built: TestClient, path: str) -> None:
    for accept in ["br", "gzip", "identity"]:
        get = fetch(built, path, accept)
        head = fetch(built, path, accept, method="HEAD")
        assert head.status_code == 200
        assert head.body == b""
        for name in [
            "content-length",
            "content-type",
            "cache-control",
            "vary",
            "etag",
        ]:
            assert head.headers[name] == get.headers[name], name
        assert head.headers.get("content-encoding") == get.headers.get(
            "content-encoding"
        )


def test_encodings_open_no_way_out_of_the_build(built: TestClient) -> None:
    paths = ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"]
    paths += ["/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt"]
    for path in paths:
        for accept in ["br", "gzip", "identity", "../secret.txt", "br/../../secret"]:
            r = fetch(built, path, accept)
            assert b"not for" not in r.body
            assert r.body != gzip.compress(b"nor this")
    # A coding is never part of a path: only br and gzip, mapped to the build's own copies.
    r = fetch(built, JS_PATH, "txt, ../../secret.txt, br/../../secret.txt")
    assert r.body == JS.encode()
    # The copies are not files of their own (served as such, they would lack their coding).
    assert built.get(f"{JS_PATH}.br").status_code == 404
    assert built.get(f"{JS_PATH}.gz").status_code == 404
    assert (
        built.get("/index.html.br", headers={"Accept-Encoding": "identity"}).text
        == INDEX
    )
