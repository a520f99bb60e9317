"""`Server-Timing` on every response: the request's total time, the part spent in the database
and which server answered (`desc="primary"` or `"replica"`).

The database time is the sum of the statements run for the request, measured by SQLAlchemy's
cursor events. Routes are sync and run in the threadpool, which copies the request's context:
the ContextVar holds a mutable object, so statements in the worker thread add to the request's
sum, and the session that picks a server (app.core.replica) names it there. The same object
carries the WAL position of the request's commit, when there is one (app.core.db).
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from sqlalchemy import Engine, event


@dataclass
class RequestDatabase:
    """What the current request did in the database."""

    seconds: float = 0.0
    # The server that answered: "primary" or "replica" (None: no session was opened).
    server: str | None = None
    # The WAL position after the request's commit (only with a read replica configured).
    lsn: str | None = None


_current: ContextVar[RequestDatabase | None] = ContextVar(
    "request_database", default=None
)


def current_request() -> RequestDatabase | None:
    return _current.get()


@event.listens_for(Engine, "before_cursor_execute")
def _statement_started(conn: Any, *_: Any) -> None:
    conn.info.setdefault("statement_started", []).append(perf_counter())


@event.listens_for(Engine, "after_cursor_execute")
def _statement_finished(conn: Any, *_: Any) -> None:
    started = conn.info["statement_started"].pop()
    cell = _current.get()
    if cell is not None:
        cell.seconds += perf_counter() - started


def server_timing(total: float, db: float, server: str | None = None) -> str:
    desc = f'"{server}"' if server else "database"
    return f"db;dur={db * 1000:.2f};desc={desc}, total;dur={total * 1000:.2f}"


def start_timing() -> tuple[RequestDatabase, Callable[[], bytes]]:
    """Starts timing the current request (and counting its database time); returns what the
    request did in the database and what makes its `Server-Timing` value,
    `db;dur=…;desc=…, total;dur=…` in milliseconds, when called."""
    started = perf_counter()
    cell = RequestDatabase()
    _current.set(cell)
    return cell, lambda: server_timing(
        perf_counter() - started, cell.seconds, cell.server
    ).encode("latin-1")
