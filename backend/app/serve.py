"""Everything `./scripts/run.sh` does: database, migrations, first superuser, then the server with
WEB_CONCURRENCY worker processes (default: the number of cores).

This process (the parent) starts the embedded PostgreSQL once (when DATABASE_URL is unset) and
hands its URL to the workers in DATABASE_URL, so they connect to it instead of starting their
own; it also hands them one SECRET_KEY (tokens issued by one worker are valid in the others) and
a connection pool size that fits the worker count into PostgreSQL's max_connections. Ctrl-C or
SIGTERM stops the workers, then the parent, which stops the embedded database as it exits.
"""

import gc
import logging
import os
import signal
import sys
from typing import TYPE_CHECKING

# Only the standard library at the top: each worker process starts by importing this module
# (multiprocessing's spawn re-imports the main module), and must answer uvicorn's health
# ping within WORKER_STARTUP_SECONDS; the app is imported afterwards, by the worker's server.
if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy import Engine

logger = logging.getLogger(__name__)

# Connections left for everything but the workers: migrations, psql, the benchmarks' admin work.
SPARE_CONNECTIONS = 10
# A worker's threads that may hold a connection: the sync routes' (app.core.trips: a few, and
# one for each route waiting on bcrypt, 40 in all at most) and its background tasks' (AnyIO's
# threadpool); each holds at most one connection, and past 40 they queue for it anyway.
MAX_POOL = 40
# How long a worker may stay silent (importing the app, on a busy machine) before uvicorn's
# supervisor takes it for hung and replaces it; uvicorn's default of 5 s is too short here.
WORKER_STARTUP_SECONDS = 60
# How long an idle keep-alive connection stays open. A client that sends on a connection the
# moment the server closes it gets a reset (ECONNRESET, "connection aborted"); uvicorn's 5 s
# matches the idle time of Node's and many proxies' pools, so that race happens in normal use.
# Longer than theirs (and than the 60 s of common load balancers), the server never closes first.
KEEP_ALIVE_SECONDS = 75
# The cyclic garbage collector's young generation is collected after this many new container
# objects (Python's default is 700). A request makes a few thousand, and those of the 32 or so
# in flight are alive at each collection: at 700 the collector walked them several times a
# request, and its full collections walked the ~170,000 objects of the loaded app, about 9% of a
# worker's CPU under load (measured with gc.callbacks). Cycles are rare here (refcounting frees
# almost everything), so waiting longer costs little memory.
YOUNG_COLLECTION_THRESHOLD = 50_000
# uvicorn's HTTP protocol, each answer in one write (app.one_write).
HTTP_PROTOCOL = "app.one_write:OneWriteProtocol"


def served_app() -> "FastAPI":
    """The app as each worker serves it (uvicorn's factory): once it is loaded, its objects
    (modules, routes, models) are moved out of the collector's sight for good (gc.freeze), and
    young collections wait for YOUNG_COLLECTION_THRESHOLD new objects."""
    from app.main import app

    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, older, oldest)
    return app


def access_log() -> bool:
    """uvicorn's line per request, off unless ACCESS_LOG=1: formatting and writing it cost about
    a sixth of a health check's time (py-spy under load), and a proxy in front logs requests
    anyway."""
    value = os.environ.get("ACCESS_LOG", "").strip().lower()
    if value not in ("", "0", "1", "false", "true"):
        raise SystemExit(f"ACCESS_LOG must be 1 or 0, not {value!r}")
    return value in ("1", "true")


def web_concurrency() -> int:
    value = os.environ.get("WEB_CONCURRENCY", "").strip()
    if not value:
        return os.cpu_count() or 1
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"WEB_CONCURRENCY must be a whole number >= 1, not {value!r}")
    return int(value)


def pool_size(engine: "Engine", workers: int) -> int:
    """Connections per pool: the server's max_connections, less those kept for superusers and
    SPARE_CONNECTIONS, shared among the workers, each with two pools (reads in autocommit,
    writes in transactions; app.core.db); at least 2, at most MAX_POOL."""
    from sqlalchemy import text

    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT name, setting::int FROM pg_settings WHERE name IN"
                " ('max_connections', 'superuser_reserved_connections',"
                " 'reserved_connections')"
            )
        ).all()
    setting: dict[str, int] = dict(rows)
    usable = setting["max_connections"] - SPARE_CONNECTIONS
    usable -= setting.get("superuser_reserved_connections", 0)
    usable -= setting.get("reserved_connections", 0)
    return max(2, min(MAX_POOL, usable // (2 * workers)))


def worker_environment(workers: int) -> dict[str, str]:
    """What every worker must share with this process (see the module's docstring). Also
    applied here: with one worker, uvicorn serves in this process, whose settings and engines
    exist already."""
    from app.core import db
    from app.core.config import settings

    size = pool_size(db.get_engine(), workers)
    url = db.database_url()
    # The workers open their own connections; this process keeps none (and new engines, with
    # the new pool size, if it serves itself).
    db.reset_engines()
    settings.DATABASE_URL = url
    settings.DB_POOL_SIZE, settings.DB_MAX_OVERFLOW = size, 0
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": settings.SECRET_KEY,
        "DB_POOL_SIZE": str(size),
        "DB_MAX_OVERFLOW": "0",
    }


def main() -> None:
    import uvicorn

    from app import prestart
    from app.core.config import settings

    workers = web_concurrency()
    prestart.main()
    os.environ.update(worker_environment(workers))
    port = int(os.environ.get("PORT", "8000"))
    host = os.environ.get("HOST", "127.0.0.1")
    logger.info(
        "Serving on http://%s:%d (Swagger UI at /docs) with %d worker%s, %s connections each",
        host,
        port,
        workers,
        "" if workers == 1 else "s",
        os.environ["DB_POOL_SIZE"],
    )
    # uvicorn re-raises the signal that stopped it; let SIGTERM end the process the way
    # Ctrl-C does, through normal exit, so the embedded database is stopped too. (With
    # several workers uvicorn's supervisor handles both signals and returns.)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.run(
            "app.serve:served_app",
            factory=True,
            http=HTTP_PROTOCOL,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            timeout_worker_healthcheck=WORKER_STARTUP_SECONDS,
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
            access_log=access_log(),
            # No `server: uvicorn` header: the version of what runs is nobody's business.
            server_header=False,
            # uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise, and this
            # server listens there: any client could pick its address for the throttles.
            # Only the proxies FORWARDED_ALLOW_IPS names are believed (none by default).
            proxy_headers=bool(settings.FORWARDED_ALLOW_IPS.strip()),
            forwarded_allow_ips=settings.FORWARDED_ALLOW_IPS.strip(),
        )
    except KeyboardInterrupt:
        pass
    logger.info("Stopped")


if __name__ == "__main__":
    main()
