from fastapi import APIRouter

from app import crud
from app.api.deps import CurrentUser, Limit, SessionDep, Skip
from app.models import (
    Message,
    NotificationsPublic,
    NotificationsRead,
    ReadByIds,
    UnreadCount,
)

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("/", response_model=NotificationsPublic)
def read_notifications(
    session: SessionDep,
    current_user: CurrentUser,
    unread_only: bool = False,
    skip: Skip = 0,
    limit: Limit = 100,
) -> NotificationsPublic:
    """The caller's notifications, newest first."""
    data, count = crud.read_notifications(
        session=session,
        user_id=current_user.id,
        unread_only=unread_only,
        skip=skip,
        limit=limit,
    )
    return NotificationsPublic(data=data, count=count)


@router.get("/unread-count", response_model=UnreadCount)
def read_unread_count(current_user: CurrentUser) -> UnreadCount:
    """How many of the caller's notifications are unread (cheap enough to poll)."""
    # No statement of its own: a trigger keeps the count on the user's row, which the token
    # check has just read (in the same trip to the threadpool).
    return UnreadCount(count=current_user.unread_notifications)


@router.post("/read", response_model=Message)
def mark_notifications_read(
    session: SessionDep, current_user: CurrentUser, body: NotificationsRead
) -> Message:
    """Mark the caller's notifications as read: `{"ids": [...]}` or `{"all": true}`."""
    ids = body.ids if isinstance(body, ReadByIds) else None
    marked = crud.mark_read(session=session, user_id=current_user.id, ids=ids)
    return Message(message=f"{marked} marked as read")
