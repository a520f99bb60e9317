"""The built web UI (`frontend/dist`) served at `/` on the API's port.

Files of the build are served as they are; any other path is a client-side route and gets
`index.html`. Paths of the API and its docs never fall back to the UI: an unknown API path is a
JSON 404. Without a build (no Node on this machine), `/` says so and points to the API docs.
"""

from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

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
# index.html names the current build's files: always ask again.
REVALIDATE = {"Cache-Control": "no-cache"}


class _HashedAssets(StaticFiles):
    async def get_response(self, path: str, scope: dict) -> Response:  # type: ignore[override,type-arg]
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers.update(IMMUTABLE)
        return response


def mount_web_ui(
    app: FastAPI, dist: Path, *, reserved: tuple[str, ...], title: str
) -> None:
    """Serve `dist` at `/`; paths starting with one of `reserved` are never the UI's."""
    root = dist.resolve()
    index = root / "index.html"
    app.mount(
        "/assets",
        _HashedAssets(directory=root / "assets", check_dir=False),
        name="web-ui-assets",
    )

    @app.get("/{path:path}", include_in_schema=False)
    def web_ui(path: str) -> Response:
        if path.startswith(reserved):
            raise HTTPException(status_code=404, detail="Not Found")
        if not index.is_file():
            return HTMLResponse(NOT_BUILT.format(title=title))
        candidate = (root / path).resolve()
        if path and candidate.is_relative_to(root) and candidate.is_file():
            return FileResponse(candidate)
        return FileResponse(index, headers=REVALIDATE)
