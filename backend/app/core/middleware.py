"""Pure ASGI middleware: it sees every message, and buffers nothing (unlike BaseHTTPMiddleware)."""

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1024 * 1024


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"Request body too large: at most {limit} bytes")


_NO_BODY_READ = frozenset({"GET", "HEAD"})


def _content_length(scope: Scope) -> str:
    """The request's Content-Length as sent ("" if none)."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            return str(value.decode("latin-1"))
    return ""


class LimitRequestBody:
    """413 for a request body over `max_bytes`: at once when Content-Length says so, else as
    soon as the bytes received pass the limit (chunked bodies have no Content-Length)."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int = MAX_BODY_BYTES,
        larger: dict[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        # Paths that take more (uploads), and how much.
        self.larger = larger or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.larger.get(scope["path"], self.max_bytes)
        declared = _content_length(scope)
        if declared.isdigit() and int(declared) > max_bytes:
            await self._refuse(BodyTooLarge(max_bytes), scope, receive, send)
            return
        if declared or scope["method"] in _NO_BODY_READ:
            # The server delivers at most the declared length, and no route reads the body of
            # a GET: nothing to count (most requests). Left: bodies of unknown length.
            await self.app(scope, receive, send)
            return

        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > max_bytes:
                # Raised into whoever reads the body: FastAPI passes an HTTPException on to
                # the app's handler (a JSON 413); anything else ends up below.
                raise BodyTooLarge(max_bytes)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal response_started
            response_started |= message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge as exc:
            if response_started:
                raise
            await self._refuse(exc, scope, receive, send)

    @staticmethod
    async def _refuse(
        exc: BodyTooLarge, scope: Scope, receive: Receive, send: Send
    ) -> None:
        response = JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        await response(scope, receive, send)


class HeadAsGet:
    """HEAD answered as GET is, without the body (RFC 9110: the same headers, Content-Length
    included). FastAPI's routes declare GET only, so HEAD would otherwise be a 405; a path with
    no GET still answers 405, now naming the methods it has."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)
