import uuid
from collections.abc import Generator, Mapping
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlmodel import Session

from app import crud
from app.core import reads
from app.core.config import settings
from app.core.db import end_unit_of_work, new_session
from app.core.errors import Forbidden, NotFound
from app.core.headers import LSN_HEADER
from app.core.replica import back_to_primary, maybe_route
from app.models import Cleaning, User

reusable_oauth2 = OAuth2PasswordBearer(
    tokenUrl=f"{settings.API_V1_STR}/login/access-token"
)


# Requests that only read: their session reads in autocommit (app.core.db.new_session).
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_db(request: Request) -> Generator[Session]:
    """One unit of work per request: committed when the route returns, rolled back if it
    raises. Sync: a sync route opens and ends it in its own trip to the threadpool
    (app.api.route), so no database work ever runs on the event loop."""
    read_only = request.method in READ_METHODS
    session = new_session(read_only=read_only)
    if read_only:
        route = request.scope.get("route")
        maybe_route(
            session, getattr(route, "path", None), request.headers.get(LSN_HEADER)
        )
    try:
        yield session
    except Exception:
        end_unit_of_work(session, commit=False)
        raise
    end_unit_of_work(session, commit=True)


# scope="function": the commit happens before the response is sent, so a client that
# got a 2xx can rely on the change being stored.
SessionDep = Annotated[Session, Depends(get_db, scope="function")]
TokenDep = Annotated[str, Depends(reusable_oauth2)]


def _unauthorized() -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": "Bearer"},
    )


def get_current_user(session: SessionDep, token: TokenDep) -> User:
    user, _ = current_user_with(session, token)
    return user


def current_user_with(
    session: Session,
    token: str,
    query: reads.Query | None = None,
    params: Mapping[str, Any] | None = None,
) -> tuple[User, dict[str, Any]]:
    """The signed-in user, as get_current_user decides, and what `query` (made with
    crud.token_user_query) reads for them in the same statement, with `params`."""

    def read() -> tuple[User, dict[str, Any]] | None:
        return crud.read_token_user(
            session=session, token=token, query=query, params=params
        )

    found = read()
    if not found and back_to_primary(session):
        # A replica behind may not know the user yet, or their latest token: the primary
        # decides. (A token ended on the primary passes on a replica within its lag only.)
        found = read()
    if not found:
        raise _unauthorized()
    user, values = found
    if not user.is_active:
        raise HTTPException(status_code=400, detail="Inactive user")
    return user, values


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_client_address(request: Request) -> str:
    """The client's address, as the throttles count it: the TCP peer, or what a proxy named in
    FORWARDED_ALLOW_IPS says (uvicorn rewrites the peer then; nobody else is believed)."""
    return request.client.host if request.client else "unknown"


ClientAddress = Annotated[str, Depends(get_client_address)]


def get_current_active_superuser(current_user: CurrentUser) -> User:
    if not current_user.is_superuser:
        raise Forbidden("The user doesn't have enough privileges")
    return current_user


SuperUser = Annotated[User, Depends(get_current_active_superuser)]

Skip = Annotated[int, Query(ge=0, le=2**62)]
Limit = Annotated[int, Query(ge=1, le=100)]


def require_one_of(user: User, *allowed: uuid.UUID) -> None:
    """403 unless `user` is one of the allowed users or a superuser."""
    if user.id not in allowed and not user.is_superuser:
        raise Forbidden("Not enough permissions")


def get_cleaning(id: uuid.UUID, session: SessionDep, _: CurrentUser) -> Cleaning:
    """Any signed-in user may see a cleaning job."""
    return crud.get_cleaning(session=session, cleaning_id=id)


CleaningDep = Annotated[Cleaning, Depends(get_cleaning)]


def get_owned_cleaning(cleaning: CleaningDep, current_user: CurrentUser) -> Cleaning:
    """The job, if the caller owns it (or is a superuser)."""
    require_one_of(current_user, cleaning.owner_id)
    return cleaning


OwnedCleaningDep = Annotated[Cleaning, Depends(get_owned_cleaning)]


def get_user_by_username(
    username: str, session: SessionDep, current_user: CurrentUser
) -> User:
    """Signed-in callers only: an anonymous one learns nothing, not even who exists (401)."""
    if username.lower() == current_user.username.lower():
        return current_user  # usernames are ASCII: lower() is their case rule
    user = crud.get_user_by_username(session=session, username=username)
    if user is None:
        raise NotFound("User not found")
    return user


UserByUsername = Annotated[User, Depends(get_user_by_username)]
