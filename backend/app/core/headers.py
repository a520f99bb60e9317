"""Security headers on every response, and the Content-Security-Policy of each kind of page."""

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
