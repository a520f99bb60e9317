import re
import secrets
import unicodedata
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, delete, exists, func
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.core.errors import AppError, BadRequest, Conflict
from app.core.reads import Query
from app.core.security import (
    TokenClaims,
    TokenPurpose,
    decode_token,
    dummy_hash,
    get_password_hash,
    verify_password,
)
from app.crud.offers import release_offers_of
from app.crud.profiles import follow_username
from app.crud.throttle import clear_login_failures
from app.models import RevokedToken, User, UserCreate, UserUpdate
from app.models.users import RESERVED_USERNAMES, email_key

EMAIL_TAKEN = "The user with this email already exists in the system"
USERNAME_TAKEN = "The user with this username already exists in the system"
EMAIL_EXISTS = "User with this email already exists"
USERNAME_EXISTS = "User with this username already exists"
SELF_LOCKOUT = "Super users cannot deactivate or demote themselves"
LAST_SUPERUSER = "The last active superuser cannot be deleted, deactivated or demoted"
OWN_EMAIL = (
    "Change your own email with PATCH /users/me, which asks for the current password"
)
OWN_PASSWORD = "Change your own password with PATCH /users/me/password, which asks for the current one"


def get_user_by_email(*, session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email_key == email_key(email))).first()


def get_user_by_username(*, session: Session, username: str) -> User | None:
    return session.exec(
        select(User).where(func.lower(User.username) == username.lower())
    ).first()


# A token's user, and in the same statement whether the token was ended by a logout.
_USER: Table = User.__table__  # type: ignore[attr-defined]
_TOKEN_USER = (
    col(User.id) == bindparam("user_id"),
    ~exists().where(col(RevokedToken.id) == bindparam("token_id")),
)
# Built once (Session.get builds one per call, which costs more than the query); fresh even
# when the session has the user already: triggers move some of its columns (the unread
# notifications).
_USER_BY_TOKEN = (
    select(User).where(*_TOKEN_USER).execution_options(populate_existing=True)
)
_USER_CLASS = sa_inspect(User).class_manager
_USER_COLUMNS = len(_USER.c)


def token_user_query(**columns: ColumnElement[Any]) -> Query:
    """The statement that finds an access token's user, with `columns` more: values computed
    for that user (written against the user's row, `User.__table__`), read in the same round
    trip. A page of what the signed-in user sees then costs one statement, not two: the
    second statement, with its pool checkout, cost the app about a quarter of the items
    page's CPU (0.87 -> 0.63 ms a request). Nothing of `columns` is computed for a token
    that finds no user."""
    if taken := set(columns) & set(_USER.c.keys()):
        raise ValueError(f"Columns of the user already: {sorted(taken)}")
    return Query(
        sa_select(_USER, *(value.label(name) for name, value in columns.items())).where(
            *_TOKEN_USER
        )
    )


# Every signed-in request runs this one (or one with more columns): on psycopg's connection,
# the row made into a User the way the ORM loads one (app.core.reads; the ORM's query and load
# cost six times as much).
_USER_BY_ACCESS_TOKEN = token_user_query()


def _claims(
    token: str, purpose: TokenPurpose
) -> tuple[TokenClaims, dict[str, Any]] | None:
    """A valid token's claims, and the parameters of the query of its user."""
    claims = decode_token(token, purpose=purpose)
    if claims is None:
        return None
    try:
        user_id = uuid.UUID(claims.subject)
    except ValueError:
        return None
    return claims, {"user_id": user_id, "token_id": claims.token_id}


def read_token_user(
    *,
    session: Session,
    token: str,
    query: Query | None = None,
    params: Mapping[str, Any] | None = None,
) -> tuple[User, dict[str, Any]] | None:
    """The user an access token was issued to, as get_user_by_token decides (not row-locked):
    in the session when it may write (the very instance it holds, refreshed), detached from a
    read-only one (nothing is written through it); and the values of the columns `query`
    (from token_user_query) reads for them, with `params`."""
    found = _claims(token, "access")
    if found is None:
        return None
    claims, token_params = found
    if query is None:
        query = _USER_BY_ACCESS_TOKEN
    rows = query.rows(session, {**token_params, **(params or {})})
    if not rows:
        return None
    row = rows[0]
    values = dict(zip(query.columns[:_USER_COLUMNS], row[:_USER_COLUMNS], strict=True))
    if values["token_version"] != claims.version:
        return None
    more = dict(zip(query.columns[_USER_COLUMNS:], row[_USER_COLUMNS:], strict=True))
    return _as_loaded(session, values), more


