"""Everything `./scripts/run.sh` does, in one process: database, migrations, first superuser, server.

The embedded PostgreSQL (when DATABASE_URL is unset) is stopped when this process exits.
"""

import logging
import os
import signal
import sys

import uvicorn

from app import prestart
from app.core.db import database_url

logger = logging.getLogger(__name__)


def main() -> None:
    prestart.main()
    # Worker processes connect to the server this process started (or DATABASE_URL's).
    os.environ["DATABASE_URL"] = database_url()
    # One unless WEB_CONCURRENCY says otherwise (scripts/load.sh runs 1 and 2).
    workers = int(os.environ.get("WEB_CONCURRENCY") or 1)
    port = int(os.environ.get("PORT", "8000"))
    host = os.environ.get("HOST", "127.0.0.1")
    logger.info(
        "Serving on http://%s:%d (Swagger UI at /docs), %d worker(s)",
        host,
        port,
        workers,
    )
    # uvicorn re-raises the signal that stopped it; let SIGTERM end the process the way
    # Ctrl-C does, through normal exit, so the embedded database is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.run(
            "app.main:app",
            host=host,
            port=port,
            log_level="info",
            workers=workers,
            # A worker imports the whole app before it answers the supervisor's first ping:
            # seconds on a loaded machine, past uvicorn's 5 s, which would kill it in a loop.
            timeout_worker_healthcheck=60,
            # No `server: uvicorn` header: the version of what runs is nobody's business.
            server_header=False,
        )
    except KeyboardInterrupt:
        pass
    logger.info("Stopped")


if __name__ == "__main__":
    main()
