"""The benchmarks' own database: a fresh one on the embedded PostgreSQL in .data/bench-postgres,
or on DATABASE_URL's server when it is set; the developer's database is never touched."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, make_url, text

from app.core import db as app_db
from app.core.config import REPO_ROOT, settings
from bench.report import say

BENCH_PGDATA = REPO_ROOT / ".data" / "bench-postgres"


@contextmanager
def bench_database(name: str, *, keep: bool) -> Iterator[tuple[str, str]]:
    """A fresh database `name`; yields its URL and where it lives. Dropped at the end unless
    `keep`."""
    if settings.DATABASE_URL:
        server_url, where = settings.DATABASE_URL, "the server of DATABASE_URL"
    else:
        # Its own cluster: the developer's .data/postgres is never started or touched.
        server_url = app_db.start_embedded(BENCH_PGDATA)
        where = f"embedded PostgreSQL in {BENCH_PGDATA.relative_to(REPO_ROOT)}"
    if make_url(server_url).database == name:
        raise SystemExit(f"DATABASE_URL must not name the bench database {name}")
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(False)
    say(f"Bench database: {name} on {where}")
    try:
        yield url, where
    finally:
        # The app's pooled connections would otherwise hold the database open. Only when the
        # app points here: get_engine() would otherwise start the developer's database.
        if settings.DATABASE_URL == url:
            app_db.reset_engines()
        if keep:
            say(f"Kept the database {name} ({where}) for inspection.")
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def point_app_at(url: str) -> Engine:
    """Requests through the app in this process now use `url`, as the tests' fixtures do."""
    settings.DATABASE_URL = url
    app_db.reset_engines()
    return app_db.get_engine()


def autocommit(engine: Engine) -> Connection:
    return engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def vacuum(engine: Engine) -> None:
    """VACUUM as well as ANALYZE: sets hint bits and the visibility map the way autovacuum
    would in a living database, so no request pays for the bulk load. CHECKPOINT: the load's
    dirty pages are written now, not by a background checkpoint during the timed requests."""
    with autocommit(engine) as conn:
        conn.execute(text("VACUUM (ANALYZE)"))
        conn.execute(text("CHECKPOINT"))
