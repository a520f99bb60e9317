"""The built web UI (`frontend/dist`) served at `/` on the API's port.

Files of the build are served as they are; any other path is a client-side route and gets
`index.html`. Paths of the API and its docs never fall back to the UI: an unknown API path is a
JSON 404. Without a build (no Node on this machine), `/` says so and points to the API docs.

The build writes a brotli (`.br`) and a gzip (`.gz`) copy beside each text file
(frontend/vite.config.ts): a client that accepts one gets those bytes with `Content-Encoding`,
nothing is compressed per request. Hashed files under `/assets` are cached for a year; the
rest (index.html, whose script names change with each build) is revalidated on every use.
"""

import mimetypes
from email.utils import parsedate_to_datetime
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.datastructures import Headers
from starlette.staticfiles import NotModifiedResponse

NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>{title}</h1>
<p>The web UI is not built: <code>./scripts/run.sh</code> builds it when Node.js 20 or newer is
installed. The API is up: see <a href="/docs">its documentation</a>.</p>
</body></html>
"""

# Hashed file names: a build never changes what one of them holds.
IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}
# index.html names the current build's files: always ask again (a 304 when unchanged).
REVALIDATE = {"Cache-Control": "no-cache"}

# The copies the build writes beside a file, by content coding; on equal q-values the first wins.
PRECOMPRESSED = {"br": ".br", "gzip": ".gz"}


def accepted_codings(accept_encoding: str) -> dict[str, float]:
    """The q-value of each content coding an Accept-Encoding header names (lowercase; `*` for
    any other). A q-value that is not a number from 0 to 1 refuses the coding."""
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        if not coding:
            continue
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
                if not 0.0 <= weight <= 1.0:  # also NaN
                    weight = 0.0
        coding = coding.lower()
        weights["gzip" if coding == "x-gzip" else coding] = weight
    return weights


def choose_coding(accept_encoding: str, available: list[str]) -> str | None:
    """The best of `available` (in order of preference) the client accepts, or None (identity)."""
    weights = accepted_codings(accept_encoding)
    best, best_weight = None, 0.0
    for coding in available:
        weight = weights.get(coding, weights.get("*", 0.0))
        if weight > best_weight:
            best, best_weight = coding, weight
    return best


def _not_modified(response: Response, request: Headers) -> bool:
    if if_none_match := request.get("if-none-match"):
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or response.headers["etag"] in tags
    if since := request.get("if-modified-since"):
        try:
            modified = parsedate_to_datetime(response.headers["last-modified"])
            return parsedate_to_datetime(since) >= modified
        except (TypeError, ValueError):
            return False
    return False


def serve_file(
    file: Path, root: Path, request: Request, cache: dict[str, str]
) -> Response:
    """`file` (inside `root`), or its precompressed copy when the client accepts it."""
    available = [
        coding
        for coding, suffix in PRECOMPRESSED.items()
        # Beside a file already found inside the build: no name from the request is used.
        if (copy := file.with_name(file.name + suffix)).is_file()
        and copy.resolve().is_relative_to(root)
    ]
    coding = choose_coding(request.headers.get("accept-encoding", ""), available)
    headers = {**cache, "Vary": "Accept-Encoding"}
    served = file
    if coding is not None:
        served = file.with_name(file.name + PRECOMPRESSED[coding])
        headers["Content-Encoding"] = coding
    response = FileResponse(
        served,
        # The type of what is encoded, not of the .br / .gz file.
        media_type=mimetypes.guess_type(file.name)[0] or "application/octet-stream",
        headers=headers,
        # Given, so the validators (ETag, Last-Modified) are known before answering.
        stat_result=served.stat(),
    )
    if coding is not None:
        # Each representation its own strong validator.
        response.headers["etag"] = response.headers["etag"][:-1] + f'-{coding}"'
    if _not_modified(response, request.headers):
        return NotModifiedResponse(response.headers)
    return response


def _build_file(root: Path, path: str) -> Path | None:
    """The file of the build at `path`, if there is one to serve: never outside the build, in a
    dot folder (`.vite`, the manifest) or one of the precompressed copies itself."""
    if not path or any(part.startswith(".") for part in path.split("/")):
        return None
    if path.endswith(tuple(PRECOMPRESSED.values())):
        return None
    candidate = (root / path).resolve()
    if candidate.is_relative_to(root) and candidate.is_file():
        return candidate
    return None


def mount_web_ui(
    app: FastAPI, dist: Path, *, reserved: tuple[str, ...], title: str
) -> None:
    """Serve `dist` at `/`; paths starting with one of `reserved` are never the UI's."""
    root = dist.resolve()
    index = root / "index.html"

    @app.api_route(
        "/assets/{path:path}", methods=["GET", "HEAD"], include_in_schema=False
    )
    def web_ui_asset(path: str, request: Request) -> Response:
        file = _build_file(root / "assets", path)
        if file is None:
            raise HTTPException(status_code=404, detail="Not Found")
        return serve_file(file, root, request, IMMUTABLE)

    @app.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def web_ui(path: str, request: Request) -> Response:
        if path.startswith(reserved):
            raise HTTPException(status_code=404, detail="Not Found")
        if not index.is_file():
            return HTMLResponse(NOT_BUILT.format(title=title))
        file = _build_file(root, path) or index
        return serve_file(file, root, request, REVALIDATE)
