"""Hot reads on psycopg's own connection: a SQLAlchemy Core statement compiled once to SQL,
run with a plain cursor.

Each statement through SQLAlchemy costs about 80 µs of Python on top of psycopg's own 45 µs
(the execution context, result metadata, events); a checkout through a Session another
100 µs. That is most of a light request, so the reads every request makes (the token's user)
and the hottest pages skip it: the statements are still written in Core, with their parameters
bound by psycopg (prepared after a few runs, as psycopg does), and they still count in the
request's `Server-Timing`.
"""

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast

import psycopg
from sqlalchemy import Engine, Select
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.core.timing import current_request

_Connection = psycopg.Connection[Any]
_DIALECT = PGDialect_psycopg()  # type: ignore[no-untyped-call]


@contextmanager
def driver_connection(session: Session) -> Iterator[_Connection]:
    """The session's database connection as psycopg's own. A session that may write (or
    already holds a connection) lends its own, in its transaction; a read-only one lends a
    connection of the server it reads from (app.core.replica) for the statement only, so the
    session checks out its own later only if the request needs one.

    psycopg's errors come out as SQLAlchemy's (so the app answers them as it answers any, a
    503 for a database that is gone), and a connection found broken is dropped with every
    other of its pool, as SQLAlchemy does: after a restart of the server no request is given
    a dead one."""
    if not session.info.get("read_only") or session.in_transaction():
        connection = session.connection()
        driver = cast(_Connection, connection.connection.driver_connection)
        try:
            yield driver
        except psycopg.Error as exc:
            raise _failed(
                exc, driver, connection.engine, connection.invalidate
            ) from exc
        return
    engine = cast(Engine, session.get_bind())
    try:
        pooled = engine.raw_connection()
    except psycopg.Error as exc:
        # No server to connect to (SQLAlchemy's own path wraps it too).
        raise _failed(exc, None, engine, None) from exc
    driver = cast(_Connection, pooled.driver_connection)
    try:
        yield driver
    except psycopg.Error as exc:
        raise _failed(exc, driver, engine, pooled.invalidate) from exc
    finally:
        pooled.close()


def _failed(
    exc: psycopg.Error,
    driver: _Connection | None,
    engine: Engine,
    invalidate: Callable[[BaseException], None] | None,
) -> Exception:
    """SQLAlchemy's exception for psycopg's; a broken connection dropped with its pool."""
    broken = driver is not None and (driver.closed or driver.broken)
    if broken and invalidate is not None:
        invalidate(exc)
        engine.dispose()  # its pool's other connections went with the server
    return DBAPIError.instance(
        None,
        None,
        exc,
        psycopg.Error,
        connection_invalidated=broken,
        dialect=engine.dialect,
    )


class Query:
    """A Core statement compiled once, run on psycopg's connection; rows as plain tuples."""

    def __init__(self, statement: Select[Any]) -> None:
        compiled = statement.compile(dialect=_DIALECT)
        self.sql: str = compiled.string
        if "POSTCOMPILE" in self.sql:
            raise ValueError("An expanding parameter needs SQLAlchemy at each run")
        self.columns: list[str] = list(statement.selected_columns.keys())
        # The statement's literals (`coalesce(..., 0)`) are parameters too.
        self._literals = {
            name: bind.effective_value
            for bind, name in compiled.bind_names.items()
            if not bind.required
        }

    def rows(
        self, session: Session, params: Mapping[str, Any]
    ) -> list[tuple[Any, ...]]:
        started = time.perf_counter()
        with driver_connection(session) as connection, connection.cursor() as cursor:
            cursor.execute(self.sql, {**self._literals, **params})
            rows = cursor.fetchall()
        request = current_request()
        if request is not None:
            request.seconds += time.perf_counter() - started
        return rows

    def dicts(
        self, session: Session, params: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        columns = self.columns
        return [
            dict(zip(columns, row, strict=True)) for row in self.rows(session, params)
        ]
