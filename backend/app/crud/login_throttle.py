"""Failed logins counted per account and per client address, in PostgreSQL.

Every API process shares the counts. An attempt is counted before its password is checked and
the count committed at once, so guesses sent together cannot all pass the limit, and the
counters' rows are not locked through the (slow) password check; a successful login takes its
attempt back and starts the account's count again. Windows are fixed: the first failure opens
one, and past the limit the key is refused until it ends. Times are the database's, so API
processes on several machines agree.
"""

import hashlib
import math
from datetime import timedelta

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from app.core.config import settings
from app.models import LoginThrottle
from app.models.users import email_key

_table = LoginThrottle.__table__  # type: ignore[attr-defined]
# Expired windows deleted by each attempt, at most (they are also reset when reused).
_PURGE_BATCH = 100


def _window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)


def account_key(email: str) -> str:
    # Hashed: the table holds no email, and any input, however long, fits the column.
    return "account:" + hashlib.sha256(email_key(email).encode()).hexdigest()


def address_key(address: str) -> str:
    return "address:" + address[:90]


def take_login_attempt(*, session: Session, email: str, address: str) -> int | None:
    """Count a login attempt for `email` and `address`; the seconds to wait if either is past
    its limit, else None. The caller commits at once, before checking the password."""
    limits = {
        account_key(email): settings.LOGIN_FAILURES_PER_ACCOUNT,
        address_key(address): settings.LOGIN_FAILURES_PER_ADDRESS,
    }
    expired = _table.c.window_started_at < func.now() - _window()
    counted = (
        insert(_table)
        # In key order, so two attempts never wait on each other's rows crosswise.
        .values(
            [
                {"key": key, "failures": 1, "window_started_at": func.now()}
                for key in sorted(limits)
            ]
        )
        .on_conflict_do_update(
            index_elements=[_table.c.key],
            set_={
                "failures": case((expired, 1), else_=_table.c.failures + 1),
                "window_started_at": case(
                    (expired, func.now()), else_=_table.c.window_started_at
                ),
            },
        )
        .returning(
            _table.c.key,
            _table.c.failures,
            func.extract("epoch", _table.c.window_started_at + _window() - func.now()),
        )
    )
    rows = session.execute(counted).all()
    _purge_expired(session)
    waits = [
        max(1, math.ceil(seconds))
        for key, failures, seconds in rows
        if failures > limits[key]
    ]
    return max(waits, default=None)


def _purge_expired(session: Session) -> None:
    # Last in the transaction and SKIP LOCKED: it never waits, so it cannot deadlock.
    stale = (
        select(_table.c.key)
        .where(_table.c.window_started_at < func.now() - _window())
        .limit(_PURGE_BATCH)
        .with_for_update(skip_locked=True)
    )
    session.execute(delete(_table).where(_table.c.key.in_(stale.scalar_subquery())))


def forget_login_attempt(*, session: Session, email: str, address: str) -> None:
    """A successful login: the account's count starts again, and this attempt no longer
    counts for the address (its earlier failures still do)."""
    session.execute(delete(_table).where(_table.c.key == account_key(email)))
    session.execute(
        update(_table)
        .where(_table.c.key == address_key(address))
        .values(failures=func.greatest(_table.c.failures - 1, 0))
    )
