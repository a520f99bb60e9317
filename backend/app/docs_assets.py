"""ReDoc's script as served at /redoc.js: the bundled file, without its one request to a CDN
(the attribution logo), so ReDoc works offline and under the docs' Content-Security-Policy."""

from functools import lru_cache
from pathlib import Path

import fastapi_offline

DOCS_ASSETS = Path(fastapi_offline.__file__).parent / "static"
_CDN_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
# An empty picture in its place.
_NO_LOGO = b"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"


@lru_cache(maxsize=1)
def offline_redoc_js() -> bytes:
    return (
        (DOCS_ASSETS / "redoc.standalone.js").read_bytes().replace(_CDN_LOGO, _NO_LOGO)
    )