def _as_loaded(session: Session, values: dict[str, Any]) -> User:
    attach = not session.info.get("read_only")
    held = (
        session.identity_map.get(session.identity_key(User, values["id"]))
        if attach
        else None
    )
    if isinstance(held, User):
        for name, value in values.items():
            set_committed_value(held, name, value)
        return held
    # A new instance has nothing changed or expired to clear: its state is its values, as
    # the ORM's loader writes them.
    user: User = _USER_CLASS.new_instance()
    user.__dict__.update(values)
    make_transient_to_detached(user)
    if attach:
        session.add(user)
    return user


def get_user_by_token(
    *, session: Session, token: str, purpose: TokenPurpose, for_update: bool = False
) -> User | None:
    """The user the token was issued to, if it is valid, was not ended by a logout, and was
    issued since the user's last change of password, email or `is_active` (`for_update`:
    row-locked, so a token is used once at a time)."""
    found = _claims(token, purpose)
    if found is None:
        return None
    claims, params = found
    query = _USER_BY_TOKEN.with_for_update() if for_update else _USER_BY_TOKEN
    user = session.exec(query, params=params).first()
    if user is None or user.token_version != claims.version:
        return None
    return user


def revoke_token(*, session: Session, token: str) -> None:
    """End one access token (a logout), and forget ended tokens that have expired anyway."""
    claims = decode_token(token, purpose="access")
    if claims is None:
        return
    table = RevokedToken.__table__  # type: ignore[attr-defined]
    session.execute(
        insert(table)
        .values(id=claims.token_id, expires_at=claims.expires)
        .on_conflict_do_nothing()
    )
    # SKIP LOCKED: a cleanup never waits for another's; a batch keeps each logout cheap.
    expired = (
        sa_select(table.c.id)
        .where(table.c.expires_at <= func.now())
        .limit(100)
        .with_for_update(skip_locked=True)
    )
    session.execute(delete(table).where(table.c.id.in_(expired.scalar_subquery())))


def set_password(
    *, session: Session, user: User, password: str, address: str | None = None
) -> None:
    """A new password ends every token issued before it (access and reset) and forgets the
    account's failed logins (app.crud.throttle.clear_login_failures): `address` is the
    client's who set it; None, a superuser's for the owner."""
    user.hashed_password = get_password_hash(password)
    user.token_version += 1
    session.add(user)
    clear_login_failures(session=session, email=user.email, address=address)


# Letters that do not decompose into an ASCII letter and a mark.
_LATIN_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"}
)


def username_from_name(full_name: str | None) -> str | None:
    """A valid username made of a full name ('Zoë O'Brien' -> 'zoe-obrien'), or None when too
    little of it is left (not checked for uniqueness)."""
    folded = (full_name or "").lower().translate(_LATIN_LETTERS).replace("'", "")
    ascii_name = (
        unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    )
    base = "-".join(re.findall(r"[a-z0-9]+", ascii_name))[:24].strip("-")
    if len(base) < 3 or base in RESERVED_USERNAMES:
        return None
    return base


def _free_username(
    session: Session, full_name: str | None, *, suffixed: bool = False
) -> str:
    """A free username from the full name, else a random handle: never from the email, whose
    local part may be private and would be shown to everyone on the feed."""
    base = username_from_name(full_name)
    if base is None:
        base, suffixed = "user", True
    candidate = f"{base}-{secrets.token_hex(3)}" if suffixed else base
    while get_user_by_username(session=session, username=candidate):
        candidate = f"{base}-{secrets.token_hex(3)}"
    return candidate


def _taken(*, username: bool, updating: bool) -> AppError:
    # As the template: a taken email is a 400 when creating a user, a 409 when updating one.
    if updating:
        return Conflict(USERNAME_EXISTS if username else EMAIL_EXISTS)
    return BadRequest(USERNAME_TAKEN if username else EMAIL_TAKEN)


def _flush_user(session: Session, user: User, *, updating: bool = False) -> None:
    """Flush in a savepoint; a lost race on email or username becomes the template's error."""
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError as exc:
        constraint = (
            getattr(getattr(exc.orig, "diag", None), "constraint_name", "") or ""
        )
        raise _taken(username="username" in constraint, updating=updating)


