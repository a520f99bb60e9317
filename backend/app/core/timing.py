"""`Server-Timing` on every response: the request's total time and the part spent in the database.

The database time is the sum of the statements run for the request, measured by SQLAlchemy's
cursor events. Routes are sync and run in the threadpool, which copies the request's context:
the ContextVar holds a mutable cell, so statements in the worker thread add to the request's sum.
"""

from contextvars import ContextVar
from time import perf_counter
from typing import Any

from sqlalchemy import Engine, event
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Seconds spent in the database by the current request (None outside a request).
_db_seconds: ContextVar[list[float] | None] = ContextVar("db_seconds", default=None)


@event.listens_for(Engine, "before_cursor_execute")
def _statement_started(conn: Any, *_: Any) -> None:
    conn.info.setdefault("statement_started", []).append(perf_counter())


@event.listens_for(Engine, "after_cursor_execute")
def _statement_finished(conn: Any, *_: Any) -> None:
    started = conn.info["statement_started"].pop()
    cell = _db_seconds.get()
    if cell is not None:
        cell[0] += perf_counter() - started


def server_timing(total: float, db: float) -> str:
    return f"db;dur={db * 1000:.2f};desc=database, total;dur={total * 1000:.2f}"


class ServerTimingMiddleware:
    """Adds `Server-Timing: db;dur=…, total;dur=…` (milliseconds) to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = perf_counter()
        cell = [0.0]
        _db_seconds.set(cell)

        async def send_with_timing(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.append(
                    "Server-Timing", server_timing(perf_counter() - started, cell[0])
                )
            await send(message)

        await self.app(scope, receive, send_with_timing)
