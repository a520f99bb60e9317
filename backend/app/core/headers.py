"""Security headers on every response, and the Content-Security-Policy of each kind of page."""

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.timing import start_timing

# The WAL position of a write's commit, for read-your-writes (app.core.replica): answered by
# writes, echoed by clients on later requests.
LSN_HEADER = "X-Spotless-LSN"
_RAW_LSN_HEADER = LSN_HEADER.lower().encode("latin-1")

# The web UI (a Vite build): its scripts and styles are files of its own; Mantine sets inline
# styles. Everything it fetches is the API on the same origin.
_BASE_POLICY = (
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
CONTENT_SECURITY_POLICY = "; ".join(("script-src 'self'", *_BASE_POLICY))

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Reset links carry their token in the URL: never send it on to another site.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
}

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def docs_policy(html: bytes) -> str:
    """The policy of a docs page (Swagger UI, ReDoc): the UI's, plus the page's own inline
    scripts by hash, and workers from blob: URLs (ReDoc's search runs in one)."""
    hashes = [
        "'sha256-"
        + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        + "'"
        for script in _INLINE_SCRIPT.findall(html.decode())
    ]
    return "; ".join(
        (
            " ".join(("script-src 'self'", *hashes)),
            "worker-src 'self' blob:",
            *_BASE_POLICY,
        )
    )


_RAW_SECURITY_HEADERS = [
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in SECURITY_HEADERS.items()
]


class ResponseHeaders:
    """Outermost middleware: on every HTTP response, SECURITY_HEADERS (those the response did
    not set itself), `Server-Timing` (its total includes every other layer) and, after a
    commit with a read replica configured, its WAL position in LSN_HEADER. One layer for
    both, writing the raw header list: each layer around every request costs the health check
    a few percent of its rate."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        database, timing = start_timing()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [h for h in _RAW_SECURITY_HEADERS if h[0] not in present]
                headers.append((b"server-timing", timing()))
                if database.lsn is not None:
                    headers.append((_RAW_LSN_HEADER, database.lsn.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
