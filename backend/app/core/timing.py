"""`Server-Timing` on every response: the request's total time and the part spent in the database.

The database time is the sum of the statements run for the request, measured by SQLAlchemy's
cursor events. Routes are sync and run in the threadpool, which copies the request's context:
the ContextVar holds a mutable cell, so statements in the worker thread add to the request's sum.
"""

from collections.abc import Callable
from contextvars import ContextVar
from time import perf_counter
from typing import Any

from sqlalchemy import Engine, event

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


def start_timing() -> Callable[[], bytes]:
    """Starts timing the current request (and counting its database time); returns what makes
    its `Server-Timing` value, `db;dur=…, total;dur=…` in milliseconds, when called."""
    started = perf_counter()
    cell = [0.0]
    _db_seconds.set(cell)
    return lambda: server_timing(perf_counter() - started, cell[0]).encode("latin-1")
