"""Reads from a hot-standby replica (DATABASE_READ_URL), safely.

Only the reads that docs/scaling.md marks as tolerating a little lag go to the replica
(LAG_TOLERANT); everything else, and every request that writes, with its token check, runs
on the primary. Read-your-writes: a write answers with its commit's WAL position in
LSN_HEADER (app.core.db), the client echoes the latest it got, and a read carrying a position
the replica has not replayed (`pg_last_wal_replay_lsn() >= lsn`) goes to the primary; so does
every read while the replica is unreachable or more than REPLICA_MAX_LAG_SECONDS behind. The
position travels with the client: nothing lives in server memory but whether the replica
failed a moment ago.

The choice is made when the request's session first needs a connection (app.core.db's
AppSession), in the worker thread: one small query on the replica tells its position and lag.
"""

import logging
import re
import time
from functools import partial

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from app.core.config import settings
from app.core.db import get_read_engine, get_replica_engine
from app.core.timing import current_request

logger = logging.getLogger(__name__)

_API = settings.API_V1_STR
# GET routes (path templates) whose answers may be a few seconds stale. Not here: the
# caller's own lists and account (/users/me, /cleanings/, /users/me/offers, notifications),
# the offers of a job (who may accept what), items, and all of the admin's pages.
LAG_TOLERANT = frozenset(
    {
        f"{_API}/feed/cleanings/",
        f"{_API}/feed/cleanings/cursor",
        f"{_API}/cleanings/search",
        f"{_API}/cleanings/{{id}}",
        f"{_API}/profiles/{{username}}",
        f"{_API}/profiles/{{username}}/cleanings",
        f"{_API}/profiles/{{username}}/picture",
        f"{_API}/users/{{username}}/evaluations/",
        f"{_API}/users/{{username}}/evaluations/stats",
        f"{_API}/users/{{username}}/evaluations/{{cleaning_id}}",
    }
)

# How long a replica that failed to answer is skipped before it is tried again; while one
# request tries it again, the others keep skipping it (a half-open circuit breaker).
RETRY_SECONDS = 5.0
_skip_until = 0.0
_failing = False

_LSN = re.compile(r"^([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})$")

# Where the replica is (a promoted one is a primary: all it has is current) and how far it
# lags: nothing when it has replayed all it received, else the age of the last replayed commit.
_STATUS = text(
    """
    SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()
                ELSE pg_current_wal_lsn() END::text,
           CASE WHEN NOT pg_is_in_recovery()
                  OR pg_last_wal_receive_lsn() IS NULL
                  OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
                ELSE COALESCE(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)
           END::float8
    """
)


def parse_lsn(value: str | None) -> int | None:
    """A WAL position as PostgreSQL writes it (`16/B374D848`) as a number; None for anything
    else (a client's malformed header is ignored, never an error)."""
    if value is None:
        return None
    match = _LSN.match(value.strip())
    if match is None:
        return None
    return int(match.group(1), 16) << 32 | int(match.group(2), 16)


def route_to_replica(session: Session, *, min_lsn: int | None) -> None:
    """Bind `session` to the replica when it is reachable, lags at most
    REPLICA_MAX_LAG_SECONDS and has replayed `min_lsn`; otherwise leave it on the primary."""
    global _skip_until, _failing
    engine = get_replica_engine()
    now = time.monotonic()
    if engine is None or now < _skip_until:
        return
    if _failing:
        _skip_until = (
            now + RETRY_SECONDS
        )  # this request tries; the others skip meanwhile
    try:
        with engine.connect() as connection:
            position, lag = connection.execute(_STATUS).one()
    except SQLAlchemyError as exc:
        _failing = True
        _skip_until = time.monotonic() + RETRY_SECONDS
        logger.warning(
            "Read replica skipped for %.0f s: %s",
            RETRY_SECONDS,
            str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
        )
        return
    _failing = False
    if lag > settings.REPLICA_MAX_LAG_SECONDS:
        return
    if min_lsn is not None and (parse_lsn(position) or 0) < min_lsn:
        return  # the caller's own write is not there yet
    session.bind = engine
    session.info["replica"] = True
    request = current_request()
    if request is not None:
        request.server = "replica"


def maybe_route(
    session: Session, route_path: str | None, lsn_header: str | None
) -> None:
    """Arrange for a read-only session of a lag-tolerant route to read from the replica (the
    choice is made when it first needs a connection)."""
    if route_path in LAG_TOLERANT and settings.DATABASE_READ_URL:
        session.info["route"] = partial(route_to_replica, min_lsn=parse_lsn(lsn_header))


def back_to_primary(session: Session) -> bool:
    """Move a session that reads from the replica to the primary (when the replica does not
    know the signed-in user yet, or not their latest token); False if it was not on one."""
    if not session.info.pop("replica", False):
        return False
    session.close()  # a read-only session holds nothing but its connection
    session.bind = get_read_engine()
    request = current_request()
    if request is not None:
        request.server = "primary"
    return True


def forget_failures() -> None:
    """Try the replica on the next read (after a change of settings)."""
    global _skip_until, _failing
    _skip_until, _failing = 0.0, False
