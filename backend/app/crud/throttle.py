"""Attempts counted per key in fixed windows, in PostgreSQL, so every API process shares them.

Logins are counted three ways, so that no limit is a lockout someone else can cause:
- per (account, address), the tight limit: an attacker's address is refused for that account,
  while the owner, from another address, still gets in;
- per account across addresses, looser: it stops guessing spread over many addresses, and it
  does not refuse an address that has logged in to the account before, so the owner's usual
  addresses still get in; a password reset (or a superuser setting the password) clears it;
- per address across accounts: it stops one address trying a password on many accounts.
An attempt is counted before its password is checked and the count committed at once (the
caller does), so guesses sent together cannot all pass; one that is refused is rolled back
with its request, so hammering a refused door does not lengthen anything. Password recovery
is limited per address (refused with 429) and in mails per account (not sent, same answer);
signups per address. Windows are fixed: the first hit opens one, and when it ends the next
hit opens a new one at 1. Times are the database's, so API processes on several machines agree.
"""

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import case, delete, exists, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from app.core.config import settings
from app.models import Throttle
from app.models.users import email_key

_table = Throttle.__table__  # type: ignore[attr-defined]
# Expired windows deleted by each count, at most (they are also reset when reused).
_PURGE_BATCH = 100
# How long an address that logged in to an account is remembered as that owner's.
KNOWN_ADDRESS_DAYS = 30


@dataclass(frozen=True)
class Limit:
    key: str
    allowed: int  # hits per window; the next one is refused
    seconds: int  # the window


def _digest(text: str) -> str:
    # Keys hold no email or address, and any input, however long, fits the column.
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _account(email: str) -> str:
    return _digest(email_key(email))


def account_key(email: str) -> str:
    return f"account:{_account(email)}"


def pair_key(email: str, address: str) -> str:
    return f"pair:{_account(email)}:{_digest(address)}"


def known_key(email: str, address: str) -> str:
    return f"known:{_account(email)}:{_digest(address)}"


def address_key(kind: str, address: str) -> str:
    return f"{kind}:{_digest(address)}"


def recovery_mail_key(email: str) -> str:
    return f"recovery-mail:{_account(email)}"


def _count(session: Session, limits: Sequence[Limit]) -> dict[str, int]:
    """Count a hit on every key; the seconds to wait for each key past its limit."""
    expired = _table.c.window_ends_at <= func.now()
    rows = [
        {
            "key": limit.key,
            "hits": 1,
            "window_ends_at": func.now() + timedelta(seconds=limit.seconds),
        }
        # In key order, so two requests never wait on each other's rows crosswise.
        for limit in sorted(limits, key=lambda limit: limit.key)
    ]
    statement = insert(_table).values(rows)
    counted = statement.on_conflict_do_update(
        index_elements=[_table.c.key],
        set_={
            "hits": case((expired, 1), else_=_table.c.hits + 1),
            "window_ends_at": case(
                (expired, statement.excluded.window_ends_at),
                else_=_table.c.window_ends_at,
            ),
        },
    ).returning(
        _table.c.key,
        _table.c.hits,
        func.extract("epoch", _table.c.window_ends_at - func.now()),
    )
    allowed = {limit.key: limit.allowed for limit in limits}
    waits = {
        key: max(1, math.ceil(seconds))
        for key, hits, seconds in session.execute(counted).all()
        if hits > allowed[key]
    }
    _purge_expired(session)
    return waits


def _purge_expired(session: Session) -> None:
    # Last in the transaction and SKIP LOCKED: it never waits, so it cannot deadlock.
    stale = (
        select(_table.c.key)
        .where(_table.c.window_ends_at <= func.now())
        .limit(_PURGE_BATCH)
        .with_for_update(skip_locked=True)
    )
    session.execute(delete(_table).where(_table.c.key.in_(stale.scalar_subquery())))


def _is_known(session: Session, key: str) -> bool:
    live = (_table.c.key == key) & (_table.c.window_ends_at > func.now())
    return bool(session.scalar(select(exists().where(live))))


def take_login_attempt(*, session: Session, email: str, address: str) -> int | None:
    """Count a login attempt; the seconds to wait if it is refused, else None. The caller
    commits at once, before checking the password (and rolls back a refused attempt)."""
    window = settings.LOGIN_WINDOW_SECONDS
    account = account_key(email)
    waits = _count(
        session,
        [
            Limit(
                pair_key(email, address),
                settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS,
                window,
            ),
            Limit(account, settings.LOGIN_FAILURES_PER_ACCOUNT, window),
            Limit(
                address_key("login", address),
                settings.LOGIN_FAILURES_PER_ADDRESS,
                window,
            ),
        ],
    )
    if account in waits and _is_known(session, known_key(email, address)):
        del waits[account]
    return max(waits.values(), default=None)


def forget_login_attempt(*, session: Session, email: str, address: str) -> None:
    """A successful login: the (account, address) count starts again, this attempt no longer
    counts for the account or the address (their earlier failures still do), and the address
    is remembered as one the owner uses."""
    session.execute(delete(_table).where(_table.c.key == pair_key(email, address)))
    session.execute(
        _table.update()
        .where(_table.c.key.in_([account_key(email), address_key("login", address)]))
        .values(hits=func.greatest(_table.c.hits - 1, 0))
    )
    remembered = func.now() + timedelta(days=KNOWN_ADDRESS_DAYS)
    session.execute(
        insert(_table)
        .values(key=known_key(email, address), hits=1, window_ends_at=remembered)
        .on_conflict_do_update(
            index_elements=[_table.c.key], set_={"window_ends_at": remembered}
        )
    )


def clear_login_failures(
    *, session: Session, email: str, address: str | None = None
) -> None:
    """A new password: the account's failed logins are forgotten, those across addresses and
    those of `address` (whoever set the password, who may log in from there at once); without
    an address (a superuser set it for the owner, wherever they are), those of every address.
    Another address that was refused stays refused until its window ends."""
    account = _account(email)
    pairs = (
        _table.c.key == pair_key(email, address)
        if address is not None
        else _table.c.key.startswith(f"pair:{account}:", autoescape=True)
    )
    session.execute(
        delete(_table).where(or_(_table.c.key == f"account:{account}", pairs))
    )


def take_recovery_request(*, session: Session, address: str) -> int | None:
    """Count a password-recovery request for the address; the seconds to wait if it is
    refused, else None (nothing about the email shows in the answer)."""
    window = settings.RECOVERY_WINDOW_SECONDS
    waits = _count(
        session,
        [
            Limit(
                address_key("recovery", address),
                settings.RECOVERY_REQUESTS_PER_ADDRESS,
                window,
            )
        ],
    )
    return max(waits.values(), default=None)


def take_recovery_mail(*, session: Session, email: str) -> bool:
    """Whether another recovery mail may go to the account in this window (counted)."""
    limit = Limit(
        recovery_mail_key(email),
        settings.RECOVERY_MAILS_PER_ACCOUNT,
        settings.RECOVERY_WINDOW_SECONDS,
    )
    return not _count(session, [limit])


def take_signup(*, session: Session, address: str) -> int | None:
    """Count a signup attempt from the address; the seconds to wait if it is refused."""
    limit = Limit(
        address_key("signup", address),
        settings.SIGNUP_REQUESTS_PER_ADDRESS,
        settings.SIGNUP_WINDOW_SECONDS,
    )
    return max(_count(session, [limit]).values(), default=None)