def ensure_unique(
    *,
    session: Session,
    email: str | None,
    username: str | None,
    user_id: uuid.UUID | None = None,
) -> None:
    """Raise if another user has the email or username (`user_id`: the user being updated)."""
    updating = user_id is not None
    if email:
        other = get_user_by_email(session=session, email=email)
        if other and other.id != user_id:
            raise _taken(username=False, updating=updating)
    if username:
        other = get_user_by_username(session=session, username=username)
        if other and other.id != user_id:
            raise _taken(username=True, updating=updating)


def create_user(*, session: Session, user_create: UserCreate) -> User:
    ensure_unique(
        session=session, email=user_create.email, username=user_create.username
    )
    username = user_create.username or _free_username(session, user_create.full_name)
    user = User.model_validate(
        user_create,
        update={
            "username": username,
            "hashed_password": get_password_hash(user_create.password),
        },
    )
    try:
        _flush_user(session, user)
    except BadRequest as exc:
        if user_create.username or exc.detail != USERNAME_TAKEN:
            raise
        # A concurrent signup took the username derived for this one, which the caller
        # never chose: derive another instead of refusing the signup.
        user.username = _free_username(session, user.full_name, suffixed=True)
        _flush_user(session, user)
    return user


def update_user(*, session: Session, db_user: User, user_in: UserUpdate) -> User:
    """Apply the update. A new email or a change of `is_active`, like a new password, ends
    every token issued before it (access and reset: a recovery link mailed to the old address
    stops working)."""
    user_data = user_in.model_dump(exclude_unset=True)
    ensure_unique(
        session=session,
        email=user_data.get("email"),
        username=user_data.get("username"),
        user_id=db_user.id,
    )
    password = user_data.pop("password", None)
    if password is not None:
        set_password(session=session, user=db_user, password=password)
    # Required columns cannot be set to null through an update.
    user_data = {
        k: v
        for k, v in user_data.items()
        if v is not None or k in {"full_name", "phone_number", "bio"}
    }
    if any(
        key in user_data and user_data[key] != getattr(db_user, key)
        for key in ("email", "is_active")
    ):
        db_user.token_version += 1
    old_username = db_user.username
    db_user.sqlmodel_update(user_data)
    follow_username(db_user, old_username)
    _flush_user(session, db_user, updating=True)
    return db_user


def authenticate(*, session: Session, email: str, password: str) -> User | None:
    db_user = get_user_by_email(session=session, email=email)
    if not db_user:
        # Same work as for a real user, so timing does not reveal which emails exist.
        verify_password(password, dummy_hash())
        return None
    if not verify_password(password, db_user.hashed_password):
        return None
    return db_user


def removes_superuser(user_in: UserUpdate) -> bool:
    """Whether the update would take a user out of the active superusers."""
    return user_in.is_active is False or user_in.is_superuser is False


def keep_an_active_superuser(*, session: Session, user: User) -> None:
    """Refuse (409) to take away the last active superuser.

    The active superusers' rows stay locked (in id order, so two callers cannot deadlock)
    until the transaction ends: of two superusers removing each other at once, the second
    sees the first's change and is refused.
    """
    if not user.is_superuser:
        return
    locked = session.exec(
        select(User.id)
        .where(col(User.is_superuser), col(User.is_active))
        .order_by(col(User.id))
        .with_for_update()
    ).all()
    if list(locked) == [user.id]:
        raise Conflict(LAST_SUPERUSER)


def update_user_as_superuser(
    *, session: Session, db_user: User, user_in: UserUpdate, by: User
) -> User:
    """A superuser's update of a user: never their own lockout, never the last superuser's."""
    if db_user.id == by.id and user_in.password is not None:
        # Without the current password, a stolen token would be enough to take the account.
        raise Conflict(OWN_PASSWORD)
    if db_user.id == by.id and user_in.email not in (None, db_user.email):
        # The same: a new email, then a recovery mail, and the account is the thief's.
        raise Conflict(OWN_EMAIL)
    if removes_superuser(user_in):
        if db_user.id == by.id:
            raise Conflict(SELF_LOCKOUT)
        keep_an_active_superuser(session=session, user=db_user)
    return update_user(session=session, db_user=db_user, user_in=user_in)


def delete_user(*, session: Session, user: User) -> None:
    """Delete a user with all they own; the jobs they were hired for are open again."""
    keep_an_active_superuser(session=session, user=user)
    release_offers_of(session=session, cleaner=user)
    session.delete(user)
    session.flush()


def users_query() -> SelectOfScalar[User]:
    return select(User).order_by(col(User.created_at), col(User.id))
